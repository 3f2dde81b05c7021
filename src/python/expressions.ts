// The expression half of the compiler (compiler.ts adds statements): lezer nodes become JS
// closures once. Names are resolved at compile time to local slots, enclosing-frame slots or
// globals, the way CPython's symbol table does; assignment targets and function objects live
// here too because lambdas, comprehensions and the walrus operator need them.

import type { SyntaxNode } from "@lezer/common";
import { type Param, PyFunction } from "./function";
import { decodeEscapes, stringParts } from "./literals";
import { CodeUnit, type Expr, Frame, RETURN, type Runtime, type Stmt } from "./frame";
import { PyInstance } from "./classes";
import {
  type BinaryOp,
  type CompareOp,
  Ellipsis,
  type Kwargs,
  PyBuiltin,
  PyDict,
  PyException,
  PyIterator,
  PyList,
  PyObject,
  PySet,
  PySlice,
  PyComplex,
  PyTuple,
  PyType,
  type PyValue,
} from "./objects";
import {
  ascii,
  binaryOp,
  callValue,
  compare,
  contains,
  format,
  getAttr,
  getMethod,
  getItem,
  getIter,
  hashKey,
  repr,
  setAttr,
  setItem,
  str,
  toArray,
  truthy,
  typeName,
  unaryOp,
} from "./runtime";

/** How CPython names a callee in call errors: `__main__.f()`, `print()`, `list.append()`. */
function functionStr(fn: PyValue): string {
  if (fn instanceof PyFunction) return `__main__.${fn.name}()`;
  if (fn instanceof PyBuiltin)
    return fn.self === undefined ? `${fn.name}()` : `${typeName(fn.self)}.${fn.name}()`;
  if (fn instanceof PyType) return `${fn.qualifiedName()}()`;
  return `${typeName(fn)} object`;
}

