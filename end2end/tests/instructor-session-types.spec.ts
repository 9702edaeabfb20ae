import { expect, test } from "@playwright/test";
import { InstructorDashboard } from "./pages/instructor";
import { StudentBooking } from "./pages/student";
import { unique } from "./pages/api";

test("an instructor edits, duplicates, pauses and archives a session type", async ({ page, browser, baseURL }) => {
  const dashboard = new InstructorDashboard(page);
  const slug = unique("manage");
  await dashboard.signUp(`${slug}@example.com`, "correct horse battery");
  await dashboard.saveStudio("Manage Studio", slug, "Europe/Berlin");
  await dashboard.createSessionType({ name: "Trial lesson", price: "30", status: "Active", buffer: "15 min" });

  await dashboard.cardAction("Trial lesson", "Edit");
  await expect(page.getByLabel("Session name")).toHaveValue("Trial lesson");
  await page.getByText("Advanced settings").click();
  await expect(page.getByLabel("Buffer time")).toHaveValue("15");
  await page.getByLabel("Session name").fill("Intro lesson");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toContainText("Changes saved.");

  await dashboard.open("/dashboard/session-types");
  await dashboard.cardAction("Intro lesson", "Duplicate");
  await expect(dashboard.sessionTypeCard("Copy of Intro lesson")).toContainText("Draft");

  const studentContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const student = new StudentBooking(await studentContext.newPage());
  await student.openStudio(slug);
  await expect(student.page.getByRole("link", { name: "Book Intro lesson" })).toBeVisible();
  await expect(student.page.getByText("Copy of Intro lesson")).toHaveCount(0);

  await dashboard.cardAction("Intro lesson", "Pause");
  await expect(dashboard.sessionTypeCard("Intro lesson")).toContainText("Paused");
  await student.openStudio(slug);
  await expect(student.page.getByText("Nothing is open for booking right now.")).toBeVisible();

  await dashboard.cardAction("Intro lesson", "Archive");
  await dashboard.filterByStatus("Archived");
  await expect(dashboard.sessionTypeCard("Intro lesson")).toContainText("Archived");
  await expect(dashboard.sessionTypeCard("Copy of Intro lesson")).toHaveCount(0);
  await studentContext.close();
});
