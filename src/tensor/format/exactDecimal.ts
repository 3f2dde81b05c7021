// Exact decimal digits of a double, rounded half-to-even the way CPython's dtoa does it.
// JS toFixed/toExponential already pick the nearest decimal from the exact binary value; they
// only differ from Python on exact ties, where they round up. So the fast paths call them and
// repair the rare exact tie, and BigInt is kept for what they cannot do (|x| >= 1e21 in fixed
// mode, more than 100 digits, ties on integers above 2^53).

/** Significant digits and an exponent: value = d.ddd × 10^exp. */
export interface SigDigits {
  digits: string;
  exp: number;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;
const LO = LITTLE ? 0 : 1;

const pow5Cache: bigint[] = [1n];
function pow5(k: number): bigint {
  for (let i = pow5Cache.length; i <= k; i++) pow5Cache.push(pow5Cache[i - 1] * 5n);
  return pow5Cache[k];
}

/**
 * The full decimal expansion of a positive finite double: value = 0.d1d2d3… × 10^decpt,
 * digits without leading or trailing zeros.
 */
export function exactDigits(ax: number): { digits: string; decpt: number } {
  f64[0] = ax;
  const hi = u32[HI];
  const lo = u32[LO];
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (biased === 0) {
    e2 = -1074;
  } else {
    mant |= 1n << 52n;
    e2 = biased - 1075;
  }
  // Odd mantissa keeps the power of five (and so the BigInt) as small as possible.
  while ((mant & 1n) === 0n && mant !== 0n) {
    mant >>= 1n;
    e2++;
  }
  let s: string;
  let decpt: number;
  if (e2 >= 0) {
    s = (mant << BigInt(e2)).toString();
    decpt = s.length;
  } else {
    s = (mant * pow5(-e2)).toString();
    decpt = s.length + e2;
  }
  let end = s.length;
  while (end > 1 && s.charCodeAt(end - 1) === 48) end--;
  return { digits: s.slice(0, end), decpt };
}

/**
 * Keep the first n digits of an exact expansion, rounding half-to-even. Returns the kept
 * digits (possibly shorter than n: trailing zeros are implied) and the new decpt. When
 * everything rounds away the result is digits "" (zero).
 */
export function roundDigits(
  digits: string,
  decpt: number,
  n: number,
): { digits: string; decpt: number } {
  if (n >= digits.length) return { digits, decpt };
  if (n < 0) return { digits: "", decpt };
  const rd = digits.charCodeAt(n) - 48;
  const prevOdd = n > 0 && ((digits.charCodeAt(n - 1) - 48) & 1) === 1;
  const up = rd > 5 || (rd === 5 && (digits.length > n + 1 || prevOdd));
  let kept = digits.slice(0, n);
  if (!up) return { digits: kept, decpt };
  let i = n - 1;
  while (i >= 0 && kept.charCodeAt(i) === 57) i--;
  if (i < 0) return { digits: "1", decpt: decpt + 1 };
  kept = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1);
  return { digits: kept, decpt };
}

/** Add one unit in the last place to a plain decimal string such as "12.99" -> "13.00". */
function incrementDecimalString(s: string): string {
  const chars = s.split("");
  let i = chars.length - 1;
  for (; i >= 0; i--) {
    const c = chars[i];
    if (c === ".") continue;
    if (c === "9") {
      chars[i] = "0";
    } else {
      chars[i] = String.fromCharCode(c.charCodeAt(0) + 1);
      return chars.join("");
    }
  }
  return "1" + chars.join("");
}

/**
 * |x| with exactly `precision` digits after the point (no sign), Python "%.Nf" rounding.
 * ax must be finite and >= 0.
 */
