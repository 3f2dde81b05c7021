import { describe, it } from "vitest";
import { casesOf, checkCase } from "./helpers/coreB";

// Recorded from PyTorch 2.13 by scripts/record-core-fixtures-b.py.
describe("softmax: recorded PyTorch cases", () => {
  for (const c of casesOf("softmax")) it(`${c.id} ${c.op}`, () => checkCase(c));
});

import fc from "fast-check";
import { expect } from "vitest";
import { float32 } from "../../src/tensor/dtype";
import { logSoftmax, softmax } from "../../src/tensor/ops/softmax";
import { Tensor } from "../../src/tensor/tensor";
import { arbLayout, arbShape, build, dtypeOf, unravel } from "./helpers/arbB";

/**
 * softmax of one lane in float64, the textbook way, except that for float32 lanes x - max is
 * rounded to float32 as PyTorch's kernel does (that one rounding alone costs up to
 * |x - max| * 2^-24 relative, beyond 1e-6 once |x - max| > 17).
 */
function refLane(xs: number[], log: boolean, f32: boolean): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(f32 ? Math.fround(x - m) : x - m));
  const s = e.reduce((p, v) => p + v, 0);
  return log ? xs.map((x) => x - m - Math.log(s)) : e.map((v) => v / s);
}

function checkAgainstRef(t: Tensor, dim: number, log: boolean, tol: number): void {
  const y = log ? logSoftmax(t, dim) : softmax(t, dim);
  const shape = t.shape;
  const n = shape[dim];
  const total = t.numel;
  for (let i = 0; i < total; i++) {
    const idx = unravel(i, shape);
    if (idx[dim] !== 0) continue;
    const lane: number[] = [];
    const pos: number[] = [];
    for (let j = 0; j < n; j++) {
      let k = 0;
      for (let d = 0; d < shape.length; d++) k = k * shape[d] + (d === dim ? j : idx[d]);
      lane.push(t.atNumber(k));
      pos.push(k);
    }
    const want = refLane(lane, log, t.dtype === float32);
    pos.forEach((k, j) => {
      const got = y.atNumber(k);
      const scale = log ? Math.max(Math.abs(want[j]), 1) : Math.abs(want[j]);
      // float32 subnormals (below 2^-126) carry an absolute, not relative, precision of 2^-149;
      // PyTorch rounds there twice (the exponential, then its product with 1 / sum).
      const floor = t.dtype === float32 ? 2 ** -148 : 0;
      expect(Math.abs(got - want[j])).toBeLessThanOrEqual(tol * scale + floor);
    });
  }
}

describe("softmax: properties against a float64 reference", () => {
  it("any shape, dim and layout, float32 and float64, within 1e-6 relative", () => {
    fc.assert(
      fc.property(
        arbShape(3, 5).filter((s) => s.length > 0),
        arbLayout,
        fc.constantFrom("float32", "float64"),
        fc.nat(),
        fc.boolean(),
        (shape, layout, dtype, seed, log) => {
          const n = shape.reduce((p, s) => p * s, 1);
          const values = Array.from({ length: n }, (_, i) =>
            Math.fround(Math.sin(i * 12.9898 + seed) * 30),
          );
          const t = build(dtypeOf(dtype), shape, values, layout);
          checkAgainstRef(t, seed % shape.length, log, dtype === "float32" ? 1e-6 : 1e-13);
        },
      ),
      { seed: 11, numRuns: 200 },
    );
  });

  it("the contiguous last-dim fast path: long rows, wide ranges, lanes sum to 1", () => {
    const rows = 7;
    const n = 1000;
    const t = Tensor.empty([rows, n], float32);
    const d = t.storage.data as Float32Array;
    for (let i = 0; i < d.length; i++) d[i] = Math.sin(i * 0.37) * (i % 3 === 0 ? 90 : 4);
    checkAgainstRef(t, 1, false, 1e-6);
    const y = softmax(t, -1).storage.data as Float32Array;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += y[r * n + j];
      expect(Math.abs(s - 1)).toBeLessThan(1e-5);
    }
  });

  it("a NaN, +inf or all -inf lane is NaN in the fast path, other lanes unaffected", () => {
    const t = Tensor.empty([4, 3], float32);
    (t.storage.data as Float32Array).set([
      1,
      NaN,
      2,
      Infinity,
      1,
      0,
      -Infinity,
      -Infinity,
      -Infinity,
      0,
      0,
      -Infinity,
    ]);
    const y = softmax(t, 1);
    for (let j = 0; j < 9; j++) expect(y.atNumber(j)).toBeNaN();
    expect([y.atNumber(9), y.atNumber(10), y.atNumber(11)]).toEqual([0.5, 0.5, 0]);
  });
});

