import { describe, it } from "vitest";
import { casesOf, checkCase } from "./helpers/coreB";

// Recorded from PyTorch 2.13 by scripts/record-core-fixtures-b.py.
describe("logical: recorded PyTorch cases", () => {
  for (const c of casesOf("logical")) it(`${c.id} ${c.op}`, () => checkCase(c));
});

import fc from "fast-check";
import { expect } from "vitest";
import {
  bitwiseAnd,
  bitwiseOr,
  bitwiseXor,
  invert,
  logicalNot,
} from "../../src/tensor/ops/logical";
import {
  arbBroadcastPair,
  arbLayout,
  broadcastIndex,
  build,
  dtypeOf,
  naiveBroadcastShape,
  unravel,
} from "./helpers/arbB";

describe("bitwise ops: properties on bool and int64 masks", () => {
  it("&, |, ^ broadcast like the naive reference; ~ and logical_not invert", () => {
    fc.assert(
      fc.property(
        arbBroadcastPair,
        arbLayout,
        arbLayout,
        fc.constantFrom("bool", "int64"),
        fc.nat(),
        ([sa, sb], la, lb, d, seed) => {
          const na = sa.reduce((p, s) => p * s, 1);
          const nb = sb.reduce((p, s) => p * s, 1);
          const bit = (i: number, k: number): number =>
            ((seed >> ((i * k) % 25)) & 1) ^ (i % 3 === 0 ? 1 : 0);
          const va = Array.from({ length: na }, (_, i) =>
            d === "bool" ? bit(i, 1) : (i * 5 + seed) % 16,
          );
          const vb = Array.from({ length: nb }, (_, i) =>
            d === "bool" ? bit(i, 7) : (i * 3 + seed) % 16,
          );
          const a = build(dtypeOf(d), sa, va, la);
          const b = build(dtypeOf(d), sb, vb, lb);
          const shape = naiveBroadcastShape(sa, sb);
          const and = bitwiseAnd(a, b);
          const or = bitwiseOr(a, b);
          const xor = bitwiseXor(a, b);
          for (let i = 0; i < and.numel; i++) {
            const idx = unravel(i, shape);
            const x = va[broadcastIndex(idx, sa)];
            const y = vb[broadcastIndex(idx, sb)];
            expect([and.atNumber(i), or.atNumber(i), xor.atNumber(i)]).toEqual([
              x & y,
              x | y,
              x ^ y,
            ]);
          }
          const inv = invert(a);
          const not = logicalNot(a);
          for (let i = 0; i < na; i++) {
            expect(inv.atNumber(i)).toBe(d === "bool" ? 1 - va[i] : ~va[i]);
            expect(not.atNumber(i)).toBe(va[i] === 0 ? 1 : 0);
          }
        },
      ),
      { seed: 23, numRuns: 300 },
    );
  });
});
