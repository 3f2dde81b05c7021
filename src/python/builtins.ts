// The builtins namespace and the small stdlib modules (math, time) every session gets.

import { formatFixed } from "../tensor/format/index";
import { expExact, log2Exact, logExact, powExact, sinCosExact } from "../tensor/random/float64Math";
import { checkConvention, type Convention, parseArgs, parseClinicArgs } from "./args";
import {
  ClassMethod,
  makeSuper,
  notImplementedValue,
  Property,
  PyInstance,
  PySuper,
  StaticMethod,
} from "./classes";
import { stopIteration } from "./generators";
import { dictUpdate, sortValues } from "./methods";
import {
  type Kwargs,
  type PyValue,
  builtin,
  complexType,
  dictType,
  Ellipsis,
  exceptionType,
  exceptionTypeNames,
  listType,
  valueId,
  objectType,
  PlainObject,
  PyComplex,
  PyDict,
  PyException,
  iteratorType,
  PyBuiltin,
  PyIterator,
  PyList,
  PyModule,
  PyObject,
  PyRange,
  PySet,
  PySlice,
  PyTuple,
  PyType,
  rangeType,
  setType,
  sliceType,
  tupleType,
  typeType,
} from "./objects";
import {
  binaryOp,
  boolType,
  callValue,
  compare,
  ctor,
  floatType,
  ascii,
  checkParsedDigits,
  floatFraction,
  floorMod,
  format,
  getAttr,
  getIter,
  hasAttr,
  hashKey,
  intType,
  isCallable,
  len,
  raise,
  repr,
  setAttr,
  str,
  strType,
  toArray,
  toFloat,
  toInt,
  truthy,
  typeName,
  typeOf,
} from "./runtime";

/** What print() needs from the session. */
export interface Output {
  write(text: string): void;
  /** A host object handed to print() (the UI may draw it, e.g. a tensor as a grid). */
  display(value: PyValue): void;
}

const INT_LITERAL = /^\s*([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|\d[\d_]*)\s*$/;

function parseIntString(s: string, base: number): bigint {
  const bad = () => raise("ValueError", `invalid literal for int() with base ${base}: ${repr(s)}`);
  if (base === 10) {
    const m = /^\s*([+-]?)(\d(?:_?\d)*)\s*$/.exec(s);
    if (!m) bad();
    const digits = m![2].replace(/_/g, "");
    checkParsedDigits(digits.length);
    const v = BigInt(digits);
    return m![1] === "-" ? -v : v;
  }
  if (base === 0) {
    const m = INT_LITERAL.exec(s);
    if (!m) bad();
    const body = m![2].replace(/_/g, "");
    if (/^0\d/.test(body) && /[1-9]/.test(body)) bad();
    if (/^\d/.test(body) && !/^0[xob]/i.test(body)) checkParsedDigits(body.length);
    const v = BigInt(body.toLowerCase());
    return m![1] === "-" ? -v : v;
  }
  const t = s.trim().replace(/_/g, "").toLowerCase();
  const neg = t.startsWith("-");
  let body = t.replace(/^[+-]/, "");
  const prefixes: Record<number, string> = { 16: "0x", 8: "0o", 2: "0b" };
  if (prefixes[base] && body.startsWith(prefixes[base])) body = body.slice(2);
  if (!body) bad();
  // Power-of-two bases are exempt from the length limit.
  if ((base & (base - 1)) !== 0) checkParsedDigits(body.length);
  let v = 0n;
  for (const ch of body) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= base) bad();
    v = v * BigInt(base) + BigInt(d);
  }
  return neg ? -v : v;
}

export function floatToInt(x: number): bigint {
  if (Number.isNaN(x)) raise("ValueError", "cannot convert float NaN to integer");
  if (!Number.isFinite(x)) raise("OverflowError", "cannot convert float infinity to integer");
  return BigInt(Math.trunc(x));
}

/** Python's int(x) for one argument. */
export const pyInt = (x: PyValue): PyValue => intOf([x], undefined);

function intOf(args: PyValue[], kwargs: Kwargs | undefined): PyValue {
  const [x, base] = parseClinicArgs("int", args, kwargs, ["x?", "base?"]);
  if (x === undefined) return 0n;
  if (base !== undefined) {
    if (typeof x !== "string")
      raise("TypeError", "int() can't convert non-string with explicit base");
    const b = Number(toInt(base));
    if (b !== 0 && (b < 2 || b > 36))
      raise("ValueError", "int() base must be >= 2 and <= 36, or 0");
    return parseIntString(x, b);
  }
  if (typeof x === "bigint") return x;
  if (typeof x === "boolean") return x ? 1n : 0n;
  if (typeof x === "number") return floatToInt(x);
  if (typeof x === "string") return parseIntString(x, 10);
  if (x instanceof PyObject) {
    for (const dunder of ["__int__", "__index__"]) {
      const m = x.getAttr(dunder);
      if (m !== undefined) return callValue(m, []);
    }
  }
  raise(
    "TypeError",
    `int() argument must be a string, a bytes-like object or a real number, not '${typeName(x)}'`,
  );
}

function parseFloatString(s: string): number {
  const t = s
    .trim()
    .replace(/(\d)_(?=\d)/g, "$1")
    .toLowerCase();
  const m = /^([+-]?)(inf|infinity|nan)$/.exec(t);
  if (m) return m[2] === "nan" ? NaN : m[1] === "-" ? -Infinity : Infinity;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return Number(t);
  raise("ValueError", `could not convert string to float: ${repr(s)}`);
}

