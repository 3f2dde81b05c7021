// The Python object model. Python ints are JS bigints, floats are numbers, bools are booleans,
// str is a JS string and None is null; everything else is a PyObject. Host objects (the torch
// binding's tensors) are PyObjects too: the hooks below are the whole protocol, see host.ts.

export type PyValue = null | boolean | bigint | number | string | PyObject;
export type Kwargs = Map<string, PyValue>;

export type BinaryOp =
  "+" | "-" | "*" | "/" | "//" | "%" | "**" | "@" | "&" | "|" | "^" | "<<" | ">>";
export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";
export type UnaryOp = "-" | "+" | "~";

/** Returned by operator hooks to let the other operand (or the fallback) try. */
export const NotImplemented: unique symbol = Symbol("NotImplemented");
export type NotImplementedType = typeof NotImplemented;

let nextId = 0x7f3a10000000;
const ids = new WeakMap<object, number>();
/** CPython-like id(): stable per object, never reused within a process. */
export function objectId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId;
    nextId += 48;
    ids.set(o, id);
  }
  return id;
}

/** id() of any value. Equal immutable values share one, as CPython's small-int and interned-string caches make them do. */
export function valueId(v: PyValue): number {
  if (v instanceof PyObject) return objectId(v);
  let h = 0x7f0000000000;
  for (const ch of typeof v + String(v)) h = (h * 31 + ch.charCodeAt(0)) % 0x7fffffffffff;
  return h;
}

const PRIMITIVE_TYPE_NAMES: Record<string, string> = {
  string: "str",
  bigint: "int",
  number: "float",
  boolean: "bool",
};

/**
 * Base of every non-primitive Python value. Each hook has a default that matches what CPython
 * does for an object that does not define the corresponding dunder.
 */
export abstract class PyObject {
  abstract get pyType(): PyType;

  /** Attribute lookup; undefined means "no such attribute" (AttributeError is raised for you). */
  getAttr(_name: string): PyValue | undefined {
    return undefined;
  }
  /**
   * The attribute `obj.name(...)` calls (CPython's LOAD_METHOD); the same as getAttr unless
   * the object words errors differently for a method called in place.
   */
  getMethod(name: string): PyValue | undefined {
    return this.getAttr(name);
  }
  /** Attribute assignment; return false to make Python raise AttributeError. */
  setAttr(_name: string, _value: PyValue): boolean {
    return false;
  }
  /** `del self.name`; return false to make Python raise AttributeError. */
  delAttr(_name: string): boolean {
    return false;
  }
  /** Whether call() is meaningful (callable()). */
  isCallable(): boolean {
    return false;
  }
  call(_args: PyValue[], _kwargs: Kwargs | undefined): PyValue {
    throw new PyException("TypeError", `'${this.pyType.name}' object is not callable`);
  }
  /** `self op other` (reflected=false) or `other op self` (reflected=true). */
  binaryOp(_op: BinaryOp, _other: PyValue, _reflected: boolean): PyValue | NotImplementedType {
    return NotImplemented;
  }
  /** `self op= other`; NotImplemented falls back to binaryOp and rebinding, as in Python. */
  inplaceOp(_op: BinaryOp, _other: PyValue): PyValue | NotImplementedType {
    return NotImplemented;
  }
  unaryOp(_op: UnaryOp): PyValue | NotImplementedType {
    return NotImplemented;
  }
  /** Rich comparison. For == and != NotImplemented falls back to identity. */
  compare(_op: CompareOp, _other: PyValue): PyValue | NotImplementedType {
    return NotImplemented;
  }
  getItem(_key: PyValue): PyValue {
    throw new PyException("TypeError", `'${this.pyType.name}' object is not subscriptable`);
  }
  setItem(_key: PyValue, _value: PyValue): void {
    throw new PyException(
      "TypeError",
      `'${this.pyType.name}' object does not support item assignment`,
    );
  }
  delItem(_key: PyValue): void {
    throw new PyException(
      "TypeError",
      `'${this.pyType.name}' object doesn't support item deletion`,
    );
  }
  /** undefined means the object has no len(). */
  len(): number | undefined {
    return undefined;
  }
  /** undefined means the object is not iterable. */
  iter(): Iterator<PyValue> | undefined {
    return undefined;
  }
  /** `x in self`; undefined falls back to iterating. */
  contains(_item: PyValue): boolean | undefined {
    return undefined;
  }
  /** Truth value; undefined falls back to len() and then to True. */
  bool(): boolean | undefined {
    return undefined;
  }
  repr(): string {
    return `<${this.pyType.qualifiedName()} object at 0x${objectId(this).toString(16)}>`;
  }
  str(): string {
    return this.repr();
  }
  /** format(self, spec); the default accepts only an empty spec, like object.__format__. */
  format(spec: string): string {
    if (spec === "") return this.str();
    throw new PyException(
      "TypeError",
      `unsupported format string passed to ${this.pyType.name}.__format__`,
    );
  }
  enter(): PyValue {
    throw new PyException(
      "TypeError",
      `'${this.pyType.name}' object does not support the context manager protocol`,
    );
  }
  /** Called on leaving a with block; return true to swallow the exception. */
  exit(_exc: PyException | null): boolean {
    return false;
  }
  /** Dict/set key; undefined means unhashable. The default is identity. */
  hashKey(): string | undefined {
    return "o" + objectId(this);
  }
}

