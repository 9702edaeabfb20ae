import type { Page } from "@playwright/test";

/** Waits until the WASM bundle has hydrated the page, so forms submit through it. */
export async function waitForHydration(page: Page) {
  await page.locator("body[data-hydrated]").waitFor({ state: "attached" });
}
