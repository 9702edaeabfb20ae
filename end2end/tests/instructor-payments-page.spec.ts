import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { StudioSetup, bookedByCheck, unique } from "./pages/api";
import { InstructorDashboard } from "./pages/instructor";

test("an instructor sees the day's payments with their totals, filters them and downloads them as CSV", async ({ page, baseURL }) => {
  const { setup, bookingId: id } = await bookedByCheck(page.request, baseURL ?? "", "books");
  await setup.call("record_payment", { id, amount: "20", method: "check", note: "no. 1042" });
  await setup.call("record_payment", { id, amount: "10", method: "cash", note: "" });

  const dashboard = new InstructorDashboard(page);
  await dashboard.open("/dashboard/payments");
  const totals = page.getByRole("table", { name: "In these days" });
  await expect(totals.getByRole("row").nth(1)).toContainText("$30.00");
  const entries = page.getByRole("region", { name: "Payments and refunds" });
  await expect(entries.getByRole("row")).toHaveCount(3);
  await expect(entries).toContainText("no. 1042");
  await expect(entries.getByRole("link", { name: "Ada Lovelace" }).first()).toHaveAttribute("href", `/dashboard/bookings/${id}`);
  await page.screenshot({ path: test.info().outputPath("payments-page.png"), fullPage: true });

  await page.getByLabel("Kind").selectOption({ label: "Cash" });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/kind=cash/);
  await expect(entries.getByRole("row")).toHaveCount(2);
  await expect(totals.getByRole("row").nth(1)).toContainText("$10.00");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const file = await (await download).path();
  const csv = await readFile(file, "utf8");
  const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toContain("Date,Time,Type,Amount,Currency");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(",Cash,10.00,USD,Ada Lovelace,ada@example.com,Lesson,");
});

test("the payments page names a backwards date range at its field", async ({ page }) => {
  const slug = unique("books-bad");
  const setup = await StudioSetup.signUpWith(page.request, `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  const dashboard = new InstructorDashboard(page);
  await dashboard.open("/dashboard/payments");
  await expect(page.getByText("No payments or refunds in these days.")).toBeVisible();
  await page.getByLabel("From").fill("2026-03-10");
  await page.getByLabel("To").fill("2026-03-01");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.locator("#to-error")).toHaveText("The end date must not be before the start date.");
  await expect(page.getByLabel("To")).toHaveAttribute("aria-invalid", "true");
});
