import { fmaf } from "../../random/float32Math";

// Sleef_logf16_u10 as PyTorch 2.13's AVX-512 kernels call it (`Vectorized<float>::log()`, used
// by log_softmax for the log of each lane's sum). Sleef reaches 1-ulp accuracy with
// "double-float" pairs (hi + lo, both float32); the AVX-512 build splits d with getexp and
// getmant (mantissa normalised to [0.75, 1.5)) and fuses every multiply-add it can.

const fround = Math.fround;
const LN2_HI = fround(0.69314718246459960938);
const LN2_LO = fround(-1.904654323148236017e-9);
const T0 = fround(0.3027294874);
const T1 = fround(0.3996108174);
const T2 = fround(0.666669488);

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Sleef's xlogf_u1 for a float32 d. */
export function sleefLogf(d: number): number {
  if (d !== d || d < 0) return NaN;
  if (d === 0) return -Infinity;
  if (d === Infinity) return Infinity;
  // e = getexp(d / 0.75): the binary exponent of the rounded product.
  f32[0] = fround(d * fround(1 / 0.75));
  let bits = u32[0];
  let e = ((bits >>> 23) & 0xff) - 127;
  if (e === -127) e = Math.floor(Math.log2(f32[0]));
  // m = getmant(d) in [0.75, 1.5): d's significand scaled to 1.x, halved when >= 1.5.
  f32[0] = d;
  bits = u32[0];
  let m: number;
  if ((bits & 0x7f800000) === 0) {
    const k = Math.floor(Math.log2(d));
    m = d * Math.pow(2, -k);
  } else {
    u32[0] = (bits & 0x007fffff) | 0x3f800000;
    m = f32[0];
  }
  if (m >= 1.5) m = m / 2;

  // s = (LN2_HI, LN2_LO) * e as a double-float product.
  const sx0 = fround(LN2_HI * e);
  const sy0 = fmaf(LN2_LO, e, fmaf(LN2_HI, e, -sx0));

  // x = (m - 1) / (m + 1) as a double-float quotient.
  const nx = fround(m - 1);
  let v = fround(nx - m);
  const ny = fround(fround(m - fround(nx - v)) + fround(-1 - v));
  const dx = fround(m + 1);
  v = fround(dx - m);
  const dy = fround(fround(m - fround(dx - v)) + fround(1 - v));
  const t = fround(1 / dx);
  const qs = fround(nx * t);
  const qu = fmaf(t, nx, -qs);
  const qv = fmaf(-dy, t, fmaf(-dx, t, 1));
  const xx = qs;
  const xy = fmaf(qs, qv, fmaf(ny, t, qu));

  const x2 = fround(xx * xx);
  let p = fmaf(T0, x2, T1);
  p = fmaf(p, x2, T2);

  // s += 2x (double-float + double-float, |s| >= |2x| assumed as in Sleef).
  const ax = fround(xx * 2);
  const ay = fround(xy * 2);
  let sx = fround(sx0 + ax);
  let sy = fround(fround(fround(fround(sx0 - sx) + ax) + sy0) + ay);
  // s += x^3 * p (double-float + float).
  const w = fround(fround(x2 * xx) * p);
  const sx2 = fround(sx + w);
  sy = fround(fround(fround(sx - sx2) + w) + sy);
  sx = sx2;
  return fround(sx + sy);
}