export type Constructor = (args: PyValue[], kwargs: Kwargs | undefined) => PyValue;

/** A Python class: builtin types, exception classes and host classes such as torch.Tensor. */
export class PyType extends PyObject {
  readonly attrs = new Map<string, PyValue>();
  readonly mro: PyType[];
  constructor(
    readonly name: string,
    readonly bases: PyType[] = [],
    public construct?: Constructor,
    readonly module = "builtins",
  ) {
    super();
    this.mro = [this, ...c3Merge([...bases.map((b) => [...b.mro]), [...bases]], bases)];
  }
  get pyType(): PyType {
    return typeType;
  }
  qualifiedName(): string {
    return this.module === "builtins" ? this.name : `${this.module}.${this.name}`;
  }
  isSubclassOf(other: PyType): boolean {
    return this === other || this.mro.includes(other);
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "__name__" || name === "__qualname__") return this.name;
    if (name === "__module__") return this.module;
    if (name === "__bases__") return new PyTuple(this.bases);
    if (name === "__mro__") return new PyTuple(this.mro);
    if (name === "mro") return new PyBuiltin("mro", () => new PyList([...this.mro]));
    for (const t of this.mro) {
      const v = t.attrs.get(name);
      if (v !== undefined) return v;
    }
    return objectMethods.get(name);
  }
  override isCallable(): boolean {
    return this.construct !== undefined;
  }
  override call(args: PyValue[], kwargs: Kwargs | undefined): PyValue {
    if (!this.construct)
      throw new PyException("TypeError", `cannot create '${this.qualifiedName()}' instances`);
    return this.construct(args, kwargs);
  }
  override repr(): string {
    return `<class '${this.qualifiedName()}'>`;
  }
}

/**
 * C3 linearization, Python's method resolution order: repeatedly take the first head that no
 * other list has in its tail. A diamond D(B, C) over A gives D, B, C, A, object.
 */
function c3Merge(lists: PyType[][], bases: PyType[]): PyType[] {
  const out: PyType[] = [];
  for (;;) {
    const live = lists.filter((l) => l.length > 0);
    if (live.length === 0) return out;
    const head = live.map((l) => l[0]).find((h) => !live.some((l) => l.indexOf(h) > 0));
    if (!head)
      throw new PyException(
        "TypeError",
        `Cannot create a consistent method resolution\norder (MRO) for bases ${bases.map((b) => b.name).join(", ")}`,
      );
    out.push(head);
    for (const l of live) if (l[0] === head) l.shift();
  }
}

export const objectType = new PyType("object");
/**
 * object's own methods (`object.__setattr__(self, name, v)`), reached through any class but kept
 * out of `attrs` so that a class defining no dunder is not mistaken for one that does. classes.ts
 * fills it.
 */
