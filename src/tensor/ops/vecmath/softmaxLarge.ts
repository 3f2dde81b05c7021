// float32 softmax over the last dim for large tensors, where throughput matters more than
// replaying PyTorch's last bit. Each row's exponentials are computed in float64 from a table of
// 2^(k/64) and a cubic (relative error below 4e-11), summed in float64 and scaled by the
// float64 reciprocal: every output is within about one float32 rounding of the exact softmax
// (max relative error ~1.2e-7; PyTorch's own kernel: ~6e-7).
//
// The price: most outputs differ from PyTorch's in the last bit (about 3 in 4 on random rows),
// because PyTorch sums in float32 and multiplies by a float32 reciprocal of that sum. The
// bit-exact replay of PyTorch's kernel (softmaxF32.ts) spends some twenty float32 roundings per
// element and runs about 3x slower, so it stays the path for every tensor up to
// LARGE_SOFTMAX_ABOVE elements: far beyond anything a lesson or a recorded case prints.

/** Above this many elements float32 softmax along the last dim takes this kernel. */
export const LARGE_SOFTMAX_ABOVE = 1 << 20;

const N = 64;
const INV_STEP = N / Math.LN2;
const STEP = Math.LN2 / N;
// Below e^-104 every float32 result is 0 (the row sum is at least 1); inputs are clamped there
// and the table's lowest entries are 0, so -inf (a masked score) costs no branch.
const LIMIT = 104;
const CLAMP = -LIMIT - 1;
const ZERO_BELOW = Math.floor(-LIMIT * INV_STEP);
const OFFSET = Math.ceil(-CLAMP * INV_STEP) + 2;
const TABLE = new Float64Array(OFFSET + 1);
for (let k = -OFFSET; k <= 0; k++) TABLE[k + OFFSET] = k < ZERO_BELOW ? 0 : Math.pow(2, k / N);
// Adding and subtracting 1.5 * 2^52 rounds a double below 2^51 in magnitude to an integer.
const TO_INT = 6755399441055744;
const C3 = 1 / 6;

/**
 * e^d for d <= 0 (-inf included): 0 below e^-104. Math.max is the clamp because V8 compiles it
 * without a branch (a conditional expression here measured twice as slow). k * STEP is off by
 * at most 2^-46 for |k| < 7000, far below the cubic's error.
 */
function expNonPositive(d: number): number {
  const x = Math.max(d, CLAMP);
  const k = x * INV_STEP + TO_INT - TO_INT;
  const r = x - k * STEP;
  return TABLE[(k | 0) + OFFSET] * (1 + r * (1 + r * (0.5 + r * C3)));
}

/** The row max, or NaN when the row holds a NaN (Math.max propagates it). */
function rowMax(a: Float32Array, start: number, n: number): number {
  // Four running maxima, so consecutive elements do not wait on one another.
  let m0 = -Infinity;
  let m1 = -Infinity;
  let m2 = -Infinity;
  let m3 = -Infinity;
  const end = start + n;
  let i = start;
  for (; i + 3 < end; i += 4) {
    m0 = Math.max(m0, a[i]);
    m1 = Math.max(m1, a[i + 1]);
    m2 = Math.max(m2, a[i + 2]);
    m3 = Math.max(m3, a[i + 3]);
  }
  for (; i < end; i++) m0 = Math.max(m0, a[i]);
  return Math.max(Math.max(m0, m1), Math.max(m2, m3));
}

/** dst[o + i] = float32(e^(src[s + i] - m)) for i < n; returns the float64 sum of e^(...). */
function expRow(
  src: Float32Array,
  s: number,
  dst: Float32Array,
  o: number,
  n: number,
  m: number,
): number {
  // Two independent sums keep the adds from serialising on one register.
  let a = 0;
  let b = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const e0 = expNonPositive(src[s + i] - m);
    const e1 = expNonPositive(src[s + i + 1] - m);
    dst[o + i] = e0;
    dst[o + i + 1] = e1;
    a += e0;
    b += e1;
  }
  if (i < n) {
    const e = expNonPositive(src[s + i] - m);
    dst[o + i] = e;
    a += e;
  }
  return a + b;
}

/** dst[o + i] *= inv for i < n, four per iteration (measured a quarter faster than one). */
function scaleRow(dst: Float32Array, o: number, n: number, inv: number): void {
  const end = o + n;
  let i = o;
  for (; i + 3 < end; i += 4) {
    dst[i] *= inv;
    dst[i + 1] *= inv;
    dst[i + 2] *= inv;
    dst[i + 3] *= inv;
  }
  for (; i < end; i++) dst[i] *= inv;
}

/**
 * softmax over `rows` contiguous rows of length n, from src[srcOff...] into dst[0...]. A row
 * with a NaN, an infinite max or nothing but -inf is all NaN, as in PyTorch.
 */
export function softmaxLastDimLarge(
  src: Float32Array,
  srcOff: number,
  dst: Float32Array,
  rows: number,
  n: number,
): void {
  for (let r = 0; r < rows; r++) {
    const s = srcOff + r * n;
    const o = r * n;
    const m = rowMax(src, s, n);
    if (m - m !== 0) {
      dst.fill(NaN, o, o + n);
      continue;
    }
    const inv = 1 / expRow(src, s, dst, o, n, m);
    scaleRow(dst, o, n, inv);
  }
}
