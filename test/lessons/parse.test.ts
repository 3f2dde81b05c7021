import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { findFences, lessonCells, parseLesson, parseMeta, slugify } from "../../src/lessons";

const sample = readFileSync("test/fixtures/sample-lesson.mdx", "utf8");

describe("parseLesson on the sample lesson", () => {
  const parsed = parseLesson(sample);

  test("reads the meta export without evaluating it", () => {
    expect(parsed.meta).toEqual({
      title: "Sample: masked_fill",
      summary: "A throwaway lesson for the site's own tests.",
      order: 1,
    });
    expect(parsed.issues).toEqual([]);
  });

  test("finds the four cells in order with their recorded output", () => {
    const cells = parsed.blocks.filter((b) => b.kind === "cell");
    expect(cells.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    expect(cells[0]).toMatchObject({
      code:
        "import torch\nx = torch.tensor([1.0, 2.0, 3.0])\nm = torch.tensor([True, False, True])\n" +
        'y = x.masked_fill(m, float("-inf"))\nprint(y)\nprint(x)',
      recordedOutput: "tensor([-inf, 2., -inf])\ntensor([1., 2., 3.])\n",
      recordedError: null,
    });
    // A cell inside a <Callout> is still a cell.
    expect(cells[1]).toMatchObject({
      code: "x.masked_fill_(m, 0.0)\nx",
      recordedOutput: "tensor([0., 2., 0.])\n",
    });
    expect(cells[2]).toMatchObject({
      code: "z = x + 1",
      recordedOutput: null,
      recordedError: null,
    });
    expect(cells[3]).toMatchObject({
      recordedOutput: null,
      recordedError:
        "RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0",
    });
  });

  test("keeps the prose between cells and drops the meta export from it", () => {
    const prose = parsed.blocks.filter((b) => b.kind === "prose").map((b) => b.text);
    expect(prose[0].startsWith("## Out of place")).toBe(true);
    expect(prose.join("\n")).not.toContain("export const meta");
    expect(prose.at(-1)).toContain("<Misconception");
    expect(parsed.blocks[0].kind).toBe("prose");
  });

  test("lessonCells returns the cells only", () => {
    expect(lessonCells(sample)).toHaveLength(4);
  });
});

describe("fences", () => {
  test("a longer fence can contain a shorter one, and tildes work", () => {
    const src = ["````python", "```", "print(1)", "````", "~~~output", "1", "~~~"].join("\n");
    const [cell] = lessonCells(src);
    expect(cell.code).toBe("```\nprint(1)");
    expect(cell.recordedOutput).toBe("1\n");
  });

  test("an indented fence loses that much indentation from its body", () => {
    const fences = findFences(["  ```python", "  a = 1", "    b = 2", "  ```"]);
    expect(fences).toEqual([{ lang: "python", body: "a = 1\n  b = 2", start: 0, end: 3 }]);
  });

  test("blank lines inside an output block are kept", () => {
    const src = "```python\nprint(t)\n```\n\n```output\ntensor([[[1]],\n\n        [[2]]])\n```\n";
    expect(lessonCells(src)[0].recordedOutput).toBe("tensor([[[1]],\n\n        [[2]]])\n");
  });

  test("output and error may both follow a cell", () => {
    const src =
      "```python\nprint(1); 1/0\n```\n```output\n1\n```\n```error\nZeroDivisionError: division by zero\n```";
    const [cell] = lessonCells(src);
    expect(cell.recordedOutput).toBe("1\n");
    expect(cell.recordedError).toBe("ZeroDivisionError: division by zero");
  });

  test("an output block after prose is reported, not attached", () => {
    const src = "```python\nprint(1)\n```\n\nSome words.\n\n```output\n1\n```";
    const parsed = parseLesson(src);
    const [cell] = lessonCells(src);
    expect(cell.recordedOutput).toBeNull();
    expect(parsed.issues).toContain("line 7: output block does not follow a python cell");
  });

  test("a second output block for one cell is reported", () => {
    const src = "```python\n1\n```\n```output\n1\n```\n```output\n2\n```";
    expect(parseLesson(src).issues).toEqual([
      "missing `export const meta = {…}`",
      "line 7: second output block",
    ]);
  });

  test("other languages are prose, not cells", () => {
    const src = "```js\nconsole.log(1)\n```\n```python\nprint(2)\n```";
    const parsed = parseLesson(src);
    expect(lessonCells(src)).toHaveLength(1);
    expect(parsed.blocks[0]).toEqual({ kind: "prose", text: "```js\nconsole.log(1)\n```" });
  });
});

describe("parseMeta", () => {
  test("accepts quotes of every kind, escapes, comments and trailing commas", () => {
    const src = `export const meta = {
      // the title
      title: 'It\\'s "fine"',
      "summary": \`one \\u4e2d line\`,
      order: 2.5, /* why */
    };`;
    expect(parseMeta(src)).toEqual({ title: `It's "fine"`, summary: "one 中 line", order: 2.5 });
  });

  test("a brace inside a string does not end the object", () => {
    expect(parseMeta('export const meta = { title: "a } b", summary: "", order: 1 }').title).toBe(
      "a } b",
    );
  });

  test("says what is wrong", () => {
    expect(() => parseMeta("# no meta")).toThrow("missing `export const meta");
    expect(() => parseMeta('export const meta = { title: "t", summary: "s" }')).toThrow(
      "meta.order must be a number",
    );
    expect(() => parseMeta("export const meta = { title: `a${b}` }")).toThrow("template");
    expect(() => parseMeta("export const meta = { title: f() }")).toThrow("expected a literal");
  });
});

describe("slugify", () => {
  test("spells anchors as GitHub does", () => {
    expect(slugify("Memory: new storage or none")).toBe("memory-new-storage-or-none");
    expect(slugify("Which fill value: -inf, -1e9 or finfo.min")).toBe(
      "which-fill-value--inf--1e9-or-finfomin",
    );
    expect(slugify("torch.no_grad for deliberate edits")).toBe("torchno_grad-for-deliberate-edits");
    expect(slugify("内存：新开一块，还是原地不动")).toBe("内存新开一块还是原地不动");
  });
});
