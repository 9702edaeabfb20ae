import { expect, test } from "@playwright/test";
import { InstructorDashboard } from "./pages/instructor";
import { unique } from "./pages/api";

test("dashboard forms name each bad field and keep what was typed", async ({ page }) => {
  const dashboard = new InstructorDashboard(page);
  const slug = unique("typo");
  await dashboard.signUp(`${slug}@example.com`, "correct horse battery");

  await dashboard.open("/dashboard");
  await page.getByLabel("Studio name").fill("   ");
  await page.getByLabel("Booking page address").fill(slug);
  await page.getByLabel("Time zone").fill("Mars/Olympus_Mons");
  await page.getByRole("button", { name: "Save studio" }).click();
  await expect(page.locator("#name-error")).toHaveText("Studio name is required.");
  await expect(page.locator("#timezone-error")).toContainText("is not an IANA time zone name");
  await expect(page.getByLabel("Time zone")).toHaveValue("Mars/Olympus_Mons");

  await dashboard.saveStudio("Typo Studio", slug, "Europe/Berlin");
  await dashboard.open("/dashboard/session-types");
  await dashboard.fillSessionType({ name: "", price: "-5", capacity: "0" });
  await page.getByRole("button", { name: "Create session type" }).click();
  await expect(page.locator("#name-error")).toHaveText("Session name is required.");
  await expect(page.locator("#price-error")).toHaveText("Price cannot be negative.");
  await expect(page.locator("#capacity-error")).toContainText("from 1 (private)");
  await expect(page.getByLabel("Price", { exact: true })).toHaveValue("-5");
  await expect(page.getByText("No session types yet.")).toBeVisible();
});
