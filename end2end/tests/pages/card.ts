import { expect, type Locator, type Page } from "@playwright/test";

/** The card section of a booking waiting for its card payment (Stripe.js's card field). */
export class CardPayment {
  constructor(readonly page: Page) {}

  section(): Locator {
    return this.page.getByRole("region", { name: "Pay by card" });
  }

  /** Types a card into the card field; the emulator's Stripe.js draws plain inputs. */
  async enterCard(number: string) {
    const field = this.section().getByRole("group", { name: "Card details" });
    await expect(field.getByPlaceholder("number")).toBeVisible();
    await field.getByPlaceholder("number").fill(number);
    await field.getByPlaceholder("exp_month").fill("12");
    await field.getByPlaceholder("exp_year").fill("34");
    await field.getByPlaceholder("cvc").fill("123");
  }

  async pay(amount: string) {
    await this.section().getByRole("button", { name: `Pay ${amount}` }).click();
  }

  /** The card's problem, e.g. the bank's reason for declining it. */
  problem(): Locator {
    return this.section().getByRole("alert");
  }
}

/** Stripe's test cards, as the emulator knows them. */
export const TEST_CARDS = {
  pays: "4242424242424242",
  declined: "4000000000000341",
  needs3dSecure: "4000002500003155",
};
