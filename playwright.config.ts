import { defineConfig, devices } from "@playwright/test";

import { CHROMIUM_ARGS, findSystemChromium } from "./scripts/lib/chromium";

// scripts/e2e.ts starts the app (production build, fresh embedded database) and passes its URL.
const baseURL = process.env.E2E_BASE_URL ?? "http://localhost:3100";
const executablePath = findSystemChromium() ?? undefined;

export default defineConfig({
  testDir: "./e2e",
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  fullyParallel: true,
  // Two, also where CI is not set: Playwright's default is half the cores, one worker on the 2-core
  // machines CI runs on, which took the suite (247 tests) to 15 minutes; two run it in 10.
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  // The suite must pass on a 2-core machine with another build or test run beside it (`npm run
  // test:loaded`). Every test waits on the condition it needs, never on a fixed time; these limits,
  // set here once and nowhere else, only bound how long a wait may take before the test fails.
  // test.slow() triples the test's for the few that work through every payload of the XSS corpus.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  use: {
    baseURL,
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    // A failed test keeps its trace with DOM snapshots, not a screencast: every test records one
    // until it passes, and encoding a frame per paint in both browsers cost the whole suite CPU
    // that the app and the other worker need (the final screenshot below is still taken).
    trace: { mode: "retain-on-failure", screenshots: false, snapshots: true },
    screenshot: "only-on-failure",
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, dependencies: ["setup"], testIgnore: /\.alone\.spec\.ts$/ },
    // Specs that watch the reader cache for what must *not* happen (a page staying cached) run on
    // their own, after the rest (scripts/e2e.ts runs this project second, with --no-deps, reusing
    // the sign-ins setup stored): another spec publishing meanwhile would rightly change the pages.
    // One at a time: a spec that changes what every page shows (the site settings) must not run beside one watching pages stay cached.
    { name: "alone", use: { ...devices["Desktop Chrome"] }, dependencies: ["setup"], testMatch: /\.alone\.spec\.ts$/, workers: 1 },
  ],
});