function floatOf(args: PyValue[], kwargs: Kwargs | undefined): PyValue {
  checkConvention("float", "float", { expected: [0, 1] }, args, kwargs);
  const [x] = parseArgs("float", args, kwargs, ["x?"]);
  if (x === undefined) return 0;
  if (typeof x === "string") return parseFloatString(x);
  if (typeof x === "number" || typeof x === "bigint" || typeof x === "boolean") return toFloat(x);
  if (x instanceof PyObject && x.getAttr("__float__") !== undefined) return toFloat(x);
  raise("TypeError", `float() argument must be a string or a real number, not '${typeName(x)}'`);
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function roundValue(args: PyValue[], kwargs: Kwargs | undefined): PyValue {
  const [x, nd] = parseClinicArgs("round", args, kwargs, [
    "number",
    { name: "ndigits", default: null },
  ]);
  if (x instanceof PyObject) {
    const m = x.getAttr("__round__");
    if (m !== undefined) return callValue(m, nd === null ? [] : [nd!]);
    raise("TypeError", `type ${typeName(x)} doesn't define __round__ method`);
  }
  if (typeof x === "bigint" || typeof x === "boolean") {
    const v = toInt(x!);
    if (nd === null) return v;
    const n = toInt(nd!);
    if (n >= 0n) return v;
    const p = 10n ** -n;
    let q = v / p;
    let r = v % p;
    if (r < 0n) {
      r += p;
      q -= 1n;
    }
    if (2n * r > p || (2n * r === p && q % 2n !== 0n)) q += 1n;
    return q * p;
  }
  if (typeof x !== "number")
    raise("TypeError", `type ${typeName(x!)} doesn't define __round__ method`);
  if (nd === null) return floatToInt(roundHalfEven(x));
  const n = Number(toInt(nd!));
  if (!Number.isFinite(x) || x === 0) return x;
  if (n > 308) return x;
  if (n >= 0) {
    // %.nf rounds the exact binary value half-even, which is what round() does.
    const r = Number(formatFixed(x, n));
    return r === 0 ? (x < 0 ? -0 : 0) : r;
  }
  if (n < -308) return x < 0 ? -0 : 0;
  const p = 10 ** -n;
  const r = roundHalfEven(x / p) * p;
  return r === 0 ? (x < 0 ? -0 : 0) : r;
}

function absValue(x: PyValue): PyValue {
  if (typeof x === "bigint") return x < 0n ? -x : x;
  if (typeof x === "boolean") return x ? 1n : 0n;
  if (typeof x === "number") return Math.abs(x);
  if (x instanceof PyObject) {
    const m = x.getAttr("__abs__");
    if (m !== undefined) return callValue(m, []);
  }
  raise("TypeError", `bad operand type for abs(): '${typeName(x)}'`);
}

function minMax(name: "min" | "max", args: PyValue[], kwargs: Kwargs | undefined): PyValue {
  const key = kwargs?.get("key") ?? null;
  const def = kwargs?.get("default");
  if (kwargs)
    for (const k of kwargs.keys())
      if (k !== "key" && k !== "default")
        raise("TypeError", `'${k}' is an invalid keyword argument for ${name}()`);
  if (args.length === 0) raise("TypeError", `${name} expected at least 1 argument, got 0`);
  const items = args.length === 1 ? toArray(args[0]) : args;
  if (args.length > 1 && def !== undefined)
    raise("TypeError", `Cannot specify a default for ${name}() with multiple positional arguments`);
  if (items.length === 0) {
    if (def !== undefined) return def;
    raise("ValueError", `${name}() arg is an empty sequence`);
  }
  const op = name === "min" ? "<" : ">";
  let best = items[0];
  let bestKey = key === null ? best : callValue(key, [best]);
  for (let i = 1; i < items.length; i++) {
    const k = key === null ? items[i] : callValue(key, [items[i]]);
    if (truthy(compare(op, k, bestKey))) {
      best = items[i];
      bestKey = k;
    }
  }
  return best;
}

function printFn(out: Output): PyValue {
  return builtin("print", (args, kwargs) => {
    let sep = " ";
    let end = "\n";
    if (kwargs)
      for (const [k, v] of kwargs) {
        if (k === "sep" || k === "end") {
          if (v !== null && typeof v !== "string")
            raise("TypeError", `${k} must be None or a string, not ${typeName(v)}`);
          if (v !== null) {
            if (k === "sep") sep = v;
            else end = v;
          }
        } else if (k !== "file" && k !== "flush")
          raise("TypeError", `'${k}' is an invalid keyword argument for print()`);
      }
    let text = "";
    try {
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (i > 0) text += sep;
        text += str(a);
        if (a instanceof PyObject && a.pyType.module !== "builtins") out.display(a);
      }
    } catch (e) {
      // CPython writes each argument as it goes, so what came before a failing str() is out.
      if (text) out.write(text);
      throw e;
    }
    out.write(text + end);
    return null;
  });
}

function isinstanceCheck(v: PyValue, t: PyValue, fn: string): boolean {
  if (t instanceof PyTuple) return t.items.some((x) => isinstanceCheck(v, x, fn));
  if (!(t instanceof PyType))
    raise("TypeError", `${fn}() arg 2 must be a type, a tuple of types, or a union`);
  return typeOf(v).isSubclassOf(t);
}

function reversedValue(v: PyValue): PyValue {
  if (v instanceof PyList || v instanceof PyTuple)
    return new PyIterator(v.items.slice().reverse()[Symbol.iterator](), "list_reverseiterator");
  if (typeof v === "string" || v instanceof PyRange)
    return new PyIterator(toArray(v).reverse()[Symbol.iterator](), "reversed");
  if (v instanceof PyObject) {
    const m = v.getAttr("__reversed__");
    if (m !== undefined) return callValue(m, []);
    const n = v.len();
    if (n !== undefined) return new PyIterator(toArray(v).reverse()[Symbol.iterator](), "reversed");
  }
  raise("TypeError", `'${typeName(v)}' object is not reversible`);
}

function* zipIter(its: Iterator<PyValue>[], strict = false): Iterator<PyValue> {
  if (its.length === 0) return;
  for (;;) {
    const row: PyValue[] = [];
    for (const it of its) {
      const r = it.next();
      if (r.done) {
        if (strict) checkZipLengths(its, row.length);
        return;
      }
      row.push(r.value);
    }
    yield new PyTuple(row);
  }
}

