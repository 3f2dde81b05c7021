// Turns a lezer Python syntax tree into JS closures once, so loops run the closures and never
// walk the tree again. This file compiles statements; expressions.ts compiles the rest.

import type { SyntaxNode, Tree } from "@lezer/common";
import { makeClass } from "./classes";
import { type GenBody, PyGenerator, yieldFrom } from "./generators";
import {
  ARITH,
  children,
  type ClassCell,
  CompileError,
  ExpressionCompiler,
  PUNCT,
  Scope,
} from "./expressions";
import {
  BREAK,
  CONTINUE,
  type Expr,
  Frame,
  NORMAL,
  RETURN,
  type Signal,
  type Stmt,
  toPyException,
} from "./frame";
import {
  baseExceptionType,
  PyException,
  PyList,
  PyObject,
  PyRange,
  PyTuple,
  PyType,
  type PyValue,
} from "./objects";
import {
  callValue,
  delItem,
  getAttr,
  getItem,
  getIter,
  inplaceOp,
  setAttr,
  setItem,
  toRaisable,
  truthy,
  typeName,
} from "./runtime";

export { CompileError };

type GStmt = (f: Frame) => GenBody;

interface TryClauses<S> {
  body: S;
  handlers: {
    type: Expr | null;
    store: ((f: Frame, v: PyValue) => void) | null;
    unbind: ((f: Frame) => void) | null;
    body: S;
  }[];
  orelse: S | null;
  fin: S | null;
}

export class Compiler extends ExpressionCompiler {
  compileModule(tree: Tree): { node: SyntaxNode; stmt: Stmt; expr?: Expr }[] {
    const top = tree.topNode;
    const out: { node: SyntaxNode; stmt: Stmt; expr?: Expr }[] = [];
    for (const s of this.flatStatements(children(top))) {
      if (s.name === "ExpressionStatement") {
        const expr = this.exprList(children(s), s);
        const line = this.lineOf(s.from);
        out.push({
          node: s,
          stmt: (f) => {
            f.line = line;
            expr(f);
            return NORMAL;
          },
          expr: (f) => {
            f.line = line;
            return expr(f);
          },
        });
      } else out.push({ node: s, stmt: this.stmt(s) });
    }
    return out;
  }

