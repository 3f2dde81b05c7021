// A lesson cell's edits, kept in localStorage per lesson so a reload or a trip to another page
// loses nothing. Each edit remembers the code it was made to: when a new version of the lesson
// changes that cell, the old edit no longer applies and the new code shows.

interface Edit {
  readonly base: string;
  readonly code: string;
}

const storageKey = (notebook: string): string => `masklab.edits.${notebook}`;

function readAll(notebook: string): Record<string, Edit> {
  try {
    const raw =
      typeof localStorage === "undefined" ? null : localStorage.getItem(storageKey(notebook));
    const parsed: unknown = raw === null ? null : JSON.parse(raw);
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, Edit>) : {};
  } catch {
    return {};
  }
}

/** The visitor's edit of cell `id`, if it was made to `original`; null otherwise. */
export function readEdit(notebook: string, id: string, original: string): string | null {
  const edit = readAll(notebook)[id];
  return edit && edit.base === original && typeof edit.code === "string" ? edit.code : null;
}

/** Keeps `code` as the edit of cell `id`; code equal to the original removes the edit. */
export function writeEdit(notebook: string, id: string, original: string, code: string): void {
  const all = readAll(notebook);
  if (code === original) delete all[id];
  else all[id] = { base: original, code };
  try {
    if (Object.keys(all).length === 0) localStorage.removeItem(storageKey(notebook));
    else localStorage.setItem(storageKey(notebook), JSON.stringify(all));
  } catch {
    // Not kept (storage refused or full); the edit stays on the page.
  }
}
