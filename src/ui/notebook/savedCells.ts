// The playground's cells outside the page: kept in localStorage so a reload loses nothing, and
// carried in a link (?cells=…, base64url JSON like the labs' state) so they can be shared.
// Opening a shared link never touches the visitor's own saved cells: the shared ones are shown
// unsaved until the visitor adds them to their own.

import { decodeJson, encodeJson } from "../labs/state";

const SAVED_KEY = "masklab.playground.cells";
export const CELLS_PARAM = "cells";

/** Limits that keep a hostile or truncated link from building a page nobody can use. */
const MAX_CELLS = 64;
const MAX_CODE = 100_000;

/** The cells' code as a list of strings, or null when `value` is not one within the limits. */
export function asCells(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_CELLS) return null;
  if (!value.every((c) => typeof c === "string" && c.length <= MAX_CODE)) return null;
  return value as string[];
}

export function encodeCells(cells: readonly string[]): string {
  return encodeJson(cells);
}

export function decodeCells(text: string): string[] | null {
  try {
    return asCells(decodeJson(text));
  } catch {
    return null;
  }
}

/** True when every cell is blank: nothing worth keeping. */
export function blank(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === "");
}

// Storage may be missing or refused (private modes, sandboxed frames): the page still works,
// it just forgets on reload.
export function loadSaved(): string[] | null {
  try {
    const raw = typeof localStorage === "undefined" ? null : localStorage.getItem(SAVED_KEY);
    return raw === null ? null : asCells(JSON.parse(raw));
  } catch {
    return null;
  }
}

export function save(cells: readonly string[]): void {
  try {
    localStorage.setItem(SAVED_KEY, JSON.stringify(cells));
  } catch {
    // Not kept; the cells stay on the page.
  }
}
