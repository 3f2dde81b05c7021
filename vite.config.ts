import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import mdx from "@mdx-js/rollup";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { parseMeta } from "./src/lessons/meta";
import { remarkHeadingIds } from "./src/lessons/headingIds";
import { remarkCells } from "./src/lessons/remarkCells";
import { remarkCjkLineBreaks } from "./src/lessons/cjkLineBreaks";
import { parseLesson } from "./src/lessons/parse";

const root = path.dirname(new URL(import.meta.url).pathname);
// Tests may point the build at fixture lessons; the real site reads content/.
const contentDir = path.resolve(root, process.env.MASKLAB_CONTENT_DIR ?? "content");
const VIRTUAL = "virtual:masklab-content";

/** Lists the lessons (with their meta, read without evaluating MDX) and the cheat sheet. */
function masklabContent(): Plugin {
  return {
    name: "masklab-content",
    resolveId(id) {
      return id === VIRTUAL ? "\0" + VIRTUAL : undefined;
    },
    load(id) {
      if (id !== "\0" + VIRTUAL) return undefined;
      const lessons: object[] = [];
      const loaders: string[] = [];
      for (const lang of ["en", "zh"]) {
        const dir = path.join(contentDir, lang);
        if (!existsSync(dir)) continue;
        for (const name of readdirSync(dir).sort()) {
          if (!name.endsWith(".mdx") || name === "cheatsheet.mdx") continue;
          const file = path.join(dir, name);
          const slug = name.slice(0, -4);
          this.addWatchFile(file);
          const source = readFileSync(file, "utf8");
          let meta = { title: slug, summary: "", order: 999 };
          try {
            meta = parseMeta(source);
          } catch (e) {
            this.warn(`${file}: ${(e as Error).message}`);
          }
          // Lessons usually open with their own "# Title"; the page adds one only if not.
          const hasTitle = parseLesson(source).blocks.some(
            (b) => b.kind === "prose" && /^# /m.test(b.text),
          );
          lessons.push({ slug, lang, ...meta, hasTitle, file: path.relative(root, file) });
          loaders.push(
            `${JSON.stringify(`${lang}/${slug}`)}: () => import(${JSON.stringify(file)})`,
          );
        }
      }
      // A cheat sheet may be shared (content/cheatsheet.json) or per language
      // (content/cheatsheet.zh.json, content/zh/cheatsheet.mdx).
      const cheats: Record<string, string> = {};
      const cheatName = /^cheatsheet(?:\.(en|zh))?\.(mdx|json|ts|js|mjs)$/;
      for (const name of existsSync(contentDir) ? readdirSync(contentDir).sort() : []) {
        const m = cheatName.exec(name);
        if (m) cheats[m[1] ?? "any"] = path.join(contentDir, name);
      }
      for (const lang of ["en", "zh"]) {
        const file = path.join(contentDir, lang, "cheatsheet.mdx");
        if (existsSync(file)) cheats[lang] = file;
      }
      const entries = Object.entries(cheats);
      return [
        `export const lessons = ${JSON.stringify(lessons)};`,
        `export const lessonLoaders = {${loaders.join(",")}};`,
        `export const cheatsheetLoaders = {${entries
          .map(([k, f]) => `${JSON.stringify(k)}: () => import(${JSON.stringify(f)})`)
          .join(",")}};`,
        `export const cheatsheetFiles = ${JSON.stringify(
          Object.fromEntries(entries.map(([k, f]) => [k, path.relative(root, f)])),
        )};`,
      ].join("\n");
    },
  };
}

export default defineConfig(({ isSsrBuild }) => ({
  base: "./",
  publicDir: "public",
  // Lessons may live outside the root (fixture builds); resolve their imports from here.
  resolve: { dedupe: ["react", "react-dom"] },
  plugins: [
    masklabContent(),
    {
      enforce: "pre",
      ...mdx({ remarkPlugins: [remarkCells, remarkCjkLineBreaks, remarkHeadingIds] }),
    },
    react({ include: /\.(mdx|js|jsx|ts|tsx)$/ }),
  ],
  worker: { format: "es" },
  build: isSsrBuild
    ? {
        ssr: "src/ui/entry-server.tsx",
        outDir: "dist/.ssr",
        emptyOutDir: false,
        copyPublicDir: false,
      }
    : {
        outDir: "dist",
        manifest: true,
        modulePreload: { polyfill: false },
        rollupOptions: {
          // Embed pages hydrate from their own entry, which leaves the notebook and lessons out.
          input: {
            "entry-client": "src/ui/entry-client.tsx",
            "entry-embed": "src/ui/embed/entry-embed.tsx",
          },
        },
        chunkSizeWarningLimit: 800,
      },
  ssr: { noExternal: isSsrBuild ? [/^@mdx-js/] : [] },
}));