/** zip(strict=True) on running out: every iterator must end together with the first. */
function checkZipLengths(its: Iterator<PyValue>[], ended: number): void {
  const plural = (i: number) => (i === 1 ? "argument 1" : `arguments 1-${i}`);
  if (ended > 0)
    raise("ValueError", `zip() argument ${ended + 1} is shorter than ${plural(ended)}`);
  for (let i = 1; i < its.length; i++)
    if (!its[i].next().done)
      raise("ValueError", `zip() argument ${i + 1} is longer than ${plural(i)}`);
}

function* enumerateIter(it: Iterator<PyValue>, start: bigint): Iterator<PyValue> {
  let i = start;
  for (let r = it.next(); !r.done; r = it.next()) yield new PyTuple([i++, r.value]);
}

const ONE_ARG: Convention = "O";
const MANY = Infinity;

// How CPython checks each builtin function's arguments (see Convention); the rest report
// errors as a def with the same signature would (parseArgs).
const BUILTIN_CONVENTIONS: Record<string, Convention> = {
  ...Object.fromEntries(
    ["len", "abs", "hash", "id", "callable", "ord", "chr", "repr", "ascii", "bin", "hex", "oct"]
      .concat(["any", "all"])
      .map((n) => [n, ONE_ARG]),
  ),
  sorted: { expected: [1, 1], keywords: true },
  min: { expected: [1, MANY], keywords: true },
  max: { expected: [1, MANY], keywords: true },
  isinstance: { expected: [2, 2] },
  issubclass: { expected: [2, 2] },
  divmod: { expected: [2, 2] },
  iter: { expected: [1, 2] },
  next: { expected: [1, 2] },
  filter: { expected: [2, 2] },
  format: { expected: [1, 2] },
  getattr: { expected: [2, 3] },
  hasattr: { expected: [2, 2] },
  setattr: { expected: [3, 3] },
  reversed: { expected: [1, 1] },
};

