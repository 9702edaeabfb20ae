import { expect, test } from "@playwright/test";
import { bookedByCheck } from "./pages/api";

test("a student opens their invoice on the narrowest phone and reads it without scrolling sideways", async ({ page, baseURL }) => {
  const { setup, bookingId } = await bookedByCheck(page.request, baseURL ?? "", "phone-invoice");
  await setup.call("save_invoice_details", { address: "12 Rue Oberkampf\n75011 Paris", contact: "hello@maple.example" });
  await setup.call("record_payment", { id: bookingId, amount: "30", method: "check", note: "no. 1042" });
  const detail = await (await setup.call("booking_detail", { id: bookingId })).json();
  const path = detail.invoices[0][1] as string;

  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(path);
  await expect(page.getByRole("heading", { name: "Invoice 00001" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Balance due/ })).toContainText("$0.00");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.screenshot({ path: test.info().outputPath("invoice-320.png"), fullPage: true });
});
