// After one visit the site works offline: the service worker precaches every built file, under
// any sub-path, in a cache named after the build's hash. "Offline" here means the server is
// gone: each such test serves dist/ from a process of its own and stops it, so the page can only
// be answered by the worker and its cache, not by any quirk of Playwright's request routing.

import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DIST, SUB_BASE, hydrated, lessonPages } from "./site";

const manifest = JSON.parse(readFileSync(path.join(DIST, "sw-manifest.json"), "utf8")) as {
  version: string;
  files: string[];
};

interface OwnServer {
  /** The site's root URL, e.g. http://127.0.0.1:41234/sub/path/. */
  readonly root: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Serves dist/ on a free port, apart from the servers the other tests share. */
async function serveOwnSite(base: string): Promise<OwnServer> {
  const args = ["scripts/serve.mjs", "dist"];
  if (base !== "/") args.push("--base", base);
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const root = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      const m = /served at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`serve.mjs exited early (${code})`)));
  });
  return {
    root,
    port: Number(new URL(root).port),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** What still keeps the page from working offline; empty once it is controlled and cached. */
async function offlineGaps(page: Page, root: string, version: string): Promise<string[]> {
  return page.evaluate(
    async ({ root, version, files }) => {
      const gaps: string[] = [];
      const controller = navigator.serviceWorker.controller;
      if (!controller) gaps.push("the page is not controlled by a service worker");
      else if (!controller.scriptURL.endsWith(`sw.js?v=${version}`)) {
        gaps.push(`the page is controlled by ${controller.scriptURL}`);
      } else if (controller.state !== "activated") {
        // A worker that skips waiting controls pages before its activate handler has finished.
        gaps.push(`the worker is ${controller.state}`);
      }
      const name = `masklab-${version}`;
      if (!(await caches.has(name))) return [...gaps, `no cache named ${name}`];
      const cached = new Set((await (await caches.open(name)).keys()).map((r) => r.url));
      const missing = files.filter((f) => !cached.has(new URL(f, root).href));
      if (missing.length > 0) gaps.push(`${missing.length} files not cached, e.g. ${missing[0]}`);
      return gaps;
    },
    { root, version, files: manifest.files },
  );
}

async function waitUntilReadyOffline(page: Page, root: string, version = manifest.version) {
  await expect
    .poll(() => offlineGaps(page, root, version), { timeout: 30_000, intervals: [250] })
    .toEqual([]);
}

async function runFirstCell(page: Page, code: string): Promise<void> {
  await page.locator("pre.cell-pre").first().focus();
  await expect(page.locator(".cm-content").first()).toBeFocused();
  await page.keyboard.insertText(code);
  await page.keyboard.press("Shift+Enter");
}

const LESSON = lessonPages("en")[0] ?? "en/cheatsheet/";

/** Opens a lesson online and waits until the worker controls it with a complete cache. */
async function visitOnce(page: Page, root: string): Promise<void> {
  await page.goto(root + LESSON);
  await hydrated(page);
  await waitUntilReadyOffline(page, root);
  const scope = await page.evaluate(
    async () => (await navigator.serviceWorker.getRegistration())?.scope ?? "",
  );
  expect(scope).toBe(root);
}

async function expectServerGone(root: string): Promise<void> {
  await expect(fetch(root)).rejects.toThrow();
}

test("the build lists every page and asset for the offline cache", () => {
  expect(manifest.version).toMatch(/^[0-9a-f]{16}$/);
  expect(manifest.files).toContain("./");
  expect(manifest.files).toContain("en/playground/");
  expect(manifest.files).toContain("en/labs/fill/");
  expect(manifest.files).toContain("embed/fill/");
  expect(manifest.files.some((f) => f.startsWith("assets/") && f.endsWith(".js"))).toBe(true);
  for (const f of manifest.files) expect(f).not.toMatch(/^\/|^\.\.|^[a-z]+:/);
});

for (const [where, base] of [
  ["at the root", "/"],
  ["under a sub-path", new URL(SUB_BASE).pathname],
] as const) {
  test(`after one visit ${where}, lessons, other pages, labs and cells work with the server gone`, async ({
    page,
  }) => {
    const server = await serveOwnSite(base);
    try {
      const root = server.root;
      await visitOnce(page, root);
      await server.stop();
      await expectServerGone(root);

      await page.reload();
      await hydrated(page);
      await expect(page.locator("h1")).toBeVisible();

      // A page never opened before, and the lab chunk it loads on demand.
      await page.goto(root + "en/labs/fill/");
      const lab = page.locator("section.lab");
      await lab.getByRole("button", { name: "x.masked_fill_(mask, value)" }).click();
      await expect(lab.locator(".lab-facts")).toContainText("x._version1");
      await expect(page).toHaveURL(/[?&]s=/);
      const state = new URL(page.url()).searchParams.get("s") ?? "";

      // Cells run in a Worker; its script and the chunks it imports must come from the cache.
      await page.goto(root + "zh/playground/");
      await hydrated(page);
      await runFirstCell(
        page,
        "import torch\nx = torch.tensor([1.0, 2.0, 3.0])\nprint(x.masked_fill(x > 1, 0.0))",
      );
      await expect(page.locator(".output.live pre.stdout")).toHaveText("tensor([1., 0., 0.])");

      // A lab's state lives in its URL: the site's ?s= and an embed's ?state=.
      await page.goto(`${root}en/labs/fill/?s=${encodeURIComponent(state)}`);
      await expect(page.locator("section.lab .lab-facts")).toContainText("x._version1");
      await page.goto(`${root}embed/fill/?state=${encodeURIComponent(state)}&lang=en`);
      await expect(page.locator("section.lab .lab-facts")).toContainText("x._version1");

      // A link without its trailing slash lands on the page's real address, as the server's
      // redirect would, so that the page's relative links still resolve.
      await page.goto(root + "en/cheatsheet");
      await expect(page).toHaveURL(root + "en/cheatsheet/");
      await hydrated(page);
      await expect(page.locator("h1")).toBeVisible();
    } finally {
      await server.stop();
    }
  });
}

test("a network that stalls instead of failing still opens pages from the cache", async ({
  page,
}) => {
  const server = await serveOwnSite("/");
  // Accepts connections and never answers, like a Wi-Fi access point with no way out.
  const held = new Set<net.Socket>();
  const blackHole = net.createServer((socket) => {
    held.add(socket);
    socket.on("close", () => held.delete(socket));
  });
  try {
    const root = server.root;
    await visitOnce(page, root);
    await server.stop();
    blackHole.listen(server.port, "127.0.0.1");
    await once(blackHole, "listening");

    const started = Date.now();
    await page.reload({ timeout: 15_000 });
    await hydrated(page);
    await expect(page.locator("h1")).toBeVisible();
    await page.goto(root + "en/playground/", { timeout: 15_000 });
    await hydrated(page);
    await expect(page.locator("pre.cell-pre").first()).toBeVisible();
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(held.size).toBeGreaterThan(0);
  } finally {
    for (const socket of held) socket.destroy();
    blackHole.close();
    await server.stop();
  }
});

test("a new build's worker takes over with a complete cache; the previous build's stays for open tabs, older ones go", async ({
  page,
}) => {
  await page.goto("en/cheatsheet/");
  await hydrated(page);
  const root = new URL("../../", page.url()).href;
  await waitUntilReadyOffline(page, root);
  // An older build's cache, and a chunk only the current build has (a tab opened before the
  // next deploy may still ask for it).
  await page.evaluate(
    async ({ version, root }) => {
      const old = await caches.open("masklab-0000000000000000");
      await old.put("stale", new Response("old deploy"));
      const current = await caches.open(`masklab-${version}`);
      await current.put(`${root}assets/only-in-this-build.js`, new Response("export {};"));
    },
    { version: manifest.version, root },
  );
  const buildCaches = async () =>
    (await page.evaluate(() => caches.keys())).filter((k) => k.startsWith("masklab-")).sort();
  const deploy = async (version: string) => {
    // A new deploy registers the worker under its own hash; the worker names its cache after it.
    await page.evaluate(async (v) => {
      const reg = await navigator.serviceWorker.getRegistration();
      if (!reg) throw new Error("no registration");
      await navigator.serviceWorker.register(new URL(`sw.js?v=${v}`, reg.scope).href, {
        scope: reg.scope,
      });
    }, version);
    await waitUntilReadyOffline(page, root, version);
  };
  const oldChunk = () =>
    page.evaluate(async (url) => {
      const r = await fetch(url);
      return `${r.status} ${r.ok ? await r.text() : ""}`;
    }, `${root}assets/only-in-this-build.js`);

  const next = `${manifest.version}n`;
  await deploy(next);
  expect(await buildCaches()).toEqual([`masklab-${manifest.version}`, `masklab-${next}`].sort());
  expect(await oldChunk()).toBe("200 export {};");

  const after = `${manifest.version}m`;
  await deploy(after);
  expect(await buildCaches()).toEqual([`masklab-${after}`, `masklab-${next}`].sort());
  expect(await oldChunk()).toMatch(/^404 /);
});
