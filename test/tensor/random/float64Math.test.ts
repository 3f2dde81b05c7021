import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expExact, logExact, sinCosExact } from "../../../src/tensor/random/float64Math";

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

// exp(x) correctly rounded (Python's decimal module at 80 digits); V8's Math.exp is an ulp
// off on a few of these (-0.375 among them).
const EXP_REFERENCE: [number, number][] = [
  [-273.9204769971987, 1.0910593108179213e-119],
  [-525.559706692027, 5.653527030670848e-229],
  [201.91437793107525, 4.901174354538692e87],
  [-639.6269337847256, 1.635129600582531e-278],
  [34.547551664940784, 1008813885583470.0],
  [-213.03233256726185, 3.028541290079828e-93],
  [-660.628964130234, 1.2373321365867374e-287],
  [-6.833238929350273, 0.0010773629578660058],
  [-690.4550656644446, 1.3777644664342106e-300],
  [-114.1756239763273, 2.5951145893146816e-50],
  [-643.3813153260019, 3.8286440720749635e-280],
  [-613.0397794886795, 5.757137219943306e-267],
  [-0.15096162171497207, 0.8598806987725051],
  [0.6537042493440761, 1.9226496281269558],
  [-0.7523960777007088, 0.47123608066774864],
  [-0.5535220707859709, 0.5749213266369823],
  [0.2548664448111786, 1.2902892845359097],
  [0.8954178849140113, 2.44835870788445],
  [0.15420589723499734, 1.1667310887542894],
  [-0.20663905069843969, 0.8133131618306495],
  [0.9525102111858401, 2.5922084899321356],
  [-0.9068346387644874, 0.40380037728622914],
  [0.716936918097359, 2.048149941452969],
  [-0.4207814273366475, 0.6565335860221702],
  [-0.375, 0.6872892787909722],
  [3.751284686536485, 42.5757433654673],
  [37.430626927029806, 1.802663762667685e16],
  [1e-10, 1.0000000001],
  [-1e-300, 1.0],
  [709.78, 1.7928227943945155e308],
  [-745.0, 5e-324],
];

describe("correctly rounded float64 exp", () => {
  it("expExact rounds exp(x) correctly", () => {
    for (const [x, y] of EXP_REFERENCE) expect(expExact(x), `exp(${x})`).toBe(y);
  });

  it("overflows, underflows and passes NaN through like glibc", () => {
    expect(expExact(710)).toBe(Infinity);
    expect(expExact(-746)).toBe(0);
    expect(expExact(-Infinity)).toBe(0);
    expect(expExact(Infinity)).toBe(Infinity);
    expect(expExact(NaN)).toBeNaN();
    expect(expExact(0)).toBe(1);
  });
});
