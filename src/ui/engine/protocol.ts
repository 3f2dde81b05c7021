// Messages between the page and the engine worker. Everything here survives structuredClone:
// tensors cross as plain snapshots, never as live objects.

import type { DisplaySnapshot } from "./snapshot";

export type ToWorker =
  | {
      readonly type: "run";
      readonly id: number;
      readonly code: string;
      /** The interpreter's own budget for this run; the page's watchdog allows a little more. */
      readonly timeoutSeconds?: number;
    }
  | { readonly type: "reset"; readonly id: number };

export interface RunResult {
  readonly stdout: string;
  /** Python's final traceback line, `Type: message`, or null when the cell ran cleanly. */
  readonly error: string | null;
  readonly traceback: string | null;
  readonly displays: readonly DisplaySnapshot[];
  readonly durationMs: number;
  /**
   * Set when the page had to kill the worker to stop this run (or a run before it in the
   * queue): the Python session and every variable in it are gone.
   */
  readonly engineRestarted?: boolean;
}

export type FromWorker =
  | { readonly type: "started"; readonly id: number }
  | { readonly type: "result"; readonly id: number; readonly result: RunResult }
  | { readonly type: "reset-done"; readonly id: number };

/** Prefix of the error a run gets when the page stopped it by restarting the worker. */
export const ENGINE_TIMEOUT = "TimeoutError";

/** The notebook's default per-cell budget, as the interpreter's own default. */
export const DEFAULT_TIMEOUT_SECONDS = 5;
/** Choices the notebook offers for that budget. */
export const TIMEOUT_CHOICES: readonly number[] = [1, 2, 5, 10, 30, 60];
