import { renderToString } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { snapshotTensor, type TensorLike } from "../../src/ui/engine/snapshot";
import { TensorGrid } from "../../src/ui/grid/TensorGrid";

function fake(shape: number[], dtype: string, values: (number | bigint)[]): TensorLike {
  return { shape, dtype: { name: dtype }, at: (i) => values[i] };
}

const render = (el: React.ReactElement) => renderToString(el).replace(/<!-- -->/g, "");

describe("TensorGrid", () => {
  const x = snapshotTensor(fake([2, 3], "float32", [1, -Infinity, 2, NaN, 0.5, -Infinity]), "x");
  const html = render(<TensorGrid snapshot={x} lang="en" fallbackLabel="#1" />);

  test("is a grid named by tensor, shape and dtype", () => {
    expect(html).toContain('role="grid" aria-label="tensor x, shape 2×3, float32"');
    expect(html.match(/role="row"/g)).toHaveLength(3);
    expect(html.match(/role="gridcell"/g)).toHaveLength(6);
  });

  test("cells are named by row, column and PyTorch's text for the value", () => {
    expect(html).toContain('aria-label="row 0, column 1: -inf"');
    expect(html).toContain('aria-label="row 1, column 0: nan"');
    expect(html).toContain('aria-label="row 1, column 1: 0.5000"');
  });

  test("-inf and nan get a pattern class and a legend, not only colour", () => {
    expect(html.match(/class="v-neginf num"/g)).toHaveLength(2);
    expect(html).toContain('class="v-nan num"');
    expect(html).toMatch(/<ul class="tgrid-legend"[^>]*>.*−inf.*NaN/);
  });

  test("one roving tab stop per grid", () => {
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
    expect(html.match(/tabindex="-1"/g)).toHaveLength(5);
  });

  test("changed and masked cells are flagged in their names", () => {
    const before = snapshotTensor(fake([3], "int64", [1n, 2n, 3n]), "y");
    const after = snapshotTensor(
      fake([3], "int64", [1n, 0n, 3n]),
      "y",
      fake([3], "bool", [0, 1, 0]),
    );
    const out = render(
      <TensorGrid snapshot={after} previous={before} lang="en" fallbackLabel="#1" />,
    );
    expect(out).toContain('aria-label="index 1: 0 (masked, changed since the previous run)"');
    expect(out).toContain('aria-label="index 0: 1"');
    expect(out).toContain("is-masked is-changed");
  });

  test("3-D tensors become labelled small multiples", () => {
    const t = snapshotTensor(fake([2, 1, 2], "bool", [1, 0, 0, 1]), "m");
    const out = render(<TensorGrid snapshot={t} lang="en" fallbackLabel="#1" />);
    expect(out).toContain('aria-label="tensor m[0, :, :], shape 2×1×2, bool"');
    expect(out).toContain('aria-label="tensor m[1, :, :], shape 2×1×2, bool"');
    expect(out).toContain('aria-label="row 0, column 1: False"');
  });

  test("4-D slices carry both leading indices", () => {
    const t = snapshotTensor(fake([2, 2, 1, 1], "int32", [1, 2, 3, 4]), "a");
    const out = render(<TensorGrid snapshot={t} lang="en" fallbackLabel="#1" />);
    expect(out).toContain(">a[1, 0, :, :]<");
    expect(out.match(/role="grid"/g)).toHaveLength(4);
  });

  test("speaks Chinese on Chinese pages and falls back to a number for unnamed tensors", () => {
    const t = snapshotTensor(fake([2], "float32", [1, 2]));
    const out = render(<TensorGrid snapshot={t} lang="zh" fallbackLabel="#2" />);
    expect(out).toContain('aria-label="张量 #2, 形状 2, float32"');
    expect(out).toContain('aria-label="索引 1: 2."');
  });

  test("too-large tensors say so instead of drawing", () => {
    const big = snapshotTensor(fake([100, 100], "float32", []), "b", null, 10);
    const out = render(<TensorGrid snapshot={big} lang="en" fallbackLabel="#1" />);
    expect(out).not.toContain('role="grid"');
    expect(out).toContain("too many elements to show as a grid (10000)");
  });
});
