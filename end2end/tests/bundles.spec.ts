import { expect, test, type Page } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { isoDateIn } from "./pages/instructor";
import { waitForHydration } from "./pages/hydration";

/** The paths of the JS and WASM files a page loads, as the browser requested them. */
function bundleRequests(page: Page): string[] {
  const requested: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (/\.(js|wasm)$/.test(path)) requested.push(path);
  });
  return requested;
}

test("student pages load only the student's bundle, and the dashboard brings its own", async ({ browser, baseURL }) => {
  const slug = unique("bundles");
  const setup = await StudioSetup.signUp(baseURL ?? "", `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  const id = await setup.sessionType("Lesson", 1);
  await setup.openEveryDay("09:00-17:00");
  const date = isoDateIn("UTC", 3);
  const guest = await StudioSetup.anonymous(baseURL ?? "");
  const booking = await guest.bookAsGuest(slug, id, `${date}T10:00:00Z`, "Ada", "ada@example.com");

  const student = await browser.newContext({ baseURL });
  const page = await student.newPage();
  const requested = bundleRequests(page);
  for (const path of [`/s/${slug}`, `/s/${slug}/${id}?date=${date}`, booking, `${booking}/reschedule?date=${date}`, "/signin/email", "/my-bookings"]) {
    requested.length = 0;
    await page.goto(path);
    await waitForHydration(page);
    expect(requested.some((path) => path.startsWith("/pkg/")), `${path} loads the student's bundle`).toBe(true);
    expect(requested.filter((path) => path.startsWith("/ipkg/")), `${path} loads no instructor code`).toEqual([]);
  }

  // A link from a student page to the instructor's side is a full page load of the other bundle.
  requested.length = 0;
  await page.goto("/no-such-page");
  await waitForHydration(page);
  await page.getByRole("link", { name: "Go to the start page" }).click();
  await expect(page.getByRole("heading", { name: "Bookable", level: 1 })).toBeVisible();
  await waitForHydration(page);
  expect(requested.some((path) => path.startsWith("/ipkg/"))).toBe(true);
  await student.close();

  // A signed-in instructor who follows an in-app link from a student page to the dashboard
  // gets the dashboard, hydrated by the instructor's bundle.
  const instructor = await browser.newContext({ baseURL });
  await StudioSetup.signUpWith(instructor.request, `${slug}-owner@example.com`);
  const own = await instructor.newPage();
  const loaded = bundleRequests(own);
  await own.goto(`/s/${slug}`);
  await waitForHydration(own);
  await own.evaluate(() => {
    const link = document.createElement("a");
    link.href = "/dashboard";
    link.textContent = "Open the dashboard";
    document.querySelector("main")?.append(link);
  });
  await own.getByRole("link", { name: "Open the dashboard" }).click();
  await expect(own.getByRole("navigation", { name: "Dashboard" })).toBeVisible();
  await expect(own).toHaveURL(/\/dashboard$/);
  await waitForHydration(own);
  expect(loaded.some((path) => path.startsWith("/ipkg/"))).toBe(true);
  await instructor.close();
  await setup.dispose();
  await guest.dispose();
});
