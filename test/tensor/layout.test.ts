import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import { float32, float64, int64 } from "../../src/tensor/dtype";
import { add, div, mul, sub } from "../../src/tensor/ops/binary";
import { to } from "../../src/tensor/ops/cast";
import { eq, gt } from "../../src/tensor/ops/compare";
import { clone } from "../../src/tensor/ops/copy";
import { arange } from "../../src/tensor/ops/create";
import { select, slice } from "../../src/tensor/ops/indexing";
import { tolist } from "../../src/tensor/ops/item";
import { inferDenseStrides, outputLayout } from "../../src/tensor/ops/layout";
import { logicalNot } from "../../src/tensor/ops/logical";
import { maskedFill } from "../../src/tensor/ops/maskedFill";
import { softmax } from "../../src/tensor/ops/softmax";
import { abs, exp, neg, sigmoid } from "../../src/tensor/ops/unary";
import { expand, permute, reshape, t as tr, unsqueeze } from "../../src/tensor/ops/views";
import { where } from "../../src/tensor/ops/where";
import type { Tensor } from "../../src/tensor/tensor";

// Strides of element-wise results, recorded from PyTorch 2.13 by
// scripts/record-layout-fixtures.py (TensorIterator's output layout).

type ViewOp = [string, ...(number | number[] | null)[]];
interface Input {
  key: string;
  base: number[];
  ops: ViewOp[];
  shape: number[];
  strides: number[];
}
interface Case {
  name: string;
  op: string;
  inputs: Input[];
  scalar: number | null;
  shape: number[];
  strides: number[];
  values: (number | boolean)[];
}

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/tensor/layout.json", import.meta.url), "utf8"),
) as { cases: Case[] };

function build(input: Input): Tensor {
  const n = input.base.reduce((a, b) => a * b, 1);
  let x = reshape(arange(BigInt(n), null, 1n, { dtype: float32 }), input.base);
  for (const [name, ...args] of input.ops) {
    if (name === "permute") x = permute(x, args[0] as number[]);
    else if (name === "t") x = tr(x);
    else if (name === "slice") {
      const [d, a, b, s] = args as (number | null)[];
      x = slice(x, d as number, a, b, s);
    } else if (name === "expand") x = expand(x, args[0] as number[]);
    else if (name === "unsqueeze") x = unsqueeze(x, args[0] as number);
    else if (name === "select") x = select(x, args[0] as number, args[1] as number);
    else throw new Error(name);
  }
  return x;
}

function run(c: Case, xs: Tensor[]): Tensor {
  const s = c.scalar;
  const other = (): Tensor | number => (s === null ? xs[1] : s);
  switch (c.op) {
    case "add":
      return add(xs[0], other());
    case "mul":
      return mul(xs[0], other());
    case "sub":
      return sub(xs[0], other());
    case "div":
      return div(xs[0], other());
    case "neg":
      return neg(xs[0]);
    case "exp":
      return exp(xs[0]);
    case "abs":
      return abs(xs[0]);
    case "sigmoid":
      return sigmoid(xs[0]);
    case "logical_not":
      return logicalNot(xs[0]);
    case "float":
      return to(xs[0], float32);
    case "double":
      return to(xs[0], float64);
    case "long":
      return to(xs[0], int64);
    case "clone":
      return clone(xs[0]);
    case "gt":
      return gt(xs[0], s as number);
    case "eq":
      return eq(xs[0], xs[1]);
    case "where":
      return where(gt(xs[0], 2), xs[1], s as number);
    case "where3":
      return where(gt(xs[0], 2), xs[1], xs[2]);
    case "masked_fill":
      return maskedFill(xs[0], gt(xs[0], 2), s as number);
    case "softmax":
      return softmax(xs[0], -1);
    default:
      throw new Error(c.op);
  }
}

const flat = (x: unknown): unknown[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);

group("element-wise output layout (recorded)", () => {
  for (const c of fixture.cases) {
    const label = `${c.op}(${c.inputs.map((i) => `${i.key}${JSON.stringify(i.strides)}`).join(", ")}${c.scalar === null ? "" : `, ${c.scalar}`})`;
    it(`${label} -> strides ${JSON.stringify(c.strides)}`, () => {
      const xs = c.inputs.map(build);
      xs.forEach((x, i) => expect(x.strides).toEqual(c.inputs[i].strides));
      const r = run(c, xs);
      expect(r.shape).toEqual(c.shape);
      expect(r.strides).toEqual(c.strides);
      const values = flat(tolist(r)).map((v) => (typeof v === "bigint" ? Number(v) : v));
      expect(values).toEqual(c.values);
    });
  }
});

