// User-defined classes: `class Name(Base): ...` makes a UserClass whose attributes are what the
// class body bound; calling it makes a PyInstance (or, under an exception class, a PyException
// whose type is the user class). Dunder methods defined in Python drive the same hooks host
// objects implement in TypeScript, so operators, printing, len(), iteration and `with` reach
// them without the rest of the interpreter knowing classes exist.

import { PyFunction } from "./function";
import {
  baseExceptionType,
  type BinaryOp,
  type CompareOp,
  type Kwargs,
  NotImplemented,
  type NotImplementedType,
  objectId,
  objectType,
  PyBuiltin,
  PyDict,
  PyException,
  PyObject,
  PyTuple,
  PyType,
  type PyValue,
  type UnaryOp,
  userExceptionHooks,
} from "./objects";
import { callValue, getIter, hashKey, raise, repr, truthy, typeName } from "./runtime";

/** The value of the builtin name `NotImplemented`, which dunder methods return to decline. */
class NotImplementedObject extends PyObject {
  static readonly type = new PyType("NotImplementedType", [objectType]);
  get pyType(): PyType {
    return NotImplementedObject.type;
  }
  override repr(): string {
    return "NotImplemented";
  }
}
export const notImplementedValue = new NotImplementedObject();

const declined = (v: PyValue): PyValue | NotImplementedType =>
  v === notImplementedValue ? NotImplemented : v;

// ---------------------------------------------------------------------------------------------
// staticmethod, classmethod, property

export class StaticMethod extends PyObject {
  static readonly type = new PyType("staticmethod", [objectType]);
  constructor(readonly fn: PyValue) {
    super();
  }
  get pyType(): PyType {
    return StaticMethod.type;
  }
  override isCallable(): boolean {
    return true;
  }
  override call(args: PyValue[], kwargs: Kwargs | undefined): PyValue {
    return callValue(this.fn, args, kwargs);
  }
  override getAttr(name: string): PyValue | undefined {
    return name === "__func__" ? this.fn : undefined;
  }
}

export class ClassMethod extends PyObject {
  static readonly type = new PyType("classmethod", [objectType]);
  constructor(readonly fn: PyValue) {
    super();
  }
  get pyType(): PyType {
    return ClassMethod.type;
  }
  override getAttr(name: string): PyValue | undefined {
    return name === "__func__" ? this.fn : undefined;
  }
}

export class Property extends PyObject {
  static readonly type = new PyType("property", [objectType]);
  constructor(
    readonly fget: PyValue,
    readonly fset: PyValue = null,
  ) {
    super();
  }
  get pyType(): PyType {
    return Property.type;
  }
  /** The name it is bound to in its class, for error messages. */
  get name(): string {
    return this.fget instanceof PyFunction ? this.fget.name : "?";
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "fget") return this.fget;
    if (name === "fset") return this.fset;
    if (name === "setter")
      return new PyBuiltin("setter", (args) => new Property(this.fget, args[0] ?? null));
    if (name === "getter")
      return new PyBuiltin("getter", (args) => new Property(args[0] ?? null, this.fset));
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Bound methods and super()

export class BoundMethod extends PyObject {
  static readonly type = new PyType("method", [objectType]);
  constructor(
    readonly fn: PyValue,
    readonly self: PyValue,
  ) {
    super();
  }
  get pyType(): PyType {
    return BoundMethod.type;
  }
  override isCallable(): boolean {
    return true;
  }
  override call(args: PyValue[], kwargs: Kwargs | undefined): PyValue {
    return callValue(this.fn, [this.self, ...args], kwargs);
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "__self__") return this.self;
    if (name === "__func__") return this.fn;
    if (name === "__name__" || name === "__qualname__") return functionName(this.fn);
    return undefined;
  }
  override compare(op: CompareOp, other: PyValue): PyValue | NotImplementedType {
    if ((op !== "==" && op !== "!=") || !(other instanceof BoundMethod)) return NotImplemented;
    const same = this.fn === other.fn && this.self === other.self;
    return op === "==" ? same : !same;
  }
  override hashKey(): string | undefined {
    const s = hashKey(this.self);
    return `m${s.length}:${s}${this.fn instanceof PyObject ? objectId(this.fn) : ""}`;
  }
  override repr(): string {
    const owner = this.self instanceof PyType ? this.self.name : typeName(this.self);
    return `<bound method ${owner}.${functionName(this.fn)} of ${repr(this.self)}>`;
  }
}