export function fixedAbs(ax: number, precision: number): string {
  if (ax < 1e21 && precision <= 99) {
    const s = ax.toFixed(precision);
    // A tie needs the value to be a multiple of 2^-(p+1); then toFixed(p+1) is exact.
    if (!Number.isInteger(ax * 2 ** (precision + 1))) return s;
    const t = ax.toFixed(precision + 1);
    if (t.charCodeAt(t.length - 1) !== 53) return s;
    const cut = t.slice(0, precision === 0 ? -2 : -1);
    return ((cut.charCodeAt(cut.length - 1) - 48) & 1) === 1 ? incrementDecimalString(cut) : cut;
  }
  if (ax === 0) return precision > 0 ? "0." + "0".repeat(precision) : "0";
  const ex = exactDigits(ax);
  const r = roundDigits(ex.digits, ex.decpt, ex.decpt + precision);
  return placePoint(r.digits, r.decpt, precision);
}

/** Lay out digits (value 0.digits × 10^decpt) with exactly `frac` digits after the point. */
export function placePoint(digits: string, decpt: number, frac: number): string {
  let intPart: string;
  let fracPart: string;
  if (digits === "") {
    intPart = "0";
    fracPart = "";
  } else if (decpt <= 0) {
    intPart = "0";
    fracPart = "0".repeat(-decpt) + digits;
  } else if (decpt >= digits.length) {
    intPart = digits + "0".repeat(decpt - digits.length);
    fracPart = "";
  } else {
    intPart = digits.slice(0, decpt);
    fracPart = digits.slice(decpt);
  }
  if (frac === 0) return intPart;
  if (fracPart.length < frac) fracPart += "0".repeat(frac - fracPart.length);
  else if (fracPart.length > frac) fracPart = fracPart.slice(0, frac);
  return intPart + "." + fracPart;
}

function parseExponential(s: string): SigDigits {
  const e = s.indexOf("e");
  const mant = s.slice(0, e);
  const digits = mant.length > 1 ? mant[0] + mant.slice(2) : mant;
  return { digits, exp: Number(s.slice(e + 1)) };
}

/**
 * |x| rounded to n >= 1 significant digits, half-to-even; digits has exactly n characters.
 * ax must be finite and > 0.
 */
export function sigDigitsAbs(ax: number, n: number): SigDigits {
  if (n <= 100) {
    const first = parseExponential(ax.toExponential(n - 1));
    // Rounding may have carried into a new leading digit, so the exact exponent is exp or
    // exp - 1; a tie needs the value to be a multiple of 2^(n - exp_true), so this scaled
    // value must be an integer (scaling by a power of two is exact here).
    const g = n - first.exp + 1;
    const scaled = g >= 0 ? ax * 2 ** g : ax / 2 ** -g;
    if (!Number.isInteger(scaled)) return first;
    const t = ax.toExponential(n);
    if (t.charCodeAt(t.indexOf("e") - 1) !== 53) return first;
    const longer = parseExponential(t);
    const fracDigits = n - longer.exp;
    let exact: boolean;
    if (fracDigits > 0) exact = Number.isInteger(ax * 2 ** fracDigits);
    else if (ax < 2 ** 53) exact = Number.isInteger(ax) && ax % 10 ** -fracDigits === 0;
    else exact = BigInt(ax) % 10n ** BigInt(-fracDigits) === 0n;
    if (!exact) return first;
    const r = roundDigits(longer.digits, longer.exp + 1, n);
    return { digits: r.digits.padEnd(n, "0"), exp: r.decpt - 1 };
  }
  const ex = exactDigits(ax);
  const r = roundDigits(ex.digits, ex.decpt, n);
  return { digits: r.digits.padEnd(n, "0"), exp: r.decpt - 1 };
}

/** Shortest round-trip digits of a positive finite double (what repr() starts from). */
export function shortestAbs(ax: number): SigDigits {
  const s = String(ax);
  const e = s.indexOf("e");
  const mant = e < 0 ? s : s.slice(0, e);
  const expPart = e < 0 ? 0 : Number(s.slice(e + 1));
  const dot = mant.indexOf(".");
  const intLen = dot < 0 ? mant.length : dot;
  const all = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  let start = 0;
  while (start < all.length - 1 && all.charCodeAt(start) === 48) start++;
  let end = all.length;
  while (end > start + 1 && all.charCodeAt(end - 1) === 48) end--;
  return { digits: all.slice(start, end), exp: intLen - start - 1 + expPart };
}
