// Python semantics for the builtin value kinds: printing, truth, equality, hashing, operators,
// attribute and item access, iteration and calls. Host objects are reached only via their hooks.

import {
  floatRepr,
  formatFloatSpec,
  formatIntSpec,
  formatStrSpec,
  FormatSpecError,
} from "../tensor/format/index";
import {
  type BinaryOp,
  dictType,
  type CompareOp,
  type Kwargs,
  type NotImplementedType,
  type PyValue,
  type UnaryOp,
  baseExceptionType,
  installPrinters,
  NotImplemented,
  objectType,
  PyBuiltin,
  PyDict,
  PyException,
  PyList,
  PyModule,
  PyObject,
  PyRange,
  PySet,
  PySlice,
  PyTuple,
  PyType,
  typeType,
} from "./objects";
import { builtinMethod } from "./methods";
import { powExact } from "../tensor/random/float64Math";

// Builtin scalar types. Their constructors live in builtins.ts and are attached there.
export const noneType = new PyType("NoneType", [objectType]);
export const intType = new PyType("int", [objectType], (a, k) => ctor.int(a, k));
export const boolType = new PyType("bool", [intType], (a, k) => ctor.bool(a, k));
export const floatType = new PyType("float", [objectType], (a, k) => ctor.float(a, k));
export const strType = new PyType("str", [objectType], (a, k) => ctor.str(a, k));

/** Filled in by builtins.ts (kept apart so this file stays about semantics). */
export const ctor: Record<"int" | "bool" | "float" | "str", (a: PyValue[], k?: Kwargs) => PyValue> =
  {
    int: () => 0n,
    bool: () => false,
    float: () => 0,
    str: () => "",
  };

export function typeOf(v: PyValue): PyType {
  switch (typeof v) {
    case "bigint":
      return intType;
    case "number":
      return floatType;
    case "string":
      return strType;
    case "boolean":
      return boolType;
    default:
      return v === null ? noneType : v.pyType;
  }
}

export function typeName(v: PyValue): string {
  return typeOf(v).name;
}

export function isinstance(v: PyValue, t: PyType): boolean {
  return typeOf(v).isSubclassOf(t);
}

export function raise(type: string, message?: string): never {
  throw new PyException(type, message);
}

/** What `raise v` (and gen.throw(v)) raises: an exception instance, or a class called bare. */
export function toRaisable(v: PyValue, what = "exceptions"): PyException {
  const exc = v instanceof PyType && v.isSubclassOf(baseExceptionType) ? callValue(v, []) : v;
  if (!(exc instanceof PyException)) raise("TypeError", `${what} must derive from BaseException`);
  return exc;
}

// ---------------------------------------------------------------------------------------------
// Printing

let reprDepth = 0;
const inProgress = new Set<object>();

function guarded(o: object, open: string, close: string, body: () => string): string {
  if (inProgress.has(o)) return `${open}...${close}`;
  if (++reprDepth > 200) {
    reprDepth = 0;
    inProgress.clear();
    raise("RecursionError", "maximum recursion depth exceeded while getting the repr of an object");
  }
  inProgress.add(o);
  try {
    return body();
  } finally {
    inProgress.delete(o);
    reprDepth--;
  }
}

// str.isprintable() is false for these categories; repr() escapes them.
export const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c !== 0x20 && NON_PRINTABLE.test(ch)) out += escapeCodePoint(c);
    else out += ch;
  }
  return out + quote;
}

/** ascii(): repr with every non-ASCII character escaped as \xhh, \uhhhh or \Uhhhhhhhh. */
export function ascii(v: PyValue): string {
  let out = "";
  for (const ch of repr(v)) {
    const c = ch.codePointAt(0)!;
    out += c < 0x80 ? ch : escapeCodePoint(c);
  }
  return out;
}

/** A character as repr() escapes it: \xhh, \uhhhh or \Uhhhhhhhh. */
function escapeCodePoint(c: number): string {
  if (c < 0x100) return "\\x" + c.toString(16).padStart(2, "0");
  if (c < 0x10000) return "\\u" + c.toString(16).padStart(4, "0");
  return "\\U" + c.toString(16).padStart(8, "0");
}

// CPython 3.11 refuses decimal conversions of ints longer than this (sys.int_info).
const INT_MAX_STR_DIGITS = 4300;
const DIGITS_HINT = "use sys.set_int_max_str_digits() to increase the limit";

/** An int in decimal, refused past 4300 digits as CPython refuses it. */
function intToDecimal(v: bigint): string {
  const s = v.toString();
  if (s.length - (v < 0n ? 1 : 0) > INT_MAX_STR_DIGITS)
    raise(
      "ValueError",
      `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion; ${DIGITS_HINT}`,
    );
  return s;
}

/** int() of a decimal (or other non-power-of-two base) string with this many digits. */
export function checkParsedDigits(count: number): void {
  if (count > INT_MAX_STR_DIGITS)
    raise(
      "ValueError",
      `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${count} digits; ${DIGITS_HINT}`,
    );
}