import { maskedFill } from "../../src/tensor/ops/maskedFill";
import { tensor } from "../../src/tensor/ops/create";
import { div } from "../../src/tensor/ops/binary";
import { matmul } from "../../src/tensor/ops/matmul";
import { sum as sumOf, max as maxOf } from "../../src/tensor/ops/reduce";
import { exp } from "../../src/tensor/ops/unary";

/** Values as PyTorch printed them in the oracle (4 decimals): ours must round the same way. */
function expectPrinted(t: Tensor, printed: number[]): void {
  expect(t.numel).toBe(printed.length);
  printed.forEach((p, i) => {
    const v = t.atNumber(i);
    if (Number.isNaN(p)) expect(v).toBeNaN();
    else if (!Number.isFinite(p)) expect(v).toBe(p);
    else expect(Math.abs(v - p)).toBeLessThanOrEqual(5e-5);
  });
}

describe("oracle attention cases (test/fixtures/oracle-cases.json, attn/*)", () => {
  const causal4 = tensor([
    [false, true, true, true],
    [false, false, true, true],
    [false, false, false, true],
    [false, false, false, false],
  ]);

  it("attn/causal-triu", () => {
    const scores = tensor([
      [0.5, 0.7, 0.8, 0.9],
      [0.6, 0.5, 0.4, 0.8],
      [0.2, 0.4, 0.5, 0.7],
      [0.3, 0.5, 0.6, 0.8],
    ]);
    const w = softmax(maskedFill(scores, causal4, -Infinity), -1);
    expectPrinted(
      w,
      [1, 0, 0, 0, 0.525, 0.475, 0, 0, 0.28, 0.342, 0.378, 0, 0.1916, 0.234, 0.2586, 0.3158],
    );
    expectPrinted(sumOf(w, { dim: -1 }), [1, 1, 1, 1]);
  });

  it("attn/large-negative and the all -inf row", () => {
    const scores = tensor([
      [1.0, 2.0, 3.0],
      [1.0, 2.0, 3.0],
    ]);
    const mask = tensor([
      [false, true, true],
      [true, true, true],
    ]);
    expectPrinted(softmax(maskedFill(scores, mask, -1e9), -1), [1, 0, 0, 0.3333, 0.3333, 0.3333]);
    expectPrinted(softmax(maskedFill(scores, mask, -Infinity), -1), [1, 0, 0, NaN, NaN, NaN]);
    expectPrinted(
      softmax(maskedFill(scores, mask, -3.4028234663852886e38), -1),
      [1, 0, 0, 0.3333, 0.3333, 0.3333],
    );
  });

  it("attn/temperature", () => {
    const scores = tensor([1.0, 2.0, 3.0, 4.0]);
    expectPrinted(softmax(div(scores, 1.0), 0), [0.0321, 0.0871, 0.2369, 0.6439]);
    expectPrinted(softmax(div(scores, 10.0), 0), [0.2138, 0.2363, 0.2612, 0.2887]);
    const cold = softmax(div(scores, 0.1), 0);
    [9.3572e-14, 2.0611e-9, 4.5398e-5, 9.9995e-1].forEach((p, i) =>
      expect(Math.abs(cold.atNumber(i) - p) / p).toBeLessThan(1e-4),
    );
  });

  it("attn/qk", () => {
    const q = tensor([
      [1.0, 0.0],
      [0.0, 1.0],
      [1.0, 1.0],
    ]);
    const kT = new Tensor(q.storage, [2, 3], [1, 2], 0);
    const scores = div(matmul(q, kT), Math.sqrt(2));
    expectPrinted(scores, [0.7071, 0, 0.7071, 0, 0.7071, 0.7071, 0.7071, 0.7071, 1.4142]);
    const mask = tensor([
      [false, true, true],
      [false, false, true],
      [false, false, false],
    ]);
    const w = softmax(maskedFill(scores, mask, -Infinity), -1);
    expectPrinted(w, [1, 0, 0, 0.3302, 0.6698, 0, 0.2483, 0.2483, 0.5035]);
    const v = tensor([
      [1.0, 2.0],
      [3.0, 4.0],
      [5.0, 6.0],
    ]);
    expectPrinted(matmul(w, v), [1, 2, 2.3395, 3.3395, 3.5105, 4.5105]);
  });

  it("attn/max-inf-row", () => {
    const x = maskedFill(
      tensor([
        [0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0],
      ]),
      tensor(true),
      -Infinity,
    );
    const m = maxOf(x, -1);
    expectPrinted(m.values, [-Infinity, -Infinity]);
    expect([m.indices.atNumber(0), m.indices.atNumber(1)]).toEqual([0, 0]);
    expectPrinted(exp(x), [0, 0, 0, 0, 0, 0]);
    expectPrinted(softmax(x, -1), [NaN, NaN, NaN, NaN, NaN, NaN]);
  });
});
