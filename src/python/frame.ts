// Runtime pieces shared by the compiler and the interpreter: frames, control-flow signals and
// the contract the compiled code needs from the interpreter that runs it.

import { type PyModule, type PyValue, PyException, type TracebackEntry } from "./objects";

/** What a compiled statement returns, so loops and calls need no JS exceptions for control flow. */
export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;
export type Signal = 0 | 1 | 2 | 3;

/** One compiled source text (a script or a notebook cell); tracebacks quote its lines. */
export class CodeUnit {
  readonly lines: string[];
  constructor(
    readonly filename: string,
    readonly source: string,
  ) {
    this.lines = source.split("\n");
  }
  entry(line: number, name: string): TracebackEntry {
    return {
      filename: this.filename,
      line,
      name,
      source: (this.lines[line - 1] ?? "").trim(),
    };
  }
}

export class Frame {
  /** Local variable slots; undefined means unbound. */
  readonly vars: (PyValue | undefined)[];
  ret: PyValue = null;
  line = 0;
  constructor(
    readonly parent: Frame | null,
    size: number,
  ) {
    this.vars = size === 0 ? [] : new Array<PyValue | undefined>(size).fill(undefined);
  }
}

export type Expr = (f: Frame) => PyValue;
export type Stmt = (f: Frame) => Signal;

/** The services compiled code calls back into. */
export interface Runtime {
  readonly globals: Map<string, PyValue>;
  readonly builtins: Map<string, PyValue>;
  /** Counts one step (a loop iteration or a call) and enforces the step budget and deadline. */
  tick(): void;
  enterCall(): void;
  leaveCall(): void;
  importModule(dotted: string): PyModule;
  /** The exception being handled, for a bare `raise`. */
  currentException: PyException | null;
  /** Generators created and not yet finished, oldest first (closed when a script ends). */
  readonly liveGenerators: Set<{ finalize(): void }>;
}

/** Any thrown JS value as a Python exception; JS errors become InternalError. */
export function toPyException(e: unknown): PyException {
  if (e instanceof PyException) return e;
  // A JS stack overflow surfaces here with almost no stack left: no regexes, little work.
  if (e instanceof RangeError && e.message.indexOf("call stack") >= 0)
    return new PyException("RecursionError", "maximum recursion depth exceeded");
  if (e instanceof Error) return new PyException("InternalError", `${e.name}: ${e.message}`);
  return new PyException("InternalError", String(e));
}
