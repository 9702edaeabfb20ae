import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { isoDateIn } from "./pages/instructor";
import { waitForHydration } from "./pages/hydration";

test("a student reschedules and then cancels through the booking's signed link", async ({ page, baseURL }) => {
  const slug = unique("self");
  const setup = await StudioSetup.signUp(baseURL ?? "", `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  const lesson = await setup.sessionType("Lesson", 1, { change_cutoff_hours: "24" });
  await setup.openEveryDay("09:00-12:00");
  const date = isoDateIn("UTC", 3);
  const guest = await StudioSetup.anonymous(baseURL ?? "");
  const path = await guest.bookAsGuest(slug, lesson, `${date}T09:00:00Z`, "Ada", "ada@example.com");

  await page.goto(path);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download calendar file (.ics)" })).toHaveAttribute("href", `${path}/calendar.ics`);
  await expect(page.getByRole("link", { name: "Add to Google Calendar" })).toHaveAttribute("href", /calendar\.google\.com/);

  await page.getByRole("link", { name: "Reschedule" }).click();
  await expect(page.getByRole("heading", { name: "Pick a new time" })).toBeVisible();
  await page.goto(`${path}/reschedule?date=${date}`);
  await waitForHydration(page);
  await page.getByRole("button", { name: /^11:00/ }).click();
  await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  await expect(page.locator('dt:text-is("Time") + dd')).toContainText("11:00–12:00");
  expect(await setup.freeStarts(slug, lesson, date)).toContain(`${date}T09:00:00Z`);

  await page.getByRole("button", { name: "Cancel booking" }).click();
  await expect(page.getByRole("heading", { name: "Booking cancelled" })).toBeVisible();
  expect(await setup.freeStarts(slug, lesson, date)).toContain(`${date}T11:00:00Z`);
  await setup.dispose();
  await guest.dispose();
});
