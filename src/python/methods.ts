// Methods of the builtin types (str, list, tuple, dict, set, int, float).

import { parseArgs } from "./args";
import {
  type Kwargs,
  type PyValue,
  PyBuiltin,
  PyDict,
  PyException,
  PyList,
  PySet,
  PyTuple,
} from "./objects";
import {
  binaryOp,
  callValue,
  compare,
  format,
  getAttr,
  getItem,
  hashKey,
  pyEq,
  raise,
  repr,
  str,
  toArray,
  toInt,
  truthy,
  typeName,
} from "./runtime";

type Method = (self: PyValue, args: PyValue[], kwargs: Kwargs | undefined) => PyValue;

function bind(self: PyValue, name: string, m: Method): PyBuiltin {
  return new PyBuiltin(name, (args, kwargs) => m(self, args, kwargs), self);
}

function strArg(v: PyValue | undefined, fn: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") raise("TypeError", `${fn} arg must be None or str`);
  return v;
}

const isSpace = (c: string): boolean => /\s/.test(c);

function stripChars(s: string, chars: string | undefined, left: boolean, right: boolean): string {
  const test = chars === undefined ? isSpace : (c: string) => chars.includes(c);
  let a = 0;
  let b = s.length;
  if (left) while (a < b && test(s[a])) a++;
  if (right) while (b > a && test(s[b - 1])) b--;
  return s.slice(a, b);
}

function splitWhitespace(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isSpace(s[i])) i++;
    if (i >= s.length) break;
    if (maxsplit >= 0 && out.length === maxsplit) {
      out.push(s.slice(i).replace(/\s+$/, ""));
      break;
    }
    let j = i;
    while (j < s.length && !isSpace(s[j])) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

/** str.format: "{}", "{0}", "{name}", "{x.attr}", "{x[0]}", with !r/!s and a format spec. */
export function strFormat(fmt: string, args: PyValue[], kwargs: Kwargs | undefined): string {
  let auto = 0;
  let out = "";
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i];
    if (c === "}") {
      if (fmt[i + 1] === "}") {
        out += "}";
        i += 2;
        continue;
      }
      raise("ValueError", "Single '}' encountered in format string");
    }
    if (c !== "{") {
      out += c;
      i++;
      continue;
    }
    if (fmt[i + 1] === "{") {
      out += "{";
      i += 2;
      continue;
    }
    let depth = 1;
    let j = i + 1;
    while (j < fmt.length && depth > 0) {
      if (fmt[j] === "{") depth++;
      else if (fmt[j] === "}") depth--;
      j++;
    }
    if (depth > 0) raise("ValueError", "expected '}' before end of string");
    const field = fmt.slice(i + 1, j - 1);
    i = j;
    const m = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/s.exec(field);
    if (!m) raise("ValueError", "invalid format field");
    const [, ref, conv, rawSpec] = m;
    const head = /^[^.[]*/.exec(ref)![0];
    let v: PyValue;
    if (head === "") {
      if (auto >= args.length)
        raise("IndexError", `Replacement index ${auto} out of range for positional args tuple`);
      v = args[auto++];
    } else if (/^\d+$/.test(head)) {
      const k = Number(head);
      if (k >= args.length)
        raise("IndexError", `Replacement index ${k} out of range for positional args tuple`);
      v = args[k];
    } else {
      const kv = kwargs?.get(head);
      if (kv === undefined) throw PyException.withArgs("KeyError", [head]);
      v = kv;
    }
    const rest = ref.slice(head.length);
    const re = /\.(\w+)|\[([^\]]*)\]/g;
    for (let p = re.exec(rest); p; p = re.exec(rest))
      v =
        p[1] !== undefined
          ? getAttr(v, p[1])
          : getItem(v, /^\d+$/.test(p[2]) ? BigInt(p[2]) : p[2]);
    if (conv === "r" || conv === "a") v = repr(v);
    else if (conv === "s") v = str(v);
    const spec = rawSpec ? strFormat(rawSpec, args.slice(auto), kwargs) : "";
    out += format(v, spec);
  }
  return out;
}

function findSub(s: string, sub: string, start: PyValue | undefined, end: PyValue | undefined) {
  const n = s.length;
  const norm = (v: PyValue | undefined, d: number) => {
    if (v === undefined || v === null) return d;
    let k = Number(toInt(v));
    if (k < 0) k = Math.max(0, k + n);
    return Math.min(k, n);
  };
  const a = norm(start, 0);
  const b = norm(end, n);
  const i = s.slice(0, b).indexOf(sub, a);
  return i;
}

