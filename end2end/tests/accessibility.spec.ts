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

test("every page passes an automated accessibility check", async ({ page, baseURL }) => {
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

  const student = new StudentBooking(page);
  await student.openStudio(slug);
  await student.chooseSessionType("Consultation");
  await student.chooseFirstDayWithRoom();
  const day = page.url();
  await student.chooseFirstSlot();
  const withForm = page.url();
  await student.enterDetails("Ada", "ada@example.com");
  await page.getByLabel("Beginner").check();
  await student.confirm();
  await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  const confirmation = page.url();

  for (const path of ["/", "/signup", "/signin", "/forgot-password", "/reset-password?token=unknown", `/s/${slug}`, `/s/${slug}/${typeId}`, day, withForm, confirmation]) {
    await expectNoSeriousViolations(page, path.replace(baseURL ?? "", ""));
  }
});
