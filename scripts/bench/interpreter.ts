// The "via interpreter" column: the same ops written in Python and run by MaskLab's
// interpreter with its torch binding, as `masklab run` runs a file. Timing happens inside
// Python with time.perf_counter(), so the figures include the interpreter's dispatch and
// argument parsing per call but not the untimed refresh between repetitions. Out-of-place ops
// drop their previous result with gc.collect() in that untimed setup, as the PyTorch harness
// does (there the refcount has already freed it; here the collector must).

import type { ModuleFactory } from "../../src/python/interpreter";
import { createSession } from "../../src/python/session";
import type { BenchConfig } from "./config";
import type { OpName } from "./ops";
import { gc } from "./gc";
import { summarize } from "./stats";
import type { RunnerResult } from "./masklab";

export type InterpreterResult =
  | { available: false; reason: string }
  | {
      available: true;
      ops: RunnerResult;
      fingerprints?: Record<string, number>;
      fingerprintError?: string;
    };

/** Loads the torch binding the way the CLI does; null with a reason when it is not there. */
async function torchRegistry(): Promise<Map<string, ModuleFactory> | string> {
  let mod: Record<string, unknown>;
  try {
    // A computed specifier: the binding may not exist yet, and tsc must not require it.
    const url = new URL("../../src/python/torch/index.ts", import.meta.url).href;
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    return `the torch binding (src/python/torch/index.ts) failed to load: ${e instanceof Error ? e.message : String(e)}`;
  }
  const register = mod.registerTorch;
  if (typeof register !== "function") return "src/python/torch/index.ts exports no registerTorch";
  const registry = new Map<string, ModuleFactory>();
  (register as (r: Map<string, ModuleFactory>) => void)(registry);
  return registry;
}

export function prelude(c: BenchConfig): string {
  return `import gc
import torch
import time
torch.manual_seed(${c.seed})
x0 = torch.randn(${c.n}, ${c.n})
m = torch.rand(${c.n}, ${c.n}) < 0.5
m_row = torch.rand(${c.n}) < 0.5
m_attn = torch.rand(${c.b}, 1, 1, ${c.s}) < 0.5
x = torch.empty_like(x0)
x4 = x.view(${c.b}, ${c.h}, ${c.s}, ${c.s})
x_masked = x0.masked_fill(m, float("-inf"))
v = ${c.value.toExponential()}
held = None
`;
}

/** Python statements per op: [setup, timed statement]. */
const STATEMENTS: Partial<Record<OpName, [string, string]>> = {
  masked_fill_: ["x.copy_(x0)", "x.masked_fill_(m, v)"],
  masked_fill: ["held = None; gc.collect()", "held = x0.masked_fill(m, v)"],
  "masked_fill_ row mask": ["x.copy_(x0)", "x.masked_fill_(m_row, v)"],
  "masked_fill_ attn mask": ["x.copy_(x0)", "x4.masked_fill_(m_attn, v)"],
  "masked_fill_ transposed": ["x.copy_(x0)", "x.t().masked_fill_(m, v)"],
  softmax: ["held = None; gc.collect()", "held = torch.softmax(x0, -1)"],
  "softmax, half -inf": ["held = None; gc.collect()", "held = torch.softmax(x_masked, -1)"],
  clone: ["held = None; gc.collect()", "held = x0.clone()"],
};

/** A Python loop that prints one "ms" line per timed repetition. */
export function opScript(setup: string, stmt: string, warmup: number, reps: number): string {
  return `for i in range(${warmup + reps}):
    ${setup}
    t0 = time.perf_counter()
    ${stmt}
    t1 = time.perf_counter()
    if i >= ${warmup}:
        print("ms", (t1 - t0) * 1000)
held = None
`;
}

export function parseSamples(stdout: string): number[] {
  return stdout
    .split("\n")
    .filter((l) => l.startsWith("ms "))
    .map((l) => Number(l.slice(3)));
}

const FINGERPRINTS = `xd = x0.double()
print("fp xSum", xd.sum().item())
print("fp maskCount", m.sum().item())
print("fp maskedSum", xd.masked_fill(m.logical_not(), 0.0).sum().item())
print("fp rowMaskCount", m_row.sum().item())
print("fp attnMaskCount", m_attn.sum().item())
xd = None
`;

export async function runInterpreter(c: BenchConfig): Promise<InterpreterResult> {
  const registry = await torchRegistry();
  if (typeof registry === "string") return { available: false, reason: registry };
  const session = createSession({
    modules: registry,
    timeoutSeconds: 3600,
    filename: "bench.py",
    collectGarbage: gc,
  });
  const pre = session.run(prelude(c));
  if (pre.error) return { available: false, reason: `setting up the inputs failed: ${pre.error}` };
  const ops: RunnerResult = {};
  for (const [name, [setup, stmt]] of Object.entries(STATEMENTS) as [OpName, [string, string]][]) {
    const r = session.run(opScript(setup, stmt, c.warmup, c.reps));
    const samples = parseSamples(r.stdout);
    ops[name] =
      r.error || samples.length !== c.reps
        ? { error: r.error ?? "no timings printed" }
        : { timing: summarize(samples) };
  }
  const fp = session.run(FINGERPRINTS);
  if (fp.error) return { available: true, ops, fingerprintError: fp.error };
  const fingerprints: Record<string, number> = {};
  for (const line of fp.stdout.split("\n")) {
    const [tag, key, val] = line.split(" ");
    if (tag === "fp") fingerprints[key] = Number(val);
  }
  return { available: true, ops, fingerprints };
}
