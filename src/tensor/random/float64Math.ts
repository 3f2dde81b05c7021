// log, sin and cos rounded correctly (to nearest) through double-double arithmetic.
// PyTorch's float64 Box–Muller calls glibc, whose log/sin/cos are within a hair of correct
// rounding; JavaScript engines' Math.log/sin/cos are faithful only (V8 ports fdlibm), which
// shifts a few percent of float64 normals by an ulp. Correct rounding lands on glibc's answer
// for all but about one value in a thousand.
//
// Results come back through module-level registers (rh, rl) so that nothing is allocated.

let rh = 0;
let rl = 0;

const SPLITTER = 134217729; // 2**27 + 1, Dekker's split

/** (rh, rl) = exact a * b. */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  rh = p;
  rl = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** (rh, rl) = (ah + al) * (bh + bl), to about 2**-104 relative. */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const p = rh;
  const e = rl + (ah * bl + al * bh);
  rh = p + e;
  rl = e - (rh - p);
}

/** (rh, rl) = (ah + al) + (bh + bl), accurate even under cancellation. */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  let v = s - ah;
  let e = ah - (s - v) + (bh - v);
  const t = al + bl;
  v = t - al;
  const f = al - (t - v) + (bl - v);
  e += t;
  const h = s + e;
  e = e - (h - s) + f;
  rh = h + e;
  rl = e - (rh - h);
}

/** (rh, rl) = (ah + al) / (bh + bl): three quotient digits, each from the remainder. */
function ddDiv(ah: number, al: number, bh: number, bl: number): void {
  const q1 = ah / bh;
  ddMul(bh, bl, q1, 0);
  ddAdd(ah, al, -rh, -rl);
  const remH = rh;
  const remL = rl;
  const q2 = remH / bh;
  ddMul(bh, bl, q2, 0);
  ddAdd(remH, remL, -rh, -rl);
  const q3 = rh / bh;
  ddAdd(q1, 0, q2, 0);
  ddAdd(rh, rl, q3, 0);
}

/** Coefficients as double-doubles: [hi0, lo0, hi1, lo1, ...]. */
function ddTable(count: number, coefficient: (k: number) => [number, number]): Float64Array {
  const t = new Float64Array(2 * count);
  for (let k = 0; k < count; k++) [t[2 * k], t[2 * k + 1]] = coefficient(k);
  return t;
}

// log(m) = 2 atanh(s) = 2 s (1 + s^2/3 + s^4/5 + ...), s = (m - 1)/(m + 1), |s| < 0.172.
const ATANH = ddTable(16, (k) => {
  ddDiv(1, 0, 2 * k + 1, 0);
  return [rh, rl];
});
const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;

// Taylor coefficients in r^2 for sin(r)/r and cos(r): (-1)^k/(2k+1)! and (-1)^k/(2k)!.
const SIN = ddTable(13, (k) => inverseFactorial(2 * k + 1, k));
const COS = ddTable(13, (k) => inverseFactorial(2 * k, k));

