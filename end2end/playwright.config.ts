import { defineConfig, devices } from "@playwright/test";
import path from "node:path";
import { appPort, mailApiPort, shortHoldPort, shortHoldSeconds, smtpPort, stripePort, stripeSecretKey } from "./ports";
import { runData, serverBinary, siteRoot } from "./servers";

// The release server built by `cargo xtask test`, on a fresh SQLite file for this run.
const port = appPort;
const run = path.resolve(runData, `e2e-${Date.now()}`);
const database = `${run}.db`;
// maildev receives the app's email over SMTP; specs read it through maildev's REST API.

// The servers' warnings and errors reach the test output; a line for every answered request
// would bury them (set RUST_LOG=info to see those too).
const serverLogLevel = process.env.RUST_LOG ?? "warn";

// The Stripe emulator's Python, installed by `cargo xtask test`.
const localstripe = process.env.BOOKABLE_TEST_LOCALSTRIPE;
if (!localstripe) {
  throw new Error("BOOKABLE_TEST_LOCALSTRIPE is not set: run the suite with `cargo xtask test`, which installs the Stripe emulator");
}
const stripeUrl = `http://127.0.0.1:${stripePort}`;

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? "list" : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined }, testMatch: /(instructor-.*|accessibility)\.spec\.ts/ },
    {
      name: "phone",
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 },
      testIgnore: /instructor-.*\.spec\.ts/,
    },
  ],
  webServer: [
    {
      command: `"${localstripe}" ../tools/localstripe/launch.py --port ${stripePort} --accept-key ${stripeSecretKey}`,
      url: `${stripeUrl}/js.stripe.com/v3/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npx maildev --ip 127.0.0.1 --smtp ${smtpPort} --web ${mailApiPort}`,
      url: `http://127.0.0.1:${mailApiPort}/email`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: [
        `RUST_LOG=${serverLogLevel} "${serverBinary}" --addr 127.0.0.1:${port} --database-url "sqlite://${database}" --site-root "${siteRoot}"`,
        `--smtp-url smtp://127.0.0.1:${smtpPort} --mail-from "Bookable <bookable@example.com>"`,
        `--media-dir "${run}-media" --public-url http://127.0.0.1:${port}`,
        `--secrets-key-file "${run}-secrets.key"`,
        `--stripe-api-url ${stripeUrl}/ --stripe-js-url ${stripeUrl}/js.stripe.com/v3/`,
        // Every spec signs up and books from this one address.
        `--rate-limit-factor 100`,
      ].join(" "),
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      command: [
        `RUST_LOG=${serverLogLevel} "${serverBinary}" --addr 127.0.0.1:${shortHoldPort} --database-url "sqlite://${run}-short-hold.db"`,
        `--site-root "${siteRoot}" --outbox-dir "${run}-short-hold-outbox" --media-dir "${run}-short-hold-media"`,
        `--hold-seconds ${shortHoldSeconds} --sweep-seconds 1 --rate-limit-factor 100`,
      ].join(" "),
      url: `http://127.0.0.1:${shortHoldPort}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
