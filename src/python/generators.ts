// Generator functions: a `def` whose body yields is compiled a second way, into JS generator
// functions (compiler.ts, genStmt), so a Python generator suspends exactly where a JS one does.
// Calling the function binds its arguments and returns a PyGenerator around the suspended body.

import type { CodeUnit, Frame, Runtime, Signal } from "./frame";
import { NORMAL, toPyException } from "./frame";
import { type Kwargs, objectId, PyBuiltin, PyException, PyIterator, type PyValue } from "./objects";

export type GenBody = Generator<PyValue, Signal, PyValue>;

export class PyGenerator extends PyIterator {
  private finished = false;
  private running = false;
  private started = false;
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
    this.finished = true;
    this.rt.liveGenerators.delete(this);
    if (!this.started) return;
    this.running = true;
    try {
      this.body.return(NORMAL);
    } finally {
      this.running = false;
    }
  }

  /** Runs the body to its next yield; `done` once it returns or raises. */
  private resume(sent: PyValue, throwing?: PyException): IteratorResult<PyValue> {
    if (this.finished) return { done: true, value: null };
    if (this.running) throw new PyException("ValueError", "generator already executing");
    if (!this.started && sent !== null && !throwing)
      throw new PyException("TypeError", "can't send non-None value to a just-started generator");
    this.started = true;
    this.running = true;
    this.rt.enterCall();
    try {
      const r = throwing ? this.body.throw(throwing) : this.body.next(sent);
      if (r.done) this.finish();
      return r.done ? { done: true, value: null } : { done: false, value: r.value };
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
    if (r.done) throw new PyException("StopIteration");
    return r.value;
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
