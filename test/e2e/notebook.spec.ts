// A visitor runs cells. These need the Python engine: until it is part of the build, the
// cells answer with an "engine unavailable" error and these tests fail on purpose.

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { hydrated, lessonPages, watchErrors } from "./site";

interface Recorded {
  cell: number;
  kind: "output" | "error";
  text: string;
}

async function recordedBlocks(page: Page): Promise<Recorded[]> {
  return page.locator("figure.recorded").evaluateAll((figs) =>
    figs.map((f) => ({
      cell: Number(f.getAttribute("data-cell-of")),
      kind: f.classList.contains("recorded-error") ? ("error" as const) : ("output" as const),
      text: f.querySelector("pre")?.textContent ?? "",
    })),
  );
}

async function liveOutput(page: Page, cell: number) {
  const live = page.locator(`[data-cell-id="cell-${cell}"] .output.live`);
  await expect(live).toBeVisible({ timeout: 30_000 });
  const stdout = (await live.locator("pre.stdout").count())
    ? await live.locator("pre.stdout").textContent()
    : "";
  const error = (await live.locator("pre.error-line").count())
    ? await live.locator("pre.error-line").textContent()
    : null;
  return { stdout: stdout ?? "", error };
}

test("a visitor's Run on the first cell prints the recorded output", async ({ page }) => {
  const lesson = lessonPages("en")[0];
  test.skip(!lesson, "no lessons in this build");
  const errors = watchErrors(page);
  await page.goto(lesson);
  await hydrated(page);
  const recorded = (await recordedBlocks(page)).filter((r) => r.cell === 0);
  await page.locator('[data-cell-id="cell-0"]').getByRole("button", { name: "Run" }).click();
  const live = await liveOutput(page, 0);
  const out = recorded.find((r) => r.kind === "output");
  const err = recorded.find((r) => r.kind === "error");
  expect(live.stdout).toBe(out ? out.text + "\n" : "");
  expect(live.error).toBe(err ? err.text : null);
  expect(errors).toEqual([]);
});

for (const lesson of lessonPages()) {
  test(`Run all on /${lesson} reproduces every recorded output`, async ({ page }) => {
    await page.goto(lesson);
    await hydrated(page);
    const recorded = await recordedBlocks(page);
    const cellCount = await page.locator("div.cell").count();
    const runAll = lesson.startsWith("zh/") ? "全部运行" : "Run all";
    await page.getByRole("button", { name: runAll }).click();
    await expect(page.locator(".output.live")).toHaveCount(cellCount, { timeout: 60_000 });
    for (let cell = 0; cell < cellCount; cell++) {
      const live = await liveOutput(page, cell);
      const out = recorded.find((r) => r.cell === cell && r.kind === "output");
      const err = recorded.find((r) => r.cell === cell && r.kind === "error");
      expect.soft(live.stdout, `cell ${cell + 1} stdout`).toBe(out ? out.text + "\n" : "");
      expect.soft(live.error, `cell ${cell + 1} error`).toBe(err ? err.text : null);
    }
  });
}

