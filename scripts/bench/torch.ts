// The PyTorch columns: torch_bench.py run by the first Python that can import torch.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BenchConfig } from "./config";
import type { Fingerprints } from "./inputs";
import type { OpName } from "./ops";
import type { Timing } from "./stats";

export interface TorchResult {
  /** The interpreter that ran it, and its version. */
  python: string;
  pythonVersion: string;
  torchVersion: string;
  defaultThreads: number;
  fingerprints: Fingerprints;
  softmaxMaxRelError: number;
  oneThread: Partial<Record<OpName, Timing>>;
  allThreads: Partial<Record<OpName, Timing>>;
}

export type TorchOutcome =
  ({ available: true } & TorchResult) | { available: false; reason: string };

/** MASKLAB_TORCH_PYTHON, then the project's torch venv, then python3 from PATH. */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = [env.MASKLAB_TORCH_PYTHON, "/opt/torchenv/bin/python", "python3"];
  return list.filter((p): p is string => typeof p === "string" && p !== "");
}

function importsTorch(python: string): boolean {
  const r = spawnSync(python, ["-c", "import torch"], { stdio: "ignore", timeout: 120_000 });
  return r.status === 0;
}

export function findTorchPython(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const p of pythonCandidates(env)) if (importsTorch(p)) return p;
  return null;
}

export function runTorch(c: BenchConfig): TorchOutcome {
  const python = findTorchPython();
  if (!python)
    return {
      available: false,
      reason: `no Python could import torch (tried ${pythonCandidates().join(", ")}); set MASKLAB_TORCH_PYTHON`,
    };
  const script = fileURLToPath(new URL("./torch_bench.py", import.meta.url));
  const args = [script, "--n", c.n, "--b", c.b, "--h", c.h, "--s", c.s, "--seed", c.seed]
    .concat(["--value", c.value, "--warmup", c.warmup, "--reps", c.reps])
    .map(String);
  const r = spawnSync(python, args, { encoding: "utf8", maxBuffer: 64 << 20, timeout: 1_800_000 });
  if (r.status !== 0)
    return {
      available: false,
      reason: `${python} ${script} failed (${r.status ?? r.signal}): ${r.stderr.trim().split("\n").pop()}`,
    };
  return { available: true, python, ...(JSON.parse(r.stdout) as Omit<TorchResult, "python">) };
}
