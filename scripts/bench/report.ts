// Turns the runners' results into the targets' verdicts and the printed table. Pure: the
// verdict logic is tested in test/bench.

import type { BenchConfig } from "./config";
import type { OpResult, RunnerResult } from "./masklab";
import { OPS, type OpName } from "./ops";
import type { Timing } from "./stats";

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  torch: string;
  tfjs: string;
  date: string;
  /** 1-minute load average when the bench started and when it ended. */
  load: [number, number];
}

/** What the table and the targets read: median milliseconds per op and column, or absent. */
export interface Columns {
  masklab: RunnerResult;
  interpreter: RunnerResult | null;
  torch1: Partial<Record<OpName, Timing>> | null;
  torchAll: Partial<Record<OpName, Timing>> | null;
  tfjs: RunnerResult | null;
}

export type Verdict = "PASS" | "MISS" | "n/a";

export interface Target {
  name: string;
  verdict: Verdict;
  detail: string;
}

const ok = (r: OpResult | { error: string } | undefined): OpResult | undefined =>
  r && "timing" in r ? r : undefined;

export const medianOf = (r: RunnerResult | null, op: OpName): number | undefined =>
  r ? ok(r[op])?.timing.median : undefined;

const FILL_OPS: readonly OpName[] = OPS.filter((o) => o.startsWith("masked_fill"));

/** A ratio target `value <= limit` with the figures behind it. */
function ratioTarget(
  name: string,
  num: number | undefined,
  den: number | undefined,
  limit: number,
  extra?: { ok: boolean; why: string },
): Target {
  if (num === undefined || den === undefined || !(den > 0))
    return { name, verdict: "n/a", detail: "not measured" };
  const ratio = num / den;
  const pass = ratio <= limit && (extra?.ok ?? true);
  const detail = `${fmtRatio(ratio)} (limit ${limit}x)${extra && !extra.ok ? `; ${extra.why}` : ""}`;
  return { name, verdict: pass ? "PASS" : "MISS", detail };
}

/** The per-column ratio targets, for MaskLab itself or for the interpreter's column. */
function ratioTargets(label: string, col: RunnerResult, c: Columns, numel: number): Target[] {
  const torch = (op: OpName): number | undefined => c.torch1?.[op]?.median;
  const mine = (op: OpName): number | undefined => medianOf(col, op);
  const out: Target[] = [];
  for (const op of ["masked_fill_", "masked_fill"] as const)
    out.push(ratioTarget(`${label}${op} <= 0.5x PyTorch`, mine(op), torch(op), 0.5));
  for (const op of ["masked_fill_ row mask", "masked_fill_ attn mask"] as const) {
    const bytes = ok(col[op])?.allocatedBytes;
    // A materialised bool mask would take numel bytes; a few bytes of scalars are fine.
    const extra =
      bytes === undefined
        ? undefined
        : { ok: bytes < numel / 16, why: `allocated ${bytes} bytes (mask materialised?)` };
    out.push(
      ratioTarget(
        `${label}${op} <= 0.5x PyTorch, mask not materialised`,
        mine(op),
        torch(op),
        0.5,
        extra,
      ),
    );
  }
  out.push(
    ratioTarget(
      `${label}masked_fill_ transposed <= 1x PyTorch`,
      mine("masked_fill_ transposed"),
      torch("masked_fill_ transposed"),
      1,
    ),
  );
  const err = ok(col.softmax)?.maxRelError;
  const errCheck =
    err === undefined
      ? undefined
      : { ok: err <= 1e-6, why: `max rel error ${err.toExponential(2)} > 1e-6` };
  out.push(
    ratioTarget(
      `${label}softmax <= 1.5x PyTorch${err === undefined ? "" : ", max rel error <= 1e-6"}`,
      mine("softmax"),
      torch("softmax"),
      1.5,
      errCheck,
    ),
  );
  out.push(
    ratioTarget(
      `${label}masked_fill_ <= 2.5x copy floor`,
      mine("masked_fill_"),
      medianOf(c.masklab, "copy floor"),
      2.5,
    ),
  );
  return out;
}

export function evaluateTargets(c: Columns, numel: number): Target[] {
  const out = ratioTargets("", c.masklab, c, numel);
  for (const op of [...FILL_OPS, "softmax"] as const)
    out.push(
      ratioTarget(
        `${op} >= 20x faster than tfjs`,
        medianOf(c.masklab, op),
        medianOf(c.tfjs, op),
        0.05,
      ),
    );
  const errors = OPS.filter((op) => (ok(c.masklab[op])?.mismatches ?? 0) > 0);
  out.push({
    name: "every masked fill writes exactly the masked elements",
    verdict: errors.length ? "MISS" : "PASS",
    detail: errors.length
      ? `wrong elements in: ${errors.join(", ")}`
      : "checked element by element",
  });
  if (c.interpreter) out.push(...ratioTargets("via interpreter: ", c.interpreter, c, numel));
  else
    out.push({
      name: "via interpreter: same ratios",
      verdict: "n/a",
      detail: "interpreter column not measured",
    });
  return out;
}

