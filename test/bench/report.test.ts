import { describe, expect, it } from "vitest";
import type { RunnerResult } from "../../scripts/bench/masklab";
import { evaluateTargets, renderTable, type Columns } from "../../scripts/bench/report";
import { OPS, type OpName } from "../../scripts/bench/ops";
import type { Timing } from "../../scripts/bench/stats";

const t = (median: number): Timing => ({ median, min: median, samples: [median] });

function runner(
  ms: Partial<Record<OpName, number>>,
  extra: Partial<Record<OpName, object>> = {},
): RunnerResult {
  const out: RunnerResult = {};
  for (const [op, v] of Object.entries(ms) as [OpName, number][])
    out[op] = { timing: t(v), ...(extra[op] ?? {}) };
  return out;
}

// PyTorch 1-thread figures like the ones measured on the 2-core EPYC.
const torch1 = {
  masked_fill_: t(60),
  masked_fill: t(90),
  "masked_fill_ row mask": t(18),
  "masked_fill_ attn mask": t(16),
  "masked_fill_ transposed": t(98),
  softmax: t(37),
  "copy floor": t(5.6),
};

function columns(masklab: RunnerResult, tfjs: RunnerResult | null = null): Columns {
  return { masklab, interpreter: null, torch1, torchAll: torch1, tfjs };
}

const verdict = (targets: ReturnType<typeof evaluateTargets>, name: string): string | undefined =>
  targets.find((x) => x.name === name)?.verdict;

describe("targets", () => {
  it("passes at the limit and misses just above it", () => {
    const at = evaluateTargets(columns(runner({ masked_fill_: 30, "copy floor": 12 })), 16);
    expect(verdict(at, "masked_fill_ <= 0.5x PyTorch")).toBe("PASS");
    expect(verdict(at, "masked_fill_ <= 2.5x copy floor")).toBe("PASS");
    const above = evaluateTargets(columns(runner({ masked_fill_: 30.1, "copy floor": 12 })), 16);
    expect(verdict(above, "masked_fill_ <= 0.5x PyTorch")).toBe("MISS");
    expect(verdict(above, "masked_fill_ <= 2.5x copy floor")).toBe("MISS");
  });

  it("misses a broadcast-mask op that allocates a mask's worth of bytes", () => {
    const numel = 1 << 20;
    const fast = runner(
      { "masked_fill_ row mask": 5 },
      { "masked_fill_ row mask": { allocatedBytes: numel } },
    );
    const name = "masked_fill_ row mask <= 0.5x PyTorch, mask not materialised";
    expect(verdict(evaluateTargets(columns(fast), numel), name)).toBe("MISS");
    const lean = runner(
      { "masked_fill_ row mask": 5 },
      { "masked_fill_ row mask": { allocatedBytes: 8 } },
    );
    expect(verdict(evaluateTargets(columns(lean), numel), name)).toBe("PASS");
  });

  it("needs softmax both fast and accurate", () => {
    const name = "softmax <= 1.5x PyTorch, max rel error <= 1e-6";
    const sloppy = runner({ softmax: 40 }, { softmax: { maxRelError: 2e-6 } });
    expect(verdict(evaluateTargets(columns(sloppy), 16), name)).toBe("MISS");
    const good = runner({ softmax: 40 }, { softmax: { maxRelError: 1e-7 } });
    expect(verdict(evaluateTargets(columns(good), 16), name)).toBe("PASS");
  });

  it("asks for 20x over tfjs and reports n/a for columns not measured", () => {
    const mine = runner({ masked_fill_: 10 });
    const targets = evaluateTargets(columns(mine, runner({ masked_fill_: 199 })), 16);
    expect(verdict(targets, "masked_fill_ >= 20x faster than tfjs")).toBe("MISS");
    const ok = evaluateTargets(columns(mine, runner({ masked_fill_: 200 })), 16);
    expect(verdict(ok, "masked_fill_ >= 20x faster than tfjs")).toBe("PASS");
    expect(
      verdict(evaluateTargets(columns(mine), 16), "masked_fill_ >= 20x faster than tfjs"),
    ).toBe("n/a");
    expect(verdict(targets, "via interpreter: same ratios")).toBe("n/a");
  });

  it("fails the correctness line when a kernel wrote wrong elements", () => {
    const wrong = runner({ masked_fill_: 10 }, { masked_fill_: { mismatches: 3 } });
    const targets = evaluateTargets(columns(wrong), 16);
    expect(verdict(targets, "every masked fill writes exactly the masked elements")).toBe("MISS");
  });

  it("applies the same ratio targets to the interpreter column", () => {
    const c = columns(runner({ masked_fill_: 20 }));
    c.interpreter = runner({ masked_fill_: 40 });
    const targets = evaluateTargets(c, 16);
    expect(verdict(targets, "masked_fill_ <= 0.5x PyTorch")).toBe("PASS");
    expect(verdict(targets, "via interpreter: masked_fill_ <= 0.5x PyTorch")).toBe("MISS");
  });
});

describe("table", () => {
  it("has the nine columns and one row per op", () => {
    const lines = renderTable(columns(runner({ masked_fill_: 20, "copy floor": 5 }))).split("\n");
    expect(lines[0].split("|").map((s) => s.trim())).toEqual([
      "op",
      "MaskLab ms",
      "via interpreter ms",
      "PyTorch 1-thread ms",
      "PyTorch all-threads ms",
      "tfjs ms",
      "ratio vs PyTorch",
      "ratio vs tfjs",
      "ratio vs copy floor",
    ]);
    expect(lines).toHaveLength(2 + OPS.length);
    const row = lines[2].split("|").map((s) => s.trim());
    expect(row[0]).toBe("masked_fill_");
    expect(row[6]).toBe("0.33x"); // 20 / 60
    expect(row[8]).toBe("4.00x"); // 20 / 5
  });
});
