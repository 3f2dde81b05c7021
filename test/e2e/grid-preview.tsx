// Not a test: renders sample grids with the built stylesheet and screenshots them, to look at.
// Usage: npm run build && npx tsx test/e2e/grid-preview.tsx

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { chromium } from "playwright-core";
import { snapshotTensor, type TensorLike } from "../../src/ui/engine/snapshot";
import { TensorGrid } from "../../src/ui/grid/TensorGrid";

const fake = (shape: number[], dtype: string, values: (number | bigint)[]): TensorLike => ({
  shape,
  dtype: { name: dtype },
  at: (i) => values[i],
});

const scores = snapshotTensor(
  fake([3, 3], "float32", [0.5, -Infinity, -Infinity, 0.25, 1.5, -Infinity, NaN, 2, 3]),
  "scores",
  fake([3, 3], "bool", [0, 1, 1, 0, 0, 1, 0, 0, 0]),
);
const before = snapshotTensor(fake([4], "int64", [1n, 2n, 3n, 4n]), "x");
const after = snapshotTensor(fake([4], "int64", [1n, 0n, 3n, 0n]), "x");
const cube = snapshotTensor(
  fake([2, 2, 3], "float32", [1, 2, 3, 4, 5, 6, 1e-5, 8, 9, 10, 11, 12]),
  "c",
);

const body = renderToStaticMarkup(
  <main>
    <TensorGrid snapshot={scores} lang="en" fallbackLabel="#1" />
    <TensorGrid snapshot={after} previous={before} lang="zh" fallbackLabel="#2" />
    <TensorGrid snapshot={cube} lang="en" fallbackLabel="#3" />
  </main>,
);
const css = readdirSync("dist/assets").find((f) => f.endsWith(".css"));
const out = path.resolve("test-results");
mkdirSync(out, { recursive: true });
const file = path.join(out, "grid-preview.html");
writeFileSync(
  file,
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>${readFileSync(`dist/assets/${css}`, "utf8")}</style></head><body><div class="page">${body}</div></body></html>`,
);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const page = await browser.newPage({ viewport: { width: 800, height: 700 } });
await page.goto("file://" + file);
await page.screenshot({ path: path.join(out, "grid-preview.png"), fullPage: true });
await browser.close();
console.log("test-results/grid-preview.png");
