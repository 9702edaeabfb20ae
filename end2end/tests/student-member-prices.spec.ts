import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { Mailbox, linkIn } from "./pages/mailbox";
import { StudentBooking } from "./pages/student";
import { waitForHydration } from "./pages/hydration";

test("a member signs in by email and sees the member price; a guest sees the other", async ({ page, browser, baseURL }) => {
  const slug = unique("prices");
  const memberEmail = `${slug}-member@example.com`;
  const setup = await StudioSetup.signUp(baseURL ?? "", `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  await setup.sessionType("Wheel class", 4, { price: "40", non_member_price: "55" });
  await setup.openEveryDay("09:00-17:00");
  await setup.addMember("Mia Member", memberEmail);

  const guestContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true });
  const guest = new StudentBooking(await guestContext.newPage());
  await guest.openStudio(slug);
  await expect(guest.page.locator(".type-card .meta")).toContainText("$55.00");
  await guestContext.close();

  const member = new StudentBooking(page);
  await member.openStudio(slug);
  await page.getByRole("link", { name: "Member? Sign in" }).click();
  await waitForHydration(page);
  await page.getByLabel("Email").fill(memberEmail);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText("Check your inbox");
  const email = await new Mailbox().latestTo(memberEmail, "Your sign-in link");
  await page.goto(linkIn(email, `${baseURL}/signin/link?token=`));
  await waitForHydration(page);
  await page.getByRole("button", { name: "Sign me in" }).click();
  await expect(page.locator(".member-status")).toContainText(`Signed in as ${memberEmail}`);
  await expect(page.locator(".type-card .meta")).toContainText("$40.00 (member price)");

  await member.chooseSessionType("Wheel class");
  await member.chooseFirstDayWithRoom();
  await member.chooseFirstSlot();
  await expect(page.getByText(`Booking as ${memberEmail}`)).toBeVisible();
  await page.getByLabel("Your name").fill("Mia Member");
  await member.confirm();
  await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  await expect(member.confirmationValue("Price")).toHaveText("$40.00 (member price)");
  await setup.dispose();
});
