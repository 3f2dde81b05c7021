/* global self, caches, fetch, URL, Request */
// MaskLab's service worker: after one visit the site works offline. It precaches every file
// the build listed in sw-manifest.json, relative to its own scope, so it works under any
// sub-path. Hashed assets never change, so they are served from the cache first; pages may
// change with a deploy, so they come from the network first and from the cache when offline.
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

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
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
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // A lab's ?state=… or a #heading must still find the page it belongs to.
    const hit =
      (await cache.match(request)) || (await cache.match(request, { ignoreSearch: true }));
    if (hit) return hit;
    const url = new URL(request.url);
    if (!url.pathname.endsWith("/")) {
      url.pathname += "/";
      const dir = await cache.match(url.href, { ignoreSearch: true });
      if (dir) return dir;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!url.href.startsWith(SCOPE)) return;
  if (url.pathname.endsWith("/sw-manifest.json")) return;
  event.respondWith(isAsset(url) ? cacheFirst(request) : networkFirst(request));
});
