// Messages between the page and the engine worker. Everything here survives structuredClone:
// tensors cross as plain snapshots, never as live objects.

import type { DisplaySnapshot } from "./snapshot";

export type ToWorker =
  | { readonly type: "run"; readonly id: number; readonly code: string }
  | { readonly type: "reset"; readonly id: number };

export interface RunResult {
  readonly stdout: string;
  /** Python's final traceback line, `Type: message`, or null when the cell ran cleanly. */
  readonly error: string | null;
  readonly traceback: string | null;
  readonly displays: readonly DisplaySnapshot[];
  readonly durationMs: number;
}

export type FromWorker =
  | { readonly type: "result"; readonly id: number; readonly result: RunResult }
  | { readonly type: "reset-done"; readonly id: number };

/** Set in `error` when no engine could be loaded; the page swaps in its localised message. */
export const ENGINE_MISSING = "EngineUnavailable";
