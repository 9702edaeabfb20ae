import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { waitForHydration } from "./pages/hydration";
import { MiniSessionOverview } from "./pages/mini";

test("an instructor opens a date's roster with each client's payment and forms, and prints it without the dashboard around it", async ({ page, baseURL }) => {
  const slug = unique("roster");
  const setup = await StudioSetup.signUpWith(page.request, `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  await setup.offerings("UTC");
  const date = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
  const mini = await setup.sharedMini("Fall minis", date, 3);
  const overview = await (await setup.call("mini_overview", { id: String(mini) })).json();
  const share = new URL(overview.share_url).searchParams.get("share") ?? "";
  const guest = await StudioSetup.anonymous(baseURL ?? "");
  await guest.bookAsGuest(slug, mini, `${date}T09:30:00Z`, "Maya Jones", "maya@example.com", { share });
  await guest.dispose();

  await page.goto(`/dashboard/minis/${mini}`);
  await waitForHydration(page);
  const minis = new MiniSessionOverview(page);
  await minis.openRoster(minis.date(/^\w+ \d+ \w+ \d{4}$/).first());
  const booked = page.getByRole("row", { name: /^2 · 09:30–09:50 UTC/ });
  await expect(booked.getByRole("link", { name: "Maya Jones" })).toBeVisible();
  await expect(booked).toContainText("None asked");
  await expect(booked).toContainText("Confirmed");
  await expect(page.getByRole("row", { name: /^1 · 09:00–09:20 UTC/ })).toContainText("Open");
  await page.screenshot({ path: test.info().outputPath("mini-roster.png"), fullPage: true });

  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Dashboard" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Print roster" })).toBeHidden();
  await expect(booked).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("mini-roster-print.png"), fullPage: true });

  await booked.getByRole("link", { name: "Maya Jones" }).click();
  await expect(page).toHaveURL(/\/dashboard\/bookings\/\d+$/);
});