const strMethods: Record<string, Method> = {
  upper: (s) => (s as string).toUpperCase(),
  lower: (s) => (s as string).toLowerCase(),
  strip: (s, a, k) =>
    stripChars(s as string, strArg(parseArgs("strip", a, k, ["chars?"])[0], "strip"), true, true),
  lstrip: (s, a, k) =>
    stripChars(
      s as string,
      strArg(parseArgs("lstrip", a, k, ["chars?"])[0], "lstrip"),
      true,
      false,
    ),
  rstrip: (s, a, k) =>
    stripChars(
      s as string,
      strArg(parseArgs("rstrip", a, k, ["chars?"])[0], "rstrip"),
      false,
      true,
    ),
  split: (s, a, k) => {
    const [sep, max] = parseArgs("split", a, k, [
      { name: "sep", default: null },
      { name: "maxsplit", default: -1n },
    ]);
    const m = Number(toInt(max!));
    if (sep === null) return new PyList(splitWhitespace(s as string, m));
    if (typeof sep !== "string") raise("TypeError", `must be str or None, not ${typeName(sep!)}`);
    if (sep === "") raise("ValueError", "empty separator");
    const parts = (s as string).split(sep);
    if (m >= 0 && parts.length > m + 1) parts.splice(m, parts.length - m, parts.slice(m).join(sep));
    return new PyList(parts);
  },
  partition: (s, a, k) => partition(s as string, parseArgs("partition", a, k, ["sep"])[0]!, false),
  rpartition: (s, a, k) => partition(s as string, parseArgs("rpartition", a, k, ["sep"])[0]!, true),
  splitlines: (s) =>
    new PyList(
      (s as string).split(/\r\n|\r|\n/).filter((x, i, arr) => i < arr.length - 1 || x !== ""),
    ),
  join: (s, a, k) => {
    const [it] = parseArgs("join", a, k, ["iterable"]);
    const items = toArray(it!);
    items.forEach((x, i) => {
      if (typeof x !== "string")
        raise("TypeError", `sequence item ${i}: expected str instance, ${typeName(x)} found`);
    });
    return items.join(s as string);
  },
  replace: (s, a, k) => {
    const [old, rep, count] = parseArgs("replace", a, k, [
      "old",
      "new",
      { name: "count", default: -1n },
    ]);
    if (typeof old !== "string" || typeof rep !== "string")
      raise("TypeError", "replace() argument must be str");
    let n = Number(toInt(count!));
    if (n < 0) return (s as string).split(old).join(rep);
    let out = "";
    let rest = s as string;
    while (n-- > 0) {
      const i = rest.indexOf(old);
      if (i < 0) break;
      out += rest.slice(0, i) + rep;
      rest = rest.slice(i + old.length);
      if (old === "") {
        out += rest.slice(0, 1);
        rest = rest.slice(1);
      }
    }
    return out + rest;
  },
  startswith: (s, a, k) => {
    const [p] = parseArgs("startswith", a, k, ["prefix"]);
    const ps = p instanceof PyTuple ? p.items : [p!];
    return ps.some((x) => (s as string).startsWith(x as string));
  },
  endswith: (s, a, k) => {
    const [p] = parseArgs("endswith", a, k, ["suffix"]);
    const ps = p instanceof PyTuple ? p.items : [p!];
    return ps.some((x) => (s as string).endsWith(x as string));
  },
  find: (s, a, k) => {
    const [sub, st, en] = parseArgs("find", a, k, ["sub", "start?", "end?"]);
    return BigInt(findSub(s as string, sub as string, st, en));
  },
  index: (s, a, k) => {
    const [sub, st, en] = parseArgs("index", a, k, ["sub", "start?", "end?"]);
    const i = findSub(s as string, sub as string, st, en);
    if (i < 0) raise("ValueError", "substring not found");
    return BigInt(i);
  },
  count: (s, a, k) => {
    const [sub] = parseArgs("count", a, k, ["sub"]);
    if (sub === "") return BigInt((s as string).length + 1);
    return BigInt((s as string).split(sub as string).length - 1);
  },
  format: (s, a, k) => strFormat(s as string, a, k),
  isdigit: (s) => /^\d+$/u.test(s as string),
  isnumeric: (s) => /^\p{N}+$/u.test(s as string),
  isalpha: (s) => /^\p{L}+$/u.test(s as string),
  isalnum: (s) => /^[\p{L}\p{N}]+$/u.test(s as string),
  isspace: (s) => /^\s+$/.test(s as string),
  isupper: (s) => /\p{Lu}/u.test(s as string) && !/\p{Ll}/u.test(s as string),
  islower: (s) => /\p{Ll}/u.test(s as string) && !/\p{Lu}/u.test(s as string),
  title: (s) =>
    (s as string)
      .toLowerCase()
      .replace(/(^|[^\p{L}])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase()),
  capitalize: (s) => {
    const t = s as string;
    return t.slice(0, 1).toUpperCase() + t.slice(1).toLowerCase();
  },
  center: (s, a, k) => pad(s as string, a, k, "center"),
  ljust: (s, a, k) => pad(s as string, a, k, "ljust"),
  rjust: (s, a, k) => pad(s as string, a, k, "rjust"),
  zfill: (s, a, k) => {
    const [w] = parseArgs("zfill", a, k, ["width"]);
    const t = s as string;
    const width = Number(toInt(w!));
    if (t.length >= width) return t;
    const sign = t[0] === "-" || t[0] === "+" ? t[0] : "";
    return sign + "0".repeat(width - t.length) + t.slice(sign.length);
  },
};

