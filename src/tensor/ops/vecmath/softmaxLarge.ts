// float32 softmax over the last dim for large tensors, where throughput matters more than
// replaying PyTorch's last bit. Each row's exponentials are computed in float64 from a table of
// 2^(k/128) and a quadratic (relative error below 4e-9), summed in float64 and scaled by the
// float64 reciprocal: every output is within about one float32 rounding of the exact softmax
// (max relative error ~1.2e-7; PyTorch's own kernel: ~6e-7). Rows of attention scores with
// mask values among them (-inf, -1e9) take a clamp without branches, so which scores are
// masked cannot cost a mispredicted branch each (4096x4096 with half of them -inf: 115 ms
// against 190 ms with Math.max).
//
// The price: most outputs differ from PyTorch's in the last bit (about 3 in 4 on random rows),
// because PyTorch sums in float32 and multiplies by a float32 reciprocal of that sum. The
// bit-exact replay of PyTorch's kernel (softmaxF32.ts) spends some twenty float32 roundings per
// element and runs about 3x slower, so it stays the path for every tensor up to
// LARGE_SOFTMAX_ABOVE elements: far beyond anything a lesson or a recorded case prints.

/** Above this many elements float32 softmax along the last dim takes this kernel. */
export const LARGE_SOFTMAX_ABOVE = 1 << 20;

// 128 table steps per doubling leave |r| <= ln2/256, where the quadratic 1 + r + r^2/2 is off
// by at most r^3/6 < 4e-9, far below a float32 rounding (a cubic over 64 steps: 15% slower).
const N = 128;
const INV_STEP = N / Math.LN2;
const STEP = Math.LN2 / N;
// Below e^-104 every float32 result is 0 (the row sum is at least 1); inputs are clamped just
// below that and the table's lowest entries are 0.
const LIMIT = 104;
const CLAMP = -LIMIT - 1;
const ZERO_BELOW = Math.floor(-LIMIT * INV_STEP);
const OFFSET = Math.ceil(-CLAMP * INV_STEP) + 2;
const TABLE = new Float64Array(OFFSET + 1);
for (let k = -OFFSET; k <= 0; k++) TABLE[k + OFFSET] = k < ZERO_BELOW ? 0 : Math.pow(2, k / N);
// The exponentials take x + SHIFT = score - (max - SHIFT) in [SHIFT + CLAMP, SHIFT], whose
// rounded multiple of STEP is the table index itself: one add per score fewer than indexing
// by k + OFFSET. (x + SHIFT < 106, so the shifted score is still exact to 2^-46.)
const SHIFT = OFFSET * STEP;
const LOW = CLAMP + SHIFT;
// Adding and subtracting 1.5 * 2^52 rounds a double below 2^51 in magnitude to an integer.
const TO_INT = 6755399441055744;

/**
 * e^(y - SHIFT) for y <= SHIFT (-inf included): 0 below e^-104. Math.max is the clamp: V8
 * compiles it to a compare and branches on the result, which costs little while y stays on one
 * side of the clamp but a mispredicted branch per score when masked and unmasked scores
 * alternate (a conditional expression is no better). The rows where that happens take
 * expAbsClamp instead. k * STEP is off by at most 2^-45 for k < 20000. (Both exponentials spell
 * the steps out rather than call a shared helper: measured 7% faster on the whole softmax.)
 */
function expShifted(y: number): number {
  const x = Math.max(y, LOW);
  const k = x * INV_STEP + TO_INT - TO_INT;
  const r = x - k * STEP;
  return TABLE[k | 0] * (1 + r * (1 + r * 0.5));
}

/**
 * e^(y - SHIFT) for -2^44 <= y <= SHIFT, clamped without a branch: max(y, LOW) is half of
 * y + LOW + |y - LOW| (Math.abs clears a bit). Off by at most 2^-9 where it clamps (still on
 * the table's zeros) and ~1e-14 elsewhere, far below the quadratic's error. -inf would make it
 * NaN, which is why rows holding -inf or huge scores are cleaned by clampBits first.
 */
function expAbsClamp(y: number): number {
  const x = 0.5 * (y + LOW + Math.abs(y - LOW));
  const k = x * INV_STEP + TO_INT - TO_INT;
  const r = x - k * STEP;
  return TABLE[k | 0] * (1 + r * (1 + r * 0.5));
}

