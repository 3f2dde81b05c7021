import { describe, it } from "vitest";
import { casesOf, checkCase } from "./helpers/coreB";

// Recorded from PyTorch 2.13 by scripts/record-core-fixtures-b.py.
describe("reduce: recorded PyTorch cases", () => {
  for (const c of casesOf("reduce")) it(`${c.id} ${c.op}`, () => checkCase(c));
});

import fc from "fast-check";
import { expect } from "vitest";
import { argmax, max, mean, sum } from "../../src/tensor/ops/reduce";
import { arbLayout, arbShape, build, dtypeOf, snapshot, unravel } from "./helpers/arbB";

/** Naive reduction over one dim by logical indexing. */
function naiveLanes(
  t: { shape: readonly number[]; atNumber(i: number): number },
  dim: number,
): number[][] {
  const shape = t.shape;
  const outShape = shape.filter((_, i) => i !== dim);
  const nOut = outShape.reduce((p, s) => p * s, 1);
  const lanes: number[][] = Array.from({ length: nOut }, () => []);
  const total = shape.reduce((p, s) => p * s, 1);
  for (let i = 0; i < total; i++) {
    const idx = unravel(i, shape);
    const o = idx.filter((_, d) => d !== dim);
    let k = 0;
    for (let d = 0; d < outShape.length; d++) k = k * outShape[d] + o[d];
    lanes[k].push(t.atNumber(i));
  }
  return lanes;
}

describe("reductions: properties against naive lanes", () => {
  it("sum, mean, max and argmax over one dim", () => {
    fc.assert(
      fc.property(
        arbShape(3, 4).filter((s) => s.length > 0),
        arbLayout,
        fc.constantFrom("float32", "float64", "int64", "int32") as fc.Arbitrary<
          "float32" | "float64" | "int64" | "int32"
        >,
        fc.nat(),
        fc.boolean(),
        (shape, layout, dtype, dimSeed, keepdim) => {
          const n = shape.reduce((p, s) => p * s, 1);
          const values = Array.from({ length: n }, (_, i) => ((i * 37 + dimSeed) % 11) - 5);
          const t = build(dtypeOf(dtype), shape, values, layout);
          const before = snapshot(t);
          const dim = dimSeed % shape.length;
          const lanes = naiveLanes(t, dim);
          const s = sum(t, { dim, keepdim });
          const expectShape = keepdim
            ? shape.map((v, i) => (i === dim ? 1 : v))
            : shape.filter((_, i) => i !== dim);
          expect([...s.shape]).toEqual(expectShape);
          expect(s.dtype.name).toBe(dtype.startsWith("float") ? dtype : "int64");
          lanes.forEach((lane, k) => expect(s.atNumber(k)).toBe(lane.reduce((p, v) => p + v, 0)));
          const m = max(t, dim, keepdim);
          const am = argmax(t, dim);
          lanes.forEach((lane, k) => {
            const best = Math.max(...lane);
            expect(m.values.atNumber(k)).toBe(best);
            expect(m.indices.atNumber(k)).toBe(lane.indexOf(best));
            expect(am.atNumber(k)).toBe(lane.indexOf(best));
          });
          if (dtype.startsWith("float")) {
            const mu = mean(t, { dim });
            lanes.forEach((lane, k) => {
              const want = lane.reduce((p, v) => p + v, 0) / lane.length;
              expect(mu.atNumber(k)).toBe(dtype === "float32" ? Math.fround(want) : want);
            });
          }
          expect(snapshot(t)).toEqual(before);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
});
