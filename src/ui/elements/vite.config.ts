import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { resizeScript } from "../embed/protocol";

// The custom-element bundle, built after the site by scripts/build-elements.mjs into
// dist/embed/: masklab-elements.js and its lazily loaded chunks, every URL relative to the
// script itself so any host path works, plus the parent-side resize script for iframes.
const here = path.dirname(new URL(import.meta.url).pathname);
const outDir = process.env.MASKLAB_ELEMENTS_OUT ?? path.resolve(here, "../../../dist/embed");

export default defineConfig({
  root: path.resolve(here, "../../.."),
  base: "./",
  publicDir: false,
  logLevel: "warn",
  plugins: [
    react(),
    {
      name: "masklab-resize-script",
      generateBundle() {
        this.emitFile({ type: "asset", fileName: "masklab-resize.js", source: resizeScript() });
      },
    },
  ],
  build: {
    outDir,
    emptyOutDir: false,
    copyPublicDir: false,
    modulePreload: { polyfill: false },
    // Read by scripts/sizes.mjs to add up each element's JavaScript.
    manifest: true,
    // An application build rather than a library one: library ES output keeps its whitespace,
    // and this file ships to browsers as it is.
    rollupOptions: {
      input: path.resolve(here, "index.tsx"),
      preserveEntrySignatures: false,
      output: {
        entryFileNames: "masklab-elements.js",
        chunkFileNames: "chunks/[name]-[hash].js",
      },
    },
    chunkSizeWarningLimit: 800,
  },
});
