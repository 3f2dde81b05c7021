// Methods of the builtin types (str, list, tuple, dict, set, int, float).

import { checkConvention, type Convention, parseArgs, parseClinicArgs } from "./args";
import {
  type BinaryOp,
  type CompareOp,
  type Kwargs,
  dictType,
  type NotImplementedType,
  type PyValue,
  makeType,
  NotImplemented,
  PyBuiltin,
  PyDict,
  PyException,
  PyList,
  PyObject,
  PySet,
  PyTuple,
  PyType,
} from "./objects";
import {
  ascii,
  binaryOp,
  callValue,
  compare,
  floatFraction,
  format,
  getAttr,
  getItem,
  hashKey,
  isinstance,
  NON_PRINTABLE,
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
  return formatFields(fmt, { args, kwargs, next: 0, numbering: undefined });
}

interface FormatState {
  readonly args: PyValue[];
  readonly kwargs: Kwargs | undefined;
  /** The index the next "{}" takes; shared with fields nested in format specs. */
  next: number;
  /** Whether fields are numbered by position ("{}") or explicitly ("{0}"); they cannot mix. */
  numbering: "auto" | "manual" | undefined;
}

function formatFields(fmt: string, st: FormatState): string {
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
    let v = fieldValue(head, st);
    const rest = ref.slice(head.length);
    const re = /\.(\w+)|\[([^\]]*)\]/g;
    for (let p = re.exec(rest); p; p = re.exec(rest))
      v =
        p[1] !== undefined
          ? getAttr(v, p[1])
          : getItem(v, /^\d+$/.test(p[2]) ? BigInt(p[2]) : p[2]);
    if (conv === "r") v = repr(v);
    else if (conv === "a") v = ascii(v);
    else if (conv === "s") v = str(v);
    const spec = rawSpec ? formatFields(rawSpec, st) : "";
    out += format(v, spec);
  }
  return out;
}

/** The argument a field's head ("", "0" or "name") refers to. */
function fieldValue(head: string, st: FormatState): PyValue {
  if (head !== "" && !/^\d+$/.test(head)) {
    const kv = st.kwargs?.get(head);
    if (kv === undefined) throw PyException.withArgs("KeyError", [head]);
    return kv;
  }
  const numbering = head === "" ? "auto" : "manual";
  if (st.numbering !== undefined && st.numbering !== numbering)
    raise(
      "ValueError",
      numbering === "auto"
        ? "cannot switch from manual field specification to automatic field numbering"
        : "cannot switch from automatic field numbering to manual field specification",
    );
  st.numbering = numbering;
  const k = head === "" ? st.next++ : Number(head);
  if (k >= st.args.length)
    raise("IndexError", `Replacement index ${k} out of range for positional args tuple`);
  return st.args[k];
}

/** str.startswith/endswith: whether s[start:end] begins (ends) with the affix or one of a tuple. */
function affixTest(s: string, fn: string, args: PyValue[], kwargs: Kwargs | undefined): boolean {
  const [p, start, end] = parseArgs(fn, args, kwargs, ["affix", "start?", "end?"]);
  const window = searchWindow(s, start, end);
  const affixes = p instanceof PyTuple ? p.items : [p!];
  for (const x of affixes)
    if (typeof x !== "string")
      raise(
        "TypeError",
        p instanceof PyTuple
          ? `tuple for ${fn} must only contain str, not ${typeName(x)}`
          : `${fn} first arg must be str or a tuple of str, not ${typeName(x)}`,
      );
  // An end before the start matches nothing either.
  if (!window || window[1] < window[0]) return false;
  const [a, b] = window;
  const part = s.slice(a, b);
  return affixes.some((x) =>
    fn === "startswith" ? part.startsWith(x as string) : part.endsWith(x as string),
  );
}

/** A start/end argument of the str search methods, clamped into [0, n]. */
function sliceBound(v: PyValue | undefined, dflt: number, n: number): number {
  if (v === undefined || v === null) return dflt;
  let k = Number(toInt(v));
  if (k < 0) k = Math.max(0, k + n);
  return Math.min(k, n);
}

const isIndex = (v: PyValue): boolean =>
  typeof v === "bigint" ||
  typeof v === "boolean" ||
  (v instanceof PyObject && v.getAttr("__index__") !== undefined);

