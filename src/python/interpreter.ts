// One interpreter instance = one Python namespace plus limits. Sessions (session.ts) wrap it
// with the notebook/script run modes the CLI, the Worker and the lesson tests use.

import { parser } from "@lezer/python";
import { makeBuiltins, makeMathModule, makeTimeModule } from "./builtins";
import { CompileError, Compiler } from "./compiler";
import { CodeUnit, Frame, type Runtime, toPyException } from "./frame";
import { PyException, PyModule, PyObject, type PyValue } from "./objects";
import { repr } from "./runtime";
import { makeGcModule } from "./gcModule";
import { makeRandomModule } from "./randomModule";
import { findSyntaxError } from "./syntax";

/** What a module factory may read: the interpreter's options and other modules. */
export interface ModuleContext {
  readonly options: Readonly<ResolvedOptions>;
  importModule(dotted: string): PyModule;
}

/** Builds the module for one dotted name ("torch", "torch.nn.functional"); called once per session. */
export type ModuleFactory = (ctx: ModuleContext) => PyModule;

/** Module factories keyed by dotted name. */
export type ModuleRegistry = Map<string, ModuleFactory>;

export interface InterpreterOptions {
  /** Extra importable modules (the torch binding); math and time are always there. */
  modules?: ModuleRegistry | Record<string, ModuleFactory>;
  /** Shown in tracebacks and SyntaxError messages. */
  filename?: string;
  /** Wall-clock budget per run, in seconds (default 5). */
  timeoutSeconds?: number;
  /** Loop iterations + calls per run (default: unlimited; the deadline still applies). */
  maxSteps?: number;
  /** Python call depth before RecursionError (default 1000, CPython's default). */
  maxDepth?: number;
  /** Largest tensor the torch binding may allocate (default 2**26 elements). */
  maxTensorElements?: number;
  /** Millisecond clock (default performance.now). */
  now?: () => number;
  /**
   * Called the moment a value is displayed (print() or a notebook echo); what it returns is
   * what RunResult.displays holds. A host that shows displays later uses it to capture a
   * tensor's values as they were then, before a later in-place op changes them.
   */
  onDisplay?: (value: unknown) => unknown;
  /**
   * The host's garbage collector, run by `gc.collect()` (Node can expose V8's; a page cannot,
   * and there collect() only returns).
   */
  collectGarbage?: () => void;
}

/** Per-run settings that may change between runs of one session. */
export interface RunOptions {
  /** Wall-clock budget for this run, in seconds (default: the session's). */
  timeoutSeconds?: number;
}

export interface ResolvedOptions {
  filename: string;
  timeoutSeconds: number;
  maxSteps: number;
  maxDepth: number;
  maxTensorElements: number;
  now: () => number;
}

export interface RunResult {
  stdout: string;
  /** The final "Type: message" line of an uncaught exception, or null. */
  error: string | null;
  /** Python-style traceback ending in the error line, or null. */
  traceback: string | null;
  /** Host objects handed to print() or echoed, in order (the UI draws tensors as grids). */
  displays: unknown[];
}

export type RunMode = "script" | "notebook";

const defaultNow = (): number =>
  typeof performance !== "undefined" ? performance.now() : Date.now();

export class Interpreter implements Runtime {
  readonly globals = new Map<string, PyValue>();
  readonly builtins: Map<string, PyValue>;
  readonly options: ResolvedOptions;
  currentException: PyException | null = null;
  readonly liveGenerators = new Set<{ finalize(): void }>();

  private readonly factories = new Map<string, ModuleFactory>();
  private readonly modules = new Map<string, PyModule>();
  private out: string[] = [];
  private displays: unknown[] = [];
  private steps = 0;
  private checkAt = 0;
  private deadline = Infinity;
  private runSeconds = 0;
  private depth = 0;
  private readonly moduleFrame = new Frame(null, 0);
  private readonly capture: (value: unknown) => unknown;

