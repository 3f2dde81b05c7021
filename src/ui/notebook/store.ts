// Per-cell run state for one page's notebook, outside React so each cell re-renders only when
// its own state changes (useSyncExternalStore subscribes per cell id).

import type { RunResult } from "../engine/protocol";

export type CellStatus = "idle" | "queued" | "running" | "done";

export interface CellState {
  readonly status: CellStatus;
  readonly result: RunResult | null;
  /** The result before the latest one, to highlight what changed in the grids. */
  readonly previous: RunResult | null;
  readonly runCount: number;
}

export const IDLE: CellState = Object.freeze({
  status: "idle",
  result: null,
  previous: null,
  runCount: 0,
});

export class NotebookStore {
  private readonly cells = new Map<string, CellState>();
  private readonly listeners = new Map<string, Set<() => void>>();

  get(id: string): CellState {
    return this.cells.get(id) ?? IDLE;
  }

  subscribe(id: string, listener: () => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  setStatus(id: string, status: CellStatus): void {
    this.update(id, { ...this.get(id), status });
  }

  finish(id: string, result: RunResult): void {
    const s = this.get(id);
    this.update(id, {
      status: "done",
      result,
      previous: s.result,
      runCount: s.runCount + 1,
    });
  }

  clear(id: string): void {
    this.update(id, IDLE);
  }

  private update(id: string, state: CellState): void {
    this.cells.set(id, state);
    for (const l of this.listeners.get(id) ?? []) l();
  }
}