function pad(s: string, a: PyValue[], k: Kwargs | undefined, how: string): string {
  const [w, f] = parseArgs(how, a, k, ["width", { name: "fillchar", default: " " }]);
  const width = Number(toInt(w!));
  const fill = f as string;
  const n = width - s.length;
  if (n <= 0) return s;
  if (how === "ljust") return s + fill.repeat(n);
  if (how === "rjust") return fill.repeat(n) + s;
  // CPython puts the extra character on the left when both the string and the padding are odd.
  const left = Math.floor(n / 2) + (n & width & 1);
  return fill.repeat(left) + s + fill.repeat(n - left);
}

function lessThan(a: PyValue, b: PyValue): boolean {
  return truthy(compare("<", a, b));
}

export function sortValues(
  items: PyValue[],
  key: PyValue | undefined,
  reverse: boolean,
): PyValue[] {
  const keyed = items.map(
    (v) => [key === undefined || key === null ? v : callValue(key, [v]), v] as const,
  );
  keyed.sort((x, y) => (lessThan(x[0], y[0]) ? -1 : lessThan(y[0], x[0]) ? 1 : 0));
  if (reverse) {
    // Python keeps equal elements in their original order even when reversed.
    keyed.reverse();
    let i = 0;
    while (i < keyed.length) {
      let j = i + 1;
      while (
        j < keyed.length &&
        !lessThan(keyed[i][0], keyed[j][0]) &&
        !lessThan(keyed[j][0], keyed[i][0])
      )
        j++;
      const run = keyed.slice(i, j).reverse();
      keyed.splice(i, j - i, ...run);
      i = j;
    }
  }
  return keyed.map((x) => x[1]);
}

function indexOf(items: readonly PyValue[], v: PyValue): number {
  for (let i = 0; i < items.length; i++) if (items[i] === v || pyEq(items[i], v)) return i;
  return -1;
}

