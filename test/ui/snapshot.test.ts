import { describe, expect, test } from "vitest";
import {
  changedSince,
  isTensorLike,
  snapshotDisplay,
  snapshotTensor,
  type TensorLike,
} from "../../src/ui/engine/snapshot";

function fake(shape: number[], dtype: string, values: (number | bigint)[]): TensorLike {
  return { shape, dtype: { name: dtype }, at: (i) => values[i] };
}

describe("isTensorLike", () => {
  test("accepts the structural tensor interface only", () => {
    expect(isTensorLike(fake([2], "float32", [1, 2]))).toBe(true);
    expect(isTensorLike({ shape: [2], dtype: "float32", at: () => 0 })).toBe(false);
    expect(isTensorLike({ shape: [2.5], dtype: { name: "x" }, at: () => 0 })).toBe(false);
    expect(isTensorLike({ shape: [2], dtype: { name: "x" } })).toBe(false);
    expect(isTensorLike(null)).toBe(false);
    expect(isTensorLike(3)).toBe(false);
  });
});

describe("snapshotTensor", () => {
  test("reads every element in row-major order, keeping int64 exact", () => {
    const s = snapshotTensor(fake([2, 2], "int64", [1n, 2n, 2n ** 62n, -3n]), "x");
    expect(s).toEqual({
      kind: "tensor",
      label: "x",
      shape: [2, 2],
      dtype: "int64",
      numel: 4,
      values: [1n, 2n, 2n ** 62n, -3n],
      mask: null,
    });
    expect(structuredClone(s)).toEqual(s);
  });

  test("a mask of the same shape comes along as booleans", () => {
    const s = snapshotTensor(fake([3], "float32", [1, 2, 3]), null, fake([3], "bool", [1, 0, 1]));
    expect(s.mask).toEqual([true, false, true]);
    const wrongShape = snapshotTensor(
      fake([3], "float32", [1, 2, 3]),
      null,
      fake([2], "bool", [1, 0]),
    );
    expect(wrongShape.mask).toBeNull();
  });

  test("too many elements: no values, but the size is known", () => {
    let reads = 0;
    const big: TensorLike = { shape: [100, 100], dtype: { name: "float32" }, at: () => ++reads };
    const s = snapshotTensor(big, null, null, 4096);
    expect(s.values).toBeNull();
    expect(s.numel).toBe(10000);
    expect(reads).toBe(0);
  });

  test("a 0-dim tensor has one element", () => {
    expect(snapshotTensor(fake([], "float32", [3.5])).values).toEqual([3.5]);
  });
});

describe("snapshotDisplay", () => {
  test("unwraps the binding's box and ignores non-tensors", () => {
    const t = fake([1], "float32", [7]);
    expect(snapshotDisplay({ t })?.values).toEqual([7]);
    expect(snapshotDisplay({ value: t, label: "y" })?.label).toBe("y");
    expect(snapshotDisplay(t)?.dtype).toBe("float32");
    expect(snapshotDisplay({ t: 3 })).toBeNull();
    expect(snapshotDisplay("tensor")).toBeNull();
  });
});

describe("changedSince", () => {
  const a = snapshotTensor(fake([3], "float32", [1, NaN, 0]));
  test("marks changed elements; NaN to NaN is no change, 0 to -0 is one", () => {
    const b = snapshotTensor(fake([3], "float32", [2, NaN, -0]));
    expect(changedSince(b, a)).toEqual([true, false, true]);
  });
  test("nothing to compare across shapes, dtypes or a first run", () => {
    expect(changedSince(a, null)).toBeNull();
    expect(changedSince(a, snapshotTensor(fake([1, 3], "float32", [1, NaN, 0])))).toBeNull();
    expect(changedSince(a, snapshotTensor(fake([3], "float64", [1, NaN, 0])))).toBeNull();
  });
});
