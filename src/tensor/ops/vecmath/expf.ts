import { fmaf } from "../../random/float32Math";

// Two single-precision exponentials that PyTorch 2.13's x86 CPU build runs, replayed step by
// step so that results agree bit for bit:
// - sleefExpf: Sleef_expf16_u10, the vectorised `Vectorized<float>::exp()` of the AVX-512
//   kernels (softmax, log_softmax, the 32-wide blocks of sigmoid). Every Sleef `mla` is a
//   hardware FMA there, so each one is a single-rounding fmaf.
// - glibcExpf: glibc's expf, which scalar tails reach through std::exp(float). It evaluates in
//   double with a 32-entry table of 2^(i/32) and a cubic, then rounds once to float.

const fround = Math.fround;
// Adding and subtracting 1.5 * 2^52 rounds a double of magnitude < 2^51 to an integer, ties to
// even, as cvtps2dq and rint do.
const TO_INT = 6755399441055744;

const R_LN2 = fround(Math.LOG2E);
const L2U = fround(0.693145751953125);
const L2L = fround(1.428606765330187045e-6);
const P0 = fround(0.000198527617612853646278381);
const P1 = fround(0.00139304355252534151077271);
const P2 = fround(0.00833336077630519866943359);
const P3 = fround(0.0416664853692054748535156);
const P4 = fround(0.166666671633720397949219);

/** 2^q for integers q in [-256, 255], indexed by q & 511 (exact doubles). */
const POW2 = new Float64Array(512);
for (let q = -256; q < 256; q++) POW2[q & 511] = Math.pow(2, q);

/** Sleef's expf (u10) for a float32 d, as the AVX-512 build computes it. */
export function sleefExpf(d: number): number {
  if (d !== d) return d;
  if (d > 100) return Infinity;
  return expCore(d);
}

/**
 * The body of sleefExpf for a d that is not NaN and at most 100 (softmax's x - max). Below
 * -104 Sleef returns 0; d is moved far enough down that the final scaling underflows to 0.
 */
export function expCore(x: number): number {
  const d = x < -104 ? -160 : x;
  const q = fround(d * R_LN2) + TO_INT - TO_INT;
  // Each fused step is first done as one double operation rounded to float, which is the
  // fused result unless the double landed exactly halfway between two floats (then p + h,
  // stepping as far again, is itself a float); only then the exact fmaf runs.
  // Cody-Waite: q * L2U is exact and cancels exactly against d, so no rounding happens there.
  let s = d - q * L2U;
  let p = s - q * L2L;
  let r = fround(p);
  let h = p - r;
  if (h !== 0 && fround(p + h) === p + h) r = fmaf(q, -L2L, s);
  s = r;
  p = P0 * s + P1;
  r = fround(p);
  h = p - r;
  if (h !== 0 && fround(p + h) === p + h) r = fmaf(P0, s, P1);
  let u = r;
  p = u * s + P2;
  r = fround(p);
  h = p - r;
  if (h !== 0 && fround(p + h) === p + h) r = fmaf(u, s, P2);
  u = r;
  p = u * s + P3;
  r = fround(p);
  h = p - r;
  if (h !== 0 && fround(p + h) === p + h) r = fmaf(u, s, P3);
  u = r;
  p = u * s + P4;
  r = fround(p);
  h = p - r;
  if (h !== 0 && fround(p + h) === p + h) r = fmaf(u, s, P4);
  u = r;
  p = u * s + 0.5;
  r = fround(p);
  h = p - r;
  if (h !== 0 && fround(p + h) === p + h) r = fmaf(u, s, 0.5);
  u = r;
  const s2 = fround(s * s);
  p = s2 * u + s;
  r = fround(p);
  h = p - r;
  if (h !== 0 && fround(p + h) === p + h) r = fmaf(s2, u, s);
  u = fround(1 + r);
  // ldexp2: u * 2^(q>>1) is exact, so one rounding of the exact product is what the two
  // hardware multiplies give (including results that land in the subnormal range).
  return fround(u * POW2[q & 511]);
}

