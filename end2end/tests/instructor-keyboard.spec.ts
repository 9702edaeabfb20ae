import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { waitForHydration } from "./pages/hydration";
import { tabTo } from "./pages/keyboard";

test("an instructor signs in, changes settings and creates a session type with the keyboard alone", async ({ page, browser, baseURL }) => {
  const slug = unique("keys");
  const email = `${slug}@example.com`;
  const setupContext = await browser.newContext({ baseURL });
  const setup = await StudioSetup.signUpWith(setupContext.request, email);
  await setup.studio(slug, "Europe/Paris");
  await setupContext.close();

  await page.goto("/signin");
  await waitForHydration(page);
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  await page.keyboard.type("correct horse battery");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/dashboard$/);
  await waitForHydration(page);

  await tabTo(page, page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Settings" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await waitForHydration(page);
  await tabTo(page, page.getByLabel("Check by mail"));
  await page.keyboard.press("Space");
  await tabTo(page, page.getByRole("button", { name: "Save settings" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  await expect(page.getByLabel("Check by mail")).toBeChecked();

  await tabTo(page, page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Session types" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Session types", level: 1 })).toBeVisible();
  await waitForHydration(page);
  await tabTo(page, page.getByLabel("Session name"));
  await page.keyboard.type("Keyboard lesson");
  await tabTo(page, page.getByLabel("Price", { exact: true }));
  await page.keyboard.type("25");
  await tabTo(page, page.getByLabel("Status", { exact: true }));
  await page.keyboard.press("ArrowDown");
  await tabTo(page, page.getByRole("button", { name: "Add question" }));
  await page.keyboard.press("Enter");
  const question = page.getByRole("group", { name: "Question 1", exact: true });
  await tabTo(page, question.getByLabel("Question", { exact: true }));
  await page.keyboard.type("What is your goal?");
  await tabTo(page, page.getByText("Advanced settings"));
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByLabel("Max sessions per day"));
  await page.keyboard.type("4");
  await tabTo(page, page.getByRole("button", { name: "Create session type" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Session type created." })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Keyboard lesson" }) })).toContainText("Active");
});
