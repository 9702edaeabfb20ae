import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { waitForHydration } from "./pages/hydration";

test("the dashboard navigation marks the page the instructor is on", async ({ page }) => {
  const slug = unique("nav");
  const setup = await StudioSetup.signUpWith(page.request, `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  const id = await setup.sessionType("Lesson", 1);
  const nav = page.getByRole("navigation", { name: "Dashboard" });
  for (const [path, current] of [
    ["/dashboard", "Studio"],
    ["/dashboard/session-types", "Session types"],
    [`/dashboard/session-types/${id}`, "Session types"],
    ["/dashboard/availability", "Availability"],
    ["/dashboard/bookings", "Bookings"],
    ["/dashboard/payments", "Payments"],
    ["/dashboard/settings", "Settings"],
    ["/dashboard/settings/payments", "Settings"],
  ] as const) {
    await page.goto(path);
    await waitForHydration(page);
    await expect(nav.getByRole("link", { name: current, exact: true })).toHaveAttribute("aria-current", "page");
    await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
  }
});
