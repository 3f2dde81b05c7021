import { defineConfig } from "@playwright/test";

// Runs test/e2e/labs.spec.ts against the labs harness (src/ui/labs/harness) instead of the
// built site, for work on the labs before the site routes them:
//   npx playwright test -c test/ui/labs/playwright.harness.config.ts
const port = Number(process.env.MASKLAB_LABS_PORT ?? 4471);

export default defineConfig({
  testDir: "../../e2e",
  testMatch: "labs.spec.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 4,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    locale: "en-US",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `npx vite build --config src/ui/labs/harness/vite.config.ts && npx vite preview --config src/ui/labs/harness/vite.config.ts --host 127.0.0.1`,
    cwd: "../../..",
    url: `http://127.0.0.1:${port}/en/labs/fill/`,
    env: { MASKLAB_LABS_PORT: String(port) },
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
