import { expect, test } from "@playwright/test";
import { bookedByCheck } from "./pages/api";
import { InstructorDashboard } from "./pages/instructor";

test("an instructor heads invoices with the studio's address, opens a payment's invoice and prints it", async ({ page, baseURL }) => {
  const { setup, bookingId } = await bookedByCheck(page.request, baseURL ?? "", "invoice");
  const dashboard = new InstructorDashboard(page);
  await dashboard.open("/dashboard/settings");
  const invoices = page.getByRole("group", { name: "Invoices" });
  await invoices.getByLabel("Address").fill("12 Rue Oberkampf\n75011 Paris");
  await invoices.getByLabel("Contact").fill("hello@maple.example");
  await page.getByRole("button", { name: "Save invoice details" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invoice details saved." })).toBeVisible();

  await setup.call("record_payment", { id: bookingId, amount: "30", method: "check", note: "no. 1042" });
  await dashboard.open(`/dashboard/bookings/${bookingId}`);
  const popup = page.waitForEvent("popup");
  await page.getByRole("link", { name: "Invoice 00001 · payment $30.00" }).click();
  const invoice = await popup;
  await expect(invoice.getByRole("heading", { name: "Invoice 00001" })).toBeVisible();
  await expect(invoice.getByText("75011 Paris")).toBeVisible();
  await expect(invoice.getByRole("row", { name: /Check \(no\. 1042\)/ })).toContainText("$30.00");
  await expect(invoice.getByRole("row", { name: /Balance due/ })).toContainText("$0.00");
  await expect(invoice.getByRole("button", { name: "Print or save as PDF" })).toBeVisible();

  await invoice.emulateMedia({ media: "print" });
  await expect(invoice.getByRole("button", { name: "Print or save as PDF" }), "the button stays off the paper").toBeHidden();
  await expect(invoice.getByRole("heading", { name: "Invoice 00001" })).toBeVisible();
  await invoice.screenshot({ path: test.info().outputPath("invoice-print.png"), fullPage: true });
  const pdf = await invoice.pdf({ format: "A4" });
  expect(pdf.length).toBeGreaterThan(1000);
});
