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
  objectMethods,
  type NotImplementedType,
  objectId,
  objectType,
  PyBuiltin,
  PyDict,
  PyException,
  PyIterator,
  PyObject,
  PyType,
  type PyValue,
  type UnaryOp,
  userExceptionHooks,
} from "./objects";
import {
  callValue,
  getAttr,
  getItem,
  getIter,
  hashKey,
  raise,
  repr,
  toArray,
  truthy,
  typeName,
} from "./runtime";

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
    readonly fdel: PyValue = null,
    private readonly doc: PyValue = null,
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
    if (name === "fdel") return this.fdel;
    // Like CPython, a property without a doc argument takes its getter's docstring.
    if (name === "__doc__")
      return (
        this.doc ?? (this.fget instanceof PyObject ? (this.fget.getAttr("__doc__") ?? null) : null)
      );
    if (name === "setter")
      return copyWith(name, (f) => new Property(this.fget, f, this.fdel, this.doc));
    if (name === "getter")
      return copyWith(name, (f) => new Property(f, this.fset, this.fdel, this.doc));
    if (name === "deleter")
      return copyWith(name, (f) => new Property(this.fget, this.fset, f, this.doc));
    return undefined;
  }
}

/** property.setter/getter/deleter: a decorator taking one function. */
function copyWith(name: string, make: (fn: PyValue) => Property): PyBuiltin {
  return new PyBuiltin(name, (args) => {
    if (args.length !== 1)
      raise("TypeError", `${name}() takes exactly one argument (${args.length} given)`);
    return make(args[0]);
  });
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
    if (this.self === null) return undefined;
    const owner = this.ownerType;
    const at = owner.mro.indexOf(this.cls);
    const v = lookup(owner, name, at + 1);
    // __new__ is static: super().__new__(cls) passes the class itself.
    if (name === "__new__")
      return v instanceof StaticMethod ? v.fn : (v ?? objectMethods.get("__new__"));
    if (v !== undefined) return bindFound(v, this.self, owner);
    const m = objectMethods.get(name);
    return m === undefined ? undefined : new BoundMethod(m, this.self);
  }
  override repr(): string {
    if (this.self === null) return `<super: <class '${this.cls.name}'>, NULL>`;
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
  // super(T) and super(T, None) are unbound: they find nothing until bound to an object.
  if (obj === undefined || obj === null) return new PySuper(t, null);
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

// object's methods, for `object.__setattr__(self, …)` in a __setattr__ override and for
// super() calls that reach the end of the MRO.
function objectMethod(
  name: string,
  arity: number,
  fn: (self: PyValue, args: PyValue[]) => PyValue,
): void {
  objectMethods.set(
    name,
    new PyBuiltin(name, (args) => {
      if (args.length === 0)
        raise("TypeError", `unbound method object.${name}() needs an argument`);
      const rest = args.slice(1);
      if (arity >= 0 && rest.length !== arity)
        raise(
          "TypeError",
          `expected ${arity} argument${arity === 1 ? "" : "s"}, got ${rest.length}`,
        );
      return fn(args[0], rest);
    }),
  );
}

const attrName = (v: PyValue): string =>
  typeof v === "string"
    ? v
    : raise("TypeError", `attribute name must be string, not '${typeName(v)}'`);

objectMethod("__init__", -1, (self, args) => {
  if (self instanceof PyException) self.args = args;
  else if (args.length) {
    // CPython names the class only when it did not override __init__ itself.
    const cls = self instanceof PyInstance ? self.cls : null;
    const who = cls && lookup(cls, "__init__") === undefined ? cls.name : "object";
    raise("TypeError", `${who}.__init__() takes exactly one argument (the instance to initialize)`);
  }
  return null;
});
objectMethod("__setattr__", 2, (self, [name, value]) => {
  const n = attrName(name);
  if (self instanceof PyInstance) self.rawSet(n, value);
  else if (!(self instanceof PyObject) || !self.setAttr(n, value))
    raise("AttributeError", `'${typeName(self)}' object has no attribute '${n}'`);
  return null;
});
objectMethod("__delattr__", 1, (self, [name]) => {
  const n = attrName(name);
  if (self instanceof PyInstance) self.rawDelete(n);
  else if (!(self instanceof PyObject) || !self.delAttr(n))
    raise("AttributeError", `'${typeName(self)}' object has no attribute '${n}'`);
  return null;
});
objectMethod("__getattribute__", 1, (self, [name]) => {
  const n = attrName(name);
  const v = self instanceof PyInstance ? self.plainAttr(n) : getAttr(self, n);
  return v === undefined
    ? raise("AttributeError", `'${typeName(self)}' object has no attribute '${n}'`)
    : v;
});
objectMethod("__new__", -1, (cls, args) => {
  if (!(cls instanceof UserClass) || cls.isException)
    raise("TypeError", `object.__new__(X): X must be a class defined in Python`);
  if (args.length && lookup(cls, "__new__") !== undefined)
    raise("TypeError", "object.__new__() takes exactly one argument (the type to instantiate)");
  if (args.length && lookup(cls, "__init__") === undefined)
    raise("TypeError", `${cls.name}() takes no arguments`);
  return new PyInstance(cls);
});
objectMethod("__repr__", 0, (self) => (self instanceof PyObject ? defaultRepr(self) : repr(self)));
objectMethod("__str__", 0, (self) =>
  self instanceof PyException
    ? self.baseMessage()
    : self instanceof PyObject
      ? defaultRepr(self)
      : repr(self),
);

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

/** Attributes every type answers itself (PyType.getAttr) before its namespace is searched. */
const TYPE_OWN = new Set(["__name__", "__module__", "__bases__", "__mro__"]);

const mappingProxyType = new PyType("mappingproxy", [objectType]);

/** A class's `__dict__`: a read-only view of its namespace. */
class MappingProxy extends PyObject {
  constructor(private readonly attrs: Map<string, PyValue>) {
    super();
  }
  get pyType(): PyType {
    return mappingProxyType;
  }
  /** The namespace as CPython keeps it: __qualname__ lives on the type, not in its dict. */
  private asDict(): PyDict {
    const d = new PyDict();
    for (const [k, v] of this.attrs) if (k !== "__qualname__") d.put(hashKey(k), k, v);
    return d;
  }
  override getItem(key: PyValue): PyValue {
    return getItem(this.asDict(), key);
  }
  override contains(item: PyValue): boolean {
    return typeof item === "string" && item !== "__qualname__" && this.attrs.has(item);
  }
  override len(): number {
    return this.asDict().len();
  }
  override iter(): Iterator<PyValue> {
    return getIter(this.asDict());
  }
  override getAttr(name: string): PyValue | undefined {
    // keys(), values(), items(), get() as a dict has them.
    return getAttr(this.asDict(), name);
  }
  override repr(): string {
    return `mappingproxy(${repr(this.asDict())})`;
  }
}

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
    if (name === "__dict__") return new MappingProxy(this.attrs);
    if (name === "__qualname__") return this.qualname;
    const v = TYPE_OWN.has(name) ? undefined : lookup(this, name);
    if (v instanceof StaticMethod) return v.fn;
    if (v instanceof ClassMethod) return new BoundMethod(v.fn, this);
    if (v !== undefined) return v;
    return super.getAttr(name);
  }
  override setAttr(name: string, value: PyValue): boolean {
    this.attrs.set(name, value);
    return true;
  }
  override delAttr(name: string): boolean {
    return this.attrs.delete(name);
  }
  private instantiate(args: PyValue[], kwargs: Kwargs | undefined): PyValue {
    const init = lookup(this, "__init__");
    if (this.isException) {
      const e = PyException.withArgs(this, args);
      if (init !== undefined) checkInit(callValue(init, [e, ...args], kwargs));
      else if (kwargs?.size) raise("TypeError", `${this.name}() takes no keyword arguments`);
      return e;
    }
    const make = lookup(this, "__new__");
    let inst: PyValue;
    if (make !== undefined) {
      // __new__ is a static method taking the class; __init__ runs only on an instance of it.
      inst = callValue(make instanceof StaticMethod ? make.fn : make, [this, ...args], kwargs);
      if (!(inst instanceof PyInstance && inst.cls.isSubclassOf(this))) return inst;
    } else {
      if (init === undefined && (args.length || kwargs?.size))
        raise("TypeError", `${this.name}() takes no arguments`);
      inst = new PyInstance(this);
    }
    if (init !== undefined) checkInit(callValue(init, [inst, ...args], kwargs));
    return inst;
  }
}

