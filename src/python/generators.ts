// Generator functions: a `def` whose body yields is compiled a second way, into JS generator
// functions (compiler.ts, genStmt), so a Python generator suspends exactly where a JS one does.
// Calling the function binds its arguments and returns a PyGenerator around the suspended body.

import type { CodeUnit, Frame, Runtime, Signal } from "./frame";
import { RETURN, toPyException } from "./frame";
import {
  baseExceptionType,
  type Kwargs,
  objectId,
  PyBuiltin,
  PyException,
  PyIterator,
  PyTuple,
  PyType,
  type PyValue,
} from "./objects";
import { callValue, getIter, typeName } from "./runtime";

export type GenBody = Generator<PyValue, Signal, PyValue>;

export class PyGenerator extends PyIterator {
  private finished = false;
  private running = false;
  private started = false;
  private handling: PyException | null = null;
  constructor(
    private readonly body: GenBody,
    private readonly frame: Frame,
    private readonly rt: Runtime,
    private readonly code: CodeUnit,
    readonly name: string,
    readonly qualname: string,
  ) {
    super({ next: () => this.resume(null) }, "generator");
    rt.liveGenerators.add(this);
  }

  /**
   * gen.close(): a suspended body unwinds from its yield, running its finally blocks. CPython
   * does this when the last reference goes, so the interpreter calls it for a generator a for
   * loop abandons and for those still suspended when a script ends.
   */
  close(): void {
    if (this.finished) return;
    if (!this.started) {
      this.finish();
      return;
    }
    // GeneratorExit is raised at the paused yield: except and finally clauses see it.
    let r: IteratorResult<PyValue>;
    try {
      r = this.resume(null, new PyException("GeneratorExit"));
    } catch (e) {
      if (e instanceof PyException && e.type.name === "GeneratorExit") return;
      throw e;
    }
    // It yielded again: it stays suspended there, and a later close() raises at that yield.
    if (!r.done) throw new PyException("RuntimeError", "generator ignored GeneratorExit");
  }

  /**
   * close() where CPython closes from a finaliser (the last reference went away), which only
   * reports errors on stderr ("Exception ignored in"): they do not reach the running code.
   */
  finalize(): void {
    try {
      this.close();
    } catch {
      // unraisable, as in CPython's finaliser; the generator is gone all the same
      this.finish();
    }
  }

  /** Runs the body to its next yield; `done` once it returns or raises. */
  private resume(sent: PyValue, throwing?: PyException): IteratorResult<PyValue> {
    if (this.finished) {
      if (throwing) throw throwing;
      return { done: true, value: null };
    }
    if (this.running) throw new PyException("ValueError", "generator already executing");
    if (!this.started && sent !== null && !throwing)
      throw new PyException("TypeError", "can't send non-None value to a just-started generator");
    this.started = true;
    this.running = true;
    this.rt.enterCall();
    // A generator suspended inside an except block keeps that exception as its own; the caller's
    // is what it sees otherwise (both for bare `raise` and for __context__).
    const callerException = this.rt.currentException;
    this.rt.currentException = this.handling ?? callerException;
    try {
      const r = throwing ? this.body.throw(throwing) : this.body.next(sent);
      if (!r.done) return { done: false, value: r.value };
      this.finish();
      // The frame's ret holds the generator itself until a return statement sets it.
      return { done: true, value: r.value === RETURN ? this.frame.ret : null };
    } catch (e) {
      this.finish();
      const exc = toPyException(e);
      // A StopIteration escaping a generator body becomes a RuntimeError (PEP 479).
      if (exc.type.name === "StopIteration") {
        const wrapped = new PyException("RuntimeError", "generator raised StopIteration");
        wrapped.traceback = exc.traceback;
        throw wrapped;
      }
      if (this.frame.line > 0) exc.traceback.push(this.code.entry(this.frame.line, this.name));
      throw exc;
    } finally {
      this.handling =
        this.rt.currentException === callerException ? null : this.rt.currentException;
      this.rt.currentException = callerException;
      this.running = false;
      this.rt.leaveCall();
    }
  }

  private finish(): void {
    this.finished = true;
    this.rt.liveGenerators.delete(this);
  }

  private step(sent: PyValue, throwing?: PyException): PyValue {
    const r = this.resume(sent, throwing);
    if (r.done) throw stopIteration(r.value);
    return r.value;
  }

  /**
   * `yield from this` inside another generator's body: values sent or thrown into the outer
   * generator go to this one, and its return value is the expression's value.
   */
  *delegate(): Generator<PyValue, PyValue, PyValue> {
    let r = this.resume(null);
    let finished = false;
    try {
      while (!r.done) {
        let sent: PyValue;
        try {
          sent = yield r.value;
        } catch (e) {
          const exc = toPyException(e);
          // Closing the outer generator closes this one, then goes on unwinding the outer.
          if (exc.type.name === "GeneratorExit") {
            this.close();
            throw exc;
          }
          r = this.resume(null, exc);
          continue;
        }
        r = this.resume(sent);
      }
      finished = true;
      return r.value;
    } finally {
      // The outer generator was closed while suspended in here: close this one too.
      if (!finished) this.close();
    }
  }

  override getAttr(name: string): PyValue | undefined {
    if (name === "__name__") return this.name;
    if (name === "__qualname__") return this.qualname;
    if (name === "send")
      return new PyBuiltin("send", (args: PyValue[], _k: Kwargs | undefined) => {
        if (args.length !== 1)
          throw new PyException(
            "TypeError",
            `generator.send() takes exactly one argument (${args.length} given)`,
          );
        return this.step(args[0]);
      });
    if (name === "throw")
      return new PyBuiltin("throw", (args: PyValue[]) => {
        if (args.length < 1 || args.length > 3)
          throw new PyException(
            "TypeError",
            `throw expected at least 1 argument, got ${args.length}`,
          );
        return this.step(null, thrownException(args[0], args[1] ?? null));
      });
    if (name === "close")
      return new PyBuiltin("close", () => {
        this.close();
        return null;
      });
    return undefined;
  }

  override repr(): string {
    return `<generator object ${this.qualname} at 0x${objectId(this).toString(16)}>`;
  }
}

/** The StopIteration that ends a generator: its value is the generator's return value. */
export function stopIteration(value: PyValue | undefined): PyException {
  return PyException.withArgs("StopIteration", value == null ? [] : [value]);
}

/** gen.throw(type, value) or gen.throw(instance), as CPython accepts them. */
function thrownException(typ: PyValue, value: PyValue): PyException {
  if (typ instanceof PyException) {
    if (value !== null)
      throw new PyException("TypeError", "instance exception may not have a separate value");
    return typ;
  }
  if (typ instanceof PyType && typ.isSubclassOf(baseExceptionType)) {
    if (value instanceof PyException && value.type.isSubclassOf(typ)) return value;
    const args = value === null ? [] : value instanceof PyTuple ? [...value.items] : [value];
    const e = callValue(typ, args);
    if (e instanceof PyException) return e;
  }
  throw new PyException(
    "TypeError",
    `exceptions must be classes or instances deriving from BaseException, not ${typeName(typ)}`,
  );
}

/** `yield from source`: a generator delegates; any other iterable is iterated, giving None. */
export function* yieldFrom(source: PyValue): Generator<PyValue, PyValue, PyValue> {
  if (source instanceof PyGenerator) return yield* source.delegate();
  const it = getIter(source);
  for (let r = it.next(); !r.done; r = it.next()) yield r.value;
  return null;
}
