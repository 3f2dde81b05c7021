import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Builds the labs harness on its own: `npx vite build --config src/ui/labs/harness/vite.config.ts`
// then `npx vite preview --config …` serves it with a single-page fallback.
const here = path.dirname(new URL(import.meta.url).pathname);
export default defineConfig({
  root: here,
  base: "/",
  plugins: [react()],
  build: {
    outDir: process.env.MASKLAB_LABS_OUT ?? "/tmp/masklab-labs-harness",
    emptyOutDir: true,
    modulePreload: { polyfill: false },
  },
  preview: { port: Number(process.env.MASKLAB_LABS_PORT ?? 4399), strictPort: true },
});