  constructor(options: InterpreterOptions = {}) {
    this.options = {
      filename: options.filename ?? "<cell>",
      timeoutSeconds: options.timeoutSeconds ?? 5,
      maxSteps: options.maxSteps ?? Infinity,
      maxDepth: options.maxDepth ?? 1000,
      maxTensorElements: options.maxTensorElements ?? 2 ** 26,
      now: options.now ?? defaultNow,
    };
    this.capture = options.onDisplay ?? ((v) => v);
    this.builtins = makeBuiltins({
      write: (s) => void this.out.push(s),
      display: (v) => void this.displays.push(this.capture(v)),
    });
    this.factories.set("math", () => makeMathModule());
    this.factories.set("time", () => makeTimeModule(this.options.now, () => this.tick()));
    this.factories.set("random", () => makeRandomModule());
    this.factories.set("gc", () => makeGcModule(options.collectGarbage));
    const extra = options.modules;
    if (extra) {
      const entries = extra instanceof Map ? extra.entries() : Object.entries(extra);
      for (const [k, f] of entries) this.factories.set(k, f);
    }
    this.globals.set("__name__", "__main__");
  }

  // --- Runtime -------------------------------------------------------------------------------

  tick(): void {
    if (++this.steps > this.checkAt) this.checkLimits();
  }

  private checkLimits(): void {
    const o = this.options;
    if (this.steps > o.maxSteps) {
      const e = new PyException(
        "TimeoutError",
        `cell exceeded the budget of ${o.maxSteps} steps and was stopped`,
      );
      e.uncatchable = true;
      throw e;
    }
    if (o.now() > this.deadline) {
      const e = new PyException(
        "TimeoutError",
        `cell took longer than ${this.runSeconds.toFixed(1)} s and was stopped`,
      );
      e.uncatchable = true;
      throw e;
    }
    this.checkAt = Math.min(this.steps + 256, o.maxSteps);
  }

  enterCall(): void {
    if (++this.depth > this.options.maxDepth) {
      this.depth--;
      throw new PyException("RecursionError", "maximum recursion depth exceeded");
    }
    this.tick();
  }

  leaveCall(): void {
    this.depth--;
  }

  importModule(dotted: string): PyModule {
    const cached = this.modules.get(dotted);
    if (cached) return cached;
    const dot = dotted.lastIndexOf(".");
    const parent = dot > 0 ? this.importModule(dotted.slice(0, dot)) : null;
    const factory = this.factories.get(dotted);
    let mod: PyModule | undefined;
    // A submodule the parent already exposes wins, so `torch.nn is nn` holds either way.
    // Only the parent's own attributes: its lazy fallback may itself import this very module.
    const existing = parent?.attrs.get(dotted.slice(dot + 1));
    if (existing instanceof PyModule) mod = existing;
    else if (factory)
      mod = factory({ options: this.options, importModule: (n) => this.importModule(n) });
    if (!mod) {
      const parentName = dotted.slice(0, Math.max(0, dot));
      const isPackage = [...this.factories.keys()].some((k) => k.startsWith(parentName + "."));
      const why = parent && !isPackage ? `; '${parentName}' is not a package` : "";
      throw new PyException("ModuleNotFoundError", `No module named '${dotted}'${why}`);
    }
    this.modules.set(dotted, mod);
    if (parent && !parent.attrs.has(dotted.slice(dot + 1)))
      parent.setAttr(dotted.slice(dot + 1), mod);
    return mod;
  }

  // --- Running ---------------------------------------------------------------------------------

  run(code: string, mode: RunMode = "script", runOptions: RunOptions = {}): RunResult {
    this.out = [];
    this.displays = [];
    this.steps = 0;
    this.checkAt = 0;
    this.depth = 0;
    this.currentException = null;
    // A notebook keeps its generators across cells; only this cell's are tracked for closing.
    if (mode === "notebook") this.liveGenerators.clear();
    const o = this.options;
    this.runSeconds = runOptions.timeoutSeconds ?? o.timeoutSeconds;
    this.deadline = o.now() + this.runSeconds * 1000;
    let exc: PyException | null = null;
    try {
      this.execute(code, mode);
    } catch (e) {
      exc = toPyException(e);
    }
    if (mode === "script") this.closeGenerators();
    const stdout = this.out.join("");
    this.out = [];
    if (!exc) return { stdout, error: null, traceback: null, displays: this.displays };
    return {
      stdout,
      // As the oracle records it: trailing newlines of the message are dropped.
      error: exc.errorLine().replace(/\n+$/, ""),
      traceback: formatTraceback(exc),
      displays: this.displays,
    };
  }

