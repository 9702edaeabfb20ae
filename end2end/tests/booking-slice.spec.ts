import { expect, test } from "@playwright/test";
import { EVERY_DAY, InstructorDashboard } from "./pages/instructor";
import { StudentBooking, longDate, wallTime } from "./pages/student";
import { unique } from "./pages/api";

const STUDIO_ZONE = "America/New_York";
const STUDENT_ZONE = "Europe/London";

test("an instructor sets up a studio and a student books a session on a phone", async ({ browser, baseURL }) => {
  const instructorContext = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  const dashboard = new InstructorDashboard(await instructorContext.newPage());
  const slug = unique("maple");

  await test.step("the instructor signs up and sets up the studio", async () => {
    await dashboard.signUp(`${slug}@example.com`, "correct horse battery");
    await dashboard.saveStudio("Maple Yoga", slug, STUDIO_ZONE);
    await dashboard.createSessionType({
      name: "Private lesson",
      description: "One to one, at your pace.",
      duration: "1 h",
      capacity: "1",
      price: "45",
      status: "Active",
      location: "Studio A, 12 Elm Street",
    });
    await dashboard.setWeeklyHours(EVERY_DAY("09:00-12:00, 13:00-17:00"));
  });

  const studentContext = await browser.newContext({
    baseURL,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    timezoneId: STUDENT_ZONE,
  });
  const studentPage = await studentContext.newPage();
  const student = new StudentBooking(studentPage);
  let chosen = { start: "", label: "" };

  await test.step("a student picks a day and a time, shown in both zones", async () => {
    await student.openStudio(slug);
    await expect(studentPage.getByRole("heading", { name: "Maple Yoga", level: 1 })).toBeVisible();
    await student.chooseSessionType("Private lesson");
    await student.chooseFirstDayWithRoom();
    chosen = await student.chooseFirstSlot();
    expect(chosen.label).toBe(wallTime(chosen.start, STUDIO_ZONE));
    await expect(studentPage.locator(".chosen .your-time")).toContainText(`your time: ${wallTime(chosen.start, STUDENT_ZONE)}–`);
    await expect(studentPage.locator(".chosen .your-time")).toContainText("London time");
  });

  await test.step("the student books and sees the confirmation", async () => {
    await student.enterDetails("Ada Lovelace", "ada@example.com");
    await student.confirm();
    await expect(studentPage.getByRole("heading", { name: "You're booked!" })).toBeVisible();
    await expect(student.confirmationValue("Session")).toHaveText("Private lesson with Maple Yoga");
    await expect(student.confirmationValue("Date")).toHaveText(longDate(chosen.start, STUDIO_ZONE));
    await expect(student.confirmationValue("Time")).toContainText(`${chosen.label}–`);
    await expect(student.confirmationValue("Time zone")).toHaveText(STUDIO_ZONE);
    await expect(student.confirmationValue("Location")).toHaveText("Studio A, 12 Elm Street");
  });

  await test.step("the booked private slot is gone for the next student", async () => {
    await student.openStudio(slug);
    await student.chooseSessionType("Private lesson");
    await student.chooseFirstDayWithRoom();
    await expect(student.slots().first()).toBeVisible();
    await expect(studentPage.locator(`button[value="${chosen.start}"]`)).toHaveCount(0);
  });

  await test.step("the instructor sees the booking in the dashboard", async () => {
    await dashboard.openBookings();
    const row = dashboard.bookingRow("Ada Lovelace");
    await expect(row).toContainText("Private lesson");
    await expect(row).toContainText("ada@example.com");
    await expect(row).toContainText(longDate(chosen.start, STUDIO_ZONE));
    await expect(row).toContainText(chosen.label);
  });

  await instructorContext.close();
  await studentContext.close();
});
