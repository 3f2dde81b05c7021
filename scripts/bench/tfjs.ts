// The tfjs column: @tensorflow/tfjs-core on its CPU backend. tfjs has no in-place ops and no
// views, so every masked fill is tf.where(mask, value, x), which is what a tfjs user writes;
// dataSync() makes each repetition finish its work before the clock stops.

import { createRequire } from "node:module";
import { join } from "node:path";
import type * as TF from "@tensorflow/tfjs-core";
import { countFillMismatches, softmaxMaxRelError } from "./check";
import type { BenchConfig } from "./config";
import type { BenchInputs } from "./inputs";
import type { RunnerResult } from "./masklab";
import { OPS, type OpName } from "./ops";
import { cpuClock, timeOp } from "./stats";

export type TfjsOutcome =
  | { available: true; version: string; from: string; ops: RunnerResult }
  | { available: false; reason: string };

/**
 * tfjs-core plus the CPU backend, both resolved from one place so they share one engine: the
 * project (devDependencies), or MASKLAB_TFJS_DIR (a folder whose node_modules holds both).
 */
function loadTfjs(): { tf: typeof TF; from: string } | string {
  const dirs = [process.env.MASKLAB_TFJS_DIR, process.cwd()].filter((d): d is string => !!d);
  const problems: string[] = [];
  for (const dir of dirs) {
    const req = createRequire(join(dir, "package.json"));
    try {
      const tf = req("@tensorflow/tfjs-core") as typeof TF;
      req("@tensorflow/tfjs-backend-cpu");
      return { tf, from: dir };
    } catch (e) {
      problems.push(`${dir}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    }
  }
  return `tfjs-core with @tensorflow/tfjs-backend-cpu not found (${problems.join("; ")})`;
}

export async function runTfjs(c: BenchConfig, inp: BenchInputs): Promise<TfjsOutcome> {
  const loaded = loadTfjs();
  if (typeof loaded === "string") return { available: false, reason: loaded };
  const { tf, from } = loaded;
  // Production mode: no debug checks in the timed runs, and no advice banner on the console.
  tf.enableProdMode();
  await tf.setBackend("cpu");
  await tf.ready();
  const { n, b, h, s, value } = c;
  const x = tf.tensor(inp.x, [n, n], "float32");
  const x4 = tf.reshape(x, [b, h, s, s]);
  const m = tf.tensor(inp.mask, [n, n], "bool");
  const mRow = tf.tensor(inp.rowMask, [n], "bool");
  const mAttn = tf.tensor(inp.attnMask, [b, 1, 1, s], "bool");
  const v = tf.scalar(value, "float32");
  let last: Float32Array | null = null;
  // Each run disposes its intermediates and keeps only the values it read back.
  const force =
    (f: () => TF.Tensor): (() => void) =>
    () => {
      last = tf.tidy(f).dataSync() as Float32Array;
    };
  const x0At = (k: number): number => inp.x[k];
  const plan: Partial<Record<OpName, { run: () => void; check?: () => object }>> = {
    masked_fill_: {
      run: force(() => tf.where(m, v, x)),
      check: () => ({ mismatches: countFillMismatches(last!, x0At, (k) => inp.mask[k], value) }),
    },
    masked_fill: { run: force(() => tf.where(m, v, x)) },
    "masked_fill_ row mask": { run: force(() => tf.where(mRow, v, x)) },
    "masked_fill_ attn mask": { run: force(() => tf.where(mAttn, v, x4)) },
    "masked_fill_ transposed": { run: force(() => tf.where(m, v, tf.transpose(x))) },
    softmax: {
      run: force(() => tf.softmax(x)),
      check: () => ({ maxRelError: softmaxMaxRelError(inp.x, last!, n) }),
    },
  };
  const ops: RunnerResult = {};
  for (const name of OPS) {
    const p = plan[name];
    if (!p) continue;
    try {
      const timing = timeOp({ warmup: c.tfjsWarmup, reps: c.tfjsReps, run: p.run, cpu: cpuClock });
      ops[name] = { timing, ...p.check?.() };
    } catch (e) {
      ops[name] = { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
    last = null;
  }
  tf.dispose([x, x4, m, mRow, mAttn, v]);
  return { available: true, version: tf.version_core, from, ops };
}
