import { describe, expect, it } from "vitest";
import { casesOf, checkCase } from "./helpers/coreB";

// Recorded from PyTorch 2.13 by scripts/record-core-fixtures-b.py.
describe("binary: recorded PyTorch cases", () => {
  for (const c of casesOf("binary")) it(`${c.id} ${c.op}`, () => checkCase(c));
});

import fc from "fast-check";
import { add, div, floorDivide, mul, pow, remainder, sub } from "../../src/tensor/ops/binary";
import { bfloat16, float16, float32, int8, uint8 } from "../../src/tensor/dtype";
import { tensor } from "../../src/tensor/ops/create";
import { tolist } from "../../src/tensor/ops/item";
import { eq, lt } from "../../src/tensor/ops/compare";
import { resultType } from "../../src/tensor/ops/promote";
import { halfBitsToFloat, floatToHalfBits } from "../../src/tensor/half";
import type { DTypeName } from "../../src/tensor/dtype";
import type { Tensor } from "../../src/tensor/tensor";
import {
  arbBroadcastPair,
  arbLayout,
  arbValues,
  broadcastIndex,
  build,
  dtypeOf,
  naiveBroadcastShape,
  snapshot,
  unravel,
} from "./helpers/arbB";

const NUMERIC: DTypeName[] = ["float32", "float64", "float16", "int8", "int32", "int64", "uint8"];

/** x op y with Python semantics on small integers, in float64. */
const REF: Record<string, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  floorDivide: (x, y) => Math.floor(x / y),
  // fmod-based, so a zero result keeps the dividend's sign (-6.0 % 3 is -0. in PyTorch).
  remainder: (x, y) => {
    const r = x - Math.floor(x / y) * y;
    return r === 0 && x < 0 ? -0 : r;
  },
  eq: (x, y) => (x === y ? 1 : 0),
  lt: (x, y) => (x < y ? 1 : 0),
};
const OPS: Record<string, (a: Tensor, b: Tensor) => Tensor> = {
  add,
  sub,
  mul,
  div,
  floorDivide,
  remainder,
  eq,
  lt,
};

/** Round a float64 value the way a float16/float32 kernel stores it (through float32). */
function store(v: number, d: DTypeName): number {
  if (d === "float32") return Math.fround(v);
  if (d === "float16") return halfBitsToFloat(floatToHalfBits(Math.fround(v)));
  if (d === "uint8") return ((v % 256) + 256) % 256;
  if (d === "int8") return ((((v + 128) % 256) + 256) % 256) - 128;
  return d.startsWith("float") ? v : v + 0;
}

describe("binary ops: properties against a naive broadcasting reference", () => {
  it("agree on random shapes, broadcasts, layouts and dtypes; inputs are never written", () => {
    fc.assert(
      fc.property(
        arbBroadcastPair,
        fc.constantFrom(...NUMERIC),
        fc.constantFrom(...NUMERIC),
        arbLayout,
        arbLayout,
        fc.constantFrom(...Object.keys(OPS)),
        fc.integer({ min: 0, max: 2 ** 30 }),
        ([sa, sb], da, db, la, lb, op, seed) => {
          const na = sa.reduce((p, s) => p * s, 1);
          const nb = sb.reduce((p, s) => p * s, 1);
          const unsigned = da === "uint8" || db === "uint8";
          const gen = (n: number, k: number, nonzero: boolean): number[] =>
            Array.from({ length: n }, (_, i) => {
              let v = ((seed >> (i % 20)) + i * 7 + k * 13) % 13;
              v = unsigned ? v : v - 6;
              return nonzero && v === 0 ? 3 : v;
            });
          const integerDivision = op === "floorDivide" || op === "remainder";
          const va = gen(na, 1, false);
          const vb = gen(nb, 2, integerDivision);
          const a = build(dtypeOf(da), sa, va, la);
          const b = build(dtypeOf(db), sb, vb, lb);
          const before = [snapshot(a), snapshot(b)];
          const out = OPS[op](a, b);
          const shape = naiveBroadcastShape(sa, sb);
          expect([...out.shape]).toEqual(shape);
          const common = resultType(a, b).name;
          const outDtype =
            op === "eq" || op === "lt"
              ? "bool"
              : op === "div" && !common.startsWith("float")
                ? "float32"
                : common;
          expect(out.dtype.name).toBe(outDtype);
          for (let i = 0; i < out.numel; i++) {
            const idx = unravel(i, shape);
            const x = va[broadcastIndex(idx, sa)];
            const y = vb[broadcastIndex(idx, sb)];
            let want = REF[op](x, y);
            if (outDtype !== "bool") want = store(want, outDtype as DTypeName);
            const got = out.atNumber(i);
            if (Number.isNaN(want)) expect(got).toBeNaN();
            else expect(got).toBe(want);
          }
          expect([snapshot(a), snapshot(b)]).toEqual(before);
        },
      ),
      { seed: 20261126, numRuns: 400 },
    );
  });
});

void arbValues;

describe("pow: a scalar exponent is cast to the result dtype", () => {
  const err = (f: () => unknown): string => {
    try {
      f();
      return "ok";
    } catch (e) {
      return (e as Error).message;
    }
  };
  it("checks the cast for integer, float16 and bfloat16 results", () => {
    const i8 = tensor([3, 1], { dtype: int8 });
    expect(err(() => pow(i8, 128n))).toBe(
      "value cannot be converted to type int8_t without overflow",
    );
    expect(tolist(pow(i8, 127n))).toEqual([-85n, 1n]);
    expect(err(() => pow(tensor([3], { dtype: float16 }), 70000n))).toBe(
      "value cannot be converted to type c10::Half without overflow",
    );
    expect(err(() => pow(tensor([3], { dtype: bfloat16 }), 1e39))).toBe(
      "value cannot be converted to type c10::BFloat16 without overflow",
    );
  });
  it("takes the exponent as a double for float32 and for a float result of an int tensor; scalar ** tensor is unchecked", () => {
    expect(tolist(pow(tensor([3, 1], { dtype: float32 }), 1e39))).toEqual([Infinity, 1]);
    expect(tolist(pow(tensor([3, 1], { dtype: uint8 }), 1e39))).toEqual([Infinity, 1]);
    expect(tolist(pow(2n ** 40n, tensor([1], { dtype: int8 })))).toEqual([0n]);
  });
});
