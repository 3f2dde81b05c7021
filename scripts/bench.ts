// `npm run bench`: times masked_fill_, masked_fill (same-shape, broadcast and transposed
// masks) and softmax in MaskLab's tensor core, through its interpreter, in PyTorch (one
// thread and all threads) and in tfjs-core's CPU backend, against a TypedArray copy as the
// memory floor, then prints a table and the project's speed targets. A script, not a test.

import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { parseArgs, USAGE, type BenchConfig } from "./bench/config";
import { gc, prepareGarbageCollection } from "./bench/gc";
import { bufferPool } from "../src/tensor/bufferPool";
import { fingerprints, makeInputs, sameInputs, type Fingerprints } from "./bench/inputs";
import { runInterpreter, type InterpreterResult } from "./bench/interpreter";
import { runMaskLab } from "./bench/masklab";
import {
  evaluateTargets,
  renderCpuTable,
  renderHeader,
  renderTable,
  renderTargets,
  type Machine,
} from "./bench/report";
import { runTfjs, type TfjsOutcome } from "./bench/tfjs";
import { runTorch, type TorchOutcome } from "./bench/torch";

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    if (line) return line.slice(line.indexOf(":") + 1).trim();
  } catch {
    // not Linux: fall back to what Node reports
  }
  return cpus()[0]?.model ?? "unknown CPU";
}

const log = (cfg: BenchConfig, msg: string): void => {
  // Progress goes to stderr so --json output stays one clean object.
  if (!cfg.json || process.stderr.isTTY) process.stderr.write(`${msg}\n`);
};

async function main(): Promise<number> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let cfg: BenchConfig;
  try {
    cfg = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  prepareGarbageCollection();
  if (!cfg.pool) bufferPool.maxBytes = 0;
  const loadAtStart = loadavg()[0];
  log(cfg, `drawing inputs (${cfg.n}x${cfg.n}) from the torch-compatible generator...`);
  const inputs = makeInputs(cfg);
  const fp = fingerprints(inputs);

  log(cfg, "MaskLab tensor core...");
  const masklab = runMaskLab(cfg, inputs);
  gc();
  log(cfg, "MaskLab interpreter...");
  const interp: InterpreterResult = await runInterpreter(cfg);
  gc();
  log(cfg, "PyTorch...");
  const torch: TorchOutcome = runTorch(cfg);
  log(cfg, "tfjs-core (cpu backend)...");
  const tfjs: TfjsOutcome = await runTfjs(cfg, inputs);
  gc();

  const notes: string[] = [
    cfg.pool
      ? `MaskLab reuses freed buffers of 1 MiB and more (buffer pool, up to ${bufferPool.maxBytes >> 20} MiB); --no-pool times fresh allocations`
      : "MaskLab buffer pool off (--no-pool): every output is a fresh allocation",
  ];
  const checkInputs = (
    who: string,
    other: Fingerprints | Record<string, number> | undefined,
  ): void => {
    if (!other) return;
    if (!sameInputs(fp, other as Fingerprints))
      notes.push(
        `WARNING: ${who} did not draw the same inputs as MaskLab (${JSON.stringify(other)} vs ${JSON.stringify(fp)})`,
      );
    else
      notes.push(
        `${who} inputs identical to MaskLab's (mask count ${fp.maskCount}, x sum ${fp.xSum.toFixed(6)})`,
      );
  };
  if (torch.available) {
    checkInputs("PyTorch", torch.fingerprints);
    notes.push(
      `PyTorch ${torch.torchVersion} via ${torch.python}; all-threads = ${torch.defaultThreads} threads; its softmax max rel error: ${torch.softmaxMaxRelError.toExponential(2)}`,
    );
  } else notes.push(`PyTorch columns skipped: ${torch.reason}`);
  if (interp.available) {
    checkInputs("interpreter", interp.fingerprints);
    if (interp.fingerprintError)
      notes.push(`interpreter fingerprint not computed: ${interp.fingerprintError}`);
    for (const [op, r] of Object.entries(interp.ops))
      if ("error" in r) notes.push(`interpreter ${op}: ${r.error}`);
    const overhead = Object.entries(interp.ops).flatMap(([op, r]) => {
      const direct = masklab[op as keyof typeof masklab];
      return "timing" in r && direct && "timing" in direct
        ? [`${op} ${(r.timing.median - direct.timing.median).toFixed(2)}`]
        : [];
    });
    notes.push(
      `interpreter minus direct, median ms (call overhead only if near 0): ${overhead.join(", ")}`,
    );
  } else notes.push(`interpreter column skipped: ${interp.reason}`);
  if (tfjs.available)
    notes.push(`tfjs-core ${tfjs.version} + tfjs-backend-cpu loaded from ${tfjs.from}`);
  else
    notes.push(
      `tfjs column skipped: ${tfjs.reason}; install @tensorflow/tfjs-backend-cpu (same version as tfjs-core) or set MASKLAB_TFJS_DIR`,
    );
  for (const [op, r] of Object.entries(masklab)) {
    if ("error" in r) notes.push(`MaskLab ${op}: ${r.error}`);
    else if (r.maxRelError !== undefined)
      notes.push(`MaskLab ${op} max rel error vs float64: ${r.maxRelError.toExponential(2)}`);
  }
  if (
    tfjs.available &&
    tfjs.ops.softmax &&
    "maxRelError" in tfjs.ops.softmax &&
    tfjs.ops.softmax.maxRelError !== undefined
  )
    notes.push(
      `tfjs softmax max rel error vs float64: ${tfjs.ops.softmax.maxRelError.toExponential(2)}`,
    );

  const machine: Machine = {
    cpu: cpuModel(),
    cores: availableParallelism(),
    node: process.versions.node,
    torch: torch.available ? torch.torchVersion : "n/a",
    tfjs: tfjs.available ? tfjs.version : "n/a",
    date: new Date().toISOString(),
    load: [loadAtStart, loadavg()[0]],
  };
  const columns = {
    masklab,
    interpreter: interp.available ? interp.ops : null,
    torch1: torch.available ? torch.oneThread : null,
    torchAll: torch.available ? torch.allThreads : null,
    tfjs: tfjs.available ? tfjs.ops : null,
  };
  const targets = evaluateTargets(columns, cfg.n * cfg.n);

  if (cfg.json) {
    const { json: _json, ...config } = cfg;
    process.stdout.write(
      JSON.stringify(
        {
          machine,
          config,
          inputs: fp,
          columns,
          torch,
          tfjs: tfjs.available ? { version: tfjs.version } : tfjs,
          interpreter: interp.available ? { fingerprints: interp.fingerprints } : interp,
          targets,
          notes,
        },
        null,
        1,
      ) + "\n",
    );
  } else {
    const out = [
      renderHeader(machine, cfg),
      renderTable(columns),
      notes.map((n) => `note: ${n}`).join("\n"),
      `targets (wall-clock medians):\n${renderTargets(targets)}`,
      `the same ratio targets on process CPU time (informative: a busy machine inflates wall time far more):\n${renderCpuTable(columns)}`,
    ];
    process.stdout.write(out.join("\n\n") + "\n");
  }
  return 0;
}

process.exitCode = await main();