test("the playground runs a pasted snippet", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("en/playground/");
  await hydrated(page);
  // Focusing the prerendered <pre> swaps in the editor and moves focus into it.
  await page.locator("pre.cell-pre").first().focus();
  const editor = page.locator(".cm-content");
  await expect(editor).toBeFocused();
  await page.keyboard.insertText(
    "import torch\nx = torch.tensor([[1.0, 2.0], [3.0, 4.0]])\nprint(x.masked_fill(x > 2, 0.0))\nx",
  );
  await page.keyboard.press("Shift+Enter");
  const live = page.locator(".output.live");
  await expect(live.locator("pre.stdout")).toHaveText(
    "tensor([[1., 2.],\n        [0., 0.]])\ntensor([[1., 2.],\n        [3., 4.]])\n",
    { useInnerText: false },
  );
  // Each displayed tensor also gets a grid; the echoed one is named after its expression.
  await expect(live.getByRole("grid")).toHaveCount(2);
  const grid = live.getByRole("grid", { name: "tensor x, shape 2×2, float32" });
  const first = grid.getByRole("gridcell").first();
  await first.focus();
  await page.keyboard.press("ArrowRight");
  await expect(grid.getByRole("gridcell", { name: "row 0, column 1: 2." })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(grid.getByRole("gridcell", { name: "row 1, column 1: 4." })).toBeFocused();
  await page.keyboard.press("Home");
  await expect(grid.getByRole("gridcell", { name: "row 1, column 0: 3." })).toBeFocused();
  // One tab stop per grid.
  await expect(grid.locator('[tabindex="0"]')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test("the playground runs classes and generators in its worker", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("en/playground/");
  await hydrated(page);
  await page.locator("pre.cell-pre").first().focus();
  await expect(page.locator(".cm-content")).toBeFocused();
  await page.keyboard.insertText(
    [
      "import torch",
      "class Causal:",
      "    def __init__(self, fill):",
      "        self.fill = fill",
      "    def __call__(self, scores):",
      "        n = scores.shape[-1]",
      "        mask = torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)",
      "        return scores.masked_fill(mask, self.fill).softmax(-1)",
      "def rows(t):",
      "    for r in t:",
      "        yield r.sum().item()",
      "print(list(rows(Causal(float('-inf'))(torch.zeros(3, 3)))))",
    ].join("\n"),
  );
  await page.keyboard.press("Shift+Enter");
  await expect(page.locator(".output.live pre.stdout")).toHaveText("[1.0, 1.0, 1.0]\n", {
    useInnerText: false,
  });
  expect(errors).toEqual([]);
});

test("a large softmax in the playground runs the WebAssembly kernel under the site's CSP", async ({
  page,
}) => {
  // Over 2^20 elements: the SIMD kernel's output, bit for bit what `masklab run` prints in
  // Node. The sum of the outputs' bit patterns tells it from the JavaScript fallback, which the
  // page would take if its Content-Security-Policy refused to compile WebAssembly.
  const code = [
    "import torch",
    "torch.manual_seed(0)",
    "p = torch.softmax(torch.randn(1100, 1024) * 3, -1)",
    "print(p.view(torch.int32).sum().item())",
  ].join("\n");
  const dir = mkdtempSync(path.join(tmpdir(), "masklab-"));
  const file = path.join(dir, "softmax.py");
  writeFileSync(file, code + "\n");
  const expected = execFileSync(process.execPath, ["bin/masklab.mjs", "run", file], {
    encoding: "utf8",
  });
  const errors = watchErrors(page);
  await page.goto("en/playground/");
  await hydrated(page);
  await page.locator("pre.cell-pre").first().focus();
  await expect(page.locator(".cm-content")).toBeFocused();
  await page.keyboard.insertText(code);
  await page.keyboard.press("Shift+Enter");
  await expect(page.locator(".output.live pre.stdout")).toHaveText(expected, {
    useInnerText: false,
    timeout: 30_000,
  });
  expect(errors).toEqual([]);
});

test("playground cells share one session and new cells can be added", async ({ page }) => {
  // Also checks that the editor works under the strict CSP: a violation is a console error.
  const errors = watchErrors(page);
  await page.goto("zh/playground/");
  await hydrated(page);
  await page.locator("pre.cell-pre").first().focus();
  await expect(page.locator(".cm-content").first()).toBeFocused();
  await page.keyboard.insertText("a = 40");
  await page.getByRole("button", { name: "添加单元格" }).click();
  await expect(page.locator(".cm-content")).toHaveCount(2);
  await expect(page.locator(".cm-content").nth(1)).toBeFocused();
  await page.keyboard.insertText("print(a + 2)");
  await page.getByRole("button", { name: "全部运行" }).click();
  await expect(page.locator('[data-cell-id="p2"] pre.stdout')).toHaveText("42\n", {
    useInnerText: false,
  });
  // Restart forgets the session's variables.
  await page.getByRole("button", { name: "重新开始" }).click();
  await expect(page.locator(".output.live")).toHaveCount(0);
  await page.locator('[data-cell-id="p2"]').getByRole("button", { name: "运行" }).click();
  await expect(page.locator('[data-cell-id="p2"] pre.error-line')).toHaveText(
    "NameError: name 'a' is not defined",
  );
  expect(errors).toEqual([]);
});

test("a masked_fill echo marks the masked cells and what changed since the last run", async ({
  page,
}) => {
  await page.goto("en/playground/");
  await hydrated(page);
  await page.locator("pre.cell-pre").first().focus();
  await expect(page.locator(".cm-content")).toBeFocused();
  await page.keyboard.insertText(
    "import torch\nx = torch.tensor([1.0, 2.0, 3.0])\nm = x > 1.5\nx.masked_fill_(m, float('-inf'))",
  );
  await page.keyboard.press("Shift+Enter");
  const grid = page.getByRole("grid", {
    name: "tensor x.masked_fill_(m, float('-inf')), shape 3, float32",
  });
  await expect(grid.getByRole("gridcell", { name: "index 0: 1." })).toBeVisible();
  await expect(grid.getByRole("gridcell", { name: "index 1: -inf (masked)" })).toBeVisible();
  // Run again: the fill is idempotent, so nothing changes.
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.locator(".cell-status")).toHaveText("Done");
  await expect(grid.locator(".is-changed")).toHaveCount(0);
  // Change the input and run: the first element changes.
  await page.locator(".cm-content").focus();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText("\nx[0] = 5.0\nx");
  await page.keyboard.press("Shift+Enter");
  const after = page.getByRole("grid", { name: "tensor x, shape 3, float32" });
  await expect(
    after.getByRole("gridcell", { name: "index 0: 5. (changed since the previous run)" }),
  ).toBeVisible();
});

test("the playground keeps its cells, adds examples and opens shared cells beside them", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto("en/playground/");
  await hydrated(page);
  // An example fills the empty notebook and runs as PyTorch ran it.
  await page.getByLabel("Add an example").selectOption({ label: "Fill values and dtypes" });
  await expect(page.locator(".cm-content")).toBeFocused();
  await page.keyboard.press("Shift+Enter");
  await expect(page.locator(".output.live pre.stdout")).toContainText(
    "value cannot be converted to type c10::Half without overflow",
  );
  // A second cell typed by hand; both survive a reload.
  await page.getByRole("button", { name: "Add cell" }).click();
  await expect(page.locator(".cm-content").nth(1)).toBeFocused();
  await page.keyboard.insertText("print('mine')");
  await page.reload();
  await hydrated(page);
  await expect(page.locator(".cell")).toHaveCount(2);
  await expect(page.locator(".cell").nth(1)).toContainText("print('mine')");

  // A link carries the cells; another visitor with cells of their own opens it.
  await page.getByRole("button", { name: "Copy link to these cells" }).click();
  const link = await page.getByLabel("Link to these cells").inputValue();
  expect(link).toContain("?cells=");
  const other = await page.context().browser()!.newContext();
  const visitor = await other.newPage();
  const visitorErrors = watchErrors(visitor);
  const plain = new URL(link);
  plain.search = "";
  await visitor.goto(plain.href);
  await hydrated(visitor);
  await visitor.locator("pre.cell-pre").first().focus();
  await expect(visitor.locator(".cm-content")).toBeFocused();
  await visitor.keyboard.insertText("own = 1");
  await visitor.goto(link);
  await hydrated(visitor);
  const banner = visitor.getByRole("region", { name: "You opened cells someone shared." });
  await expect(banner).toBeVisible();
  await expect(visitor.locator(".cell")).toHaveCount(2);
  // Back to their own cells: untouched by the visit.
  await banner.getByRole("button", { name: "Back to my cells" }).click();
  await expect(visitor.locator(".cell")).toHaveCount(1);
  await expect(visitor.locator(".cell").first()).toContainText("own = 1");
  expect(new URL(visitor.url()).search).toBe("");
  // Opened again and added: their cell first, then the shared ones, kept across a reload.
  await visitor.goto(link);
  await hydrated(visitor);
  await visitor.getByRole("button", { name: "Add them to my cells" }).click();
  await visitor.reload();
  await hydrated(visitor);
  await expect(visitor.locator(".cell")).toHaveCount(3);
  await expect(visitor.locator(".cell").first()).toContainText("own = 1");
  await expect(visitor.locator(".cell").nth(2)).toContainText("print('mine')");
  await other.close();
  expect(errors).toEqual([]);
  expect(visitorErrors).toEqual([]);
});

