import { describe, it } from "vitest";
import { casesOf, checkCase } from "./helpers/coreB";

// Recorded from PyTorch 2.13 by scripts/record-core-fixtures-b.py.
describe("unary: recorded PyTorch cases", () => {
  for (const c of casesOf("unary")) it(`${c.id} ${c.op}`, () => checkCase(c));
});

import fc from "fast-check";
import { expect } from "vitest";
import { abs, exp, isnan, neg, relu, sigmoid, sqrt, tanh } from "../../src/tensor/ops/unary";
import type { Tensor } from "../../src/tensor/tensor";
import { arbLayout, arbShape, build, dtypeOf, snapshot } from "./helpers/arbB";

const UNARY: [string, (t: Tensor) => Tensor, (x: number) => number][] = [
  ["exp", exp, Math.exp],
  ["neg", neg, (x) => -x],
  ["abs", abs, Math.abs],
  ["sigmoid", sigmoid, (x) => 1 / (1 + Math.exp(-x))],
  ["sqrt", sqrt, Math.sqrt],
  ["tanh", tanh, Math.tanh],
  ["relu", relu, (x) => (x > 0 ? x : 0)],
  ["isnan", isnan, (x) => (Number.isNaN(x) ? 1 : 0)],
];

describe("unary ops: properties against Math on random layouts", () => {
  it("float32 and float64, any shape and stride; the input is untouched", () => {
    fc.assert(
      fc.property(
        arbShape(3, 4),
        arbLayout,
        fc.constantFrom("float32", "float64"),
        fc.integer({ min: 0, max: UNARY.length - 1 }),
        fc.nat(),
        (shape, layout, dtype, which, seed) => {
          const n = shape.reduce((p, s) => p * s, 1);
          const values = Array.from({ length: n }, (_, i) =>
            Math.fround(Math.cos(i * 1.7 + seed) * 8),
          );
          const t = build(dtypeOf(dtype), shape, values, layout);
          const before = snapshot(t);
          const [, f, ref] = UNARY[which];
          const y = f(t);
          expect([...y.shape]).toEqual(shape);
          for (let i = 0; i < n; i++) {
            const want = ref(values[i]);
            const w = dtype === "float32" ? Math.fround(want) : want;
            const got = y.atNumber(i);
            if (Number.isNaN(w)) expect(got).toBeNaN();
            else
              expect(Math.abs(got - w)).toBeLessThanOrEqual(
                Math.abs(w) * (dtype === "float32" ? 1.2e-7 : 4e-16),
              );
          }
          expect(snapshot(t)).toEqual(before);
        },
      ),
      { seed: 17, numRuns: 300 },
    );
  });
});