/** The row max, or NaN when the row holds a NaN (Math.max propagates it). */
function rowMax(a: Float32Array, start: number, n: number): number {
  // Four running maxima, so consecutive elements do not wait on one another. Math.max's
  // branches are predictable here: once the max is found nearly every score is below it.
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

// Which clamp a row takes only decides its speed: both are exact. A row of ordinary logits
// takes Math.max (few if any of its scores clamp). A row with many mask values (-inf, -1e4,
// -1e9, finfo.min) among its scores takes the branch-free clamp. One score in SAMPLE tells
// them apart, by a sum that has no branch: it stays within count * WILD_MEAN while every
// sampled score is below WILD_MEAN in magnitude, and a mask value drives it far past that.
// Rows whose few mask values the sample misses lose little to Math.max's branches.
const SAMPLE = 16;
const WILD_MEAN = 256;

function looksMasked(a: Float32Array, start: number, n: number): boolean {
  let w = 0;
  const end = start + n;
  for (let i = start; i < end; i += SAMPLE) w += a[i];
  return !(Math.abs(w) <= Math.ceil(n / SAMPLE) * WILD_MEAN);
}

// clampBits raises scores below -2^41 to -2^41 on their float32 bit patterns with integer
// operations, so no branch depends on which scores are masked. The key orders bit patterns as
// their floats are ordered (NaN aside: a row with one is NaN already); halved keys keep the
// difference within int32.
const FLOOR = -(2 ** 41);
const FLOOR_BITS = new Int32Array(new Float32Array([FLOOR]).buffer)[0];
const FLOOR_HALF_KEY = (FLOOR_BITS ^ 0x7fffffff) >> 1;
/**
 * Cleaning is exact for a row whose max is within [CLEANED_MIN, CLEANED_MAX]: every score it
 * raises is at least 2^40 below the max, as is FLOOR (e^-(2^40) is 0 either way), and every
 * x - max lands within expAbsClamp's range.
 */
const CLEANED_MIN = FLOOR / 2;
const CLEANED_MAX = 2 ** 42;

/** dst[o + i] = max(src[s + i], FLOOR) as float32 bit patterns. */
function clampBits(src: Int32Array, s: number, dst: Int32Array, o: number, n: number): void {
  const F = FLOOR_BITS;
  const K = FLOOR_HALF_KEY;
  let i = 0;
  // Four per iteration: V8 re-checks both arrays once per iteration.
  for (; i + 3 < n; i += 4) {
    const b0 = src[s + i];
    const b1 = src[s + i + 1];
    const b2 = src[s + i + 2];
    const b3 = src[s + i + 3];
    dst[o + i] = b0 ^ ((b0 ^ F) & ((((b0 ^ ((b0 >> 31) & 0x7fffffff)) >> 1) - K) >> 31));
    dst[o + i + 1] = b1 ^ ((b1 ^ F) & ((((b1 ^ ((b1 >> 31) & 0x7fffffff)) >> 1) - K) >> 31));
    dst[o + i + 2] = b2 ^ ((b2 ^ F) & ((((b2 ^ ((b2 >> 31) & 0x7fffffff)) >> 1) - K) >> 31));
    dst[o + i + 3] = b3 ^ ((b3 ^ F) & ((((b3 ^ ((b3 >> 31) & 0x7fffffff)) >> 1) - K) >> 31));
  }
  for (; i < n; i++) {
    const b = src[s + i];
    dst[o + i] = b ^ ((b ^ F) & ((((b ^ ((b >> 31) & 0x7fffffff)) >> 1) - K) >> 31));
  }
}

/**
 * dst[o + i] = float32(e^(src[s + i] - m)) for i < n; returns the float64 sum of the
 * exponentials. `cleaned`: the row went through clampBits (src is dst), so every
 * |src[s + i] - m| < 2^44 and the branch-free clamp serves; otherwise Math.max clamps.
 */
function expRow(
  src: Float32Array,
  s: number,
  dst: Float32Array,
  o: number,
  n: number,
  m: number,
  cleaned: boolean,
): number {
  // Two independent sums keep the adds from serialising on one register.
  const base = m - SHIFT;
  let a = 0;
  let b = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const y0 = src[s + i] - base;
    const y1 = src[s + i + 1] - base;
    const e0 = cleaned ? expAbsClamp(y0) : expShifted(y0);
    const e1 = cleaned ? expAbsClamp(y1) : expShifted(y1);
    dst[o + i] = e0;
    dst[o + i + 1] = e1;
    a += e0;
    b += e1;
  }
  if (i < n) {
    const e = expShifted(src[s + i] - base);
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
  const srcBits = new Int32Array(src.buffer, src.byteOffset, src.length);
  const dstBits = new Int32Array(dst.buffer, dst.byteOffset, dst.length);
  for (let r = 0; r < rows; r++) {
    const s = srcOff + r * n;
    const o = r * n;
    const m = rowMax(src, s, n);
    if (m - m !== 0) {
      dst.fill(NaN, o, o + n);
      continue;
    }
    let sum: number;
    if (m > CLEANED_MAX || m < CLEANED_MIN || !looksMasked(src, s, n)) {
      sum = expRow(src, s, dst, o, n, m, false);
    } else {
      // Mask values among ordinary scores: -inf and anything below -2^41 become -2^41 first.
      clampBits(srcBits, s, dstBits, o, n);
      sum = expRow(dst, o, dst, o, n, m, true);
    }
    scaleRow(dst, o, n, 1 / sum);
  }
}
