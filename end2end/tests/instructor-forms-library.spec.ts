import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";

test("an instructor writes a contract and a questionnaire in the library and attaches them to a session type", async ({ page, baseURL }) => {
  const slug = unique("library");
  const setup = await StudioSetup.signUpWith(page.request, `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  const typeId = await setup.sessionType("Family portraits", 1);

  await page.goto("/dashboard/forms");
  await expect(page.getByText("Your library is empty.")).toBeVisible();
  await page.getByRole("link", { name: "+ New contract" }).click();
  await expect(page.getByRole("heading", { name: "New contract" })).toBeVisible();
  await page.getByLabel("Title").fill("Model release");
  await page.getByLabel("Contract text").fill("I, {student_name}, owe {price}.");
  await page.getByRole("button", { name: "Save contract" }).click();
  await expect(page.locator('[id="body-error"]')).toContainText("There is no placeholder {price}.");
  await page.getByLabel("Contract text").fill("I, {student_name}, book {session_name} on {date}.");
  await page.getByRole("button", { name: "Save contract" }).click();
  await expect(page.getByRole("heading", { name: "Contracts & questionnaires" })).toBeVisible();

  await page.getByRole("link", { name: "+ New questionnaire" }).click();
  await page.getByLabel("Title").fill("Family details");
  await page.getByRole("button", { name: "Add question" }).click();
  await page.getByLabel("Question", { exact: true }).fill("Who is in the photo?");
  await page.getByLabel("Answer type").selectOption("checkboxes");
  await page.getByLabel("Choices, one per line").fill("Parents\nChildren");
  await page.getByRole("button", { name: "Save questionnaire" }).click();
  await expect(page.getByRole("heading", { name: "Family details" })).toBeVisible();
  await expect(page.getByText("1 question")).toBeVisible();

  await page.goto(`/dashboard/session-types/${typeId}`);
  await page.getByLabel("Contract", { exact: true }).selectOption({ label: "Model release" });
  await page.getByLabel("Questionnaire", { exact: true }).selectOption({ label: "Family details" });
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Changes saved.")).toBeVisible();

  await page.goto("/dashboard/forms");
  await expect(page.getByText("Used by Family portraits")).toHaveCount(2);
  await page.screenshot({ path: test.info().outputPath("forms-library.png"), fullPage: true });
  await page.getByRole("button", { name: "Remove Model release" }).click();
  await expect(page.getByRole("alert")).toContainText("Family portraits will stop asking for it");
  await page.getByRole("button", { name: "Yes, remove Model release" }).click();
  await expect(page.getByRole("heading", { name: "Model release" })).toHaveCount(0);
  await setup.dispose();
});