test("a playground link that cannot be read says so and keeps the visitor's cells", async ({
  page,
}) => {
  await page.goto("en/playground/?cells=not-a-notebook");
  await hydrated(page);
  await expect(page.getByRole("alert")).toHaveText(
    "The link's cells could not be read; your own cells are shown.",
  );
  await expect(page.locator(".cell")).toHaveCount(1);
});

test("a lesson cell's edit survives a reload until Reset", async ({ page }) => {
  const lesson = lessonPages("en")[0];
  test.skip(!lesson, "no lessons in this build");
  const errors = watchErrors(page);
  await page.goto(lesson);
  await hydrated(page);
  const cell = page.locator('[data-cell-id="cell-0"]');
  const original = (await cell.locator("pre.cell-pre").textContent()) ?? "";
  await cell.locator("pre.cell-pre").focus();
  await expect(cell.locator(".cm-content")).toBeFocused();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText("\nprint('edited')");
  await expect(cell.getByText("Edited: kept in this browser until you reset it")).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(cell.locator("pre.cell-pre")).toHaveText(`${original}\nprint('edited')`);
  await expect(cell.getByText("Edited: kept in this browser until you reset it")).toBeVisible();
  // The edit runs; other cells keep the lesson's code.
  await cell.getByRole("button", { name: "Run" }).click();
  await expect(cell.locator(".output.live pre.stdout")).toContainText("edited\n");
  await expect(page.locator('[data-cell-id="cell-1"] .cell-edited')).toHaveCount(0);
  await cell.getByRole("button", { name: "Reset" }).click();
  await expect(cell.locator(".cell-edited")).toHaveCount(0);
  await page.reload();
  await hydrated(page);
  await expect(cell.locator("pre.cell-pre")).toHaveText(original);
  expect(errors).toEqual([]);
});
