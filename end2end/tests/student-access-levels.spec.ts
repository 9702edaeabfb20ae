import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { StudentBooking } from "./pages/student";

test("a guest is refused a members-only type and never sees a private one without its link", async ({ page, baseURL }) => {
  const slug = unique("access");
  const setup = await StudioSetup.signUp(baseURL ?? "", `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  const membersOnly = await setup.sessionType("Members masterclass", 6, { access_level: "members_only" });
  await setup.sessionType("Secret portrait session", 1, { access_level: "private" });
  await setup.sessionType("Open class", 6);
  await setup.openEveryDay("09:00-17:00");
  const shareLink = (await setup.sessionTypes()).find((type) => type.name === "Secret portrait session")?.share_link ?? "";
  expect(shareLink).toContain("share=");

  const student = new StudentBooking(page);
  await student.openStudio(slug);
  await expect(page.getByRole("link", { name: "Book Open class" })).toBeVisible();
  await expect(page.getByText("Some sessions are for members only.")).toBeVisible();
  const html = await page.content();
  expect(html).not.toContain("Members masterclass");
  expect(html).not.toContain("Secret portrait session");

  await page.goto(`/s/${slug}/${membersOnly}`);
  await expect(page.getByRole("alert")).toContainText("This session is for members only.");

  const privateId = new URL(shareLink).pathname.split("/").at(-1);
  await page.goto(`/s/${slug}/${privateId}`);
  await expect(page.getByRole("alert")).toContainText("This session type is not open for booking.");

  await page.goto(shareLink);
  await expect(page.getByRole("heading", { name: "Secret portrait session", level: 1 })).toBeVisible();
  await student.chooseFirstDayWithRoom();
  await student.chooseFirstSlot();
  await student.enterDetails("Ada", "ada@example.com");
  await student.confirm();
  await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  await setup.dispose();
});
