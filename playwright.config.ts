import { defineConfig } from "@playwright/test";

// The tests run against the built site (dist/), served twice: at the root and under a
// sub-path, because the build must work on any static host at any path.
const rootPort = Number(process.env.MASKLAB_E2E_PORT ?? 4317);
const subPort = rootPort + 1;
export const SUB_PATH = "/sub/path/";

export default defineConfig({
  testDir: "test/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 4,
  // CI machines have 2 cores shared by 4 browsers and the server; one retry absorbs a load stall,
  // and Playwright still reports the test as flaky rather than hiding it.
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${rootPort}/`,
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
  webServer: [
    {
      command: "node scripts/serve.mjs dist",
      url: `http://127.0.0.1:${rootPort}/`,
      env: { PORT: String(rootPort) },
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      command: `node scripts/serve.mjs dist --base ${SUB_PATH}`,
      url: `http://127.0.0.1:${subPort}${SUB_PATH}`,
      env: { PORT: String(subPort) },
      reuseExistingServer: false,
      stdout: "ignore",
    },
  ],
});