export const objectMethods = new Map<string, PyValue>();
export const typeType = new PyType("type", [objectType]);

/** Build a type (host binding helper): `new PyType` with object as the default base. */
export function makeType(
  name: string,
  options: { module?: string; bases?: PyType[]; construct?: Constructor } = {},
): PyType {
  return new PyType(name, options.bases ?? [objectType], options.construct, options.module);
}

// ---------------------------------------------------------------------------------------------
// Exceptions

const exceptionTypes = new Map<string, PyType>();

function excType(name: string, base: PyType | null): PyType {
  const t: PyType = new PyType(name, base ? [base] : [objectType], (args) =>
    PyException.withArgs(t, args),
  );
  exceptionTypes.set(name, t);
  return t;
}

export const baseExceptionType = excType("BaseException", null);
{
  const exc = excType("Exception", baseExceptionType);
  for (const n of ["KeyboardInterrupt", "SystemExit", "GeneratorExit"])
    excType(n, baseExceptionType);
  const arith = excType("ArithmeticError", exc);
  for (const n of ["ZeroDivisionError", "OverflowError", "FloatingPointError"]) excType(n, arith);
  const lookup = excType("LookupError", exc);
  excType("IndexError", lookup);
  excType("KeyError", lookup);
  excType("UnboundLocalError", excType("NameError", exc));
  excType("ModuleNotFoundError", excType("ImportError", exc));
  excType("TimeoutError", excType("OSError", exc));
  const rt = excType("RuntimeError", exc);
  excType("NotImplementedError", rt);
  excType("RecursionError", rt);
  excType("IndentationError", excType("SyntaxError", exc));
  excType("UnicodeError", excType("ValueError", exc));
  for (const n of [
    "AssertionError",
    "AttributeError",
    "StopIteration",
    "TypeError",
    "MemoryError",
    "InternalError",
  ])
    excType(n, exc);
  const warning = excType("Warning", exc);
  for (const n of ["UserWarning", "DeprecationWarning", "RuntimeWarning"]) excType(n, warning);
}

/** The exception class called `name`, created under Exception if it is not a builtin one. */
export function exceptionType(name: string): PyType {
  return exceptionTypes.get(name) ?? excType(name, exceptionTypes.get("Exception")!);
}
export function exceptionTypeNames(): string[] {
  return [...exceptionTypes.keys()];
}

export interface TracebackEntry {
  filename: string;
  line: number;
  name: string;
  source: string;
}

/**
 * A Python exception instance, thrown as a JS value. Hosts raise Python errors with
 * `throw new PyException("RuntimeError", "message")`.
 */
export class PyException extends PyObject {
  readonly type: PyType;
  args: PyValue[];
  traceback: TracebackEntry[] = [];
  /** Set on interpreter stops (timeout, step budget): no except clause can catch them. */
  uncatchable = false;
  /** SyntaxError position, appended to str(e) as CPython does. */
  location?: { filename: string; line: number; text?: string; column?: number };
  readonly attrs = new Map<string, PyValue>();