  private flatStatements(nodes: SyntaxNode[]): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (const n of nodes) {
      if (n.name === "StatementGroup") out.push(...this.flatStatements(children(n)));
      else if (n.name !== ";" && n.name !== ":") out.push(n);
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  private block(body: SyntaxNode): Stmt {
    const stmts = this.flatStatements(children(body)).map((s) => this.stmt(s));
    if (stmts.length === 1) return stmts[0];
    if (stmts.length === 2) {
      const [a, b] = stmts;
      return (f) => {
        const s = a(f);
        return s !== NORMAL ? s : b(f);
      };
    }
    return (f) => {
      for (let i = 0; i < stmts.length; i++) {
        const s = stmts[i](f);
        if (s !== NORMAL) return s;
      }
      return NORMAL;
    };
  }

  private stmt(node: SyntaxNode): Stmt {
    const inner = this.stmtInner(node);
    const line = this.lineOf(node.from);
    return (f) => {
      f.line = line;
      return inner(f);
    };
  }

  private stmtInner(node: SyntaxNode): Stmt {
    const cs = children(node);
    switch (node.name) {
      case "ExpressionStatement": {
        const e = this.exprList(cs, node);
        return (f) => {
          e(f);
          return NORMAL;
        };
      }
      case "AssignStatement":
        return this.assignStmt(cs, node);
      case "UpdateStatement":
        return this.updateStmt(cs);
      case "PassStatement":
      case "ScopeStatement":
        return () => NORMAL;
      case "BreakStatement":
        if (this.loopDepth === 0) this.fail(node, "'break' outside loop");
        return () => BREAK;
      case "ContinueStatement":
        if (this.loopDepth === 0) this.fail(node, "'continue' not properly in loop");
        return () => CONTINUE;
      case "PrintStatement":
        return this.fail(node, "Missing parentheses in call to 'print'. Did you mean print(...)?");
      case "ReturnStatement": {
        if (this.scope.kind !== "function") this.fail(node, "'return' outside function");
        if (cs.length === 1)
          return (f) => {
            f.ret = null;
            return RETURN;
          };
        const e = this.exprList(cs.slice(1), node);
        return (f) => {
          f.ret = e(f);
          return RETURN;
        };
      }
      case "IfStatement":
        return this.ifStmt(cs);
      case "WhileStatement":
        return this.whileStmt(cs);
      case "ForStatement":
        return this.forStmt(cs, node);
      case "FunctionDefinition":
        return this.functionDef(cs, node);
      case "TryStatement":
        return this.tryStmt(cs, node);
      case "RaiseStatement":
        return this.raiseStmt(cs);
      case "WithStatement":
        return this.withStmt(cs, node);
      case "AssertStatement":
        return this.assertStmt(cs);
      case "ImportStatement":
        return this.importStmt(cs, node);
      case "DeleteStatement":
        return this.deleteStmt(cs);
      case "StatementGroup":
        return this.block(node);
      case "ClassDefinition":
        return this.classDef(cs, node);
      case "DecoratedStatement":
        return this.decoratedDef(cs, node);
      case "YieldStatement":
        return this.fail(node, "'yield' outside function");
      case "MatchStatement":
        return this.unsupported(node, "the match statement");
      default:
        return this.unsupported(node, `'${node.name}'`);
    }
  }

  private assignStmt(cs: SyntaxNode[], node: SyntaxNode): Stmt {
    const groups: SyntaxNode[][] = [[]];
    for (const c of cs) {
      if (c.name === "AssignOp") groups.push([]);
      else if (c.name === "TypeDef") continue;
      else groups[groups.length - 1].push(c);
    }
    if (groups.length === 1) {
      // `x: int` alone: an annotation without a value binds nothing.
      return () => NORMAL;
    }
    const value = this.exprList(groups.pop()!, node);
    const targets = groups.map((g) => this.targetList(g, node));
    if (targets.length === 1) {
      const t = targets[0];
      return (f) => {
        t(f, value(f));
        return NORMAL;
      };
    }
    return (f) => {
      const v = value(f);
      for (const t of targets) t(f, v);
      return NORMAL;
    };
  }

  private updateStmt(cs: SyntaxNode[]): Stmt {
    const [target, opNode, valueNode] = cs;
    const op = ARITH[this.text(opNode).slice(0, -1)];
    if (!op) this.fail(opNode, "invalid syntax");
    const value = this.expr(valueNode);
    if (target.name === "VariableName") {
      const load = this.nameLoad(target);
      const store = this.nameStore(this.text(target));
      return (f) => {
        store(f, inplaceOp(op, load(f), value(f)));
        return NORMAL;
      };
    }
    if (target.name === "MemberExpression") {
      const tcs = children(target);
      const obj = this.expr(tcs[0]);
      if (tcs[1].name === ".") {
        const name = this.text(tcs[2]);
        return (f) => {
          const o = obj(f);
          setAttr(o, name, inplaceOp(op, getAttr(o, name), value(f)));
          return NORMAL;
        };
      }
      const key = this.subscript(tcs.slice(2, -1), target);
      return (f) => {
        const o = obj(f);
        const k = key(f);
        setItem(o, k, inplaceOp(op, getItem(o, k), value(f)));
        return NORMAL;
      };
    }
    this.fail(target, "'expression' is an illegal expression for augmented assignment");
  }

  private ifStmt(cs: SyntaxNode[]): Stmt {
    const branches: [Expr, Stmt][] = [];
    let orelse: Stmt | null = null;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      if (c.name === "if" || c.name === "elif") {
        branches.push([this.expr(cs[i + 1]), this.block(cs[i + 2])]);
        i += 2;
      } else if (c.name === "else") {
        orelse = this.block(cs[i + 1]);
        i++;
      }
    }
    if (branches.length === 1) {
      const [cond, body] = branches[0];
      return (f) => (truthy(cond(f)) ? body(f) : orelse ? orelse(f) : NORMAL);
    }
    return (f) => {
      for (const [cond, body] of branches) if (truthy(cond(f))) return body(f);
      return orelse ? orelse(f) : NORMAL;
    };
  }

  private loopBody(body: SyntaxNode): Stmt {
    this.loopDepth++;
    try {
      return this.block(body);
    } finally {
      this.loopDepth--;
    }
  }

  /** A loop's `else` block, compiled by `block`. */
  private loopElse<S>(cs: SyntaxNode[], block: (n: SyntaxNode) => S): S | null {
    const i = cs.findIndex((c) => c.name === "else");
    return i >= 0 ? block(cs[i + 1]) : null;
  }

