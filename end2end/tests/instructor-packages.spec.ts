import { expect, test } from "@playwright/test";
import { InstructorDashboard } from "./pages/instructor";
import { unique } from "./pages/api";

test("an instructor offers two packages on a session type and a bad price is shown at its field", async ({ page }) => {
  const dashboard = new InstructorDashboard(page);
  const slug = unique("packages");
  await dashboard.signUp(`${slug}@example.com`, "correct horse battery");
  await dashboard.saveStudio("Packages Studio", slug, "UTC");
  await dashboard.open("/dashboard/session-types");
  await dashboard.fillSessionType({ name: "Portrait", price: "100" });
  await dashboard.addPackage(1, { name: "5 photos", price: "150", included: "5 edited photos" });
  await dashboard.addPackage(2, { name: "All photos", price: "two hundred", description: "Every photo of the session." });
  await page.getByRole("button", { name: "Create session type" }).click();

  const second = dashboard.package(2);
  await expect(second.getByText("Enter the price as a number")).toBeVisible();
  await second.getByLabel("Package price").fill("250");
  await page.getByRole("button", { name: "Create session type" }).click();
  await expect(page.getByRole("status")).toContainText("Session type created.");

  await dashboard.open("/dashboard/session-types");
  await expect(dashboard.sessionTypeCard("Portrait")).toContainText("From $150.00");
  await dashboard.cardAction("Portrait", "Edit");
  await expect(dashboard.package(1).getByLabel("Package name")).toHaveValue("5 photos");
  await expect(dashboard.package(1).getByLabel("What is included, one a line (optional)")).toHaveValue("5 edited photos");
  await expect(dashboard.package(2).getByLabel("Package price")).toHaveValue("250.00");
  await page.screenshot({ path: test.info().outputPath("packages-editor.png"), fullPage: true });
});
