// The page's handle on the engine worker: promises in, results out. The worker starts on the
// first run, so reading a lesson costs nothing; if it dies, pending runs get an error result.

import { ENGINE_MISSING, type FromWorker, type RunResult, type ToWorker } from "./protocol";

export interface EngineClient {
  run(code: string): Promise<RunResult>;
  reset(): Promise<void>;
  /** Kills a runaway cell: the session and its variables are lost. */
  interrupt(): void;
  dispose(): void;
}

export { ENGINE_MISSING };

type Pending = { resolve: (r: RunResult) => void; resetResolve?: () => void };

export function createEngineClient(onCrash: (message: string) => RunResult): EngineClient {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (message: string) => {
    for (const p of pending.values()) {
      if (p.resetResolve) p.resetResolve();
      else p.resolve(onCrash(message));
    }
    pending.clear();
  };

  const ensure = (): Worker => {
    if (worker) return worker;
    const w = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      const msg = event.data;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.type === "result") p.resolve(msg.result);
      else p.resetResolve?.();
    };
    w.onerror = (event) => {
      event.preventDefault();
      failAll(event.message || "the worker failed to start");
      w.terminate();
      if (worker === w) worker = null;
    };
    worker = w;
    return w;
  };

  const send = (msg: ToWorker) => ensure().postMessage(msg);

  return {
    run(code) {
      const id = nextId++;
      return new Promise<RunResult>((resolve) => {
        pending.set(id, { resolve });
        send({ type: "run", id, code });
      });
    },
    reset() {
      if (!worker) return Promise.resolve();
      const id = nextId++;
      return new Promise<void>((resetResolve) => {
        pending.set(id, { resolve: () => resetResolve(), resetResolve });
        send({ type: "reset", id });
      });
    },
    interrupt() {
      worker?.terminate();
      worker = null;
      failAll("KeyboardInterrupt");
    },
    dispose() {
      worker?.terminate();
      worker = null;
      pending.clear();
    },
  };
}
