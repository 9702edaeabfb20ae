import { expect, type Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

export interface SessionTypeFields {
  name: string;
  description?: string;
  duration?: string;
  capacity?: string;
  price: string;
  status?: "Draft" | "Active" | "Paused" | "Archived";
  location?: string;
}

/** The instructor's dashboard, driven through its labelled fields. */
export class InstructorDashboard {
  constructor(private readonly page: Page) {}

  async signUp(email: string, password: string) {
    await this.page.goto("/signup");
    await waitForHydration(this.page);
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Create account" }).click();
    await expect(this.page).toHaveURL(/\/dashboard$/);
    await expect(this.page.getByRole("heading", { name: "Studio", level: 1 })).toBeVisible();
  }

  async saveStudio(name: string, slug: string, timezone: string) {
    await this.open("/dashboard");
    await this.page.getByLabel("Studio name").fill(name);
    await this.page.getByLabel("Booking page address").fill(slug);
    await this.page.getByLabel("Time zone").fill(timezone);
    await this.page.getByRole("button", { name: "Save studio" }).click();
    await expect(this.page.getByRole("status")).toContainText("Saved.");
  }

  async createSessionType(fields: SessionTypeFields) {
    await this.open("/dashboard/session-types");
    await this.fillSessionType(fields);
    await this.page.getByRole("button", { name: "Create session type" }).click();
    await expect(this.page.getByRole("status")).toContainText("Session type created.");
  }

  async fillSessionType(fields: SessionTypeFields) {
    await this.page.getByLabel("Session name").fill(fields.name);
    await this.page.getByLabel("Description").fill(fields.description ?? "");
    if (fields.duration) await this.page.getByLabel("Duration").selectOption({ label: fields.duration });
    await this.page.getByLabel("Capacity").fill(fields.capacity ?? "1");
    await this.page.getByLabel("Price", { exact: true }).fill(fields.price);
    await this.page.getByLabel("Status").selectOption({ label: fields.status ?? "Active" });
    await this.page.getByLabel("Location (optional)").fill(fields.location ?? "");
  }

  async setWeeklyHours(hours: Partial<Record<Weekday, string>>) {
    await this.open("/dashboard/availability");
    for (const day of WEEKDAYS) {
      await this.page.getByLabel(day, { exact: true }).fill(hours[day] ?? "");
    }
    await this.page.getByRole("button", { name: "Save hours" }).click();
    await expect(this.page.getByRole("status")).toContainText("Hours saved.");
  }

  async openBookings() {
    await this.open("/dashboard/bookings");
  }

  bookingRow(student: string) {
    return this.page.getByRole("row").filter({ hasText: student });
  }

  async open(path: string) {
    await this.page.goto(path);
    await waitForHydration(this.page);
  }
}

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const EVERY_DAY = (ranges: string): Record<Weekday, string> =>
  Object.fromEntries(WEEKDAYS.map((day) => [day, ranges])) as Record<Weekday, string>;
