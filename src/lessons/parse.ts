// Splits a lesson's MDX source into prose and cells without a Markdown library: the lesson
// format only needs fenced code blocks recognised, and this must run in Node, a Worker and the
// page alike. MDX has no indented code blocks, so fences are the only code there is.

import { parseMeta, type LessonMeta } from "./meta";
import { matchingBrace } from "./scan";

export interface ProseBlock {
  readonly kind: "prose";
  readonly text: string;
}

export interface CellBlock {
  readonly kind: "cell";
  /** Position among the lesson's python cells, counting from 0 in document order. */
  readonly index: number;
  readonly code: string;
  /** The exact stdout the cell printed (the fence body plus its final newline), or null. */
  readonly recordedOutput: string | null;
  /** Python's last traceback line, e.g. `RuntimeError: …`, or null. */
  readonly recordedError: string | null;
  /** 1-based line of the opening fence, for error messages. */
  readonly line: number;
}

export type Block = ProseBlock | CellBlock;

export interface ParsedLesson {
  readonly meta: LessonMeta | null;
  readonly blocks: readonly Block[];
  /** Problems with the source that do not stop parsing (stray output blocks, bad meta…). */
  readonly issues: readonly string[];
}

export interface Fence {
  readonly lang: string;
  readonly body: string;
  /** 0-based index of the opening and closing fence lines. */
  readonly start: number;
  readonly end: number;
}

const openingFence = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;

/** Every fenced code block, in order. An unclosed fence runs to the end, as in CommonMark. */
export function findFences(lines: readonly string[]): Fence[] {
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = openingFence.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const marker = open[2];
    const closing = new RegExp(
      `^ {0,3}${marker[0] === "`" ? "`" : "~"}{${marker.length},}[ \\t]*$`,
    );
    let j = i + 1;
    while (j < lines.length && !closing.test(lines[j])) j++;
    const body = lines
      .slice(i + 1, j)
      .map((l) => stripIndent(l, indent))
      .join("\n");
    fences.push({
      lang: open[3].toLowerCase(),
      body,
      start: i,
      end: Math.min(j, lines.length - 1),
    });
    i = j;
  }
  return fences;
}

function stripIndent(line: string, indent: number): string {
  let k = 0;
  while (k < indent && line[k] === " ") k++;
  return line.slice(k);
}

function isBlank(lines: readonly string[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (lines[i].trim() !== "") return false;
  return true;
}

export function parseLesson(source: string): ParsedLesson {
  const issues: string[] = [];
  let meta: LessonMeta | null = null;
  try {
    meta = parseMeta(source);
  } catch (e) {
    issues.push((e as Error).message);
  }

  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const fences = findFences(lines);
  const blocks: Block[] = [];
  let proseFrom = 0;
  let cellCount = 0;
  // The cell that recorded blocks may still attach to, and where its last fence ended.
  let open: { code: string; line: number; output: string | null; error: string | null } | null =
    null;
  let openEnd = -1;

  const flushProse = (to: number) => {
    const text = stripMetaExport(lines.slice(proseFrom, to).join("\n")).trim();
    if (text !== "") blocks.push({ kind: "prose", text });
  };
  const closeCell = () => {
    if (!open) return;
    blocks.push({
      kind: "cell",
      index: cellCount++,
      code: open.code,
      recordedOutput: open.output,
      recordedError: open.error,
      line: open.line,
    });
    open = null;
  };

  for (const fence of fences) {
    const recorded = fence.lang === "output" || fence.lang === "error";
    if (recorded && open && isBlank(lines, openEnd + 1, fence.start)) {
      if (fence.lang === "output") {
        if (open.output !== null) issues.push(`line ${fence.start + 1}: second output block`);
        open.output = fence.body + "\n";
      } else {
        if (open.error !== null) issues.push(`line ${fence.start + 1}: second error block`);
        open.error = fence.body;
      }
      openEnd = fence.end;
      proseFrom = fence.end + 1;
      continue;
    }
    if (recorded) {
      issues.push(`line ${fence.start + 1}: ${fence.lang} block does not follow a python cell`);
      continue;
    }
    if (fence.lang !== "python") continue;
    closeCell();
    flushProse(fence.start);
    open = { code: fence.body, line: fence.start + 1, output: null, error: null };
    openEnd = fence.end;
    proseFrom = fence.end + 1;
  }
  closeCell();
  flushProse(lines.length);
  return { meta, blocks, issues };
}

/** The cells only, in order. */
export function lessonCells(source: string): CellBlock[] {
  return parseLesson(source).blocks.filter((b): b is CellBlock => b.kind === "cell");
}

function stripMetaExport(text: string): string {
  const start = text.search(/^export\s+const\s+meta\s*=/m);
  if (start < 0) return text;
  const end = matchingBrace(text, text.indexOf("{", start));
  return end < 0 ? text : text.slice(0, start) + text.slice(end + 1).replace(/^;?/, "");
}
