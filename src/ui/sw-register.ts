// Registers public/sw.js (offline reading) from a module, since the CSP allows no inline
// script. The build writes sw-manifest.json with a hash of every file; registering the worker
// under that hash makes a new deploy install a new worker with a new cache. Offline, the
// manifest cannot be fetched and the worker already installed keeps serving.

interface SwManifest {
  readonly version?: unknown;
}

/** The site root: built modules live in `assets/`, one level below it. */
function siteRoot(): URL {
  return new URL(/* @vite-ignore */ "../", import.meta.url);
}

export async function registerServiceWorker(): Promise<void> {
  if (!import.meta.env.PROD || typeof navigator === "undefined") return;
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  const root = siteRoot();
  let version: string;
  try {
    const response = await fetch(new URL("sw-manifest.json", root), { cache: "no-store" });
    if (!response.ok) return;
    const manifest = (await response.json()) as SwManifest;
    if (typeof manifest.version !== "string" || !/^[0-9a-z]{1,64}$/.test(manifest.version)) {
      return;
    }
    version = manifest.version;
  } catch {
    return;
  }
  try {
    await navigator.serviceWorker.register(new URL(`sw.js?v=${version}`, root), {
      scope: root.pathname,
    });
  } catch (e) {
    // Offline reading is a bonus: the page works the same without it.
    console.warn(`MaskLab: the offline cache could not be set up: ${String(e)}`);
  }
}

/** Registers once the page has loaded, so precaching never competes with the first paint. */
export function registerServiceWorkerWhenLoaded(): void {
  if (typeof window === "undefined") return;
  const go = () => void registerServiceWorker();
  if (document.readyState === "complete") go();
  else window.addEventListener("load", go, { once: true });
}