  constructor(type: string | PyType, message?: string) {
    super();
    this.type = typeof type === "string" ? exceptionType(type) : type;
    this.args = message === undefined ? [] : [message];
  }
  static withArgs(type: string | PyType, args: PyValue[]): PyException {
    const e = new PyException(type);
    e.args = args;
    return e;
  }
  get pyType(): PyType {
    return this.type;
  }
  /** The text after "Type: " in a traceback (str(e)); set by runtime.ts to use Python str(). */
  get message(): string {
    return userExceptionHooks.str?.(this) ?? exceptionMessage(this);
  }
  /** "Type: message", or just "Type" when the message is empty. */
  errorLine(): string {
    const m = this.message;
    return m === "" ? this.type.name : `${this.type.name}: ${m}`;
  }
  override toString(): string {
    return this.errorLine();
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "args") return new PyTuple(this.args);
    const own = this.attrs.get(name);
    if (own !== undefined) return own;
    const v = userExceptionHooks.attr?.(this, name);
    if (v !== undefined) return v;
    // Chaining slots every exception has; `raise ... from` and raising in a handler set them.
    if (name === "__cause__" || name === "__context__") return null;
    if (name === "__suppress_context__") return false;
    if (name === "value" && this.type.isSubclassOf(exceptionType("StopIteration")))
      return this.args[0] ?? null;
    return undefined;
  }
  override setAttr(name: string, value: PyValue): boolean {
    this.attrs.set(name, value);
    return true;
  }
  override delAttr(name: string): boolean {
    return this.attrs.delete(name);
  }
  override str(): string {
    return this.message;
  }
  /** str(e) as BaseException.__str__ makes it, whatever the class overrides. */
  baseMessage(): string {
    return exceptionMessage(this);
  }
  override repr(): string {
    const custom = userExceptionHooks.repr?.(this);
    if (custom !== undefined) return custom;
    const inner = this.args.map((a) => reprHook(a)).join(", ");
    return `${this.type.name}(${inner})`;
  }
}

/**
 * Exceptions made from user classes reach their class's methods (and __str__/__repr__ overrides)
 * through these; classes.ts installs them, objects.ts cannot import it.
 */
export const userExceptionHooks: {
  attr?: (e: PyException, name: string) => PyValue | undefined;
  str?: (e: PyException) => string | undefined;
  repr?: (e: PyException) => string | undefined;
} = {};

function exceptionMessage(e: PyException): string {
  let m: string;
  if (e.args.length === 0) m = "";
  else if (e.args.length === 1) {
    const a = e.args[0];
    m = e.type.isSubclassOf(exceptionType("KeyError")) ? reprHook(a) : strHook(a);
  } else m = reprHook(new PyTuple(e.args));
  if (e.location && e.args.length === 1) m += ` (${e.location.filename}, line ${e.location.line})`;
  return m;
}

// runtime.ts installs the real str()/repr(); these hooks break the import cycle.
export let reprHook: (v: PyValue) => string = (v) => String(v);
export let strHook: (v: PyValue) => string = (v) => String(v);
export function installPrinters(repr: (v: PyValue) => string, str: (v: PyValue) => string): void {
  reprHook = repr;
  strHook = str;
}

// ---------------------------------------------------------------------------------------------
// Containers and small builtin objects

export const listType = new PyType("list", [objectType]);
export const tupleType = new PyType("tuple", [objectType]);
export const dictType = new PyType("dict", [objectType]);
export const setType = new PyType("set", [objectType]);
export const sliceType = new PyType("slice", [objectType]);
export const rangeType = new PyType("range", [objectType]);
export const moduleType = new PyType("module", [objectType]);
export const functionType = new PyType("function", [objectType]);
export const builtinFunctionType = new PyType("builtin_function_or_method", [objectType]);
export const ellipsisType = new PyType("ellipsis", [objectType]);
const iteratorTypes = new Map<string, PyType>();

export class PyList extends PyObject {
  constructor(public items: PyValue[] = []) {
    super();
  }
  get pyType(): PyType {
    return listType;
  }
  override repr(): string {
    return reprHook(this);
  }
  override len(): number {
    return this.items.length;
  }
  override iter(): Iterator<PyValue> {
    // Python list iterators see appends made during iteration; index-based iteration does too.
    const items = this.items;
    let i = 0;
    return {
      next: () =>
        i < items.length
          ? { value: items[i++], done: false }
          : { value: undefined, done: true as const },
    };
  }
  override hashKey(): string | undefined {
    return undefined;
  }
}

export class PyTuple extends PyObject {
  constructor(readonly items: readonly PyValue[]) {
    super();
  }
  get pyType(): PyType {
    return tupleType;
  }
  override repr(): string {
    return reprHook(this);
  }
  override len(): number {
    return this.items.length;
  }
  override iter(): Iterator<PyValue> {
    return this.items[Symbol.iterator]();
  }
}