export function makeBuiltins(out: Output): Map<string, PyValue> {
  const b = new Map<string, PyValue>();
  const def = (name: string, fn: (args: PyValue[], kwargs: Kwargs | undefined) => PyValue) => {
    const conv = BUILTIN_CONVENTIONS[name];
    const checked: typeof fn = conv
      ? (args, kwargs) => {
          checkConvention(name, name, conv, args, kwargs);
          return fn(args, kwargs);
        }
      : fn;
    b.set(name, builtin(name, checked));
  };

  ctor.int = intOf;
  ctor.float = floatOf;
  ctor.str = (args, kwargs) => {
    const [x] = parseArgs("str", args, kwargs, ["object?"]);
    return x === undefined ? "" : str(x);
  };
  ctor.bool = (args, kwargs) => {
    const [x] = parseArgs("bool", args, kwargs, ["x?"]);
    return x === undefined ? false : truthy(x);
  };
  listType.construct = (args, kwargs) => {
    checkConvention("list", "list", { expected: [0, 1] }, args, kwargs);
    const [x] = parseArgs("list", args, kwargs, ["iterable?"]);
    return new PyList(x === undefined ? [] : toArray(x));
  };
  tupleType.construct = (args, kwargs) => {
    checkConvention("tuple", "tuple", { expected: [0, 1] }, args, kwargs);
    const [x] = parseArgs("tuple", args, kwargs, ["iterable?"]);
    return x instanceof PyTuple ? x : new PyTuple(x === undefined ? [] : toArray(x));
  };
  dictType.construct = (args, kwargs) => {
    checkConvention("dict", "dict", { expected: [0, 1], keywords: true }, args, kwargs);
    const [x] = parseArgs("dict", args, undefined, ["mapping?"]);
    const d = new PyDict();
    dictUpdate(d, x, kwargs);
    return d;
  };
  setType.construct = (args, kwargs) => {
    checkConvention("set", "set", { expected: [0, 1] }, args, kwargs);
    const [x] = parseArgs("set", args, kwargs, ["iterable?"]);
    const s = new PySet();
    if (x !== undefined) for (const v of toArray(x)) s.add(hashKey(v), v);
    return s;
  };
  rangeType.construct = (args, kwargs) => {
    checkConvention("range", "range", { expected: [1, 3] }, args, kwargs);
    const n = args.map((a) => toInt(a));
    const [start, stop, step] = n.length === 1 ? [0n, n[0], 1n] : [n[0], n[1], n[2] ?? 1n];
    if (step === 0n) raise("ValueError", "range() arg 3 must not be zero");
    return new PyRange(start, stop, step);
  };
  sliceType.construct = (args) => {
    if (args.length === 1) return new PySlice(null, args[0], null);
    return new PySlice(args[0] ?? null, args[1] ?? null, args[2] ?? null);
  };
  typeType.construct = (args) => {
    if (args.length !== 1) raise("TypeError", "type() takes 1 argument in this Python subset");
    return typeOf(args[0]);
  };
  objectType.construct = (args, kwargs) => {
    if (args.length || kwargs?.size) raise("TypeError", "object() takes no arguments");
    return new PlainObject();
  };

  complexType.construct = (args, kwargs) => {
    const [re, im] = parseArgs("complex", args, kwargs, ["real?", "imag?"]);
    if (re instanceof PyComplex && im === undefined) return re;
    const part = (v: PyValue | undefined): number => (v === undefined ? 0 : toFloat(v));
    return new PyComplex(part(re), part(im));
  };
  for (const t of [
    complexType,
    intType,
    floatType,
    strType,
    boolType,
    listType,
    tupleType,
    dictType,
    setType,
    rangeType,
    sliceType,
    typeType,
    objectType,
  ])
    b.set(t.name, t);
  for (const n of exceptionTypeNames()) b.set(n, exceptionType(n));

  b.set("print", printFn(out));
  b.set("None", null);
  b.set("Ellipsis", Ellipsis);
  b.set("NotImplemented", notImplementedValue);
  for (const t of [StaticMethod.type, ClassMethod.type, Property.type, PySuper.type])
    b.set(t.name, t);
  StaticMethod.type.construct = (a, k) =>
    new StaticMethod(parseArgs("staticmethod", a, k, ["function"])[0]!);
  ClassMethod.type.construct = (a, k) =>
    new ClassMethod(parseArgs("classmethod", a, k, ["function"])[0]!);
  Property.type.construct = (a, k) => {
    const [fget, fset, fdel, doc] = parseArgs("property", a, k, [
      "fget?",
      "fset?",
      "fdel?",
      "doc?",
    ]);
    return new Property(fget ?? null, fset ?? null, fdel ?? null, doc ?? null);
  };
  PySuper.type.construct = (a) => makeSuper(a);
  def("len", (a, k) => BigInt(len(parseArgs("len", a, k, ["obj"])[0]!)));
  def("repr", (a, k) => repr(parseArgs("repr", a, k, ["obj"])[0]!));
  def("ascii", (a, k) => ascii(parseArgs("ascii", a, k, ["obj"])[0]!));
  def("round", roundValue);
  def("abs", (a, k) => absValue(parseArgs("abs", a, k, ["x"])[0]!));
  def("min", (a, k) => minMax("min", a, k));
  def("max", (a, k) => minMax("max", a, k));
  def("sum", (a, k) => {
    if (a.length === 0) raise("TypeError", "sum() takes at least 1 positional argument (0 given)");
    const [it, start] = parseClinicArgs("sum", a, k, ["iterable", { name: "start", default: 0n }]);
    if (typeof start === "string")
      raise("TypeError", "sum() can't sum strings [use ''.join(seq) instead]");
    let acc: PyValue = start!;
    const iter = getIter(it!);
    for (let r = iter.next(); !r.done; r = iter.next()) acc = binaryOp("+", acc, r.value);
    return acc;
  });
  def("enumerate", (a, k) => {
    const [it, start] = parseClinicArgs("enumerate", a, k, [
      "iterable",
      { name: "start", default: 0n },
    ]);
    return new PyIterator(enumerateIter(getIter(it!), toInt(start!)), "enumerate");
  });
  def("zip", (a, k) => {
    if (k)
      for (const key of k.keys())
        if (key !== "strict")
          raise("TypeError", `zip() got an unexpected keyword argument '${key}'`);
    return new PyIterator(zipIter(a.map(getIter), truthy(k?.get("strict") ?? false)), "zip");
  });
  def("map", (a) => {
    if (a.length < 2) raise("TypeError", "map() must have at least two arguments.");
    const fn = a[0];
    const its = a.slice(1).map(getIter);
    const z = zipIter(its);
    const it: Iterator<PyValue> = {
      next: () => {
        const r = z.next();
        return r.done
          ? { value: undefined, done: true }
          : { value: callValue(fn, (r.value as PyTuple).items.slice()), done: false };
      },
    };
    return new PyIterator(it, "map");
  });
  def("filter", (a, k) => {
    const [fn, itv] = parseArgs("filter", a, k, ["function", "iterable"]);
    const src = getIter(itv!);
    const it: Iterator<PyValue> = {
      next: () => {
        for (let r = src.next(); !r.done; r = src.next())
          if (truthy(fn === null ? r.value : callValue(fn!, [r.value])))
            return { value: r.value, done: false };
        return { value: undefined, done: true };
      },
    };
    return new PyIterator(it, "filter");
  });
  def("sorted", (a, k) => {
    const [it, key, rev] = parseArgs("sorted", a, k, [
      "iterable",
      { name: "key", default: null, keywordOnly: true },
      { name: "reverse", default: false, keywordOnly: true },
    ]);
    return new PyList(sortValues(toArray(it!), key, truthy(rev!)));
  });
  def("reversed", (a, k) => reversedValue(parseArgs("reversed", a, k, ["sequence"])[0]!));
  // zip, enumerate, map and filter are classes in Python: print(zip) shows <class 'zip'> and
  // isinstance(z, zip) holds for what they make.
  for (const name of ["zip", "enumerate", "map", "filter"]) {
    const make = b.get(name) as PyBuiltin;
    const type = iteratorType(name);
    type.construct = (args, kwargs) => make.call(args, kwargs);
    b.set(name, type);
  }
  def("any", (a, k) => {
    const it = getIter(parseArgs("any", a, k, ["iterable"])[0]!);
    for (let r = it.next(); !r.done; r = it.next()) if (truthy(r.value)) return true;
    return false;
  });
  def("all", (a, k) => {
    const it = getIter(parseArgs("all", a, k, ["iterable"])[0]!);
    for (let r = it.next(); !r.done; r = it.next()) if (!truthy(r.value)) return false;
    return true;
  });
  def("isinstance", (a, k) => {
    const [v, t] = parseArgs("isinstance", a, k, ["obj", "class_or_tuple"]);
    return isinstanceCheck(v!, t!, "isinstance");
  });
  def("issubclass", (a, k) => {
    const [c, t] = parseArgs("issubclass", a, k, ["cls", "class_or_tuple"]);
    if (!(c instanceof PyType)) raise("TypeError", "issubclass() arg 1 must be a class");
    const check = (x: PyValue): boolean =>
      x instanceof PyTuple
        ? x.items.some(check)
        : x instanceof PyType
          ? c.isSubclassOf(x)
          : raise(
              "TypeError",
              "issubclass() arg 2 must be a class, a tuple of classes, or a union",
            );
    return check(t!);
  });
  def("hasattr", (a, k) => {
    const [v, n] = parseArgs("hasattr", a, k, ["obj", "name"]);
    if (typeof n !== "string") raise("TypeError", "hasattr(): attribute name must be string");
    return hasAttr(v!, n);
  });
  def("getattr", (a, k) => {
    const [v, n, d] = parseArgs("getattr", a, k, ["object", "name", "default?"]);
    if (typeof n !== "string") raise("TypeError", "getattr(): attribute name must be string");
    if (d === undefined) return getAttr(v!, n);
    return hasAttr(v!, n) ? getAttr(v!, n) : d;
  });
  def("setattr", (a, k) => {
    const [v, n, val] = parseArgs("setattr", a, k, ["obj", "name", "value"]);
    if (typeof n !== "string") raise("TypeError", "attribute name must be string");
    setAttr(v!, n, val!);
    return null;
  });
  def("id", (a, k) => {
    const [v] = parseArgs("id", a, k, ["obj"]);
    return BigInt(valueId(v!));
  });
  def("hash", (a, k) => {
    const [v] = parseArgs("hash", a, k, ["obj"]);
    if (
      typeof v === "bigint" ||
      typeof v === "boolean" ||
      (typeof v === "number" && !Number.isNaN(v))
    )
      return hashNumber(v);
    const key = hashKey(v!);
    let h = 0n;
    for (const ch of key) h = (h * 1000003n + BigInt(ch.charCodeAt(0))) & ((1n << 61n) - 1n);
    return h;
  });
  def("callable", (a, k) => isCallable(parseArgs("callable", a, k, ["obj"])[0]!));
  def("iter", (a, k) => {
    const [v] = parseArgs("iter", a, k, ["object"]);
    if (v instanceof PyIterator) return v;
    // A class's __iter__ result is returned as it is (often the instance itself).
    if (v instanceof PyInstance) {
      const it = v.iterObject();
      if (it !== undefined) return it;
    }
    const kind =
      v instanceof PyList
        ? "list_iterator"
        : v instanceof PyTuple
          ? "tuple_iterator"
          : typeof v === "string"
            ? "str_ascii_iterator"
            : v instanceof PyRange
              ? "range_iterator"
              : v instanceof PyDict
                ? "dict_keyiterator"
                : "iterator";
    return new PyIterator(getIter(v!), kind);
  });
  def("next", (a, k) => {
    const [it, d] = parseArgs("next", a, k, ["iterator", "default?"]);
    if (it instanceof PyInstance) {
      try {
        const v = it.next();
        if (v !== undefined) return v;
      } catch (e) {
        if (d !== undefined && e instanceof PyException && e.type.name === "StopIteration")
          return d;
        throw e;
      }
    }
    if (!(it instanceof PyIterator))
      raise("TypeError", `'${typeName(it!)}' object is not an iterator`);
    const r = it.it.next();
    if (r.done) {
      if (d !== undefined) return d;
      throw stopIteration(r.value);
    }
    return r.value;
  });
  def("divmod", (a, k) => {
    const [x, y] = parseArgs("divmod", a, k, ["x", "y"]);
    const isNum = (v: PyValue) =>
      typeof v === "bigint" || typeof v === "number" || typeof v === "boolean";
    if (!(x instanceof PyObject || y instanceof PyObject) && !(isNum(x!) && isNum(y!)))
      raise(
        "TypeError",
        `unsupported operand type(s) for divmod(): '${typeName(x!)}' and '${typeName(y!)}'`,
      );
    if (
      (isNum(x!) || x instanceof PyList || x instanceof PyTuple || x instanceof PyDict) &&
      !isNum(y!) &&
      !(y instanceof PyObject && y.pyType.module !== "builtins")
    )
      raise(
        "TypeError",
        `unsupported operand type(s) for divmod(): '${typeName(x!)}' and '${typeName(y!)}'`,
      );
    if (
      !isNum(x!) &&
      !(x instanceof PyObject && x.pyType.module !== "builtins") &&
      !(y instanceof PyObject && y.pyType.module !== "builtins")
    )
      raise(
        "TypeError",
        `unsupported operand type(s) for divmod(): '${typeName(x!)}' and '${typeName(y!)}'`,
      );
    return new PyTuple([binaryOp("//", x!, y!), binaryOp("%", x!, y!)]);
  });
  def("pow", (a, k) => {
    const [x, y, m] = parseClinicArgs("pow", a, k, ["base", "exp", { name: "mod", default: null }]);
    if (m === null) return binaryOp("**", x!, y!);
    return modPow(toInt(x!), toInt(y!), toInt(m!));
  });
  def("format", (a, k) => {
    const [v, spec] = parseArgs("format", a, k, ["value", { name: "format_spec", default: "" }]);
    return format(v!, str(spec!));
  });
  def("chr", (a, k) => {
    const n = Number(toInt(parseArgs("chr", a, k, ["i"])[0]!));
    if (n < 0 || n > 0x10ffff) raise("ValueError", "chr() arg not in range(0x110000)");
    return String.fromCodePoint(n);
  });
  def("ord", (a, k) => {
    const [s] = parseArgs("ord", a, k, ["c"]);
    if (typeof s !== "string" || [...s].length !== 1)
      raise(
        "TypeError",
        `ord() expected a character, but string of length ${typeof s === "string" ? [...s].length : 0} found`,
      );
    return BigInt(s.codePointAt(0)!);
  });
  const radix = (name: string, base: number, prefix: string) =>
    def(name, (a, k) => {
      const v = toInt(parseArgs(name, a, k, ["number"])[0]!);
      return (v < 0n ? "-" : "") + prefix + (v < 0n ? -v : v).toString(base);
    });
  radix("hex", 16, "0x");
  radix("oct", 8, "0o");
  radix("bin", 2, "0b");
  def("input", () => raise("OSError", "input() is not available here"));
  def("open", () => raise("OSError", "files are not available here"));
  def("vars", (a, k) => {
    const [v] = parseArgs("vars", a, k, ["object"]);
    if (v instanceof PyInstance) return getAttr(v, "__dict__");
    return raise("TypeError", "vars() argument must have __dict__ attribute");
  });
  return b;
}

