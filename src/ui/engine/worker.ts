/// <reference lib="webworker" />
// The engine's home: one Python session per page, kept off the main thread so a long cell never
// freezes the page. The engine modules are found with import.meta.glob so the site still builds
// (and says plainly that it cannot run cells) while the engine does not exist yet.

import { ENGINE_MISSING, type FromWorker, type RunResult, type ToWorker } from "./protocol";
import { snapshotDisplay, type DisplaySnapshot } from "./snapshot";
import { echoInfo, torchModulesFrom } from "./worker-modules";

interface EngineOutput {
  stdout: string;
  error: string | null;
  traceback: string | null;
  displays: unknown[];
}

interface EngineSession {
  run(code: string, mode: "script" | "notebook"): EngineOutput;
}

type CreateSession = (options?: { modules?: unknown }) => EngineSession;

const sessionModules = import.meta.glob<Record<string, unknown>>("../../python/session.ts");
const torchModules = import.meta.glob<Record<string, unknown>>("../../python/torch/index.ts");

const scope = self as unknown as DedicatedWorkerGlobalScope;

let createSessionPromise: Promise<(() => EngineSession) | null> | null = null;
let session: EngineSession | null = null;

function loadEngine(): Promise<(() => EngineSession) | null> {
  createSessionPromise ??= (async () => {
    const loadSession = Object.values(sessionModules)[0];
    if (!loadSession) return null;
    const loadTorch = Object.values(torchModules)[0];
    // A broken binding must not take plain Python down with it: `import torch` then fails
    // with ModuleNotFoundError and the cause goes to the console.
    const [mod, torch] = await Promise.all([
      loadSession(),
      loadTorch?.().catch((e: unknown) => {
        console.error(`MaskLab: the torch binding failed to load: ${describe(e)}`);
        return undefined;
      }),
    ]);
    const create = mod.createSession;
    if (typeof create !== "function") return null;
    const modules = torch ? torchModulesFrom(torch) : undefined;
    return () => (create as CreateSession)(modules ? { modules } : {});
  })();
  return createSessionPromise;
}

/** A display frozen when it happened: its grid data and its repr at that moment. */
interface Frozen {
  readonly frozen: true;
  readonly snap: DisplaySnapshot | null;
  readonly repr: string | null;
}

function isFrozen(d: unknown): d is Frozen {
  return typeof d === "object" && d !== null && (d as Frozen).frozen === true;
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
 * The engine hands back the displayed objects themselves at the end of a run, so a tensor
 * printed before an in-place op would show its final values: exactly the confusion this site
 * is about. Until the engine offers a display hook, watch the interpreter's per-run display
 * list and snapshot each value the moment it is displayed. If the engine's internals differ,
 * nothing is hooked and the end-of-run objects are used as before.
 */
function freezeDisplays(s: EngineSession): void {
  const target = (s as { interpreter?: unknown }).interpreter;
  if (typeof target !== "object" || target === null) return;
  const desc = Object.getOwnPropertyDescriptor(target, "displays");
  if (!desc || !desc.configurable || !Array.isArray(desc.value)) return;
  const watch = (list: unknown[]): unknown[] => {
    list.push = (...items: unknown[]) =>
      Array.prototype.push.apply(
        list,
        items.map((v): Frozen => ({ frozen: true, snap: snapshotDisplay(v), repr: safeRepr(v) })),
      );
    return list;
  };
  let current = watch(desc.value as unknown[]);
  Object.defineProperty(target, "displays", {
    configurable: true,
    get: () => current,
    set: (list: unknown) => {
      current = Array.isArray(list) ? watch(list) : (list as unknown[]);
    },
  });
}

/**
 * The interpreter checks its own deadline between steps, which stops most runaway loops with a
 * proper TimeoutError and keeps the variables. Its options object is read at every run, so the
 * notebook's current limit is written there; the page's watchdog covers what it cannot stop.
 */
function applyTimeout(s: EngineSession, seconds: number | undefined): void {
  if (seconds === undefined || !(seconds > 0)) return;
  const options = (s as { interpreter?: { options?: { timeoutSeconds?: unknown } } }).interpreter
    ?.options;
  if (options && typeof options.timeoutSeconds === "number") options.timeoutSeconds = seconds;
}

async function run(code: string, id: number, timeoutSeconds?: number): Promise<RunResult> {
  const started = performance.now();
  const create = await loadEngine().catch((e: unknown) => {
    throw new Error(`EngineError: could not load the Python engine: ${describe(e)}`);
  });
  if (!create) return failure(`${ENGINE_MISSING}: the Python engine is not part of this build`);
  if (!session) {
    session = create();
    freezeDisplays(session);
  }
  applyTimeout(session, timeoutSeconds);
  // The page starts its watchdog now, so loading the engine does not count against the cell.
  post({ type: "started", id });
  let out: EngineOutput;
  try {
    out = session.run(code, "notebook");
  } catch (e) {
    // The engine reports Python errors in `error`; a throw here is a bug in the engine itself.
    return failure(`EngineError: ${describe(e)}`);
  }
  const displays: DisplaySnapshot[] = [];
  const raw = out.displays ?? [];
  const echo = out.error === null ? echoOf(code, out.stdout ?? "", raw) : null;
  raw.forEach((d, i) => {
    let snap = isFrozen(d) ? d.snap : snapshotDisplay(d);
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
    stdout: out.stdout ?? "",
    error: out.error ?? null,
    traceback: out.traceback ?? null,
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
  raw: readonly unknown[],
): { label: string; mask: DisplaySnapshot | null } | null {
  const info = echoInfo(code);
  const last = raw[raw.length - 1];
  if (!info || last === undefined) return null;
  const repr = isFrozen(last) ? last.repr : safeRepr(last);
  if (repr === null || !stdout.endsWith(repr + "\n")) return null;
  let mask: DisplaySnapshot | null = null;
  if (info.maskName && session) {
    const probe = session.run(info.maskName, "notebook");
    const d = probe.displays[0];
    if (probe.error === null && probe.displays.length === 1) {
      mask = isFrozen(d) ? d.snap : snapshotDisplay(d);
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
