// `masklab run [--json] [--timeout SECONDS] FILE...`: run Python files the way `python3 FILE`
// would, with MaskLab's interpreter and torch binding.

import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createSession } from "../python/session";
import { collectGarbage, prepareGarbageCollection } from "./collectGarbage";
import { PyException, type PyModule } from "../python/objects";
import type { ModuleFactory } from "../python/interpreter";

const USAGE = `usage: masklab run [--json] [--timeout SECONDS] FILE...

Runs each Python file with MaskLab's Python subset and torch emulation.
  --json               print one JSON array of {file, stdout, error, exitCode}
  --timeout SECONDS    stop a file that runs longer than this (default 30)
Exit status: 0 when every file ran, 1 when one raised, 2 on a usage error.`;

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const defaultIo: CliIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
};

const TORCH_ENTRY = new URL("../python/torch/index.ts", import.meta.url).href;

/**
 * The torch modules from the binding's entry file, which must export
 * `registerTorch(registry: Map<string, ModuleFactory>)` or `torchModules` (a Map or a record of
 * factories). Without the file, `import torch` raises ModuleNotFoundError; if it fails to load,
 * `import torch` raises ImportError naming the cause, and plain Python still runs.
 */
export async function loadTorchModules(entry = TORCH_ENTRY): Promise<Map<string, ModuleFactory>> {
  const registry = new Map<string, ModuleFactory>();
  if (!existsSync(fileURLToPath(entry))) return registry;
  const broken = (why: string) =>
    registry.set("torch", (): PyModule => {
      throw new PyException("ImportError", `the torch binding failed to load: ${why}`);
    });
  let mod: Record<string, unknown>;
  try {
    mod = (await import(/* @vite-ignore */ entry)) as Record<string, unknown>;
  } catch (e) {
    broken(e instanceof Error ? e.message : String(e));
    return registry;
  }
  const { registerTorch, torchModules } = mod;
  if (typeof registerTorch === "function")
    (registerTorch as (r: Map<string, ModuleFactory>) => void)(registry);
  else if (torchModules instanceof Map)
    for (const [k, f] of torchModules as Map<string, ModuleFactory>) registry.set(k, f);
  else if (torchModules && typeof torchModules === "object")
    for (const [k, f] of Object.entries(torchModules as Record<string, ModuleFactory>))
      registry.set(k, f);
  else broken("its entry file exports neither registerTorch nor torchModules");
  return registry;
}

interface FileResult {
  file: string;
  stdout: string;
  error: string | null;
  exitCode: number;
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const usage = (msg: string): number => {
    io.stderr(`masklab: ${msg}\n${USAGE}\n`);
    return 2;
  };
  if (argv.length === 0) return usage("missing command");
  if (argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    io.stdout(USAGE + "\n");
    return 0;
  }
  if (argv[0] !== "run") return usage(`unknown command '${argv[0]}'`);
  let json = false;
  let timeout = 30;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") json = true;
    else if (a === "--timeout" || a.startsWith("--timeout=")) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      const n = Number(v);
      if (v === undefined || v === "" || !Number.isFinite(n) || n <= 0)
        return usage(
          `--timeout needs a positive number of seconds, got ${v === undefined ? "nothing" : `'${v}'`}`,
        );
      timeout = n;
    } else if (a === "--") {
      files.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith("-") && a !== "-") return usage(`unknown option '${a}'`);
    else files.push(a);
  }
  if (files.length === 0) return usage("no FILE given");
  const sources: string[] = [];
  for (const f of files) {
    try {
      sources.push(readFileSync(f, "utf8"));
    } catch (e) {
      const reason =
        (e as { code?: string }).code === "ENOENT"
          ? "[Errno 2] No such file or directory"
          : String(e);
      io.stderr(`masklab: can't open file '${f}': ${reason}\n`);
      return 2;
    }
  }
  const modules = await loadTorchModules();
  // Before any tensor exists, so every large buffer can come back at gc.collect().
  prepareGarbageCollection();
  const results: FileResult[] = [];
  for (let i = 0; i < files.length; i++) {
    const session = createSession({
      filename: files[i],
      timeoutSeconds: timeout,
      modules,
      collectGarbage,
    });
    const r = session.run(sources[i], "script");
    results.push({ file: files[i], stdout: r.stdout, error: r.error, exitCode: r.error ? 1 : 0 });
    if (!json) {
      io.stdout(r.stdout);
      if (r.traceback) io.stderr(r.traceback);
    }
  }
  if (json) io.stdout(JSON.stringify(results, null, 1) + "\n");
  return results.some((r) => r.exitCode !== 0) ? 1 : 0;
}
