import { expect, type Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

export interface QuestionFields {
  prompt: string;
  kind: "Short text" | "Long text" | "Single choice";
  options?: string;
  required?: boolean;
}

export interface PackageFields {
  name: string;
  price: string;
  description?: string;
  included?: string;
}

export interface AdvancedFields {
  nonMemberPrice?: string;
  accessLevel?: "Studio default" | "Public" | "Members only" | "Private (link only)";
  buffer?: string;
  maxPerDay?: string;
  minLeadHours?: string;
  maxLeadDays?: string;
}

export interface SettingsFields {
  personalSessions: boolean;
  showOnLanding: boolean;
  defaultAccess: "Public" | "Members only" | "Private (link only)";
  timezone: string;
  currency: string;
  payAtSession: boolean;
  payByCheck: boolean;
}

export interface SessionTypeFields {
  name: string;
  description?: string;
  duration?: string;
  capacity?: string;
  price: string;
  status?: "Draft" | "Active" | "Paused" | "Archived";
  location?: string;
  buffer?: string;
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
    await this.page.getByLabel("Session name", { exact: true }).fill(fields.name);
    await this.page.getByLabel("Description", { exact: true }).fill(fields.description ?? "");
    if (fields.duration) await this.page.getByLabel("Duration", { exact: true }).selectOption({ label: fields.duration });
    await this.page.getByLabel("Capacity", { exact: true }).fill(fields.capacity ?? "1");
    await this.page.getByLabel("Price", { exact: true }).fill(fields.price);
    await this.page.getByLabel("Status", { exact: true }).selectOption({ label: fields.status ?? "Active" });
    await this.page.getByLabel("Location (optional)", { exact: true }).fill(fields.location ?? "");
    if (fields.buffer) {
      await this.page.getByText("Advanced settings").click();
      await this.page.getByLabel("Buffer time", { exact: true }).selectOption({ label: fields.buffer });
    }
  }

  async saveSettings(fields: SettingsFields) {
    await this.open("/dashboard/settings");
    await this.page.getByLabel("Personal Sessions").setChecked(fields.personalSessions);
    await this.page.getByLabel("Show on landing page").setChecked(fields.showOnLanding);
    await this.page.getByLabel("Default access level").selectOption({ label: fields.defaultAccess });
    await this.page.getByLabel("Studio time zone").fill(fields.timezone);
    await this.page.getByLabel("Currency").selectOption(fields.currency);
    await this.page.getByLabel("Pay at the session (cash)").setChecked(fields.payAtSession);
    await this.page.getByLabel("Check by mail").setChecked(fields.payByCheck);
    await this.page.getByRole("button", { name: "Save settings" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  }

  async uploadCover(file: string) {
    await this.page.getByLabel("Cover image (optional)").setInputFiles(file);
    await expect(this.page.getByRole("img", { name: "Current cover image" })).toBeVisible();
  }

  async addQuestion(number: number, fields: QuestionFields) {
    await this.page.getByRole("button", { name: "Add question" }).click();
    const group = this.page.getByRole("group", { name: `Question ${number}`, exact: true });
    await group.getByLabel("Question", { exact: true }).fill(fields.prompt);
    await group.getByLabel("Answer type").selectOption({ label: fields.kind });
    if (fields.options !== undefined) await group.getByLabel("Choices, one per line").fill(fields.options);
    await group.getByLabel("Required").setChecked(fields.required ?? false);
  }

  package(number: number) {
    return this.page.getByRole("group", { name: `Package ${number}`, exact: true });
  }

  async addPackage(number: number, fields: PackageFields) {
    await this.page.getByRole("button", { name: "Add package" }).click();
    const group = this.package(number);
    await group.getByLabel("Package name").fill(fields.name);
    await group.getByLabel("Package price").fill(fields.price);
    await group.getByLabel("Package description (optional)").fill(fields.description ?? "");
    await group.getByLabel("What is included, one a line (optional)").fill(fields.included ?? "");
  }

  async fillAdvanced(fields: AdvancedFields) {
    const details = this.page.locator("details.advanced");
    if ((await details.getAttribute("open")) === null) await this.page.getByText("Advanced settings").click();
    if (fields.nonMemberPrice !== undefined) await this.page.getByLabel("Non-member price (optional)").fill(fields.nonMemberPrice);
    if (fields.accessLevel) await this.page.getByLabel("Access level", { exact: true }).selectOption({ label: fields.accessLevel });
    if (fields.buffer) await this.page.getByLabel("Buffer time").selectOption({ label: fields.buffer });
    if (fields.maxPerDay !== undefined) await this.page.getByLabel("Max sessions per day").fill(fields.maxPerDay);
    if (fields.minLeadHours !== undefined) await this.page.getByLabel("Min lead time (hours)").fill(fields.minLeadHours);
    if (fields.maxLeadDays !== undefined) await this.page.getByLabel("Max lead time (days)").fill(fields.maxLeadDays);
  }

  async setWeeklyHours(hours: Partial<Record<Weekday, string>>) {
    await this.open("/dashboard/availability");
    for (const day of WEEKDAYS) {
      await this.page.getByLabel(day, { exact: true }).fill(hours[day] ?? "");
    }
    await this.page.getByRole("button", { name: "Save hours" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Hours saved." })).toBeVisible();
  }

  async copyDayTo(from: Weekday, to: Weekday[]) {
    await this.page.getByLabel(`Copy ${from}'s hours to other days`).click();
    const group = this.page.getByRole("group", { name: `Copy ${from}'s hours to` });
    for (const day of to) await group.getByLabel(day.slice(0, 3), { exact: true }).check();
    await group.getByRole("button", { name: "Apply" }).click();
  }

  async closeDate(isoDate: string) {
    await this.page.getByLabel("Date", { exact: true }).fill(isoDate);
    await this.page.getByLabel("Closed all day").check();
    await this.page.getByRole("button", { name: "Save date" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Date saved." })).toBeVisible();
  }

  async setDateHours(isoDate: string, ranges: string) {
    await this.page.getByLabel("Date", { exact: true }).fill(isoDate);
    await this.page.getByLabel("Closed all day").uncheck();
    await this.page.getByLabel("Hours on that date").fill(ranges);
    await this.page.getByRole("button", { name: "Save date" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Date saved." })).toBeVisible();
  }

  /** The preview's card for one day, by its label, e.g. "Wed 25 Nov". */
  previewDay(label: string) {
    return this.page.getByRole("list", { name: "Slots by day" }).getByRole("listitem").filter({ has: this.page.getByRole("heading", { name: label, exact: true }) });
  }

  async openBookings() {
    await this.open("/dashboard/bookings");
  }

  sessionTypeCard(name: string) {
    return this.page.getByRole("listitem").filter({ has: this.page.getByRole("heading", { name, exact: true }) });
  }

  async cardAction(name: string, action: "Edit" | "Duplicate" | "Activate" | "Pause" | "Archive" | "Restore as draft") {
    await this.page.getByRole(action === "Edit" ? "link" : "button", { name: `${action} ${name}`, exact: true }).click();
  }

  async filterByStatus(label: "All" | "Draft" | "Active" | "Paused" | "Archived") {
    await this.page.getByRole("navigation", { name: "Filter by status" }).getByRole("link", { name: label, exact: true }).click();
  }

  bookingRow(student: string) {
    return this.page.getByRole("row").filter({ hasText: student });
  }

  async open(path: string) {
    await this.page.goto(path);
    await waitForHydration(this.page);
  }

  /** Opens a booking's page from the bookings list by the student's name. */
  async openBooking(student: string) {
    await this.open("/dashboard/bookings");
    await this.page.getByRole("link", { name: new RegExp(`Open the booking of ${student}`) }).click();
    await expect(this.page.getByRole("heading", { name: new RegExp(student) })).toBeVisible();
    await waitForHydration(this.page);
  }
}

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const EVERY_DAY = (ranges: string): Record<Weekday, string> =>
  Object.fromEntries(WEEKDAYS.map((day) => [day, ranges])) as Record<Weekday, string>;

const SHORT_WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The calendar date `daysAhead` days from now in a time zone, as YYYY-MM-DD. */
export function isoDateIn(zone: string, daysAhead: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(Date.now() + daysAhead * 86_400_000),
  );
}

/** How the preview labels a date, e.g. "Wed 25 Nov". */
export function previewLabel(isoDate: string): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  return `${SHORT_WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${SHORT_MONTHS[date.getUTCMonth()]}`;
}
