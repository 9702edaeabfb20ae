import { expect, type Locator, type Page } from "@playwright/test";

/** Presses Tab until `target` has the focus, as a keyboard user would; fails if it never does. */
export async function tabTo(page: Page, target: Locator, maxPresses = 80) {
  for (let press = 0; press < maxPresses; press++) {
    if (await target.evaluate((element) => element === document.activeElement)) {
      await expectVisibleFocus(target);
      return;
    }
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target}`);
}

/** The focused control shows where the focus is. */
async function expectVisibleFocus(target: Locator) {
  const outline = await target.evaluate((element) => getComputedStyle(element).outlineStyle);
  expect(outline, "a visible focus outline").not.toBe("none");
}