// ---------------------------------------------------------------------------------------------
// math and time

const HASH_MODULUS = (1n << 61n) - 1n;

/** hash() of an int, bool or float (not NaN, whose hash is its identity's). */
export function hashNumber(v: bigint | boolean | number): bigint {
  if (typeof v !== "number") return numberHash(toInt(v), 1n);
  if (!Number.isFinite(v)) return v > 0 ? 314159n : -314159n;
  const [num, den] = floatFraction(v);
  return numberHash(num, den);
}

/**
 * CPython's hash of the number num/den (den a power of two): the fraction modulo 2**61 - 1, so
 * equal numbers hash alike whatever their type (hash(1) == hash(1.0) == hash(True)).
 */
function numberHash(num: bigint, den: bigint): bigint {
  const magnitude =
    ((num < 0n ? -num : num) % HASH_MODULUS) * modInverse(den % HASH_MODULUS, HASH_MODULUS);
  const h = (num < 0n ? -1n : 1n) * (magnitude % HASH_MODULUS);
  return h === -1n ? -2n : h;
}

/** pow(base, exp, mod): a negative exponent uses the modular inverse; the result has mod's sign. */
function modPow(base: bigint, e: bigint, mod: bigint): bigint {
  if (mod === 0n) raise("ValueError", "pow() 3rd argument cannot be 0");
  const m = mod < 0n ? -mod : mod;
  base = floorMod(base, m);
  if (e < 0n) {
    base = modInverse(base, m);
    e = -e;
  }
  let r = 1n % m;
  while (e > 0n) {
    if (e & 1n) r = (r * base) % m;
    base = (base * base) % m;
    e >>= 1n;
  }
  return floorMod(r, mod);
}

