import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { InstructorDashboard } from "./pages/instructor";
import { Mailbox } from "./pages/mailbox";

test("an instructor words a session type's confirmation, previews it, saves it, and the next student gets it", async ({ page, baseURL }) => {
  const slug = unique("wording");
  const setup = await StudioSetup.signUpWith(page.request, `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  const typeId = await setup.sessionType("Pottery taster", 1);
  await setup.openEveryDay("09:00-17:00");

  const dashboard = new InstructorDashboard(page);
  await dashboard.open(`/dashboard/session-types/${typeId}`);
  await page.getByRole("link", { name: "Emails to students" }).click();
  await expect(page.getByRole("heading", { name: "Emails to students of Pottery taster" })).toBeVisible();
  await expect(page.getByLabel("Subject")).toHaveValue("Booked: {session_name} on {date}");

  await page.getByLabel("Subject").fill("Hi {studnet_name}");
  await page.getByRole("button", { name: "Save email" }).click();
  await expect(page.locator("#subject-error")).toContainText("There is no placeholder {studnet_name}.");
  await expect(page.getByLabel("Subject")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Subject").fill("Your {session_name} is booked, {student_name}");
  await page.getByLabel("Message").fill("Dear {student_name},\n\nPlease bring an apron to {location}.");
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.locator(".preview-subject")).toHaveText("Your Pottery taster is booked, Ada Lovelace");
  await expect(preview.locator(".preview-text")).toContainText("Please bring an apron to Room 2.");
  await page.screenshot({ path: test.info().outputPath("email-preview.png"), fullPage: true });

  await page.getByRole("button", { name: "Save email" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved: students now get this email." })).toBeVisible();
  await expect(page.getByRole("link", { name: "Booking confirmation (yours)" })).toBeVisible();

  const student = await StudioSetup.anonymous(baseURL ?? "");
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
  const [start] = await student.freeStarts(slug, typeId, tomorrow);
  const studentEmail = `${slug}-ada@example.com`;
  await student.bookAsGuest(slug, typeId, start, "Grace", studentEmail);
  await student.dispose();
  const confirmation = await new Mailbox().latestEmailTo(studentEmail, "Your Pottery taster is booked, Grace");
  expect(confirmation.text).toContain("Please bring an apron to Room 2.");
  expect(confirmation.text).toContain(`${baseURL}/booking/`);
});
