import { expect, test } from "@playwright/test";
import path from "node:path";
import { StudioSetup, unique } from "./pages/api";
import { StudentBooking } from "./pages/student";
import { InstructorDashboard } from "./pages/instructor";

test("a student answers the registration questions and sees them on the confirmation", async ({ page, browser, baseURL }) => {
  const slug = unique("questions");
  const instructorContext = await browser.newContext({ baseURL });
  const setup = await StudioSetup.signUpWith(instructorContext.request, `${slug}@example.com`);
  await setup.studio(slug, "Europe/London");
  const cover = await setup.uploadCover(path.join(__dirname, "fixtures", "cover.png"));
  await setup.sessionType("Pottery taster", 1, {
    cover_image: cover,
    video_link: "https://meet.example.com/pottery",
    "questions[0][prompt]": "Have you used a wheel before?",
    "questions[0][kind]": "single_choice",
    "questions[0][options]": "Never\nA few times\nOften",
    "questions[0][required]": "on",
    "questions[1][prompt]": "Allergies or injuries",
    "questions[1][kind]": "long_text",
  });
  await setup.openEveryDay("09:00-17:00");

  const student = new StudentBooking(page);
  await student.openStudio(slug);
  await expect(page.locator("img.cover")).toBeVisible();
  await student.chooseSessionType("Pottery taster");
  await expect(page.getByRole("img", { name: "Cover image of Pottery taster" })).toBeVisible();
  await student.chooseFirstDayWithRoom();
  await student.chooseFirstSlot();
  await student.enterDetails("Ada", "ada@example.com");
  await student.confirm();
  await expect(page.locator('[id="answers[0]-error"]')).toHaveText('"Have you used a wheel before?" is required.');

  await page.getByLabel("A few times").check();
  await page.getByLabel("Allergies or injuries (optional)").fill("Sore left wrist.");
  await student.confirm();
  await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  await expect(student.confirmationValue("Have you used a wheel before?")).toHaveText("A few times");
  await expect(student.confirmationValue("Allergies or injuries")).toHaveText("Sore left wrist.");
  await expect(student.confirmationValue("Video call")).toHaveText("https://meet.example.com/pottery");
  await expect(student.confirmationValue("Price")).toHaveText("$30.00");

  const dashboard = new InstructorDashboard(await instructorContext.newPage());
  await dashboard.openBookings();
  await expect(dashboard.bookingRow("Ada")).toContainText("A few times");
  await expect(dashboard.bookingRow("Ada")).toContainText("Sore left wrist.");
  await instructorContext.close();
});