  private whileStmt(cs: SyntaxNode[]): Stmt {
    const cond = this.expr(cs[1]);
    const body = this.loopBody(cs[2]);
    const orelse = this.loopElse(cs, (n) => this.block(n));
    const rt = this.rt;
    return (f) => {
      while (truthy(cond(f))) {
        rt.tick();
        const s = body(f);
        if (s === BREAK) return NORMAL;
        if (s === RETURN) return s;
      }
      return orelse ? orelse(f) : NORMAL;
    };
  }

  private forStmt(cs: SyntaxNode[], node: SyntaxNode): Stmt {
    const { target, iterable, temporary, bodyNode } = this.forHeader(cs, node);
    const body = this.loopBody(bodyNode);
    const orelse = this.loopElse(cs, (n) => this.block(n));
    const rt = this.rt;
    return (f) => {
      const it = iterable(f);
      if (it instanceof PyRange && it.step === 1n && it.stop - it.start < 1n << 52n) {
        const stop = Number(it.stop);
        for (let i = Number(it.start); i < stop; i++) {
          rt.tick();
          target(f, BigInt(i));
          const s = body(f);
          if (s === BREAK) return NORMAL;
          if (s === RETURN) return s;
        }
      } else if (it instanceof PyList || it instanceof PyTuple) {
        const items = it.items;
        for (let i = 0; i < items.length; i++) {
          rt.tick();
          target(f, items[i]);
          const s = body(f);
          if (s === BREAK) return NORMAL;
          if (s === RETURN) return s;
        }
      } else {
        const iter = getIter(it);
        let exhausted = false;
        try {
          for (let r = iter.next(); !r.done; r = iter.next()) {
            rt.tick();
            target(f, r.value);
            const s = body(f);
            if (s === BREAK) return NORMAL;
            if (s === RETURN) return s;
          }
          exhausted = true;
        } finally {
          // A generator made for this loop alone dies with it, and CPython closes it then.
          if (!exhausted && temporary && it instanceof PyGenerator) it.finalize();
        }
      }
      return orelse ? orelse(f) : NORMAL;
    };
  }

  /**
   * A for statement's parts both compile modes share: the target, the iterable, whether the
   * loop made that iterable itself, and the body node.
   */
  private forHeader(cs: SyntaxNode[], node: SyntaxNode) {
    const inIdx = cs.findIndex((c) => c.name === "in");
    const bodyIdx = cs.findIndex((c) => c.name === "Body");
    const iterNodes = cs.slice(inIdx + 1, bodyIdx);
    return {
      target: this.targetList(cs.slice(1, inIdx), node),
      iterable: this.exprList(iterNodes, node),
      temporary: this.isTemporary(iterNodes),
      bodyNode: cs[bodyIdx],
    };
  }

  /** Whether a for loop's iterable is made by the loop itself (not a name or attribute). */
  private isTemporary(nodes: SyntaxNode[]): boolean {
    return !(
      nodes.length === 1 &&
      (nodes[0].name === "VariableName" || nodes[0].name === "MemberExpression")
    );
  }

  /** A function's __doc__: its body's first statement when that is a plain string literal. */
  private docstring(body: SyntaxNode): string | null {
    const first = children(body).find((c) => c.name !== ":");
    const parts = first?.name === "ExpressionStatement" ? children(first) : [];
    return parts.length === 1 && parts[0].name === "String" ? this.stringConst(parts[0]) : null;
  }

  /**
   * `@a.b(args)` lines over a def: the decorator expressions are evaluated top to bottom before
   * the function is made, then applied bottom to top, and the name is bound to the result.
   */
  private decoratedDef(cs: SyntaxNode[], node: SyntaxNode): Stmt {
    const def = cs[cs.length - 1];
    const decorators = cs.slice(0, -1).map((d) => this.decorator(d));
    if (def.name === "ClassDefinition") return this.classDef(children(def), def, decorators);
    if (def.name !== "FunctionDefinition") this.fail(node, "invalid syntax");
    return this.functionDef(children(def), def, decorators);
  }

  /** A Decorator node's expression: a dotted name, optionally called. */
  private decorator(node: SyntaxNode): Expr {
    const parts = children(node).filter((c) => c.name !== "At" && c.name !== "newline");
    let e = this.expr(parts[0]);
    for (let i = 1; i < parts.length; i++) {
      const p = parts[i];
      if (p.name === "." && parts[i + 1]) {
        const obj = e;
        const name = this.text(parts[++i]);
        e = (f) => getAttr(obj(f), name);
      } else if (p.name === "ArgList") e = this.callWith(e, p);
      else this.fail(p, "invalid syntax");
    }
    return e;
  }