function functionName(fn: PyValue): string {
  if (fn instanceof PyFunction) return fn.name;
  if (fn instanceof PyBuiltin) return fn.name;
  return "?";
}

/**
 * A method written in TypeScript for a class a host binding builds as a UserClass (torch.nn's
 * Module): it binds to its instance as a def does, so subclasses and super() reach it.
 */
export class HostMethod extends PyBuiltin {}

/** What `obj.name` gives for a value found on obj's class: functions bind, descriptors apply. */
function bindFound(v: PyValue, self: PyValue, cls: PyType): PyValue {
  if (v instanceof PyFunction || v instanceof HostMethod) return new BoundMethod(v, self);
  if (v instanceof StaticMethod) return v.fn;
  if (v instanceof ClassMethod) return new BoundMethod(v.fn, cls);
  if (v instanceof Property) {
    if (v.fget === null) raise("AttributeError", `property '${v.name}' has no getter`);
    return callValue(v.fget, [self]);
  }
  return v;
}

/** The first definition of `name` along `cls`'s MRO, from position `start` on. */
function lookup(cls: PyType, name: string, start = 0): PyValue | undefined {
  const mro = cls.mro;
  for (let i = start; i < mro.length; i++) {
    const v = mro[i].attrs.get(name);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** `super()` inside a method, or `super(Class, obj)`: attribute lookup past Class in obj's MRO. */
export class PySuper extends PyObject {
  static readonly type = new PyType("super", [objectType]);
  constructor(
    readonly cls: PyType,
    readonly self: PyValue,
  ) {
    super();
  }
  get pyType(): PyType {
    return PySuper.type;
  }
  private get ownerType(): PyType {
    return this.self instanceof PyType ? this.self : typeOfValue(this.self);
  }
  override getAttr(name: string): PyValue | undefined {
    const owner = this.ownerType;
    const at = owner.mro.indexOf(this.cls);
    const v = lookup(owner, name, at + 1);
    if (v !== undefined) return bindFound(v, this.self, owner);
    const self = this.self;
    if (name === "__init__") {
      if (self instanceof PyException)
        return new PyBuiltin("__init__", (args) => {
          self.args = args;
          return null;
        });
      return new PyBuiltin("__init__", (args, kwargs) => {
        if (args.length || kwargs?.size)
          raise(
            "TypeError",
            "object.__init__() takes exactly one argument (the instance to initialize)",
          );
        return null;
      });
    }
    if (name === "__setattr__" && self instanceof PyInstance)
      return new PyBuiltin("__setattr__", (args) => {
        if (args.length !== 2 || typeof args[0] !== "string")
          raise("TypeError", "expected 2 arguments: the attribute's name and its value");
        self.rawSet(args[0], args[1]);
        return null;
      });
    if (name === "__repr__" && self instanceof PyObject)
      return new PyBuiltin("__repr__", () => defaultRepr(self));
    if (name === "__str__" && self instanceof PyObject)
      return new PyBuiltin("__str__", () =>
        self instanceof PyException ? self.baseMessage() : defaultRepr(self),
      );
    return undefined;
  }
  override repr(): string {
    return `<super: <class '${this.cls.name}'>, <${typeName(this.self)} object>>`;
  }
}

function typeOfValue(v: PyValue): PyType {
  if (v instanceof PyObject) return v.pyType;
  raise("TypeError", "super(type, obj): obj must be an instance or subtype of type");
}

/** super(type, obj) called as a builtin (the zero-argument form is compiled in place). */
export function makeSuper(args: PyValue[]): PySuper {
  if (args.length === 0) raise("RuntimeError", "super(): no arguments");
  const [t, obj] = args;
  if (!(t instanceof PyType))
    raise("TypeError", `super() argument 1 must be a type, not ${typeName(t)}`);
  if (obj === undefined) raise("NotImplementedError", "unbound super() is not supported");
  const ok =
    obj instanceof PyType
      ? obj.isSubclassOf(t)
      : obj instanceof PyObject && obj.pyType.isSubclassOf(t);
  if (!ok) raise("TypeError", "super(type, obj): obj must be an instance or subtype of type");
  return new PySuper(t, obj);
}

function defaultRepr(o: PyObject): string {
  return `<${o.pyType.qualifiedName()} object at 0x${objectId(o).toString(16)}>`;
}

// ---------------------------------------------------------------------------------------------
// Classes and instances

const BINARY_DUNDERS: Record<BinaryOp, string> = {
  "+": "add",
  "-": "sub",
  "*": "mul",
  "/": "truediv",
  "//": "floordiv",
  "%": "mod",
  "**": "pow",
  "@": "matmul",
  "&": "and",
  "|": "or",
  "^": "xor",
  "<<": "lshift",
  ">>": "rshift",
};
const COMPARE_DUNDERS: Record<CompareOp, string> = {
  "==": "__eq__",
  "!=": "__ne__",
  "<": "__lt__",
  "<=": "__le__",
  ">": "__gt__",
  ">=": "__ge__",
};
const UNARY_DUNDERS: Record<UnaryOp, string> = {
  "-": "__neg__",
  "+": "__pos__",
  "~": "__invert__",
};

export class UserClass extends PyType {
  constructor(
    name: string,
    readonly qualname: string,
    bases: PyType[],
    module = "__main__",
  ) {
    super(name, bases, undefined, module);
    this.construct = (args, kwargs) => this.instantiate(args, kwargs);
  }
  override qualifiedName(): string {
    return `${this.module}.${this.qualname}`;
  }
  get isException(): boolean {
    return this.isSubclassOf(baseExceptionType);
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "__dict__") return undefined;
    if (name === "__bases__") return new PyTuple(this.bases);
    if (name === "__mro__") return new PyTuple(this.mro);
    if (name === "__qualname__") return this.qualname;
    const v = name === "__name__" || name === "__module__" ? undefined : lookup(this, name);
    if (v instanceof StaticMethod) return v.fn;
    if (v instanceof ClassMethod) return new BoundMethod(v.fn, this);
    if (v !== undefined) return v;
    return super.getAttr(name);
  }
  override setAttr(name: string, value: PyValue): boolean {
    this.attrs.set(name, value);
    return true;
  }
  private instantiate(args: PyValue[], kwargs: Kwargs | undefined): PyValue {
    const init = lookup(this, "__init__");
    if (this.isException) {
      const e = PyException.withArgs(this, args);
      if (init !== undefined) checkInit(callValue(init, [e, ...args], kwargs));
      else if (kwargs?.size) raise("TypeError", `${this.name}() takes no keyword arguments`);
      return e;
    }
    const inst = new PyInstance(this);
    if (init !== undefined) checkInit(callValue(init, [inst, ...args], kwargs));
    else if (args.length || kwargs?.size) raise("TypeError", `${this.name}() takes no arguments`);
    return inst;
  }
}

function checkInit(r: PyValue): void {
  if (r !== null) raise("TypeError", `__init__() should return None, not '${typeName(r)}'`);
}

/** An attribute of an exception raised from a user exception class: its class's methods bind. */
export function exceptionClassAttr(e: PyException, name: string): PyValue | undefined {
  if (!(e.type instanceof UserClass)) return undefined;
  const v = lookup(e.type, name);
  return v === undefined ? undefined : bindFound(v, e, e.type);
}

/** str(e) or repr(e) through a user exception class's override, when it defines one. */
function exceptionClassText(e: PyException, what: "__str__" | "__repr__"): string | undefined {
  if (!(e.type instanceof UserClass)) return undefined;
  const m = lookup(e.type, what);
  return m === undefined ? undefined : strResult(callValue(m, [e]), what);
}

userExceptionHooks.attr = exceptionClassAttr;
userExceptionHooks.str = (e) => exceptionClassText(e, "__str__");
userExceptionHooks.repr = (e) => exceptionClassText(e, "__repr__");

function strResult(v: PyValue, what: "__str__" | "__repr__"): string {
  if (typeof v !== "string")
    raise("TypeError", `${what} returned non-string (type ${typeName(v)})`);
  return v;
}

export class PyInstance extends PyObject {
  readonly dict = new Map<string, PyValue>();
  constructor(readonly cls: UserClass) {
    super();
  }
  get pyType(): PyType {
    return this.cls;
  }
  /** Calls the class's `name` method on this instance; undefined when the class has none. */
  private dunder(name: string, args: PyValue[] = []): PyValue | undefined {
    const m = lookup(this.cls, name);
    if (m === undefined) return undefined;
    return callValue(bindFound(m, this, this.cls), args);
  }
  private has(name: string): boolean {
    return lookup(this.cls, name) !== undefined;
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "__dict__") {
      const d = new PyDict();
      for (const [k, v] of this.dict) d.put(hashKey(k), k, v);
      return d;
    }
    const found = lookup(this.cls, name);
    if (found instanceof Property) return bindFound(found, this, this.cls);
    const own = this.dict.get(name);
    if (own !== undefined) return own;
    if (found !== undefined) return bindFound(found, this, this.cls);
    const getattr = lookup(this.cls, "__getattr__");
    if (getattr !== undefined) return callValue(bindFound(getattr, this, this.cls), [name]);
    return undefined;
  }
  override setAttr(name: string, value: PyValue): boolean {
    const hook = lookup(this.cls, "__setattr__");
    if (hook !== undefined) {
      callValue(bindFound(hook, this, this.cls), [name, value]);
      return true;
    }
    this.rawSet(name, value);
    return true;
  }
  /** object.__setattr__: a property's setter, else the instance dict. */
  rawSet(name: string, value: PyValue): void {
    const found = lookup(this.cls, name);
    if (found instanceof Property) {
      if (found.fset === null)
        raise("AttributeError", `property '${name}' of '${this.cls.name}' object has no setter`);
      callValue(found.fset, [this, value]);
      return;
    }
    this.dict.set(name, value);
  }
  override isCallable(): boolean {
    return this.has("__call__");
  }
  override call(args: PyValue[], kwargs: Kwargs | undefined): PyValue {
    const m = lookup(this.cls, "__call__");
    if (m === undefined) return super.call(args, kwargs);
    return callValue(bindFound(m, this, this.cls), args, kwargs);
  }
  override binaryOp(
    op: BinaryOp,
    other: PyValue,
    reflected: boolean,
  ): PyValue | NotImplementedType {
    const r = this.dunder(`__${reflected ? "r" : ""}${BINARY_DUNDERS[op]}__`, [other]);
    return r === undefined ? NotImplemented : declined(r);
  }
  override inplaceOp(op: BinaryOp, other: PyValue): PyValue | NotImplementedType {
    const r = this.dunder(`__i${BINARY_DUNDERS[op]}__`, [other]);
    return r === undefined ? NotImplemented : declined(r);
  }
  override unaryOp(op: UnaryOp): PyValue | NotImplementedType {
    const r = this.dunder(UNARY_DUNDERS[op]);
    return r === undefined ? NotImplemented : r;
  }
  override compare(op: CompareOp, other: PyValue): PyValue | NotImplementedType {
    const r = this.dunder(COMPARE_DUNDERS[op], [other]);
    if (r !== undefined) return declined(r);
    if (op === "!=" && this.has("__eq__")) {
      const eq = this.dunder("__eq__", [other])!;
      return eq === notImplementedValue ? NotImplemented : !truthy(eq);
    }
    return NotImplemented;
  }
  override getItem(key: PyValue): PyValue {
    const r = this.dunder("__getitem__", [key]);
    return r === undefined ? super.getItem(key) : r;
  }
  override setItem(key: PyValue, value: PyValue): void {
    if (this.dunder("__setitem__", [key, value]) === undefined) super.setItem(key, value);
  }
  override delItem(key: PyValue): void {
    if (this.dunder("__delitem__", [key]) === undefined) super.delItem(key);
  }
  override len(): number | undefined {
    const r = this.dunder("__len__");
    if (r === undefined) return undefined;
    if (typeof r === "boolean") return r ? 1 : 0;
    if (typeof r !== "bigint")
      raise("TypeError", `'${typeName(r)}' object cannot be interpreted as an integer`);
    if (r < 0n) raise("ValueError", "__len__() should return >= 0");
    return Number(r);
  }
  override iter(): Iterator<PyValue> | undefined {
    const it = this.dunder("__iter__");
    if (it === undefined) return undefined;
    if (it instanceof PyInstance) {
      if (!it.has("__next__"))
        raise("TypeError", `iter() returned non-iterator of type '${typeName(it)}'`);
      return it.nextIterator();
    }
    return getIter(it);
  }
  /** A JS iterator over successive __next__() results, ending at StopIteration. */
  nextIterator(): Iterator<PyValue> {
    return {
      next: () => {
        try {
          return { done: false, value: this.dunder("__next__")! };
        } catch (e) {
          if (e instanceof PyException && e.type.name === "StopIteration")
            return { done: true, value: null };
          throw e;
        }
      },
    };
  }
  /** next(obj): one __next__() call, or undefined when the class has no __next__. */
  next(): PyValue | undefined {
    return this.dunder("__next__");
  }
  override contains(item: PyValue): boolean | undefined {
    const r = this.dunder("__contains__", [item]);
    return r === undefined ? undefined : truthy(r);
  }
  override bool(): boolean | undefined {
    const r = this.dunder("__bool__");
    if (r === undefined) return undefined;
    if (typeof r !== "boolean")
      raise("TypeError", `__bool__ should return bool, returned ${typeName(r)}`);
    return r;
  }
  override repr(): string {
    const r = this.dunder("__repr__");
    return r === undefined ? defaultRepr(this) : strResult(r, "__repr__");
  }
  override str(): string {
    const r = this.dunder("__str__");
    return r === undefined ? this.repr() : strResult(r, "__str__");
  }
  override format(spec: string): string {
    const r = this.dunder("__format__", [spec]);
    if (r === undefined) return super.format(spec);
    if (typeof r !== "string")
      raise("TypeError", `__format__ must return a str, not ${typeName(r)}`);
    return r;
  }
  override enter(): PyValue {
    const r = this.dunder("__enter__");
    return r === undefined ? super.enter() : r;
  }
  override exit(exc: PyException | null): boolean {
    const r = this.dunder("__exit__", exc ? [exc.type, exc, null] : [null, null, null]);
    return r !== undefined && truthy(r);
  }
  override hashKey(): string | undefined {
    const h = lookup(this.cls, "__hash__");
    if (h === null) return undefined;
    if (h !== undefined) {
      const v = callValue(bindFound(h, this, this.cls), []);
      if (typeof v !== "bigint" && typeof v !== "boolean")
        raise("TypeError", "__hash__ method should return an integer");
      return "n" + (typeof v === "boolean" ? (v ? 1n : 0n) : v);
    }
    return super.hashKey();
  }
}