/** The inverse of a modulo m (extended Euclid), or ValueError when they share a factor. */
function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [m, a, 0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) raise("ValueError", "base is not invertible for the given modulus");
  return floorMod(s0, m);
}

// CPython's math functions are the C library's, whose exp/log/pow/sin/cos glibc rounds
// correctly in practice; JavaScript's Math ones are only faithful, an ulp off now and then.
const sinCos = new Float64Array(2);

/** sin and cos through the correctly rounded kernel, where its argument reduction holds. */
function sinExact(x: number): number {
  if (x === 0 || !(Math.abs(x) < 2 ** 20)) return Math.sin(x);
  sinCosExact(Math.abs(x), sinCos);
  return x < 0 ? -sinCos[0] : sinCos[0];
}

/** log2 through the double-double log; exact powers of two stay exact. */
function log2(x: number): number {
  return x >= 2 ** -1022 && x < Infinity ? log2Exact(x) : Math.log2(x);
}

const words = new Float64Array(1);
const wordsU32 = new Uint32Array(words.buffer);
const HIGH = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * log10 as glibc computes it (its e_log10.c): not rounded correctly but from the correctly
 * rounded log of the mantissa, x = 2**y m, as y log10(2) + log(m) / ln 10.
 */
function log10(x: number): number {
  if (!(x >= 2 ** -1022 && x < Infinity)) return Math.log10(x);
  words[0] = x;
  const k = ((wordsU32[HIGH] >>> 20) & 0x7ff) - 1023;
  const i = k < 0 ? 1 : 0;
  wordsU32[HIGH] = (wordsU32[HIGH] & 0x000fffff) | ((0x3ff - i) << 20);
  const y = k + i;
  const z = y * 3.69423907715893078616e-13 + 4.34294481903251816668e-1 * logExact(words[0]);
  return z + y * 3.01029995663611771306e-1;
}

// The hyperbolic functions as glibc writes them (e_cosh.c, e_sinh.c, s_tanh.c), on top of
// its correctly rounded exp and its expm1, which JavaScript's Math.expm1 matches.
function cosh(x: number): number {
  const a = Math.abs(x);
  if (!Number.isFinite(a)) return a;
  if (a < 0.5 * Math.LN2) {
    const t = Math.expm1(a);
    const w = 1 + t;
    return a < 2 ** -55 ? w : 1 + (t * t) / (w + w);
  }
  if (a < 22) {
    const t = expExact(a);
    return 0.5 * t + 0.5 / t;
  }
  return a < 709.78 ? 0.5 * expExact(a) : Math.cosh(x);
}

function sinh(x: number): number {
  const a = Math.abs(x);
  if (!Number.isFinite(a) || a < 2 ** -28) return x;
  const h = x < 0 ? -0.5 : 0.5;
  if (a < 22) {
    const t = Math.expm1(a);
    return a < 1 ? h * (2 * t - (t * t) / (t + 1)) : h * (t + t / (t + 1));
  }
  return a < 709.78 ? h * expExact(a) : Math.sinh(x);
}

function tanh(x: number): number {
  const a = Math.abs(x);
  if (Number.isNaN(a) || a < 2 ** -55) return x;
  let z: number;
  if (a >= 22) z = 1;
  else if (a >= 1) z = 1 - 2 / (Math.expm1(2 * a) + 2);
  else {
    const t = Math.expm1(-2 * a);
    z = -t / (t + 2);
  }
  return x < 0 ? -z : z;
}

function cosExact(x: number): number {
  if (!(Math.abs(x) < 2 ** 20)) return Math.cos(x);
  sinCosExact(Math.abs(x), sinCos);
  return sinCos[1];
}

function mathDomain(ok: boolean): void {
  if (!ok) raise("ValueError", "math domain error");
}

function unaryMath(name: string, fn: (x: number) => number, domain?: (x: number) => boolean) {
  return builtin(name, (args, kwargs) => {
    const x = toFloat(parseArgs(name, args, kwargs, ["x"])[0]!);
    if (domain) mathDomain(domain(x));
    const r = fn(x);
    if (Number.isNaN(r) && !Number.isNaN(x)) mathDomain(false);
    if (!Number.isFinite(r) && Number.isFinite(x)) raise("OverflowError", "math range error");
    return r;
  });
}

function toIntegral(name: string, fn: (x: number) => number) {
  return builtin(name, (args, kwargs) => {
    const [x] = parseArgs(name, args, kwargs, ["x"]);
    if (typeof x === "bigint" || typeof x === "boolean") return toInt(x);
    if (x instanceof PyObject) {
      const m = x.getAttr(`__${name}__`);
      if (m !== undefined) return callValue(m, []);
      // floor and ceil fall back to float(x); trunc has no such fallback.
      if (name === "trunc")
        raise("TypeError", `type ${typeName(x)} doesn't define __trunc__ method`);
    }
    return floatToInt(fn(toFloat(x!)));
  });
}

function bigGcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b) [a, b] = [b, a % b];
  return a;
}

/** floor(sqrt(n)) exactly, by Newton's iteration from above. */
function bigIntSqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** n * (n-1) * ... * (n-k+1). */
function fallingFactorial(n: bigint, k: bigint): bigint {
  if (k > 100000n) raise("MemoryError", "result too large here");
  let r = 1n;
  for (let i = 0n; i < k; i++) r *= n - i;
  return r;
}

