// Python's format-spec mini-language ([[fill]align][sign][z][#][0][width][,|_][.precision][type])
// for float, int and str, with CPython 3.11's error messages.
import { doubleToString } from "./pyFloat";

/** A ValueError (or OverflowError) that format() would raise, with CPython's message. */
export class FormatSpecError extends Error {
  readonly pyType: "ValueError" | "OverflowError";
  constructor(message: string, pyType: "ValueError" | "OverflowError" = "ValueError") {
    super(message);
    this.name = "FormatSpecError";
    this.pyType = pyType;
  }
}

export interface FormatSpec {
  /** One code point. */
  fill: string;
  fillSpecified: boolean;
  align: "<" | ">" | "^" | "=";
  alignSpecified: boolean;
  sign: "+" | "-" | " " | "";
  noNegZero: boolean;
  alt: boolean;
  /** -1 when absent. */
  width: number;
  grouping: "," | "_" | "";
  /** -1 when absent. */
  precision: number;
  /** "" when absent. */
  type: string;
}

const SSIZE_MAX = 2n ** 63n - 1n;

/** Code of a character for messages: printable ASCII as itself, anything else as \xNN. */
function showCode(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  return cp > 32 && cp < 128 ? c : "\\x" + cp.toString(16);
}

function isAlign(c: string | undefined): c is FormatSpec["align"] {
  return c === "<" || c === ">" || c === "^" || c === "=";
}

function readInt(cps: string[], pos: number): [value: number, next: number] {
  let v = 0n;
  let i = pos;
  while (i < cps.length && cps[i] >= "0" && cps[i] <= "9") {
    const d = BigInt(cps[i].charCodeAt(0) - 48);
    if (v > (SSIZE_MAX - d) / 10n) {
      throw new FormatSpecError("Too many decimal digits in format string");
    }
    v = v * 10n + d;
    i++;
  }
  return [Number(v), i];
}

/**
 * Parse a spec the way CPython's parse_internal_render_format_spec does; objType names the
 * formatted object in messages ("float", "int", "str"); an absent type becomes defaultType
 * before the grouping check, as in CPython (so format('a', ',') names 's').
 */
export function parseFormatSpec(
  spec: string,
  objType: string,
  defaultAlign: "<" | ">" = ">",
  defaultType = "",
): FormatSpec {
  const cps = Array.from(spec);
  const end = cps.length;
  let pos = 0;
  const f: FormatSpec = {
    fill: " ",
    fillSpecified: false,
    align: defaultAlign,
    alignSpecified: false,
    sign: "",
    noNegZero: false,
    alt: false,
    width: -1,
    grouping: "",
    precision: -1,
    type: defaultType,
  };
  if (end - pos >= 2 && isAlign(cps[pos + 1])) {
    f.fill = cps[pos];
    f.align = cps[pos + 1] as FormatSpec["align"];
    f.fillSpecified = f.alignSpecified = true;
    pos += 2;
  } else if (end - pos >= 1 && isAlign(cps[pos])) {
    f.align = cps[pos] as FormatSpec["align"];
    f.alignSpecified = true;
    pos++;
  }
  if (pos < end && (cps[pos] === "+" || cps[pos] === "-" || cps[pos] === " ")) {
    f.sign = cps[pos] as FormatSpec["sign"];
    pos++;
  }
  if (pos < end && cps[pos] === "z") {
    f.noNegZero = true;
    pos++;
  }
  if (pos < end && cps[pos] === "#") {
    f.alt = true;
    pos++;
  }
  if (!f.fillSpecified && pos < end && cps[pos] === "0") {
    f.fill = "0";
    if (!f.alignSpecified && defaultAlign === ">") f.align = "=";
    pos++;
  }
  const [width, afterWidth] = readInt(cps, pos);
  if (afterWidth > pos) f.width = width;
  pos = afterWidth;
  if (pos < end && cps[pos] === ",") {
    f.grouping = ",";
    pos++;
  }
  if (pos < end && cps[pos] === "_") {
    if (f.grouping !== "") throw new FormatSpecError("Cannot specify both ',' and '_'.");
    f.grouping = "_";
    pos++;
  }
  if (pos < end && cps[pos] === "," && f.grouping === "_") {
    throw new FormatSpecError("Cannot specify both ',' and '_'.");
  }
  if (pos < end && cps[pos] === ".") {
    pos++;
    const [precision, afterPrecision] = readInt(cps, pos);
    if (afterPrecision === pos) throw new FormatSpecError("Format specifier missing precision");
    f.precision = precision;
    pos = afterPrecision;
  }
  if (end - pos > 1) {
    throw new FormatSpecError(`Invalid format specifier '${spec}' for object of type '${objType}'`);
  }
  if (end - pos === 1) f.type = cps[pos];
  if (f.grouping !== "") {
    const t = f.type;
    const always = t === "" || "defgEGF%".includes(t);
    const underscoreRadix = f.grouping === "_" && t !== "" && "boxX".includes(t);
    if (!always && !underscoreRadix) {
      throw new FormatSpecError(`Cannot specify '${f.grouping}' with '${showCode(t)}'.`);
    }
  }
  return f;
}

