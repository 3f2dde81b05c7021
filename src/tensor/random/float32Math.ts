// Single-precision arithmetic the way an x86 AVX2 build of PyTorch performs it, so that the
// vectorised normal sampler can be replayed bit for bit. A float32 +, -, * or sqrt is one
// double operation followed by Math.fround: 53 >= 2 * 24 + 2 bits makes that double rounding
// harmless. A fused multiply-add needs more care, see fmaf.

const fround = Math.fround;

/**
 * fmaf(a, b, c) = round_to_float32(a * b + c) with a single rounding, for float32 inputs.
 * a * b is exact in a double (48 significant bits); the sum is rounded once to double and
 * then to float32. That second rounding can only go wrong when the double lands exactly
 * halfway between two floats while the exact sum lay off the midpoint; the TwoSum error term
 * then tells which side it lay on.
 */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = fround(s);
  const h = s - r;
  if (h === 0) return r;
  // s is a midpoint exactly when stepping as far again past it lands on the other float.
  const other = s + h;
  if (fround(other) !== other) return r;
  const bv = s - p;
  const err = p - (s - bv) + (c - bv);
  if (err === 0) return r;
  return err > 0 === h > 0 ? other : r;
}

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

// Cephes single-precision coefficients as the AVX code stores them (rounded to float32).
const SQRTHF = fround(Math.SQRT1_2);
const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1,
  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(fround);
const LOG_Q1 = fround(-2.1219444e-4);
const LOG_Q2 = fround(0.693359375);
const MINUS_DP1 = fround(-0.78515625);
const MINUS_DP2 = fround(-2.4187564849853515625e-4);
const MINUS_DP3 = fround(-3.774894977445941e-8);
const SIN_P0 = fround(-1.9515295891e-4);
const SIN_P1 = fround(8.3321608736e-3);
const SIN_P2 = fround(-1.6666654611e-1);
const COS_P0 = fround(2.443315711809948e-5);
const COS_P1 = fround(-1.388731625493765e-3);
const COS_P2 = fround(4.166664568298827e-2);
const FOPI = fround(1.27323954473516);

/**
 * Cephes-style logf for a positive, normal float32 x, evaluated step by step as the AVX2
 * kernel does, with every multiply feeding an add fused (GCC contracts them in that build).
 */
export function logAvx2(x: number): number {
  scratchF32[0] = x;
  const bits = scratchU32[0];
  let e = fround((bits >>> 23) - 127 + 1);
  // Keep the mantissa, force the exponent of 0.5: m in [0.5, 1).
  scratchU32[0] = (bits & ~0x7f800000) | 0x3f000000;
  const m = scratchF32[0];
  let t: number;
  if (m < SQRTHF) {
    e = fround(e - 1);
    t = fround(fround(m - 1) + m);
  } else {
    t = fround(m - 1);
  }
  const z = fround(t * t);
  let y = LOG_P[0];
  for (let k = 1; k < 9; k++) y = fmaf(y, t, LOG_P[k]);
  y = fround(y * t);
  y = fmaf(y, z, fround(e * LOG_Q1));
  y = fmaf(-z, 0.5, y);
  const r = fround(t + y);
  return fmaf(e, LOG_Q2, r);
}

/** sin and cos of a float32 theta >= 0 as sincos256_ps computes them; results in `out`. */
export function sinCosAvx2(theta: number, out: Float64Array): void {
  let x = theta;
  const j = (Math.trunc(fround(x * FOPI)) + 1) & ~1;
  const y = j;
  x = fmaf(y, MINUS_DP1, x);
  x = fmaf(y, MINUS_DP2, x);
  x = fmaf(y, MINUS_DP3, x);
  const z = fround(x * x);

  let c = fmaf(COS_P0, z, COS_P1);
  c = fmaf(c, z, COS_P2);
  c = fround(c * z);
  c = fmaf(c, z, -fround(z * 0.5));
  c = fround(c + 1);

  let s = fmaf(SIN_P0, z, SIN_P1);
  s = fmaf(s, z, SIN_P2);
  s = fround(s * z);
  s = fmaf(s, x, x);

  const swapPolys = (j & 2) !== 0;
  let sinV = swapPolys ? c : s;
  let cosV = swapPolys ? s : c;
  if (j & 4) sinV = -sinV;
  if (~(j - 2) & 4) cosV = -cosV;
  out[0] = sinV;
  out[1] = cosV;
}
