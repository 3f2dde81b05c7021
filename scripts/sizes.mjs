// Prints the gzipped JavaScript each kind of page needs: a lesson page before interaction, each
// /embed/ page, and each custom element, all counted with their lab but without Observable Plot
// (the softmax lab fetches it afterwards). `node scripts/sizes.mjs [dist]`; the build runs it.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const EMBED_BUDGET = 100 * 1024;
const KINDS = ["fill", "alias", "softmax", "autograd", "mask"];
const LAB_SOURCE = {
  fill: "src/ui/labs/fill/FillLab.tsx",
  alias: "src/ui/labs/alias/AliasLab.tsx",
  softmax: "src/ui/labs/softmax/SoftmaxLab.tsx",
  autograd: "src/ui/labs/autograd/AutogradLab.tsx",
  mask: "src/ui/labs/mask/MaskLab.tsx",
};

const gz = (file) => gzipSync(readFileSync(file)).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** A manifest chunk's file and every chunk it imports statically (dynamic imports not followed). */
function closure(manifest, key, into = new Set()) {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const dep of chunk.imports ?? []) closure(manifest, dep, into);
  return into;
}

/** The scripts an HTML page loads up front: its module entry and its modulepreloads. */
function pageScripts(html) {
  const out = new Set();
  for (const m of html.matchAll(
    /<script type="module" src="([^"]+)"|<link rel="modulepreload" href="([^"]+)"/g,
  ))
    out.add((m[1] ?? m[2]).replace(/^(\.\.\/)+|^\.\//, ""));
  return out;
}

export function measure(dist) {
  const rows = [];
  const siteManifestFile = path.join(dist, ".vite", "manifest.json");
  const site = existsSync(siteManifestFile)
    ? JSON.parse(readFileSync(siteManifestFile, "utf8"))
    : {};
  const lessonHtml = path.join(dist, "en", "masked-fill", "index.html");
  if (existsSync(lessonHtml)) {
    const files = pageScripts(readFileSync(lessonHtml, "utf8"));
    rows.push({ what: "lesson page en/masked-fill/ (initial)", bytes: sum(dist, files) });
  }
  for (const kind of KINDS) {
    const html = path.join(dist, "embed", kind, "index.html");
    if (!existsSync(html)) continue;
    const files = pageScripts(readFileSync(html, "utf8"));
    closure(site, LAB_SOURCE[kind], files);
    rows.push({
      what: `embed page embed/${kind}/ + lab`,
      bytes: sum(dist, files),
      budget: EMBED_BUDGET,
    });
  }
  const elManifestFile = path.join(dist, "embed", ".vite", "manifest.json");
  if (existsSync(elManifestFile)) {
    const el = JSON.parse(readFileSync(elManifestFile, "utf8"));
    const entry = Object.keys(el).find((k) => el[k].isEntry);
    for (const kind of KINDS) {
      const files = closure(el, entry);
      closure(el, LAB_SOURCE[kind], files);
      rows.push({
        what: `<masklab-${kind}> element + lab`,
        bytes: sum(path.join(dist, "embed"), files),
        budget: EMBED_BUDGET,
      });
    }
  }
  return rows;
}

function sum(dir, files) {
  let total = 0;
  for (const f of files) {
    const file = path.join(dir, f);
    if (existsSync(file)) total += gz(file);
  }
  return total;
}

export function printSizes(dist) {
  const rows = measure(path.resolve(dist));
  console.log("\nJavaScript, gzipped (Observable Plot excluded; the softmax lab loads it lazily):");
  for (const r of rows) {
    const flag = r.budget
      ? r.bytes <= r.budget
        ? `  ≤ ${kb(r.budget)} ✓`
        : `  > ${kb(r.budget)} ✗ OVER BUDGET`
      : "";
    console.log(`  ${r.what.padEnd(44)} ${kb(r.bytes).padStart(9)}${flag}`);
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printSizes(process.argv[2] ?? "dist");