export function fmtRatio(r: number): string {
  return `${r < 0.1 ? r.toFixed(3) : r.toFixed(2)}x`;
}

function fmtMs(t: Timing | undefined): string {
  if (!t) return "-";
  const f = (v: number): string =>
    v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  return `${f(t.median)} (${f(t.min)})`;
}

function cell(r: OpResult | { error: string } | undefined): string {
  if (!r) return "-";
  return "timing" in r ? fmtMs(r.timing) : "error";
}

function ratioCell(num: number | undefined, den: number | undefined): string {
  return num !== undefined && den !== undefined && den > 0 ? fmtRatio(num / den) : "-";
}

export function renderTable(c: Columns): string {
  const head = [
    "op",
    "MaskLab ms",
    "via interpreter ms",
    "PyTorch 1-thread ms",
    "PyTorch all-threads ms",
    "tfjs ms",
    "ratio vs PyTorch",
    "ratio vs tfjs",
    "ratio vs copy floor",
  ];
  const copy = medianOf(c.masklab, "copy floor");
  const rows = OPS.map((op) => {
    const mine = medianOf(c.masklab, op);
    return [
      op,
      cell(c.masklab[op]),
      c.interpreter ? cell(c.interpreter[op]) : "-",
      fmtMs(c.torch1?.[op]),
      fmtMs(c.torchAll?.[op]),
      c.tfjs ? cell(c.tfjs[op]) : "-",
      ratioCell(mine, c.torch1?.[op]?.median),
      ratioCell(mine, medianOf(c.tfjs, op)),
      op === "copy floor" ? "1.00x" : ratioCell(mine, copy),
    ];
  });
  return renderRows(head, rows);
}

/** The ratio targets again on process CPU time, which contention distorts far less. */
export function renderCpuTable(c: Columns): string {
  const cpuOf = (op: OpName): number | undefined => ok(c.masklab[op])?.timing.cpuMedian;
  const checks: [OpName, string, number | undefined, number][] = [
    ["masked_fill_", "PyTorch 1-thread", c.torch1?.masked_fill_?.cpuMedian, 0.5],
    ["masked_fill", "PyTorch 1-thread", c.torch1?.masked_fill?.cpuMedian, 0.5],
    [
      "masked_fill_ row mask",
      "PyTorch 1-thread",
      c.torch1?.["masked_fill_ row mask"]?.cpuMedian,
      0.5,
    ],
    [
      "masked_fill_ attn mask",
      "PyTorch 1-thread",
      c.torch1?.["masked_fill_ attn mask"]?.cpuMedian,
      0.5,
    ],
    [
      "masked_fill_ transposed",
      "PyTorch 1-thread",
      c.torch1?.["masked_fill_ transposed"]?.cpuMedian,
      1,
    ],
    ["softmax", "PyTorch 1-thread", c.torch1?.softmax?.cpuMedian, 1.5],
    ["masked_fill_", "copy floor", cpuOf("copy floor"), 2.5],
  ];
  const head = ["op", "MaskLab cpu ms", "vs", "its cpu ms", "ratio", "limit", ""];
  const rows = checks.map(([op, refName, ref, limit]) => {
    const mine = cpuOf(op);
    const have = mine !== undefined && ref !== undefined && ref > 0;
    return [
      op,
      mine === undefined ? "-" : mine.toFixed(1),
      refName,
      ref === undefined ? "-" : ref.toFixed(1),
      have ? fmtRatio(mine / ref) : "-",
      `${limit}x`,
      have ? (mine / ref <= limit ? "PASS" : "MISS") : "n/a",
    ];
  });
  return renderRows(head, rows);
}

function renderRows(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string =>
    r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join(" | ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}

export function renderTargets(targets: Target[]): string {
  return targets.map((t) => `${t.verdict.padEnd(4)}  ${t.name}: ${t.detail}`).join("\n");
}

export function renderHeader(m: Machine, cfg: BenchConfig): string {
  return [
    `MaskLab kernel benchmark, ${m.date}`,
    `machine: ${m.cpu}, ${m.cores} cores; Node ${m.node}; torch ${m.torch}; tfjs-core ${m.tfjs}`,
    `load average (1 min): ${m.load[0].toFixed(2)} at start, ${m.load[1].toFixed(2)} at end${Math.max(...m.load) > m.cores / 2 ? " -- the machine is busy: wall times are inflated, see the CPU-time table" : ""}`,
    `size: ${cfg.n}x${cfg.n} float32 (attn: [${cfg.b},${cfg.h},${cfg.s},${cfg.s}] with mask [${cfg.b},1,1,${cfg.s}]), 50% mask, fill ${cfg.value}`,
    `timing: ${cfg.warmup} warm-up + ${cfg.reps} timed runs (tfjs ${cfg.tfjsWarmup} + ${cfg.tfjsReps}); cells are median (min) ms; ratios use medians and PyTorch 1-thread`,
  ].join("\n");
}
