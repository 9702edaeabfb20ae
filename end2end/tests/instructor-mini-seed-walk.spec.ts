import { expect, test, type Browser, type Page } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { CardPayment, TEST_CARDS } from "./pages/card";
import { waitForHydration } from "./pages/hydration";
import { InstructorDashboard } from "./pages/instructor";
import { Mailbox } from "./pages/mailbox";
import { MiniSessionOverview } from "./pages/mini";
import { StudentBooking } from "./pages/student";

function isoDaysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A client's own phone: a browser of their own, 390×844. */
async function phone(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
  return context.newPage();
}

/** Fills in the mini's booking form as a client: details, package, contract, questionnaire. */
async function fillInTheForm(client: StudentBooking, name: string, email: string) {
  await expect(client.contractText()).toContainText("I, [your name], book Fall minis");
  await client.enterDetails(name, email);
  await client.choosePackage("Classic: $150.00");
  await client.signContract(name);
  await client.page.getByRole("checkbox", { name: "Parents" }).check();
  await client.page.getByLabel("Mobile (optional)").fill("+1 555 0100");
  await client.choosePayment("Pay a 30% retainer online by card (the rest at the session)");
  await client.confirm();
}

test("the seed article end to end: a mini with two dates, forms, packages and a reserved spot, booked on phones, then moved and cancelled, with every email in maildev", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const slug = unique("seed");
  const instructorEmail = `${slug}@example.com`;
  const setup = await StudioSetup.signUpWith(page.request, instructorEmail);
  await setup.studio(slug, "UTC");
  // "Payment must be set up first": cards through the Stripe emulator.
  await setup.takeCardsOnly();
  await setup.libraryForm({
    kind: "contract",
    title: "Mini release",
    body: "I, {student_name}, book {session_name} with {studio_name} on {date} at {time}.",
  });
  await setup.familyQuestionnaire();
  const dashboard = new InstructorDashboard(page);
  const mini = new MiniSessionOverview(page);

  let miniPath = "";
  await test.step("create the mini with two dates, one with a break", async () => {
    await mini.create("Fall minis");
    miniPath = new URL(page.url()).pathname;
    await mini.openNewDateForm();
    await mini.fillDate(mini.newDateForm(), {
      date: isoDaysFromToday(20), spots: "4", start: "09:00", duration: "20", gap: "10",
      location: "Rose garden", breaks: [["2", "30"]],
    });
    await expect(mini.preview(mini.newDateForm()).getByRole("listitem")).toHaveCount(4);
    await mini.saveDate(mini.newDateForm());
    await expect(page.getByRole("article")).toHaveCount(1);
    await mini.openNewDateForm();
    await mini.fillDate(mini.newDateForm(), {
      date: isoDaysFromToday(27), spots: "3", start: "10:00", duration: "20", gap: "10", location: "Maple park",
    });
    await mini.saveDate(mini.newDateForm());
    await expect(page.getByRole("article")).toHaveCount(2);
  });

  await test.step("session details: description, price, contract, questionnaire, two packages, a retainer", async () => {
    await page.getByRole("link", { name: "+ Add session details" }).click();
    await expect(page.getByRole("heading", { name: "Session details" })).toBeVisible();
    await waitForHydration(page);
    await page.getByLabel("Description").fill("Twenty minutes in the rose garden, ten edited photos.");
    await page.getByLabel("Price", { exact: true }).fill("150");
    await page.getByLabel("Contract", { exact: true }).selectOption({ label: "Mini release" });
    await page.getByLabel("Questionnaire", { exact: true }).selectOption({ label: "Family details" });
    await dashboard.addPackage(1, { name: "Classic", price: "150" });
    await dashboard.addPackage(2, { name: "Deluxe", price: "250", included: "Every photo\nPrint release" });
    await page.getByText("Advanced settings").click();
    await page.getByLabel("Card payments at booking take").selectOption({ label: "A retainer" });
    await page.getByLabel("Retainer (amount, or a percentage such as 25%)").fill("30%");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Changes saved." })).toBeVisible();
    await page.getByRole("link", { name: "Back to Fall minis" }).click();
    await expect(page.getByRole("heading", { name: "Fall minis" })).toBeVisible();
    await waitForHydration(page);
  });

  const firstDate = mini.date(/^\w+ \d+ \w+ \d{4}$/).first();
  let reservedLink = "";
  let reservedTime = "";
  await test.step("reserve spot 3 of the first date for the Jones family, 10% off", async () => {
    await mini.reserve(firstDate, 3, "The Jones family", "10%");
    const direct = firstDate.getByRole("textbox", { name: "Direct link to spot 3" });
    await expect(direct).toHaveValue(/share=reserved-/);
    reservedLink = await direct.inputValue();
    reservedTime = /· (\d\d:\d\d)/.exec((await mini.spot(firstDate, 3).textContent()) ?? "")?.[1] ?? "";
    expect(reservedTime, "spot 3 comes after the break").toBe("10:30");
  });

  await test.step("Client View, Share and Publish", async () => {
    const tab = await mini.openClientView();
    await expect(tab.getByRole("status").filter({ hasText: /^Preview: / })).toBeVisible();
    await tab.close();
    await page.getByRole("button", { name: "Share" }).click();
    await page.getByRole("button", { name: "Share this mini session" }).click();
    await expect(page.getByText("Status: Shared")).toBeVisible();
    await page.getByRole("button", { name: "Share" }).click();
    await page.getByRole("button", { name: "Publish to Booking Site and Bio Link" }).click();
    await expect(page.getByText("Status: Published")).toBeVisible();
  });

  const maya = `${slug}-maya@example.com`;
  await test.step("a client on a phone books a spot, signs, answers and pays a retainer", async () => {
    const client = new StudentBooking(await phone(browser, baseURL ?? ""));
    await client.page.goto(`/bio/${slug}`);
    await client.page.getByRole("link", { name: /Fall minis/ }).click();
    await expect(client.page.getByRole("heading", { name: "Fall minis", level: 1 })).toBeVisible();
    await waitForHydration(client.page);
    await client.chooseFirstDayWithRoom();
    await expect(client.slots()).toHaveCount(3, { timeout: 10_000 });
    await client.chooseSlot(client.slots().first());
    await fillInTheForm(client, "Maya Jones", maya);
    const card = new CardPayment(client.page);
    await expect(card.section()).toContainText("Retainer due now: $45.00 (the other $105.00 at the session)");
    await card.enterCard(TEST_CARDS.pays);
    await card.pay("$45.00");
    await expect(client.page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
    await client.page.screenshot({ path: test.info().outputPath("seed-client-booked.png"), fullPage: true });
    await client.page.context().close();
  });

  const jones = `${slug}-jones@example.com`;
  await test.step("the Jones family books their reserved spot through its direct link, 10% off", async () => {
    const client = new StudentBooking(await phone(browser, baseURL ?? ""));
    const direct = new URL(reservedLink);
    await client.page.goto(direct.pathname + direct.search);
    await waitForHydration(client.page);
    await client.chooseFirstDayWithRoom();
    await client.chooseSlot(client.slots().filter({ hasText: reservedTime }));
    await fillInTheForm(client, "Ann Jones", jones);
    const card = new CardPayment(client.page);
    await expect(card.section()).toContainText("Retainer due now: $40.50 (the other $94.50 at the session)");
    await card.enterCard(TEST_CARDS.pays);
    await card.pay("$40.50");
    await expect(client.page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
    await client.page.context().close();
  });


  await test.step("the roster of the first date shows both clients with their forms and payments", async () => {
    await page.goto(miniPath);
    await waitForHydration(page);
    await mini.openRoster(firstDate);
    const mayas = page.getByRole("row", { name: /^1 · 09:00–09:20 UTC/ });
    await expect(mayas.getByRole("link", { name: "Maya Jones" })).toBeVisible();
    for (const status of ["Classic", "Retainer of $45.00 paid online by card; $105.00 due at the session", "Signed", "Answered", "Confirmed"]) await expect(mayas).toContainText(status);
    await expect(page.getByRole("row", { name: /^3 · 10:30–10:50 UTC/ })).toContainText("Ann Jones");
    await page.screenshot({ path: test.info().outputPath("seed-roster.png"), fullPage: true });
  });

  await test.step("the instructor moves Maya to spot 2", async () => {
    await dashboard.openBooking("Maya Jones");
    const date = isoDaysFromToday(20);
    await page.goto(`${new URL(page.url()).pathname}?month=${date.slice(0, 7)}&date=${date}`);
    await waitForHydration(page);
    await page.getByRole("button", { name: "Move to 09:30" }).click();
    await expect(page.locator('dt:text-is("When") + dd')).toContainText("09:30–09:50");
  });

  await test.step("the instructor cancels the Jones family's booking; their retainer goes back", async () => {
    await dashboard.openBooking("Ann Jones");
    await expect(page.getByText("Cancelling gives back $40.50 to the student's card.")).toBeVisible();
    await page.getByLabel("Message to the student (optional)").fill("The garden is closed for a wedding.");
    await page.getByRole("button", { name: "Cancel booking" }).click();
    await expect(page.locator(".confirmation .badge").first()).toHaveText("Cancelled");
    await expect(page.getByRole("region", { name: "Payments and refunds" })).toContainText(/Refun(ded|d on its way)/);
  });

  await test.step("every email arrived", async () => {
    const mailbox = new Mailbox();
    // Paid by card: the receipt, then the confirmation (the first email, "Booked" or "Reserved,
    // payment due", depends on whether the payment beat it).
    await mailbox.latestEmailTo(maya, "Receipt: $45.00 paid to");
    const confirmed = await mailbox.latestEmailTo(maya, "Confirmed: Fall minis");
    expect(confirmed.text).toContain("Rose garden");
    await mailbox.latestEmailTo(instructorEmail, "New booking: Maya Jones, Fall minis");
    await mailbox.latestEmailTo(maya, "Moved: Fall minis");
    await mailbox.latestEmailTo(instructorEmail, "Moved: Maya Jones, Fall minis");
    await mailbox.latestEmailTo(jones, "Receipt: $40.50 paid to");
    await mailbox.latestEmailTo(jones, "Confirmed: Fall minis");
    const cancelled = await mailbox.latestEmailTo(jones, "Cancelled: Fall minis");
    expect(cancelled.text).toContain("The garden is closed for a wedding.");
  });
  await setup.dispose();
});
