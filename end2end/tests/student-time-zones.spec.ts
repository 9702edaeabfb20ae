import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { isoDateIn } from "./pages/instructor";
import { StudentBooking } from "./pages/student";
import { waitForHydration } from "./pages/hydration";

/** "Sat 27 Mar" for a date, as the page writes a second zone's date. */
function shortDate(isoDate: string): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  const weekday = date.toLocaleDateString("en-GB", { weekday: "short", timeZone: "UTC" });
  const month = date.toLocaleDateString("en-GB", { month: "short", timeZone: "UTC" });
  return `${weekday} ${date.getUTCDate()} ${month}`;
}

test("a student in New York sees each Berlin time in their own zone, with the date where it differs", async ({ browser, baseURL }) => {
  const slug = unique("zones");
  const setup = await StudioSetup.signUp(baseURL ?? "", `${slug}@example.com`);
  await setup.studio(slug, "Europe/Berlin");
  await setup.offerings("Europe/Berlin");
  const id = await setup.sessionType("Lesson", 1, { change_cutoff_hours: "24" });
  await setup.openEveryDay("00:00-01:00, 18:00-19:00");
  const date = isoDateIn("Europe/Berlin", 4);
  const dayBefore = isoDateIn("Europe/Berlin", 3);

  const context = await browser.newContext({ baseURL, timezoneId: "America/New_York", isMobile: true, hasTouch: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`/s/${slug}/${id}?month=${date.slice(0, 7)}&date=${date}`);
  await waitForHydration(page);
  const student = new StudentBooking(page);
  const [midnight, evening] = [student.slots().nth(0), student.slots().nth(1)];
  // 00:00 in Berlin is the evening before in New York: the date says so, and the zone is named.
  await expect(midnight.locator(".time")).toHaveText(/^00:00 CES?T$/);
  await expect(midnight.locator(".your-time")).toHaveText(new RegExp(`^your time: 1[78]:00 New York time, ${shortDate(dayBefore)}$`));
  // 18:00 in Berlin is the same day in New York: no date, still the zone.
  await expect(evening.locator(".your-time")).toHaveText(/^your time: 1[12]:00 New York time$/);

  await student.chooseSlot(midnight);
  await expect(page.locator(".chosen")).toContainText(/00:00–01:00 CES?T/);
  await expect(page.locator(".chosen .your-time")).toHaveText(
    new RegExp(`^your time: 1[78]:00–1[89]:00 New York time, ${new Date(`${dayBefore}T12:00:00Z`).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }).replace(",", "")}$`),
  );
  await student.enterDetails("Ada", "ada@example.com");
  await student.confirm();
  await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  await expect(student.confirmationValue("Time")).toHaveText(/^00:00–01:00 CES?T$/);
  const change = page.getByRole("region", { name: "Change of plans?" });
  // The cut-off names its zone, and shows in the student's zone too.
  await expect(change).toContainText(/until \w+ \d+ \w+ \d{4}, 00:00 CES?T\./);
  // 24 hours before 00:00 in Berlin is the evening two days before in New York: dated.
  const twoDaysBefore = isoDateIn("Europe/Berlin", 2);
  await expect(change.locator(".your-time")).toHaveText(new RegExp(`^your time: 1[78]:00 New York time, ${shortDate(twoDaysBefore)}$`));

  // The evening session's cut-off, 18:00 in Berlin, is the same day in New York: no date.
  await page.goto(`/s/${slug}/${id}?month=${date.slice(0, 7)}&date=${date}`);
  await waitForHydration(page);
  await student.chooseSlot(student.slots().nth(0));
  await expect(page.locator(".chosen")).toContainText(/18:00–19:00 CES?T/);
  await student.enterDetails("Grace", "grace@example.com");
  await student.confirm();
  await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Change of plans?" }).locator(".your-time")).toHaveText(/^your time: 1[12]:00 New York time$/);
  await context.close();
  await setup.dispose();
});

test("a type's page shows its description, and an online session says it is online", async ({ page, baseURL }) => {
  const slug = unique("online");
  const setup = await StudioSetup.signUp(baseURL ?? "", `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  const id = await setup.sessionType("Video lesson", 1, {
    description: "We meet on a video call; bring your instrument.",
    location: "",
    video_link: "https://meet.example.com/maple",
  });
  await page.goto(`/s/${slug}/${id}`);
  await waitForHydration(page);
  await expect(page.getByText("We meet on a video call; bring your instrument.")).toBeVisible();
  await expect(page.locator(".place")).toHaveText("Online: the video-call link comes with your booking");
  await expect(page.getByText("To be confirmed by the studio")).toHaveCount(0);
  await setup.dispose();
});