export function repr(v: PyValue): string {
  switch (typeof v) {
    case "bigint":
      return intToDecimal(v);
    case "number":
      return floatRepr(v);
    case "string":
      return strRepr(v);
    case "boolean":
      return v ? "True" : "False";
  }
  if (v === null) return "None";
  if (v instanceof PyList) return guarded(v, "[", "]", () => `[${v.items.map(repr).join(", ")}]`);
  if (v instanceof PyTuple) {
    if (v.items.length === 1) return `(${repr(v.items[0])},)`;
    return guarded(v, "(", ")", () => `(${v.items.map(repr).join(", ")})`);
  }
  // A dict subclass (OrderedDict) prints its own way.
  if (v instanceof PyDict && v.pyType === dictType)
    return guarded(v, "{", "}", () => {
      const parts: string[] = [];
      for (const [k, val] of v.entries.values()) parts.push(`${repr(k)}: ${repr(val)}`);
      return `{${parts.join(", ")}}`;
    });
  if (v instanceof PySet) {
    if (v.entries.size === 0) return "set()";
    return guarded(v, "{", "}", () => `{${toArray(v).map(repr).join(", ")}}`);
  }
  return v.repr();
}

export function str(v: PyValue): string {
  if (typeof v === "string") return v;
  if (
    v instanceof PyObject &&
    !(v instanceof PyList || v instanceof PyTuple || v instanceof PyDict)
  )
    return v.str();
  return repr(v);
}

installPrinters(repr, str);

/** format(v, spec), as used by f-strings and format(). */
export function format(v: PyValue, spec: string): string {
  try {
    switch (typeof v) {
      case "bigint":
        // Binary, octal, hex and char forms are exempt from the decimal length limit.
        if (!/[xXobc]$/.test(spec)) intToDecimal(v);
        return formatIntSpec(v, spec);
      case "number":
        return formatFloatSpec(v, spec);
      case "string":
        return formatStrSpec(v, spec);
      case "boolean":
        return spec === "" ? str(v) : formatIntSpec(v ? 1n : 0n, spec);
    }
  } catch (e) {
    if (e instanceof FormatSpecError) raise(e.pyType, e.message);
    throw e;
  }
  if (v === null || v instanceof PyList || v instanceof PyTuple || v instanceof PyDict) {
    if (spec === "") return str(v);
    raise("TypeError", `unsupported format string passed to ${typeName(v)}.__format__`);
  }
  return v.format(spec);
}

// ---------------------------------------------------------------------------------------------
// Truth, length, iteration

export function truthy(v: PyValue): boolean {
  switch (typeof v) {
    case "boolean":
      return v;
    case "bigint":
      return v !== 0n;
    case "number":
      return v !== 0;
    case "string":
      return v.length > 0;
  }
  if (v === null) return false;
  const b = v.bool();
  if (b !== undefined) return b;
  const n = v.len();
  return n === undefined ? true : n > 0;
}

export function len(v: PyValue): number {
  if (typeof v === "string") return [...v].length;
  const n = v instanceof PyObject ? v.len() : undefined;
  if (n === undefined) raise("TypeError", `object of type '${typeName(v)}' has no len()`);
  return n;
}

function* codePoints(s: string): Iterator<PyValue> {
  for (const ch of s) yield ch;
}

export function getIter(v: PyValue): Iterator<PyValue> {
  if (typeof v === "string") return codePoints(v);
  const it = v instanceof PyObject ? v.iter() : undefined;
  if (it === undefined) raise("TypeError", `'${typeName(v)}' object is not iterable`);
  return it;
}

export function toArray(v: PyValue): PyValue[] {
  if (v instanceof PyList) return v.items.slice();
  if (v instanceof PyTuple) return v.items.slice();
  if (v instanceof PyRange && v.len() > 5e7) raise("MemoryError", "");
  const out: PyValue[] = [];
  const it = getIter(v);
  for (let r = it.next(); !r.done; r = it.next()) out.push(r.value);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hashing and equality

export function hashKey(v: PyValue): string {
  switch (typeof v) {
    case "boolean":
      return v ? "n1" : "n0";
    case "bigint":
      return "n" + v;
    case "number":
      return Number.isInteger(v) ? "n" + BigInt(v) : "f" + v;
    case "string":
      return "s" + v;
  }
  if (v === null) return "N";
  if (v instanceof PyTuple)
    return "t" + v.items.map((x) => hashKey(x).length + ":" + hashKey(x)).join("");
  const k = v.hashKey();
  if (k === undefined) raise("TypeError", `unhashable type: '${typeName(v)}'`);
  return k;
}

type Num = bigint | number;

function asNum(v: PyValue): Num | undefined {
  if (typeof v === "bigint" || typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1n : 0n;
  return undefined;
}

/** Exact three-way comparison of Python numbers; NaN when unordered. */
export function numCompare(a: Num, b: Num): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "number" && typeof b === "number")
    return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  if (typeof a === "number") return -numCompare(b, a);
  const f = b as number;
  if (Number.isNaN(f)) return NaN;
  if (!Number.isFinite(f)) return f > 0 ? -1 : 1;
  const fl = Math.floor(f);
  const bi = BigInt(fl);
  if (a < bi) return -1;
  if (a > bi) return 1;
  return fl === f ? 0 : -1;
}

function seqEq(a: readonly PyValue[], b: readonly PyValue[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !pyEq(a[i], b[i])) return false;
  return true;
}

