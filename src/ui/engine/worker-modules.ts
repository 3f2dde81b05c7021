// Pure helpers of the worker, kept apart so Node tests can import them.

/**
 * The text of a cell's last top-level statement, or null. A statement starts on a line at
 * column 0 with every bracket before it closed and no backslash continuation.
 */
export function lastStatement(code: string): string | null {
  const lines = code.split("\n");
  let depth = 0;
  let start = -1;
  let continued = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const blank = /^\s*(#.*)?$/.test(line);
    if (!blank && depth === 0 && !continued && /^\S/.test(line)) start = i;
    depth = Math.max(0, depth + bracketDelta(line));
    continued = /\\\s*$/.test(line);
  }
  if (start < 0) return null;
  const text = lines
    .slice(start)
    .filter((l) => !/^\s*(#.*)?$/.test(l))
    .join("\n")
    .trim();
  return text === "" ? null : text;
}

function bracketDelta(line: string): number {
  let d = 0;
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === "#") break;
    else if (c === '"' || c === "'") quote = c;
    else if (c === "(" || c === "[" || c === "{") d++;
    else if (c === ")" || c === "]" || c === "}") d--;
  }
  return d;
}

export interface EchoInfo {
  /** How the grid names the echoed value: the expression as written, if short. */
  readonly label: string;
  /** The mask's variable when the expression is `t.masked_fill(m, …)` or `masked_fill_`. */
  readonly maskName: string | null;
}

const MAX_LABEL = 40;

/** What we can say about the value a cell echoes, from its last statement alone. */
export function echoInfo(code: string): EchoInfo | null {
  const stmt = lastStatement(code);
  if (!stmt || stmt.includes("\n") || stmt.length > MAX_LABEL) return null;
  // Assignments, keywords and calls to print echo nothing.
  if (/^(print\s*\(|[A-Za-z_][\w.]*(\[[^\]]*\])?\s*[-+*/%@&|^]?=[^=])/.test(stmt)) return null;
  if (
    /^(import|from|del|pass|return|raise|assert|global|if|for|while|with|def|class)\b/.test(stmt)
  ) {
    return null;
  }
  const m = /^[A-Za-z_][\w.]*\.masked_fill_?\(\s*([A-Za-z_]\w*)\s*,/.exec(stmt);
  return { label: stmt, maskName: m ? m[1] : null };
}
