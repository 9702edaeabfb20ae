import { expect, test } from "@playwright/test";
import { InstructorDashboard } from "./pages/instructor";
import { MiniSessionOverview } from "./pages/mini";
import { unique } from "./pages/api";

function isoDaysFromToday(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

test("an instructor lays out a mini's spots with a preview computed in the browser as they type", async ({ page }) => {
  const dashboard = new InstructorDashboard(page);
  const slug = unique("minis");
  await dashboard.signUp(`${slug}@example.com`, "correct horse battery");
  await dashboard.saveStudio("Fern Photo", slug, "UTC");
  const mini = new MiniSessionOverview(page);
  await mini.create("Fall minis");
  await expect(page.getByText("No dates yet.")).toBeVisible();

  await mini.openNewDateForm();
  const form = mini.newDateForm();
  const calls: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/api/")) calls.push(request.url());
  });
  const first = isoDaysFromToday(20);
  await mini.fillDate(form, {
    date: first,
    spots: "4",
    start: "09:00",
    duration: "20",
    gap: "10",
    location: "Rose garden",
    breaks: [["2", "45"]],
  });
  const preview = mini.preview(form);
  await expect(preview.getByRole("listitem")).toHaveCount(4);
  await expect(preview.getByRole("listitem").nth(0)).toContainText("09:00");
  await expect(preview.getByRole("listitem").nth(2)).toContainText("10:45");
  await form.getByLabel("Number of spots", { exact: true }).fill("0");
  await expect(preview).toContainText("Spots must be a whole number from 1 to 200.");
  await form.getByLabel("Number of spots", { exact: true }).fill("5");
  await expect(preview.getByRole("listitem")).toHaveCount(5);
  expect(calls, "the preview never asks the server").toEqual([]);
  await page.screenshot({ path: test.info().outputPath("mini-date-preview.png"), fullPage: true });
  const previewed = await preview.getByRole("listitem").allTextContents();

  await mini.saveDate(form);
  const firstDate = mini.date(/^\w+ \d+ \w+ \d{4}$/).first();
  await expect(firstDate.getByRole("button", { name: /^Spot 5 · / })).toBeVisible();
  const saved = (await firstDate.getByRole("button", { name: /^Spot \d+ · / }).allTextContents()).map((text) => text.replace(/^Spot \d+ · /, ""));
  expect(saved, "the server lays the spots out as the browser previewed them").toEqual(previewed);
  await expect(firstDate).toContainText("Rose garden");

  await mini.openNewDateForm();
  await mini.fillDate(mini.newDateForm(), {
    date: isoDaysFromToday(27),
    spots: "8",
    start: "18:00",
    duration: "90",
    sameStartForAll: true,
  });
  await expect(mini.preview(mini.newDateForm())).toContainText("8 seats");
  await mini.saveDate(mini.newDateForm());
  await expect(page.getByRole("article")).toHaveCount(2);

  await mini.reserve(firstDate, 2, "The Jones family", "10%");
  await expect(firstDate.getByText("Reserved. Send your client this direct link:")).toBeVisible();
  await expect(firstDate).toContainText("Discount: 10% off");

  await page.getByRole("button", { name: "Share" }).click();
  await page.getByRole("button", { name: "Share this mini session" }).click();
  await expect(page.getByText("Status: Shared")).toBeVisible();
  await page.getByRole("button", { name: "Share" }).click();
  await expect(page.getByRole("textbox", { name: "Link to Fall minis" })).toHaveValue(/\/s\/.+\?share=/);
  await page.getByRole("button", { name: "Publish to Booking Site and Bio Link" }).click();
  await expect(page.getByText("Status: Published")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("mini-overview.png"), fullPage: true });

  await page.getByRole("link", { name: "+ Add session details" }).click();
  await expect(page.getByRole("heading", { name: "Session details" })).toBeVisible();
  await expect(page.getByLabel("Price", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Contract", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Collect payment outside Bookable (clients book without paying online)")).not.toBeChecked();
  for (const decidedByTheDates of ["Duration", "Capacity", "Status", "Location (optional)"]) {
    await expect(page.getByLabel(decidedByTheDates, { exact: true })).toBeHidden();
  }
  await page.screenshot({ path: test.info().outputPath("mini-details.png"), fullPage: true });
  await page.getByRole("link", { name: "Back to Fall minis" }).click();
  await expect(page.getByText("Status: Published")).toBeVisible();
});
