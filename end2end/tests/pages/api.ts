import { readFileSync } from "node:fs";
import { expect, request, type APIRequestContext } from "@playwright/test";
import { stripeSecretKey } from "../../ports";

/** Sets up a studio through the server functions, for specs about the student side. */
export class StudioSetup {
  private constructor(private readonly api: APIRequestContext) {}

  static async signUp(baseURL: string, email: string): Promise<StudioSetup> {
    return StudioSetup.signUpWith(await request.newContext({ baseURL }), email);
  }

  /** A visitor without an account, for booking as a guest. */
  static async anonymous(baseURL: string): Promise<StudioSetup> {
    return new StudioSetup(await request.newContext({ baseURL }));
  }

  /** Signs up through a given context, e.g. `page.request`, whose cookies the page shares. */
  static async signUpWith(api: APIRequestContext, email: string): Promise<StudioSetup> {
    const setup = new StudioSetup(api);
    await setup.call("sign_up", { email, password: "correct horse battery" });
    return setup;
  }

  async call(endpoint: string, form: Record<string, string>) {
    const response = await this.api.post(`/api/${endpoint}`, { form, maxRedirects: 0 });
    expect(response.status(), `${endpoint}: ${await response.text()}`).toBeLessThan(400);
    return response;
  }

  /** Connects the studio to the Stripe emulator and makes cards its only way to be paid. */
  async takeCardsOnly() {
    await this.call("connect_stripe", {
      secret_key: stripeSecretKey,
      publishable_key: "pk_test_bookable",
      webhook_secret: "whsec_bookableSigningSecret",
    });
    await this.offerings("UTC", { pay_with_stripe: "on" });
  }

  async studio(slug: string, timezone: string) {
    await this.call("save_studio", { name: `Studio ${slug}`, slug, timezone, currency: "USD" });
  }

  /** Creates an active one-hour type; `extra` adds or replaces form fields, e.g. questions. */
  async sessionType(name: string, capacity: number, extra: Record<string, string> = {}): Promise<number> {
    const response = await this.call("create_session_type", {
      name,
      description: "",
      duration_minutes: "60",
      capacity: String(capacity),
      price: "30",
      status: "active",
      location: "Room 2",
      ...extra,
    });
    return (await response.json()).id as number;
  }

  async openEveryDay(ranges: string) {
    const days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    await this.call("save_weekly_hours", Object.fromEntries(days.map((day) => [day, ranges])));
  }

  /** Uploads a cover image and returns the name to put in a session type's `cover_image`. */
  async uploadCover(file: string): Promise<string> {
    const response = await this.api.post("/uploads/cover", {
      multipart: { cover_image: { name: "cover.png", mimeType: "image/png", buffer: readFileSync(file) } },
    });
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()).name as string;
  }

  async addMember(name: string, email: string) {
    await this.call("add_member", { name, email });
  }

  /** Settings > Offerings; `extra` adds or replaces fields, e.g. `pay_by_check: "on"`. */
  async offerings(timezone: string, extra: Record<string, string> = {}) {
    await this.call("save_offerings", {
      personal_sessions: "on",
      show_on_landing: "on",
      default_access_level: "public",
      pay_at_session: "on",
      timezone,
      currency: "USD",
      ...extra,
    });
  }

  /** The instructor's view of their types, with the private share links. */
  async sessionTypes(): Promise<{ id: number; name: string; share_link: string | null }[]> {
    const response = await this.api.post("/api/session_types", { form: {} });
    return await response.json();
  }

  /** Books a time as a guest in one request; returns the booking's page path. */
  async bookAsGuest(slug: string, sessionTypeId: number, start: string, name: string, email: string, extra: Record<string, string> = {}): Promise<string> {
    const response = await this.call("book_session", {
      slug,
      session_type_id: String(sessionTypeId),
      start,
      student_name: name,
      student_email: email,
      ...extra,
    });
    return (await response.json()) as string;
  }

  /** The bookable starts of a type on a date. */
  async freeStarts(slug: string, sessionTypeId: number, date: string): Promise<string[]> {
    const response = await this.call("booking_options", { slug, session_type_id: String(sessionTypeId), date });
    return ((await response.json()).slots as { start: string }[]).map((slot) => slot.start);
  }

  /** A shared mini session with one date of `spots` spots from 09:00; returns its id. */
  async sharedMini(title: string, date: string, spots: number): Promise<number> {
    const id = String(await (await this.call("create_mini_session", { name: title })).json());
    await this.call("save_mini_date", {
      session_type_id: id,
      date,
      start: "09:00",
      spots: String(spots),
      spot_minutes: "20",
      gap_minutes: "10",
      location: "Rose garden",
    });
    await this.call("set_mini_visibility", { session_type_id: id, visibility: "shared" });
    return Number(id);
  }

  /** Reserves a spot of a mini and returns its direct link. */
  async reserveSpot(mini: number, date: string, spot: number, discount: string): Promise<string> {
    await this.call("reserve_spot", { session_type_id: String(mini), date, spot: String(spot), discount });
    const overview = await (await this.call("mini_overview", { id: String(mini) })).json();
    const reserved = overview.dates
      .flatMap((day: { spots: { reservation: { link: string } | null }[] }) => day.spots)
      .find((kept: { reservation: { link: string } | null }) => kept.reservation !== null);
    return reserved.reservation.link as string;
  }

  /** Writes the "Family details" questionnaire (who is in the photo, a mobile number). */
  async familyQuestionnaire(): Promise<number> {
    return this.libraryForm({
      kind: "questionnaire",
      title: "Family details",
      "questions[0][prompt]": "Who is in the photo?",
      "questions[0][kind]": "checkboxes",
      "questions[0][options]": "Parents\nChildren\nPets",
      "questions[0][required]": "on",
      "questions[1][prompt]": "Mobile",
      "questions[1][kind]": "phone",
    });
  }

  /** Writes a form of the library and answers its id. */
  async libraryForm(form: Record<string, string>): Promise<number> {
    await this.call("save_library_form", form);
    const library = await (await this.call("forms_library", {})).json();
    const saved = library.find((entry: { title: string }) => entry.title === form.title);
    return saved.id as number;
  }

  async dispose() {
    await this.api.dispose();
  }
}

/**
 * A signed-in instructor (on `api`, e.g. `page.request`) whose UTC studio takes checks by mail,
 * with a $30 one-hour lesson Ada Lovelace booked three days ahead as a guest, to pay by check.
 */
export async function bookedByCheck(api: APIRequestContext, baseURL: string, prefix: string): Promise<{ setup: StudioSetup; bookingId: string }> {
  const slug = unique(prefix);
  const setup = await StudioSetup.signUpWith(api, `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  await setup.offerings("UTC", { pay_by_check: "on" });
  const lesson = await setup.sessionType("Lesson", 1);
  await setup.openEveryDay("09:00-12:00");
  const guest = await StudioSetup.anonymous(baseURL);
  const start = `${new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)}T10:00:00Z`;
  const booking = await guest.bookAsGuest(slug, lesson, start, "Ada Lovelace", "ada@example.com", { payment_method: "by_check" });
  await guest.dispose();
  return { setup, bookingId: booking.replace(/^\/booking\//, "").split(".")[0] };
}

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}