/**
 * The [start, end) window of s that str.find/count/startswith... search, or null when start
 * lies past the end (then nothing matches, not even ""). Checked before the needle, as in CPython.
 */
function searchWindow(
  s: string,
  start: PyValue | undefined,
  end: PyValue | undefined,
): [number, number] | null {
  for (const v of [start, end])
    if (v !== undefined && v !== null && !isIndex(v))
      raise("TypeError", "slice indices must be integers or None or have an __index__ method");
  if (start !== undefined && start !== null && toInt(start) > BigInt(s.length)) return null;
  return [sliceBound(start, 0, s.length), sliceBound(end, s.length, s.length)];
}

/** str.find/rfind/index/rindex: the first (last) position of `sub` within s[start:end], or -1. */
function findIn(
  s: string,
  fn: string,
  args: PyValue[],
  kwargs: Kwargs | undefined,
  fromRight: boolean,
): number {
  const [sub, start, end] = parseArgs(fn, args, kwargs, ["sub", "start?", "end?"]);
  const window = searchWindow(s, start, end);
  if (typeof sub !== "string") raise("TypeError", `must be str, not ${typeName(sub!)}`);
  if (!window || window[1] - window[0] < sub.length) return -1;
  const [a, b] = window;
  const within = s.slice(a, b);
  const i = fromRight ? within.lastIndexOf(sub) : within.indexOf(sub);
  return i < 0 ? -1 : a + i;
}

function foundIndex(i: number): bigint {
  if (i < 0) raise("ValueError", "substring not found");
  return BigInt(i);
}

/** str.rsplit: like split, but a maxsplit keeps the unsplit remainder at the left. */
function rsplit(s: string, sep: PyValue, maxsplit: number): string[] {
  if (sep === null) {
    const rev = (t: string) => [...t].reverse().join("");
    return splitWhitespace(rev(s), maxsplit).map(rev).reverse();
  }
  if (typeof sep !== "string") raise("TypeError", `must be str or None, not ${typeName(sep)}`);
  if (sep === "") raise("ValueError", "empty separator");
  const parts = s.split(sep);
  if (maxsplit >= 0 && parts.length > maxsplit + 1)
    parts.splice(0, parts.length - maxsplit, parts.slice(0, parts.length - maxsplit).join(sep));
  return parts;
}

// The line boundaries str.splitlines recognises besides "\r\n", which counts as one.
const LINE_BREAKS = new Set([..."\n\r\v\f\u001c\u001d\u001e\u0085\u2028\u2029"]);

function splitLines(s: string, keepEnds: boolean): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (!LINE_BREAKS.has(s[i])) continue;
    const end = s[i] === "\r" && s[i + 1] === "\n" ? i + 2 : i + 1;
    out.push(s.slice(start, keepEnds ? end : i));
    start = end;
    i = end - 1;
  }
  if (start < s.length) out.push(s.slice(start));
  return out;
}

/** str.expandtabs: each tab advances to the next multiple of tabsize within its line. */
function expandTabs(s: string, tabsize: number): string {
  let out = "";
  let col = 0;
  for (const ch of s) {
    if (ch === "\t") {
      const n = tabsize > 0 ? tabsize - (col % tabsize) : 0;
      out += " ".repeat(n);
      col += n;
    } else {
      out += ch;
      col = ch === "\n" || ch === "\r" ? 0 : col + 1;
    }
  }
  return out;
}

/** str.istitle: cased runs start upper-case and continue lower-case, with at least one cased. */
function isTitle(s: string): boolean {
  let cased = false;
  let prevCased = false;
  for (const ch of s) {
    const upper = /\p{Lu}|\p{Lt}/u.test(ch);
    const lower = /\p{Ll}/u.test(ch);
    if (upper) {
      if (prevCased) return false;
      prevCased = cased = true;
    } else if (lower) {
      if (!prevCased) return false;
      prevCased = cased = true;
    } else prevCased = false;
  }
  return cased;
}

function swapCase(s: string): string {
  let out = "";
  for (const ch of s) {
    const up = ch.toUpperCase();
    out += up !== ch ? up : ch.toLowerCase();
  }
  return out;
}

