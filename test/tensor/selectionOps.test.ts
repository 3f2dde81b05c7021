// median, cummax/cummin, aminmax, unique, scatter_add, norm orders, outer/mv and torch.tensor's
// data checks. Expected values recorded from PyTorch 2.13 (CPU).
import { describe, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { float16, float64, int64 } from "../../src/tensor/dtype";
import { div, sub } from "../../src/tensor/ops/binary";
import { arange, ForeignLeaf, tensor } from "../../src/tensor/ops/create";
import { cummax, cummin } from "../../src/tensor/ops/cumextreme";
import { scatterAdd } from "../../src/tensor/ops/gatherScatter";
import { tolist } from "../../src/tensor/ops/item";
import { mm, mv } from "../../src/tensor/ops/matmul";
import { median, medianDim } from "../../src/tensor/ops/median";
import { outer } from "../../src/tensor/ops/outer";
import { sum } from "../../src/tensor/ops/reduce";
import { aminmax, norm } from "../../src/tensor/ops/stats";
import { unique } from "../../src/tensor/ops/unique";
import { reshape, t as transpose2d } from "../../src/tensor/ops/views";

describe("median", () => {
  it("breaks ties by position, so the index is the stable-sorted middle", () => {
    const x = tensor([
      [3, 1, 3, 1],
      [2, 2, 2, 5],
      [1, 1, 1, 1],
    ]);
    const r = medianDim(x, 1);
    expect(tolist(r.values)).toEqual([1, 2, 1]);
    expect(tolist(r.indices)).toEqual([3n, 1n, 1n]);
    expect(tolist(medianDim(tensor([5n, 3n, 3n, 3n, 1n, 3n]), 0).indices)).toEqual(2n);
  });
  it("returns the first NaN, and reads a transposed input in its logical order", () => {
    const r = medianDim(tensor([1, NaN, 0]), 0);
    expect(tolist(r.indices)).toEqual(1n);
    expect(Number.isNaN(tolist(median(tensor([1, NaN, 0]))) as number)).toBe(true);
    const xt = transpose2d(
      tensor([
        [4, 1],
        [2, 3],
        [0, 5],
      ]),
    );
    expect(tolist(medianDim(xt, 1).values)).toEqual([2, 3]);
  });
  it("shares the gradient of median() among ties, and routes median(dim)'s to its index", () => {
    const y = tensor([1, 3, 2, 2], { requiresGrad: true });
    backward(median(y));
    expect(tolist(y.grad!)).toEqual([0, 0, 0.5, 0.5]);
    const z = tensor([1, 3, 2, 2], { requiresGrad: true });
    backward(medianDim(z, 0).values);
    expect(tolist(z.grad!)).toEqual([0, 0, 1, 0]);
  });
  it("rejects bool with the kernel's name", () => {
    expect(() => median(tensor([true, false]))).toThrow(`"median_cpu" not implemented for 'Bool'`);
    expect(() => medianDim(tensor([true]), 0)).toThrow(`"median_out" not implemented for 'Bool'`);
  });
});

describe("cummax / cummin", () => {
  it("moves the index forward on ties and keeps a NaN once seen", () => {
    const r = cummax(tensor([1, 3, 3, 2, NaN, 9]), 0);
    expect(tolist(r.indices)).toEqual([0n, 1n, 2n, 2n, 4n, 4n]);
    expect(tolist(cummin(tensor([3n, 1n, 1n, 2n]), 0).indices)).toEqual([0n, 1n, 2n, 2n]);
  });
  it("adds each position's gradient into the element it copied", () => {
    const y = tensor([1, 3, 3, 2], { requiresGrad: true });
    const r = cummax(y, 0);
    expect(r.values.gradFn?.name).toBe("CummaxBackward0");
    backward(sum(r.values));
    expect(tolist(y.grad!)).toEqual([1, 1, 2, 0]);
  });
});

describe("aminmax", () => {
  it("records one node with two outputs and sums both gradients", () => {
    const y = tensor(
      [
        [1, 3, 3],
        [2, 2, 0],
      ],
      { requiresGrad: true },
    );
    const r = aminmax(y, { dim: 1 });
    expect(r.min.gradFn).toBe(r.max.gradFn);
    expect(r.max.outputNr).toBe(1);
    backward(sum(r.max));
    expect(tolist(y.grad!)).toEqual([
      [0, 0.5, 0.5],
      [0.5, 0.5, 0],
    ]);
  });
  it("has its own empty-input messages", () => {
    expect(() => aminmax(tensor([]))).toThrow(
      "aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.",
    );
  });
});

describe("norm", () => {
  const x = reshape(arange(0, 28, 1, { dtype: float64 }), [4, 7]);
  it("supports every order along dims, with keepdim", () => {
    expect(tolist(norm(x, { p: 0, dim: 1 }))).toEqual([6, 7, 7, 7]);
    expect(tolist(norm(x, { p: Infinity, dim: 0 }))).toEqual([21, 22, 23, 24, 25, 26, 27]);
    expect(tolist(norm(x, { p: -Infinity, dim: 1 }))).toEqual([0, 7, 14, 21]);
    expect(tolist(norm(x, { p: 1, dim: 1, keepdim: true }))).toEqual([[21], [70], [119], [168]]);
    expect(norm(x, { keepdim: true }).shape).toEqual([1, 1]);
  });
  it("accumulates float32 orders in float32 and rounds 1/p to float32, as PyTorch does", () => {
    const y = sub(div(arange(0, 7, 1), 7), 1.9);
    expect(tolist(norm(y, { p: 3 }))).toBe(2.917100667953491);
    expect(tolist(norm(tensor([1.5, -2.25, 3]), { p: 3 }))).toBe(3.4695489406585693);
  });
  it("casts first with dtype=, and keeps half results half", () => {
    expect(norm(tensor([3, 4]), { dtype: float64 }).dtype).toBe(float64);
    expect(norm(tensor([3, 4], { dtype: float16 }), { p: 1 }).dtype).toBe(float16);
    expect(() => norm(tensor([1n]))).toThrow(
      "linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long",
    );
  });
});

describe("unique", () => {
  it("sorts, and reports inverse and counts", () => {
    const r = unique(tensor([3n, 1n, 2n, 1n, 5n, 3n]));
    expect(tolist(r.values)).toEqual([1n, 2n, 3n, 5n]);
    expect(tolist(r.inverse)).toEqual([2n, 0n, 1n, 0n, 3n, 2n]);
    expect(tolist(r.counts)).toEqual([2n, 1n, 2n, 1n]);
  });
  it("compares whole slices along a dim", () => {
    const r = unique(
      tensor([
        [1n, 2n],
        [1n, 2n],
        [0n, 3n],
      ]),
      0,
    );
    expect(tolist(r.values)).toEqual([
      [0n, 3n],
      [1n, 2n],
    ]);
    expect(
      tolist(
        unique(
          tensor([
            [1n, 0n, 1n],
            [2n, 3n, 2n],
          ]),
          1,
        ).values,
      ),
    ).toEqual([
      [0n, 1n],
      [3n, 2n],
    ]);
  });
});

describe("scatter_add", () => {
  it("sums repeated indices and passes the gradient through and back", () => {
    const w = tensor([1, 1, 1], { requiresGrad: true });
    const src = tensor([1, 2], { requiresGrad: true });
    const out = scatterAdd(w, 0, tensor([1n, 1n]), src);
    expect(tolist(out)).toEqual([1, 4, 1]);
    backward(sum(out));
    expect(tolist(w.grad!)).toEqual([1, 1, 1]);
    expect(tolist(src.grad!)).toEqual([1, 1]);
    expect(tolist(scatterAdd(tensor([0n, 0n]), 0, tensor([0n, 0n]), tensor([2n, 3n])))).toEqual([
      5n,
      0n,
    ]);
  });
});

describe("mm / mv / outer", () => {
  const a = tensor([
    [1, 2],
    [3, 4],
  ]);
  const v = tensor([1, -1]);
  it("check ranks with PyTorch's messages", () => {
    expect(() => mm(a, v)).toThrow("mat2 must be a matrix");
    expect(() => mv(a, a)).toThrow("vector + matrix @ vector expected, got 1, 2, 2");
    expect(() => mv(a, tensor([1, 2, 3]))).toThrow(
      "size mismatch, got input (2), mat (2x2), vec (3)",
    );
    expect(() => outer(a, v)).toThrow("outer: Expected 1-D argument self, but got 2-D");
  });
  it("promote like mul in outer", () => {
    const o = outer(tensor([1n, 2n]), tensor([true, false]));
    expect(o.dtype).toBe(int64);
    expect(tolist(o)).toEqual([
      [1n, 0n],
      [2n, 0n],
    ]);
  });
});

describe("torch.tensor data", () => {
  it("reports what PyTorch reports for objects it cannot store", () => {
    expect(() => tensor([1n, new ForeignLeaf("NoneType")])).toThrow(
      "Could not infer dtype of NoneType",
    );
    expect(() => tensor([new ForeignLeaf("str")])).toThrow("too many dimensions 'str'");
    expect(() => tensor([1n, new ForeignLeaf("NoneType")], { dtype: int64 })).toThrow(
      "'NoneType' object cannot be interpreted as an integer",
    );
  });
  it("iterates tensors below the top level, and reads leaves through __index__ for ints", () => {
    expect(tolist(tensor([[1n, 2n], tensor([3n, 4n])]))).toEqual([
      [1n, 2n],
      [3n, 4n],
    ]);
    expect(() => tensor([tensor([1n, 2n])])).toThrow(
      "only integer tensors of a single element can be converted to an index",
    );
    expect(() => tensor([tensor([1, 2])])).toThrow(
      "only one element tensors can be converted to Python scalars",
    );
  });
});
