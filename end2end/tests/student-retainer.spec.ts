import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { CardPayment, TEST_CARDS } from "./pages/card";
import { StudentBooking } from "./pages/student";

test("a student on a phone pays a 30% retainer by card and sees the rest due at the session", async ({ page, baseURL }) => {
  const slug = unique("retainer");
  const setup = await StudioSetup.signUp(baseURL ?? "", `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  await setup.takeCardsOnly();
  await setup.sessionType("Portrait", 1, { price: "150", card_collection: "retainer", retainer: "30%" });
  await setup.openEveryDay("09:00-12:00");

  const student = new StudentBooking(page);
  await student.openStudio(slug);
  await student.chooseSessionType("Portrait");
  await student.chooseFirstDayWithRoom();
  await student.chooseFirstSlot();
  await student.enterDetails("Ada Lovelace", "ada@example.com");
  await student.choosePayment("Pay a $45.00 retainer online by card ($105.00 at the session)");
  await student.confirm();

  const card = new CardPayment(page);
  await expect(card.section()).toContainText("Retainer due now: $45.00 (the other $105.00 at the session)");
  // The narrowest phones still show the whole card section without sideways scrolling.
  await page.setViewportSize({ width: 320, height: 640 });
  await card.section().scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.screenshot({ path: test.info().outputPath("retainer-card-320.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  await card.enterCard(TEST_CARDS.pays);
  await card.pay("$45.00");
  await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  await expect(student.confirmationValue("Price")).toHaveText("$150.00");
  await expect(student.confirmationValue("Payment")).toHaveText(
    "Retainer of $45.00 paid online by card; $105.00 due at the session",
  );
  await page.screenshot({ path: test.info().outputPath("retainer-paid.png"), fullPage: true });
  await setup.dispose();
});
