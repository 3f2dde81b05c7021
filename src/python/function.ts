// `def` and `lambda` function objects: argument binding with CPython's messages, and one
// traceback entry per Python frame as an exception unwinds.

import {
  type CodeUnit,
  type Expr,
  Frame,
  RETURN,
  type Runtime,
  type Stmt,
  toPyException,
} from "./frame";
import {
  type Kwargs,
  PyDict,
  PyException,
  PyObject,
  PyTuple,
  type PyType,
  type PyValue,
  functionType,
  objectId,
} from "./objects";
import { hashKey } from "./runtime";

export interface Param {
  name: string;
  slot: number;
  kind: "pos" | "kwonly" | "star" | "starstar";
  /** Declared before a `/`: never bound by keyword. */
  positionalOnly?: boolean;
  defaultExpr?: Expr;
}

/** A `def` or `lambda` function object. */
export class PyFunction extends PyObject {
  constructor(
    readonly name: string,
    readonly params: Param[],
    readonly defaults: (PyValue | undefined)[],
    readonly nslots: number,
    readonly closure: Frame,
    readonly body: Stmt,
    readonly runtime: Runtime,
    readonly code: CodeUnit,
    readonly doc: string | null = null,
    /** `outer.<locals>.name` or `Class.name`: what CPython's messages and repr show. */
    readonly qualname: string = name,
  ) {
    super();
  }
  get pyType(): PyType {
    return functionType;
  }
  override isCallable(): boolean {
    return true;
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "__name__") return this.name;
    if (name === "__qualname__") return this.qualname;
    if (name === "__doc__") return this.doc;
    return undefined;
  }
  override repr(): string {
    return `<function ${this.qualname} at 0x${objectId(this).toString(16)}>`;
  }
  override call(args: PyValue[], kwargs: Kwargs | undefined): PyValue {
    const rt = this.runtime;
    rt.enterCall();
    const frame = new Frame(this.closure, this.nslots);
    try {
      this.bind(frame, args, kwargs);
      return this.body(frame) === RETURN ? frame.ret : null;
    } catch (e) {
      const exc = toPyException(e);
      if (frame.line > 0) exc.traceback.push(this.code.entry(frame.line, this.name));
      throw exc;
    } finally {
      rt.leaveCall();
    }
  }

  private bind(frame: Frame, args: PyValue[], kwargs: Kwargs | undefined): void {
    const params = this.params;
    const vars = frame.vars;
    let pi = 0;
    let ai = 0;
    let star: Param | undefined;
    let starstar: Param | undefined;
    const nPos = params.filter((p) => p.kind === "pos").length;
    for (; pi < params.length; pi++) {
      const p = params[pi];
      if (p.kind === "star") star = p;
      else if (p.kind === "starstar") starstar = p;
      else if (p.kind === "pos" && ai < args.length) vars[p.slot] = args[ai++];
    }
    if (ai < args.length) {
      if (!star) {
        const req = params.filter(
          (p, i) => p.kind === "pos" && this.defaults[i] === undefined,
        ).length;
        const takes = req === nPos ? `${nPos}` : `from ${req} to ${nPos}`;
        throw new PyException(
          "TypeError",
          `${this.qualname}() takes ${takes} positional argument${nPos === 1 && req === nPos ? "" : "s"} but ${args.length} ${args.length === 1 ? "was" : "were"} given`,
        );
      }
    }
    if (star) vars[star.slot] = new PyTuple(args.slice(ai));
    let extra: PyDict | undefined;
    if (starstar) vars[starstar.slot] = extra = new PyDict();
    const positionalOnlyByKeyword: string[] = [];
    if (kwargs)
      for (const [k, v] of kwargs) {
        const p = params.find(
          (q) => q.name === k && (q.kind === "pos" || q.kind === "kwonly") && !q.positionalOnly,
        );
        if (!p) {
          if (extra) {
            extra.entries.set(hashKey(k), [k, v]);
            continue;
          }
          if (params.some((q) => q.name === k && q.positionalOnly)) {
            positionalOnlyByKeyword.push(k);
            continue;
          }
          throw new PyException(
            "TypeError",
            `${this.qualname}() got an unexpected keyword argument '${k}'`,
          );
        }
        if (vars[p.slot] !== undefined)
          throw new PyException(
            "TypeError",
            `${this.qualname}() got multiple values for argument '${k}'`,
          );
        vars[p.slot] = v;
      }
    if (positionalOnlyByKeyword.length)
      throw new PyException(
        "TypeError",
        `${this.qualname}() got some positional-only arguments passed as keyword arguments: '${positionalOnlyByKeyword.join(", ")}'`,
      );
    const missing: string[] = [];
    const missingKw: string[] = [];
    params.forEach((p, i) => {
      if ((p.kind === "pos" || p.kind === "kwonly") && vars[p.slot] === undefined) {
        const d = this.defaults[i];
        if (d !== undefined) vars[p.slot] = d;
        else (p.kind === "pos" ? missing : missingKw).push(p.name);
      }
    });
    const report = (names: string[], what: string) => {
      const q = names.map((n) => `'${n}'`);
      const list =
        q.length === 1
          ? q[0]
          : q.length === 2
            ? `${q[0]} and ${q[1]}`
            : `${q.slice(0, -1).join(", ")}, and ${q[q.length - 1]}`;
      throw new PyException(
        "TypeError",
        `${this.qualname}() missing ${names.length} required ${what} argument${names.length === 1 ? "" : "s"}: ${list}`,
      );
    };
    if (missing.length) report(missing, "positional");
    if (missingKw.length) report(missingKw, "keyword-only");
  }
}
