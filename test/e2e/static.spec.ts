// What a visitor gets without JavaScript, from a sub-path, and before touching anything.

import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { lessonCells } from "../../src/lessons/parse";
import { DIST, SUB_BASE, hydrated, lessonPages, watchErrors } from "./site";

const contentDir = path.resolve(process.env.MASKLAB_CONTENT_DIR ?? "content");

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  for (const lesson of lessonPages()) {
    test(`/${lesson} shows its text, code and recorded outputs`, async ({ page }) => {
      await page.goto(lesson);
      await expect(page.locator("h1")).toBeVisible();
      await expect(page.locator("noscript p, .noscript")).toHaveCount(1);
      const [lang, slug] = lesson.split("/");
      const source = readFileSync(path.join(contentDir, lang, `${slug}.mdx`), "utf8");
      const cells = lessonCells(source);
      const codes = await page.locator("pre.cell-pre").allTextContents();
      expect(codes).toEqual(cells.map((c) => c.code));
      for (const c of cells) {
        const fig = page.locator(`figure.recorded[data-cell-of="${c.index}"]`);
        if (c.recordedOutput !== null) {
          await expect(fig.locator("pre.stdout")).toHaveText(c.recordedOutput.replace(/\n$/, ""), {
            useInnerText: false,
          });
        }
        if (c.recordedError !== null) {
          await expect(fig.locator("pre.error-line")).toHaveText(c.recordedError, {
            useInnerText: false,
          });
        }
      }
      expect(await page.locator(".prose p").count()).toBeGreaterThan(0);
    });
  }
});

test("the site works under a sub-path", async ({ page }) => {
  const errors = watchErrors(page);
  const lesson = lessonPages("en")[0] ?? "en/playground/";
  await page.goto(SUB_BASE + lesson);
  await hydrated(page);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Playground" })
    .click();
  await expect(page).toHaveURL(SUB_BASE + "en/playground/");
  await hydrated(page);
  // The worker script must load from the sub-path too: any run answers in the output area.
  await page.getByRole("button", { name: "Run", exact: true }).first().click();
  await expect(page.locator(".output.live")).toBeVisible();
  await page.goto(SUB_BASE);
  await hydrated(page);
  await expect(page.locator("h1")).toHaveText("MaskLab");
  expect(errors).toEqual([]);
});

/** Chunks a lesson page must not load up front: the cell editor, Observable Plot, each lab. */
const LATER = Object.entries(
  JSON.parse(readFileSync(path.join(DIST, ".vite", "manifest.json"), "utf8")) as Record<
    string,
    { file: string }
  >,
)
  .filter(([src]) => /observablehq\/plot|notebook\/editor|labs\/\w+\/\w+Lab\.tsx$/.test(src))
  .map(([, c]) => c.file.split("/").pop());

for (const lesson of lessonPages()) {
  test(`/${lesson} loads at most 200 KB of gzipped JavaScript before interaction`, async ({
    page,
  }) => {
    const scripts = new Map<string, number>();
    page.on("response", async (r) => {
      if (!/\.m?js(\?|$)/.test(r.url())) return;
      const body = await r.body().catch(() => Buffer.alloc(0));
      scripts.set(r.url(), gzipSync(body).length);
    });
    await page.goto(lesson, { waitUntil: "networkidle" });
    await hydrated(page);
    const total = [...scripts.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(200 * 1024);
    // The editor, the labs and Plot are split off: they arrive when a cell is used or a lab
    // comes near the screen.
    const loaded = [...scripts.keys()].map((u) => new URL(u).pathname.split("/").pop());
    for (const file of LATER) expect(loaded).not.toContain(file);
    const lab = page.locator(".shared-lab").first();
    if ((await lab.count()) > 0) {
      await lab.scrollIntoViewIfNeeded();
      await expect(lab.locator("section.lab")).toBeVisible();
    }
    await page.locator("pre.cell-pre").first().focus();
    await expect(page.locator(".cm-editor").first()).toBeVisible();
  });
}
