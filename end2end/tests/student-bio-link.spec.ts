import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";

test("a client on a phone opens the studio's Bio Link and reaches a published mini's booking page", async ({ page, baseURL }) => {
  const slug = unique("bio");
  const setup = await StudioSetup.signUp(baseURL ?? "", `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  await setup.offerings("UTC");
  const date = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
  const mini = await setup.sharedMini("Fall minis", date, 3);

  await page.goto(`/bio/${slug}`);
  await expect(page.getByText("Nothing is open for booking right now.")).toBeVisible();

  await setup.call("set_mini_visibility", { session_type_id: String(mini), visibility: "published" });
  await page.reload();
  const entry = page.getByRole("link", { name: /Fall minis/ });
  await expect(entry).toBeVisible();
  const box = await entry.boundingBox();
  expect(box?.height ?? 0, "a comfortable tap target").toBeGreaterThanOrEqual(44);
  expect(await page.locator("script").count(), "no script on the Bio Link").toBe(0);
  await page.screenshot({ path: test.info().outputPath("bio-link.png"), fullPage: true });

  await entry.click();
  await expect(page.getByRole("heading", { name: "Fall minis", level: 1 })).toBeVisible();
  await setup.dispose();
});