export class PyDict extends PyObject {
  /** hash key -> [key, value]; Map keeps insertion order as Python dicts do. */
  readonly entries = new Map<string, [PyValue, PyValue]>();
  get pyType(): PyType {
    return dictType;
  }
  /** d[key] = value for a key whose hash key is h; an equal existing key object is kept. */
  put(h: string, key: PyValue, value: PyValue): void {
    const e = this.entries.get(h);
    if (e) e[1] = value;
    else this.entries.set(h, [key, value]);
  }
  override repr(): string {
    return reprHook(this);
  }
  override len(): number {
    return this.entries.size;
  }
  override iter(): Iterator<PyValue> {
    const it = this.iterEntries();
    return {
      next: () => {
        const r = it.next();
        return r.done ? r : { value: r.value[0], done: false };
      },
    };
  }
  /** The [key, value] pairs in order; like CPython, adding or removing keys meanwhile is an error. */
  iterEntries(): Iterator<[PyValue, PyValue], undefined> {
    const it = this.entries.values();
    const size = this.entries.size;
    return {
      next: () => {
        if (this.entries.size !== size)
          throw new PyException("RuntimeError", "dictionary changed size during iteration");
        const r = it.next();
        return r.done ? { value: undefined, done: true } : r;
      },
    };
  }
  override hashKey(): string | undefined {
    return undefined;
  }
}

export class PySet extends PyObject {
  readonly entries = new Map<string, PyValue>();
  get pyType(): PyType {
    return setType;
  }
  add(h: string, v: PyValue): void {
    if (!this.entries.has(h)) this.entries.set(h, v);
  }
  override repr(): string {
    return reprHook(this);
  }
  override len(): number {
    return this.entries.size;
  }
  override iter(): Iterator<PyValue> {
    return intSetOrder(this.entries) ?? this.entries.values();
  }
  override hashKey(): string | undefined {
    return undefined;
  }
}

const HASH_MODULUS = (1n << 61n) - 1n;

/**
 * CPython iterates a set in hash-table order. For sets of ints (whose hashes are fixed, unlike
 * str hashes, which CPython randomises per process) replay CPython's insertion into an
 * open-addressing table (9 linear probes, then perturbed probing; resize when 3/5 full)
 * so {5, 3, 1} prints as {1, 3, 5}. Removals are not replayed.
 */
function intSetOrder(entries: Map<string, PyValue>): Iterator<PyValue> | undefined {
  const items: { v: PyValue; h: bigint }[] = [];
  for (const [k, v] of entries) {
    if (k[0] !== "n") return undefined;
    const n = BigInt(k.slice(1));
    let h = n < 0n ? -(-n % HASH_MODULUS) : n % HASH_MODULUS;
    if (h === -1n) h = -2n;
    items.push({ v, h: BigInt.asUintN(64, h) });
  }
  let size = 8;
  let table: ({ v: PyValue; h: bigint } | null)[] = new Array(size).fill(null);
  let used = 0;
  const place = (t: typeof table, e: { v: PyValue; h: bigint }) => {
    const mask = BigInt(t.length - 1);
    let perturb = e.h;
    let i = e.h & mask;
    for (;;) {
      const n = Number(i);
      const probes = n + 9 <= t.length - 1 ? 9 : 0;
      for (let j = 0; j <= probes; j++)
        if (t[n + j] === null) {
          t[n + j] = e;
          return;
        }
      perturb >>= 5n;
      i = (i * 5n + 1n + perturb) & mask;
    }
  };
  for (const e of items) {
    place(table, e);
    used++;
    if (used * 5 >= (size - 1) * 3) {
      const minused = used > 50000 ? used * 2 : used * 4;
      let newSize = 8;
      while (newSize <= minused) newSize *= 2;
      const old = table;
      size = newSize;
      table = new Array(size).fill(null);
      for (const x of old) if (x) place(table, x);
    }
  }
  const ordered = table.filter((x) => x !== null).map((x) => x!.v);
  return ordered[Symbol.iterator]();
}

