// Embeds: the /embed/ pages on their own and inside another origin's iframe, the custom
// elements on a plain (strict-CSP) HTML page, the docs page, and the JavaScript budget.

import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { SUB_BASE, hydrated, watchErrors } from "./site";

// A different origin from MaskLab's (127.0.0.1), still on loopback so that Chromium's
// private-network rules let the course page load MaskLab's files.
const HOST = `http://localhost:${Number(process.env.MASKLAB_E2E_PORT ?? 4317)}/__course__/`;
const pages = path.resolve("test/e2e/pages");

// Chromium treats a page that Playwright fulfils as public, and would refuse its requests to
// MaskLab on 127.0.0.1 (local network access); a real course page and MaskLab are both public.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults",
    ],
  },
});

/** Serves test/e2e/pages/* at HOST, a different origin from MaskLab's. */
async function serveHostPages(page: Page, site: string): Promise<void> {
  const origin = new URL(site).origin;
  // A module script from another origin is fetched with CORS; MaskLab's host must allow it, as
  // README says. The test server does not, so the header is added here.
  await page.route(/\/embed\/.*\.js$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), "access-control-allow-origin": "*" },
    });
  });
  await page.route(`${HOST}**`, async (route) => {
    const name = new URL(route.request().url()).pathname.split("/").pop() ?? "";
    if (!/^[a-z-]+\.(html|css)$/.test(name)) return route.fulfill({ status: 404, body: "" });
    const body = readFileSync(path.join(pages, name), "utf8")
      .replaceAll("%SITE%", site)
      .replaceAll("%ORIGIN%", origin);
    await route.fulfill({
      status: 200,
      contentType: name.endsWith(".css") ? "text/css" : "text/html; charset=utf-8",
      body,
    });
  });
}

test("an embed page has minimal chrome, a lang per ?lang= and no console errors", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto("embed/fill/?lang=zh");
  await hydrated(page);
  await expect(page.locator("section.lab")).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.locator(".site-header, .site-footer")).toHaveCount(0);
  await expect(page.getByRole("link", { name: /在 MaskLab 中打开/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test("a garbage state on an embed page falls back to defaults with a notice", async ({ page }) => {
  const errors = watchErrors(page);
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto(`embed/alias/?state=${encodeURIComponent("<img src=x onerror=alert(1)>")}`);
  await expect(page.locator("section.lab")).toBeVisible();
  await expect(page.getByText("could not be read")).toBeVisible();
  await expect(page.locator("section.lab img")).toHaveCount(0);
  expect(dialogs).toBe(0);
  expect(errors).toEqual([]);
});

test("an iframe on another origin resizes itself from the embed's height message", async ({
  page,
}) => {
  await serveHostPages(page, SUB_BASE);
  const errors = watchErrors(page);
  await page.goto(`${HOST}iframe.html`);
  const frame = page.locator("#lab");
  await expect(frame.contentFrame().locator("section.lab")).toBeVisible();
  // The content is much taller than the iframe's initial 150px; the height follows it exactly.
  await expect
    .poll(async () => (await frame.boundingBox())?.height ?? 0, { timeout: 15_000 })
    .toBeGreaterThan(400);
  const content = await frame
    .contentFrame()
    .locator(".embed")
    .evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
  // clientHeight: the iframe's inner height, without its default border.
  const height = await frame.evaluate((el) => el.clientHeight);
  expect(Math.abs(height - content)).toBeLessThanOrEqual(2);
  // The iframe shows no scrollbar: its document fits.
  const fits = await frame
    .contentFrame()
    .locator("html")
    .evaluate((el) => el.scrollHeight <= el.clientHeight + 1);
  expect(fits).toBe(true);

  // Messages from anywhere but the embed's origin, or of any other shape, change nothing.
  await page.evaluate(() =>
    window.postMessage({ type: "masklab:height", kind: "fill", height: 33 }, "*"),
  );
  await page.waitForTimeout(200);
  expect(await frame.evaluate((el) => el.clientHeight)).toBe(height);
  expect(errors).toEqual([]);
});

test("the embed reports its state to the parent after a change", async ({ page }) => {
  await serveHostPages(page, SUB_BASE);
  await page.goto(`${HOST}iframe.html`);
  await page.evaluate(() => {
    (window as unknown as { seen: unknown[] }).seen = [];
    window.addEventListener("message", (e) =>
      (window as unknown as { seen: unknown[] }).seen.push(e.data),
    );
  });
  const lab = page.locator("#lab").contentFrame().locator("section.lab");
  await lab.getByRole("button", { name: "x.masked_fill_(mask, value)" }).click();
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { seen: { type?: string }[] }).seen.some(
          (m) => m.type === "masklab:state",
        ),
      ),
    )
    .toBe(true);
  const messages = await page.evaluate(
    () => (window as unknown as { seen: Record<string, unknown>[] }).seen,
  );
  for (const m of messages) {
    expect(["masklab:height", "masklab:state"]).toContain(m.type);
    expect(Object.keys(m).sort()).toEqual(
      m.type === "masklab:height" ? ["height", "kind", "type"] : ["kind", "state", "type"],
    );
  }
});

