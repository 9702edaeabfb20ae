import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

export interface MiniDateFields {
  date: string;
  spots: string;
  start: string;
  duration: string;
  gap?: string;
  sameStartForAll?: boolean;
  location?: string;
  /** [after spot, minutes] pairs. */
  breaks?: [string, string][];
}

/** A mini session's overview in the dashboard: its dates, spots and share panel. */
export class MiniSessionOverview {
  constructor(private readonly page: Page) {}

  /** "+ New session" → "Create Mini Session" with a title; lands on the new mini's overview. */
  async create(title: string) {
    await this.page.goto("/dashboard/session-types");
    await waitForHydration(this.page);
    await this.page.getByText("+ New session").click();
    await this.page.getByLabel("Mini session title").fill(title);
    await this.page.getByRole("button", { name: "Create Mini Session" }).click();
    await expect(this.page).toHaveURL(/\/dashboard\/minis\/\d+$/);
    await expect(this.page.getByRole("heading", { name: title })).toBeVisible();
    await waitForHydration(this.page);
  }

  /** The form of a new date (the first, or "Add another date to this session"). */
  newDateForm(): Locator {
    return this.page.getByRole("region", { name: "New date" });
  }

  async openNewDateForm() {
    const more = this.page.getByRole("button", { name: "Add another date to this session" });
    if (await more.isVisible()) {
      await more.click();
    }
    await expect(this.newDateForm().getByRole("button", { name: "Save date" })).toBeVisible();
  }

  async fillDate(form: Locator, fields: MiniDateFields) {
    await form.getByLabel("Date", { exact: true }).fill(fields.date);
    await form.getByLabel("Number of spots", { exact: true }).fill(fields.spots);
    await form.getByLabel("Start time", { exact: true }).fill(fields.start);
    await form.getByLabel("Duration (minutes)").fill(fields.duration);
    await form.getByLabel("Gap between spots (minutes)").fill(fields.gap ?? "0");
    await form.getByLabel("Same start time for all clients").setChecked(fields.sameStartForAll ?? false);
    await form.getByLabel("Location (optional)").fill(fields.location ?? "");
    for (const [index, [after, minutes]] of (fields.breaks ?? []).entries()) {
      await form.getByRole("button", { name: "Add a break" }).click();
      await form.getByLabel("After spot").nth(index).fill(after);
      await form.getByLabel("Minutes", { exact: true }).nth(index).fill(minutes);
    }
  }

  preview(form: Locator): Locator {
    return form.getByRole("region", { name: "Preview of the spots" });
  }

  async saveDate(form: Locator) {
    await form.getByRole("button", { name: "Save date" }).click();
  }

  date(heading: RegExp | string): Locator {
    return this.page.getByRole("article", { name: heading });
  }

  spot(date: Locator, number: number): Locator {
    return date.getByRole("button", { name: new RegExp(`^Spot ${number} · `) });
  }

  async reserve(date: Locator, number: number, note: string, discount: string) {
    await this.spot(date, number).click();
    const panel = date.locator(".spot-panel");
    await panel.getByLabel("Reservation note (only you see it)").fill(note);
    await panel.getByLabel(/^Discount/).fill(discount);
    await panel.getByRole("button", { name: "Confirm Reservation" }).click();
  }

  /** The status shown next to a spot, e.g. "Open" or "Booking…". */
  spotStatus(date: Locator, number: number): Locator {
    return this.spot(date, number).locator("xpath=following-sibling::span[@class='spot-status']");
  }

  /** Opens Client View, which the overview opens in a new tab, and answers that tab. */
  async openClientView(): Promise<Page> {
    const [tab] = await Promise.all([
      this.page.context().waitForEvent("page"),
      this.page.getByRole("link", { name: "Client View" }).click(),
    ]);
    await tab.waitForLoadState();
    await waitForHydration(tab);
    return tab;
  }

  async openRoster(date: Locator) {
    await date.getByRole("link", { name: "Roster of this date (printable)" }).click();
    await expect(this.page.getByRole("button", { name: "Print roster" })).toBeVisible();
  }
}
