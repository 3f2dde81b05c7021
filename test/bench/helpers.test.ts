import { describe, expect, it } from "vitest";
import { countFillMismatches, softmaxMaxRelError } from "../../scripts/bench/check";
import { FULL, parseArgs, QUICK } from "../../scripts/bench/config";
import { sameInputs, type Fingerprints } from "../../scripts/bench/inputs";
import { opScript, parseSamples } from "../../scripts/bench/interpreter";
import { median, summarize, timeOp } from "../../scripts/bench/stats";
import { pythonCandidates } from "../../scripts/bench/torch";

describe("stats", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("summarizes wall samples and an optional CPU series", () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, samples: [5, 1, 3] });
    expect(summarize([5, 1, 3], [2, 4, 6]).cpuMedian).toBe(4);
  });

  it("skips the warm-up runs and times only run(), after each setup", () => {
    // A fake clock that advances 1 per read, plus 10 per run and 100 per setup: if setup were
    // timed the samples would be 111, not 11.
    let now = 0;
    const events: string[] = [];
    const timing = timeOp({
      warmup: 2,
      reps: 3,
      setup: () => {
        events.push("setup");
        now += 100;
      },
      run: () => {
        events.push("run");
        now += 10;
      },
      clock: () => now++,
    });
    expect(timing.samples).toEqual([11, 11, 11]);
    expect(events.filter((e) => e === "run")).toHaveLength(5);
    expect(events.slice(0, 2)).toEqual(["setup", "run"]);
  });
});

describe("config", () => {
  it("defaults to 4096x4096 with B*H*S*S = N*N, and --quick to 1024x1024", () => {
    const full = parseArgs([]);
    expect(full).toMatchObject({ n: 4096, reps: 10, warmup: 2, json: false, quick: false });
    for (const size of [FULL, QUICK])
      expect(size.b * size.h * size.s * size.s).toBe(size.n * size.n);
    expect(parseArgs(["--quick", "--json"])).toMatchObject({ n: 1024, json: true, quick: true });
  });

  it("caps tfjs repetitions and rejects bad options", () => {
    expect(parseArgs(["--reps", "7", "--warmup", "0"])).toMatchObject({
      reps: 7,
      warmup: 0,
      tfjsReps: 3,
      tfjsWarmup: 0,
    });
    expect(() => parseArgs(["--reps", "0"])).toThrow("--reps needs an integer >= 1, got '0'");
    expect(() => parseArgs(["--reps"])).toThrow("got nothing");
    expect(() => parseArgs(["--fast"])).toThrow("unknown option '--fast'");
  });
});

describe("checks", () => {
  it("counts elements that differ from mask ? value : x0", () => {
    const x0 = [1, 2, 3, 4];
    const mask = [1, 0, 1, 0];
    const good = new Float32Array([-7, 2, -7, 4]);
    expect(
      countFillMismatches(
        good,
        (k) => x0[k],
        (k) => mask[k],
        -7,
      ),
    ).toBe(0);
    const bad = new Float32Array([-7, -7, 3, 4]);
    expect(
      countFillMismatches(
        bad,
        (k) => x0[k],
        (k) => mask[k],
        -7,
      ),
    ).toBe(2);
  });

  it("compares the fill value after rounding it to float32", () => {
    const out = new Float32Array([0.1]);
    expect(
      countFillMismatches(
        out,
        () => 5,
        () => 1,
        0.1,
      ),
    ).toBe(0);
  });

  it("requires an exact 0 for a masked score", () => {
    const x = new Float32Array([0, -Infinity, 1, 1]);
    expect(softmaxMaxRelError(x, [1, 0, 0.5, 0.5], 2)).toBe(0);
    expect(softmaxMaxRelError(x, [1, 1e-30, 0.5, 0.5], 2)).toBe(Infinity);
  });

  it("measures softmax error against exp(x - max) / sum, per row", () => {
    // Rows [0, ln 3] and [5, 5]: softmax is [1/4, 3/4] and [1/2, 1/2] exactly.
    const x = new Float32Array([0, Math.log(3), 5, 5]);
    const exact = [0.25, 0.75, 0.5, 0.5];
    expect(softmaxMaxRelError(x, exact, 2)).toBeLessThan(1e-7);
    const off = [0.25 * (1 + 1e-3), 0.75, 0.5, 0.5];
    expect(softmaxMaxRelError(x, off, 2)).toBeCloseTo(1e-3, 6);
    expect(softmaxMaxRelError(x, [NaN, 0.75, 0.5, 0.5], 2)).toBe(Infinity);
  });
});

describe("inputs", () => {
  const fp: Fingerprints = {
    xSum: -4816.78846597131,
    maskCount: 8388758,
    maskedSum: -3298.47057337148,
    rowMaskCount: 2017,
    attnMaskCount: 1059,
  };
  it("accepts sums that differ by summation order only", () => {
    expect(sameInputs(fp, { ...fp, xSum: fp.xSum + 2e-9 })).toBe(true);
  });
  it("rejects a different mask count or a moved mask bit", () => {
    expect(sameInputs(fp, { ...fp, maskCount: fp.maskCount + 1 })).toBe(false);
    expect(sameInputs(fp, { ...fp, maskedSum: fp.maskedSum + 0.5 })).toBe(false);
  });
});

describe("interpreter script", () => {
  it("times only the statement and prints one line per timed repetition", () => {
    const src = opScript("x.copy_(x0)", "x.masked_fill_(m, v)", 2, 3);
    expect(src).toContain("for i in range(5):");
    expect(src).toContain("if i >= 2:");
    const lines = src.split("\n");
    const t0 = lines.findIndex((l) => l.includes("t0 = time.perf_counter()"));
    expect(lines[t0 - 1]).toContain("x.copy_(x0)");
    expect(lines[t0 + 1]).toContain("x.masked_fill_(m, v)");
  });

  it("parses the printed samples", () => {
    expect(parseSamples("ms 1.5\nhello\nms 2\n")).toEqual([1.5, 2]);
  });
});

describe("torch discovery", () => {
  it("tries MASKLAB_TORCH_PYTHON, then /opt/torchenv, then python3", () => {
    expect(pythonCandidates({ MASKLAB_TORCH_PYTHON: "/x/python" })).toEqual([
      "/x/python",
      "/opt/torchenv/bin/python",
      "python3",
    ]);
    expect(pythonCandidates({})).toEqual(["/opt/torchenv/bin/python", "python3"]);
  });
});
