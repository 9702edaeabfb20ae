import { expect, test } from "@playwright/test";
import { StudioSetup, unique } from "./pages/api";
import { StudentBooking } from "./pages/student";

test("a client on a phone books the spot reserved for them through its direct link, with its discount", async ({ page, baseURL }) => {
  const slug = unique("reserved");
  const setup = await StudioSetup.signUp(baseURL ?? "", `${slug}@example.com`);
  await setup.studio(slug, "UTC");
  await setup.offerings("UTC");
  const date = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
  const mini = await setup.sharedMini("Fall minis", date, 3);
  await setup.call("update_session_type", {
    session_type_id: String(mini),
    name: "Fall minis",
    description: "Twenty minutes in the rose garden.",
    duration_minutes: "30",
    capacity: "1",
    price: "150",
    status: "active",
    access_level: "private",
  });
  const link = await setup.reserveSpot(mini, date, 2, "10%");

  await page.goto(`/s/${slug}/${mini}`);
  await expect(page.getByText("This session type is not open for booking.")).toBeVisible();

  const direct = new URL(link);
  await page.goto(direct.pathname + direct.search);
  const client = new StudentBooking(page);
  await expect(page.getByRole("heading", { name: "Fall minis", level: 1 })).toBeVisible();
  await client.chooseFirstDayWithRoom();
  await expect(client.slots()).toHaveCount(3);
  await page.screenshot({ path: test.info().outputPath("reserved-link-times.png"), fullPage: true });
  await client.chooseSlot(client.slots().nth(1));
  await client.enterDetails("Ann Jones", "ann@example.com");
  await client.confirm();
  await expect(page.getByRole("heading", { name: "You're booked!" })).toBeVisible();
  await expect(client.confirmationValue("Price")).toHaveText("$135.00");
  await expect(client.confirmationValue("Location")).toHaveText("Rose garden");
  await page.screenshot({ path: test.info().outputPath("reserved-link-booked.png"), fullPage: true });
  await setup.dispose();
});
