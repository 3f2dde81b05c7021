// The page's handle on the engine worker: promises in, results out. The worker starts on the
// first run, so reading a lesson costs nothing. A busy worker cannot be interrupted, so a run
// that outlives its time limit is stopped the only way there is: the page terminates the worker
// and the next run starts a fresh one. Notebooks and embeds share this logic.

import {
  DEFAULT_TIMEOUT_SECONDS,
  ENGINE_TIMEOUT,
  type FromWorker,
  type RunResult,
  type ToWorker,
} from "./protocol";

export interface RunOptions {
  /** Per-run budget; the client's current default when left out. */
  readonly timeoutSeconds?: number;
}

export interface EngineClient {
  run(code: string, options?: RunOptions): Promise<RunResult>;
  reset(): Promise<void>;
  /** Kills a runaway cell: the session and its variables are lost. */
  interrupt(): void;
  /** The default budget for later runs. */
  setTimeoutSeconds(seconds: number): void;
  readonly timeoutSeconds: number;
  /** Called whenever the worker had to be killed (time limit, interrupt or crash). */
  onRestart(listener: (reason: RestartReason) => void): () => void;
  dispose(): void;
}

export type RestartReason = "timeout" | "interrupt" | "crash";

export interface EngineClientOptions {
  timeoutSeconds?: number;
  /**
   * Extra time the page grants beyond the limit before it kills the worker: the interpreter
   * stops most loops itself (keeping the variables), and only a run stuck inside one long
   * kernel call needs the hard stop.
   */
  graceMs?: number;
  /** Builds the worker; tests and embeds may substitute their own. */
  createWorker?: () => Worker;
}

export { ENGINE_TIMEOUT };

type Pending =
  | { readonly kind: "run"; readonly resolve: (r: RunResult) => void; readonly timeoutMs: number }
  | { readonly kind: "reset"; readonly resolve: () => void };

const defaultWorker = (): Worker =>
  new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });

export function timeoutResult(seconds: number, lostVariables: boolean): RunResult {
  return {
    stdout: "",
    error: `${ENGINE_TIMEOUT}: cell took longer than ${seconds.toFixed(1)} s and was stopped`,
    traceback: null,
    displays: [],
    durationMs: seconds * 1000,
    engineRestarted: lostVariables,
  };
}

export function createEngineClient(
  onCrash: (message: string) => RunResult,
  options: EngineClientOptions = {},
): EngineClient {
  let worker: Worker | null = null;
  let nextId = 1;
  let timeoutSeconds = validSeconds(options.timeoutSeconds) ?? DEFAULT_TIMEOUT_SECONDS;
  const graceMs = options.graceMs ?? 1500;
  const createWorker = options.createWorker ?? defaultWorker;
  const pending = new Map<number, Pending>();
  const listeners = new Set<(reason: RestartReason) => void>();
  let watchdog: ReturnType<typeof setTimeout> | null = null;

  const clearWatchdog = () => {
    if (watchdog !== null) clearTimeout(watchdog);
    watchdog = null;
  };

  /** Ends the worker and answers everything still waiting on it. */
  const kill = (reason: RestartReason, answer: (timeoutMs: number) => RunResult) => {
    clearWatchdog();
    worker?.terminate();
    worker = null;
    const waiting = [...pending.values()];
    pending.clear();
    for (const p of waiting) {
      if (p.kind === "reset") p.resolve();
      else p.resolve({ ...answer(p.timeoutMs), engineRestarted: true });
    }
    for (const l of listeners) l(reason);
  };

  const ensure = (): Worker => {
    if (worker) return worker;
    const w = createWorker();
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      if (worker !== w) return;
      const msg = event.data;
      const p = pending.get(msg.id);
      if (!p) return;
      if (msg.type === "started") {
        if (p.kind !== "run") return;
        clearWatchdog();
        watchdog = setTimeout(
          () => kill("timeout", (ms) => timeoutResult(ms / 1000, true)),
          p.timeoutMs + graceMs,
        );
        return;
      }
      pending.delete(msg.id);
      if (msg.type === "result" && p.kind === "run") {
        clearWatchdog();
        p.resolve(msg.result);
      } else if (p.kind === "reset") p.resolve();
    };
    w.onerror = (event) => {
      event.preventDefault();
      if (worker !== w) return;
      const message = event.message || "the worker failed to start";
      kill("crash", () => onCrash(message));
    };
    worker = w;
    return w;
  };

  return {
    run(code, runOptions = {}) {
      const id = nextId++;
      const seconds = validSeconds(runOptions.timeoutSeconds) ?? timeoutSeconds;
      return new Promise<RunResult>((resolve) => {
        pending.set(id, { kind: "run", resolve, timeoutMs: seconds * 1000 });
        ensure().postMessage({ type: "run", id, code, timeoutSeconds: seconds } satisfies ToWorker);
      });
    },
    reset() {
      if (!worker) return Promise.resolve();
      const id = nextId++;
      return new Promise<void>((resolve) => {
        pending.set(id, { kind: "reset", resolve });
        ensure().postMessage({ type: "reset", id } satisfies ToWorker);
      });
    },
    interrupt() {
      if (worker) kill("interrupt", () => onCrash("KeyboardInterrupt"));
    },
    setTimeoutSeconds(seconds) {
      timeoutSeconds = validSeconds(seconds) ?? timeoutSeconds;
    },
    get timeoutSeconds() {
      return timeoutSeconds;
    },
    onRestart(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      clearWatchdog();
      worker?.terminate();
      worker = null;
      pending.clear();
      listeners.clear();
    },
  };
}

/** A positive, finite number of seconds (at most an hour), or undefined. */
export function validSeconds(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value > 0 && value <= 3600
    ? value
    : undefined;
}
