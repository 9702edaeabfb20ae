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

  days(): Locator {
    return this.page.getByRole("region", { name: "Choose a day" }).getByRole("link");
  }

  async chooseFirstDayWithRoom() {
    await this.days().first().click();
    await expect(this.page.getByRole("heading", { name: /Choose a time on/ })).toBeVisible();
  }

  slots(): Locator {
    return this.page.getByRole("region", { name: /Choose a time on/ }).getByRole("link");
  }

  /** Picks the first free time and returns the slot's UTC start, from its link. */
  async chooseFirstSlot(): Promise<{ start: string; label: string }> {
    const slot = this.slots().first();
    const href = (await slot.getAttribute("href")) ?? "";
    const start = new URL(href, "http://localhost").searchParams.get("start") ?? "";
    const label = (await slot.locator(".time").textContent()) ?? "";
    await slot.click();
    await expect(this.page.getByRole("heading", { name: "Your details" })).toBeVisible();
    return { start, label };
  }

  async enterDetails(name: string, email: string) {
    await this.page.getByLabel("Your name").fill(name);
    await this.page.getByLabel("Your email").fill(email);
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