  private functionDef(cs: SyntaxNode[], node: SyntaxNode, decorators: Expr[] = []): Stmt {
    if (cs[0].name === "async") this.unsupported(node, "async def");
    const nameNode = cs.find((c) => c.name === "VariableName")!;
    const name = this.text(nameNode);
    const paramList = cs.find((c) => c.name === "ParamList") ?? null;
    const bodyNode = cs.find((c) => c.name === "Body");
    if (!bodyNode) this.fail(node, "invalid syntax");
    const generator = this.containsYield(bodyNode);
    const make = this.makeFunction(
      name,
      paramList,
      () => (generator ? this.generatorBody(bodyNode, name) : this.block(bodyNode)),
      bodyNode,
      this.docstring(bodyNode),
    );
    const store = this.nameStore(name);
    if (decorators.length === 0)
      return (f) => {
        store(f, make(f));
        return NORMAL;
      };
    return (f) => {
      const apply = decorators.map((d) => d(f));
      let fn = make(f);
      for (let i = apply.length - 1; i >= 0; i--) fn = callValue(apply[i], [fn]);
      store(f, fn);
      return NORMAL;
    };
  }

  /**
   * `class Name(bases): body`. The body runs once, in a frame of its own whose slots become the
   * class's attributes; functions defined in it close over that frame but cannot see its names.
   */
  private classDef(cs: SyntaxNode[], node: SyntaxNode, decorators: Expr[] = []): Stmt {
    const name = this.text(cs.find((c) => c.name === "VariableName")!);
    const argList = cs.find((c) => c.name === "ArgList");
    const bodyNode = cs.find((c) => c.name === "Body");
    if (!bodyNode) this.fail(node, "invalid syntax");
    const bases: Expr[] = [];
    for (const c of argList ? children(argList).slice(1, -1) : []) {
      if (c.name === ",") continue;
      if (c.name === "*" || c.name === "**" || c.name === "AssignOp")
        this.unsupported(c, "a class keyword or starred base");
      bases.push(this.expr(c));
    }
    const outer = this.scope;
    const scope = new Scope("class", outer);
    const qualname = outer.qualify(name);
    scope.qualname = qualname;
    const cell: ClassCell = { cls: null };
    scope.classCell = cell;
    const loopDepth = this.loopDepth;
    this.scope = scope;
    this.loopDepth = 0;
    let body: Stmt;
    try {
      this.collectBindings(bodyNode, scope);
      body = this.block(bodyNode);
    } finally {
      this.scope = outer;
      this.loopDepth = loopDepth;
    }
    const doc = this.docstring(bodyNode);
    const store = this.nameStore(name);
    const code = this.code;
    const rt = this.rt;
    return (f) => {
      const apply = decorators.map((d) => d(f));
      const baseValues = bases.map((b) => b(f));
      const frame = new Frame(f, scope.slots.size);
      rt.enterCall();
      try {
        body(frame);
      } catch (e) {
        const exc = toPyException(e);
        if (frame.line > 0) exc.traceback.push(code.entry(frame.line, name));
        throw exc;
      } finally {
        rt.leaveCall();
      }
      const namespace = new Map<string, PyValue>([
        ["__module__", "__main__"],
        ["__qualname__", qualname],
      ]);
      if (doc !== null) namespace.set("__doc__", doc);
      for (const [n, i] of scope.slots) {
        const v = frame.vars[i];
        if (v !== undefined) namespace.set(n, v);
      }
      const made = makeClass(name, qualname, baseValues, namespace);
      cell.cls = made;
      let cls: PyValue = made;
      for (let i = apply.length - 1; i >= 0; i--) cls = callValue(apply[i], [cls]);
      store(f, cls);
      return NORMAL;
    };
  }

  // -------------------------------------------------------------------------------------------
  // Generator bodies: the statements on a path to a `yield` compile to JS generator functions
  // (GStmt) that delegate with yield*; every other statement is compiled as usual and run inside.

  /** Whether a function body yields (not counting functions, classes and lambdas inside it). */
  private containsYield(node: SyntaxNode): boolean {
    for (const c of children(node)) {
      switch (c.name) {
        case "YieldStatement":
        case "YieldExpression":
          return true;
        case "FunctionDefinition":
        case "ClassDefinition":
        case "DecoratedStatement":
        case "LambdaExpression":
        case "ArrayComprehensionExpression":
        case "DictionaryComprehensionExpression":
        case "SetComprehensionExpression":
        case "ComprehensionExpression":
          continue;
      }
      if (this.containsYield(c)) return true;
    }
    return false;
  }

