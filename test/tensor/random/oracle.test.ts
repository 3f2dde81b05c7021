import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  Generator,
  randFloat32,
  randint,
  randnFloat32,
  randperm,
} from "../../../src/tensor/random";

// The oracle's printed outputs (PyTorch 2.13) checked against our raw streams. Printing is
// not this module's job, so values are compared numerically at the printed precision.

interface OracleCase {
  id: string;
  code: string;
  stdout: string;
}
const oracle = JSON.parse(
  readFileSync(new URL("../../fixtures/oracle-cases-random.json", import.meta.url), "utf8"),
) as { cases: OracleCase[] };

function stdoutOf(id: string): string {
  const c = oracle.cases.find((k) => k.id === id);
  if (!c) throw new Error(`oracle case ${id} is missing`);
  return c.stdout;
}

/** Every number printed on a line, in order. */
function numbersIn(line: string): number[] {
  return (line.match(/-?\d+(\.\d+)?(e[-+]?\d+)?/g) ?? []).map(Number);
}

function expectPrinted(got: ArrayLike<number>, printed: number[], decimals = 4): void {
  expect(got.length).toBe(printed.length);
  for (let i = 0; i < got.length; i++) {
    expect(Math.abs(got[i] - printed[i])).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
  }
}

describe("oracle cases for random factories", () => {
  it("rand/rand-basic: seed 0, rand(3) then rand(2, 3)", () => {
    const [first, ...rest] = stdoutOf("rand/rand-basic").trim().split("\n");
    const g = new Generator(0n);
    expectPrinted(randFloat32(g, 3), numbersIn(first));
    expectPrinted(randFloat32(g, 6), numbersIn(rest.join(" ")));
  });

  it("rand/randint: randint(0, 10, (5,)) then randint(5, (2, 3))", () => {
    const lines = stdoutOf("rand/randint").trim().split("\n");
    const g = new Generator(0n);
    expect(Array.from(randint(g, 0n, 10n, 5), Number)).toEqual(numbersIn(lines[0]));
    expect(Array.from(randint(g, 0n, 5n, 6), Number)).toEqual(numbersIn(lines.slice(1).join(" ")));
  });

  it("rand/randperm: randperm(6) then randperm(20)", () => {
    const lines = stdoutOf("rand/randperm").trim().split("\n");
    const g = new Generator(0n);
    expect(Array.from(randperm(g, 6), Number)).toEqual(numbersIn(lines[0]));
    expect(Array.from(randperm(g, 20), Number)).toEqual(numbersIn(lines.slice(1).join(" ")));
  });

  it("rand/dropout-mask: seed 3, rand(8) >= 0.5", () => {
    const out = stdoutOf("rand/dropout-mask");
    const keep = (out.match(/True|False/g) ?? []).map((w) => w === "True");
    const g = new Generator(3n);
    expect(Array.from(randFloat32(g, 8), (v) => v >= 0.5)).toEqual(keep);
  });

  it("rand/randn-grad: seed 0, randn(2, 3)", () => {
    const printed = numbersIn(stdoutOf("rand/randn-grad").replace("requires_grad=True", ""));
    expectPrinted(randnFloat32(new Generator(0n), 6), printed);
  });

  it("rand/rand-mask-fill: randn(4, 4) (the 16-wide path), then rand(4, 4) > 0.3", () => {
    const printed = numbersIn(stdoutOf("rand/rand-mask-fill"));
    const g = new Generator(0n);
    const scores = randnFloat32(g, 16);
    const keep = Array.from(randFloat32(g, 16), (v) => v > 0.3);
    const probs: number[] = [];
    for (let r = 0; r < 4; r++) {
      let max = -Infinity;
      for (let c = 0; c < 4; c++) if (keep[r * 4 + c]) max = Math.max(max, scores[r * 4 + c]);
      let sum = 0;
      const row = [0, 1, 2, 3].map((c) =>
        keep[r * 4 + c] ? Math.exp(scores[r * 4 + c] - max) : 0,
      );
      for (const v of row) sum += v;
      probs.push(...row.map((v) => v / sum));
    }
    expectPrinted(probs, printed);
  });
});
