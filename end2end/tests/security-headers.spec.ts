import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { waitForHydration } from "./pages/hydration";

test("every page sends a nonce-based Content-Security-Policy and still hydrates under it", async ({ page }) => {
  const slug = unique("csp");
  const setup = await StudioSetup.signUpWith(page.request, `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  const id = await setup.sessionType("Lesson", 1);
  await setup.openEveryDay("09:00-17:00");
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
  });

  for (const path of ["/", "/signin", "/dashboard", "/dashboard/session-types", `/s/${slug}`, `/s/${slug}/${id}`, "/no-such-page"]) {
    const response = await page.goto(path);
    const headers = response?.headers() ?? {};
    const policy = headers["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce, `${path}: ${policy}`).toBeTruthy();
    for (const directive of ["object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"]) {
      expect(policy, path).toContain(directive);
    }
    expect(policy, path).not.toContain("unsafe-inline");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["referrer-policy"], path).toBe("same-origin");
    expect(headers["cache-control"], path).toBe("private, no-cache");
    // Every script of the page carries the nonce, and the page hydrates.
    const scripts = await page.locator("script").evaluateAll((elements) =>
      elements.map((element) => (element as HTMLScriptElement).nonce),
    );
    expect(scripts.length, path).toBeGreaterThan(0);
    expect(new Set(scripts), path).toEqual(new Set([nonce]));
    await waitForHydration(page);
  }
  expect(violations).toEqual([]);

  // Hashed files are kept for a year; the rest is revalidated.
  await page.goto("/");
  const script = (await page.locator('link[rel="modulepreload"]').first().getAttribute("href")) ?? "";
  expect(script).toMatch(/\/ipkg\/bookable\.[A-Za-z0-9_-]+\.js$/);
  const asset = await page.request.get(script);
  expect(asset.status()).toBe(200);
  expect(asset.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  const stylesheet = (await page.locator('link[rel="stylesheet"]').first().getAttribute("href")) ?? "";
  expect(stylesheet).toMatch(/\/ipkg\/bookable\.[A-Za-z0-9_-]+\.css$/);
  const icon = await page.request.get("/favicon.svg");
  expect(icon.headers()["cache-control"]).toBe("no-cache");
});
