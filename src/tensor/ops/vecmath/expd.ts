// Sleef_expd8_u10, the double `Vectorized<double>::exp()` of PyTorch 2.13's AVX-512 kernels
// (float64 softmax), replayed in JS doubles. Its fused multiply-adds need one rounding of
// a * b + c, emulated with an exact product (Dekker) and an exact sum (Knuth).

const TO_INT = 6755399441055744;
const R_LN2 = Math.LOG2E;
const L2U = 0.69314718055966295651160180568695068359375;
const L2L = 2.8235290563031577e-13;
const C1 = 0.1666666666666669072;
const C2 = 0.4166666666666602598e-1;
const C3 = 0.833333333331493821e-2;
const C4 = 0.1388888888914497797e-2;
const C5 = 0.198412698985586585e-3;
const C6 = 0.2480158687479686264e-4;
const C7 = 0.2755723402025388239e-5;
const C8 = 0.2755762628169491192e-6;
const C9 = 0.2511210703042288022e-7;
const C10 = 0.2081276378237164457e-8;
const SPLIT = 134217729; // 2^27 + 1

/**
 * fma(a, b, c) for doubles: exact product and sum errors folded back in. The final addition
 * rounds the small tail once more, which can differ from a hardware fma only when the result
 * lies within about 2^-104 relative of a rounding boundary.
 */
export function fmad(a: number, b: number, c: number): number {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pe = al * bl - (p - ah * bh - al * bh - ah * bl);
  const s = p + c;
  const v = s - p;
  const se = p - (s - v) + (c - v);
  return s + (se + pe);
}

const POW2 = new Float64Array(2048);
for (let q = -1024; q < 1024; q++) POW2[q & 2047] = Math.pow(2, q);

/** Sleef's exp (u10) for a double d. */
export function sleefExp(d: number): number {
  if (d !== d) return d;
  if (d > 709.782712893384) return Infinity;
  if (d < -1000) return 0;
  const u0 = d * R_LN2 + TO_INT - TO_INT;
  const q = u0 | 0;
  let s = fmad(u0, -L2U, d);
  s = fmad(u0, -L2L, s);
  const s2 = s * s;
  const s4 = s2 * s2;
  const s8 = s4 * s4;
  let u = fmad(
    s8,
    fmad(s, C10, C9),
    fmad(
      s4,
      fmad(s2, fmad(s, C8, C7), fmad(s, C6, C5)),
      fmad(s2, fmad(s, C4, C3), fmad(s, C2, C1)),
    ),
  );
  u = fmad(u, s, 0.5);
  u = fmad(u, s, 1);
  u = fmad(u, s, 1);
  // ldexp2: two exact-power multiplies, as Sleef does (2^q alone may not be representable).
  const h = q >> 1;
  return u * POW2[h & 2047] * POW2[(q - h) & 2047];
}
