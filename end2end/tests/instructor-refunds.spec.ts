import { expect, request, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { InstructorDashboard, isoDateIn } from "./pages/instructor";
import { stripePort, stripeSecretKey } from "../ports";

/** A card token from the emulator, as Stripe.js makes one on the student's page. */
async function cardToken(number: string): Promise<string> {
  const stripe = await request.newContext({ baseURL: `http://127.0.0.1:${stripePort}` });
  const response = await stripe.post("/v1/tokens", {
    headers: { Authorization: `Bearer ${stripeSecretKey}` },
    form: { "card[number]": number, "card[exp_month]": "12", "card[exp_year]": "2034", "card[cvc]": "123" },
  });
  expect(response.status(), await response.text()).toBe(200);
  const token = (await response.json()).id as string;
  await stripe.dispose();
  return token;
}

test("an instructor refunds part of a card payment, and never more than is left", async ({ page, baseURL }) => {
  const slug = unique("refunds");
  const setup = await StudioSetup.signUpWith(page.request, `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  await setup.takeCardsOnly();
  const lesson = await setup.sessionType("Lesson", 1);
  await setup.openEveryDay("09:00-12:00");
  const guest = await StudioSetup.anonymous(baseURL ?? "");
  const date = isoDateIn("UTC", 3);
  const booking = await guest.bookAsGuest(slug, lesson, `${date}T10:00:00Z`, "Ada", "ada@example.com", {
    payment_method: "card",
  });
  const link = booking.replace(/^\/booking\//, "");
  await guest.call("pay_by_card", { link, token: await cardToken("4242424242424242") });
  await guest.dispose();

  const dashboard = new InstructorDashboard(page);
  await dashboard.open(`/dashboard/bookings/${link.split(".")[0]}`);
  const money = page.getByRole("region", { name: "Payments and refunds" });
  await expect(money).toContainText("Paid by card");
  await expect(money).toContainText("$30.00");
  const amount = money.getByLabel("Refund to the student's card");
  await expect(amount).toHaveValue("30.00");

  await amount.fill("40");
  await money.getByRole("button", { name: "Refund" }).click();
  await expect(page.locator("#amount-error")).toHaveText(
    "At most $30.00 can be refunded: that is what was paid and not yet given back.",
  );
  await expect(amount).toHaveAttribute("aria-invalid", "true");

  await amount.fill("10");
  await money.getByRole("button", { name: "Refund" }).click();
  await expect(money).toContainText("$10.00");
  await expect(money.getByText("At most $20.00: what the card payments have left to give back.")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("refunded-part.png"), fullPage: true });
});
