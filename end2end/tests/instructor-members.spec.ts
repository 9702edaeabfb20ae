import { expect, test } from "@playwright/test";
import path from "node:path";
import { InstructorDashboard } from "./pages/instructor";
import { unique } from "./pages/api";

test("an instructor adds members, imports a CSV file with a report of rejected rows and removes one", async ({ page }) => {
  const dashboard = new InstructorDashboard(page);
  const slug = unique("members");
  await dashboard.signUp(`${slug}@example.com`, "correct horse battery");
  await dashboard.saveStudio("Members Studio", slug, "Europe/Dublin");
  await dashboard.open("/dashboard/members");

  await page.getByLabel("Name", { exact: true }).fill("Ada Lovelace");
  await page.getByLabel("Email", { exact: true }).fill("Ada@Example.com");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Member added." })).toBeVisible();
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.locator("#email-error")).toHaveText("This email is already on your member list.");
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("Ada@Example.com");

  await page.getByLabel("CSV file").setInputFiles(path.join(__dirname, "fixtures", "members.csv"));
  await expect(page.getByLabel("Rows to import")).toHaveValue(/Grace Hopper;grace@example.com/);
  await page.getByRole("button", { name: "Import members" }).click();
  const report = page.getByRole("status").filter({ hasText: "Imported" });
  await expect(report).toContainText("Imported 2 new members. 1 already on the list, 1 rejected.");
  const rejected = page.getByRole("table", { name: "Rejected rows" });
  await expect(rejected.getByRole("row").nth(1)).toContainText("4");
  await expect(rejected.getByRole("row").nth(1)).toContainText("No Email;");

  const list = page.getByRole("region", { name: "Member list" });
  await expect(list.getByRole("row")).toHaveCount(4);
  await expect(list.getByRole("row").nth(1)).toContainText("Ada Lovelace");
  await expect(list.getByRole("row").nth(3)).toContainText("Turing; Alan");
  await page.getByRole("button", { name: "Remove Grace Hopper (grace@example.com)" }).click();
  await expect(list.getByRole("row")).toHaveCount(3);
  await expect(list).not.toContainText("Grace Hopper");
});
