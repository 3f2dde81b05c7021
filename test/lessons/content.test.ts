// The lessons themselves: well formed, in both languages, and every cell's recorded output is
// what the engine prints today (tinygrad's habit: CI runs the code in the docs).

import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { parseLesson, slugify } from "../../src/lessons";
import { createSession, type Session } from "../../src/python/session";
import { torchModules } from "../../src/python/torch/index";

const SLUGS = [
  "masked-fill",
  "views-aliasing",
  "attention-masks",
  "autograd-inplace",
  "dtypes-and-values",
];
const contentDir = path.resolve("content");

function lessonFiles(lang: string): string[] {
  const dir = path.join(contentDir, lang);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith(".mdx") && n !== "cheatsheet.mdx")
    .map((n) => n.slice(0, -4))
    .sort();
}

const present = [...new Set([...lessonFiles("en"), ...lessonFiles("zh")])];

test("every planned lesson exists in English and Chinese", () => {
  expect(lessonFiles("en")).toEqual([...SLUGS].sort());
  expect(lessonFiles("zh")).toEqual([...SLUGS].sort());
});

function newSession(): Session {
  return createSession({ modules: torchModules });
}

for (const slug of present) {
  describe(slug, () => {
    const sources = Object.fromEntries(
      ["en", "zh"]
        .filter((lang) => existsSync(path.join(contentDir, lang, `${slug}.mdx`)))
        .map((lang) => [lang, readFileSync(path.join(contentDir, lang, `${slug}.mdx`), "utf8")]),
    );

    for (const [lang, source] of Object.entries(sources)) {
      test(`${lang}: parses cleanly, with meta and at least one cell`, () => {
        const parsed = parseLesson(source);
        expect(parsed.issues).toEqual([]);
        expect(parsed.meta?.title).toBeTruthy();
        expect(parsed.blocks.some((b) => b.kind === "cell")).toBe(true);
        expect(source).not.toMatch(/<(script|iframe)\b/);
      });

      test(`${lang}: every cell prints its recorded output`, async () => {
        const session = newSession();
        for (const block of parseLesson(source).blocks) {
          if (block.kind !== "cell") continue;
          const out = session.run(block.code, "notebook");
          const where = `${lang}/${slug}.mdx line ${block.line}`;
          expect.soft(out.stdout, `${where}: stdout`).toBe(block.recordedOutput ?? "");
          expect.soft(out.error, `${where}: error`).toBe(block.recordedError);
        }
      });
    }

    test("both languages have the same cells", () => {
      const count = (s: string) => parseLesson(s).blocks.filter((b) => b.kind === "cell").length;
      expect(sources.en && count(sources.en)).toBe(sources.zh && count(sources.zh));
    });
  });
}

test("every cheat sheet row links to a lesson heading that exists", () => {
  const file = path.join(contentDir, "cheatsheet.json");
  expect(existsSync(file)).toBe(true);
  const sheet = JSON.parse(readFileSync(file, "utf8")) as {
    rows: { slug: string; anchor?: Record<string, string> }[];
  };
  expect(sheet.rows.length).toBeGreaterThan(0);
  for (const row of sheet.rows) {
    for (const lang of ["en", "zh"]) {
      const source = readFileSync(path.join(contentDir, lang, `${row.slug}.mdx`), "utf8");
      const headings = parseLesson(source)
        .blocks.flatMap((b) => (b.kind === "prose" ? b.text.split("\n") : []))
        .filter((l) => /^#{1,6} /.test(l))
        .map((l) => slugify(l.replace(/^#+ /, "").replace(/`/g, "")));
      if (row.anchor) expect(headings, `${lang}/${row.slug}`).toContain(row.anchor[lang]);
    }
  }
});

test("the Chinese cheat sheet has no English prose outside code spans", () => {
  const sheet = JSON.parse(readFileSync(path.join(contentDir, "cheatsheet.json"), "utf8")) as {
    rows: Record<string, unknown>[];
  };
  const zhText = (v: unknown): string =>
    typeof v === "string"
      ? v
      : v && typeof v === "object"
        ? String((v as { zh?: unknown }).zh ?? "")
        : "";
  for (const row of sheet.rows) {
    for (const key of ["situation", "use", "why"]) {
      const prose = zhText(row[key]).replace(/`[^`]*`/g, "");
      // Names that Chinese technical writing keeps as they are (GLOSSARY.md); PyTorch's own
      // messages stay English inside code spans.
      const words = prose
        .match(/[A-Za-z][A-Za-z0-9]{2,}/g)
        ?.filter((w) => !/^(PyTorch|dtype|query|softmax|sigmoid|exp|NaN|float\d+)$/.test(w));
      expect(words ?? [], `${key}: ${zhText(row[key])}`).toEqual([]);
    }
  }
});