/** `a == b` reduced to a JS boolean (what list.__eq__, `in` and dict lookups use). */
export function pyEq(a: PyValue, b: PyValue): boolean {
  const na = asNum(a);
  if (na !== undefined) {
    const nb = asNum(b);
    if (nb !== undefined) return numCompare(na, nb) === 0;
  }
  if (typeof a === "string" || typeof b === "string") return a === b;
  if (a === b) return true;
  if (a === null || b === null) return false;
  // A number against an object: only the object's hook can say (tensor(1) == 1 in a list).
  if (typeof a !== "object" || typeof b !== "object") {
    const obj = typeof a === "object" ? a : (b as PyObject);
    const r = obj.compare("==", obj === a ? b : a);
    return r !== NotImplemented && truthy(r);
  }
  if (a instanceof PyList && b instanceof PyList) return seqEq(a.items, b.items);
  if (a instanceof PyTuple && b instanceof PyTuple) return seqEq(a.items, b.items);
  if (a instanceof PyDict && b instanceof PyDict) {
    if (a.entries.size !== b.entries.size) return false;
    for (const [k, [, v]] of a.entries) {
      const o = b.entries.get(k);
      if (!o || !pyEq(v, o[1])) return false;
    }
    return true;
  }
  if (a instanceof PySet && b instanceof PySet) {
    if (a.entries.size !== b.entries.size) return false;
    for (const k of a.entries.keys()) if (!b.entries.has(k)) return false;
    return true;
  }
  // Ask the objects' own hooks only: compare() falls back to pyEq, which must not loop.
  const r = a.compare("==", b);
  if (r !== NotImplemented) return truthy(r);
  const l = b.compare("==", a);
  if (l !== NotImplemented) return truthy(l);
  return false;
}

const reflectedCmp: Record<CompareOp, CompareOp> = {
  "==": "==",
  "!=": "!=",
  "<": ">",
  "<=": ">=",
  ">": "<",
  ">=": "<=",
};

function cmpResult(op: CompareOp, c: number): boolean {
  switch (op) {
    case "==":
      return c === 0;
    case "!=":
      return c !== 0;
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
  }
}

function seqCompare(op: CompareOp, a: readonly PyValue[], b: readonly PyValue[]): PyValue {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i] || pyEq(a[i], b[i])) continue;
    if (op === "==") return false;
    if (op === "!=") return true;
    return compare(op, a[i], b[i]);
  }
  return cmpResult(op, a.length - b.length);
}

/** A rich comparison; the result is a PyValue because host objects may return tensors. */
export function compare(op: CompareOp, a: PyValue, b: PyValue): PyValue {
  const na = asNum(a);
  const nb = asNum(b);
  if (na !== undefined && nb !== undefined) {
    const c = numCompare(na, nb);
    return Number.isNaN(c) ? op === "!=" : cmpResult(op, c);
  }
  if (typeof a === "string" && typeof b === "string")
    return cmpResult(op, a < b ? -1 : a > b ? 1 : 0);
  if (a instanceof PyObject) {
    const r = a.compare(op, b);
    if (r !== NotImplemented) return r;
  }
  if (b instanceof PyObject) {
    const r = b.compare(reflectedCmp[op], a);
    if (r !== NotImplemented) return r;
  }
  if (a instanceof PyList && b instanceof PyList) return seqCompare(op, a.items, b.items);
  if (a instanceof PyTuple && b instanceof PyTuple) return seqCompare(op, a.items, b.items);
  if (a instanceof PySet && b instanceof PySet && op !== "==" && op !== "!=") {
    const sub = (x: PySet, y: PySet) => [...x.entries.keys()].every((h) => y.entries.has(h));
    const n = a.entries.size - b.entries.size;
    if (op === "<=") return sub(a, b);
    if (op === "<") return n < 0 && sub(a, b);
    if (op === ">=") return sub(b, a);
    return n > 0 && sub(b, a);
  }
  if (op === "==") return a === b || pyEq(a, b);
  if (op === "!=") return !(a === b || pyEq(a, b));
  raise(
    "TypeError",
    `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`,
  );
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

export function intToFloat(v: bigint): number {
  const f = Number(v);
  if (!Number.isFinite(f)) raise("OverflowError", "int too large to convert to float");
  return f;
}

const SAFE = 1n << 53n;

/** int / int, correctly rounded even when the operands do not fit in a double. */
function intTrueDiv(a: bigint, b: bigint): number {
  if (a < SAFE && a > -SAFE && b < SAFE && b > -SAFE) return Number(a) / Number(b);
  const neg = a < 0n !== b < 0n;
  const x = a < 0n ? -a : a;
  const y = b < 0n ? -b : b;
  // Keep 55+ quotient bits and fold the remainder into a sticky bit, so Number() rounds once.
  const k = bitLength(y) - bitLength(x) + 55;
  const num = k >= 0 ? x << BigInt(k) : x;
  const den = k >= 0 ? y : y << BigInt(-k);
  let q = num / den;
  if (num % den !== 0n) q |= 1n;
  let r = Number(q);
  let e = -k;
  while (e > 1000) {
    r *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    r *= 2 ** -1000;
    e += 1000;
  }
  r *= 2 ** e;
  if (!Number.isFinite(r)) raise("OverflowError", "integer division result too large for a float");
  return neg ? -r : r;
}

function bitLength(v: bigint): number {
  return (v < 0n ? -v : v).toString(2).length;
}

/** A finite float as an exact fraction num/den with den a power of two. */
export function floatFraction(x: number): [bigint, bigint] {
  let den = 1n;
  // Doubling is exact, so this stops at the least power of two that makes x integral.
  while (!Number.isInteger(x)) {
    x *= 2;
    den <<= 1n;
  }
  return [BigInt(x), den];
}

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export function floorMod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r !== 0n && r < 0n !== b < 0n ? r + b : r;
}

function floatMod(a: number, b: number): number {
  let m = a % b;
  if (m !== 0) {
    if (b < 0 !== m < 0) m += b;
  } else m = b < 0 ? -0 : 0;
  return m;
}

