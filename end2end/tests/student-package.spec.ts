import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { CardPayment, TEST_CARDS } from "./pages/card";
import { StudentBooking } from "./pages/student";

test("a student on a phone picks a package and pays its retainer by card", async ({ page, baseURL }) => {
  const slug = unique("package");
  const setup = await StudioSetup.signUp(baseURL ?? "", `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  await setup.takeCardsOnly();
  await setup.sessionType("Portrait", 1, {
    price: "100",
    card_collection: "retainer",
    retainer: "30%",
    "packages[0][name]": "5 photos",
    "packages[0][price]": "150",
    "packages[1][name]": "All photos",
    "packages[1][price]": "250",
    "packages[1][description]": "Every photo of the session.",
    "packages[1][included]": "Online gallery\nPrint release",
  });
  await setup.openEveryDay("09:00-12:00");

  const student = new StudentBooking(page);
  await student.openStudio(slug);
  await expect(page.getByText("From $150.00")).toBeVisible();
  await student.chooseSessionType("Portrait");
  await student.chooseFirstDayWithRoom();
  await student.chooseFirstSlot();
  await student.enterDetails("Ada Lovelace", "ada@example.com");
  await expect(page.getByText("Every photo of the session. Includes: Online gallery, Print release.")).toBeVisible();
  await student.choosePayment("Pay a 30% retainer online by card (the rest at the session)");
  await student.confirm();
  await expect(page.getByText("Choose a package.")).toBeVisible();

  await student.choosePackage("All photos: $250.00");
  await page.screenshot({ path: test.info().outputPath("package-choice.png"), fullPage: true });
  await student.confirm();
  const card = new CardPayment(page);
  await expect(card.section()).toContainText("Retainer due now: $75.00 (the other $175.00 at the session)");
  await card.enterCard(TEST_CARDS.pays);
  await card.pay("$75.00");
  await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  await expect(student.confirmationValue("Price")).toHaveText("All photos: $250.00");
  await setup.dispose();
});
