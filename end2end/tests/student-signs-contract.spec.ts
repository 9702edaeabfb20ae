import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { StudentBooking } from "./pages/student";

test("a client on a phone reads the contract, signs it, answers the questionnaire and opens the signed copy", async ({ page, context, baseURL }) => {
  const slug = unique("contract");
  const setup = await StudioSetup.signUp(baseURL ?? "", `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  const contract = await setup.libraryForm({
    kind: "contract",
    title: "Model release",
    body: "I, {student_name}, book {session_name} with {studio_name} on {date}.\n\nPhotos may be shared online.",
  });
  const questionnaire = await setup.familyQuestionnaire();
  await setup.sessionType("Family portraits", 1, {
    price: "0",
    contract_id: String(contract),
    questionnaire_id: String(questionnaire),
  });
  await setup.openEveryDay("09:00-17:00");

  const client = new StudentBooking(page);
  await client.openStudio(slug);
  await client.chooseSessionType("Family portraits");
  await client.chooseFirstDayWithRoom();
  await client.chooseFirstSlot();
  await expect(page.getByRole("heading", { name: "Model release" })).toBeVisible();
  await expect(client.contractText()).toContainText("I, [your name], book Family portraits");
  await client.enterDetails("Ada Lovelace", "ada@example.com");

  await client.confirm();
  await expect(page.locator('[id="contract_name-error"]')).toHaveText("Type your full name and tick the box to sign the contract.");
  await expect(page.locator('[id="answers[0]-error"]')).toHaveText('"Who is in the photo?" is required.');

  await client.signContract("Ada King Lovelace");
  await page.getByRole("checkbox", { name: "Parents" }).check();
  await page.getByRole("checkbox", { name: "Pets" }).check();
  await page.getByLabel("Mobile (optional)").fill("+44 20 7946 0958");
  await page.screenshot({ path: test.info().outputPath("contract-signed-form.png"), fullPage: true });
  await client.confirm();
  await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  await expect(client.confirmationValue("Who is in the photo?")).toHaveText("Parents, Pets");

  const copyOpens = context.waitForEvent("page");
  await page.getByRole("link", { name: "Your signed contract" }).click();
  const copy = await copyOpens;
  await expect(copy.getByRole("heading", { name: "Model release" })).toBeVisible();
  await expect(copy.getByText("I, Ada Lovelace, book Family portraits")).toBeVisible();
  await expect(copy.locator("dt:text-is('Signed by') + dd")).toHaveText("Ada King Lovelace");
  await copy.screenshot({ path: test.info().outputPath("contract-signed-copy.png"), fullPage: true });
  await setup.dispose();
});
