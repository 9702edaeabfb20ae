import { expect, test } from "@playwright/test";
import { InstructorDashboard } from "./pages/instructor";
import { StudentBooking } from "./pages/student";
import { unique } from "./pages/api";

test("Personal Sessions off hide from the navigation and students; off the landing page they stay one link away", async ({ page, browser, baseURL }) => {
  const dashboard = new InstructorDashboard(page);
  const slug = unique("offer");
  await dashboard.signUp(`${slug}@example.com`, "correct horse battery");
  await dashboard.saveStudio("Offer Studio", slug, "Asia/Tokyo");
  await dashboard.createSessionType({ name: "Calligraphy", price: "20", status: "Active" });
  const nav = page.getByRole("navigation", { name: "Dashboard" });
  await expect(nav.getByRole("link", { name: "Availability" })).toBeVisible();

  const settings = { showOnLanding: true, defaultAccess: "Public", timezone: "Asia/Tokyo", currency: "USD", payAtSession: true, payByCheck: false } as const;
  await dashboard.saveSettings({ ...settings, personalSessions: false });
  await expect(nav.getByRole("link", { name: "Session types" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Availability" })).toHaveCount(0);

  const studentContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const student = new StudentBooking(await studentContext.newPage());
  await student.openStudio(slug);
  await expect(student.page.getByText("Nothing is open for booking right now.")).toBeVisible();

  await dashboard.saveSettings({ ...settings, personalSessions: true, showOnLanding: false });
  await expect(nav.getByRole("link", { name: "Session types" })).toBeVisible();
  await student.openStudio(slug);
  await expect(student.page.getByRole("link", { name: "Book Calligraphy" })).toHaveCount(0);
  await student.page.getByRole("link", { name: "See sessions and book" }).click();
  await expect(student.page.getByRole("link", { name: "Book Calligraphy" })).toBeVisible();
  await studentContext.close();
});
