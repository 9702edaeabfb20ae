import { expect, test } from "@playwright/test";
import { InstructorDashboard } from "./pages/instructor";
import { StudioSetup, unique } from "./pages/api";
import { waitForHydration } from "./pages/hydration";
import { Mailbox, linkIn } from "./pages/mailbox";

test("an instructor who forgot the password resets it through the emailed link", async ({ page, browser, baseURL }) => {
  const email = `${unique("forgot")}@example.com`;
  const setupContext = await browser.newContext({ baseURL });
  await StudioSetup.signUpWith(setupContext.request, email);
  await setupContext.close();

  await page.goto("/signin");
  await waitForHydration(page);
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses that email, a link is on its way.");

  const text = await new Mailbox().latestTo(email, "Reset your Bookable password");
  await page.goto(linkIn(text, `${baseURL}/reset-password?token=`));
  await waitForHydration(page);
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.locator("#password-error")).toContainText("at least 10 characters");
  await page.getByLabel("New password").fill("a brand new passphrase");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  const dashboard = new InstructorDashboard(page);
  await dashboard.open("/dashboard/account");
  await expect(page.getByText(email)).toBeVisible();
});
