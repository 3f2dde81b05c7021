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
import { createEngineClient, validSeconds, type EngineClient } from "../engine/client";
import { DEFAULT_TIMEOUT_SECONDS, type RunResult } from "../engine/protocol";
import { t, type Lang } from "../i18n";
import { IDLE, NotebookStore, type CellState } from "./store";

interface RegisteredCell {
  readonly order: number;
  readonly getCode: () => string;
}

export interface Notebook {
  readonly lang: Lang;
  /** Where the cells' edits are kept ("en/masked-fill"); null: edits last as long as the page. */
  readonly editsKey: string | null;
  readonly store: NotebookStore;
  runCell(id: string, code: string): Promise<RunResult>;
  runAll(): Promise<void>;
  /** A fresh Python session: every variable is forgotten and every cell shows its record again. */
  restart(): Promise<void>;
  /** Runs, in order, every cell placed above `id` (after the engine lost their variables). */
  runAbove(id: string): Promise<void>;
  /** Per-cell time limit; a run past it is stopped and the engine restarted. */
  readonly timeoutSeconds: number;
  setTimeoutSeconds(seconds: number): void;
  register(id: string, cell: RegisteredCell): () => void;
}

const NotebookContext = createContext<Notebook | null>(null);

export function NotebookProvider({
  lang,
  editsKey = null,
  children,
}: {
  lang: Lang;
  editsKey?: string | null;
  children: ReactNode;
}) {
  const store = useMemo(() => new NotebookStore(), []);
  const engineRef = useRef<EngineClient | null>(null);
  const cellsRef = useRef(new Map<string, RegisteredCell>());
  // A visitor's chosen limit is kept across pages; the server (which knows no storage) and
  // hydration render the default, then the stored choice.
  const timeoutSeconds = useSyncExternalStore(
    subscribeTimeout,
    readTimeout,
    () => DEFAULT_TIMEOUT_SECONDS,
  );

  useEffect(() => () => engineRef.current?.dispose(), []);

  const setTimeoutSeconds = useCallback((seconds: number) => {
    const valid = validSeconds(seconds);
    if (valid === undefined) return;
    chosenTimeout = valid;
    writeStored(TIMEOUT_KEY, String(valid));
    for (const l of timeoutListeners) l();
  }, []);

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
      const result = await engine().run(code, { timeoutSeconds: readTimeout() });
      store.finish(id, result);
      return result;
    },
    [engine, store],
  );

  /** Runs cells one by one; a restart stops the rest, which would only fail without the state. */
  const runInOrder = useCallback(
    async (cells: readonly (readonly [string, RegisteredCell])[]) => {
      for (let i = 0; i < cells.length; i++) {
        const result = await runCell(cells[i][0], cells[i][1].getCode());
        if (result.engineRestarted) {
          for (const [rest] of cells.slice(i + 1)) store.setStatus(rest, "idle");
          return;
        }
      }
    },
    [runCell, store],
  );

  const runAll = useCallback(async () => {
    const cells = [...cellsRef.current.entries()].sort((a, b) => a[1].order - b[1].order);
    for (const [id] of cells) store.setStatus(id, "queued");
    // Sent one after another so each cell sees the state the cells above it left behind.
    await runInOrder(cells);
  }, [runInOrder, store]);

  const restart = useCallback(async () => {
    await engineRef.current?.reset();
    for (const id of cellsRef.current.keys()) store.clear(id);
  }, [store]);

  const runAbove = useCallback(
    async (id: string) => {
      const self = cellsRef.current.get(id);
      if (!self) return;
      const above = [...cellsRef.current.entries()]
        .filter(([, c]) => c.order < self.order)
        .sort((a, b) => a[1].order - b[1].order);
      for (const [cid] of above) store.setStatus(cid, "queued");
      await runInOrder(above);
    },
    [runInOrder, store],
  );

  const register = useCallback((id: string, cell: RegisteredCell) => {
    cellsRef.current.set(id, cell);
    return () => {
      if (cellsRef.current.get(id) === cell) cellsRef.current.delete(id);
    };
  }, []);

  const value = useMemo<Notebook>(
    () => ({
      lang,
      editsKey,
      store,
      runCell,
      runAll,
      restart,
      runAbove,
      timeoutSeconds,
      setTimeoutSeconds,
      register,
    }),
    [
      lang,
      editsKey,
      store,
      runCell,
      runAll,
      restart,
      runAbove,
      timeoutSeconds,
      setTimeoutSeconds,
      register,
    ],
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

const TIMEOUT_KEY = "masklab.timeoutSeconds";

/** The choice made on this page, which holds even where storage is refused. */
let chosenTimeout: number | undefined;
const timeoutListeners = new Set<() => void>();

function subscribeTimeout(listener: () => void): () => void {
  timeoutListeners.add(listener);
  const onStorage = (e: StorageEvent) => e.key === TIMEOUT_KEY && listener();
  window.addEventListener("storage", onStorage);
  return () => {
    timeoutListeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

function readTimeout(): number {
  return chosenTimeout ?? validSeconds(Number(readStored(TIMEOUT_KEY))) ?? DEFAULT_TIMEOUT_SECONDS;
}

// Storage may be missing or refused (private modes, sandboxed embeds); the default then holds.
function readStored(key: string): string | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStored(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered; the choice still applies on this page.
  }
}
