import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { StudentBooking } from "./pages/student";

test("the booking form explains an empty name and a malformed email beside the fields", async ({ page, baseURL }) => {
  const slug = unique("strict");
  const setup = await StudioSetup.signUp(baseURL!, `${slug}@example.com`);
  await setup.studio(slug, "Asia/Kolkata");
  await setup.sessionType("Consultation", 1);
  await setup.openEveryDay("09:00-18:00");
  await setup.dispose();

  const student = new StudentBooking(page);
  await student.openStudio(slug);
  await student.chooseSessionType("Consultation");
  await student.chooseFirstDayWithRoom();
  await student.chooseFirstSlot();
  await student.enterDetails("   ", "ada@example");
  await student.confirm();

  await expect(page.locator("#student_name-error")).toHaveText("Name is required.");
  await expect(page.locator("#student_email-error")).toHaveText("Enter an email address like name@example.com.");
  await expect(page.getByLabel("Your name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Your email")).toHaveValue("ada@example");
  await expect(page.getByRole("heading", { name: "You're booked!" })).toHaveCount(0);
});
