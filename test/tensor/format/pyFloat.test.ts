import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { floatRepr, formatExp, formatFixed } from "../../../src/tensor/format";

// Every expected string below was printed by CPython 3.11.7.

interface PyFloatFixture {
  python: string;
  cases: [repr: string, kind: "r" | "e" | "f", precision: number, expected: string][];
}

const fixture = JSON.parse(
  readFileSync(new URL("../../fixtures/print/pyfloat-cases.json", import.meta.url), "utf8"),
) as PyFloatFixture;

describe("floatRepr", () => {
  it.each([
    [1e-5, "1e-05"],
    [1e16, "1e+16"],
    [1e15, "1000000000000000.0"],
    [0.1 + 0.2, "0.30000000000000004"],
    [1, "1.0"],
    [-0, "-0.0"],
    [0, "0.0"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
    [NaN, "nan"],
    [123456789, "123456789.0"],
    [1e22, "1e+22"],
    [0.0001, "0.0001"],
    [0.00012, "0.00012"],
    [1.5e-5, "1.5e-05"],
    [5e-324, "5e-324"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [9999999999999998, "9999999999999998.0"],
    [2 ** 53, "9007199254740992.0"],
    [1.2345e16, "1.2345e+16"],
    [-2.5, "-2.5"],
  ])("repr(%s) is %s", (x, expected) => {
    expect(floatRepr(x)).toBe(expected);
  });
});

describe("formatFixed", () => {
  it.each([
    // Ties on the exact binary value go to even; JS toFixed rounds them up.
    [1.03125, 4, "1.0312"],
    [1.09375, 4, "1.0938"],
    [2.5, 0, "2"],
    [3.5, 0, "4"],
    [0.5, 0, "0"],
    [1.5, 0, "2"],
    [-2.5, 0, "-2"],
    [0.125, 2, "0.12"],
    [0.375, 2, "0.38"],
    [9.5, 0, "10"],
    [99.5, 0, "100"],
    [999.5, 0, "1000"],
    [-0.5, 0, "-0"],
    // Not ties: the double nearest 2.675 is below it, the one nearest 1.005 too.
    [2.675, 2, "2.67"],
    [1.005, 2, "1.00"],
    [0.05, 1, "0.1"],
    [-0, 0, "-0"],
    [-0, 4, "-0.0000"],
    [-1e-10, 4, "-0.0000"],
    [0, 4, "0.0000"],
    [Infinity, 4, "inf"],
    [-Infinity, 0, "-inf"],
    [NaN, 4, "nan"],
    [1e23, 1, "99999999999999991611392.0"],
    [2 ** 70, 0, "1180591620717411303424"],
    [1e21, 1, "1000000000000000000000.0"],
    [1e22, 0, "10000000000000000000000"],
    [5e-324, 4, "0.0000"],
    [0.1, 30, "0.100000000000000005551115123126"],
    [1.0000000000000002, 16, "1.0000000000000002"],
    [123.456, 0, "123"],
    [-3.4028234663852886e38, 0, "-340282346638528859811704183484516925440"],
  ])("format(%s, '.%if') is %s", (x, p, expected) => {
    expect(formatFixed(x, p)).toBe(expected);
  });
});

describe("formatExp", () => {
  it.each([
    [1e-5, 4, "1.0000e-05"],
    [3e38, 4, "3.0000e+38"],
    [1e300, 4, "1.0000e+300"],
    [0, 4, "0.0000e+00"],
    [-0, 4, "-0.0000e+00"],
    [-0, 0, "-0e+00"],
    [2.5, 0, "2e+00"],
    [3.5, 0, "4e+00"],
    [1.03125, 4, "1.0312e+00"],
    [10.0625, 4, "1.0062e+01"],
    [9.99995, 4, "1.0000e+01"],
    [9.99994, 4, "9.9999e+00"],
    [9.99996, 4, "1.0000e+01"],
    [125, 1, "1.2e+02"],
    [135, 1, "1.4e+02"],
    [1250000, 1, "1.2e+06"],
    [1.5e300, 0, "2e+300"],
    [-3.4028234663852886e38, 4, "-3.4028e+38"],
    [-998244352, 4, "-9.9824e+08"],
    [5e-324, 4, "4.9407e-324"],
    [5e-324, 20, "4.94065645841246544177e-324"],
    [1e-300, 4, "1.0000e-300"],
    [1.7976931348623157e308, 4, "1.7977e+308"],
    [Infinity, 4, "inf"],
    [-Infinity, 4, "-inf"],
    [NaN, 4, "nan"],
  ])("format(%s, '.%ie') is %s", (x, p, expected) => {
    expect(formatExp(x, p)).toBe(expected);
  });
});

describe("against the CPython table (test/fixtures/print/pyfloat-cases.json)", () => {
  it("was recorded by CPython 3.11", () => {
    expect(fixture.python).toMatch(/^3\.11\./);
    expect(fixture.cases.length).toBeGreaterThan(5000);
  });

  it("matches every recorded case", () => {
    const wrong: string[] = [];
    for (const [repr, kind, p, expected] of fixture.cases) {
      const x = Number(repr);
      const got = kind === "r" ? floatRepr(x) : kind === "f" ? formatFixed(x, p) : formatExp(x, p);
      if (got !== expected) wrong.push(`${kind}${p} ${repr}: ${got} != ${expected}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it("matches random samples of the table (fast-check, fixed seed)", () => {
    const n = fixture.cases.length;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: n - 1 }), (i) => {
        const [repr, kind, p, expected] = fixture.cases[i];
        const x = Number(repr);
        const got =
          kind === "r" ? floatRepr(x) : kind === "f" ? formatFixed(x, p) : formatExp(x, p);
        expect(got).toBe(expected);
        // Negation only flips the sign (Python rounds the magnitude).
        const neg =
          kind === "r" ? floatRepr(-x) : kind === "f" ? formatFixed(-x, p) : formatExp(-x, p);
        const flipped = expected.startsWith("-") ? expected.slice(1) : "-" + expected;
        expect(neg).toBe(Number.isNaN(x) ? expected : flipped);
      }),
      { seed: 20261126, numRuns: 2000 },
    );
  });
});

describe("properties that hold for every double (fast-check, fixed seed)", () => {
  it("floatRepr round-trips and formatExp(x, 16) round-trips", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const r = floatRepr(x);
        expect(Object.is(Number(r), x)).toBe(true);
        expect(Number(formatExp(x, 16))).toBe(x);
      }),
      { seed: 42, numRuns: 3000 },
    );
  });

  it("formatFixed is within half a unit of the last place", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: 0, max: 8 }),
        (x, p) => {
          const s = formatFixed(x, p);
          expect(s.split(".")[1]?.length ?? 0).toBe(p);
          expect(Math.abs(Number(s) - x)).toBeLessThanOrEqual(
            0.5 * 10 ** -p * (1 + 1e-9) + Math.abs(x) * 1e-15,
          );
        },
      ),
      { seed: 7, numRuns: 3000 },
    );
  });
});