/**
 * expCore without the halfway checks: every fused step is one double operation rounded to
 * float. It differs from expCore only when an intermediate double lands exactly halfway
 * between two floats (about 2^-29 per step; none in 16.7M random inputs tested) and is about
 * twice as fast; the softmax kernel uses it for large tensors, where speed is what counts.
 */
export function expCoreFast(x: number): number {
  const d = x < -104 ? -160 : x;
  const q = fround(d * R_LN2) + TO_INT - TO_INT;
  const s = fround(d - q * L2U - q * L2L);
  let u = fround(P0 * s + P1);
  u = fround(u * s + P2);
  u = fround(u * s + P3);
  u = fround(u * s + P4);
  u = fround(u * s + 0.5);
  u = fround(1 + fround(fround(s * s) * u + s));
  return fround(u * POW2[q & 511]);
}

// glibc's table: 2^(i/32) as doubles (its tab[] entries with i << 47 added back).
const EXP2_TAB_BITS = [
  "3ff0000000000000",
  "3fefd9b0d3158574",
  "3fefb5586cf9890f",
  "3fef9301d0125b51",
  "3fef72b83c7d517b",
  "3fef54873168b9aa",
  "3fef387a6e756238",
  "3fef1e9df51fdee1",
  "3fef06fe0a31b715",
  "3feef1a7373aa9cb",
  "3feedea64c123422",
  "3feece086061892d",
  "3feebfdad5362a27",
  "3feeb42b569d4f82",
  "3feeab07dd485429",
  "3feea47eb03a5585",
  "3feea09e667f3bcd",
  "3fee9f75e8ec5f74",
  "3feea11473eb0187",
  "3feea589994cce13",
  "3feeace5422aa0db",
  "3feeb737b0cdc5e5",
  "3feec49182a3f090",
  "3feed503b23e255d",
  "3feee89f995ad3ad",
  "3feeff76f2fb5e47",
  "3fef199bdd85529c",
  "3fef3720dcef9069",
  "3fef5818dcfba487",
  "3fef7c97337b9b5f",
  "3fefa4afa2a490da",
  "3fefd0765b6e4540",
];
const bitsView = new DataView(new ArrayBuffer(8));
function doubleOfBits(bits: bigint): number {
  bitsView.setBigUint64(0, bits);
  return bitsView.getFloat64(0);
}
const EXP2_TAB = Float64Array.from(EXP2_TAB_BITS, (hex, i) =>
  doubleOfBits(BigInt("0x" + hex) + (BigInt(i) << 47n)),
);
const N = 32;
const INV_LN2_N = doubleOfBits(0x3ff71547652b82fen) * N;
const C0 = doubleOfBits(0x3fac6af84b912394n) / N / N / N;
const C1 = doubleOfBits(0x3fcebfce50fac4f3n) / N / N;
const C2 = doubleOfBits(0x3fe62e42ff0c52d6n) / N;
const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter

/**
 * fma(a, b, c) in double: the exact product as a pair (Dekker), added to c with TwoSum. The
 * final addition rounds the tail once more, which differs from a true fma only when the
 * result sits within 2^-106 of a rounding boundary; glibc's float result rounds far coarser.
 */
function fma(a: number, b: number, c: number): number {
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

/** glibc's expf (the FMA build x86-64 selects) for a float32 x. */
export function glibcExpf(x: number): number {
  if (x !== x) return x;
  if (x > 88.72283172607422) return Infinity;
  if (x < -103.972076416015625) return 0;
  const z = INV_LN2_N * x;
  const kd = z + TO_INT - TO_INT;
  const r = z - kd;
  const k = kd | 0;
  const s = EXP2_TAB[k & 31] * POW2[(k >> 5) & 511];
  const zz = fma(C0, r, C1);
  const r2 = r * r;
  let y = fma(C2, r, 1);
  y = fma(zz, r2, y);
  return fround(y * s);
}
