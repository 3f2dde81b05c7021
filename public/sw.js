/* global self, caches, fetch, URL, Request, Response, setTimeout, clearTimeout */
// MaskLab's service worker: after one visit the site works offline. It precaches every file
// the build listed in sw-manifest.json, relative to its own scope, so it works under any
// sub-path. Hashed assets never change, so they are served from the cache first; pages may
// change with a deploy, so they come from the network first, and from the cache when the
// network fails or stalls.
// Each deploy registers the worker with a new ?v= (the build's hash) and gets a fresh cache.

const VERSION = new URL(self.location.href).searchParams.get("v") || "unversioned";
const PREFIX = "masklab-";
const CACHE = PREFIX + VERSION;
const SCOPE = self.registration.scope;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const response = await fetch(new URL("sw-manifest.json", SCOPE), { cache: "no-store" });
      if (!response.ok) throw new Error(`sw-manifest.json: HTTP ${response.status}`);
      const manifest = await response.json();
      const files = Array.isArray(manifest.files) ? manifest.files : [];
      const cache = await caches.open(CACHE);
      await cache.addAll(
        files
          .filter((f) => typeof f === "string")
          .map((f) => new Request(new URL(f, SCOPE), { cache: "reload" })),
      );
      await self.skipWaiting();
    })(),
  );
});

// A tab opened before a deploy still runs the previous build and may yet ask for one of its
// hashed chunks (a lab, the editor), which the server no longer has. So activation keeps the
// previous build's cache beside the new one, and hashed assets are looked up in both; builds
// before that are deleted. The current version is remembered in a small record of its own.
const RECORD = "masklab:versions";
const CURRENT_KEY = new URL("masklab-version/current", SCOPE).href;
const PREVIOUS_KEY = new URL("masklab-version/previous", SCOPE).href;

async function readRecord(record, key) {
  const hit = await record.match(key);
  return hit ? hit.text() : null;
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const record = await caches.open(RECORD);
      const current = await readRecord(record, CURRENT_KEY);
      // Activating the same build again (a re-registration) keeps the recorded previous one.
      const previous = current === VERSION ? await readRecord(record, PREVIOUS_KEY) : current;
      if (previous !== null) await record.put(PREVIOUS_KEY, new Response(previous));
      await record.put(CURRENT_KEY, new Response(VERSION));
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE && name !== PREFIX + previous)
          await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

function isAsset(url) {
  return url.href.startsWith(new URL("assets/", SCOPE).href);
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  // This build's files first, then the previous build's (for tabs still running it).
  const hit = (await cache.match(request)) || (await caches.match(request));
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

// Classroom Wi-Fi more often stalls than refuses: a page request that hangs this long is
// answered from the cache instead, so a lesson opens in seconds rather than after a TCP timeout.
const NETWORK_PATIENCE_MS = 3000;

/**
 * The precached copy of a page (or of another unhashed file). Pages change only with the build,
 * and the build's hash names the cache, so the copy installed with this worker matches the
 * assets beside it; network answers are never stored, which keeps each cache one build and
 * bounded in size.
 */
async function fromCache(request) {
  const cache = await caches.open(CACHE);
  // A lab's ?s=… or an embed's ?state=… is read by the page's script, not by the server.
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const url = new URL(request.url);
  url.hash = "";
  if (url.pathname.endsWith("/index.html")) {
    url.pathname = url.pathname.slice(0, -"index.html".length);
    return cache.match(url.href, { ignoreSearch: true });
  }
  if (!url.pathname.endsWith("/")) {
    url.pathname += "/";
    // Relative links resolve only from the URL that ends in "/", so redirect as the server does
    // rather than serve the page's bytes under the wrong address.
    if (await cache.match(url.href, { ignoreSearch: true }))
      return Response.redirect(url.href, 301);
  }
  return undefined;
}

async function networkFirst(event) {
  const network = fetch(event.request);
  // Once the cache has answered a stalled request, its late failure concerns no one.
  network.catch(() => undefined);
  let patience;
  const stalled = new Promise((resolve) => {
    patience = setTimeout(resolve, NETWORK_PATIENCE_MS, "stalled");
  });
  try {
    const first = await Promise.race([network, stalled]);
    if (first !== "stalled") return first;
    return (await fromCache(event.request)) ?? (await network);
  } catch (error) {
    const hit = await fromCache(event.request);
    if (hit) return hit;
    throw error;
  } finally {
    clearTimeout(patience);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!url.href.startsWith(SCOPE)) return;
  if (url.pathname.endsWith("/sw-manifest.json")) return;
  event.respondWith(isAsset(url) ? cacheFirst(request) : networkFirst(event));
});