group("outputLayout", () => {
  it("is null (row-major) for contiguous same-shape operands and for plain broadcasts", () => {
    const a = reshape(arange(6n), [2, 3]);
    expect(outputLayout([a, a], [2, 3])).toBeNull();
    expect(outputLayout([a, 1], [2, 3])).toBeNull();
    expect(outputLayout([reshape(arange(3n), [3]), a], [2, 3])).toBeNull();
  });

  it("gives the iteration order outermost first", () => {
    const p = permute(reshape(arange(24n), [2, 3, 4]), [2, 0, 1]);
    expect(outputLayout([p], p.shape)).toEqual({ order: [1, 2, 0], strides: [1, 12, 4] });
  });

  it("infer_dense_strides packs a strided view in its own dim order", () => {
    // A transposed (4, 6) with every other column kept: dims ordered by stride, packed.
    expect(inferDenseStrides([6, 2], [1, 12])).toEqual([1, 6]);
    expect(inferDenseStrides([3, 3], [6, 2])).toEqual([3, 1]);
    expect(inferDenseStrides([4, 3], [0, 1])).toEqual([3, 1]);
  });
});

group("layout properties", () => {
  const arbCase = fc
    .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
    .chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        permA: fc.shuffledSubarray([...shape.keys()], { minLength: shape.length }),
        permB: fc.shuffledSubarray([...shape.keys()], { minLength: shape.length }),
      }),
    );
  const denseFrom = (shape: number[], perm: number[]): Tensor => {
    // A contiguous base laid out in `perm` order, permuted back to `shape`.
    const baseShape = perm.map((d) => shape[d]);
    const n = shape.reduce((a, b) => a * b, 1);
    const inv = perm.map((_, i) => perm.indexOf(i));
    return permute(reshape(arange(BigInt(n), null, 1n, { dtype: float32 }), baseShape), inv);
  };
  const isPermutationOfDense = (t: Tensor): boolean => {
    const dims = [...t.shape.keys()].filter((d) => t.shape[d] > 1);
    dims.sort((a, b) => t.strides[a] - t.strides[b]);
    let expected = 1;
    return dims.every((d) => {
      const ok = t.strides[d] === expected;
      expected *= t.shape[d];
      return ok;
    });
  };

  it("a dense permuted input keeps its strides (on dims of size > 1) through element-wise ops", () => {
    fc.assert(
      fc.property(arbCase, ({ shape, permA }) => {
        const a = denseFrom(shape, permA);
        // The stride of a size-1 dim depends on the path PyTorch takes; it is never read.
        const big = (t: Tensor): number[] => t.strides.filter((_, d) => t.shape[d] > 1);
        for (const r of [neg(a), exp(a), gt(a, 2), add(a, 1), to(a, float64), clone(a)]) {
          if (a.isContiguous()) expect(r.isContiguous()).toBe(true);
          else expect(big(r)).toEqual(big(a));
          expect(isPermutationOfDense(r)).toBe(true);
        }
      }),
      { seed: 1234, numRuns: 150 },
    );
  });

  it("binary results are dense, follow the first decisive operand, and hold the right values", () => {
    fc.assert(
      fc.property(arbCase, ({ shape, permA, permB }) => {
        const a = denseFrom(shape, permA);
        const b = denseFrom(shape, permB);
        const r = add(a, b);
        expect(isPermutationOfDense(r)).toBe(true);
        // Naive reference: element-wise over the row-major logical order.
        const la = flat(tolist(a)) as number[];
        const lb = flat(tolist(b)) as number[];
        expect(flat(tolist(r))).toEqual(la.map((v, i) => v + lb[i]));
        // Where a's strides order every pair of dims of size > 1, the result follows a.
        const big = [...shape.keys()].filter((d) => shape[d] > 1);
        for (const x of big)
          for (const y of big)
            if (a.strides[x] < a.strides[y]) expect(r.strides[x]).toBeLessThan(r.strides[y]);
      }),
      { seed: 4321, numRuns: 150 },
    );
  });
});