function floatFloorDiv(a: number, b: number): number {
  // CPython's float_floor_div: derive the quotient from fmod so that a == b*q + r stays exact.
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div !== 0) {
    const fl = Math.floor(div);
    if (div - fl > 0.5) return fl + 1;
    return fl;
  }
  // A zero quotient takes the sign of the true quotient: -0.0 // 1 is -0.0.
  return a / b < 0 || Object.is(a / b, -0) ? -0 : 0;
}

function intPow(a: bigint, b: bigint): PyValue {
  if (b < 0n) {
    if (a === 0n) raise("ZeroDivisionError", "0.0 cannot be raised to a negative power");
    return floatPow(intToFloat(a), Number(b));
  }
  if (a === 0n || a === 1n) return b === 0n ? 1n : a;
  if (a === -1n) return b % 2n === 0n ? 1n : -1n;
  if (BigInt(bitLength(a)) * b > 1n << 24n) raise("MemoryError", "integer result too large");
  return a ** b;
}

function floatPow(a: number, b: number): number {
  if (a === 0 && b < 0) raise("ZeroDivisionError", "0.0 cannot be raised to a negative power");
  if (a < 0 && Number.isFinite(b) && !Number.isInteger(b))
    raise("ValueError", "complex numbers are not supported in this Python subset");
  const r =
    a < 0 && Number.isInteger(b) ? (b % 2 === 0 ? 1 : -1) * powExact(-a, b) : powExact(a, b);
  if (a === 1 || b === 0) return 1;
  if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b))
    raise("OverflowError", "(34, 'Numerical result out of range')");
  return r;
}

function intOp(op: BinaryOp, a: bigint, b: bigint): PyValue | typeof NotImplemented {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      if (b === 0n) raise("ZeroDivisionError", "division by zero");
      return intTrueDiv(a, b);
    case "//":
      if (b === 0n) raise("ZeroDivisionError", "integer division or modulo by zero");
      return floorDiv(a, b);
    case "%":
      if (b === 0n) raise("ZeroDivisionError", "integer modulo by zero");
      return floorMod(a, b);
    case "**":
      return intPow(a, b);
    case "&":
      return a & b;
    case "|":
      return a | b;
    case "^":
      return a ^ b;
    case "<<":
      if (b < 0n) raise("ValueError", "negative shift count");
      if (BigInt(bitLength(a)) + b > 1n << 24n) raise("MemoryError", "integer result too large");
      return a << b;
    case ">>":
      if (b < 0n) raise("ValueError", "negative shift count");
      return a >> b;
    case "@":
      return NotImplemented;
  }
}

function floatOp(op: BinaryOp, a: number, b: number): PyValue | typeof NotImplemented {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      if (b === 0) raise("ZeroDivisionError", "float division by zero");
      return a / b;
    case "//":
      if (b === 0) raise("ZeroDivisionError", "float floor division by zero");
      return floatFloorDiv(a, b);
    case "%":
      if (b === 0) raise("ZeroDivisionError", "float modulo");
      return floatMod(a, b);
    case "**":
      return floatPow(a, b);
    default:
      return NotImplemented;
  }
}

const SSIZE_MAX = (1n << 63n) - 1n;

function repeatCount(n: bigint | boolean): number {
  if (typeof n === "bigint" && (n > SSIZE_MAX || n < -SSIZE_MAX - 1n))
    raise("OverflowError", "cannot fit 'int' into an index-sized integer");
  return Number(n);
}

function repeat<T>(items: readonly T[], n: PyValue): T[] | undefined {
  if (typeof n !== "bigint" && typeof n !== "boolean") return undefined;
  const k = repeatCount(n);
  if (k <= 0 || items.length === 0) return [];
  if (items.length * k > 2e7) raise("MemoryError", "");
  const out: T[] = [];
  for (let i = 0; i < k; i++) for (const x of items) out.push(x);
  return out;
}

