/// <reference lib="webworker" />
// The engine's home: one Python session per page, kept off the main thread so a long cell never
// freezes the page. The engine is loaded on the first run.

import type { RunResult as EngineOutput, Session } from "../../python/session";
import type { FromWorker, RunResult, ToWorker } from "./protocol";
import { snapshotDisplay, type DisplaySnapshot } from "./snapshot";
import { echoInfo } from "./worker-modules";

const scope = self as unknown as DedicatedWorkerGlobalScope;

let createSessionPromise: Promise<() => Session> | null = null;
let session: Session | null = null;

/** A display captured when it happened: its grid data and its repr at that moment. */
interface Captured {
  readonly snap: DisplaySnapshot | null;
  readonly repr: string | null;
}

function safeRepr(d: unknown): string | null {
  const r = (d as { repr?: unknown } | null)?.repr;
  if (typeof r !== "function") return null;
  try {
    return String(r.call(d));
  } catch {
    return null;
  }
}

/**
 * A tensor printed before an in-place op must show the values it had when printed, not its
 * final ones: exactly the confusion this site is about. So each display is captured the moment
 * it happens, through the session's onDisplay hook.
 */
const capture = (value: unknown): Captured => ({
  snap: snapshotDisplay(value),
  repr: safeRepr(value),
});

function loadEngine(): Promise<() => Session> {
  createSessionPromise ??= (async () => {
    // A broken binding must not take plain Python down with it: `import torch` then fails
    // with ModuleNotFoundError and the cause goes to the console.
    const [{ createSession }, torch] = await Promise.all([
      import("../../python/session"),
      import("../../python/torch/index").catch((e: unknown) => {
        console.error(`MaskLab: the torch binding failed to load: ${describe(e)}`);
        return null;
      }),
    ]);
    return () => createSession({ modules: torch?.torchModules ?? {}, onDisplay: capture });
  })();
  return createSessionPromise;
}

async function run(code: string, id: number, timeoutSeconds?: number): Promise<RunResult> {
  const started = performance.now();
  const create = await loadEngine().catch((e: unknown) => {
    throw new Error(`EngineError: could not load the Python engine: ${describe(e)}`);
  });
  session ??= create();
  // The page starts its watchdog now, so loading the engine does not count against the cell.
  post({ type: "started", id });
  let out: EngineOutput;
  try {
    out = session.run(code, "notebook", { timeoutSeconds });
  } catch (e) {
    // The engine reports Python errors in `error`; a throw here is a bug in the engine itself.
    return failure(`EngineError: ${describe(e)}`);
  }
  const displays: DisplaySnapshot[] = [];
  const raw = out.displays as Captured[];
  const echo = out.error === null ? echoOf(code, out.stdout, raw) : null;
  raw.forEach((d, i) => {
    let snap = d.snap;
    if (snap && echo && i === raw.length - 1) {
      // The echo is displayed last, after everything ran, so its values are current.
      const mask = echo.mask;
      snap = {
        ...snap,
        label: echo.label,
        mask:
          mask?.values && sameShape(mask.shape, snap.shape)
            ? mask.values.map((v) => Number(v) !== 0)
            : null,
      };
    }
    if (snap) displays.push(snap);
  });
  return {
    stdout: out.stdout,
    error: out.error,
    traceback: out.traceback,
    displays,
    durationMs: performance.now() - started,
  };
}

/**
 * When the cell ends in a bare expression whose value is the last display (the echo prints its
 * repr last), name that grid after the expression, and for `x.masked_fill(m, v)` fetch `m` so
 * the grid can mark the masked positions. Reading a variable has no side effects.
 */
function echoOf(
  code: string,
  stdout: string,
  raw: readonly Captured[],
): { label: string; mask: DisplaySnapshot | null } | null {
  const info = echoInfo(code);
  const last = raw[raw.length - 1];
  if (!info || last === undefined) return null;
  const repr = last.repr;
  if (repr === null || !stdout.endsWith(repr + "\n")) return null;
  let mask: DisplaySnapshot | null = null;
  if (info.maskName && session) {
    const probe = session.run(info.maskName, "notebook");
    if (probe.error === null && probe.displays.length === 1) {
      mask = (probe.displays[0] as Captured).snap;
    }
  }
  return { label: info.label, mask };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function failure(error: string): RunResult {
  return { stdout: "", error, traceback: null, displays: [], durationMs: 0 };
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function post(message: FromWorker): void {
  scope.postMessage(message);
}

// Runs are chained so they execute in the order the page sent them, even across awaits.
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  queue = queue.then(async () => {
    if (msg.type === "reset") {
      session = null;
      post({ type: "reset-done", id: msg.id });
      return;
    }
    let result: RunResult;
    try {
      result = await run(msg.code, msg.id, msg.timeoutSeconds);
    } catch (e) {
      result = failure(describe(e));
    }
    post({ type: "result", id: msg.id, result });
  });
};