  /** A generator function's body: calling it makes the generator, which runs nothing yet. */
  private generatorBody(bodyNode: SyntaxNode, name: string): Stmt {
    const body = this.genBlock(bodyNode);
    const qualname = this.scope.qualname;
    const rt = this.rt;
    const code = this.code;
    return (f) => {
      f.ret = new PyGenerator(body(f), f, rt, code, name, qualname);
      return RETURN;
    };
  }

  private genBlock(body: SyntaxNode): GStmt {
    const stmts = this.flatStatements(children(body)).map((s) => this.genStmt(s));
    return function* (f) {
      for (let i = 0; i < stmts.length; i++) {
        const s = yield* stmts[i](f);
        if (s !== NORMAL) return s;
      }
      return NORMAL;
    };
  }

  private genLoopBody(body: SyntaxNode): GStmt {
    this.loopDepth++;
    try {
      return this.genBlock(body);
    } finally {
      this.loopDepth--;
    }
  }

  private genStmt(node: SyntaxNode): GStmt {
    if (!this.containsYield(node) && node.name !== "YieldStatement") {
      const plain = this.stmt(node);
      // eslint-disable-next-line require-yield
      return function* (f) {
        return plain(f);
      };
    }
    const inner = this.genInner(node);
    const line = this.lineOf(node.from);
    return function* (f) {
      f.line = line;
      return yield* inner(f);
    };
  }

  private genInner(node: SyntaxNode): GStmt {
    const cs = children(node);
    switch (node.name) {
      case "YieldStatement":
        return this.yieldStmt(cs, node);
      case "AssignStatement": {
        const ops = cs.filter((c) => c.name === "AssignOp").length;
        const value = cs[cs.length - 1];
        if (ops !== 1 || value.name !== "YieldExpression") break;
        const target = this.targetList(
          cs.slice(0, cs.indexOf(cs.find((c) => c.name === "AssignOp")!)),
          node,
        );
        const vcs = children(value);
        if (vcs[1]?.name === "from") {
          const source = this.expr(vcs[2]);
          return function* (f) {
            target(f, yield* yieldFrom(source(f)));
            return NORMAL;
          };
        }
        const yielded = this.yieldValue(vcs.slice(1), value);
        return function* (f) {
          const sent = yield yielded(f);
          target(f, sent);
          return NORMAL;
        };
      }
      case "IfStatement": {
        const branches: [Expr, GStmt][] = [];
        let orelse: GStmt | null = null;
        for (let i = 0; i < cs.length; i++) {
          if (cs[i].name === "if" || cs[i].name === "elif") {
            branches.push([this.expr(cs[i + 1]), this.genBlock(cs[i + 2])]);
            i += 2;
          } else if (cs[i].name === "else") orelse = this.genBlock(cs[++i]);
        }
        return function* (f) {
          for (const [cond, body] of branches) if (truthy(cond(f))) return yield* body(f);
          return orelse ? yield* orelse(f) : NORMAL;
        };
      }
      case "WhileStatement": {
        const cond = this.expr(cs[1]);
        const body = this.genLoopBody(cs[2]);
        const orelse = this.loopElse(cs, (n) => this.genBlock(n));
        const rt = this.rt;
        return function* (f) {
          while (truthy(cond(f))) {
            rt.tick();
            const s = yield* body(f);
            if (s === BREAK) return NORMAL;
            if (s === RETURN) return s;
          }
          return orelse ? yield* orelse(f) : NORMAL;
        };
      }
      case "ForStatement": {
        const { target, iterable, temporary, bodyNode } = this.forHeader(cs, node);
        const body = this.genLoopBody(bodyNode);
        const orelse = this.loopElse(cs, (n) => this.genBlock(n));
        const rt = this.rt;
        return function* (f) {
          const it = iterable(f);
          const iter = getIter(it);
          let exhausted = false;
          try {
            for (let r = iter.next(); !r.done; r = iter.next()) {
              rt.tick();
              target(f, r.value);
              const s = yield* body(f);
              if (s === BREAK) return NORMAL;
              if (s === RETURN) return s;
            }
            exhausted = true;
          } finally {
            if (!exhausted && temporary && it instanceof PyGenerator) it.finalize();
          }
          return orelse ? yield* orelse(f) : NORMAL;
        };
      }
      case "TryStatement":
        return this.genTry(cs, node);
      case "WithStatement":
        return this.genWith(cs, node);
      case "StatementGroup":
        return this.genBlock(node);
    }
    return this.unsupported(node, "yield inside an expression");
  }

