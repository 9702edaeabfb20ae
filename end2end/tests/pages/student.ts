import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** A student booking from a studio's public page, on a phone. */
export class StudentBooking {
  constructor(readonly page: Page) {}

  async openStudio(slug: string) {
    await this.page.goto(`/s/${slug}`);
    await waitForHydration(this.page);
  }

  async chooseSessionType(name: string) {
    await this.page.getByRole("link", { name: `Book ${name}` }).click();
    await expect(this.page.getByRole("heading", { name, level: 1 })).toBeVisible();
  }

  /** The days of the month view that have free times. */
  days(): Locator {
    return this.page.locator(".calendar").getByRole("link", { name: /free time/ });
  }

  async chooseFirstDayWithRoom() {
    if ((await this.days().count()) === 0) {
      await this.page.getByRole("link", { name: "Next month" }).click();
    }
    await this.days().first().click();
    await expect(this.page.getByRole("heading", { name: /Choose a time on/ })).toBeVisible();
  }

  /** The free times of the chosen day: pressing one holds it. */
  slots(): Locator {
    return this.page.getByRole("region", { name: /Choose a time on/ }).getByRole("button");
  }

  /** Picks the first free time, which holds it, and returns the slot's UTC start. */
  async chooseFirstSlot(): Promise<{ start: string; label: string }> {
    return this.chooseSlot(this.slots().first());
  }

  async chooseSlot(slot: Locator): Promise<{ start: string; label: string }> {
    const start = (await slot.getAttribute("value")) ?? "";
    const label = (await slot.locator(".time .clock").textContent()) ?? "";
    await slot.click();
    await expect(this.page.getByRole("heading", { name: "Your details" })).toBeVisible();
    await waitForHydration(this.page);
    return { start, label };
  }

  /** The hold's countdown, e.g. "14:59". */
  timeLeft(): Locator {
    return this.page.getByRole("timer").locator(".time-left");
  }

  async enterDetails(name: string, email: string) {
    await this.page.getByLabel("Your name").fill(name);
    await this.page.getByLabel("Your email").fill(email);
  }

  async choosePackage(label: string) {
    await this.page.getByRole("radio", { name: label }).check();
  }

  async choosePayment(label: string) {
    await this.page.getByRole("radio", { name: label }).check();
  }

  /** Signs the booking form's contract: the full name typed, and the box ticked. */
  async signContract(fullName: string) {
    await this.page.getByLabel("Type your full name to sign").fill(fullName);
    await this.page.getByLabel("I have read this contract and agree to it").check();
  }

  contractText(): Locator {
    return this.page.getByRole("document", { name: "Contract text" });
  }

  async confirm() {
    await this.page.getByRole("button", { name: "Confirm booking" }).click();
  }

  confirmationValue(term: string): Locator {
    return this.page.locator(`dt:text-is("${term}") + dd`);
  }
}

/** "14:00" for an instant in a zone, as the page should show it. */
export function wallTime(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
    new Date(instant),
  );
}

/** "Tuesday 24 November 2026" for an instant in a zone. */
export function longDate(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("weekday")} ${part("day")} ${part("month")} ${part("year")}`;
}
