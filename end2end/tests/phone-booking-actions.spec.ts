import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { InstructorDashboard, isoDateIn } from "./pages/instructor";
import { waitForHydration } from "./pages/hydration";
import { Mailbox } from "./pages/mailbox";

test("the instructor rejects, cancels and moves bookings from a phone", async ({ page, baseURL }) => {
  const slug = unique("actions");
  const setup = await StudioSetup.signUpWith(page.request, `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  await setup.offerings("UTC", { pay_by_check: "on" });
  const lesson = await setup.sessionType("Lesson", 1);
  await setup.openEveryDay("09:00-17:00");
  const date = isoDateIn("UTC", 3);
  const guest = await StudioSetup.anonymous(baseURL ?? "");
  const cara = `${slug}-cara@example.com`;
  const dashboard = new InstructorDashboard(page);
  await guest.bookAsGuest(slug, lesson, `${date}T09:00:00Z`, "Ann Pending", `${slug}-ann@example.com`, { payment_method: "by_check" });
  await guest.bookAsGuest(slug, lesson, `${date}T10:00:00Z`, "Ben Cancel", `${slug}-ben@example.com`, { payment_method: "at_session" });
  await guest.bookAsGuest(slug, lesson, `${date}T11:00:00Z`, "Cara Move", cara, { payment_method: "at_session" });


  await test.step("reject the pending booking", async () => {
    await dashboard.openBooking("Ann Pending");
    await page.getByLabel("Message to the student (optional)").first().fill("No check arrived.");
    await page.getByRole("button", { name: "Reject booking" }).click();
    await expect(page.locator(".confirmation .badge")).toHaveText("Rejected");
  });

  await test.step("cancel a confirmed booking with a message", async () => {
    await dashboard.openBooking("Ben Cancel");
    await page.getByLabel("Message to the student (optional)").fill("The studio is closed that day.");
    await page.getByRole("button", { name: "Cancel booking" }).click();
    await expect(page.locator(".confirmation .badge")).toHaveText("Cancelled");
  });

  await test.step("move a booking to a free time", async () => {
    await dashboard.openBooking("Cara Move");
    await page.goto(`${new URL(page.url()).pathname}?month=${date.slice(0, 7)}&date=${date}`);
    await waitForHydration(page);
    await page.getByRole("button", { name: "Move to 15:00" }).click();
    await expect(page.locator('dt:text-is("When") + dd')).toContainText("15:00–16:00");
    const text = await new Mailbox().latestTo(cara, "Moved: Lesson");
    expect(text).toContain("Your booking moved");
  });

  await page.goto("/dashboard/bookings?view=agenda&range=day&date=" + date);
  await expect(page.getByRole("heading", { level: 3 })).toBeVisible();
  await expect(page.locator(".agenda-items li")).toHaveCount(1);
  await expect(page.locator(".agenda-items")).toContainText("Cara Move");
  await guest.dispose();
});
