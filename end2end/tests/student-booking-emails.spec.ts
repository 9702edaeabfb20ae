import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { Mailbox } from "./pages/mailbox";
import { StudentBooking } from "./pages/student";

// The student books from New York; the studio is in London.
test.use({ timezoneId: "America/New_York" });

test("a student's booking emails the student a confirmation with a calendar invitation and the instructor the answers", async ({ page, baseURL }) => {
  const slug = unique("emails");
  const instructorEmail = `${slug}@example.com`;
  const studentEmail = `${slug}-ada@example.com`;
  const setup = await StudioSetup.signUpWith(page.request, instructorEmail);
  await setup.studio(slug, "Europe/London");
  await setup.sessionType("Pottery taster", 1, {
    video_link: "https://meet.example.com/pottery",
    "questions[0][prompt]": "Allergies or injuries",
    "questions[0][kind]": "long_text",
  });
  await setup.openEveryDay("09:00-17:00");
  await page.context().clearCookies();

  const student = new StudentBooking(page);
  await student.openStudio(slug);
  await student.chooseSessionType("Pottery taster");
  await student.chooseFirstDayWithRoom();
  await student.chooseFirstSlot();
  await student.enterDetails("Ada", studentEmail);
  await page.getByLabel("Allergies or injuries (optional)").fill("Sore left wrist.");
  await student.confirm();
  await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();

  const mailbox = new Mailbox();
  const confirmation = await mailbox.latestEmailTo(studentEmail, "Booked: Pottery taster");
  expect(confirmation.text).toContain("https://meet.example.com/pottery");
  expect(confirmation.text).toMatch(/^When: .* \(America\/New_York\)$/m);
  expect(confirmation.text).toMatch(/^Studio time: .* \(Europe\/London\)$/m);
  expect(confirmation.text).toContain(`${baseURL}/booking/`);
  expect(confirmation.html).toContain("You&#39;re booked.");
  expect(confirmation.replyTo?.[0]?.address).toBe(instructorEmail);
  const invitation = confirmation.attachments?.find((file) => file.contentType.startsWith("text/calendar"));
  expect(invitation, "an .ics attachment").toBeDefined();
  const ics = await mailbox.attachment(confirmation, invitation?.generatedFileName ?? invitation?.fileName ?? "booking.ics");
  expect(ics).toContain("METHOD:REQUEST");
  expect(ics).toContain("SUMMARY:Pottery taster with");

  const notice = await mailbox.latestEmailTo(instructorEmail, "New booking: Ada, Pottery taster");
  expect(notice.text).toContain("Allergies or injuries: Sore left wrist.");
  expect(notice.text).not.toContain("America/New_York");
  expect(notice.replyTo?.[0]?.address).toBe(studentEmail);
});