function inverseFactorial(n: number, k: number): [number, number] {
  let h = 1;
  let l = 0;
  for (let i = 2; i <= n; i++) {
    ddDiv(h, l, i, 0);
    h = rh;
    l = rl;
  }
  return k % 2 === 0 ? [h, l] : [-h, -l];
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI_WORD = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Natural log of a positive normal double, correctly rounded. */
export function logExact(x: number): number {
  logDD(x);
  return rh + rl;
}

/** Natural log of a positive normal double as a double-double, in (rh, rl). */
function logDD(x: number): void {
  f64[0] = x;
  let k = ((u32[HI_WORD] >>> 20) & 0x7ff) - 1023;
  // m = x / 2**k in [1, 2), folded into [sqrt(1/2), sqrt(2)).
  u32[HI_WORD] = (u32[HI_WORD] & 0x800fffff) | 0x3ff00000;
  let m = f64[0];
  if (m > Math.SQRT2) {
    m /= 2;
    k++;
  }
  // s = (m - 1) / (m + 1); m - 1 is exact, m + 1 needs its rounding error kept.
  const d = m + 1;
  const v = d - m;
  ddDiv(m - 1, 0, d, m - (d - v) + (1 - v));
  const sh = rh;
  const sl = rl;
  ddMul(sh, sl, sh, sl);
  const s2h = rh;
  const s2l = rl;
  const p = horner(ATANH, 3, s2h, s2l);
  ddMul(p[0], p[1], 2 * sh, 2 * sl);
  const lh = rh;
  const ll = rl;
  twoProd(k, LN2_HI);
  ddAdd(rh, rl + k * LN2_LO, lh, ll);
}

// 1/ln 2 as a double-double.
const LOG2E_HI = 1.4426950408889634;
const LOG2E_LO = 2.0355273740931033e-17;

/** log2 of a positive normal double: the double-double log times 1/ln 2, rounded once. */
export function log2Exact(x: number): number {
  logDD(x);
  ddMul(rh, rl, LOG2E_HI, LOG2E_LO);
  return rh + rl;
}

// Taylor coefficients 1/k! of exp(r).
const EXP = ddTable(27, (k) => inverseFactorial(k, 0));

/**
 * exp(xh + xl) for -746 < xh < 709.79, rounded once at the end: 2**k exp(r) with
 * r = x - k ln 2 kept as a double-double, so the result is correctly rounded unless it is
 * subnormal.
 */
function expDD(xh: number, xl: number): number {
  const k = Math.round(xh / LN2_HI);
  twoProd(k, LN2_HI);
  ddAdd(xh, xl, -rh, -rl);
  ddAdd(rh, rl, -k * LN2_LO, 0);
  const p = horner(EXP, 7, rh, rl);
  // Scale in two steps: 2**k alone overflows for k = 1024.
  const half = k >> 1;
  return (p[0] + p[1]) * 2 ** half * 2 ** (k - half);
}

/** x**y for x > 0: exp(y log x) carried in double-doubles, so rounded once like glibc's pow. */
export function powExact(x: number, y: number): number {
  if (!(x > 0 && x < Infinity && Number.isFinite(y)) || x < 2 ** -1022) return Math.pow(x, y);
  logDD(x);
  ddMul(rh, rl, y, 0);
  if (!(Math.abs(rh) < 708)) return Math.pow(x, y);
  return expDD(rh, rl);
}

// pi/2 split so that k * PIO2_1 and k * PIO2_2 are exact for small k.
const PIO2_1 = 1.5707963267341256;
const PIO2_2 = 6.077100506303966e-11;
const PIO2_3 = 2.0222662487959506e-21;
const TWO_OVER_PI = 2 / Math.PI;

/** sin(x) and cos(x), correctly rounded, for 0 <= x < 2**20 or so; written into out. */
export function sinCosExact(x: number, out: Float64Array): void {
  const k = Math.round(x * TWO_OVER_PI);
  // r = x - k pi/2 as a double-double; the first subtraction is exact (Sterbenz).
  const r1 = x - k * PIO2_1;
  ddAdd(r1, 0, -k * PIO2_2, 0);
  ddAdd(rh, rl, -k * PIO2_3, 0);
  const xh = rh;
  const xl = rl;
  ddMul(xh, xl, xh, xl);
  const zh = rh;
  const zl = rl;
  const s = horner(SIN, 3, zh, zl);
  ddMul(s[0], s[1], xh, xl);
  const sinR = rh + rl;
  const c = horner(COS, 4, zh, zl);
  const cosR = c[0] + c[1];
  switch (((k % 4) + 4) % 4) {
    case 0:
      out[0] = sinR;
      out[1] = cosR;
      break;
    case 1:
      out[0] = cosR;
      out[1] = -sinR;
      break;
    case 2:
      out[0] = -sinR;
      out[1] = -cosR;
      break;
    default:
      out[0] = -cosR;
      out[1] = sinR;
  }
}

const hornerOut: [number, number] = [0, 0];

/**
 * Sum of table[k] * z^k. Past the first `ddTerms` terms each term is below 2**-17 of the sum
 * (for the argument ranges used here), so those are summed in plain doubles, which keeps the
 * total error near 2**-70 at a fraction of the cost.
 */
function horner(table: Float64Array, ddTerms: number, zh: number, zl: number): [number, number] {
  let p = 0;
  for (let k = table.length / 2 - 1; k >= ddTerms; k--) p = p * zh + table[2 * k];
  let ph = p;
  let pl = 0;
  for (let k = ddTerms - 1; k >= 0; k--) {
    ddMul(ph, pl, zh, zl);
    ddAdd(rh, rl, table[2 * k], table[2 * k + 1]);
    ph = rh;
    pl = rl;
  }
  hornerOut[0] = ph;
  hornerOut[1] = pl;
  return hornerOut;
}

const EXP_MAX = 709.782712893384; // above: exp overflows to inf
const EXP_MIN = -745.1332191019412; // below: exp underflows to 0

/**
 * exp(x), correctly rounded for normal results, which is what glibc's exp (PyTorch's scalar
 * float64 path) returns; V8's Math.exp is an ulp off for a few percent of inputs.
 */
export function expExact(x: number): number {
  if (x !== x || x === Infinity) return x;
  if (x > EXP_MAX) return Infinity;
  if (x < EXP_MIN) return 0;
  return expDD(x, 0);
}