const listMethods: Record<string, Method> = {
  append: (s, a, k) => {
    const [v] = parseArgs("append", a, k, ["object"]);
    (s as PyList).items.push(v!);
    return null;
  },
  extend: (s, a, k) => {
    const [v] = parseArgs("extend", a, k, ["iterable"]);
    (s as PyList).items.push(...toArray(v!));
    return null;
  },
  insert: (s, a, k) => {
    const [i, v] = parseArgs("insert", a, k, ["index", "object"]);
    const items = (s as PyList).items;
    let n = Number(toInt(i!));
    if (n < 0) n = Math.max(0, n + items.length);
    items.splice(Math.min(n, items.length), 0, v!);
    return null;
  },
  pop: (s, a, k) => {
    const [i] = parseArgs("pop", a, k, [{ name: "index", default: -1n }]);
    const items = (s as PyList).items;
    if (items.length === 0) raise("IndexError", "pop from empty list");
    let n = Number(toInt(i!));
    if (n < 0) n += items.length;
    if (n < 0 || n >= items.length) raise("IndexError", "pop index out of range");
    return items.splice(n, 1)[0];
  },
  remove: (s, a, k) => {
    const [v] = parseArgs("remove", a, k, ["value"]);
    const items = (s as PyList).items;
    const i = indexOf(items, v!);
    if (i < 0) raise("ValueError", "list.remove(x): x not in list");
    items.splice(i, 1);
    return null;
  },
  index: (s, a, k) => {
    const [v] = parseArgs("index", a, k, ["value"]);
    const i = indexOf((s as PyList).items, v!);
    if (i < 0) raise("ValueError", `${repr(v!)} is not in list`);
    return BigInt(i);
  },
  count: (s, a, k) => {
    const [v] = parseArgs("count", a, k, ["value"]);
    return BigInt((s as PyList).items.filter((x) => x === v || pyEq(x, v!)).length);
  },
  clear: (s) => {
    (s as PyList).items.length = 0;
    return null;
  },
  copy: (s) => new PyList((s as PyList).items.slice()),
  reverse: (s) => {
    (s as PyList).items.reverse();
    return null;
  },
  sort: (s, a, k) => {
    const [key, rev] = parseArgs("sort", a, k, [
      { name: "key", default: null, keywordOnly: true },
      { name: "reverse", default: false, keywordOnly: true },
    ]);
    const l = s as PyList;
    l.items = sortValues(l.items, key, truthy(rev!));
    return null;
  },
};

const tupleMethods: Record<string, Method> = {
  index: (s, a, k) => {
    const [v] = parseArgs("index", a, k, ["value"]);
    const i = indexOf((s as PyTuple).items, v!);
    if (i < 0) raise("ValueError", "tuple.index(x): x not in tuple");
    return BigInt(i);
  },
  count: (s, a, k) => {
    const [v] = parseArgs("count", a, k, ["value"]);
    return BigInt((s as PyTuple).items.filter((x) => x === v || pyEq(x, v!)).length);
  },
};

/** dict views are materialised as lists wrapped in an iterator-like list (enough for loops). */
class DictView extends PyList {
  constructor(
    items: PyValue[],
    readonly kind: string,
  ) {
    super(items);
  }
  override repr(): string {
    return `dict_${this.kind}(${repr(new PyList(this.items))})`;
  }
}

export function dictUpdate(d: PyDict, src: PyValue | undefined, kwargs: Kwargs | undefined): void {
  if (src instanceof PyDict) for (const [h, e] of src.entries) d.put(h, e[0], e[1]);
  else if (src !== undefined)
    for (const pair of toArray(src)) {
      const kv = toArray(pair);
      if (kv.length !== 2)
        raise(
          "ValueError",
          `dictionary update sequence element has length ${kv.length}; 2 is required`,
        );
      d.put(hashKey(kv[0]), kv[0], kv[1]);
    }
  if (kwargs) for (const [k, v] of kwargs) d.put(hashKey(k), k, v);
}

const dictMethods: Record<string, Method> = {
  keys: (s) =>
    new DictView(
      [...(s as PyDict).entries.values()].map((e) => e[0]),
      "keys",
    ),
  values: (s) =>
    new DictView(
      [...(s as PyDict).entries.values()].map((e) => e[1]),
      "values",
    ),
  items: (s) =>
    new DictView(
      [...(s as PyDict).entries.values()].map((e) => new PyTuple([e[0], e[1]])),
      "items",
    ),
  get: (s, a, k) => {
    const [key, def] = parseArgs("get", a, k, ["key", { name: "default", default: null }]);
    const e = (s as PyDict).entries.get(hashKey(key!));
    return e ? e[1] : def!;
  },
  pop: (s, a, k) => {
    const [key, def] = parseArgs("pop", a, k, ["key", "default?"]);
    const d = s as PyDict;
    const h = hashKey(key!);
    const e = d.entries.get(h);
    if (!e) {
      if (def === undefined) throw PyException.withArgs("KeyError", [key!]);
      return def;
    }
    d.entries.delete(h);
    return e[1];
  },
  setdefault: (s, a, k) => {
    const [key, def] = parseArgs("setdefault", a, k, ["key", { name: "default", default: null }]);
    const d = s as PyDict;
    const h = hashKey(key!);
    const e = d.entries.get(h);
    if (e) return e[1];
    d.entries.set(h, [key!, def!]);
    return def!;
  },
  update: (s, a, k) => {
    const [src] = parseArgs("update", a, undefined, ["other?"]);
    dictUpdate(s as PyDict, src, k);
    return null;
  },
  copy: (s) => {
    const d = new PyDict();
    for (const [h, e] of (s as PyDict).entries) d.entries.set(h, [e[0], e[1]]);
    return d;
  },
  clear: (s) => {
    (s as PyDict).entries.clear();
    return null;
  },
};

