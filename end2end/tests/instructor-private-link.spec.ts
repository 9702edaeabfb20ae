import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { waitForHydration } from "./pages/hydration";

test("a link-only type shows its share link, copies it, and a new link retires the old one", async ({ page, browser, baseURL, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const slug = unique("share");
  const setup = await StudioSetup.signUpWith(page.request, `${slug}@example.com`);
  await setup.studio(slug, "Europe/Berlin");
  await setup.openEveryDay("09:00-17:00");
  const id = await setup.sessionType("Private coaching", 1, { access_level: "private" });
  await setup.sessionType("One-to-one lesson", 1);

  await page.goto("/dashboard/session-types");
  await waitForHydration(page);
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Private coaching" }) });
  await expect(card.getByText("Link only")).toBeVisible();
  await expect(card).toContainText("1-to-1");
  const publicCard = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "One-to-one lesson" }) });
  await expect(publicCard.getByText("Link only")).toHaveCount(0);
  await expect(publicCard.getByRole("textbox")).toHaveCount(0);

  const field = card.getByRole("textbox", { name: "Share link of Private coaching" });
  const oldLink = await field.inputValue();
  expect(oldLink).toContain(`/s/${slug}/${id}?share=`);
  await card.getByRole("button", { name: "Copy share link of private coaching" }).click();
  await expect(card.getByRole("status")).toHaveText("Link copied.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(oldLink);

  await page.goto(`/dashboard/session-types/${id}`);
  await waitForHydration(page);
  const panel = page.getByRole("region", { name: "Share link" });
  await expect(panel.getByRole("textbox", { name: "Share link of Private coaching" })).toHaveValue(oldLink);
  await panel.getByRole("button", { name: "Make a new link" }).click();
  await expect(panel.getByRole("status").filter({ hasText: "New link made" })).toBeVisible();
  await expect(panel.getByRole("textbox", { name: "Share link of Private coaching" })).not.toHaveValue(oldLink);
  const newLink = await panel.getByRole("textbox", { name: "Share link of Private coaching" }).inputValue();

  const studentContext = await browser.newContext({ baseURL });
  const student = await studentContext.newPage();
  const old = await student.goto(oldLink.replace(/^https?:\/\/[^/]+/, ""));
  expect(old?.status()).toBe(404);
  await expect(student.getByRole("alert")).toContainText("not open for booking");
  const fresh = await student.goto(newLink.replace(/^https?:\/\/[^/]+/, ""));
  expect(fresh?.status()).toBe(200);
  await expect(student.getByRole("heading", { name: "Private coaching", level: 1 })).toBeVisible();
  await studentContext.close();
});
