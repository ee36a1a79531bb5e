// Playwright runs the end-to-end tests in Debian's Chromium (/usr/bin/chromium); it never
// downloads browsers. Run them with scripts/e2e.sh, which starts a server with a fresh
// database and sets E2E_BASE_URL. Without E2E_BASE_URL the tests target
// http://127.0.0.1:3000, the address `cargo leptos watch` serves on.
import { defineConfig } from '@playwright/test';

const ci = !!process.env.CI;

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  // This kind of machine reaches no outside hosts; without these Chromium keeps trying.
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// The tests that sync new data into the demo organization (end2end/tests/live.spec.ts).
const LIVE = /live\.spec\.ts/;

const desktop = { viewport: { width: 1280, height: 800 } };
const phone = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
};

export default defineConfig({
  testDir: 'end2end/tests',
  outputDir: 'target/e2e-results',
  fullyParallel: false,
  // Two browsers at once, in CI too: the files keep their data apart (each signs in
  // its own accounts or only reads the demo data), and the run takes about half as long.
  workers: 2,
  // A flaky test is a bug to find, not something to retry.
  retries: 0,
  forbidOnly: ci,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: process.env.E2E_BASE_URL || 'http://127.0.0.1:3000',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    locale: 'en-GB',
    timezoneId: 'Europe/Copenhagen',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  projects: [
    // Signs the demo accounts in once and saves their cookies (end2end/tests/auth.setup.ts).
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'desktop-js', use: { ...desktop }, dependencies: ['setup'], testIgnore: LIVE },
    { name: 'desktop-nojs', use: { ...desktop, javaScriptEnabled: false }, dependencies: ['setup'], testIgnore: LIVE },
    { name: 'phone-js', use: { ...phone }, dependencies: ['setup'], testIgnore: LIVE },
    { name: 'phone-nojs', use: { ...phone, javaScriptEnabled: false }, dependencies: ['setup'], testIgnore: LIVE },
    // Changes the demo data and makes Billy fail for a while: alone, after the rest.
    {
      name: 'live',
      testMatch: LIVE,
      use: { ...desktop },
      dependencies: ['desktop-js', 'desktop-nojs', 'phone-js', 'phone-nojs'],
    },
  ],
});