  private yieldValue(parts: SyntaxNode[], node: SyntaxNode): Expr {
    parts = parts.filter((p) => !p.type.isError);
    if (parts.length === 0) return () => null;
    return this.exprList(parts, node);
  }

  private yieldStmt(cs: SyntaxNode[], node: SyntaxNode): GStmt {
    if (cs[1]?.name === "from") {
      const source = this.expr(cs[2]);
      return function* (f) {
        yield* yieldFrom(source(f));
        return NORMAL;
      };
    }
    const value = this.yieldValue(cs.slice(1), node);
    return function* (f) {
      yield value(f);
      return NORMAL;
    };
  }

  private genTry(cs: SyntaxNode[], node: SyntaxNode): GStmt {
    const { body, handlers, orelse, fin } = this.tryClauses(cs, node, (n) => this.genBlock(n));
    const rt = this.rt;
    const matches = (exc: PyException, t: PyValue): boolean => this.matchesHandler(exc, t);
    return function* (f) {
      let sig: Signal = NORMAL;
      try {
        let caught: PyException | null = null;
        try {
          sig = yield* body(f);
        } catch (e) {
          caught = toPyException(e);
          if (caught.uncatchable || handlers.length === 0) throw caught;
        }
        if (caught) {
          const k = handlers.findIndex((h) => !h.type || matches(caught!, h.type(f)));
          if (k < 0) throw caught;
          handlers[k].store?.(f, caught);
          const prev = rt.currentException;
          rt.currentException = caught;
          try {
            sig = yield* handlers[k].body(f);
          } finally {
            rt.currentException = prev;
            handlers[k].unbind?.(f);
          }
        } else if (sig === NORMAL && orelse) sig = yield* orelse(f);
      } finally {
        if (fin) {
          const s = yield* fin(f);
          if (s !== NORMAL) sig = s;
        }
      }
      return sig;
    };
  }

  private genWith(cs: SyntaxNode[], node: SyntaxNode): GStmt {
    if (cs.filter((c) => c.name === "as").length > 1 || cs.filter((c) => c.name === ",").length)
      this.unsupported(node, "yield inside a with statement of several managers");
    const mgr = this.expr(cs[1]);
    const asIdx = cs.findIndex((c) => c.name === "as");
    const target = asIdx >= 0 ? this.target(cs[asIdx + 1], node) : null;
    const body = this.genBlock(cs[cs.length - 1]);
    return function* (f) {
      const m = mgr(f);
      if (!(m instanceof PyObject))
        throw new PyException(
          "TypeError",
          `'${typeName(m)}' object does not support the context manager protocol`,
        );
      const v = m.enter();
      if (target) target(f, v);
      let sig: Signal;
      try {
        sig = yield* body(f);
      } catch (e) {
        const exc = toPyException(e);
        if (m.exit(exc) && !exc.uncatchable) return NORMAL;
        throw exc;
      }
      m.exit(null);
      return sig;
    };
  }

  private matchesHandler(exc: PyException, t: PyValue): boolean {
    if (t instanceof PyTuple) return t.items.some((x) => this.matchesHandler(exc, x));
    if (!(t instanceof PyType) || !t.isSubclassOf(baseExceptionType))
      throw new PyException(
        "TypeError",
        "catching classes that do not inherit from BaseException is not allowed",
      );
    return exc.type.isSubclassOf(t);
  }

  /**
   * A try statement's clauses, each block compiled by `block` (plain statements, or generator
   * statements inside a generator body).
   */
  private tryClauses<S>(
    cs: SyntaxNode[],
    node: SyntaxNode,
    block: (n: SyntaxNode) => S,
  ): TryClauses<S> {
    const body = block(cs[1]);
    const handlers: TryClauses<S>["handlers"] = [];
    let orelse: S | null = null;
    let fin: S | null = null;
    for (let i = 2; i < cs.length; i++) {
      const c = cs[i];
      if (c.name === "except") {
        let j = i + 1;
        let type: Expr | null = null;
        let store: ((f: Frame, v: PyValue) => void) | null = null;
        let unbind: ((f: Frame) => void) | null = null;
        if (cs[j].name !== "Body") {
          type = this.expr(cs[j]);
          j++;
          if (cs[j].name === "as") {
            store = this.nameStore(this.text(cs[j + 1]));
            unbind = this.nameUnbind(this.text(cs[j + 1]));
            j += 2;
          }
        }
        if (cs[j]?.name !== "Body") this.fail(node, "invalid syntax");
        handlers.push({ type, store, unbind, body: block(cs[j]) });
        i = j;
      } else if (c.name === "else") {
        orelse = block(cs[++i]);
      } else if (c.name === "finally") {
        fin = block(cs[++i]);
      }
    }
    return { body, handlers, orelse, fin };
  }

