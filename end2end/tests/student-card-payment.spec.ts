import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { CardPayment, TEST_CARDS } from "./pages/card";
import { StudentBooking } from "./pages/student";

async function studioTakingCards(baseURL: string): Promise<{ slug: string; setup: StudioSetup }> {
  const slug = unique("cards");
  const setup = await StudioSetup.signUp(baseURL, `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  await setup.takeCardsOnly();
  await setup.sessionType("Lesson", 1);
  await setup.openEveryDay("09:00-12:00");
  return { slug, setup };
}

async function bookChoosingCard(student: StudentBooking, slug: string) {
  await student.openStudio(slug);
  await student.chooseSessionType("Lesson");
  await student.chooseFirstDayWithRoom();
  await student.chooseFirstSlot();
  await student.enterDetails("Ada Lovelace", "ada@example.com");
  await student.choosePayment("Pay online by card");
  await student.confirm();
  await expect(student.page.getByRole("heading", { name: "Your spot is reserved" })).toBeVisible();
}

test("a student pays by card on a phone, after the bank's reason for a declined card", async ({ page, baseURL }) => {
  const { slug, setup } = await studioTakingCards(baseURL ?? "");
  const student = new StudentBooking(page);
  await bookChoosingCard(student, slug);
  const card = new CardPayment(page);
  await expect(card.section()).toContainText("$30.00");

  await card.enterCard(TEST_CARDS.declined);
  await card.pay("$30.00");
  await expect(card.problem()).toHaveText("Your card was declined.");
  await expect(page.getByRole("heading", { name: "Your spot is reserved" })).toBeVisible();

  await card.enterCard(TEST_CARDS.pays);
  await card.pay("$30.00");
  await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  await expect(student.confirmationValue("Status")).toHaveText("Confirmed");
  await expect(card.section()).toHaveCount(0);
  await setup.dispose();
});

test("a card whose bank asks for 3-D Secure is confirmed once the student authenticates", async ({ page, baseURL }) => {
  const { slug, setup } = await studioTakingCards(baseURL ?? "");
  const student = new StudentBooking(page);
  await bookChoosingCard(student, slug);
  const card = new CardPayment(page);
  await card.enterCard(TEST_CARDS.needs3dSecure);
  await card.pay("$30.00");
  await page.getByRole("button", { name: "Complete authentication" }).click();
  await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  await setup.dispose();
});
