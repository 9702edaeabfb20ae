import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { StudentBooking } from "./pages/student";

test("a group slot counts down its seats and disappears when full", async ({ page, baseURL }) => {
  const slug = unique("group");
  const setup = await StudioSetup.signUp(baseURL!, `${slug}@example.com`);
  await setup.studio(slug, "Europe/Berlin");
  await setup.sessionType("Small group", 2);
  await setup.openEveryDay("10:00-12:00");
  await setup.dispose();

  const student = new StudentBooking(page);
  const bookFirstSlot = async (name: string) => {
    await student.openStudio(slug);
    await student.chooseSessionType("Small group");
    await student.chooseFirstDayWithRoom();
    const slot = await student.chooseFirstSlot();
    await student.enterDetails(name, `${name.toLowerCase()}@example.com`);
    await student.confirm();
    await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
    return slot;
  };

  const first = await bookFirstSlot("Ada");
  await student.openStudio(slug);
  await student.chooseSessionType("Small group");
  await student.chooseFirstDayWithRoom();
  await expect(student.slots().first()).toContainText("1 seat left");
  expect(await student.slots().first().getAttribute("value")).toBe(first.start);

  const second = await bookFirstSlot("Grace");
  expect(second.start).toBe(first.start);
  await student.openStudio(slug);
  await student.chooseSessionType("Small group");
  await student.chooseFirstDayWithRoom();
  await expect(page.locator(`a[href*="start=${first.start}"]`)).toHaveCount(0);
});
