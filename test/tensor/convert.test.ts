import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import {
  checkedScalarToRaw,
  converter,
  int64ToFloat32,
  rawToScalar,
  scalarOverflows,
} from "../../src/tensor/convert";
import { float32, float64, int32, int64, uint8 } from "../../src/tensor/dtype";
import { full } from "../../src/tensor/ops/create";
import { fill_ } from "../../src/tensor/ops/fill";
import { maskedFill } from "../../src/tensor/ops/maskedFill";
import { tensor, zeros } from "../../src/tensor/ops/create";
import { to } from "../../src/tensor/ops/cast";
import { attempt, cases, decScalar, dt, encValues, fromValues } from "./helpers/coreA";

group("element casts (.to) match x86 PyTorch", () => {
  for (const c of cases.convert) {
    it(`${c.from} -> ${c.to}`, () => {
      const x = fromValues(c.input, c.from);
      expect(encValues(x)).toEqual(c.input);
      expect(encValues(to(x, dt(c.to)))).toEqual(c.output);
    });
  }
});

group("checked scalar conversion (masked_fill, fill_, full)", () => {
  for (const c of cases.checked) {
    const v = decScalar(c.value);
    const label = `${c.dtype} <- ${JSON.stringify(c.value)}`;
    it(label, () => {
      const d = dt(c.dtype);
      const mf = attempt(() => ({
        values: encValues(maskedFill(zeros([2], { dtype: d }), tensor([true, false]), v)),
      }));
      const fl = attempt(() => ({ values: encValues(fill_(zeros([2], { dtype: d }), v)) }));
      const fu = attempt(() => ({ values: encValues(full([2], v, { dtype: d })) }));
      expect(mf).toEqual(c.maskedFill);
      expect(fl).toEqual(c.fill);
      expect(fu).toEqual(c.full);
    });
  }
});

group("first principles", () => {
  it("int64 -> float32 rounds once (no double rounding through float64)", () => {
    // 2^60 + 2^36 + 1 is just above the midpoint of two float32 neighbours.
    expect(int64ToFloat32(2n ** 60n + 2n ** 36n + 1n)).toBe(2 ** 60 + 2 ** 37);
    expect(int64ToFloat32(-(2n ** 60n + 2n ** 36n + 1n))).toBe(-(2 ** 60 + 2 ** 37));
    expect(int64ToFloat32(2n ** 60n + 2n ** 36n)).toBe(2 ** 60);
  });

  it("int64 round-trips exactly through the raw converters", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (v) => {
        expect(rawToScalar(checkedScalarToRaw(v, int64), int64)).toBe(v);
      }),
      { seed: 20260, numRuns: 300 },
    );
  });

  it("float -> int32 truncates toward zero inside the range", () => {
    const c = converter(float64, int32);
    fc.assert(
      fc.property(fc.double({ min: -2147483647, max: 2147483647, noNaN: true }), (x) => {
        expect(Int32Array.of(c(x) as number)[0]).toBe(Math.trunc(x) | 0);
      }),
      { seed: 20261, numRuns: 300 },
    );
  });

  it("overflow checks agree with the c10 rule on random doubles", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        const expected = !Number.isFinite(x) ? false : Math.abs(x) > 3.4028234663852886e38;
        expect(scalarOverflows(x, float32)).toBe(expected);
        expect(scalarOverflows(x, uint8)).toBe(!(x >= 0 && x <= 255));
      }),
      { seed: 20262, numRuns: 300 },
    );
  });
});