function unknownCode(type: string, objType: string): FormatSpecError {
  return new FormatSpecError(
    `Unknown format code '${showCode(type)}' for object of type '${objType}'`,
  );
}

const cpLength = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
};

/**
 * CPython's _PyUnicode_InsertThousandsGrouping: group `digits` from the right, padding with
 * zeros until the grouped text is at least minWidth long (the "0" flag pads through the
 * separators: format(1234, '010,') is '00,001,234').
 */
function groupDigits(digits: string, sep: string, groupLen: number, minWidth: number): string {
  if (sep === "") {
    return digits.length >= minWidth ? digits : "0".repeat(minWidth - digits.length) + digits;
  }
  const parts: string[] = [];
  let remaining = digits.length;
  let width = minWidth;
  for (;;) {
    const l = Math.min(groupLen, Math.max(remaining, width, 1));
    const nZeros = Math.max(0, l - remaining);
    const nChars = Math.max(0, Math.min(remaining, l));
    parts.push("0".repeat(nZeros) + digits.slice(remaining - nChars, remaining));
    remaining -= nChars;
    width -= groupLen;
    if (remaining <= 0 && width <= 0) break;
    width -= sep.length;
  }
  return parts.reverse().join(sep);
}

/**
 * Pads and groups a number that is already rendered: sign, prefix ("0x"), the integer digits
 * and the rest (point, fraction, exponent, "%"). This is CPython's calc_number_widths plus
 * fill_number.
 */
function layoutNumber(
  sign: string,
  prefix: string,
  intDigits: string,
  rest: string,
  f: FormatSpec,
  groupLen: number,
): string {
  const sep = f.grouping === "," ? "," : f.grouping === "_" ? "_" : "";
  const leading = sign.length + prefix.length;
  const restLen = cpLength(rest);
  const minWidth = f.fill === "0" && f.align === "=" ? f.width - leading - restLen : 0;
  const grouped = intDigits.length === 0 ? "" : groupDigits(intDigits, sep, groupLen, minWidth);
  const nPad = f.width - (leading + grouped.length + restLen);
  if (nPad <= 0) return sign + prefix + grouped + rest;
  const pad = (n: number): string => f.fill.repeat(n);
  switch (f.align) {
    case "<":
      return sign + prefix + grouped + rest + pad(nPad);
    case "^": {
      const left = Math.floor(nPad / 2);
      return pad(left) + sign + prefix + grouped + rest + pad(nPad - left);
    }
    case "=":
      return sign + prefix + pad(nPad) + grouped + rest;
    default:
      return pad(nPad) + sign + prefix + grouped + rest;
  }
}

/** Split "1234.5e+06" style text into leading digits and the rest. */
function splitDigits(s: string): [string, string] {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return [s.slice(0, i), s.slice(i)];
}

function formatFloatWith(x: number, f: FormatSpec): string {
  let type = f.type;
  let precision = f.precision;
  let addDot0 = false;
  let value = x;
  let percent = false;
  if (type === "") {
    addDot0 = true;
    type = precision < 0 ? "r" : "g";
  } else if (type === "n") {
    type = "g";
  }
  if (type === "%") {
    type = "f";
    value = x * 100;
    percent = true;
  }
  if (precision < 0) precision = type === "r" ? 0 : 6;
  if (precision > 2147483647) throw new FormatSpecError("precision too big");
  const text = doubleToString(value, type as "e" | "E" | "f" | "F" | "g" | "G" | "r", precision, {
    alt: f.alt,
    addDot0,
    noNegZero: f.noNegZero,
    sign: "",
  });
  let body = text;
  let sign = "";
  if (body[0] === "-") {
    sign = "-";
    body = body.slice(1);
  } else if (f.sign === "+" || f.sign === " ") {
    sign = f.sign;
  }
  const [intDigits, rest] = splitDigits(body);
  return layoutNumber(sign, "", intDigits, percent ? rest + "%" : rest, f, 3);
}

