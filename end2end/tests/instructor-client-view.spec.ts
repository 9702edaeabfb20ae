import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { waitForHydration } from "./pages/hydration";
import { MiniSessionOverview } from "./pages/mini";
import { StudentBooking } from "./pages/student";

test("an instructor goes through a mini's booking steps in Client View: a marked preview that frees its spot", async ({ page, baseURL }) => {
  const slug = unique("clientview");
  const setup = await StudioSetup.signUpWith(page.request, `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  await setup.offerings("UTC");
  const date = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
  const mini = await setup.sharedMini("Fall minis", date, 3);
  await page.goto(`/dashboard/minis/${mini}`);
  await waitForHydration(page);
  const overview = new MiniSessionOverview(page);

  const tab = await overview.openClientView();
  await expect(tab.getByRole("status").filter({ hasText: /^Preview: / })).toBeVisible();
  const client = new StudentBooking(tab);
  await client.chooseFirstDayWithRoom();
  await client.chooseSlot(client.slots().first());
  await expect(tab.getByRole("status").filter({ hasText: /^Preview: / })).toBeVisible();

  await page.reload();
  const day = overview.date(/^\w+ \d+ \w+ \d{4}$/).first();
  await expect(overview.spotStatus(day, 1)).toHaveText("Booking…");

  await client.enterDetails("Test Client", "test@example.com");
  await client.confirm();
  await expect(tab.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  await expect(tab.getByRole("status").filter({ hasText: /^Preview booking: / })).toBeVisible();
  await expect(tab.getByRole("button", { name: "Cancel booking" })).toHaveCount(0);
  await tab.screenshot({ path: test.info().outputPath("client-view-preview-booked.png"), fullPage: true });

  await page.reload();
  await expect(overview.spotStatus(overview.date(/^\w+ \d+ \w+ \d{4}$/).first(), 1)).toHaveText("Open");
  await page.goto("/dashboard/bookings?status=cancelled");
  await expect(page.getByRole("row", { name: /Test Client/ }).getByText("Preview, not a sale")).toBeVisible();
  void baseURL;
});