/** A compile-time problem in valid-looking code (an unsupported construct or a bad target). */
export class CompileError extends Error {
  constructor(
    readonly pyType: string,
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

/** Filled with the class once its `class` statement has run: zero-argument super() reads it. */
export interface ClassCell {
  cls: PyType | null;
}

const COMPREHENSION_NAMES: Record<string, string> = {
  ArrayComprehensionExpression: "<listcomp>",
  SetComprehensionExpression: "<setcomp>",
  DictionaryComprehensionExpression: "<dictcomp>",
};

export class Scope {
  readonly slots = new Map<string, number>();
  readonly globalNames = new Set<string>();
  readonly nonlocalNames = new Set<string>();
  /** A function scope: the slot of its first positional parameter (a method's self). */
  firstParamSlot = -1;
  /** A class body's scope: the cell its methods' super() reads. */
  classCell: ClassCell | null = null;
  /** The qualified name of the function or class whose body this is ("" for the module). */
  qualname = "";
  /** A comprehension's scope: what it defines is named without `<locals>`, as CPython does. */
  comprehension = false;
  constructor(
    readonly kind: "module" | "function" | "class",
    readonly parent: Scope | null,
  ) {}
  /** The __qualname__ of a function or class called `name` defined in this scope. */
  qualify(name: string): string {
    if (this.kind === "module") return name;
    return this.kind === "class" || this.comprehension
      ? `${this.qualname}.${name}`
      : `${this.qualname}.<locals>.${name}`;
  }
  slot(name: string): number {
    let i = this.slots.get(name);
    if (i === undefined) {
      i = this.slots.size;
      this.slots.set(name, i);
    }
    return i;
  }
}

type Resolved = { kind: "global" } | { kind: "local"; depth: number; index: number };

export const ARITH: Record<string, BinaryOp> = {
  "+": "+",
  "-": "-",
  "*": "*",
  "/": "/",
  "//": "//",
  "%": "%",
  "**": "**",
  "@": "@",
  "&": "&",
  "|": "|",
  "^": "^",
  "<<": "<<",
  ">>": ">>",
};

const COMPARE_OPS = new Set([
  "==",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "in",
  "not in",
  "is",
  "is not",
  "<>",
]);

export const PUNCT = new Set(["(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "Comment"]);

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== "Comment") out.push(c);
  return out;
}

export abstract class ExpressionCompiler {
  protected scope: Scope;
  protected loopDepth = 0;
  protected readonly code: CodeUnit;
  protected lineStarts: number[] = [];

  constructor(
    protected readonly rt: Runtime,
    protected readonly src: string,
    filename: string,
  ) {
    this.code = new CodeUnit(filename, src);
    this.scope = new Scope("module", null);
    let p = -1;
    this.lineStarts.push(0);
    while ((p = src.indexOf("\n", p + 1)) >= 0) this.lineStarts.push(p + 1);
  }

  get unit(): CodeUnit {
    return this.code;
  }

  lineOf(pos: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  protected text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  protected fail(node: SyntaxNode, message: string, type = "SyntaxError"): never {
    throw new CompileError(type, message, node.from);
  }

  protected unsupported(node: SyntaxNode, what: string): never {
    this.fail(node, `${what} is not supported in MaskLab's Python subset`, "NotImplementedError");
  }

  /** Compile a whole script; each top-level statement is returned separately for echoing. */
  // -------------------------------------------------------------------------------------------
  // Scopes

  protected resolve(name: string): Resolved {
    let s: Scope | null = this.scope;
    let depth = 0;
    if (s.kind === "module" || s.globalNames.has(name)) return { kind: "global" };
    while (s && s.kind !== "module") {
      // A class body's names are visible in the body itself, not in the functions inside it
      // (methods reach them through self or the class), but its frame is still on the chain.
      if (s.kind === "class" && depth > 0) {
        s = s.parent;
        depth++;
        continue;
      }
      if (s.globalNames.has(name)) return { kind: "global" };
      if (!s.nonlocalNames.has(name)) {
        const i = s.slots.get(name);
        if (i !== undefined) return { kind: "local", depth, index: i };
      }
      s = s.parent;
      depth++;
    }
    return { kind: "global" };
  }

  /** Names a function body binds (its locals), not descending into nested scopes. */
  protected collectBindings(node: SyntaxNode, scope: Scope): void {
    const visitTarget = (t: SyntaxNode) => {
      if (t.name === "VariableName") {
        const n = this.text(t);
        if (!scope.globalNames.has(n) && !scope.nonlocalNames.has(n)) scope.slot(n);
      } else if (
        t.name === "TupleExpression" ||
        t.name === "ArrayExpression" ||
        t.name === "ParenthesizedExpression"
      )
        for (const c of children(t)) visitTarget(c);
    };
    const walk = (n: SyntaxNode) => {
      switch (n.name) {
        case "ScopeStatement": {
          const cs = children(n);
          const isGlobal = cs[0].name === "global";
          for (const c of cs.slice(1))
            if (c.name === "VariableName")
              (isGlobal ? scope.globalNames : scope.nonlocalNames).add(this.text(c));
          return;
        }
        case "FunctionDefinition":
        case "ClassDefinition": {
          const nameNode = children(n).find((c) => c.name === "VariableName");
          if (nameNode) visitTarget(nameNode);
          return;
        }
        case "LambdaExpression":
        case "ArrayComprehensionExpression":
        case "DictionaryComprehensionExpression":
        case "SetComprehensionExpression":
        case "ComprehensionExpression":
          return;
        case "AssignStatement": {
          const cs = children(n);
          let last = -1;
          cs.forEach((c, i) => c.name === "AssignOp" && (last = i));
          for (let i = 0; i < last; i++) visitTarget(cs[i]);
          for (const c of cs) walk(c);
          return;
        }
        case "UpdateStatement":
          visitTarget(children(n)[0]);
          break;
        case "NamedExpression":
          visitTarget(children(n)[0]);
          break;
        case "ForStatement": {
          const cs = children(n);
          for (let i = 1; i < cs.length && cs[i].name !== "in"; i++) visitTarget(cs[i]);
          break;
        }
        case "WithStatement":
        case "TryStatement": {
          const cs = children(n);
          cs.forEach((c, i) => {
            if (c.name === "as" && cs[i + 1]) visitTarget(cs[i + 1]);
          });
          break;
        }
        case "ImportStatement": {
          for (const b of this.importBindings(n)) visitTarget(b);
          return;
        }
        case "DeleteStatement":
          for (const c of children(n).slice(1)) visitTarget(c);
          return;
      }
      for (const c of children(n)) walk(c);
    };
    walk(node);
  }

  /** The VariableName nodes an import statement binds. */
  protected importBindings(n: SyntaxNode): SyntaxNode[] {
    const cs = children(n);
    const out: SyntaxNode[] = [];
    if (cs[0].name === "import") {
      // import a.b as c, d.e  -> binds c and d
      let i = 1;
      while (i < cs.length) {
        const first = cs[i];
        let j = i;
        while (j < cs.length && cs[j].name !== ",") j++;
        const asIdx = cs.slice(i, j).findIndex((c) => c.name === "as");
        out.push(asIdx >= 0 ? cs[i + asIdx + 1] : first);
        i = j + 1;
      }
    } else {
      const imp = cs.findIndex((c) => c.name === "import");
      for (let i = imp + 1; i < cs.length; i++) {
        const c = cs[i];
        if (c.name !== "VariableName") continue;
        if (cs[i + 1]?.name === "as") continue;
        out.push(c);
      }
    }
    return out;
  }

  protected params(list: SyntaxNode, scope: Scope): Param[] {
    const params: Param[] = [];
    let kind: Param["kind"] = "pos";
    const cs = children(list).filter((c) => c.name !== "(" && c.name !== ")");
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      if (c.name === "*") {
        if (cs[i + 1]?.name === "VariableName") {
          const name = this.text(cs[++i]);
          params.push({ name, slot: scope.slot(name), kind: "star" });
        }
        kind = "kwonly";
      } else if (c.name === "**") {
        const name = this.text(cs[++i]);
        params.push({ name, slot: scope.slot(name), kind: "starstar" });
      } else if (c.name === "VariableName") {
        const name = this.text(c);
        if (params.some((p) => p.name === name))
          this.fail(c, `duplicate argument '${name}' in function definition`);
        const p: Param = { name, slot: scope.slot(name), kind };
        if (cs[i + 1]?.name === "TypeDef") i++;
        if (cs[i + 1]?.name === "AssignOp") {
          p.defaultExpr = this.expr(cs[i + 2]);
          i += 2;
        } else if (kind === "pos" && params.some((q) => q.kind === "pos" && q.defaultExpr))
          this.fail(c, "non-default argument follows default argument");
        params.push(p);
      } else if (c.name === "," || c.name === "TypeDef") {
        // The parser keeps no node for a bare `/`; it shows as text between two children.
        if (i > 0 && this.src.slice(cs[i - 1].to, c.from).includes("/"))
          for (const p of params) p.positionalOnly = true;
      } else this.unsupported(c, "this parameter syntax");
    }
    const last = cs[cs.length - 1];
    if (last && this.src.slice(last.to, list.to).includes("/"))
      for (const p of params) p.positionalOnly = true;
    return params;
  }

  /** Compile a function body in a fresh scope; `defaults` are evaluated in the enclosing one. */
  protected makeFunction(
    name: string,
    paramList: SyntaxNode | null,
    compileBody: () => Stmt,
    bindingsRoot: SyntaxNode | null,
    doc: string | null = null,
  ): Expr {
    const outer = this.scope;
    const scope = new Scope("function", outer);
    const qualname = outer.qualify(name);
    scope.qualname = qualname;
    // Parameter defaults belong to the enclosing scope.
    const params = paramList ? this.params(paramList, scope) : [];
    if (params[0]?.kind === "pos") scope.firstParamSlot = params[0].slot;
    this.scope = scope;
    const loopDepth = this.loopDepth;
    this.loopDepth = 0;
    let body: Stmt;
    try {
      if (bindingsRoot) this.collectBindings(bindingsRoot, scope);
      body = compileBody();
    } finally {
      this.scope = outer;
      this.loopDepth = loopDepth;
    }
    const nslotsRef = scope;
    const defaults = params.map((p) => p.defaultExpr);
    const rt = this.rt;
    const code = this.code;
    return (f) => {
      const vals = defaults.map((d) => (d ? d(f) : undefined));
      return new PyFunction(
        name,
        params,
        vals,
        nslotsRef.slots.size,
        f,
        body,
        rt,
        code,
        doc,
        qualname,
      );
    };
  }

  // -------------------------------------------------------------------------------------------
  // Assignment targets

  protected nameStore(name: string): (f: Frame, v: PyValue) => void {
    const r = this.resolve(name);
    if (r.kind === "global") {
      const g = this.rt.globals;
      return (_f, v) => void g.set(name, v);
    }
    const { depth, index } = r;
    if (depth === 0) return (f, v) => void (f.vars[index] = v);
    return (f, v) => {
      let fr = f;
      for (let d = 0; d < depth; d++) fr = fr.parent!;
      fr.vars[index] = v;
    };
  }

  protected nameUnbind(name: string): (f: Frame) => void {
    const r = this.resolve(name);
    if (r.kind === "global") {
      const g = this.rt.globals;
      return () => void g.delete(name);
    }
    const { depth, index } = r;
    return (f) => {
      let fr = f;
      for (let d = 0; d < depth; d++) fr = fr.parent!;
      fr.vars[index] = undefined;
    };
  }

  /** A comma-separated target list (`a, *b = ...`, `for i, x in ...`). */
  protected targetList(nodes: SyntaxNode[], at: SyntaxNode): (f: Frame, v: PyValue) => void {
    const hasComma = nodes.some((n) => n.name === ",");
    if (!hasComma && nodes.length === 1) return this.target(nodes[0], at);
    return this.unpackTarget(nodes, at);
  }

  protected unpackTarget(nodes: SyntaxNode[], at: SyntaxNode): (f: Frame, v: PyValue) => void {
    const parts: { star: boolean; store: (f: Frame, v: PyValue) => void }[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      if (n.name === ",") continue;
      if (n.name === "*") {
        parts.push({ star: true, store: this.target(nodes[++i], at) });
      } else parts.push({ star: false, store: this.target(n, at) });
    }
    const starAt = parts.findIndex((p) => p.star);
    if (parts.filter((p) => p.star).length > 1)
      this.fail(at, "multiple starred expressions in assignment");
    const n = parts.length;
    return (f, v) => {
      let items: readonly PyValue[];
      if (v instanceof PyList || v instanceof PyTuple) items = v.items;
      else if (
        typeof v === "string" ||
        (v instanceof PyObject && v.iter !== PyObject.prototype.iter)
      )
        items = starAt < 0 ? unpackItems(v, n + 1, false) : unpackItems(v, starAt, true);
      else throw new PyException("TypeError", `cannot unpack non-iterable ${typeName(v)} object`);
      if (starAt < 0) {
        if (items.length > n)
          throw new PyException("ValueError", `too many values to unpack (expected ${n})`);
        if (items.length < n)
          throw new PyException(
            "ValueError",
            `not enough values to unpack (expected ${n}, got ${items.length})`,
          );
        for (let i = 0; i < n; i++) parts[i].store(f, items[i]);
        return;
      }
      if (items.length < n - 1)
        throw new PyException(
          "ValueError",
          `not enough values to unpack (expected at least ${n - 1}, got ${items.length})`,
        );
      const after = n - 1 - starAt;
      for (let i = 0; i < starAt; i++) parts[i].store(f, items[i]);
      parts[starAt].store(f, new PyList(items.slice(starAt, items.length - after)));
      for (let i = 0; i < after; i++)
        parts[starAt + 1 + i].store(f, items[items.length - after + i]);
    };
  }

  protected target(node: SyntaxNode, at: SyntaxNode): (f: Frame, v: PyValue) => void {
    switch (node.name) {
      case "VariableName":
        return this.nameStore(this.text(node));
      case "MemberExpression": {
        const cs = children(node);
        const obj = this.expr(cs[0]);
        if (cs[1].name === ".") {
          const name = this.text(cs[2]);
          return (f, v) => setAttr(obj(f), name, v);
        }
        const key = this.subscript(cs.slice(2, -1), node);
        return (f, v) => setItem(obj(f), key(f), v);
      }
      case "TupleExpression":
      case "ArrayExpression":
        return this.unpackTarget(children(node).slice(1, -1), at);
      case "ParenthesizedExpression":
        return this.target(children(node)[1], at);
      default: {
        const what =
          node.name === "CallExpression"
            ? "function call"
            : node.name === "Number" || node.name === "String"
              ? "literal"
              : "expression";
        this.fail(node, `cannot assign to ${what} here. Maybe you meant '==' instead of '='?`);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  /** `a, b` (a tuple) or a single expression. */
  protected exprList(nodes: SyntaxNode[], at: SyntaxNode): Expr {
    const hasComma = nodes.some((n) => n.name === ",");
    if (!hasComma && nodes.length === 1) return this.expr(nodes[0]);
    if (nodes.length === 0) this.fail(at, "invalid syntax");
    const items = this.starredItems(nodes);
    return (f) => new PyTuple(items(f));
  }

  /** Elements of a display with optional `*x` entries. */
  protected starredItems(nodes: SyntaxNode[]): (f: Frame) => PyValue[] {
    const parts: { star: boolean; e: Expr }[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      if (n.name === ",") continue;
      if (n.name === "*") parts.push({ star: true, e: this.expr(nodes[++i]) });
      else parts.push({ star: false, e: this.expr(n) });
    }
    if (!parts.some((p) => p.star)) {
      const es = parts.map((p) => p.e);
      return (f) => {
        const out = new Array<PyValue>(es.length);
        for (let i = 0; i < es.length; i++) out[i] = es[i](f);
        return out;
      };
    }
    return (f) => {
      const out: PyValue[] = [];
      for (const p of parts) {
        if (p.star) out.push(...toArray(p.e(f)));
        else out.push(p.e(f));
      }
      return out;
    };
  }

  expr(node: SyntaxNode): Expr {
    switch (node.name) {
      case "VariableName":
        return this.nameLoad(node);
      case "Number":
        return this.number(node);
      case "String":
      case "FormatString":
      case "ContinuedString":
        return this.string(node);
      case "Boolean": {
        const b = this.text(node) === "True";
        return () => b;
      }
      case "None":
        return () => null;
      case "Ellipsis":
        return () => Ellipsis;
      case "ParenthesizedExpression": {
        const cs = children(node);
        if (cs.length !== 3) this.fail(node, "invalid syntax");
        return this.expr(cs[1]);
      }
      case "TupleExpression": {
        const items = this.starredItems(children(node).slice(1, -1));
        return (f) => new PyTuple(items(f));
      }
      case "ArrayExpression": {
        const items = this.starredItems(children(node).slice(1, -1));
        return (f) => new PyList(items(f));
      }
      case "SetExpression": {
        const elems = children(node).slice(1, -1);
        const items = this.starredItems(elems);
        // CPython compiles a display of 3+ constants to a frozenset constant, which it builds
        // twice (the second time from the first one's order): replay that for the same order.
        const values = elems.filter((c) => c.name !== ",");
        const constant =
          values.length > 2 &&
          values.every(
            (c) =>
              ["Number", "String", "Boolean", "None"].includes(c.name) ||
              (c.name === "UnaryExpression" && c.lastChild?.name === "Number"),
          );
        return (f) => {
          const s = new PySet();
          for (const v of items(f)) s.add(hashKey(v), v);
          if (!constant) return s;
          const again = new PySet();
          for (const v of toArray(s)) again.add(hashKey(v), v);
          return again;
        };
      }
      case "DictionaryExpression":
        return this.dict(children(node).slice(1, -1));
      case "ArrayComprehensionExpression":
      case "SetComprehensionExpression":
      case "DictionaryComprehensionExpression":
      case "ComprehensionExpression":
        return this.comprehension(node);
      case "UnaryExpression":
        return this.unary(node);
      case "BinaryExpression":
        return this.binary(node);
      case "ConditionalExpression": {
        const cs = children(node);
        const a = this.expr(cs[0]);
        const cond = this.expr(cs[2]);
        const b = this.expr(cs[4]);
        return (f) => (truthy(cond(f)) ? a(f) : b(f));
      }
      case "CallExpression":
        return this.call(node);
      case "MemberExpression":
        return this.member(node);
      case "LambdaExpression": {
        const cs = children(node);
        const paramList = cs.find((c) => c.name === "ParamList") ?? null;
        const bodyNode = cs[cs.length - 1];
        return this.makeFunction(
          "<lambda>",
          paramList,
          () => {
            const e = this.expr(bodyNode);
            const line = this.lineOf(bodyNode.from);
            return (f) => {
              f.line = line;
              f.ret = e(f);
              return RETURN;
            };
          },
          bodyNode,
        );
      }
      case "NamedExpression": {
        const cs = children(node);
        const store = this.nameStore(this.text(cs[0]));
        const value = this.expr(cs[2]);
        return (f) => {
          const v = value(f);
          store(f, v);
          return v;
        };
      }
      case "AwaitExpression":
        return this.unsupported(node, "await");
      case "YieldExpression":
        if (this.scope.kind !== "function") this.fail(node, "'yield' outside function");
        return this.unsupported(node, "yield inside an expression");
      default:
        this.fail(node, "invalid syntax");
    }
  }

  protected nameLoad(node: SyntaxNode): Expr {
    const name = this.text(node);
    const r = this.resolve(name);
    if (r.kind === "global") {
      const g = this.rt.globals;
      const b = this.rt.builtins;
      return () => {
        let v = g.get(name);
        if (v !== undefined) return v;
        v = b.get(name);
        if (v !== undefined) return v;
        throw new PyException("NameError", `name '${name}' is not defined`);
      };
    }
    const { depth, index } = r;
    const unbound = (): never => {
      if (depth === 0)
        throw new PyException(
          "UnboundLocalError",
          `cannot access local variable '${name}' where it is not associated with a value`,
        );
      throw new PyException(
        "NameError",
        `cannot access free variable '${name}' where it is not associated with a value in enclosing scope`,
      );
    };
    if (depth === 0)
      return (f) => {
        const v = f.vars[index];
        return v === undefined ? unbound() : v;
      };
    return (f) => {
      let fr = f;
      for (let d = 0; d < depth; d++) fr = fr.parent!;
      const v = fr.vars[index];
      return v === undefined ? unbound() : v;
    };
  }

  protected number(node: SyntaxNode): Expr {
    const raw = this.text(node).replace(/_/g, "");
    if (/[jJ]$/.test(raw)) {
      const c = new PyComplex(0, Number(raw.slice(0, -1)));
      return () => c;
    }
    let v: PyValue;
    if (/^0[xX]/.test(raw) || /^0[oO]/.test(raw) || /^0[bB]/.test(raw))
      v = BigInt(raw.toLowerCase());
    else if (/^\d+$/.test(raw)) {
      if (/^0\d/.test(raw) && /[1-9]/.test(raw))
        this.fail(
          node,
          "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        );
      v = BigInt(raw);
    } else v = Number(raw);
    return () => v;
  }

  protected stringConst(node: SyntaxNode): string {
    const text = this.text(node);
    const { prefix, quoteLen } = stringParts(text);
    if (prefix.includes("b")) this.unsupported(node, "a bytes literal");
    const body = text.slice(prefix.length + quoteLen, text.length - quoteLen);
    return prefix.includes("r") ? body : decodeEscapes(body);
  }

  protected string(node: SyntaxNode): Expr {
    if (node.name === "String") {
      const s = this.stringConst(node);
      return () => s;
    }
    if (node.name === "FormatString") return this.fstring(node);
    const parts = children(node).map((c) =>
      c.name === "String" ? this.stringConst(c) : this.fstring(c),
    );
    if (parts.every((p) => typeof p === "string")) {
      const s = (parts as string[]).join("");
      return () => s;
    }
    return (f) => {
      let out = "";
      for (const p of parts) out += typeof p === "string" ? p : (p(f) as string);
      return out;
    };
  }

  /** Literal text of an f-string segment: escapes and doubled braces. */
  protected fLiteral(raw: string, isRaw: boolean, node: SyntaxNode): string {
    let s = "";
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i];
      if ((c === "{" || c === "}") && raw[i + 1] === c) i++;
      else if (c === "}") this.fail(node, "f-string: single '}' is not allowed");
      else if (c === "{") this.fail(node, "f-string: expecting '}'");
      s += c;
    }
    return isRaw ? s : decodeEscapes(s);
  }

  protected fstring(node: SyntaxNode): Expr {
    const text = this.text(node);
    const { prefix, quoteLen } = stringParts(text);
    const isRaw = prefix.includes("r");
    const start = node.from + prefix.length + quoteLen;
    const end = node.to - quoteLen;
    const parts: (string | Expr)[] = [];
    let pos = start;
    for (const c of children(node)) {
      if (c.name !== "FormatReplacement") continue;
      if (c.from > pos) parts.push(this.fLiteral(this.src.slice(pos, c.from), isRaw, node));
      parts.push(...this.replacement(c, isRaw));
      pos = c.to;
    }
    if (end > pos) parts.push(this.fLiteral(this.src.slice(pos, end), isRaw, node));
    return (f) => {
      let out = "";
      for (const p of parts) out += typeof p === "string" ? p : (p(f) as string);
      return out;
    };
  }

  protected replacement(node: SyntaxNode, isRaw: boolean): (string | Expr)[] {
    const cs = children(node).filter((c) => c.name !== "{" && c.name !== "}");
    const exprNodes: SyntaxNode[] = [];
    let conv = "";
    let spec: Expr | null = null;
    let selfDoc = false;
    for (const c of cs) {
      if (c.name === "FormatConversion") conv = this.text(c).slice(1);
      else if (c.name === "FormatSpec") spec = this.formatSpec(c, isRaw);
      else if (c.name === "FormatSelfDoc") selfDoc = true;
      else exprNodes.push(c);
    }
    if (exprNodes.length === 0) this.fail(node, "f-string: empty expression not allowed");
    const e = this.exprList(exprNodes, node);
    if (selfDoc && !conv && !spec) conv = "r";
    const specExpr = spec;
    const value: Expr = (f) => {
      let v = e(f);
      if (conv === "r") v = repr(v);
      else if (conv === "a") v = ascii(v);
      else if (conv === "s") v = str(v);
      return specExpr
        ? format(v, specExpr(f) as string)
        : typeof v === "string"
          ? v
          : format(v, "");
    };
    if (!selfDoc) return [value];
    // The label is the source up to what follows the "=", spaces included: f"{x = }".
    const all = children(node);
    const after = all[all.findIndex((c) => c.name === "FormatSelfDoc") + 1];
    const label = this.src.slice(all[0].to, after ? after.from : node.to);
    return [label, value];
  }

  protected formatSpec(node: SyntaxNode, isRaw: boolean): Expr {
    const parts: (string | Expr)[] = [];
    let pos = node.from + 1;
    for (const c of children(node)) {
      if (c.name !== "FormatReplacement") continue;
      if (c.from > pos) parts.push(this.fLiteral(this.src.slice(pos, c.from), isRaw, node));
      parts.push(...this.replacement(c, isRaw));
      pos = c.to;
    }
    if (node.to > pos) parts.push(this.fLiteral(this.src.slice(pos, node.to), isRaw, node));
    return (f) => {
      let out = "";
      for (const p of parts) out += typeof p === "string" ? p : (p(f) as string);
      return out;
    };
  }

  protected dict(cs: SyntaxNode[]): Expr {
    const entries: ({ k: Expr; v: Expr } | { spread: Expr })[] = [];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      if (c.name === ",") continue;
      if (c.name === "**") {
        entries.push({ spread: this.expr(cs[++i]) });
        continue;
      }
      if (cs[i + 1]?.name !== ":") this.fail(c, "invalid syntax");
      entries.push({ k: this.expr(c), v: this.expr(cs[i + 2]) });
      i += 2;
    }
    return (f) => {
      const d = new PyDict();
      for (const e of entries) {
        if ("spread" in e) {
          const src = e.spread(f);
          if (!(src instanceof PyDict))
            throw new PyException("TypeError", `'${typeName(src)}' object is not a mapping`);
          for (const [h, kv] of src.entries) d.put(h, kv[0], kv[1]);
        } else {
          const k = e.k(f);
          d.put(hashKey(k), k, e.v(f));
        }
      }
      return d;
    };
  }

  protected comprehension(node: SyntaxNode): Expr {
    const cs = children(node);
    const inner =
      node.name === "ComprehensionExpression" && cs[0].name !== "(" ? cs : cs.slice(1, -1);
    return this.comprehensionParts(inner, node, node.name);
  }

  /** Shared by comprehension displays and bare generator arguments (`sum(x for x in y)`). */
  protected comprehensionParts(cs: SyntaxNode[], node: SyntaxNode, kind: string): Expr {
    const firstFor = cs.findIndex((c) => c.name === "for");
    const elemNodes = cs.slice(0, firstFor);
    // Clauses: the first iterable is evaluated in the enclosing scope, the rest inside.
    type Clause =
      { kind: "for"; targets: SyntaxNode[]; iter: SyntaxNode } | { kind: "if"; cond: SyntaxNode };
    const clauses: Clause[] = [];
    for (let i = firstFor; i < cs.length; i++) {
      if (cs[i].name === "for") {
        let j = i + 1;
        while (j < cs.length && cs[j].name !== "in") j++;
        clauses.push({ kind: "for", targets: cs.slice(i + 1, j), iter: cs[j + 1] });
        i = j + 1;
      } else if (cs[i].name === "if") {
        clauses.push({ kind: "if", cond: cs[i + 1] });
        i++;
      } else if (cs[i].name === "async") this.unsupported(node, "async comprehension");
    }
    const first = clauses[0] as { kind: "for"; targets: SyntaxNode[]; iter: SyntaxNode };
    const firstIter = this.expr(first.iter);
    const outer = this.scope;
    const scope = new Scope("function", outer);
    // Lambdas and functions defined inside are named after it: `f.<locals>.<listcomp>.<lambda>`.
    scope.qualname = outer.qualify(COMPREHENSION_NAMES[kind] ?? "<genexpr>");
    scope.comprehension = true;
    this.scope = scope;
    type CompiledClause =
      { cond: Expr } | { target: (f: Frame, v: PyValue) => void; iter: Expr | null };
    let compiled: CompiledClause[];
    let run: (f: Frame, push: () => void, source: PyValue) => void;
    let elem: Expr;
    let key: Expr | null = null;
    try {
      for (const c of clauses)
        if (c.kind === "for") for (const t of c.targets) this.bindTargetNames(t, scope);
      compiled = clauses.map((c, idx): CompiledClause => {
        if (c.kind === "if") return { cond: this.expr(c.cond) };
        const iter = idx === 0 ? null : this.expr(c.iter);
        return { target: this.targetList(c.targets, node), iter };
      });
      type Step = (f: Frame, next: () => void, source?: PyValue) => void;
      const rt = this.rt;
      const steps: Step[] = compiled.map((c): Step => {
        if ("cond" in c)
          return (f, next) => {
            if (truthy(c.cond(f))) next();
          };
        return (f, next, source) => {
          const it = getIter(c.iter ? c.iter(f) : source!);
          for (let r = it.next(); !r.done; r = it.next()) {
            rt.tick();
            c.target(f, r.value);
            next();
          }
        };
      });
      if (kind === "DictionaryComprehensionExpression") {
        key = this.expr(elemNodes[0]);
        elem = this.expr(elemNodes[2]);
      } else elem = this.exprList(elemNodes, node);
      run = (f, push, source) => {
        const go = (k: number): void => {
          if (k === steps.length) return push();
          steps[k](f, () => go(k + 1), k === 0 ? source : undefined);
        };
        go(0);
      };
    } finally {
      this.scope = outer;
    }
    const nslots = scope;
    const elemE = elem;
    const keyE = key;
    if (
      kind !== "ArrayComprehensionExpression" &&
      kind !== "DictionaryComprehensionExpression" &&
      kind !== "SetComprehensionExpression"
    ) {
      // A generator expression runs lazily, as Python's does: any(), all() and next() stop
      // pulling early, and the element's side effects interleave with the consumer's.
      const clausesC = compiled!;
      const rt = this.rt;
      function* produce(frame: Frame, k: number, source: PyValue): Generator<PyValue> {
        if (k === clausesC.length) {
          yield elemE(frame);
          return;
        }
        const c = clausesC[k];
        if ("cond" in c) {
          if (truthy(c.cond(frame))) yield* produce(frame, k + 1, source);
          return;
        }
        const it = getIter(c.iter ? c.iter(frame) : source);
        for (let r = it.next(); !r.done; r = it.next()) {
          rt.tick();
          c.target(frame, r.value);
          yield* produce(frame, k + 1, source);
        }
      }
      return (f) => {
        // The first iterable is evaluated at once, in the enclosing scope, as in Python.
        const source = getIter(firstIter(f));
        const frame = new Frame(f, nslots.slots.size);
        return new PyIterator(produce(frame, 0, new PyIterator(source, "iterator")), "generator");
      };
    }
    return (f) => {
      const source = firstIter(f);
      const frame = new Frame(f, nslots.slots.size);
      if (kind === "DictionaryComprehensionExpression") {
        const d = new PyDict();
        run(
          frame,
          () => {
            const k = keyE!(frame);
            d.put(hashKey(k), k, elemE(frame));
          },
          source,
        );
        return d;
      }
      if (kind === "SetComprehensionExpression") {
        const s = new PySet();
        run(
          frame,
          () => {
            const v = elemE(frame);
            s.add(hashKey(v), v);
          },
          source,
        );
        return s;
      }
      const out: PyValue[] = [];
      run(frame, () => void out.push(elemE(frame)), source);
      return new PyList(out);
    };
  }

  protected bindTargetNames(t: SyntaxNode, scope: Scope): void {
    if (t.name === "VariableName") scope.slot(this.text(t));
    else if (
      t.name === "TupleExpression" ||
      t.name === "ArrayExpression" ||
      t.name === "ParenthesizedExpression"
    )
      for (const c of children(t)) this.bindTargetNames(c, scope);
  }

  protected unary(node: SyntaxNode): Expr {
    const [opNode, operandNode] = children(node);
    const op = this.text(opNode);
    if (op === "not") return this.booleanChain(node);
    const operand = this.expr(operandNode);
    if (op === "-") {
      // Fold negative literals so `-5` costs nothing at run time.
      if (operandNode.name === "Number") {
        const v = unaryOp("-", operand(new Frame(null, 0)));
        return () => v;
      }
      return (f) => unaryOp("-", operand(f));
    }
    if (op === "+") return (f) => unaryOp("+", operand(f));
    if (op === "~") return (f) => unaryOp("~", operand(f));
    this.fail(opNode, "invalid syntax");
  }

  /**
   * An unparenthesised run of `and`, `or` and `not`, compiled with Python's precedence (not
   * over and over or). The parser's tree gets it wrong where `not` comes first: it reads
   * `not a and b` as `not (a and b)` and `a and not b or c` as `a and not (b or c)`. So the
   * run is flattened back to its operands and keywords in source order and parsed again.
   */
  protected booleanChain(node: SyntaxNode): Expr {
    const tokens: (SyntaxNode | "and" | "or" | "not")[] = [];
    const flatten = (n: SyntaxNode): void => {
      const cs = children(n);
      if (n.name === "UnaryExpression" && this.text(cs[0]) === "not") {
        tokens.push("not");
        flatten(cs[1]);
        return;
      }
      const op = n.name === "BinaryExpression" ? this.opText(cs) : "";
      if (op === "and" || op === "or") {
        flatten(cs[0]);
        tokens.push(op);
        flatten(cs[cs.length - 1]);
        return;
      }
      tokens.push(n);
    };
    flatten(node);
    let i = 0;
    const notLevel = (): Expr => {
      const t = tokens[i++];
      if (t === "not") {
        const operand = notLevel();
        return (f) => !truthy(operand(f));
      }
      if (typeof t === "string") this.fail(node, "invalid syntax");
      return this.expr(t);
    };
    // `and` returns its first falsy operand, `or` its first truthy one; both stop there.
    const level = (op: "and" | "or", operand: () => Expr): Expr => {
      let a = operand();
      const stopOn = op === "or";
      while (tokens[i] === op) {
        i++;
        const left = a;
        const right = operand();
        a = (f) => {
          const x = left(f);
          return truthy(x) === stopOn ? x : right(f);
        };
      }
      return a;
    };
    return level("or", () => level("and", notLevel));
  }

  protected opText(cs: SyntaxNode[]): string {
    // `not in` and `is not` are two tokens.
    return cs
      .slice(1, -1)
      .map((c) => this.text(c))
      .join(" ");
  }

  protected isComparison(node: SyntaxNode): boolean {
    if (node.name !== "BinaryExpression") return false;
    return COMPARE_OPS.has(this.opText(children(node)));
  }

  protected binary(node: SyntaxNode): Expr {
    const cs = children(node);
    const op = this.opText(cs);
    if (COMPARE_OPS.has(op)) return this.comparison(node);
    if (op === "and" || op === "or") return this.booleanChain(node);
    const a = this.expr(cs[0]);
    const b = this.expr(cs[cs.length - 1]);
    const bop = ARITH[op];
    if (!bop) this.fail(node, "invalid syntax");
    return (f) => binaryOp(bop, a(f), b(f));
  }

  /** Chained comparisons: `a < b <= c` evaluates b once and stops at the first false link. */
  protected comparison(node: SyntaxNode): Expr {
    const operands: SyntaxNode[] = [];
    const ops: string[] = [];
    let n = node;
    while (this.isComparison(n)) {
      const cs = children(n);
      operands.unshift(cs[cs.length - 1]);
      ops.unshift(this.opText(cs));
      n = cs[0];
    }
    operands.unshift(n);
    const es = operands.map((o) => this.expr(o));
    const fns = ops.map((op) => this.compareFn(op, node));
    if (fns.length === 1) {
      const [a, b] = es;
      const fn = fns[0];
      return (f) => fn(a(f), b(f));
    }
    return (f) => {
      let left = es[0](f);
      let result: PyValue = true;
      for (let i = 0; i < fns.length; i++) {
        const right = es[i + 1](f);
        result = fns[i](left, right);
        if (!truthy(result)) return result;
        left = right;
      }
      return result;
    };
  }

  protected compareFn(op: string, node: SyntaxNode): (a: PyValue, b: PyValue) => PyValue {
    switch (op) {
      case "in":
        return (a, b) => contains(b, a);
      case "not in":
        return (a, b) => !contains(b, a);
      case "is":
        return (a, b) => a === b || (typeof a === "number" && Object.is(a, b));
      case "is not":
        return (a, b) => !(a === b || (typeof a === "number" && Object.is(a, b)));
      case "<>":
        this.fail(node, "invalid syntax");
      // falls through
      default: {
        const c = op as CompareOp;
        return (a, b) => compare(c, a, b);
      }
    }
  }

  protected call(node: SyntaxNode): Expr {
    const [calleeNode, argList] = children(node);
    if (
      calleeNode.name === "VariableName" &&
      this.text(calleeNode) === "super" &&
      children(argList).length === 2 &&
      this.resolve("super").kind === "global"
    )
      return this.zeroArgSuper();
    // CPython compiles `(x.m)(...)` like `x.m(...)`: parentheses only group.
    let inner = calleeNode;
    while (inner.name === "ParenthesizedExpression" && children(inner).length === 3)
      inner = children(inner)[1];
    const cs = children(inner);
    if (
      inner.name === "MemberExpression" &&
      cs.length === 3 &&
      cs[1].name === "." &&
      !cs[2].type.isError
    ) {
      const obj = this.expr(cs[0]);
      const name = this.text(cs[2]);
      return this.callWith((f) => getMethod(obj(f), name), argList);
    }
    return this.callWith(this.expr(calleeNode), argList);
  }

  /**
   * `super()` in a method: the class whose body defined the method and the method's first
   * argument, as CPython finds them through the __class__ cell and the frame's first local.
   */
  private zeroArgSuper(): Expr {
    const fn = this.scope;
    const cell = fn.kind === "function" ? fn.parent?.classCell : null;
    const slot = fn.firstParamSlot;
    const rt = this.rt;
    return (f) => {
      const shadow = rt.globals.get("super") ?? rt.builtins.get("super");
      if (!cell || slot < 0) return callValue(shadow ?? null, []);
      const self = f.vars[slot];
      if (!cell.cls) throw new PyException("RuntimeError", "super(): __class__ cell not found");
      if (self === undefined) throw new PyException("RuntimeError", "super(): arg[0] deleted");
      return callValue(shadow ?? null, [cell.cls, self]);
    };
  }

  /** A call of whatever `callee` evaluates to, with the arguments an ArgList node spells. */
  protected callWith(callee: Expr, argList: SyntaxNode): Expr {
    const cs = children(argList).slice(1, -1);
    if (cs.some((c) => c.name === "for")) {
      const gen = this.comprehensionParts(cs, argList, "ComprehensionExpression");
      return (f) => callValue(callee(f), [gen(f)]);
    }
    const pos: { star: boolean; e: Expr }[] = [];
    const kw: { name: string | null; e: Expr }[] = [];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      if (c.name === ",") continue;
      if (c.name === "*") pos.push({ star: true, e: this.expr(cs[++i]) });
      else if (c.name === "**") kw.push({ name: null, e: this.expr(cs[++i]) });
      else if (c.name === "VariableName" && cs[i + 1]?.name === "AssignOp") {
        const name = this.text(c);
        if (kw.some((k) => k.name === name)) this.fail(c, `keyword argument repeated: ${name}`);
        kw.push({ name, e: this.expr(cs[i + 2]) });
        i += 2;
      } else {
        if (kw.length && kw.some((k) => k.name !== null))
          this.fail(c, "positional argument follows keyword argument");
        pos.push({ star: false, e: this.expr(c) });
      }
    }
    const simple = !pos.some((p) => p.star);
    const posE = pos.map((p) => p.e);
    const buildKw = (f: Frame, fn: PyValue): Kwargs | undefined => {
      if (kw.length === 0) return undefined;
      const m: Kwargs = new Map();
      const put = (key: string, v: PyValue) => {
        if (m.has(key))
          throw new PyException(
            "TypeError",
            `${functionStr(fn)} got multiple values for keyword argument '${key}'`,
          );
        m.set(key, v);
      };
      for (const k of kw) {
        if (k.name !== null) put(k.name, k.e(f));
        else {
          const d = k.e(f);
          if (!(d instanceof PyDict))
            throw new PyException(
              "TypeError",
              `${functionStr(fn)} argument after ** must be a mapping, not ${typeName(d)}`,
            );
          for (const [key, v] of d.entries.values()) {
            if (typeof key !== "string")
              throw new PyException("TypeError", "keywords must be strings");
            put(key, v);
          }
        }
      }
      return m;
    };
    if (simple && kw.length === 0) {
      if (posE.length === 0) return (f) => callValue(callee(f), []);
      if (posE.length === 1) {
        const a0 = posE[0];
        return (f) => {
          const fn = callee(f);
          return callValue(fn, [a0(f)]);
        };
      }
      return (f) => {
        const fn = callee(f);
        const args = new Array<PyValue>(posE.length);
        for (let i = 0; i < posE.length; i++) args[i] = posE[i](f);
        return callValue(fn, args);
      };
    }
    return (f) => {
      const fn = callee(f);
      const args: PyValue[] = [];
      for (const p of pos) {
        if (!p.star) args.push(p.e(f));
        else {
          const v = p.e(f);
          try {
            args.push(...toArray(v));
          } catch (e) {
            // Only a value with no way to iterate is reworded; errors from its __iter__ pass.
            if (
              e instanceof PyException &&
              e.type.name === "TypeError" &&
              e.message === `'${typeName(v)}' object is not iterable`
            )
              throw new PyException(
                "TypeError",
                `${functionStr(fn)} argument after * must be an iterable, not ${typeName(v)}`,
              );
            throw e;
          }
        }
      }
      return callValue(fn, args, buildKw(f, fn));
    };
  }

  protected member(node: SyntaxNode): Expr {
    const cs = children(node);
    if (cs.length === 3 && cs[0].name === "Number" && cs[1].name === "." && cs[2].type.isError) {
      const v = Number(this.text(cs[0]).replace(/_/g, ""));
      return () => v;
    }
    const obj = this.expr(cs[0]);
    if (cs[1].name === ".") {
      const name = this.text(cs[2]);
      return (f) => getAttr(obj(f), name);
    }
    const key = this.subscript(cs.slice(2, -1), node);
    return (f) => getItem(obj(f), key(f));
  }

  /** `[1:, ::2, ..., None]` -> a slice, a tuple of index objects, or one value. */
  protected subscript(cs: SyntaxNode[], node: SyntaxNode): Expr {
    const groups: SyntaxNode[][] = [[]];
    for (const c of cs) {
      if (c.name === ",") groups.push([]);
      else groups[groups.length - 1].push(c);
    }
    const trailingComma = groups.length > 1 && groups[groups.length - 1].length === 0;
    if (trailingComma) groups.pop();
    if (groups.some((g) => g.length === 0)) this.fail(node, "invalid syntax");
    const items = groups.map((g) => this.subscriptItem(g, node));
    if (items.length === 1 && !trailingComma) return items[0];
    return (f) => new PyTuple(items.map((e) => e(f)));
  }

  protected subscriptItem(g: SyntaxNode[], node: SyntaxNode): Expr {
    if (!g.some((c) => c.name === ":")) {
      if (g.length === 2 && g[0].name === "*") {
        const e = this.expr(g[1]);
        return (f) => new PyTuple(toArray(e(f)));
      }
      if (g.length !== 1) this.fail(node, "invalid syntax");
      return this.expr(g[0]);
    }
    const parts: (Expr | null)[] = [null];
    for (const c of g) {
      if (c.name === ":") parts.push(null);
      else {
        if (parts[parts.length - 1] !== null) this.fail(node, "invalid syntax");
        parts[parts.length - 1] = this.expr(c);
      }
    }
    if (parts.length > 3) this.fail(node, "invalid syntax");
    const [a, b, c] = parts;
    return (f) => new PySlice(a ? a(f) : null, b ? b(f) : null, c ? c(f) : null);
  }
}

/**
 * The values an unpacking assignment reads, as CPython reads them: `head` items from iter(v),
 * then (for a starred target, head < n + 1) the rest through list(iterator), which asks the
 * iterator for an iterator again: a class whose __iter__ resets itself starts over there.
 */
function unpackItems(v: PyValue, head: number, rest: boolean): PyValue[] {
  const obj = v instanceof PyInstance ? v.iterObject() : undefined;
  const it = obj instanceof PyInstance ? obj.nextIterator() : getIter(obj ?? v);
  const items: PyValue[] = [];
  while (items.length < head) {
    const r = it.next();
    if (r.done) return items;
    items.push(r.value);
  }
  if (!rest) return items;
  const again = obj instanceof PyInstance ? getIter(obj) : it;
  for (let r = again.next(); !r.done; r = again.next()) items.push(r.value);
  return items;
}