test("the custom elements render in shadow roots on a strict-CSP page", async ({ page }) => {
  await serveHostPages(page, SUB_BASE);
  const errors = watchErrors(page);
  await page.goto(`${HOST}element.html`);
  const fill = page.locator("#fill");
  await expect(fill.locator("section.lab")).toBeVisible();
  expect(await fill.evaluate((el) => el.shadowRoot !== null)).toBe(true);
  // The lab lives in the shadow tree, not in the page's own DOM.
  expect(await page.evaluate(() => document.querySelectorAll("section.lab").length)).toBe(0);
  // The host page's loud button and heading rules stop at the shadow boundary.
  const bg = await fill
    .getByRole("button", { name: "x.masked_fill(mask, value)" })
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(bg).not.toBe("rgb(255, 0, 0)");
  const title = await fill
    .locator(".lab-title")
    .first()
    .evaluate((el) => getComputedStyle(el).color);
  expect(title).not.toBe("rgb(0, 255, 0)");
  // The lab's own styles did arrive (a bordered panel, not bare HTML).
  const border = await fill
    .locator("section.lab")
    .evaluate((el) => getComputedStyle(el).borderTopStyle);
  expect(border).toBe("solid");
  // lang="zh" on the element gives the Chinese lab.
  await expect(page.locator("#alias").getByText("视图与别名实验")).toBeVisible();
  // A broken state attribute: defaults and the notice.
  await expect(page.locator("#broken").getByText("could not be read")).toBeVisible();

  // The element tells the page about state changes, and a new state attribute re-renders it.
  const state = await fill.evaluate(
    (el) =>
      new Promise<string>((resolve) => {
        el.addEventListener("masklab-state", (e) =>
          resolve((e as CustomEvent<{ state: string }>).detail.state),
        );
        const button = [...(el.shadowRoot?.querySelectorAll("button") ?? [])].find(
          (b) => b.textContent === "x.masked_fill_(mask, value)",
        );
        button?.click();
      }),
  );
  expect(state.length).toBeGreaterThan(4);
  await page.locator("#broken").evaluate((el, s) => el.setAttribute("state", s), state);
  await expect(page.locator("#broken").getByText("could not be read")).toHaveCount(0);
  await expect(page.locator("#broken").getByText("True").first()).toBeVisible();
  expect(errors).toEqual([]);
});

test("the docs page shows a resizing iframe and a live custom element, in both languages", async ({
  page,
}) => {
  for (const lang of ["en", "zh"] as const) {
    const errors = watchErrors(page);
    await page.goto(`${lang}/embed/`);
    await hydrated(page);
    await expect(page.locator("html")).toHaveAttribute("lang", lang === "en" ? "en" : "zh-CN");
    await expect(page.locator("pre").filter({ hasText: "masklab:height" }).first()).toBeVisible();
    // The snippets name the site being read, so they work when pasted.
    const site = new URL("../../", page.url()).href;
    await expect(
      page.locator("pre").filter({ hasText: `${site}embed/fill/?lang=${lang}` }),
    ).toHaveCount(1);
    await expect(
      page.locator("pre").filter({ hasText: `${site}embed/masklab-elements.js` }),
    ).toHaveCount(1);
    const frame = page.locator("iframe.embed-frame");
    await expect(frame.contentFrame().locator("section.lab")).toBeVisible();
    await expect.poll(async () => (await frame.boundingBox())?.height ?? 0).toBeGreaterThan(400);
    await expect(page.locator("masklab-alias section.lab")).toBeVisible();
    expect(errors).toEqual([]);
  }
});

for (const kind of ["fill", "alias", "softmax", "autograd", "mask"]) {
  test(`embed/${kind}/ loads at most 100 KB of gzipped JavaScript besides Plot`, async ({
    page,
  }) => {
    const scripts = new Map<string, number>();
    page.on("response", async (r) => {
      if (!/\.m?js(\?|$)/.test(r.url())) return;
      const body = await r.body().catch(() => Buffer.alloc(0));
      scripts.set(r.url(), gzipSync(body).length);
    });
    await page.goto(`embed/${kind}/`, { waitUntil: "networkidle" });
    await expect(page.locator("section.lab")).toBeVisible();
    await page.waitForLoadState("networkidle");
    // Plot is the one chunk the softmax lab fetches after it has drawn its controls.
    const plot = [...scripts.keys()].filter((u) => /\/src-[\w-]+\.js$/.test(u));
    const total = [...scripts.entries()]
      .filter(([u]) => !plot.includes(u))
      .reduce((a, [, n]) => a + n, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(100 * 1024);
  });
}