function affixArg(fn: string, a: PyValue[], k: Kwargs | undefined): string {
  const [v] = parseArgs(fn, a, k, ["affix"]);
  if (typeof v !== "string")
    raise("TypeError", `${fn}() argument must be str, not ${v === null ? "None" : typeName(v!)}`);
  return v;
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
    const [sep, max] = parseClinicArgs("split", a, k, [
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
  rsplit: (s, a, k) => {
    const [sep, max] = parseClinicArgs("rsplit", a, k, [
      { name: "sep", default: null },
      { name: "maxsplit", default: -1n },
    ]);
    return new PyList(rsplit(s as string, sep!, Number(toInt(max!))));
  },
  splitlines: (s, a, k) => {
    const [keep] = parseClinicArgs("splitlines", a, k, [{ name: "keepends", default: false }]);
    return new PyList(splitLines(s as string, toInt(keep!) !== 0n));
  },
  join: (s, a, k) => {
    const [it] = parseArgs("join", a, k, ["iterable"]);
    if (!isIterable(it!)) raise("TypeError", "can only join an iterable");
    const items = toArray(it!);
    items.forEach((x, i) => {
      if (typeof x !== "string")
        raise("TypeError", `sequence item ${i}: expected str instance, ${typeName(x)} found`);
    });
    return items.join(s as string);
  },
  replace: (s, a, k) => {
    const [oldArg, repArg, count] = parseArgs("replace", a, k, [
      "old",
      "new",
      { name: "count", default: -1n },
    ]);
    const old = replaceArg(oldArg!, 1);
    const rep = replaceArg(repArg!, 2);
    let n = Number(toInt(count!));
    // An empty `old` matches before every character and at the end: 'ab' -> '-a-b-'.
    if (n < 0 && old === "") n = (s as string).length + 1;
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
  startswith: (s, a, k) => affixTest(s as string, "startswith", a, k),
  endswith: (s, a, k) => affixTest(s as string, "endswith", a, k),
  find: (s, a, k) => BigInt(findIn(s as string, "find", a, k, false)),
  rfind: (s, a, k) => BigInt(findIn(s as string, "rfind", a, k, true)),
  index: (s, a, k) => foundIndex(findIn(s as string, "index", a, k, false)),
  rindex: (s, a, k) => foundIndex(findIn(s as string, "rindex", a, k, true)),
  count: (s, a, k) => {
    const [sub, start, end] = parseArgs("count", a, k, ["sub", "start?", "end?"]);
    const window = searchWindow(s as string, start, end);
    if (typeof sub !== "string") raise("TypeError", `must be str, not ${typeName(sub!)}`);
    if (!window) return 0n;
    const part = (s as string).slice(window[0], Math.max(...window));
    if (sub === "") return BigInt(part.length + 1);
    return BigInt(part.split(sub).length - 1);
  },
  format: (s, a, k) => strFormat(s as string, a, k),
  isdigit: (s) => /^\d+$/u.test(s as string),
  isnumeric: (s) => /^\p{N}+$/u.test(s as string),
  isalpha: (s) => /^\p{L}+$/u.test(s as string),
  isalnum: (s) => /^[\p{L}\p{N}]+$/u.test(s as string),
  isspace: (s) => /^\s+$/.test(s as string),
  isdecimal: (s) => /^\p{Nd}+$/u.test(s as string),
  isascii: (s) => [...(s as string)].every((c) => c.codePointAt(0)! < 0x80),
  isidentifier: (s) => /^[\p{ID_Start}_][\p{ID_Continue}]*$/u.test(s as string),
  isprintable: (s) => [...(s as string)].every((c) => c === " " || !NON_PRINTABLE.test(c)),
  istitle: (s) => isTitle(s as string),
  swapcase: (s) => swapCase(s as string),
  casefold: (s) => (s as string).toLowerCase(),
  removeprefix: (s, a, k) => {
    const p = affixArg("removeprefix", a, k);
    return (s as string).startsWith(p) ? (s as string).slice(p.length) : s;
  },
  removesuffix: (s, a, k) => {
    const p = affixArg("removesuffix", a, k);
    return p && (s as string).endsWith(p) ? (s as string).slice(0, -p.length) : s;
  },
  expandtabs: (s, a, k) => {
    const [n] = parseClinicArgs("expandtabs", a, k, [{ name: "tabsize", default: 8n }]);
    return expandTabs(s as string, Number(toInt(n!)));
  },
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

function replaceArg(v: PyValue, position: number): string {
  if (typeof v !== "string")
    raise("TypeError", `replace() argument ${position} must be str, not ${typeName(v)}`);
  return v;
}

function pad(s: string, a: PyValue[], k: Kwargs | undefined, how: string): string {
  const [w, f] = parseArgs(how, a, k, ["width", { name: "fillchar", default: " " }]);
  const width = Number(toInt(w!));
  const fill = f as string;
  if (typeof fill !== "string")
    raise("TypeError", `The fill character must be a unicode character, not ${typeName(fill)}`);
  if ([...fill].length !== 1)
    raise("TypeError", "The fill character must be exactly one character long");
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

const dictViewTypes = {
  keys: makeType("dict_keys"),
  values: makeType("dict_values"),
  items: makeType("dict_items"),
};

/**
 * d.keys(), d.values(), d.items(): live views of the dict. They iterate, measure and test
 * membership but are not subscriptable; keys and items views combine with sets like sets do.
 */
class DictView extends PyObject {
  constructor(
    readonly dict: PyDict,
    readonly kind: keyof typeof dictViewTypes,
  ) {
    super();
  }
  get pyType(): PyType {
    return dictViewTypes[this.kind];
  }
  private element(e: [PyValue, PyValue]): PyValue {
    return this.kind === "keys" ? e[0] : this.kind === "values" ? e[1] : new PyTuple(e);
  }
  override iter(): Iterator<PyValue> {
    const entries = this.dict.iterEntries();
    return {
      next: () => {
        const r = entries.next();
        return r.done ? r : { value: this.element(r.value), done: false };
      },
    };
  }
  override len(): number {
    return this.dict.entries.size;
  }
  override contains(item: PyValue): boolean | undefined {
    if (this.kind === "keys") return this.dict.entries.has(hashKey(item));
    if (this.kind === "values") return undefined;
    if (!(item instanceof PyTuple) || item.items.length !== 2) return false;
    const e = this.dict.entries.get(hashKey(item.items[0]));
    return e !== undefined && pyEq(e[1], item.items[1]);
  }
  /** The view as a set, for the set operators (values views have none). */
  private asSet(): PySet | undefined {
    return this.kind === "values" ? undefined : setOf(this);
  }
  override binaryOp(
    op: BinaryOp,
    other: PyValue,
    reflected: boolean,
  ): PyValue | NotImplementedType {
    const self = this.asSet();
    if (!self || !["&", "|", "-", "^"].includes(op) || !isIterable(other)) return NotImplemented;
    return reflected ? binaryOp(op, setOf(other), self) : binaryOp(op, self, setOf(other));
  }
  override compare(op: CompareOp, other: PyValue): PyValue | NotImplementedType {
    const self = this.asSet();
    const otherSet =
      other instanceof PySet ? other : other instanceof DictView ? other.asSet() : undefined;
    if (!self || !otherSet) return NotImplemented;
    return compare(op, self, otherSet);
  }
  override repr(): string {
    // An OrderedDict's views are odict_keys and so on.
    const prefix = this.dict.pyType === dictType ? "" : "o";
    return `${prefix}${this.pyType.name}(${repr(new PyList(toArray(this)))})`;
  }
}

function isIterable(v: PyValue): boolean {
  return typeof v === "string" || (v instanceof PyObject && v.iter() !== undefined);
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
  keys: (s) => new DictView(s as PyDict, "keys"),
  values: (s) => new DictView(s as PyDict, "values"),
  items: (s) => new DictView(s as PyDict, "items"),
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
  popitem: (s) => {
    const d = s as PyDict;
    const last = [...d.entries.keys()].pop();
    if (last === undefined)
      throw PyException.withArgs("KeyError", ["popitem(): dictionary is empty"]);
    const [key, value] = d.entries.get(last)!;
    d.entries.delete(last);
    return new PyTuple([key, value]);
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
  symmetric_difference: (s, a, k) =>
    binaryOp("^", s, setOf(parseArgs("symmetric_difference", a, k, ["other"])[0]!)),
  isdisjoint: (s, a, k) => {
    const other = setOf(parseArgs("isdisjoint", a, k, ["other"])[0]!);
    return [...other.entries.keys()].every((h) => !(s as PySet).entries.has(h));
  },
  update: (s, a) => {
    for (const x of a) for (const v of toArray(x)) (s as PySet).add(hashKey(v), v);
    return null;
  },
  intersection_update: (s, a) => replaceSet(s as PySet, setMethods.intersection(s, a, undefined)),
  difference_update: (s, a) => replaceSet(s as PySet, setMethods.difference(s, a, undefined)),
  symmetric_difference_update: (s, a, k) =>
    replaceSet(s as PySet, setMethods.symmetric_difference(s, a, k)),
  pop: (s) => {
    // The element iteration would give first, as CPython pops from the front of its table.
    const set = s as PySet;
    const first = set.iter().next();
    if (first.done) throw PyException.withArgs("KeyError", ["pop from an empty set"]);
    set.entries.delete(hashKey(first.value));
    return first.value;
  },
  clear: (s) => {
    (s as PySet).entries.clear();
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

/** The in-place set updates: `set` takes the elements of `result`, keeping its identity. */
function replaceSet(set: PySet, result: PyValue): null {
  set.entries.clear();
  for (const [h, v] of (result as PySet).entries) set.add(h, v);
  return null;
}

const intMethods: Record<string, Method> = {
  bit_length: (s) => {
    const v = typeof s === "boolean" ? (s ? 1n : 0n) : (s as bigint);
    return v === 0n ? 0n : BigInt((v < 0n ? -v : v).toString(2).length);
  },
  is_integer: () => true,
  bit_count: (s) => {
    const v = toInt(s);
    return BigInt([...(v < 0n ? -v : v).toString(2)].filter((c) => c === "1").length);
  },
  conjugate: (s) => toInt(s),
  as_integer_ratio: (s) => new PyTuple([toInt(s), 1n]),
};

const floatMethods: Record<string, Method> = {
  is_integer: (s) => Number.isInteger(s as number),
  conjugate: (s) => s,
  as_integer_ratio: (s) => floatRatio(s as number),
};

/** float.as_integer_ratio: the exact fraction, with a power-of-two denominator. */
function floatRatio(x: number): PyTuple {
  if (Number.isNaN(x)) raise("ValueError", "cannot convert NaN to integer ratio");
  if (!Number.isFinite(x)) raise("OverflowError", "cannot convert Infinity to integer ratio");
  return new PyTuple(floatFraction(x));
}

/** The attribute `name` of a builtin-typed value, or undefined. */
export function builtinMethod(v: PyValue, name: string): PyValue | undefined {
  let owner: string | undefined;
  switch (typeof v) {
    case "string":
      owner = "str";
      break;
    case "bigint":
    case "boolean":
      if (name === "real" || name === "numerator")
        return typeof v === "boolean" ? (v ? 1n : 0n) : v;
      if (name === "imag") return 0n;
      if (name === "denominator") return 1n;
      owner = "int";
      break;
    case "number":
      if (name === "real") return v;
      if (name === "imag") return 0;
      owner = "float";
      break;
    default:
      if (v instanceof PyList) owner = "list";
      else if (v instanceof PyTuple) owner = "tuple";
      else if (v instanceof PyDict) owner = "dict";
      else if (v instanceof PySet) owner = "set";
      else if (v instanceof PyType) return unboundMethod(v, name);
  }
  const m = owner === undefined ? undefined : ownMethod(owner, name);
  return m && new PyBuiltin(name, (args, kwargs) => m(v, args, kwargs), v);
}

/** `owner`'s method `name`, checking its arguments the way CPython's C method would. */
function ownMethod(owner: string, name: string): Method | undefined {
  const table = TYPE_METHODS[owner];
  if (!Object.prototype.hasOwnProperty.call(table, name)) return undefined;
  const m = table[name];
  const conv = METHOD_CONVENTIONS[owner][name];
  if (conv === undefined) return m;
  return (self, args, kwargs) => {
    checkConvention(`${owner}.${name}`, name, conv, args, kwargs);
    return m(self, args, kwargs);
  };
}

/** The same convention for each of `names`. */
const each = (names: string[], conv: Convention): Record<string, Convention> =>
  Object.fromEntries(names.map((n) => [n, conv]));

// How CPython checks each C method's arguments (see Convention). Methods left out take
// keyword arguments and report errors as parseArgs does.
const METHOD_CONVENTIONS: Record<string, Record<string, Convention>> = {
  str: {
    ...each(
      ["upper", "lower", "title", "capitalize", "swapcase", "casefold", "isdigit", "isnumeric"]
        .concat(["isdecimal", "isalpha", "isalnum", "isspace", "isupper", "islower", "istitle"])
        .concat(["isascii", "isidentifier", "isprintable"]),
      "NOARGS",
    ),
    ...each(["join", "zfill", "partition", "rpartition", "removeprefix", "removesuffix"], "O"),
    replace: { expected: [2, 3] },
    ...each(["strip", "lstrip", "rstrip"], { expected: [0, 1] }),
    ...each(["center", "ljust", "rjust"], { expected: [1, 2] }),
    ...each(["find", "rfind", "index", "rindex", "count", "startswith", "endswith"], {
      takes: [1, 3],
    }),
  },
  list: {
    ...each(["copy", "clear", "reverse"], "NOARGS"),
    ...each(["append", "extend", "remove", "count"], "O"),
    pop: { expected: [0, 1] },
    insert: { expected: [2, 2] },
    index: { expected: [1, 3] },
  },
  tuple: { count: "O", index: { expected: [1, 3] } },
  dict: {
    ...each(["keys", "values", "items", "copy", "clear", "popitem"], "NOARGS"),
    ...each(["get", "pop", "setdefault"], { expected: [1, 2] }),
    update: { expected: [0, 1], keywords: true },
  },
  set: {
    ...each(["copy", "clear", "pop"], "NOARGS"),
    ...each(["add", "remove", "discard", "issubset", "issuperset", "isdisjoint"], "O"),
    ...each(["symmetric_difference", "symmetric_difference_update"], "O"),
    ...each(["union", "intersection", "difference", "update"], "VARARGS"),
    ...each(["intersection_update", "difference_update"], "VARARGS"),
  },
  int: each(["bit_length", "bit_count", "conjugate", "as_integer_ratio", "is_integer"], "NOARGS"),
  float: each(["is_integer", "conjugate", "as_integer_ratio"], "NOARGS"),
};

// Builtin types by name: the tables their unbound methods (`str.lower`) come from.
const TYPE_METHODS: Record<string, Record<string, Method>> = {
  str: strMethods,
  list: listMethods,
  tuple: tupleMethods,
  dict: dictMethods,
  set: setMethods,
  int: intMethods,
  float: floatMethods,
};

const methodDescriptorType = makeType("method_descriptor");

/** `<method 'lower' of 'str' objects>`: a builtin type's method reached through the type. */
class MethodDescriptor extends PyBuiltin {
  constructor(
    readonly owner: PyType,
    name: string,
    method: Method,
  ) {
    super(name, (args, kwargs) => {
      if (args.length === 0)
        raise("TypeError", `unbound method ${owner.name}.${name}() needs an argument`);
      const self = args[0];
      if (!isinstance(self, owner))
        raise(
          "TypeError",
          `descriptor '${name}' for '${owner.name}' objects doesn't apply to a '${typeName(self)}' object`,
        );
      return method(self, args.slice(1), kwargs);
    });
  }
  override get pyType(): PyType {
    return methodDescriptorType;
  }
  override repr(): string {
    return `<method '${this.name}' of '${this.owner.name}' objects>`;
  }
}

/** `str.lower`, `list.append`, `dict.fromkeys`...: attributes of the builtin types themselves. */
function unboundMethod(t: PyType, name: string): PyValue | undefined {
  if (t.module === "builtins" && t.name === "dict" && name === "fromkeys")
    return new PyBuiltin("fromkeys", (a, k) => {
      const [keys, value] = parseArgs("fromkeys", a, k, [
        "iterable",
        { name: "value", default: null },
      ]);
      const d = new PyDict();
      for (const key of toArray(keys!)) d.put(hashKey(key), key, value!);
      return d;
    });
  // bool.bit_length is int's method, as the search goes up the bases.
  for (const owner of t.mro) {
    const m =
      owner.module === "builtins" && owner.name in TYPE_METHODS
        ? ownMethod(owner.name, name)
        : undefined;
    if (m) return new MethodDescriptor(owner, name, m);
  }
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
