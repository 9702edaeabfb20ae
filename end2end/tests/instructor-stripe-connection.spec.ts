import { expect, test } from "@playwright/test";
import { InstructorDashboard } from "./pages/instructor";
import { unique } from "./pages/api";
import { stripeSecretKey } from "../ports";

test("an instructor connects Stripe with keys the emulator accepts, after a refused key is named at its field", async ({ page }) => {
  const dashboard = new InstructorDashboard(page);
  const slug = unique("stripe");
  await dashboard.signUp(`${slug}@example.com`, "correct horse battery");
  await dashboard.saveStudio("Card Studio", slug, "Europe/Paris");
  await dashboard.open("/dashboard/settings/payments");
  await expect(page.getByRole("heading", { name: "Connect Stripe" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Webhook endpoint address" })).toHaveValue(/\/stripe\/webhook\/\d+$/);

  await page.getByLabel("Publishable key").fill("pk_test_bookable");
  await page.getByLabel("Secret key").fill("sk_test_revokedKey9876");
  await page.getByLabel("Webhook signing secret").fill("whsec_bookableSigningSecret");
  await page.getByRole("button", { name: "Connect and test" }).click();
  await expect(page.locator("#secret_key-error")).toContainText("Stripe refused this key: Invalid API Key provided: sk_test_");
  await expect(page.getByLabel("Secret key")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Secret key").fill(stripeSecretKey);
  await page.getByRole("button", { name: "Connect and test" }).click();
  await expect(page.getByRole("heading", { name: "Stripe is connected" })).toBeVisible();
  await expect(page.getByText("sk_test_…able")).toBeVisible();
  await expect(page.getByText(stripeSecretKey, { exact: true })).toHaveCount(0);

  await page.getByRole("button", { name: "Test the connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Stripe accepted the secret key sk_test_…able (test mode)." })).toBeVisible();

  await page.getByRole("button", { name: "Disconnect Stripe" }).click();
  await expect(page.getByRole("heading", { name: "Connect Stripe" })).toBeVisible();
});
