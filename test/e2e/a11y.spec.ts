// Accessibility on every built page (lessons, labs, embeds, both languages): axe reports no
// violation of any impact; focus is always visible; special values read without colour;
// reduced motion stops every animation and transition.

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { builtPages, hydrated } from "./site";

const pages = builtPages();

async function settle(page: Page): Promise<void> {
  await hydrated(page);
  // Lesson labs load as they near the screen: bring each one there, then wait for every lazy
  // lab to replace its "loading" placeholder.
  for (const lab of await page.locator(".shared-lab").all()) await lab.scrollIntoViewIfNeeded();
  await expect(page.locator(".lab-loading")).toHaveCount(0, { timeout: 15_000 });
}

async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

for (const rel of pages) {
  test(`/${rel} has no axe violations at all`, async ({ page }) => {
    await page.goto(rel);
    await settle(page);
    expect(await violations(page)).toEqual([]);
  });
}

test("a cell's output (text, grids, special values, errors) has no axe violations", async ({
  page,
}) => {
  await page.goto("en/playground/");
  await hydrated(page);
  await page.locator("pre.cell-pre").first().focus();
  await expect(page.locator(".cm-content")).toBeFocused();
  await page.keyboard.insertText(
    "import torch\nx = torch.tensor([[1.0, float('-inf')], [float('nan'), 2.0]])\nm = x > 1\nx.masked_fill(m, 5.0)",
  );
  await page.keyboard.press("Shift+Enter");
  await expect(page.locator(".output.live .tgrid").first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test("masked, -inf and NaN cells are marked by more than colour", async ({ page }) => {
  await page.goto("en/playground/");
  await hydrated(page);
  await page.locator("pre.cell-pre").first().focus();
  await expect(page.locator(".cm-content")).toBeFocused();
  await page.keyboard.insertText(
    "import torch\nx = torch.tensor([[1.0, float('-inf')], [float('nan'), 2.0]])\nm = x > 1\nx.masked_fill(m, 5.0)",
  );
  await page.keyboard.press("Shift+Enter");
  const grid = page.locator(".output.live .tgrid").first();
  await expect(grid).toBeVisible();
  const marks = await grid.locator("td").evaluateAll((tds) =>
    tds.map((td) => {
      const s = getComputedStyle(td);
      const after = getComputedStyle(td, "::after");
      return {
        text: td.textContent?.trim() ?? "",
        cls: td.className,
        pattern: s.backgroundImage,
        label: td.getAttribute("aria-label") ?? "",
        afterShape:
          after.content !== "none" && after.content !== "normal" ? after.borderRightWidth : "",
      };
    }),
  );
  const neginf = marks.find((m) => m.cls.includes("v-neginf"));
  const nan = marks.find((m) => m.cls.includes("v-nan"));
  const masked = marks.filter((m) => m.cls.includes("is-masked"));
  expect(neginf?.text).toBe("-inf");
  expect(neginf?.pattern).toMatch(/gradient/);
  expect(nan?.text).toBe("nan");
  expect(nan?.pattern).toMatch(/gradient/);
  // x > 1 masks only the 2.0, which now reads 5.
  expect(masked).toHaveLength(1);
  expect(masked[0].text).toBe("5.");
  // A corner marker (a shape) and a spoken word, besides the colour.
  expect(masked[0].afterShape).not.toBe("");
  expect(masked[0].afterShape).not.toBe("0px");
  expect(masked[0].label + " " + masked[0].text).toMatch(/masked/i);
});

/** Tabs through the page and reports every focused element that shows no focus indicator. */
async function invisibleFocus(page: Page, maxTabs: number): Promise<string[]> {
  const bad: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press("Tab");
    // The editor marks itself focused on its next update, a frame later.
    await page.waitForTimeout(40);
    const probe = () =>
      page.evaluate(() => {
        // Follow focus into shadow roots (the code editor) and same-origin frames (embeds).
        let el = document.activeElement as HTMLElement | null;
        for (;;) {
          if (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement as HTMLElement;
          else if (el instanceof HTMLIFrameElement && el.contentDocument?.activeElement)
            el = el.contentDocument.activeElement as HTMLElement;
          else break;
        }
        if (!el || el.tagName === "BODY") return null;
        const view = el.ownerDocument.defaultView ?? window;
        const s = view.getComputedStyle(el);
        const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
        const ring = s.boxShadow !== "none";
        const label = el.getAttribute("aria-label") ?? el.textContent?.slice(0, 30) ?? "";
        const path = `${el.tagName.toLowerCase()}.${String(el.className)}:${label}`;
        // CodeMirror draws focus on its wrapper (.cm-focused) rather than on the content.
        const cm = el.closest(".cm-editor");
        const cmRing = cm ? view.getComputedStyle(cm).outlineStyle !== "none" : false;
        return { path, visible: outline || ring || cmRing };
      });
    let info = await probe();
    // Focus rings that follow a class change (the editor's) may need one more frame.
    if (info && !info.visible) info = await page.waitForTimeout(250).then(probe);
    if (!info) continue;
    if (seen.has(info.path)) break;
    seen.add(info.path);
    if (!info.visible) bad.push(info.path);
  }
  return bad;
}

const FOCUS_PAGES = pages.filter(
  (p) =>
    p === "" ||
    p === "zh/" ||
    /playground|cheatsheet|labs\/|embed\//.test(p) ||
    /^en\/[^/]+\/$/.test(p),
);

for (const rel of FOCUS_PAGES.slice(0, 24)) {
  test(`/${rel}: every element reached by Tab shows where focus is`, async ({ page }) => {
    await page.goto(rel);
    await settle(page);
    expect(await invisibleFocus(page, 60)).toEqual([]);
  });
}

test.describe("with reduced motion", () => {
  test.use({ reducedMotion: "reduce" });
  for (const rel of pages.filter((p) => /labs\/|embed\/|playground|^$/.test(p)).slice(0, 12)) {
    test(`/${rel} runs no animation or transition`, async ({ page }) => {
      await page.emulateMedia({ reducedMotion: "reduce" });
      await page.goto(rel);
      await settle(page);
      // Hover and focus what can be hovered, which is when transitions would start.
      const buttons = page.locator("button:visible");
      const n = Math.min(await buttons.count(), 5);
      for (let i = 0; i < n; i++) await buttons.nth(i).hover();
      const moving = await page.evaluate(() => {
        const out: string[] = [];
        const long = (v: string) =>
          v.split(",").some((d) => parseFloat(d) * (d.trim().endsWith("ms") ? 1 : 1000) > 1);
        for (const el of Array.from(document.querySelectorAll("*"))) {
          for (const pseudo of [null, "::before", "::after"]) {
            const s = getComputedStyle(el, pseudo);
            const animated = s.animationName !== "none" && long(s.animationDuration);
            if (animated || long(s.transitionDuration)) {
              out.push(
                `${el.tagName.toLowerCase()}.${(el as HTMLElement).className}${pseudo ?? ""}`,
              );
            }
          }
        }
        for (const a of document.getAnimations()) {
          if (a.playState !== "running") continue;
          const target = (a.effect as KeyframeEffect | null)?.target as HTMLElement | null;
          const what =
            a instanceof CSSTransition
              ? `transition ${a.transitionProperty}`
              : a instanceof CSSAnimation
                ? `animation ${a.animationName}`
                : "script animation";
          out.push(`${what} on ${target?.tagName.toLowerCase()}.${String(target?.className)}`);
        }
        return out;
      });
      expect(moving).toEqual([]);
    });
  }
});
