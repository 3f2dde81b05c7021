// Writes one static HTML page per route into dist/, from the SSR bundle that `vite build --ssr`
// left in dist/.ssr. Every URL in a page is relative to that page, so dist/ can be served from
// any sub-path. The pages carry a strict CSP: external scripts only, no inline code at all.

import { createHash } from "node:crypto";
import { access, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const dist = path.resolve(process.argv[2] ?? "dist");
const ssrDir = path.join(dist, ".ssr");
const manifest = JSON.parse(await readFile(path.join(dist, ".vite", "manifest.json"), "utf8"));
const server = await import(pathToFileURL(path.join(ssrDir, "entry-server.js")).href);

export const CSP = [
  "default-src 'self'",
  // WebAssembly compilation only (the tensor core's SIMD softmax), not JavaScript eval.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const ENTRY = "src/ui/entry-client.tsx";

function escapeHtml(s) {
  return String(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** The chunk for `key` and every chunk it imports statically, with their CSS. */
function collect(key, files, css) {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const c of chunk.css ?? []) css.add(c);
  for (const dep of chunk.imports ?? []) collect(dep, files, css);
}

const entry = manifest[ENTRY];
if (!entry) throw new Error(`${ENTRY} is missing from the Vite manifest`);

let count = 0;
for (const route of server.listRoutes()) {
  const page = await server.renderRoute(route);
  const files = new Set();
  const css = new Set();
  // Embed pages hydrate from their own small entry; every other page from the site's.
  const entryKey = page.entry ?? ENTRY;
  const entryChunk = manifest[entryKey];
  if (!entryChunk) throw new Error(`${entryKey} is missing from the Vite manifest`);
  collect(entryKey, files, css);
  for (const src of page.sources) collect(src, files, css);
  files.delete(entryChunk.file);
  const p = page.prefix;
  const attrs = Object.entries(page.rootAttributes)
    .map(([k, v]) => ` ${k}="${escapeHtml(v)}"`)
    .join("");
  const html = `<!doctype html>
<html lang="${escapeHtml(page.htmlLang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)}</title>
<meta name="description" content="${escapeHtml(page.description)}">
<link rel="icon" href="${p}favicon.svg" type="image/svg+xml">
${[...css].map((f) => `<link rel="stylesheet" href="${p}${f}">`).join("\n")}
<script type="module" src="${p}${entryChunk.file}"></script>
${[...files].map((f) => `<link rel="modulepreload" href="${p}${f}">`).join("\n")}
</head>
<body>
<noscript><p class="noscript">${escapeHtml(page.noscript)}</p></noscript>
<div id="root"${attrs}>${page.html}</div>
</body>
</html>
`;
  const out = path.join(dist, page.path, "index.html");
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, html);
  count++;
}
await rm(ssrDir, { recursive: true, force: true });
const forwarded = await writeDirectoryForwards();
// The custom-element bundle (dist/embed/masklab-elements.js) is a second, library build.
await (await import("./build-elements.mjs")).buildElements(dist);
await writeSwManifest();
console.log(
  `prerendered ${count} pages into ${path.relative(process.cwd(), dist) || "."}` +
    ` (and ${forwarded} folder addresses forwarded to the page above them)`,
);
await (await import("./sizes.mjs")).printSizes(dist);

/**
 * A folder that holds pages but is none itself (en/, zh/labs/, embed/) would answer with the
 * host's "not found" to a reader who trims the address. Each gets a page that forwards to the
 * nearest page above it: a meta refresh (allowed by the CSP, which forbids any inline script)
 * and a link, in the folder's language. Returns how many were written.
 */
async function writeDirectoryForwards() {
  const isPage = (dir) =>
    access(path.join(dir, "index.html")).then(
      () => true,
      () => false,
    );
  let written = 0;
  const visit = async (dir, rel) => {
    let holdsPages = false;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name === "assets") continue;
      if (await visit(path.join(dir, entry.name), `${rel}${entry.name}/`)) holdsPages = true;
    }
    if (await isPage(dir)) return true;
    if (!holdsPages) return false;
    let up = rel.split("/").filter(Boolean).slice(0, -1);
    while (up.length > 0 && !(await isPage(path.join(dist, ...up)))) up = up.slice(0, -1);
    const depth = rel.split("/").filter(Boolean).length - up.length;
    await writeFile(path.join(dir, "index.html"), forwardPage("../".repeat(depth), rel));
    written++;
    return true;
  };
  await visit(dist, "");
  return written;
}

function forwardPage(href, rel) {
  const zh = rel.startsWith("zh/");
  const text = zh ? "这个地址没有单独的页面，请前往" : "This address has no page of its own. Go to";
  const label = zh ? "上一级页面" : "the page above it";
  const stop = zh ? "。" : ".";
  return `<!doctype html>
<html lang="${zh ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta http-equiv="refresh" content="0; url=${href}">
<meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MaskLab</title>
<link rel="icon" href="${"../".repeat(rel.split("/").filter(Boolean).length)}favicon.svg" type="image/svg+xml">
</head>
<body>
<main><p>${text} <a href="${href}">${label}</a>${stop}</p></main>
</body>
</html>
`;
}

/**
 * Lists every file the service worker (public/sw.js) precaches, relative to the site root,
 * pages as their directory URLs, with a hash of all of them: a new deploy gets a new version.
 */
async function writeSwManifest() {
  const files = [];
  const walk = async (dir, rel) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const child = rel + entry.name;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), child + "/");
      else if (child !== "sw.js" && child !== "sw-manifest.json") files.push(child);
    }
  };
  await walk(dist, "");
  files.sort();
  const hash = createHash("sha256");
  for (const f of files) hash.update(f + "\0").update(await readFile(path.join(dist, f)));
  hash.update(await readFile(path.join(dist, "sw.js")).catch(() => ""));
  const urls = files.map((f) =>
    f === "index.html" ? "./" : f.endsWith("/index.html") ? f.slice(0, -"index.html".length) : f,
  );
  const version = hash.digest("hex").slice(0, 16);
  await writeFile(path.join(dist, "sw-manifest.json"), JSON.stringify({ version, files: urls }));
}
