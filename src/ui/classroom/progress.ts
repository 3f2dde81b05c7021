// Predictions the learner has committed to, kept in localStorage so a reload (or the other
// language's page, which shares question ids) shows them again. Storage may be missing or full;
// then progress lasts as long as the page.

export interface Prediction {
  /** Index of the option the learner picked. */
  readonly choice: number;
  readonly correct: boolean;
}

export const PROGRESS_KEY = "masklab.predictions.v1";
type Table = Record<string, Prediction>;

const listeners = new Set<() => void>();
let memory: Table | null = null;

function isPrediction(v: unknown): v is Prediction {
  if (typeof v !== "object" || v === null) return false;
  const p = v as Record<string, unknown>;
  return (
    typeof p.choice === "number" &&
    Number.isInteger(p.choice) &&
    p.choice >= 0 &&
    p.choice < 16 &&
    typeof p.correct === "boolean"
  );
}

function load(): Table {
  if (memory) return memory;
  const table: Table = {};
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(PROGRESS_KEY) ?? "{}");
    // Whatever is stored is checked entry by entry; anything odd is dropped, never trusted.
    if (typeof raw === "object" && raw !== null && !Array.isArray(raw))
      for (const [k, v] of Object.entries(raw)) if (isPrediction(v)) table[k] = v;
  } catch {
    // Unreadable or blocked storage: start empty.
  }
  memory = table;
  return table;
}

function save(table: Table): void {
  memory = table;
  try {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(table));
  } catch {
    // Storage off or full: the page still remembers until it is closed.
  }
  for (const l of listeners) l();
}

export function subscribeProgress(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key !== PROGRESS_KEY) return;
    memory = null;
    listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function progressTable(): Readonly<Table> {
  return load();
}

export function record(key: string, prediction: Prediction): void {
  save({ ...load(), [key]: prediction });
}

export function forget(key: string): void {
  const next = { ...load() };
  delete next[key];
  save(next);
}
