import { expect, test } from "@playwright/test";
import path from "node:path";
import { laterPort, smtpPort } from "../ports";
import { AppServer, runData } from "../servers";
import { StudioSetup, unique } from "./pages/api";
import { Mailbox, linkIn } from "./pages/mailbox";

const laterServer = `http://127.0.0.1:${laterPort}`;
test.use({ baseURL: laterServer });

/** This spec's server, on its own database, sending to maildev; `hoursLater` runs its clock ahead. */
function startServer(database: string, hoursLater: number): Promise<AppServer> {
  return AppServer.start(laterPort, [
    "--database-url", `sqlite://${database}`,
    "--smtp-url", `smtp://127.0.0.1:${smtpPort}`,
    "--mail-from", "Bookable <bookable@example.com>",
    "--media-dir", `${database}-media`,
    "--rate-limit-factor", "100",
    "--clock-offset-hours", String(hoursLater),
  ]);
}

test("a student rates a finished session from the survey email, and the instructor sees the rating", async ({ page, browser }) => {
  const slug = unique("survey");
  const instructorEmail = `${slug}@example.com`;
  const studentEmail = `${slug}-ada@example.com`;
  const database = path.resolve(runData, `${slug}.db`);

  let server = await startServer(database, 0);
  try {
    await test.step("a student books a session tomorrow", async () => {
      const setup = await StudioSetup.signUp(laterServer, instructorEmail);
      await setup.studio(slug, "UTC");
      const typeId = await setup.sessionType("Evening flow", 1);
      await setup.openEveryDay("09:00-17:00");
      const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
      await setup.dispose();
      const student = await StudioSetup.anonymous(laterServer);
      const [start] = await student.freeStarts(slug, typeId, tomorrow);
      await student.bookAsGuest(slug, typeId, start, "Ada", studentEmail);
      await student.dispose();
    });

    await test.step("three days later the session is over and its survey goes out", async () => {
      await server.stop();
      server = await startServer(database, 72);
    });
    const survey = await new Mailbox().latestEmailTo(studentEmail, "How was your Evening flow?");
    const surveyLink = linkIn(survey.text, `${laterServer}/booking/`);
    expect(surveyLink).toMatch(/\/survey$/);

    await page.goto(surveyLink);
    await expect(page.getByRole("heading", { name: "Rate your session" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Thanks for coming!" })).toBeVisible();
    await page.getByRole("button", { name: "Send my rating" }).click();
    await expect(page.getByText("Choose a rating from 1 to 5.")).toBeVisible();
    await page.getByRole("radio", { name: "4 – Very good" }).check();
    await page.getByLabel(/Anything you'd like to tell/).fill("Lovely pace, <b>thanks</b>.");
    await page.getByRole("button", { name: "Send my rating" }).click();
    await expect(page.getByRole("status")).toHaveText("Thank you! You rated this session 4 out of 5.");
    await page.screenshot({ path: test.info().outputPath("survey-answered.png"), fullPage: true });

    const instructor = await browser.newContext({ baseURL: laterServer });
    const dashboard = await instructor.newPage();
    const signedIn = await instructor.request.post("/api/sign_in", { form: { email: instructorEmail, password: "correct horse battery" } });
    expect(signedIn.status()).toBeLessThan(400);
    await dashboard.goto("/dashboard/session-types");
    await expect(dashboard.getByText("Rated 4.0 out of 5 by 1 student")).toBeVisible();
    await dashboard.goto("/dashboard/bookings");
    await dashboard.getByRole("link", { name: /Open the booking of Ada/ }).first().click();
    await expect(dashboard.getByText("4 out of 5")).toBeVisible();
    await expect(dashboard.getByText("Lovely pace, <b>thanks</b>.")).toBeVisible();
    await instructor.close();
  } finally {
    await server.stop();
  }
});
