import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { StudentBooking } from "./pages/student";
import { shortHoldPort, shortHoldSeconds } from "../ports";

const shortHoldServer = `http://127.0.0.1:${shortHoldPort}`;
test.use({ baseURL: shortHoldServer });

test("a hold counts down, survives a reload, and when it runs out the seat is released", async ({ page, browser }) => {
  const slug = unique("hold");
  const setup = await StudioSetup.signUp(shortHoldServer, `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  await setup.sessionType("Portrait mini", 1);
  await setup.openEveryDay("09:00-17:00");

  const student = new StudentBooking(page);
  await student.openStudio(slug);
  await student.chooseSessionType("Portrait mini");
  await student.chooseFirstDayWithRoom();
  const chosen = await student.chooseFirstSlot();
  await expect(student.timeLeft()).toHaveText(/^0:[0-2]\d$/);
  const first = (await student.timeLeft().textContent()) ?? "";
  await expect(student.timeLeft()).not.toHaveText(first);

  await test.step("another student does not get the held time", async () => {
    const other = await browser.newContext({ baseURL: shortHoldServer, viewport: { width: 390, height: 844 } });
    const otherStudent = new StudentBooking(await other.newPage());
    await otherStudent.openStudio(slug);
    await otherStudent.chooseSessionType("Portrait mini");
    await otherStudent.chooseFirstDayWithRoom();
    await expect(otherStudent.page.locator(`button[value="${chosen.start}"]`)).toHaveCount(0);
    await other.close();
  });

  await page.reload();
  await expect(page.getByRole("heading", { name: "Your details" })).toBeVisible();

  await expect(page.getByRole("alert")).toContainText("Your hold ran out", { timeout: (shortHoldSeconds + 5) * 1000 });
  await expect(page.getByRole("button", { name: "Confirm booking" })).toBeDisabled();
  await page.getByRole("link", { name: "Pick a time again" }).first().click();
  await student.chooseFirstDayWithRoom();
  await expect(page.locator(`button[value="${chosen.start}"]`)).toHaveCount(1);
  await setup.dispose();
});
