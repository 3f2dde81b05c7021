import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { logExact, sinCosExact } from "../../../src/tensor/random/float64Math";

// Reference values computed with 200-bit mpmath by scripts/record-random-fixtures.py.
const { correctlyRounded } = JSON.parse(
  readFileSync(new URL("../../fixtures/random/torch-random.json", import.meta.url), "utf8"),
) as { correctlyRounded: { x: number; log: number; theta: number; sin: number; cos: number }[] };

describe("correctly rounded float64 log, sin and cos", () => {
  it("has enough reference points", () => {
    expect(correctlyRounded.length).toBeGreaterThanOrEqual(1500);
  });

  it("logExact rounds log(x) correctly on (0, 1]", () => {
    for (const r of correctlyRounded) expect(logExact(r.x), `log(${r.x})`).toBe(r.log);
  });

  it("sinCosExact rounds sin and cos correctly on [0, 2pi)", () => {
    const out = new Float64Array(2);
    for (const r of correctlyRounded) {
      sinCosExact(r.theta, out);
      expect(out[0], `sin(${r.theta})`).toBe(r.sin);
      expect(out[1], `cos(${r.theta})`).toBe(r.cos);
    }
  });

  it("is exact where the answer is known", () => {
    const out = new Float64Array(2);
    sinCosExact(0, out);
    expect(Array.from(out)).toEqual([0, 1]);
    expect(logExact(1)).toBe(0);
    expect(logExact(0.5)).toBe(-Math.LN2);
    expect(logExact(2 ** -40)).toBe(-40 * Math.LN2);
  });
});
