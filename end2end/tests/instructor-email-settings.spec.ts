import { expect, test } from "@playwright/test";
import { InstructorDashboard } from "./pages/instructor";
import { unique } from "./pages/api";

test("an instructor sets where booking emails reach them, with a clear message for a bad address", async ({ page }) => {
  const dashboard = new InstructorDashboard(page);
  const slug = unique("emails");
  await dashboard.signUp(`${slug}@example.com`, "correct horse battery");
  await dashboard.saveStudio("Email Studio", slug, "Europe/Paris");
  await dashboard.open("/dashboard/settings");
  await expect(page.getByText(`Leave it blank to use your account's email, ${slug}@example.com.`)).toBeVisible();

  await page.getByLabel("Contact email").fill("desk at studio");
  await page.getByRole("button", { name: "Save email settings" }).click();
  await expect(page.locator("#contact_email-error")).toHaveText("Enter an email address like name@example.com.");
  await expect(page.getByLabel("Contact email")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Contact email").fill("Desk@Studio.example");
  await page.getByLabel("Send the survey this many hours after the end").fill("soon");
  await page.getByLabel("Hours after booking").fill("1, tomorrow");
  await page.getByRole("button", { name: "Save email settings" }).click();
  await expect(page.locator("#survey_delay_hours-error")).toHaveText("Enter a whole number of hours from 0 to 168 (a week).");
  await expect(page.locator("#nudge_after_booking-error")).toContainText('"tomorrow" is not a number of hours');

  await page.getByLabel("Send the survey this many hours after the end").fill("24");
  await page.getByLabel("Hours after booking").fill("2, 48");
  await page.getByLabel("Remind me too, a day and an hour before each session").check();
  await page.getByRole("button", { name: "Save email settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Email settings saved." })).toBeVisible();

  await dashboard.open("/dashboard/settings");
  await expect(page.getByLabel("Contact email")).toHaveValue("desk@studio.example");
  await expect(page.getByLabel("Remind me too, a day and an hour before each session")).toBeChecked();
  await expect(page.getByLabel("Send the survey this many hours after the end")).toHaveValue("24");
  await expect(page.getByLabel("Hours after booking")).toHaveValue("2, 48");
});
