// Prototype of a faster float32 last-dim softmax row kernel, a drop-in for softmaxRows32 in
// src/tensor/ops/softmax.ts. Same exp scheme (2^(k/64) table and a short polynomial); what
// changes is the loop shape, which is what the profile shows the time going to:
//
// - The max and the sum were one loop-carried dependency chain each (a compare-select, then a
//   float add, per element: 3-4 cycles of latency every element). Four independent
//   accumulators let four elements proceed at once.
// - The lower clamp (t > T_MIN) only matters when a row spans more than e^110; the max pass
//   also finds the row minimum, and rows that cannot underflow skip the clamp.
// - A cubic instead of a quartic: |r| <= ln2/128 makes the cubic's relative error ~4e-11,
//   still far below float32 rounding (6e-8).
// Rows holding NaN or +-inf take a plain float64 path with PyTorch's results.

const N = 64;
const INV = N / Math.LN2;
const LIMIT = 110;
const OFFSET = Math.ceil(LIMIT * INV) + 2;
const TABLE = new Float64Array(OFFSET + 1);
for (let k = -OFFSET; k <= 0; k++) TABLE[k + OFFSET] = Math.pow(2, k / N);
const MAGIC = 6755399441055744; // 1.5 * 2^52: adding and subtracting it rounds to an integer
const T_MIN = -LIMIT * INV;
const STEP = Math.LN2 / N;
const C3 = 1 / 6;

/** A row with NaN or infinities, in float64 with Math.exp: NaN and inf propagate as in torch. */
function carefulRow(
  src: Float32Array,
  base: number,
  dst: Float32Array,
  ob: number,
  n: number,
): void {
  let m = -Infinity;
  let nan = false;
  for (let i = 0; i < n; i++) {
    const v = src[base + i];
    if (v !== v) nan = true;
    else if (v > m) m = v;
  }
  if (nan) m = NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp(src[base + i] - m);
  for (let i = 0; i < n; i++) dst[ob + i] = Math.exp(src[base + i] - m) / sum;
}

function expRow(
  src: Float32Array,
  base: number,
  dst: Float32Array,
  ob: number,
  n: number,
  ms: number,
  clamp: boolean,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n4 = n & ~3;
  let i = 0;
  if (!clamp) {
    for (; i < n4; i += 4) {
      const t0 = src[base + i] * INV - ms;
      const t1 = src[base + i + 1] * INV - ms;
      const t2 = src[base + i + 2] * INV - ms;
      const t3 = src[base + i + 3] * INV - ms;
      const k0 = t0 + MAGIC - MAGIC;
      const k1 = t1 + MAGIC - MAGIC;
      const k2 = t2 + MAGIC - MAGIC;
      const k3 = t3 + MAGIC - MAGIC;
      const q0 = (t0 - k0) * STEP;
      const q1 = (t1 - k1) * STEP;
      const q2 = (t2 - k2) * STEP;
      const q3 = (t3 - k3) * STEP;
      const x0 = TABLE[(k0 | 0) + OFFSET] * (1 + q0 * (1 + q0 * (0.5 + q0 * C3)));
      const x1 = TABLE[(k1 | 0) + OFFSET] * (1 + q1 * (1 + q1 * (0.5 + q1 * C3)));
      const x2 = TABLE[(k2 | 0) + OFFSET] * (1 + q2 * (1 + q2 * (0.5 + q2 * C3)));
      const x3 = TABLE[(k3 | 0) + OFFSET] * (1 + q3 * (1 + q3 * (0.5 + q3 * C3)));
      dst[ob + i] = x0;
      dst[ob + i + 1] = x1;
      dst[ob + i + 2] = x2;
      dst[ob + i + 3] = x3;
      s0 += x0;
      s1 += x1;
      s2 += x2;
      s3 += x3;
    }
  }
  for (; i < n; i++) {
    let t = src[base + i] * INV - ms;
    t = t > T_MIN ? t : T_MIN;
    const k = t + MAGIC - MAGIC;
    const q = (t - k) * STEP;
    const x = TABLE[(k | 0) + OFFSET] * (1 + q * (1 + q * (0.5 + q * C3)));
    dst[ob + i] = x;
    s0 += x;
  }
  return s0 + s1 + (s2 + s3);
}

/** softmax over `rows` contiguous rows of length n, src from srcOff, dst from 0. */
export function softmaxRows32Fast(
  src: Float32Array,
  srcOff: number,
  dst: Float32Array,
  rows: number,
  n: number,
): void {
  const n4 = n & ~3;
  for (let r = 0; r < rows; r++) {
    const base = srcOff + r * n;
    const ob = r * n;
    let a0 = -Infinity;
    let a1 = -Infinity;
    let a2 = -Infinity;
    let a3 = -Infinity;
    let b0 = Infinity;
    let b1 = Infinity;
    let plain = 0;
    let i = 0;
    for (; i < n4; i += 4) {
      const u = src[base + i];
      const v = src[base + i + 1];
      const w = src[base + i + 2];
      const z = src[base + i + 3];
      a0 = u > a0 ? u : a0;
      a1 = v > a1 ? v : a1;
      a2 = w > a2 ? w : a2;
      a3 = z > a3 ? z : a3;
      b0 = u < b0 ? u : b0;
      b1 = z < b1 ? z : b1;
      b0 = v < b0 ? v : b0;
      b1 = w < b1 ? w : b1;
      // NaN or inf anywhere makes this sum non-finite: a cheap test for the careful path.
      plain += u * 0 + v * 0 + (w * 0 + z * 0);
    }
    for (; i < n; i++) {
      const u = src[base + i];
      a0 = u > a0 ? u : a0;
      b0 = u < b0 ? u : b0;
      plain += u * 0;
    }
    if (plain !== 0) {
      carefulRow(src, base, dst, ob, n);
      continue;
    }
    a0 = a0 > a1 ? a0 : a1;
    a2 = a2 > a3 ? a2 : a3;
    const m = a0 > a2 ? a0 : a2;
    const lo = b0 < b1 ? b0 : b1;
    const ms = m * INV;
    const sum = expRow(src, base, dst, ob, n, ms, lo * INV - ms < T_MIN);
    const inv = 1 / sum;
    for (let o = ob, end = ob + n; o < end; o++) dst[o] *= inv;
  }
}
