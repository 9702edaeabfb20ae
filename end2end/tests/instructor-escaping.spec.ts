import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { waitForHydration } from "./pages/hydration";

test("text typed into the session type editor stays text when the editor shows it again", async ({ page }) => {
  const slug = unique("escape");
  const setup = await StudioSetup.signUpWith(page.request, `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  const attack = "</textarea><img src=x onerror=\"window.__broke_out = true\">";
  const id = await setup.sessionType("Lesson", 1, {
    description: `Before ${attack} after`,
    "questions[0][prompt]": "Level?",
    "questions[0][kind]": "single_choice",
    "questions[0][options]": `${attack}\nPlain`,
  });
  let dialogs = 0;
  page.on("dialog", async (dialog) => {
    dialogs += 1;
    await dialog.dismiss();
  });

  await page.goto(`/dashboard/session-types/${id}`);
  await waitForHydration(page);
  await expect(page.getByLabel("Description")).toHaveValue(`Before ${attack} after`);
  await expect(page.getByLabel("Choices, one per line")).toHaveValue(`${attack}\nPlain`);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __broke_out?: boolean }).__broke_out)).toBeUndefined();
  expect(dialogs).toBe(0);

  // Saving the form unchanged keeps the text exactly.
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Changes saved." })).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByLabel("Description")).toHaveValue(`Before ${attack} after`);
});
