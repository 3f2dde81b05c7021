// Helpers shared by the browser tests: what the build contains, and a page watcher that
// collects console errors (CSP violations and failed hydration show up there).

import { readdirSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";

export const DIST = path.resolve("dist");
export const SUB_BASE = `http://127.0.0.1:${Number(process.env.MASKLAB_E2E_PORT ?? 4317) + 1}/sub/path/`;

const isForward = (html: string): boolean => html.includes('http-equiv="refresh"');

/** Every prerendered page, as a path relative to the site root ("" for the root page). */
export function builtPages(): string[] {
  return builtIndexFiles().filter((rel) => !isForward(pageHtml(rel)));
}

/** Folders that hold pages but are none themselves: their index.html forwards to a page above. */
export function forwardedFolders(): string[] {
  return builtIndexFiles().filter((rel) => isForward(pageHtml(rel)));
}

function builtIndexFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== "assets" && !entry.name.startsWith(".")) {
          walk(path.join(dir, entry.name), `${rel}${entry.name}/`);
        }
      } else if (entry.name === "index.html") out.push(rel);
    }
  };
  if (existsSync(DIST)) walk(DIST, "");
  return out.sort();
}

const FIXED = new Set(["playground", "cheatsheet", "embed"]);

/** Lesson pages, e.g. "en/masked-fill/". */
export function lessonPages(lang?: "en" | "zh"): string[] {
  return builtPages().filter((p) => {
    const parts = p.split("/").filter(Boolean);
    return (
      parts.length === 2 &&
      parts[0] !== "embed" &&
      !FIXED.has(parts[1]) &&
      (!lang || parts[0] === lang)
    );
  });
}

export function pageHtml(rel: string): string {
  return readFileSync(path.join(DIST, rel, "index.html"), "utf8");
}

/**
 * Console errors, page errors, failed requests and HTTP errors, collected as they happen.
 * `navigating`: the test moves from page to page quickly, so a request still in flight when
 * it leaves (the service worker's manifest check, say) is cancelled; those aborts are not
 * failures. A request that fails any other way, or answers 4xx/5xx, still counts.
 */
export function watchErrors(page: Page, { navigating = false } = {}): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("requestfailed", (r) => {
    // The browser's own favicon fetch is cancelled when the page moves on under load; that is
    // not a request the site made.
    const aborted = r.failure()?.errorText === "net::ERR_ABORTED";
    if (aborted && (navigating || /\/favicon\.svg$/.test(r.url()))) return;
    errors.push(`request failed: ${r.url()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return errors;
}

/** Waits until React has hydrated the page (the root then answers clicks). */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const root = document.getElementById("root");
    return !!root && Object.keys(root).some((k) => k.startsWith("__reactContainer"));
  });
}