  /**
   * A script's end, as CPython's shutdown clears the module: generators still suspended are
   * closed, so their pending finally blocks run and print after everything else. Errors there
   * are only reported on stderr by CPython ("Exception ignored in"), so they are dropped.
   */
  private closeGenerators(): void {
    for (const g of [...this.liveGenerators]) g.finalize();
    this.liveGenerators.clear();
  }

  private execute(code: string, mode: RunMode): void {
    const tree = parser.parse(code);
    const problem = findSyntaxError(code, tree);
    const unit = new CodeUnit(this.options.filename, code);
    if (problem) {
      const e = new PyException(problem.type ?? "SyntaxError", problem.message);
      e.location = {
        filename: this.options.filename,
        line: problem.line,
        text: unit.lines[problem.line - 1],
        column: problem.column,
      };
      throw e;
    }
    const compiler = new Compiler(this, code, this.options.filename);
    let stmts;
    try {
      stmts = compiler.compileModule(tree);
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      const line = compiler.lineOf(e.pos);
      const exc = new PyException(e.pyType, e.message);
      if (e.pyType === "SyntaxError")
        exc.location = { filename: this.options.filename, line, text: unit.lines[line - 1] };
      else exc.traceback.push(compiler.unit.entry(line, "<module>"));
      throw exc;
    }
    const frame = this.moduleFrame;
    frame.line = 0;
    try {
      for (let i = 0; i < stmts.length; i++) {
        const s = stmts[i];
        if (mode === "notebook" && i === stmts.length - 1 && s.expr) {
          const v = s.expr(frame);
          if (v !== null) {
            this.out.push(repr(v) + "\n");
            if (v instanceof PyObject && v.pyType.module !== "builtins")
              this.displays.push(this.capture(v));
          }
        } else s.stmt(frame);
      }
    } catch (e) {
      const exc = toPyException(e);
      if (frame.line > 0) exc.traceback.push(compiler.unit.entry(frame.line, "<module>"));
      throw exc;
    }
  }
}

/** CPython's traceback text for an uncaught exception. */
export function formatTraceback(e: PyException): string {
  const lines: string[] = [];
  if (e.location) {
    const loc = e.location;
    lines.push(`  File "${loc.filename}", line ${loc.line}`);
    if (loc.text !== undefined) {
      const text = loc.text.trimStart();
      lines.push(`    ${text.trimEnd()}`);
      if (loc.column !== undefined) {
        const shift = loc.text.length - text.length;
        lines.push(`    ${" ".repeat(Math.max(0, loc.column - 1 - shift))}^`);
      }
    }
    const m = e.args.length ? String(e.args[0]) : "";
    lines.push(m ? `${e.type.name}: ${m}` : e.type.name);
    return lines.join("\n") + "\n";
  }
  if (e.traceback.length) {
    lines.push("Traceback (most recent call last):");
    // CPython folds runs of identical frames (deep recursion) after three repeats.
    let prev = "";
    let repeats = 0;
    const flush = () => {
      if (repeats > 3)
        lines.push(
          `  [Previous line repeated ${repeats - 3} more time${repeats - 3 === 1 ? "" : "s"}]`,
        );
    };
    for (const t of [...e.traceback].reverse()) {
      const text =
        `  File "${t.filename}", line ${t.line}, in ${t.name}` +
        (t.source ? `\n    ${t.source}` : "");
      if (text === prev) {
        repeats++;
        if (repeats > 3) continue;
      } else {
        flush();
        prev = text;
        repeats = 1;
      }
      lines.push(text);
    }
    flush();
  }
  lines.push(e.errorLine());
  return lines.join("\n") + "\n";
}
