// Renders the sample lesson through MDX with the site's components, as the prerenderer does.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "@mdx-js/mdx";
import type { MDXContent } from "mdx/types";
import { renderToString } from "react-dom/server";
import { beforeAll, describe, expect, test } from "vitest";
import { lessonCells, remarkCells, remarkHeadingIds } from "../../src/lessons";
import { lessonComponents } from "../../src/ui/content/components";
import { NotebookProvider } from "../../src/ui/notebook/NotebookContext";

const source = readFileSync("test/fixtures/sample-lesson.mdx", "utf8");
let html = "";

beforeAll(async () => {
  const js = String(await compile(source, { remarkPlugins: [remarkCells, remarkHeadingIds] }));
  // Written inside node_modules so the compiled module resolves react/jsx-runtime.
  const dir = path.resolve("node_modules/.cache/masklab-test");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `sample-${process.pid}.mjs`);
  writeFileSync(file, js);
  const mod = (await import(pathToFileURL(file).href)) as { default: MDXContent };
  html = renderToString(
    <NotebookProvider lang="en">
      <mod.default components={lessonComponents} />
    </NotebookProvider>,
  );
});

function decode(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

describe("a lesson rendered with the site's components", () => {
  test("every python fence becomes a cell, numbered as parseLesson numbers them", () => {
    const ids = [...html.matchAll(/data-cell-id="cell-(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids).toEqual(lessonCells(source).map((c) => c.index));
  });

  test("each cell's code is in a plain <pre> until the editor loads", () => {
    const codes = [
      ...html.matchAll(
        /<pre class="cell-pre"[^>]*><code class="language-python"[^>]*>([\s\S]*?)<\/code>/g,
      ),
    ].map((m) => decode(m[1]));
    expect(codes).toEqual(lessonCells(source).map((c) => c.code));
  });

  test("recorded output and error blocks sit under their cell, text intact", () => {
    const figs = [
      ...html.matchAll(
        /<figure class="recorded recorded-(\w+)" data-cell-of="(\d+)"><figcaption>[^<]*<\/figcaption><pre class="[^"]+"(?: tabindex="0")?>([\s\S]*?)<\/pre>/g,
      ),
    ].map((m) => ({ kind: m[1], cell: Number(m[2]), text: decode(m[3]) }));
    expect(figs).toEqual([
      { kind: "output", cell: 0, text: "tensor([-inf, 2., -inf])\ntensor([1., 2., 3.])" },
      { kind: "output", cell: 1, text: "tensor([0., 2., 0.])" },
      {
        kind: "error",
        cell: 3,
        text: "RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0",
      },
    ]);
  });

  // Labelled notes rather than asides: a lesson has many, and landmarks must be unique.
  test("Callout and Misconception render as labelled notes", () => {
    expect(html).toContain(
      '<div role="note" class="callout callout-pitfall" aria-label="Pitfall">',
    );
    expect(html).toMatch(
      /<div role="note" class="misconception" aria-label="Misconception">[\s\S]*masked_fill changes x/,
    );
  });

  test("every cell has Run and Reset buttons with names", () => {
    expect(html.match(/class="btn-run"/g)).toHaveLength(4);
    expect(html.match(/>Reset<\/button>/g)).toHaveLength(4);
  });

  test("headings get GitHub-style ids", () => {
    expect(html).toContain('<h2 id="out-of-place">Out of place</h2>');
    expect(html).toContain('<h2 id="common-misconceptions">');
  });

  test("no inline script or event handler attribute reaches the markup", () => {
    expect(html).not.toMatch(/<script|\son[a-z]+=/i);
  });
});