  private tryStmt(cs: SyntaxNode[], node: SyntaxNode): Stmt {
    const { body, handlers, orelse, fin } = this.tryClauses(cs, node, (n) => this.block(n));
    const rt = this.rt;
    const handle = (f: Frame, e: unknown): Signal => {
      const exc = toPyException(e);
      if (exc.uncatchable) throw exc;
      for (const h of handlers) {
        if (h.type && !this.matchesHandler(exc, h.type(f))) continue;
        if (h.store) h.store(f, exc);
        const prev = rt.currentException;
        rt.currentException = exc;
        try {
          return h.body(f);
        } finally {
          rt.currentException = prev;
          // Python deletes the `as` name after the handler (the exception holds the frame).
          if (h.unbind) h.unbind(f);
        }
      }
      throw exc;
    };
    const runTry = (f: Frame): Signal => {
      let sig: Signal;
      try {
        sig = body(f);
      } catch (e) {
        if (!handlers.length) throw e;
        return handle(f, e);
      }
      return sig === NORMAL && orelse ? orelse(f) : sig;
    };
    if (!fin) return runTry;
    const finBody = fin;
    return (f) => {
      let sig: Signal = NORMAL;
      let threw = false;
      let err: unknown;
      try {
        sig = runTry(f);
      } catch (e) {
        threw = true;
        err = e;
      }
      const line = f.line;
      const s = finBody(f);
      if (s !== NORMAL) return s;
      f.line = line;
      if (threw) throw err;
      return sig;
    };
  }

  private raiseStmt(cs: SyntaxNode[]): Stmt {
    const rt = this.rt;
    if (cs.length === 1)
      return () => {
        if (!rt.currentException)
          throw new PyException("RuntimeError", "No active exception to reraise");
        throw rt.currentException;
      };
    const value = this.expr(cs[1]);
    const cause = cs[2]?.name === "from" ? this.expr(cs[3]) : null;
    return (f) => {
      const exc = toRaisable(value(f));
      if (cause) {
        const c = cause(f);
        const causeExc = c === null ? null : toRaisable(c, "exception causes");
        exc.attrs.set("__cause__", causeExc);
        exc.attrs.set("__suppress_context__", true);
      }
      const context = rt.currentException;
      if (context && context !== exc && !exc.attrs.has("__context__"))
        exc.attrs.set("__context__", context);
      exc.traceback = [];
      throw exc;
    };
  }

  private withStmt(cs: SyntaxNode[], node: SyntaxNode): Stmt {
    const items: { mgr: Expr; target: ((f: Frame, v: PyValue) => void) | null }[] = [];
    let i = 1;
    while (i < cs.length && cs[i].name !== "Body") {
      const mgr = this.expr(cs[i]);
      let target: ((f: Frame, v: PyValue) => void) | null = null;
      i++;
      if (cs[i]?.name === "as") {
        target = this.target(cs[i + 1], node);
        i += 2;
      }
      items.push({ mgr, target });
      if (cs[i]?.name === ",") i++;
    }
    const body = this.block(cs[i]);
    const run = (f: Frame, k: number): Signal => {
      if (k === items.length) return body(f);
      const m = items[k].mgr(f);
      const enter = (): PyValue => {
        if (m instanceof PyObject) return m.enter();
        throw new PyException(
          "TypeError",
          `'${typeName(m)}' object does not support the context manager protocol`,
        );
      };
      const v = enter();
      const target = items[k].target;
      if (target) target(f, v);
      let sig: Signal;
      try {
        sig = run(f, k + 1);
      } catch (e) {
        const exc = toPyException(e);
        if ((m as PyObject).exit(exc) && !exc.uncatchable) return NORMAL;
        throw exc;
      }
      (m as PyObject).exit(null);
      return sig;
    };
    return (f) => run(f, 0);
  }

