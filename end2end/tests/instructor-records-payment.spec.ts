import { expect, test } from "@playwright/test";
import { bookedByCheck } from "./pages/api";
import { InstructorDashboard } from "./pages/instructor";

test("an instructor records a check on a pending booking, which confirms it and keeps the balance", async ({ page, baseURL }) => {
  const { bookingId } = await bookedByCheck(page.request, baseURL ?? "", "check");

  const dashboard = new InstructorDashboard(page);
  await dashboard.open(`/dashboard/bookings/${bookingId}`);
  const status = page.locator('dt:text-is("Status") + dd');
  await expect(status).toHaveText("Payment pending");
  const record = page.getByRole("region", { name: "Record a payment received" });
  const amount = record.getByLabel("Amount received");
  await expect(amount).toHaveValue("30.00");

  await amount.fill("30.01");
  await record.getByRole("button", { name: "Record payment and confirm" }).click();
  await expect(page.locator("#received-amount-error")).toHaveText("That is more than the $30.00 still owed.");
  await expect(amount).toHaveAttribute("aria-invalid", "true");

  await amount.fill("20");
  await record.getByLabel("Check").check();
  await record.getByLabel("Note (optional)").fill("no. 1042");
  await record.getByRole("button", { name: "Record payment and confirm" }).click();

  await expect(status).toHaveText("Confirmed");
  const money = page.getByRole("region", { name: "Payments and refunds" });
  await expect(money).toContainText("$20.00 (no. 1042)");
  await expect(money).toContainText("Still owed");
  await expect(money).toContainText("$10.00");
  await expect(amount).toHaveValue("10.00");
  await expect(record.getByRole("button", { name: "Record payment" })).toBeVisible();
  await expect(record.getByLabel("Note (optional)"), "the next payment starts blank").toHaveValue("");
  await expect(record.getByLabel("Cash")).toBeChecked();
  await page.screenshot({ path: test.info().outputPath("check-recorded.png"), fullPage: true });
});