export class PySlice extends PyObject {
  constructor(
    readonly start: PyValue,
    readonly stop: PyValue,
    readonly step: PyValue,
  ) {
    super();
  }
  get pyType(): PyType {
    return sliceType;
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "start") return this.start;
    if (name === "stop") return this.stop;
    if (name === "step") return this.step;
    return undefined;
  }
  override repr(): string {
    return `slice(${reprHook(this.start)}, ${reprHook(this.stop)}, ${reprHook(this.step)})`;
  }
  override hashKey(): string | undefined {
    return undefined;
  }
}

/** What `object()` makes: no attributes, identity equality and hash (a sentinel). */
export class PlainObject extends PyObject {
  get pyType(): PyType {
    return objectType;
  }
}

class PyEllipsis extends PyObject {
  get pyType(): PyType {
    return ellipsisType;
  }
  override repr(): string {
    return "Ellipsis";
  }
}
export const Ellipsis: PyObject = new PyEllipsis();

export class PyRange extends PyObject {
  constructor(
    readonly start: bigint,
    readonly stop: bigint,
    readonly step: bigint,
  ) {
    super();
  }
  get pyType(): PyType {
    return rangeType;
  }
  override len(): number {
    const { start, stop, step } = this;
    const n = step > 0n ? (stop - start + step - 1n) / step : (start - stop - step - 1n) / -step;
    return n > 0n ? Number(n) : 0;
  }
  override iter(): Iterator<PyValue> {
    let cur = this.start;
    const { stop, step } = this;
    return {
      next: () => {
        if (step > 0n ? cur < stop : cur > stop) {
          const v = cur;
          cur += step;
          return { value: v, done: false };
        }
        return { value: undefined, done: true as const };
      },
    };
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "start") return this.start;
    if (name === "stop") return this.stop;
    if (name === "step") return this.step;
    return undefined;
  }
  override compare(op: CompareOp, other: PyValue): PyValue | NotImplementedType {
    if (!(other instanceof PyRange) || (op !== "==" && op !== "!=")) return NotImplemented;
    // Ranges are equal when they produce the same numbers: range(0) == range(5, 2).
    const n = this.len();
    const same =
      n === other.len() &&
      (n === 0 || (this.start === other.start && (n === 1 || this.step === other.step)));
    return op === "==" ? same : !same;
  }
  override repr(): string {
    return this.step === 1n
      ? `range(${this.start}, ${this.stop})`
      : `range(${this.start}, ${this.stop}, ${this.step})`;
  }
}

/** The type of iterators named `name` (zip, enumerate, map...): one per name. */
export function iteratorType(name: string): PyType {
  let t = iteratorTypes.get(name);
  if (!t) iteratorTypes.set(name, (t = new PyType(name, [objectType])));
  return t;
}

/** A JS iterator exposed to Python (enumerate, zip, map objects, dict views' iterators...). */
export class PyIterator extends PyObject {
  constructor(
    readonly it: Iterator<PyValue>,
    readonly typeName = "iterator",
  ) {
    super();
  }
  get pyType(): PyType {
    return iteratorType(this.typeName);
  }
  override iter(): Iterator<PyValue> {
    return this.it;
  }
  override repr(): string {
    // A generator expression's repr names its code object, as CPython's does.
    const what =
      this.typeName === "generator" ? "generator object <genexpr>" : `${this.typeName} object`;
    return `<${what} at 0x${objectId(this).toString(16)}>`;
  }
}

export type NativeFn = (args: PyValue[], kwargs: Kwargs | undefined) => PyValue;

/** A function implemented in TypeScript (builtins and host module functions/methods). */
export class PyBuiltin extends PyObject {
  constructor(
    readonly name: string,
    readonly fn: NativeFn,
    readonly self?: PyValue,
  ) {
    super();
  }
  get pyType(): PyType {
    return builtinFunctionType;
  }
  override isCallable(): boolean {
    return true;
  }
  override call(args: PyValue[], kwargs: Kwargs | undefined): PyValue {
    return this.fn(args, kwargs);
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "__name__" || name === "__qualname__") return this.name;
    return undefined;
  }
  override repr(): string {
    if (this.self === undefined) return `<built-in function ${this.name}>`;
    const self = this.self;
    const tn =
      self instanceof PyObject
        ? self.pyType.name
        : self === null
          ? "NoneType"
          : PRIMITIVE_TYPE_NAMES[typeof self];
    return `<built-in method ${this.name} of ${tn} object at 0x${valueId(self).toString(16)}>`;
  }
}