function builtinBinary(op: BinaryOp, a: PyValue, b: PyValue): PyValue | typeof NotImplemented {
  const na = asNum(a);
  if (na !== undefined) {
    const nb = asNum(b);
    if (nb !== undefined) {
      if (
        typeof a === "boolean" &&
        typeof b === "boolean" &&
        (op === "&" || op === "|" || op === "^")
      )
        return op === "&" ? a && b : op === "|" ? a || b : a !== b;
      if (typeof na === "bigint" && typeof nb === "bigint") return intOp(op, na, nb);
      return floatOp(
        op,
        typeof na === "bigint" ? intToFloat(na) : na,
        typeof nb === "bigint" ? intToFloat(nb) : nb,
      );
    }
    if (op === "*" && (typeof b === "string" || b instanceof PyList || b instanceof PyTuple))
      return builtinBinary(op, b, a);
    return NotImplemented;
  }
  if (typeof a === "string") {
    if (op === "+") {
      if (typeof b === "string") return a + b;
      if (!(b instanceof PyObject) || !hasReflected(b))
        raise("TypeError", `can only concatenate str (not "${typeName(b)}") to str`);
    }
    if (op === "*" && (typeof b === "bigint" || typeof b === "boolean")) {
      const k = repeatCount(b);
      if (k <= 0) return "";
      if (a.length * k > 1e8) raise("MemoryError", "");
      return a.repeat(k);
    }
    if (op === "*" && !isHostLike(b))
      raise("TypeError", `can't multiply sequence by non-int of type '${typeName(b)}'`);
    if (op === "%") return percentFormat(a, b);
    return NotImplemented;
  }
  if (a instanceof PyList || a instanceof PyTuple) {
    const isList = a instanceof PyList;
    if (op === "+") {
      if (isList && b instanceof PyList) return new PyList([...a.items, ...b.items]);
      if (!isList && b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
      if (
        !(b instanceof PyObject) ||
        !hasReflected(b) ||
        b instanceof PyList ||
        b instanceof PyTuple
      )
        raise(
          "TypeError",
          `can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`,
        );
    }
    if (op === "*") {
      const r = repeat(a.items, b);
      if (r) return isList ? new PyList(r) : new PyTuple(r);
      if (!isHostLike(b))
        raise("TypeError", `can't multiply sequence by non-int of type '${typeName(b)}'`);
    }
    return NotImplemented;
  }
  if (a instanceof PySet && b instanceof PySet) {
    // Elements go in as CPython adds them, walking each operand in its iteration order, so
    // that a result of ints prints in CPython's order.
    const out = new PySet();
    const addFrom = (x: PySet, keep: (h: string) => boolean) => {
      for (const v of toArray(x)) {
        const h = hashKey(v);
        if (keep(h)) out.add(h, v);
      }
    };
    if (op === "|") {
      addFrom(a, () => true);
      addFrom(b, () => true);
    } else if (op === "&") {
      // CPython walks the smaller set and keeps what the other one holds.
      const [big, small] = b.entries.size > a.entries.size ? [b, a] : [a, b];
      addFrom(small, (h) => big.entries.has(h));
    } else if (op === "-") addFrom(a, (h) => !b.entries.has(h));
    else if (op === "^") {
      addFrom(a, (h) => !b.entries.has(h));
      addFrom(b, (h) => !a.entries.has(h));
    } else return NotImplemented;
    return out;
  }
  if (a instanceof PyDict && b instanceof PyDict && op === "|") {
    const d = new PyDict();
    for (const [k, e] of a.entries) d.entries.set(k, [e[0], e[1]]);
    for (const [k, e] of b.entries) d.put(k, e[0], e[1]);
    return d;
  }
  return NotImplemented;
}

/** Whether v may implement a reflected operator itself (anything but builtin values). */
function isHostLike(v: PyValue): boolean {
  return v instanceof PyObject && v.pyType.module !== "builtins";
}

/** Whether b is an object whose own hooks might handle a reflected operation (a host object). */
function hasReflected(b: PyObject): boolean {
  return !(b instanceof PyDict || b instanceof PySet || b instanceof PyModule);
}

const isSequence = (v: PyValue): boolean =>
  typeof v === "string" || v instanceof PyList || v instanceof PyTuple;

function opFailure(op: BinaryOp, a: PyValue, b: PyValue, inplace = false): never {
  // When neither side's number protocol took `str + x`, CPython's last try is str's own
  // concatenation, which words the error.
  if (op === "+" && typeof a === "string")
    raise("TypeError", `can only concatenate str (not "${typeName(b)}") to str`);
  // Likewise `seq * x` ends in the sequence's repeat, which wants an int.
  if (op === "*" && (isSequence(a) || isSequence(b)))
    raise(
      "TypeError",
      `can't multiply sequence by non-int of type '${typeName(isSequence(a) ? b : a)}'`,
    );
  const shown = inplace ? `${op}=` : op === "**" ? "** or pow()" : op;
  raise(
    "TypeError",
    `unsupported operand type(s) for ${shown}: '${typeName(a)}' and '${typeName(b)}'`,
  );
}

export function binaryOp(op: BinaryOp, a: PyValue, b: PyValue): PyValue {
  const r = tryBinaryOp(op, a, b);
  if (r === NotImplemented) opFailure(op, a, b);
  return r;
}

/** Both operands' hooks in CPython's order; NotImplemented when neither takes the pair. */
function tryBinaryOp(op: BinaryOp, a: PyValue, b: PyValue): PyValue | NotImplementedType {
  if (typeof a === "bigint" && typeof b === "bigint") {
    const r = intOp(op, a, b);
    if (r !== NotImplemented) return r;
  } else if (typeof a === "number" && typeof b === "number") {
    const r = floatOp(op, a, b);
    if (r !== NotImplemented) return r;
  }
  const aHost = a instanceof PyObject && !(a instanceof PyList || a instanceof PyTuple);
  if (aHost) {
    const r = (a as PyObject).binaryOp(op, b, false);
    if (r !== NotImplemented) return r;
  } else {
    const r = builtinBinary(op, a, b);
    if (r !== NotImplemented) return r;
  }
  if (b instanceof PyObject && b !== a) {
    const r = b.binaryOp(op, a, true);
    if (r !== NotImplemented) return r;
  }
  if (aHost) return builtinBinary(op, a, b);
  return NotImplemented;
}

/** `a op= b`: the in-place hook first (lists extend, tensors mutate), then the binary op. */
export function inplaceOp(op: BinaryOp, a: PyValue, b: PyValue): PyValue {
  if (a instanceof PyList) {
    if (op === "+") {
      a.items.push(...toArray(b));
      return a;
    }
    if (op === "*") {
      const r = repeat(a.items, b);
      if (r) {
        a.items = r;
        return a;
      }
    }
  } else if (a instanceof PyObject) {
    const r = a.inplaceOp(op, b);
    if (r !== NotImplemented) return r;
  }
  const r = tryBinaryOp(op, a, b);
  if (r === NotImplemented) opFailure(op, a, b, true);
  return r;
}

export function unaryOp(op: UnaryOp, v: PyValue): PyValue {
  switch (typeof v) {
    case "bigint":
      return op === "-" ? -v : op === "+" ? v : ~v;
    case "number":
      if (op === "-") return -v;
      if (op === "+") return v;
      break;
    case "boolean": {
      const n = v ? 1n : 0n;
      return op === "-" ? -n : op === "+" ? n : ~n;
    }
  }
  if (v instanceof PyObject) {
    const r = v.unaryOp(op);
    if (r !== NotImplemented) return r;
  }
  raise("TypeError", `bad operand type for unary ${op}: '${typeName(v)}'`);
}

/** `item in container`. */
export function contains(container: PyValue, item: PyValue): boolean {
  if (typeof container === "string") {
    if (typeof item !== "string")
      raise("TypeError", `'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (container instanceof PyList || container instanceof PyTuple) {
    for (const x of container.items) if (x === item || pyEq(x, item)) return true;
    return false;
  }
  if (container instanceof PyDict) return container.entries.has(hashKey(item));
  if (container instanceof PySet) return container.entries.has(hashKey(item));
  if (container instanceof PyRange) {
    const n = asNum(item);
    if (n === undefined) return false;
    if (typeof n === "number" && !Number.isInteger(n)) return false;
    const k = typeof n === "bigint" ? n : BigInt(n);
    const { start, stop, step } = container;
    const inside = step > 0n ? k >= start && k < stop : k <= start && k > stop;
    return inside && (k - start) % step === 0n;
  }
  if (container instanceof PyObject) {
    const r = container.contains(item);
    if (r !== undefined) return r;
    let it: Iterator<PyValue> | undefined;
    try {
      it = container.iter();
    } catch (e) {
      // CPython words any TypeError from making the iterator as this one.
      if (!(e instanceof PyException) || e.type.name !== "TypeError") throw e;
    }
    if (it) {
      for (let x = it.next(); !x.done; x = it.next())
        if (x.value === item || pyEq(x.value, item)) return true;
      return false;
    }
  }
  raise("TypeError", `argument of type '${typeName(container)}' is not iterable`);
}

// ---------------------------------------------------------------------------------------------
// printf-style formatting ("%d items" % n): the common conversions only.

function percentFormat(fmt: string, arg: PyValue): string {
  const args = arg instanceof PyTuple ? arg.items : [arg];
  let k = 0;
  const next = (): PyValue => {
    if (k >= args.length) raise("TypeError", "not enough arguments for format string");
    return args[k++];
  };
  // "%(name)s" takes its value from a mapping argument instead of the next positional one.
  const named = (key: string): PyValue => {
    if (arg instanceof PyTuple || !(arg instanceof PyObject) || arg.pyType === objectType)
      raise("TypeError", "format requires a mapping");
    return getItem(arg, key);
  };
  const out = fmt.replace(
    /%(?:\(([^)]*)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([diouxXeEfFgGcrsa%])/g,
    (
      _m,
      key: string | undefined,
      flags: string,
      width: string | undefined,
      prec: string | undefined,
      conv: string,
    ) => {
      if (conv === "%" && key === undefined) return "%";
      const w = width === "*" ? String(toInt(next())) : (width ?? "");
      const v = key === undefined ? next() : named(key);
      const align = flags.includes("-") ? "<" : "";
      const sign = flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
      const zero = flags.includes("0") && !align ? "0" : "";
      if (conv === "s" || conv === "r" || conv === "a") {
        const s = conv === "s" ? str(v) : conv === "r" ? repr(v) : ascii(v);
        return formatStrSpec(
          prec !== undefined ? s.slice(0, Number(prec)) : s,
          `${align || ">"}${w}`,
        );
      }
      if (conv === "c" && typeof v === "string" && [...v].length === 1) return v;
      const n = percentNumber(conv, v);
      if ("diu".includes(conv)) {
        const i = typeof n === "bigint" ? n : BigInt(Math.trunc(n));
        intToDecimal(i);
        return formatIntSpec(i, `${align}${sign}${zero}${w}d`);
      }
      if ("oxX".includes(conv)) {
        const i = typeof n === "bigint" ? n : BigInt(Math.trunc(n));
        return formatIntSpec(
          i,
          `${align}${sign}${flags.includes("#") ? "#" : ""}${zero}${w}${conv}`,
        );
      }
      if (conv === "c") return typeof n === "bigint" ? String.fromCodePoint(Number(n)) : "";
      const f = typeof n === "bigint" ? intToFloat(n) : n;
      return formatFloatSpec(f, `${align}${sign}${zero}${w}.${prec ?? "6"}${conv}`);
    },
  );
  if (k < args.length && !(arg instanceof PyDict))
    raise("TypeError", "not all arguments converted during string formatting");
  return out;
}

/** The number a %-conversion formats: objects go through __int__, __index__ or __float__. */
function percentNumber(conv: string, v: PyValue): Num {
  const n = asNum(v);
  const integral = "oxXc".includes(conv);
  if (n !== undefined) {
    if (conv === "c" && typeof n === "number") raise("TypeError", "%c requires int or char");
    if (integral && typeof n === "number")
      raise("TypeError", `%${conv} format: an integer is required, not ${typeName(v)}`);
    return n;
  }
  if (v instanceof PyObject) {
    try {
      if (integral) {
        if (v.getAttr("__index__") !== undefined) return toInt(v);
      } else if ("diu".includes(conv)) {
        const m = v.getAttr("__int__") ?? v.getAttr("__index__");
        if (m !== undefined) return toInt(callValue(m, []));
      } else if (v.getAttr("__float__") !== undefined) return toFloat(v);
    } catch (e) {
      // CPython reports a TypeError from the conversion with the format's own message.
      if (!(e instanceof PyException && e.type.name === "TypeError")) throw e;
    }
  }
  if (conv === "c") raise("TypeError", "%c requires int or char");
  if (integral) raise("TypeError", `%${conv} format: an integer is required, not ${typeName(v)}`);
  if ("diu".includes(conv))
    raise("TypeError", `%${conv} format: a real number is required, not ${typeName(v)}`);
  raise("TypeError", `must be real number, not ${typeName(v)}`);
}

// ---------------------------------------------------------------------------------------------
// Conversions used by builtins and host bindings

export function isIntLike(v: PyValue): v is bigint | boolean {
  return typeof v === "bigint" || typeof v === "boolean";
}

/** A Python int (or bool) as a bigint; TypeError otherwise. */
export function toInt(v: PyValue, what = "an integer"): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "boolean") return v ? 1n : 0n;
  if (v instanceof PyObject) {
    const idx = v.getAttr("__index__");
    if (idx !== undefined) {
      const r = callValue(idx, []);
      if (typeof r !== "bigint" && typeof r !== "boolean")
        raise("TypeError", `__index__ returned non-int (type ${typeName(r)})`);
      return toInt(r);
    }
  }
  raise("TypeError", `'${typeName(v)}' object cannot be interpreted as ${what}`);
}

/** A Python number as a JS number (for math functions and host kernels). */
export function toFloat(v: PyValue): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return intToFloat(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof PyObject) {
    const f = v.getAttr("__float__");
    if (f !== undefined) return toFloat(callValue(f, []));
  }
  raise("TypeError", `must be real number, not ${typeName(v)}`);
}

// ---------------------------------------------------------------------------------------------
// Attributes, items, calls

/** `v.name` as the callee of `v.name(...)`: the object's getMethod hook first. */
export function getMethod(v: PyValue, name: string): PyValue {
  if (
    v instanceof PyObject &&
    !(v instanceof PyList || v instanceof PyDict) &&
    name !== "__class__"
  ) {
    const r = v.getMethod(name);
    if (r !== undefined) return r;
  }
  return getAttr(v, name);
}

export function getAttr(v: PyValue, name: string): PyValue {
  if (name === "__class__") return typeOf(v);
  if (v instanceof PyObject && !(v instanceof PyList || v instanceof PyDict)) {
    const r = v.getAttr(name);
    if (r !== undefined) return r;
  }
  const m = builtinMethod(v, name);
  if (m !== undefined) return m;
  // object's own __repr__/__str__, which every value inherits: x.__repr__() is repr(x).
  if (name === "__repr__" || name === "__str__") {
    const show = name === "__repr__" ? repr : str;
    return new PyBuiltin(
      name,
      (args) => {
        if (args.length)
          raise("TypeError", `${typeName(v)}.${name}() takes no arguments (${args.length} given)`);
        return show(v);
      },
      v,
    );
  }
  if (v instanceof PyModule)
    raise("AttributeError", `module '${v.name}' has no attribute '${name}'`);
  if (v instanceof PyType)
    raise("AttributeError", `type object '${v.name}' has no attribute '${name}'`);
  raise("AttributeError", `'${typeName(v)}' object has no attribute '${name}'`);
}

export function hasAttr(v: PyValue, name: string): boolean {
  try {
    getAttr(v, name);
    return true;
  } catch (e) {
    if (e instanceof PyException && e.type.name === "AttributeError") return false;
    throw e;
  }
}

export function setAttr(v: PyValue, name: string, value: PyValue): void {
  if (
    v instanceof PyObject &&
    !(v instanceof PyList || v instanceof PyDict || v instanceof PyTuple)
  ) {
    if (v.setAttr(name, value)) return;
    if (v.getAttr(name) !== undefined)
      raise("AttributeError", `attribute '${name}' of '${typeName(v)}' objects is not writable`);
  }
  if (v instanceof PyType)
    raise("TypeError", `cannot set '${name}' attribute of immutable type '${v.name}'`);
  if (
    ["real", "imag", "numerator", "denominator"].includes(name) &&
    builtinMethod(v, name) !== undefined
  )
    raise("AttributeError", `attribute '${name}' of '${typeName(v)}' objects is not writable`);
  if (builtinMethod(v, name) !== undefined)
    raise("AttributeError", `'${typeName(v)}' object attribute '${name}' is read-only`);
  raise("AttributeError", `'${typeName(v)}' object has no attribute '${name}'`);
}

/**
 * The position `v` names in a sequence of length n. `what` words the errors; `range` the
 * IndexError when it differs (a list store or deletion says "list assignment index...").
 */
function seqIndex(v: PyValue, n: number, what: string, range = what): number {
  if (typeof v !== "bigint" && typeof v !== "boolean") {
    if (v instanceof PyObject && v.getAttr("__index__") !== undefined)
      return seqIndex(toInt(v), n, what, range);
    if (what === "string")
      raise("TypeError", `string indices must be integers, not '${typeName(v)}'`);
    raise("TypeError", `${what} indices must be integers or slices, not ${typeName(v)}`);
  }
  let i = typeof v === "boolean" ? (v ? 1 : 0) : Number(v);
  if (i < 0) i += n;
  if (i < 0 || i >= n || !Number.isSafeInteger(i))
    raise("IndexError", `${range} index out of range`);
  return i;
}

/** slice.indices(n): [start, stop, step] clamped as Python does. */
export function sliceIndices(s: PySlice, n: number): [number, number, number] {
  const get = (v: PyValue): number | null => {
    if (v === null) return null;
    if (
      typeof v !== "bigint" &&
      typeof v !== "boolean" &&
      !(v instanceof PyObject && v.getAttr("__index__") !== undefined)
    )
      raise("TypeError", "slice indices must be integers or None or have an __index__ method");
    const b = toInt(v, "an integer");
    return b > BigInt(Number.MAX_SAFE_INTEGER)
      ? Number.MAX_SAFE_INTEGER
      : b < -BigInt(Number.MAX_SAFE_INTEGER)
        ? -Number.MAX_SAFE_INTEGER
        : Number(b);
  };
  const step = get(s.step) ?? 1;
  if (step === 0) raise("ValueError", "slice step cannot be zero");
  const clamp = (v: number | null, def: number, lo: number, hi: number): number => {
    if (v === null) return def;
    if (v < 0) v += n;
    return v < lo ? lo : v > hi ? hi : v;
  };
  if (step > 0) return [clamp(get(s.start), 0, 0, n), clamp(get(s.stop), n, 0, n), step];
  return [clamp(get(s.start), n - 1, -1, n - 1), clamp(get(s.stop), -1, -1, n - 1), step];
}

function sliceItems<T>(items: readonly T[], s: PySlice): T[] {
  const [start, stop, step] = sliceIndices(s, items.length);
  if (step === 1) return items.slice(start, Math.max(start, stop));
  const out: T[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(items[i]);
  else for (let i = start; i > stop; i += step) out.push(items[i]);
  return out;
}

export function getItem(v: PyValue, key: PyValue): PyValue {
  if (v instanceof PyList) {
    if (key instanceof PySlice) return new PyList(sliceItems(v.items, key));
    return v.items[seqIndex(key, v.items.length, "list")];
  }
  if (v instanceof PyTuple) {
    if (key instanceof PySlice) return new PyTuple(sliceItems(v.items, key));
    return v.items[seqIndex(key, v.items.length, "tuple")];
  }
  if (typeof v === "string") {
    const chars = [...v];
    if (key instanceof PySlice) return sliceItems(chars, key).join("");
    return chars[seqIndex(key, chars.length, "string")];
  }
  if (v instanceof PyDict) {
    const e = v.entries.get(hashKey(key));
    if (!e) throw PyException.withArgs("KeyError", [key]);
    return e[1];
  }
  if (v instanceof PyRange) {
    if (key instanceof PySlice) {
      const [i0, i1, k] = sliceIndices(key, v.len());
      const at = (i: number) => v.start + BigInt(i) * v.step;
      return new PyRange(at(i0), at(i1), v.step * BigInt(k));
    }
    return v.start + BigInt(seqIndex(key, v.len(), "range", "range object")) * v.step;
  }
  if (v instanceof PyType && v.name === "type") return v;
  if (v instanceof PyObject) return v.getItem(key);
  raise("TypeError", `'${typeName(v)}' object is not subscriptable`);
}

export function setItem(v: PyValue, key: PyValue, value: PyValue): void {
  if (v instanceof PyList) {
    if (key instanceof PySlice) {
      const [start, stop, step] = sliceIndices(key, v.items.length);
      const vals = toArray(value);
      if (step === 1) {
        v.items.splice(start, Math.max(0, stop - start), ...vals);
        return;
      }
      const idx: number[] = [];
      if (step > 0) for (let i = start; i < stop; i += step) idx.push(i);
      else for (let i = start; i > stop; i += step) idx.push(i);
      if (idx.length !== vals.length)
        raise(
          "ValueError",
          `attempt to assign sequence of size ${vals.length} to extended slice of size ${idx.length}`,
        );
      idx.forEach((i, k) => (v.items[i] = vals[k]));
      return;
    }
    v.items[seqIndex(key, v.items.length, "list", "list assignment")] = value;
    return;
  }
  if (v instanceof PyDict) {
    v.put(hashKey(key), key, value);
    return;
  }
  if (v instanceof PyObject && !(v instanceof PyTuple)) return v.setItem(key, value);
  raise("TypeError", `'${typeName(v)}' object does not support item assignment`);
}

export function delItem(v: PyValue, key: PyValue): void {
  if (v instanceof PyList) {
    if (key instanceof PySlice) {
      const [start, stop, step] = sliceIndices(key, v.items.length);
      const drop = new Set<number>();
      if (step > 0) for (let i = start; i < stop; i += step) drop.add(i);
      else for (let i = start; i > stop; i += step) drop.add(i);
      v.items = v.items.filter((_, i) => !drop.has(i));
      return;
    }
    v.items.splice(seqIndex(key, v.items.length, "list", "list assignment"), 1);
    return;
  }
  if (v instanceof PyDict) {
    if (!v.entries.delete(hashKey(key))) throw PyException.withArgs("KeyError", [key]);
    return;
  }
  if (v instanceof PyObject && !(v instanceof PyTuple)) return v.delItem(key);
  raise("TypeError", `'${typeName(v)}' object doesn't support item deletion`);
}

export function callValue(fn: PyValue, args: PyValue[], kwargs?: Kwargs): PyValue {
  if (fn instanceof PyObject) return fn.call(args, kwargs);
  raise("TypeError", `'${typeName(fn)}' object is not callable`);
}

export function isCallable(v: PyValue): boolean {
  return v instanceof PyObject && v.isCallable();
}

export { typeType };