/**
 * The attribute names instances of cls may hold when every class in its MRO declares
 * __slots__ (so none gives its instances a __dict__); null when instances are unrestricted.
 */
function slotNames(cls: PyType): Set<string> | null {
  const names = new Set<string>();
  for (const t of cls.mro) {
    if (t === objectType) continue;
    const declared = t.attrs.get("__slots__");
    if (declared === undefined) return null;
    for (const n of typeof declared === "string" ? [declared] : toArray(declared))
      if (typeof n === "string") names.add(n);
  }
  return names.has("__dict__") ? null : names;
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
    const v = this.plainAttr(name);
    if (v !== undefined) return v;
    const getattr = lookup(this.cls, "__getattr__");
    if (getattr !== undefined) return callValue(bindFound(getattr, this, this.cls), [name]);
    return undefined;
  }
  /** object.__getattribute__: a property, the instance dict, then the class (no __getattr__). */
  plainAttr(name: string): PyValue | undefined {
    const found = lookup(this.cls, name);
    if (found instanceof Property) return bindFound(found, this, this.cls);
    const own = this.dict.get(name);
    if (own !== undefined) return own;
    return found === undefined ? undefined : bindFound(found, this, this.cls);
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
  override delAttr(name: string): boolean {
    const hook = lookup(this.cls, "__delattr__");
    if (hook !== undefined) callValue(bindFound(hook, this, this.cls), [name]);
    else this.rawDelete(name);
    return true;
  }
  /** object.__delattr__: a property's deleter, else the instance dict. */
  rawDelete(name: string): void {
    const found = lookup(this.cls, name);
    if (found instanceof Property) {
      if (found.fdel === null)
        raise("AttributeError", `property '${name}' of '${this.cls.name}' object has no deleter`);
      callValue(found.fdel, [this]);
      return;
    }
    if (!this.dict.delete(name))
      raise("AttributeError", `'${this.cls.name}' object has no attribute '${name}'`);
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
    const slots = slotNames(this.cls);
    if (slots && !slots.has(name))
      raise("AttributeError", `'${this.cls.name}' object has no attribute '${name}'`);
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
  // CPython fills one slot for both item assignment and deletion, so a class defining only one
  // of __setitem__/__delitem__ fails the other by looking up the missing name.
  override setItem(key: PyValue, value: PyValue): void {
    if (this.dunder("__setitem__", [key, value]) !== undefined) return;
    if (this.has("__delitem__")) raise("AttributeError", "__setitem__");
    super.setItem(key, value);
  }
  override delItem(key: PyValue): void {
    if (this.dunder("__delitem__", [key]) !== undefined) return;
    if (this.has("__setitem__")) raise("AttributeError", "__delitem__");
    super.delItem(key);
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
    const it = this.iterObject();
    if (it === undefined) return this.has("__getitem__") ? this.sequenceIterator() : undefined;
    return it instanceof PyInstance ? it.nextIterator() : getIter(it);
  }
  /** iter(self) when the class defines __iter__: its result, checked to be an iterator. */
  iterObject(): PyValue | undefined {
    const it = this.dunder("__iter__");
    if (it === undefined) return undefined;
    if (it instanceof PyInstance ? !it.has("__next__") : !(it instanceof PyIterator))
      raise("TypeError", `iter() returned non-iterator of type '${typeName(it)}'`);
    return it;
  }
  /** The old sequence protocol: self[0], self[1], … until IndexError (or StopIteration). */
  private sequenceIterator(): Iterator<PyValue> {
    let i = 0n;
    let done = false;
    return {
      next: () => {
        if (done) return { done: true, value: null };
        try {
          return { done: false, value: this.dunder("__getitem__", [i++])! };
        } catch (e) {
          const name = e instanceof PyException ? e.type.name : "";
          if (name !== "IndexError" && name !== "StopIteration") throw e;
          done = true;
          return { done: true, value: null };
        }
      },
    };
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
    // Without __str__, object.__str__ calls __repr__ unchecked and str() checks the result.
    let r = this.dunder("__str__");
    if (r === undefined) r = this.dunder("__repr__");
    return r === undefined ? defaultRepr(this) : strResult(r, "__str__");
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
  // The nearest base's __init_subclass__ hears of the new class (an implicit classmethod).
  const hook = lookup(cls, "__init_subclass__", 1);
  if (hook !== undefined) {
    const fn = hook instanceof ClassMethod ? hook.fn : hook;
    callValue(fn, [cls]);
  }
  return cls;
}
