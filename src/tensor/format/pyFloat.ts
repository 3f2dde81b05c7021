// CPython's float -> text conversions (repr, "%.Nf", "%.Ne", "%.Ng"), exact to the byte.
import { fixedAbs, shortestAbs, sigDigitsAbs, type SigDigits } from "./exactDecimal";

const isNegative = (x: number): boolean => x < 0 || Object.is(x, -0);

function nonFinite(x: number, upper: boolean): string {
  const s = Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  return upper ? s.toUpperCase() : s;
}

/** Python writes exponents with a sign and at least two digits: e-05, e+16, e+300. */
function expSuffix(exp: number, upper: boolean): string {
  const a = Math.abs(exp);
  return (upper ? "E" : "e") + (exp < 0 ? "-" : "+") + (a < 10 ? "0" + a : String(a));
}

/** repr(float): shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function floatRepr(x: number): string {
  return doubleToString(x, "r", 0, {});
}

/** "{:.Nf}".format(x), rounding half-to-even on the exact binary value. */
export function formatFixed(x: number, precision: number): string {
  if (!Number.isFinite(x)) return nonFinite(x, false);
  const body = fixedAbs(Math.abs(x), precision);
  return isNegative(x) ? "-" + body : body;
}

/** "{:.Ne}".format(x), rounding half-to-even on the exact binary value. */
export function formatExp(x: number, precision: number): string {
  if (!Number.isFinite(x)) return nonFinite(x, false);
  const sd =
    x === 0
      ? { digits: "0".repeat(precision + 1), exp: 0 }
      : sigDigitsAbs(Math.abs(x), precision + 1);
  const mant = precision > 0 ? sd.digits[0] + "." + sd.digits.slice(1) : sd.digits;
  return (isNegative(x) ? "-" : "") + mant + expSuffix(sd.exp, false);
}

export interface DoubleToStringFlags {
  /** '#': keep trailing zeros and always write the decimal point. */
  alt?: boolean;
  /** Add ".0" when the result would look like an integer (repr, and format with no type). */
  addDot0?: boolean;
  /** 'z': drop the minus sign when the rounded result is zero. */
  noNegZero?: boolean;
  /** '+' or ' ': what to write in front of non-negative values. */
  sign?: "+" | " " | "";
}

/**
 * The analogue of CPython's PyOS_double_to_string: type is one of e E f F g G r, precision is
 * already defaulted by the caller. repr ('r') always behaves as if addDot0 were set.
 */
export function doubleToString(
  x: number,
  type: "e" | "E" | "f" | "F" | "g" | "G" | "r",
  precision: number,
  flags: DoubleToStringFlags,
): string {
  const upper = type === "E" || type === "F" || type === "G";
  const posSign = flags.sign ?? "";
  if (!Number.isFinite(x)) {
    const s = nonFinite(Math.abs(x), upper);
    if (Number.isNaN(x)) return posSign + s;
    return (x < 0 ? "-" : posSign) + s;
  }
  const neg = isNegative(x);
  const ax = Math.abs(x);
  let body: string;
  let isZero: boolean;
  switch (type) {
    case "f":
    case "F": {
      body = fixedAbs(ax, precision);
      if (flags.alt && precision === 0) body += ".";
      isZero = /^[0.]*$/.test(body);
      break;
    }
    case "e":
    case "E": {
      const sd =
        ax === 0 ? { digits: "0".repeat(precision + 1), exp: 0 } : sigDigitsAbs(ax, precision + 1);
      body = layoutExp(sd.digits, sd.exp, flags.alt === true, upper);
      isZero = ax === 0;
      break;
    }
    case "g":
    case "G": {
      const p = precision === 0 ? 1 : precision;
      let sd: SigDigits = ax === 0 ? { digits: "0", exp: 0 } : sigDigitsAbs(ax, p);
      if (!flags.alt) sd = { digits: trimZeros(sd.digits), exp: sd.exp };
      else if (sd.digits.length < p) sd = { digits: sd.digits.padEnd(p, "0"), exp: sd.exp };
      const limit = flags.addDot0 ? p - 1 : p;
      body = layoutGeneral(sd, sd.exp < -4 || sd.exp >= limit, flags, upper);
      isZero = ax === 0;
      break;
    }
    case "r": {
      const sd = ax === 0 ? { digits: "0", exp: 0 } : shortestAbs(ax);
      body = layoutGeneral(sd, sd.exp < -4 || sd.exp >= 16, { ...flags, addDot0: true }, false);
      isZero = ax === 0;
      break;
    }
  }
  if (neg && !(flags.noNegZero && isZero)) return "-" + body;
  return posSign + body;
}

function trimZeros(d: string): string {
  let end = d.length;
  while (end > 1 && d.charCodeAt(end - 1) === 48) end--;
  return d.slice(0, end);
}

function layoutExp(digits: string, exp: number, alt: boolean, upper: boolean): string {
  const mant = digits.length > 1 ? digits[0] + "." + digits.slice(1) : alt ? digits + "." : digits;
  return mant + expSuffix(exp, upper);
}

function layoutGeneral(
  sd: SigDigits,
  useExp: boolean,
  flags: DoubleToStringFlags,
  upper: boolean,
): string {
  const alt = flags.alt === true;
  if (useExp) return layoutExp(sd.digits, sd.exp, alt, upper);
  const { digits, exp } = sd;
  let s: string;
  if (exp < 0) {
    s = "0." + "0".repeat(-exp - 1) + digits;
  } else if (exp + 1 >= digits.length) {
    s = digits + "0".repeat(exp + 1 - digits.length);
    if (flags.addDot0) s += ".0";
    else if (alt) s += ".";
  } else {
    s = digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
  }
  return s;
}
