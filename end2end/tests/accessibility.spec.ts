import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { StudentBooking } from "./pages/student";
import { waitForHydration } from "./pages/hydration";

async function expectNoSeriousViolations(page: Page, path: string) {
  await page.goto(path);
  await waitForHydration(page);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`);
  expect(serious, `${path} has serious accessibility violations`).toEqual([]);
}

test("every page passes an automated accessibility check", async ({ page, browser, baseURL }) => {
  // Over thirty pages, each loaded, hydrated and analysed.
  test.setTimeout(180_000);
  const slug = unique("a11y");
  const setup = await StudioSetup.signUpWith(page.request, `${slug}@example.com`);
  await setup.studio(slug, "Europe/Berlin");
  const typeId = await setup.sessionType("Consultation", 2, {
    "questions[0][prompt]": "Your level?",
    "questions[0][kind]": "single_choice",
    "questions[0][options]": "Beginner\nAdvanced",
    "questions[0][required]": "on",
    "questions[1][prompt]": "Anything we should know?",
    "questions[1][kind]": "long_text",
  });
  await setup.openEveryDay("09:00-17:00");
  await setup.addMember("Ada Lovelace", "ada@example.com");

  for (const path of [
    "/dashboard",
    "/dashboard/settings",
    "/dashboard/session-types",
    `/dashboard/session-types/${typeId}`,
    "/dashboard/availability",
    "/dashboard/members",
    "/dashboard/bookings",
    "/dashboard/account",
  ]) {
    await expectNoSeriousViolations(page, path);
  }

  // The student books as a guest, in a browser of their own.
  const studentContext = await browser.newContext({ baseURL });
  const studentPage = await studentContext.newPage();
  const student = new StudentBooking(studentPage);
  await student.openStudio(slug);
  await student.chooseSessionType("Consultation");
  await student.chooseFirstDayWithRoom();
  const day = studentPage.url();
  await student.chooseFirstSlot();
  const withForm = studentPage.url();
  // The hold's form, before it becomes the confirmation at the same address.
  await expectNoSeriousViolations(studentPage, withForm.replace(baseURL ?? "", ""));
  await student.enterDetails("Ada", "ada@example.com");
  await studentPage.getByLabel("Beginner").check();
  await student.confirm();
  await expect(studentPage.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  const confirmation = studentPage.url();

  for (const path of [
    "/",
    "/signup",
    "/signin",
    "/forgot-password",
    "/reset-password?token=unknown",
    "/signin/email",
    "/signin/link?token=unknown",
    `/s/${slug}`,
    `/s/${slug}/${typeId}`,
    day,
    confirmation,
    `${confirmation}/reschedule`,
  ]) {
    await expectNoSeriousViolations(studentPage, path.replace(baseURL ?? "", ""));
  }
  await studentContext.close();

  await page.goto("/dashboard/bookings");
  const detail = (await page.getByRole("link", { name: /Open the booking of Ada/ }).getAttribute("href")) ?? "";
  for (const path of [detail, "/dashboard/bookings?view=agenda&range=week", "/dashboard/bookings?view=agenda&range=day"]) {
    await expectNoSeriousViolations(page, path);
  }
});