/**
 * The class a `class` statement makes from its bases and the names its body bound. Only object,
 * user classes and exception classes can be bases: builtin containers keep their state outside
 * any attribute dict, so subclassing them would silently lose it.
 */
export function makeClass(
  name: string,
  qualname: string,
  bases: PyValue[],
  namespace: Map<string, PyValue>,
): UserClass {
  const types: PyType[] = [];
  for (const b of bases) {
    if (!(b instanceof PyType)) raise("TypeError", `bases must be types`);
    const ok = b === objectType || b instanceof UserClass || b.isSubclassOf(baseExceptionType);
    if (!ok)
      raise(
        "NotImplementedError",
        `subclassing '${b.qualifiedName()}' is not supported in MaskLab's Python subset`,
      );
    if (types.includes(b)) raise("TypeError", `duplicate base class ${b.name}`);
    types.push(b);
  }
  const cls = new UserClass(name, qualname, types.length ? types : [objectType]);
  for (const [k, v] of namespace) cls.attrs.set(k, v);
  if (!cls.attrs.has("__doc__")) cls.attrs.set("__doc__", null);
  // __eq__ without __hash__ sets __hash__ to None in the class itself.
  if (cls.attrs.has("__eq__") && !cls.attrs.has("__hash__")) cls.attrs.set("__hash__", null);
  return cls;
}
