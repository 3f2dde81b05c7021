// One engine session per page, shared by every cell on it, as in Jupyter: cells may run in any
// order and see each other's variables.

import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import { createEngineClient, type EngineClient } from "../engine/client";
import type { RunResult } from "../engine/protocol";
import { t, type Lang } from "../i18n";
import { IDLE, NotebookStore, type CellState } from "./store";

interface RegisteredCell {
  readonly order: number;
  readonly getCode: () => string;
}

export interface Notebook {
  readonly lang: Lang;
  readonly store: NotebookStore;
  runCell(id: string, code: string): Promise<void>;
  runAll(): Promise<void>;
  /** A fresh Python session: every variable is forgotten and every cell shows its record again. */
  restart(): Promise<void>;
  register(id: string, cell: RegisteredCell): () => void;
}

const NotebookContext = createContext<Notebook | null>(null);

export function NotebookProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  const store = useMemo(() => new NotebookStore(), []);
  const engineRef = useRef<EngineClient | null>(null);
  const cellsRef = useRef(new Map<string, RegisteredCell>());

  useEffect(() => () => engineRef.current?.dispose(), []);

  const engine = useCallback((): EngineClient => {
    engineRef.current ??= createEngineClient((message): RunResult => ({
      stdout: "",
      error: `${t(lang, "engineCrashed")}: ${message}`,
      traceback: null,
      displays: [],
      durationMs: 0,
    }));
    return engineRef.current;
  }, [lang]);

  const runCell = useCallback(
    async (id: string, code: string) => {
      store.setStatus(id, "running");
      const result = await engine().run(code);
      store.finish(id, result);
    },
    [engine, store],
  );

  const runAll = useCallback(async () => {
    const cells = [...cellsRef.current.entries()].sort((a, b) => a[1].order - b[1].order);
    for (const [id] of cells) store.setStatus(id, "queued");
    // Sent one after another so each cell sees the state the cells above it left behind.
    for (const [id, cell] of cells) await runCell(id, cell.getCode());
  }, [runCell, store]);

  const restart = useCallback(async () => {
    await engineRef.current?.reset();
    for (const id of cellsRef.current.keys()) store.clear(id);
  }, [store]);

  const register = useCallback((id: string, cell: RegisteredCell) => {
    cellsRef.current.set(id, cell);
    return () => {
      if (cellsRef.current.get(id) === cell) cellsRef.current.delete(id);
    };
  }, []);

  const value = useMemo<Notebook>(
    () => ({ lang, store, runCell, runAll, restart, register }),
    [lang, store, runCell, runAll, restart, register],
  );
  return <NotebookContext.Provider value={value}>{children}</NotebookContext.Provider>;
}

export function useNotebook(): Notebook {
  const nb = useContext(NotebookContext);
  if (!nb) throw new Error("a cell must sit inside a NotebookProvider");
  return nb;
}

export function useCellState(id: string): CellState {
  const { store } = useNotebook();
  return useSyncExternalStore(
    useCallback((fn: () => void) => store.subscribe(id, fn), [store, id]),
    () => store.get(id),
    () => IDLE,
  );
}
