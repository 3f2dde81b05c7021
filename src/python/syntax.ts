// SyntaxError detection. Lezer recovers from errors, so we look for its error nodes, and scan
// brackets and strings ourselves to give CPython's tokenizer messages where they are cheap.

import type { SyntaxNode, Tree } from "@lezer/common";

export interface SyntaxProblem {
  message: string;
  line: number;
  /** 1-based column of the caret, when known. */
  column?: number;
  type?: "SyntaxError" | "IndentationError";
}

const CLOSE: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

const BLOCK_NAMES: Record<string, string> = {
  def: "function definition",
  class: "class definition",
};

/**
 * CPython tokenizer errors, in source order: mismatched/unclosed brackets, unterminated
 * strings and indentation (unexpected indent, bad unindent, missing indented block).
 */
function scanTokens(src: string): { fatal: SyntaxProblem | null; indent: SyntaxProblem | null } {
  let indentProblem: SyntaxProblem | null = null;
  const found = (p: SyntaxProblem | null) => ({ fatal: p, indent: indentProblem });
  const stack: { ch: string; line: number; col: number }[] = [];
  const indents = [0];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  let atLogicalStart = true;
  // The previous logical line: did it end with ':' (a block opener), and what opened it?
  let lastSig = "";
  let opener: { kw: string; line: number } | null = null;
  let logicalFirstWord = "";
  let logicalLine = 1;
  while (i < src.length) {
    const c = src[i];
    if (
      atLogicalStart &&
      c !== "\n" &&
      c !== " " &&
      c !== "\t" &&
      c !== "\f" &&
      c !== "\r" &&
      c !== "#"
    ) {
      atLogicalStart = false;
      let width = 0;
      for (let k = lineStart; k < i; k++)
        width = src[k] === "\t" ? (Math.floor(width / 8) + 1) * 8 : width + 1;
      const top = indents[indents.length - 1];
      if (opener) {
        if (width <= top) {
          const what = BLOCK_NAMES[opener.kw] ?? `'${opener.kw}' statement`;
          indentProblem ??= {
            message: `expected an indented block after ${what} on line ${opener.line}`,
            line,
            type: "IndentationError",
          };
        } else indents.push(width);
      } else if (width > top) {
        indentProblem ??= { message: "unexpected indent", line, type: "IndentationError" };
        indents.push(width);
      } else if (width < top) {
        while (indents[indents.length - 1] > width) indents.pop();
        if (indents[indents.length - 1] !== width)
          return found({
            message: "unindent does not match any outer indentation level",
            line,
            type: "IndentationError",
          });
      }
      opener = null;
      logicalLine = line;
      logicalFirstWord = /^[A-Za-z_]\w*/.exec(src.slice(i, i + 20))?.[0] ?? "";
      lastSig = "";
    }
    if (c === "\n") {
      if (stack.length === 0 && !atLogicalStart) {
        atLogicalStart = true;
        if (lastSig === ":" && logicalFirstWord)
          opener = { kw: logicalFirstWord, line: logicalLine };
      }
      line++;
      lineStart = i + 1;
      i++;
      continue;
    }
    if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (c === "\\" && src[i + 1] === "\n") {
      i += 2;
      line++;
      lineStart = i;
      continue;
    }
    if (c === "'" || c === '"') {
      lastSig = "s";
      let p = i - 1;
      while (p >= 0 && /[a-zA-Z]/.test(src[p])) p--;
      const prefix = src.slice(p + 1, i).toLowerCase();
      const raw = prefix.includes("r");
      const triple = src.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      const startLine = line;
      i += quote.length;
      let closed = false;
      while (i < src.length) {
        if (src[i] === "\\" && !raw) {
          if (src[i + 1] === "\n") {
            line++;
            lineStart = i + 2;
          }
          i += 2;
          continue;
        }
        if (src[i] === "\\" && raw) {
          i += 2;
          continue;
        }
        if (src.startsWith(quote, i)) {
          i += quote.length;
          closed = true;
          break;
        }
        if (src[i] === "\n") {
          if (!triple) break;
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (!closed)
        return found(
          triple
            ? {
                // CPython counts the lines that hold text: a final newline adds none.
                message: `unterminated triple-quoted string literal (detected at line ${
                  src.endsWith("\n") ? line - 1 : line
                })`,
                line: startLine,
              }
            : { message: `unterminated string literal (detected at line ${line})`, line },
        );
      continue;
    }
    if (c >= "0" && c <= "9" && !/[\w.]/.test(src[i - 1] ?? "")) {
      const bad = badNumber(src, i);
      if (bad) return found({ message: bad, line, column: i - lineStart + 1 });
    }
    if (c !== " " && c !== "\t" && c !== "\r" && c !== "\f") lastSig = c;
    if (c === "(" || c === "[" || c === "{") stack.push({ ch: c, line, col: i - lineStart + 1 });
    else if (c in CLOSE) {
      const open = stack.pop();
      if (!open) return found({ message: `unmatched '${c}'`, line, column: i - lineStart + 1 });
      if (open.ch !== CLOSE[c]) {
        const where = open.line === line ? "" : ` on line ${open.line}`;
        return found({
          message: `closing parenthesis '${c}' does not match opening parenthesis '${open.ch}'${where}`,
          line,
          column: i - lineStart + 1,
        });
      }
    }
    i++;
  }
  const open = stack.pop();
  if (open)
    return found({ message: `'${open.ch}' was never closed`, line: open.line, column: open.col });
  return found(null);
}

// CPython 3.11 still accepts a keyword glued to a number (`1if x else 2`).
const GLUED_KEYWORDS = /^(and|or|if|else|in|is|not|for)\b/;

/** The tokenizer's complaint about a number literal starting at i (`1.real`, `7abc`), if any. */
function badNumber(src: string, i: number): string | null {
  const m =
    /^(?:0[xX][0-9a-fA-F_]*|0[oO][0-7_]*|0[bB][01_]*|(?:\d[\d_]*)?\.?[\d_]*(?:[eE][+-]?\d[\d_]*)?[jJ]?)/.exec(
      src.slice(i, i + 400),
    );
  const lit = m ? m[0] : "";
  const rest = src.slice(i + lit.length, i + lit.length + 10);
  if (!/^[\p{L}_]/u.test(rest) || GLUED_KEYWORDS.test(rest)) return null;
  if (/^0[xX]/.test(lit)) return "invalid hexadecimal literal";
  if (/^0[oO]/.test(lit)) return "invalid octal literal";
  if (/^0[bB]/.test(lit)) return "invalid binary literal";
  return /[jJ]$/.test(lit) ? "invalid imaginary literal" : "invalid decimal literal";
}

const COMPOUND =
  /^\s*(?:(?:if|elif|for|while|def|class|with|except)\s+\S|(?:else|try|finally)\s*$)/;

/**
 * Lezer's grammar does not accept `5.` as a float literal: it parses a member access with a
 * missing property. The compiler turns that shape back into a float, so it is not an error.
 */
export function isTrailingDotFloat(err: SyntaxNode, src: string): boolean {
  const parent = err.parent;
  if (!parent || parent.name !== "MemberExpression" || err.from !== err.to) return false;
  const obj = parent.firstChild;
  const dot = obj?.nextSibling;
  return (
    obj?.name === "Number" &&
    dot?.name === "." &&
    dot.from === obj.to &&
    err.from === dot.to &&
    /^[0-9][0-9_]*$/.test(src.slice(obj.from, obj.to))
  );
}

function lineOf(src: string, pos: number): number {
  let n = 1;
  for (let i = 0; i < pos && i < src.length; i++) if (src.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * lezer's grammar wants an expression after `yield`; a bare `yield` (which yields None) leaves
 * an empty error node as the statement's last child.
 */
function isBareYield(n: SyntaxNode): boolean {
  const p = n.parent;
  return (
    n.from === n.to &&
    (p?.name === "YieldStatement" || p?.name === "YieldExpression") &&
    p.firstChild?.name === "yield" &&
    p.lastChild?.from === n.from &&
    p.lastChild.type.isError
  );
}

/** The first syntax problem in `src`, or null when the tree is clean. */
export function findSyntaxError(src: string, tree: Tree): SyntaxProblem | null {
  const { fatal, indent } = scanTokens(src);
  if (fatal) return fatal;
  let errPos = -1;
  tree.iterate({
    enter: (n) => {
      if (errPos >= 0) return false;
      if (n.type.isError) {
        if (isTrailingDotFloat(n.node, src) || isBareYield(n.node)) return false;
        errPos = n.from;
        return false;
      }
      return undefined;
    },
  });
  if (errPos < 0) return indent;
  const line = lineOf(src, errPos);
  if (indent && indent.line <= line) return indent;
  const text = src.split("\n")[line - 1] ?? "";
  if (/^\s*print\s+[^\s(=]/.test(text) && !/^\s*print\s*[=.[]/.test(text))
    return { message: "Missing parentheses in call to 'print'. Did you mean print(...)?", line };
  if (
    COMPOUND.test(text) &&
    !text.replace(/#.*$/, "").trimEnd().endsWith(":") &&
    !text.includes(":")
  )
    return { message: "expected ':'", line };
  return { message: "invalid syntax", line };
}