  private assertStmt(cs: SyntaxNode[]): Stmt {
    const cond = this.expr(cs[1]);
    const msg = cs[2]?.name === "," ? this.expr(cs[3]) : null;
    return (f) => {
      if (truthy(cond(f))) return NORMAL;
      throw msg
        ? PyException.withArgs("AssertionError", [msg(f)])
        : new PyException("AssertionError");
    };
  }

  private dotted(nodes: SyntaxNode[]): string {
    return nodes.map((n) => this.text(n)).join("");
  }

  private importStmt(cs: SyntaxNode[], node: SyntaxNode): Stmt {
    const rt = this.rt;
    const actions: ((f: Frame) => void)[] = [];
    if (cs[0].name === "import") {
      let i = 1;
      while (i < cs.length) {
        let j = i;
        while (j < cs.length && cs[j].name !== "," && cs[j].name !== "as") j++;
        const dotted = this.dotted(cs.slice(i, j));
        if (cs[j]?.name === "as") {
          const store = this.nameStore(this.text(cs[j + 1]));
          actions.push((f) => store(f, rt.importModule(dotted)));
          j += 2;
        } else {
          const top = dotted.split(".")[0];
          const store = this.nameStore(top);
          actions.push((f) => {
            rt.importModule(dotted);
            store(f, rt.importModule(top));
          });
        }
        i = j + 1;
      }
    } else {
      const imp = cs.findIndex((c) => c.name === "import");
      const modName = this.dotted(cs.slice(1, imp));
      if (modName.startsWith(".")) this.unsupported(node, "a relative import");
      const names = cs.slice(imp + 1).filter((c) => !PUNCT.has(c.name));
      if (names.length === 1 && names[0].name === "*") {
        if (this.scope.kind !== "module") this.fail(node, "import * only allowed at module level");
        actions.push(() => {
          const m = rt.importModule(modName);
          for (const [k, v] of m.attrs) if (!k.startsWith("_")) rt.globals.set(k, v);
        });
      } else
        for (let i = 0; i < names.length; i++) {
          const n = this.text(names[i]);
          let alias = n;
          if (names[i + 1]?.name === "as") {
            alias = this.text(names[i + 2]);
            i += 2;
          }
          const store = this.nameStore(alias);
          actions.push((f) => {
            const m = rt.importModule(modName);
            let v = m.getAttr(n);
            if (v === undefined) {
              try {
                v = rt.importModule(`${modName}.${n}`);
              } catch {
                throw new PyException(
                  "ImportError",
                  `cannot import name '${n}' from '${modName}' (unknown location)`,
                );
              }
            }
            store(f, v);
          });
        }
    }
    return (f) => {
      for (const a of actions) a(f);
      return NORMAL;
    };
  }

  private deleteStmt(cs: SyntaxNode[]): Stmt {
    const dels: ((f: Frame) => void)[] = [];
    for (const t of cs.slice(1)) {
      if (t.name === ",") continue;
      if (t.name === "VariableName") {
        const name = this.text(t);
        const r = this.resolve(name);
        const globals = this.rt.globals;
        if (r.kind === "global")
          dels.push(() => {
            if (!globals.delete(name))
              throw new PyException("NameError", `name '${name}' is not defined`);
          });
        else {
          const { depth, index } = r;
          dels.push((f) => {
            let fr = f;
            for (let d = 0; d < depth; d++) fr = fr.parent!;
            if (fr.vars[index] === undefined)
              throw new PyException(
                "UnboundLocalError",
                `cannot access local variable '${name}' where it is not associated with a value`,
              );
            fr.vars[index] = undefined;
          });
        }
      } else if (t.name === "MemberExpression") {
        const tcs = children(t);
        const obj = this.expr(tcs[0]);
        if (tcs[1].name === ".") {
          const name = this.text(tcs[2]);
          dels.push((f) => {
            const o = obj(f);
            if (o instanceof PyObject && o.delAttr(name)) return;
            throw new PyException(
              "AttributeError",
              o instanceof PyType
                ? `type object '${o.name}' has no attribute '${name}'`
                : `'${typeName(o)}' object has no attribute '${name}'`,
            );
          });
        } else {
          const key = this.subscript(tcs.slice(2, -1), t);
          dels.push((f) => delItem(obj(f), key(f)));
        }
      } else this.fail(t, "cannot delete expression");
    }
    return (f) => {
      for (const d of dels) d(f);
      return NORMAL;
    };
  }
}
