import { expect, test } from "@playwright/test";
import { EVERY_DAY, InstructorDashboard, isoDateIn, previewLabel } from "./pages/instructor";
import { unique } from "./pages/api";

test("an instructor copies Monday's hours to other days and saves the week", async ({ page }) => {
  const dashboard = new InstructorDashboard(page);
  const slug = unique("copy");
  await dashboard.signUp(`${slug}@example.com`, "correct horse battery");
  await dashboard.saveStudio("Copy Studio", slug, "Europe/Berlin");
  await dashboard.open("/dashboard/availability");

  await page.getByLabel("Monday", { exact: true }).fill("08:00-10:00, 11:00-12:00");
  await dashboard.copyDayTo("Monday", ["Tuesday", "Thursday"]);
  await expect(page.getByText("Copied to Tuesday, Thursday. Save hours to keep it.")).toBeVisible();
  await page.getByRole("button", { name: "Save hours" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Hours saved." })).toBeVisible();

  await dashboard.open("/dashboard/availability");
  await expect(page.getByLabel("Tuesday", { exact: true })).toHaveValue("08:00-10:00, 11:00-12:00");
  await expect(page.getByLabel("Thursday", { exact: true })).toHaveValue("08:00-10:00, 11:00-12:00");
  await expect(page.getByLabel("Wednesday", { exact: true })).toHaveValue("");
});

test("a closed date and a date with other hours show in the two-week preview", async ({ page }) => {
  const dashboard = new InstructorDashboard(page);
  const slug = unique("override");
  const zone = "America/New_York";
  await dashboard.signUp(`${slug}@example.com`, "correct horse battery");
  await dashboard.saveStudio("Override Studio", slug, zone);
  await dashboard.createSessionType({ name: "Lesson", price: "40", status: "Active" });
  await dashboard.setWeeklyHours(EVERY_DAY("09:00-12:00"));

  const closed = isoDateIn(zone, 3);
  const shortened = isoDateIn(zone, 4);
  await expect(dashboard.previewDay(previewLabel(closed))).toContainText("09:00");
  await dashboard.closeDate(closed);
  await expect(dashboard.previewDay(previewLabel(closed))).toContainText("No slots");

  await dashboard.setDateHours(shortened, "15:00-16:00");
  await expect(dashboard.previewDay(previewLabel(shortened))).toContainText("15:00");
  await expect(dashboard.previewDay(previewLabel(shortened))).not.toContainText("09:00");

  const overrides = page.getByRole("region", { name: "Date overrides" });
  await page.getByRole("button", { name: /^Remove the override on / }).first().click();
  await expect(overrides.getByRole("button", { name: /^Remove the override on / })).toHaveCount(1);
  await expect(dashboard.previewDay(previewLabel(closed))).toContainText("09:00");
});