function setOf(v: PyValue): PySet {
  if (v instanceof PySet) return v;
  const s = new PySet();
  for (const x of toArray(v)) s.add(hashKey(x), x);
  return s;
}

const setMethods: Record<string, Method> = {
  union: (s, a) =>
    a.reduce<PyValue>((acc, x) => binaryOp("|", acc, setOf(x)), binaryOp("|", s, new PySet())),
  intersection: (s, a) =>
    a.reduce<PyValue>((acc, x) => binaryOp("&", acc, setOf(x)), binaryOp("|", s, new PySet())),
  difference: (s, a) =>
    a.reduce<PyValue>((acc, x) => binaryOp("-", acc, setOf(x)), binaryOp("|", s, new PySet())),
  issubset: (s, a, k) => compare("<=", s, setOf(parseArgs("issubset", a, k, ["other"])[0]!)),
  issuperset: (s, a, k) => compare(">=", s, setOf(parseArgs("issuperset", a, k, ["other"])[0]!)),
  update: (s, a) => {
    for (const x of a) for (const v of toArray(x)) (s as PySet).add(hashKey(v), v);
    return null;
  },
  copy: (s) => binaryOp("|", s, new PySet()),
  add: (s, a, k) => {
    const [v] = parseArgs("add", a, k, ["elem"]);
    (s as PySet).add(hashKey(v!), v!);
    return null;
  },
  discard: (s, a, k) => {
    const [v] = parseArgs("discard", a, k, ["elem"]);
    (s as PySet).entries.delete(hashKey(v!));
    return null;
  },
  remove: (s, a, k) => {
    const [v] = parseArgs("remove", a, k, ["elem"]);
    if (!(s as PySet).entries.delete(hashKey(v!))) throw PyException.withArgs("KeyError", [v!]);
    return null;
  },
};

const intMethods: Record<string, Method> = {
  bit_length: (s) => {
    const v = typeof s === "boolean" ? (s ? 1n : 0n) : (s as bigint);
    return v === 0n ? 0n : BigInt((v < 0n ? -v : v).toString(2).length);
  },
  is_integer: () => true,
};

const floatMethods: Record<string, Method> = {
  is_integer: (s) => Number.isInteger(s as number),
};

/** The attribute `name` of a builtin-typed value, or undefined. */
export function builtinMethod(v: PyValue, name: string): PyValue | undefined {
  let table: Record<string, Method> | undefined;
  switch (typeof v) {
    case "string":
      table = strMethods;
      break;
    case "bigint":
    case "boolean":
      if (name === "real" || name === "numerator")
        return typeof v === "boolean" ? (v ? 1n : 0n) : v;
      if (name === "imag") return 0n;
      if (name === "denominator") return 1n;
      table = intMethods;
      break;
    case "number":
      if (name === "real") return v;
      if (name === "imag") return 0;
      table = floatMethods;
      break;
    default:
      if (v instanceof PyList) table = listMethods;
      else if (v instanceof PyTuple) table = tupleMethods;
      else if (v instanceof PyDict) table = dictMethods;
      else if (v instanceof PySet) table = setMethods;
  }
  if (table && Object.prototype.hasOwnProperty.call(table, name)) return bind(v, name, table[name]);
  return undefined;
}

/** str.partition / str.rpartition: always a 3-tuple around the first (last) separator. */
function partition(s: string, sep: PyValue, fromRight: boolean): PyTuple {
  if (typeof sep !== "string") raise("TypeError", `must be str, not ${typeName(sep)}`);
  if (sep === "") raise("ValueError", "empty separator");
  const i = fromRight ? s.lastIndexOf(sep) : s.indexOf(sep);
  if (i < 0) return new PyTuple(fromRight ? ["", "", s] : [s, "", ""]);
  return new PyTuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
}
