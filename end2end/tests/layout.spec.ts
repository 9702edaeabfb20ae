import { expect, test, type Page } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { isoDateIn } from "./pages/instructor";
import { waitForHydration } from "./pages/hydration";
import { Mailbox, linkIn } from "./pages/mailbox";

const WIDTHS = [320, 390];

/** Loads `path` at each phone width and fails when the page is wider than the screen. */
async function expectNoSidewaysScroll(page: Page, path: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(path);
    await waitForHydration(page);
    const overflow = await page.evaluate(() => {
      const viewport = document.documentElement.clientWidth;
      const widest = [...document.querySelectorAll("body *")]
        .map((element) => ({ element, right: element.getBoundingClientRect().right }))
        .filter(({ right }) => right > viewport + 0.5)
        .slice(0, 3)
        .map(({ element, right }) => `${element.tagName.toLowerCase()}.${element.className} reaches ${Math.round(right)}px`);
      return { scrollWidth: document.documentElement.scrollWidth, viewport, widest };
    });
    expect(overflow.scrollWidth, `${path} at ${width} px scrolls sideways: ${overflow.widest.join("; ")}`).toBeLessThanOrEqual(
      overflow.viewport,
    );
  }
}

test("no page scrolls sideways on a 320 or 390 px wide phone", async ({ page, browser, baseURL }) => {
  // About forty pages, each loaded and hydrated at two widths.
  test.setTimeout(240_000);
  const slug = unique("narrow");
  const setup = await StudioSetup.signUpWith(page.request, `${slug}@example.com`);
  await setup.studio(slug, "Europe/Berlin");
  const longQuestion =
    "Which of the following describes your previous experience with the instrument, including lessons, self-study and performances?";
  const typeId = await setup.sessionType("Consultation with a rather long session type name", 2, {
    description: "A long description that goes on for a while so that it wraps over several lines on a narrow phone screen.",
    "questions[0][prompt]": longQuestion,
    "questions[0][kind]": "single_choice",
    "questions[0][options]": "Beginner\nAdvanced",
    "questions[0][required]": "on",
  });
  const privateId = await setup.sessionType("Private coaching", 1, { access_level: "private" });
  await setup.openEveryDay("09:00-17:00");
  await setup.addMember("Ada Lovelace", "ada@example.com");
  const date = isoDateIn("Europe/Berlin", 3);
  const longEmail = `${slug}-a-really-quite-long-address-for-a-student@a-long-domain-name.example.com`;
  const guest = await StudioSetup.anonymous(baseURL ?? "");
  const booking = await guest.bookAsGuest(slug, typeId, `${date}T09:00:00Z`, "Maximiliana Wolkenstein-Oberhausen", longEmail, {
    "answers[0]": "Beginner",
  });
  const cancelled = await guest.bookAsGuest(slug, typeId, `${date}T11:00:00Z`, "Ben", `${slug}-ben@example.com`, {
    "answers[0]": "Advanced",
  });
  await guest.call("cancel_my_booking", { link: cancelled.replace("/booking/", "") });
  const held = await guest.call("hold_slot", { slug, session_type_id: String(typeId), start: `${date}T13:00:00Z` });
  const holdPath = (await held.json()) as string;

  await page.goto("/dashboard/bookings");
  const detail = (await page.getByRole("link", { name: /Open the booking of Maximiliana/ }).getAttribute("href")) ?? "";
  for (const path of [
    "/dashboard",
    "/dashboard/settings",
    "/dashboard/session-types",
    `/dashboard/session-types/${typeId}`,
    `/dashboard/session-types/${privateId}`,
    "/dashboard/availability",
    "/dashboard/members",
    "/dashboard/bookings",
    `/dashboard/bookings?from=${date}&to=${date}`,
    "/dashboard/bookings?view=agenda&range=week&date=" + date,
    "/dashboard/bookings?view=agenda&range=day&date=" + date,
    detail,
    `${detail}?month=${date.slice(0, 7)}&date=${date}`,
    "/dashboard/account",
  ]) {
    await expectNoSidewaysScroll(page, path);
  }

  // The student's pages, in a browser of their own that is signed in by an emailed link.
  const studentContext = await browser.newContext({ baseURL, isMobile: true, hasTouch: true, timezoneId: "America/New_York" });
  const student = await studentContext.newPage();
  await student.goto("/signin/email");
  await waitForHydration(student);
  await student.getByLabel("Email").fill(longEmail);
  await student.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(student.getByRole("status")).toBeVisible();
  const signInLink = linkIn(await new Mailbox().latestTo(longEmail, "Your sign-in link"), "http");
  const signInPath = signInLink.replace(/^https?:\/\/[^/]+/, "");
  await expectNoSidewaysScroll(student, signInPath);
  await student.getByRole("button", { name: "Sign me in" }).click();
  await expect(student.getByRole("heading", { name: "My bookings" })).toBeVisible();

  for (const path of [
    "/",
    "/signup",
    "/signin",
    "/forgot-password",
    "/reset-password?token=unknown",
    "/signin/email",
    "/my-bookings",
    `/s/${slug}`,
    `/s/${slug}?view=sessions`,
    `/s/${slug}/${typeId}`,
    `/s/${slug}/${typeId}?month=${date.slice(0, 7)}&date=${date}`,
    holdPath,
    booking,
    `${booking}/reschedule?month=${date.slice(0, 7)}&date=${date}`,
    cancelled,
    "/s/no-such-studio",
    "/no-such-page",
  ]) {
    await expectNoSidewaysScroll(student, path);
  }
  await studentContext.close();
  await guest.dispose();
});
