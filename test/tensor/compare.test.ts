import { describe, it } from "vitest";
import { casesOf, checkCase } from "./helpers/coreB";

// Recorded from PyTorch 2.13 by scripts/record-core-fixtures-b.py.
describe("compare: recorded PyTorch cases", () => {
  for (const c of casesOf("compare")) it(`${c.id} ${c.op}`, () => checkCase(c));
});

import fc from "fast-check";
import { expect } from "vitest";
import { eq, ge, gt, le, lt, ne } from "../../src/tensor/ops/compare";
import type { DTypeName } from "../../src/tensor/dtype";
import {
  arbBroadcastPair,
  arbLayout,
  broadcastIndex,
  build,
  dtypeOf,
  naiveBroadcastShape,
  unravel,
} from "./helpers/arbB";

describe("comparisons: properties against JS comparisons", () => {
  it("all six, mixed dtypes, broadcasts and layouts, NaN compares unequal", () => {
    const dtypes: DTypeName[] = ["float32", "float64", "int64", "int8", "bool"];
    fc.assert(
      fc.property(
        arbBroadcastPair,
        fc.constantFrom(...dtypes),
        fc.constantFrom(...dtypes),
        arbLayout,
        arbLayout,
        fc.nat(),
        ([sa, sb], da, db, la, lb, seed) => {
          const gen = (n: number, d: DTypeName, k: number): number[] =>
            Array.from({ length: n }, (_, i) => {
              if (d === "bool") return (i + seed + k) % 2;
              if (d.startsWith("float") && (i + seed) % 5 === 0) return NaN;
              return ((i * k + seed) % 7) - 3;
            });
          const va = gen(
            sa.reduce((p, s) => p * s, 1),
            da,
            3,
          );
          const vb = gen(
            sb.reduce((p, s) => p * s, 1),
            db,
            5,
          );
          const a = build(dtypeOf(da), sa, va, la);
          const b = build(dtypeOf(db), sb, vb, lb);
          const shape = naiveBroadcastShape(sa, sb);
          const outs = [eq(a, b), ne(a, b), lt(a, b), le(a, b), gt(a, b), ge(a, b)];
          for (const o of outs) expect(o.dtype.name).toBe("bool");
          for (let i = 0; i < outs[0].numel; i++) {
            const idx = unravel(i, shape);
            const x = va[broadcastIndex(idx, sa)];
            const y = vb[broadcastIndex(idx, sb)];
            const want = [x === y, x !== y, x < y, x <= y, x > y, x >= y].map(Number);
            expect(outs.map((o) => o.atNumber(i))).toEqual(want);
          }
        },
      ),
      { seed: 29, numRuns: 300 },
    );
  });
});