/** Shorthand for host bindings: a Python-callable function. */
export function builtin(name: string, fn: NativeFn): PyBuiltin {
  return new PyBuiltin(name, fn);
}

/** A module object: `import torch` binds one. `fallback` lets hosts compute attributes lazily. */
export class PyModule extends PyObject {
  readonly attrs = new Map<string, PyValue>();
  constructor(
    readonly name: string,
    attrs?: Record<string, PyValue>,
    readonly fallback?: (name: string) => PyValue | undefined,
  ) {
    super();
    if (attrs) for (const [k, v] of Object.entries(attrs)) this.attrs.set(k, v);
  }
  get pyType(): PyType {
    return moduleType;
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "__name__") return this.name;
    const v = this.attrs.get(name);
    if (v !== undefined) return v;
    return this.fallback?.(name);
  }
  override setAttr(name: string, value: PyValue): boolean {
    this.attrs.set(name, value);
    return true;
  }
  override repr(): string {
    return `<module '${this.name}'>`;
  }
}

// ---------------------------------------------------------------------------------------------
// complex: just enough for literals, + - * and repr, so a complex fill value reaches PyTorch's
// conversion check instead of failing to parse.

export const complexType = new PyType("complex", [objectType]);

type Real = bigint | number | boolean;
const realOf = (v: PyValue): number | undefined =>
  typeof v === "number"
    ? v
    : typeof v === "bigint"
      ? Number(v)
      : typeof v === "boolean"
        ? +v
        : undefined;

export class PyComplex extends PyObject {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {
    super();
  }
  get pyType(): PyType {
    return complexType;
  }
  private static of(v: PyValue): PyComplex | undefined {
    if (v instanceof PyComplex) return v;
    const r = realOf(v as Real);
    return r === undefined ? undefined : new PyComplex(r, 0);
  }
  override binaryOp(
    op: BinaryOp,
    other: PyValue,
    reflected: boolean,
  ): PyValue | NotImplementedType {
    const o = PyComplex.of(other);
    if (o === undefined) return NotImplemented;
    const [a, b] = reflected ? [o, this as PyComplex] : [this as PyComplex, o];
    if (op === "+") return new PyComplex(a.re + b.re, a.im + b.im);
    if (op === "-") return new PyComplex(a.re - b.re, a.im - b.im);
    if (op === "*") return new PyComplex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
    return NotImplemented;
  }
  override unaryOp(op: UnaryOp): PyValue | NotImplementedType {
    if (op === "-") return new PyComplex(-this.re, -this.im);
    if (op === "+") return this;
    return NotImplemented;
  }
  override compare(op: CompareOp, other: PyValue): PyValue | NotImplementedType {
    if (op !== "==" && op !== "!=") return NotImplemented;
    const o = PyComplex.of(other);
    const same = o !== undefined && o.re === this.re && o.im === this.im;
    return op === "==" ? same : !same;
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "real") return this.re;
    if (name === "imag") return this.im;
    return undefined;
  }
  override bool(): boolean {
    return this.re !== 0 || this.im !== 0;
  }
  override hashKey(): string | undefined {
    return this.im === 0 ? reprHook(this.re) : `c${this.re},${this.im}`;
  }
  override repr(): string {
    // CPython prints each part with repr() but without a trailing ".0".
    const part = (x: number): string => reprHook(x).replace(/\.0$/, "");
    const im = part(this.im) + "j";
    if (this.re === 0 && !Object.is(this.re, -0)) return im;
    const sign = this.im < 0 || Object.is(this.im, -0) || Number.isNaN(this.im) ? "" : "+";
    return `(${part(this.re)}${sign}${im})`;
  }
}
