import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import {
  SUB_BASE,
  builtPages,
  forwardedFolders,
  hydrated,
  lessonPages,
  pageHtml,
  watchErrors,
} from "./site";

const pages = builtPages();

test("the build has every fixed page in both languages", () => {
  for (const p of [
    "",
    "zh/",
    "en/playground/",
    "zh/playground/",
    "en/cheatsheet/",
    "zh/cheatsheet/",
  ]) {
    expect(pages).toContain(p);
  }
});

test("each lesson exists in both languages", () => {
  const en = lessonPages("en").map((p) => p.slice(3));
  const zh = lessonPages("zh").map((p) => p.slice(3));
  expect(en.length).toBeGreaterThan(0);
  expect(zh.sort()).toEqual(en.sort());
});

test("a folder address with no page of its own forwards to the page above it", async ({
  page,
  baseURL,
}) => {
  const folders = forwardedFolders();
  expect(folders).toEqual(expect.arrayContaining(["en/", "en/labs/", "zh/labs/", "embed/"]));
  const above: Record<string, string> = { "zh/labs/": "zh/" };
  const errors = watchErrors(page, { navigating: true });
  for (const root of [baseURL ?? "", SUB_BASE]) {
    for (const rel of folders) {
      const target = above[rel] ?? "";
      expect(pages).toContain(target);
      await page.goto(root + rel);
      await expect(page).toHaveURL(root + target);
      await hydrated(page);
    }
  }
  expect(errors).toEqual([]);
});

for (const rel of pages) {
  test(`/${rel} loads and hydrates without console errors`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(rel);
    await hydrated(page);
    const lang = rel.startsWith("zh/") ? "zh-CN" : "en";
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    await expect(page.locator("h1")).toHaveCount(1);
    await expect(page.locator("meta[http-equiv='Content-Security-Policy']")).toHaveAttribute(
      "content",
      /script-src 'self'/,
    );
    // Every link into the site is relative, so the site works under any sub-path; only
    // links to other sites may be absolute.
    // Anchors in the live page, and every URL in the prerendered HTML. (Chunks Vite preloads at
    // run time are resolved against the script's own URL, so they follow any sub-path.)
    const anchors = await page
      .locator("a[href]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? ""));
    const staticUrls = [...pageHtml(rel).matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    const hrefs = [...anchors, ...staticUrls];
    for (const h of hrefs) {
      expect(h, h).not.toMatch(/^\/|^[a-z]+:\/\/(127\.0\.0\.1|localhost)/i);
      if (/^[a-z]+:/i.test(h)) expect(h, h).toMatch(/^https:\/\//);
    }
    await page.waitForTimeout(200);
    expect(errors).toEqual([]);
  });
}

for (const rel of ["", "zh/", ...lessonPages().slice(0, 2), "en/playground/", "zh/cheatsheet/"]) {
  test(`/${rel} has no serious accessibility violations`, async ({ page }) => {
    await page.goto(rel);
    await hydrated(page);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(serious).toEqual([]);
  });
}

test("the language switch keeps the current page", async ({ page }) => {
  const lesson = lessonPages("en")[0] ?? "en/playground/";
  await page.goto(lesson);
  await hydrated(page);
  await page.getByRole("link", { name: "阅读中文版" }).click();
  await expect(page).toHaveURL(new RegExp(`/zh/${lesson.slice(3)}$`));
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});

test("the root page follows a stored choice of Chinese", async ({ page }) => {
  await page.goto("");
  await hydrated(page);
  await page.evaluate(() => localStorage.setItem("masklab.lang", "zh"));
  await page.goto("");
  await expect(page).toHaveURL(/\/zh\/$/);
});

test.describe("a browser that prefers Chinese", () => {
  test.use({ locale: "zh-CN" });
  test("lands on the Chinese home from the root", async ({ page }) => {
    await page.goto("");
    await expect(page).toHaveURL(/\/zh\/$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  });
});

test("a lesson stays accessible once a cell has run and the editor is open", async ({ page }) => {
  const lesson = lessonPages("en")[0] ?? "en/playground/";
  await page.goto(lesson);
  await hydrated(page);
  await page.locator("pre.cell-pre").first().focus();
  await expect(page.locator(".cm-editor").first()).toBeVisible();
  await page.getByRole("button", { name: "Run", exact: true }).first().click();
  await expect(page.locator(".output.live").first()).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
});

test("on a phone the cheat sheet stacks its rows, every cell labelled, nothing wider than the screen", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [rel, use] of [
    ["en/cheatsheet/", "Use"],
    ["zh/cheatsheet/", "用法"],
  ]) {
    await page.goto(rel);
    await hydrated(page);
    const overflow = await page
      .locator(".table-scroll")
      .evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const cell = page.locator(".cheatsheet-table tbody tr").first().locator("td").first();
    const label = await cell.evaluate((el) => getComputedStyle(el, "::before").content);
    expect(label).toBe(`"${use}"`);
    // The header row is out of sight but still names the columns for a screen reader.
    await expect(page.getByRole("columnheader", { name: use })).toHaveCount(1);
  }
});
