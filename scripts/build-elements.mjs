// Builds the custom-element bundle into <dist>/embed/ (see src/ui/elements/vite.config.ts).
// Called by scripts/prerender.mjs at the end of `npm run build`; runs alone as
// `node scripts/build-elements.mjs dist`.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function buildElements(dist) {
  process.env.MASKLAB_ELEMENTS_OUT = path.join(path.resolve(dist), "embed");
  await build({ configFile: path.join(root, "src/ui/elements/vite.config.ts"), logLevel: "warn" });
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  await buildElements(process.argv[2] ?? "dist");