/** format(x, spec) for a Python float. */
export function formatFloatSpec(x: number, spec: string): string {
  if (spec === "") return doubleToString(x, "r", 0, {});
  const f = parseFormatSpec(spec, "float");
  if (f.type !== "" && !"eEfFgGn%".includes(f.type)) throw unknownCode(f.type, "float");
  return formatFloatWith(x, f);
}

/** format(x, spec) for a Python int (bool callers handle format(True, '') == 'True' first). */
export function formatIntSpec(x: bigint, spec: string): string {
  if (spec === "") return x.toString();
  const f = parseFormatSpec(spec, "int", ">", "d");
  const t = f.type;
  if ("eEfFgG%".includes(t)) {
    const v = Number(x);
    if (!Number.isFinite(v)) {
      throw new FormatSpecError("int too large to convert to float", "OverflowError");
    }
    return formatFloatWith(v, f);
  }
  if (!"bcdoxXn".includes(t)) throw unknownCode(t, "int");
  if (f.precision >= 0)
    throw new FormatSpecError("Precision not allowed in integer format specifier");
  if (f.noNegZero) {
    throw new FormatSpecError("Negative zero coercion (z) not allowed in integer format specifier");
  }
  const neg = x < 0n;
  const ax = neg ? -x : x;
  if (t === "c") {
    if (f.sign !== "")
      throw new FormatSpecError("Sign not allowed with integer format specifier 'c'");
    if (f.alt) {
      throw new FormatSpecError("Alternate form (#) not allowed with integer format specifier 'c'");
    }
    if (x < -(2n ** 63n) || x >= 2n ** 63n) {
      throw new FormatSpecError("Python int too large to convert to C long", "OverflowError");
    }
    if (x < 0n || x > 0x10ffffn) {
      throw new FormatSpecError("%c arg not in range(0x110000)", "OverflowError");
    }
    return layoutNumber("", "", "", String.fromCodePoint(Number(x)), f, 3);
  }
  let digits: string;
  let prefix = "";
  let groupLen = 3;
  switch (t) {
    case "b":
      digits = ax.toString(2);
      prefix = "0b";
      groupLen = 4;
      break;
    case "o":
      digits = ax.toString(8);
      prefix = "0o";
      groupLen = 4;
      break;
    case "x":
      digits = ax.toString(16);
      prefix = "0x";
      groupLen = 4;
      break;
    case "X":
      digits = ax.toString(16).toUpperCase();
      prefix = "0X";
      groupLen = 4;
      break;
    default:
      digits = ax.toString();
  }
  const sign = neg ? "-" : f.sign === "+" || f.sign === " " ? f.sign : "";
  return layoutNumber(sign, f.alt ? prefix : "", digits, "", f, groupLen);
}

/** format(s, spec) for a Python str. */
export function formatStrSpec(s: string, spec: string): string {
  if (spec === "") return s;
  const f = parseFormatSpec(spec, "str", "<", "s");
  if (f.type !== "s") throw unknownCode(f.type, "str");
  if (f.sign === " ") throw new FormatSpecError("Space not allowed in string format specifier");
  if (f.sign !== "") throw new FormatSpecError("Sign not allowed in string format specifier");
  if (f.noNegZero) {
    throw new FormatSpecError("Negative zero coercion (z) not allowed in string format specifier");
  }
  if (f.alt) throw new FormatSpecError("Alternate form (#) not allowed in string format specifier");
  if (f.align === "=") {
    throw new FormatSpecError("'=' alignment not allowed in string format specifier");
  }
  let text = s;
  let len = cpLength(s);
  if (f.precision >= 0 && len > f.precision) {
    text = Array.from(s).slice(0, f.precision).join("");
    len = f.precision;
  }
  const nPad = f.width - len;
  if (nPad <= 0) return text;
  switch (f.align) {
    case ">":
      return f.fill.repeat(nPad) + text;
    case "^": {
      const left = Math.floor(nPad / 2);
      return f.fill.repeat(left) + text + f.fill.repeat(nPad - left);
    }
    default:
      return text + f.fill.repeat(nPad);
  }
}
