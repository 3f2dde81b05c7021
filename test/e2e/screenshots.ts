// Not a test: takes screenshots of the built site for a person to look at.
// Usage: npm run build && (PORT=4390 node scripts/serve.mjs dist &) && npx tsx test/e2e/screenshots.ts

import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const base = process.env.BASE_URL ?? "http://127.0.0.1:4390/";
const out = process.env.OUT_DIR ?? "test-results/screenshots";
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const shots: [string, string, number][] = [
  ["home-en", "", 1280],
  ["lesson-en", "en/masked-fill/", 1280],
  ["lesson-zh", "zh/masked-fill/", 1280],
  ["lesson-en-narrow", "en/masked-fill/", 390],
  ["playground-en", "en/playground/", 1280],
  ["cheatsheet-zh", "zh/cheatsheet/", 1280],
];
for (const [name, path, width] of shots) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(base + path);
  await page.waitForTimeout(500);
  if (name.startsWith("lesson-en") && width > 1000) {
    await page.getByRole("button", { name: "Run all" }).click();
    await page.waitForTimeout(2500);
  }
  await page.screenshot({ path: `${out}/${name}.png` });
  if (name.startsWith("lesson")) {
    await page.evaluate(() => window.scrollTo(0, 1800));
    await page.screenshot({ path: `${out}/${name}-lower.png` });
  }
  await page.close();
}
await browser.close();
console.log(`screenshots in ${out}`);