/** math.comb / math.perm arguments: two non-negative ints (perm's k defaults to n). */
function combArgs(name: string, a: PyValue[], k: Kwargs | undefined): [bigint, bigint] {
  if (name === "comb" && a.length !== 2)
    raise("TypeError", `comb expected 2 arguments, got ${a.length}`);
  const [n, r] = parseArgs(name, a, k, ["n", { name: "k", default: null }]);
  const nn = toInt(n!);
  const kk = r === null ? nn : toInt(r!);
  if (nn < 0n) raise("ValueError", "n must be a non-negative integer");
  if (kk < 0n) raise("ValueError", "k must be a non-negative integer");
  return [nn, kk];
}

export function makeMathModule(): PyModule {
  const m = new PyModule("math", {
    pi: Math.PI,
    e: Math.E,
    tau: 2 * Math.PI,
    inf: Infinity,
    nan: NaN,
    sqrt: unaryMath("sqrt", Math.sqrt, (x) => x >= 0 || Number.isNaN(x)),
    exp: unaryMath("exp", expExact),
    log2: unaryMath("log2", log2, (x) => x > 0 || Number.isNaN(x)),
    log10: unaryMath("log10", log10, (x) => x > 0 || Number.isNaN(x)),
    log1p: unaryMath("log1p", Math.log1p, (x) => x > -1 || Number.isNaN(x)),
    expm1: unaryMath("expm1", Math.expm1),
    sin: unaryMath("sin", sinExact, (x) => !(x === Infinity || x === -Infinity)),
    cos: unaryMath("cos", cosExact, (x) => !(x === Infinity || x === -Infinity)),
    tan: unaryMath("tan", Math.tan, (x) => !(x === Infinity || x === -Infinity)),
    asin: unaryMath("asin", Math.asin),
    acos: unaryMath("acos", Math.acos),
    atan: unaryMath("atan", Math.atan),
    sinh: unaryMath("sinh", sinh),
    cosh: unaryMath("cosh", cosh),
    tanh: unaryMath("tanh", tanh),
    asinh: unaryMath("asinh", Math.asinh),
    acosh: unaryMath("acosh", Math.acosh),
    atanh: unaryMath("atanh", Math.atanh, (x) => (x > -1 && x < 1) || Number.isNaN(x)),
    exp2: unaryMath("exp2", (x) => Math.pow(2, x)),
    fabs: unaryMath("fabs", Math.abs),
    // CPython multiplies by the constant ratio, so degrees(pi) is exactly 180.0.
    degrees: unaryMath("degrees", (x) => x * (180 / Math.PI)),
    radians: unaryMath("radians", (x) => x * (Math.PI / 180)),
    fmod: builtin("fmod", (args, kwargs) => {
      const [x, y] = parseArgs("fmod", args, kwargs, ["x", "y"]).map((v) => toFloat(v!));
      if (y === 0 || x === Infinity || x === -Infinity)
        mathDomain(Number.isNaN(x) || Number.isNaN(y));
      return x % y;
    }),
    modf: builtin("modf", (a, k) => {
      const x = toFloat(parseArgs("modf", a, k, ["x"])[0]!);
      if (!Number.isFinite(x)) return new PyTuple([Number.isNaN(x) ? x : x > 0 ? 0 : -0, x]);
      const whole = Math.trunc(x);
      // The fraction keeps x's sign even when it is zero: modf(-2.0) == (-0.0, -2.0).
      return new PyTuple([
        x - whole === 0 ? (x < 0 || Object.is(x, -0) ? -0 : 0) : x - whole,
        whole,
      ]);
    }),
    frexp: builtin("frexp", (a, k) => {
      let x = toFloat(parseArgs("frexp", a, k, ["x"])[0]!);
      if (x === 0 || !Number.isFinite(x)) return new PyTuple([x, 0n]);
      // Lift subnormals into the normal range so every power of two below is finite.
      let shift = 0;
      if (Math.abs(x) < 2 ** -1022) [x, shift] = [x * 2 ** 64, -64];
      let e = Math.floor(Math.log2(Math.abs(x))) + 1;
      let m = x / 2 / 2 ** (e - 1);
      // log2 can be one off near powers of two; settle m into [0.5, 1).
      if (Math.abs(m) < 0.5) [m, e] = [m * 2, e - 1];
      else if (Math.abs(m) >= 1) [m, e] = [m / 2, e + 1];
      return new PyTuple([m, BigInt(e + shift)]);
    }),
    ldexp: builtin("ldexp", (a, k) => {
      const [x, i] = parseArgs("ldexp", a, k, ["x", "i"]);
      const f = toFloat(x!);
      const n = Number(toInt(i!));
      // Scale in two steps so 2**n itself cannot overflow or underflow first.
      const half = Math.trunc(n / 2);
      const r = f * Math.pow(2, half) * Math.pow(2, n - half);
      if (!Number.isFinite(r) && Number.isFinite(f)) raise("OverflowError", "math range error");
      return r;
    }),
    isqrt: builtin("isqrt", (a, k) => {
      const n = toInt(parseArgs("isqrt", a, k, ["n"])[0]!);
      if (n < 0n) raise("ValueError", "isqrt() argument must be nonnegative");
      return bigIntSqrt(n);
    }),
    comb: builtin("comb", (a, k) => {
      const [n, r] = combArgs("comb", a, k);
      if (r > n) return 0n;
      const m = r < n - r ? r : n - r;
      return fallingFactorial(n, m) / fallingFactorial(m, m);
    }),
    perm: builtin("perm", (a, k) => {
      const [n, r] = combArgs("perm", a, k);
      return r > n ? 0n : fallingFactorial(n, r);
    }),
    lcm: builtin("lcm", (args) => {
      let l = 1n;
      for (const v of args) {
        let a = toInt(v);
        if (a < 0n) a = -a;
        if (a === 0n) return 0n;
        l = (l / bigGcd(l, a)) * a;
      }
      return l;
    }),
    dist: builtin("dist", (args, kwargs) => {
      const [p, q] = parseArgs("dist", args, kwargs, ["p", "q"]).map((v) => toArray(v!));
      if (p.length !== q.length)
        raise("ValueError", "both points must have the same number of dimensions");
      return Math.hypot(...p.map((v, i) => toFloat(v) - toFloat(q[i])));
    }),
    floor: toIntegral("floor", Math.floor),
    ceil: toIntegral("ceil", Math.ceil),
    trunc: toIntegral("trunc", Math.trunc),
    log: builtin("log", (args, kwargs) => {
      const [x, base] = parseArgs("log", args, kwargs, ["x", "base?"]);
      const lg = (v: PyValue): number => {
        if (typeof v === "bigint" && v > 0n) {
          const bits = v.toString(2).length;
          if (bits > 1000) return Math.log(Number(v >> BigInt(bits - 60))) + (bits - 60) * Math.LN2;
        }
        const f = toFloat(v);
        mathDomain(f > 0 || Number.isNaN(f));
        return f >= 2 ** -1022 && f < Infinity ? logExact(f) : Math.log(f);
      };
      if (base === undefined) return lg(x!);
      const d = lg(base);
      if (d === 0) raise("ZeroDivisionError", "float division by zero");
      return lg(x!) / d;
    }),
    pow: builtin("pow", (args, kwargs) => {
      const [x, y] = parseArgs("pow", args, kwargs, ["x", "y"]);
      const a = toFloat(x!);
      const b = toFloat(y!);
      if (a === 0 && b < 0) mathDomain(false);
      if (a < 0 && Number.isFinite(b) && !Number.isInteger(b)) mathDomain(false);
      const r = a < 0 ? (b % 2 === 0 ? 1 : -1) * powExact(-a, b) : powExact(a, b);
      if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b))
        raise("OverflowError", "math range error");
      return a === 1 || b === 0 ? 1 : r;
    }),
    atan2: builtin("atan2", (args, kwargs) => {
      const [y, x] = parseArgs("atan2", args, kwargs, ["y", "x"]);
      return Math.atan2(toFloat(y!), toFloat(x!));
    }),
    hypot: builtin("hypot", (args) => Math.hypot(...args.map(toFloat))),
    copysign: builtin("copysign", (args, kwargs) => {
      const [x, y] = parseArgs("copysign", args, kwargs, ["x", "y"]);
      const a = Math.abs(toFloat(x!));
      const b = toFloat(y!);
      return b < 0 || Object.is(b, -0) ? -a : a;
    }),
    isnan: builtin("isnan", (a, k) => Number.isNaN(toFloat(parseArgs("isnan", a, k, ["x"])[0]!))),
    isinf: builtin("isinf", (a, k) => {
      const x = toFloat(parseArgs("isinf", a, k, ["x"])[0]!);
      return x === Infinity || x === -Infinity;
    }),
    isfinite: builtin("isfinite", (a, k) =>
      Number.isFinite(toFloat(parseArgs("isfinite", a, k, ["x"])[0]!)),
    ),
    isclose: builtin("isclose", (args, kwargs) => {
      const [x, y, rt, at] = parseArgs("isclose", args, kwargs, [
        "a",
        "b",
        { name: "rel_tol", default: 1e-9, keywordOnly: true },
        { name: "abs_tol", default: 0, keywordOnly: true },
      ]);
      const a = toFloat(x!);
      const b = toFloat(y!);
      if (a === b) return true;
      if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
      const d = Math.abs(a - b);
      return (
        d <= Math.abs(toFloat(rt!) * b) || d <= Math.abs(toFloat(rt!) * a) || d <= toFloat(at!)
      );
    }),
    factorial: builtin("factorial", (a, k) => {
      const [x] = parseArgs("factorial", a, k, ["n"]);
      if (typeof x === "number")
        raise("TypeError", "'float' object cannot be interpreted as an integer");
      const n = toInt(x!);
      if (n < 0n) raise("ValueError", "factorial() not defined for negative values");
      if (n > 5000n) raise("MemoryError", "factorial argument too large here");
      let r = 1n;
      for (let i = 2n; i <= n; i++) r *= i;
      return r;
    }),
    gcd: builtin("gcd", (args) => args.reduce<bigint>((g, v) => bigGcd(g, toInt(v)), 0n)),
    prod: builtin("prod", (args, kwargs) => {
      const [it, start] = parseArgs("prod", args, kwargs, [
        "iterable",
        { name: "start", default: 1n, keywordOnly: true },
      ]);
      let acc: PyValue = start!;
      for (const v of toArray(it!)) acc = binaryOp("*", acc, v);
      return acc;
    }),
    fsum: builtin("fsum", (a, k) => {
      // Neumaier compensation: exact for the sums lessons use (fsum([0.1] * 10) == 1.0).
      let s = 0;
      let c = 0;
      for (const v of toArray(parseArgs("fsum", a, k, ["seq"])[0]!)) {
        const x = toFloat(v);
        const t = s + x;
        c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
        s = t;
      }
      return s + c;
    }),
  });
  return m;
}

export function makeTimeModule(now: () => number, tick: () => void): PyModule {
  const t0 = Date.now() - now();
  return new PyModule("time", {
    perf_counter: builtin("perf_counter", () => now() / 1000),
    perf_counter_ns: builtin("perf_counter_ns", () => BigInt(Math.round(now() * 1e6))),
    monotonic: builtin("monotonic", () => now() / 1000),
    time: builtin("time", () => (t0 + now()) / 1000),
    time_ns: builtin("time_ns", () => BigInt(Math.round((t0 + now()) * 1e6))),
    sleep: builtin("sleep", (a, k) => {
      const secs = toFloat(parseArgs("sleep", a, k, ["secs"])[0]!);
      if (secs < 0) raise("ValueError", "sleep length must be non-negative");
      // No blocking sleep exists in a Worker-free page; spin, but within the cell's deadline.
      const until = now() + secs * 1000;
      while (now() < until) for (let i = 0; i < 1000; i++) tick();
      return null;
    }),
  });
}
