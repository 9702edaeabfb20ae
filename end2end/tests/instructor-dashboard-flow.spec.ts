import { expect, test } from "@playwright/test";
import path from "node:path";
import { EVERY_DAY, InstructorDashboard, isoDateIn, previewLabel } from "./pages/instructor";
import { StudentBooking } from "./pages/student";
import { unique } from "./pages/api";

const COVER = path.join(__dirname, "fixtures", "cover.png");

test("an instructor sets up personal sessions from sign-up to archiving a type", async ({ page, browser, baseURL }) => {
  const dashboard = new InstructorDashboard(page);
  const slug = unique("flow");
  const zone = "America/New_York";
  await dashboard.signUp(`${slug}@example.com`, "correct horse battery");
  await dashboard.saveStudio("Flow Studio", slug, "Europe/Berlin");
  await dashboard.saveSettings({
    personalSessions: true,
    showOnLanding: true,
    defaultAccess: "Public",
    timezone: zone,
    currency: "USD",
    payAtSession: true,
    payByCheck: true,
  });
  await expect(page.getByLabel("Card payment with Stripe")).toBeDisabled();
  await expect(page.getByText("Stripe is not connected: connect it to take card payments.")).toBeVisible();

  await dashboard.open("/dashboard/session-types");
  await dashboard.fillSessionType({
    name: "Private lesson",
    description: "One hour, one to one.",
    duration: "1 h",
    capacity: "1",
    price: "40",
    status: "Active",
    location: "Studio A, 12 Elm Street",
  });
  await page.getByLabel("Video call link (optional)").fill("https://meet.example.com/flow");
  await dashboard.uploadCover(COVER);
  await dashboard.addQuestion(1, { prompt: "Your level?", kind: "Single choice", options: "Beginner\nAdvanced", required: true });
  await dashboard.addQuestion(2, { prompt: "Anything we should know?", kind: "Long text" });
  await dashboard.fillAdvanced({
    nonMemberPrice: "55",
    accessLevel: "Public",
    buffer: "15 min",
    maxPerDay: "3",
    minLeadHours: "2",
    maxLeadDays: "30",
  });
  await page.getByRole("button", { name: "Create session type" }).click();
  await expect(page.getByRole("status")).toContainText("Session type created.");
  await expect(dashboard.sessionTypeCard("Private lesson")).toContainText("$40.00 members · $55.00");

  await dashboard.cardAction("Private lesson", "Edit");
  await expect(page.getByLabel("Video call link (optional)")).toHaveValue("https://meet.example.com/flow");
  await expect(page.getByRole("img", { name: "Current cover image" })).toBeVisible();
  const firstQuestion = page.getByRole("group", { name: "Question 1", exact: true });
  await expect(firstQuestion.getByLabel("Question", { exact: true })).toHaveValue("Your level?");
  await expect(firstQuestion.getByLabel("Required")).toBeChecked();
  await expect(page.getByRole("group", { name: "Question 2", exact: true }).getByLabel("Answer type")).toHaveValue("long_text");
  await page.getByText("Advanced settings").click();
  await expect(page.getByLabel("Max sessions per day")).toHaveValue("3");
  await expect(page.getByLabel("Min lead time (hours)")).toHaveValue("2");

  await dashboard.setWeeklyHours(EVERY_DAY("09:00-12:00"));
  const shortened = isoDateIn(zone, 4);
  await dashboard.setDateHours(shortened, "15:00-17:00");
  // One-hour sessions start on the hour from opening time: the 15-minute buffer keeps bookings
  // apart, not away from the opening time.
  const ordinary = dashboard.previewDay(previewLabel(isoDateIn(zone, 3)));
  await expect(ordinary.getByRole("listitem")).toHaveText(["09:00", "10:00", "11:00"]);
  const special = dashboard.previewDay(previewLabel(shortened));
  await expect(special.getByRole("listitem")).toHaveText(["15:00", "16:00"]);

  const studentContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const student = new StudentBooking(await studentContext.newPage());
  await student.openStudio(slug);
  const card = student.page.getByRole("listitem").filter({ hasText: "Private lesson" });
  await expect(card.locator("img.cover")).toBeVisible();
  // A visitor who is not a signed-in member sees the non-member price.
  await expect(card).toContainText("$55.00");

  await dashboard.open("/dashboard/session-types");
  await dashboard.cardAction("Private lesson", "Pause");
  await expect(dashboard.sessionTypeCard("Private lesson")).toContainText("Paused");
  await student.openStudio(slug);
  await expect(student.page.getByText("Nothing is open for booking right now.")).toBeVisible();

  await dashboard.cardAction("Private lesson", "Archive");
  await dashboard.filterByStatus("Archived");
  await expect(dashboard.sessionTypeCard("Private lesson")).toContainText("Archived");
  await studentContext.close();
});
