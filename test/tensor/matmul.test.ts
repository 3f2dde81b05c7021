import { describe, it } from "vitest";
import { casesOf, checkCase } from "./helpers/coreB";

// Recorded from PyTorch 2.13 by scripts/record-core-fixtures-b.py.
describe("matmul: recorded PyTorch cases", () => {
  for (const c of casesOf("matmul")) it(`${c.id} ${c.op}`, () => checkCase(c));
});

import fc from "fast-check";
import { expect } from "vitest";
import { matmul } from "../../src/tensor/ops/matmul";
import {
  arbLayout,
  build,
  dtypeOf,
  naiveBroadcastShape,
  unravel,
  broadcastIndex,
} from "./helpers/arbB";

describe("matmul: properties against a naive triple loop", () => {
  it("broadcast batches, vectors and strided operands", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
        fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
        fc.constantFrom(0, 1, 2),
        arbLayout,
        arbLayout,
        fc.constantFrom("float32", "float64", "int64"),
        (n, k, m, batch, ones, vec, la, lb, dtype) => {
          const ba = batch.map((s, i) => (ones[i] ? 1 : s));
          const bb = batch.slice(batch.length > 0 && ones[1] ? 1 : 0);
          const sa = vec === 1 ? [k] : [...ba, n, k];
          const sb = vec === 2 ? [k] : [...bb, k, m];
          const va = Array.from({ length: sa.reduce((p, s) => p * s, 1) }, (_, i) => (i % 5) - 2);
          const vb = Array.from({ length: sb.reduce((p, s) => p * s, 1) }, (_, i) => (i % 7) - 3);
          const a = build(dtypeOf(dtype), sa, va, la);
          const b = build(dtypeOf(dtype), sb, vb, lb);
          const out = matmul(a, b);
          const A = vec === 1 ? [1, k] : [...ba, n, k];
          const B = vec === 2 ? [k, 1] : [...bb, k, m];
          const batchShape = naiveBroadcastShape(A.slice(0, -2), B.slice(0, -2));
          const rows = A[A.length - 2];
          const cols = B[B.length - 1];
          const shape = [...batchShape, ...(vec === 1 ? [] : [rows]), ...(vec === 2 ? [] : [cols])];
          expect([...out.shape]).toEqual(shape);
          const total = batchShape.reduce((p, s) => p * s, 1) * rows * cols;
          for (let q = 0; q < total; q++) {
            const idx = unravel(q, [...batchShape, rows, cols]);
            const bi = idx.slice(0, -2);
            const [i, j] = idx.slice(-2);
            let acc = 0;
            for (let p = 0; p < k; p++)
              acc += va[broadcastIndex([...bi, i, p], A)] * vb[broadcastIndex([...bi, p, j], B)];
            expect(out.atNumber(q)).toBe(acc);
          }
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });
});
