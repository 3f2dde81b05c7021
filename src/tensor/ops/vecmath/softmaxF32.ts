import { expCore, expCoreFast, glibcExpf, sleefExpf } from "./expf";
import { sleefExp } from "./expd";
import { sleefLogf } from "./logf";
import { expExact } from "../../random/float64Math";

// float32 softmax / log_softmax replayed as PyTorch 2.13's AVX-512 CPU kernels compute them
// (SoftMaxKernel.cpp), so results agree bit for bit. The vector width is 16 floats.
//
// Last dim (one contiguous row per lane): the max and the sum are vec::reduce_all: the first
// 16 elements seed 16 accumulators, whole blocks of 16 fold in lane by lane, a partial tail
// folds into the first lanes only, then the 16 lanes combine as a tree (i with i+8, then i+4,
// i+2, i+1). A row shorter than 16 folds left to right instead. Each element is
// Sleef-exp(x - max); softmax multiplies by the float32 reciprocal of the sum, log_softmax
// subtracts the max and then Sleef-log(sum).

const W = 16;
/** Above this many elements softmax trades the (rarely needed) halfway checks for speed. */
export const FAST_ABOVE = 1 << 16;
const lanes = new Float32Array(W);

/** vec::reduce_all with float32 addition over a[start, start + n). */
function reduceSum(a: Float32Array, start: number, n: number): number {
  const acc = lanes;
  if (n < W) {
    let s = a[start];
    for (let i = 1; i < n; i++) s = Math.fround(s + a[start + i]);
    return s;
  }
  for (let i = 0; i < W; i++) acc[i] = a[start + i];
  const full = n - (n % W);
  let d = W;
  for (; d < full; d += W) for (let i = 0, p = start + d; i < W; i++, p++) acc[i] += a[p];
  for (let i = 0, p = start + d; d + i < n; i++, p++) acc[i] += a[p];
  for (let w = W >> 1; w >= 1; w >>= 1) for (let i = 0; i < w; i++) acc[i] += acc[i + w];
  return acc[0];
}

/** The lane max with NaN winning, as vec::maximum does (the reduction order is irrelevant). */
function rowMax(a: Float32Array, start: number, n: number): number {
  let m = -Infinity;
  for (let i = start, end = start + n; i < end; i++) {
    const v = a[i];
    if (v > m) m = v;
    else if (v !== v) return NaN;
  }
  return m;
}

/**
 * softmax (or log_softmax) over `rows` contiguous rows of length n, from src[srcOff...] into
 * dst[0...]. `work` holds at least n floats (log_softmax keeps its exponentials there).
 */
export function softmaxLastDimF32(
  src: Float32Array,
  srcOff: number,
  dst: Float32Array,
  rows: number,
  n: number,
  log: boolean,
  work: Float32Array,
): void {
  const fround = Math.fround;
  const fast = rows * n > FAST_ABOVE;
  for (let r = 0; r < rows; r++) {
    const base = srcOff + r * n;
    const ob = r * n;
    const m = rowMax(src, base, n);
    if (m - m !== 0) {
      // A NaN, an inf max or an all -inf row: some x - max is NaN, so is the sum, and so is
      // every output.
      dst.fill(NaN, ob, ob + n);
      continue;
    }
    if (log) {
      // Two loops rather than a function-valued variable, so each call site stays monomorphic
      // and inlinable.
      if (fast) for (let i = 0; i < n; i++) work[i] = expCoreFast(fround(src[base + i] - m));
      else for (let i = 0; i < n; i++) work[i] = expCore(fround(src[base + i] - m));
      const ls = sleefLogf(reduceSum(work, 0, n));
      for (let i = 0; i < n; i++) dst[ob + i] = fround(src[base + i] - m) - ls;
    } else {
      if (fast) for (let i = 0; i < n; i++) dst[ob + i] = expCoreFast(fround(src[base + i] - m));
      else for (let i = 0; i < n; i++) dst[ob + i] = expCore(fround(src[base + i] - m));
      const inv = fround(1 / reduceSum(dst, ob, n));
      for (let o = ob, end = ob + n; o < end; o++) dst[o] *= inv;
    }
  }
}

/**
 * The number of OpenMP threads PyTorch splits work over in the outputs we match: the oracle
 * records with OMP_NUM_THREADS=1 (its torch-run.py), so parallel_for runs one range. It only
 * matters for softmax along a non-last dim and long elementwise ops, see below.
 */
export const TORCH_THREADS = 1;

/**
 * softmax along a dim that is not the last, on contiguous data viewed as [outer, n, inner]
 * (PyTorch's _vec_softmax). The outer * inner columns are split into TORCH_THREADS equal
 * ranges (parallel_for with grain 0); within a range, 16 columns go through the vector path
 * (Sleef exp) when all 16 lie in the same outer block and in the range, otherwise columns go
 * one by one through the scalar path (glibc expf). Both sum down the dim in order in float32
 * and divide by the sum.
 */
export function softmaxInnerF32(
  src: Float32Array,
  srcOff: number,
  dst: Float32Array,
  outer: number,
  n: number,
  inner: number,
): void {
  walkColumns(outer, inner, W, (o, c, vector) =>
    column(src, srcOff, dst, o, c, n, inner, vector ? sleefExpf : glibcExpf),
  );
}

/**
 * How parallel_for and _vec_softmax walk the outer * inner columns: TORCH_THREADS equal
 * ranges; in a range, `width` columns at once through the vector path when all of them lie in
 * one outer block and in the range, otherwise one at a time through the scalar path.
 */
function walkColumns(
  outer: number,
  inner: number,
  width: number,
  column: (o: number, c: number, vector: boolean) => void,
): void {
  const total = outer * inner;
  const chunk = Math.ceil(total / TORCH_THREADS);
  for (let begin = 0; begin < total; begin += chunk) {
    const end = Math.min(total, begin + chunk);
    let idx = begin;
    while (idx < end) {
      const o = Math.floor(idx / inner);
      const c = idx - o * inner;
      if (c + width <= inner && idx + width <= end) {
        for (let k = 0; k < width; k++) column(o, c + k, true);
        idx += width;
      } else {
        const tail = idx + width > end ? end - idx : inner - c;
        for (let k = 0; k < tail; k++) {
          const oo = Math.floor((idx + k) / inner);
          column(oo, idx + k - oo * inner, false);
        }
        idx += tail;
      }
    }
  }
}

/** The max down one column (stride `inner`); a NaN anywhere makes it NaN. */
function columnMax(src: ArrayLike<number>, s0: number, n: number, inner: number): number {
  let m = src[s0];
  for (let j = 1, p = s0 + inner; j < n; j++, p += inner) {
    const v = src[p];
    if (v > m || v !== v) m = m !== m ? m : v;
  }
  return m;
}

/**
 * One column of the [outer, n, inner] block: max, exp and running sum, then division. `keep`
 * rounds each exponential as it is stored (the half types' scalar path), null keeps float32.
 */
function column(
  src: ArrayLike<number>,
  srcOff: number,
  dst: Float32Array,
  o: number,
  c: number,
  n: number,
  inner: number,
  exp: (x: number) => number,
  keep: ((e: number) => number) | null = null,
): void {
  const fround = Math.fround;
  const d0 = o * n * inner + c;
  const s0 = srcOff + d0;
  const m = columnMax(src, s0, n, inner);
  let sum = 0;
  for (let j = 0, p = s0, q = d0; j < n; j++, p += inner, q += inner) {
    const e = exp(fround(src[p] - m));
    dst[q] = keep === null ? e : keep(e);
    sum = fround(sum + e);
  }
  for (let j = 0, q = d0; j < n; j++, q += inner) dst[q] = dst[q] / sum;
}

/**
 * log_softmax along a dim that is not the last (PyTorch's _vec_logsoftmax). Each outer block's
 * columns are cut into chunks of CHUNK columns (128 KiB worth of a [n, CHUNK] slab, a multiple
 * of 16); in a chunk, whole groups of 16 take Sleef exp and the rest glibc's expf. Sums run
 * down the dim in order from 0, the log is Sleef's for every column, and the output is
 * (x - max) - log(sum). Work splitting between threads keeps whole chunks, so it cannot
 * change any result. float16 / bfloat16 run the same steps in float32 on their values with 32
 * columns per vector step and chunks counted in 2-byte elements (`width`, `itemsize`).
 */
export function logSoftmaxInnerF32(
  src: ArrayLike<number>,
  srcOff: number,
  dst: Float32Array,
  outer: number,
  n: number,
  inner: number,
  width = W,
  itemsize = 4,
): void {
  const fround = Math.fround;
  let chunk = Math.max(Math.floor((128 * 1024) / n / itemsize), width);
  chunk -= chunk % width;
  for (let o = 0; o < outer; o++) {
    for (let start = 0; start < inner; start += chunk) {
      const size = Math.min(chunk, inner - start);
      const vecEnd = start + size - (size % width);
      for (let c = start; c < start + size; c++) {
        const exp = c < vecEnd ? sleefExpf : glibcExpf;
        const d0 = o * n * inner + c;
        const s0 = srcOff + d0;
        let m = -Infinity;
        for (let j = 0, p = s0; j < n; j++, p += inner) if (src[p] > m) m = src[p];
        let sum = 0;
        for (let j = 0, p = s0; j < n; j++, p += inner) sum = fround(sum + exp(fround(src[p] - m)));
        const ls = sleefLogf(sum);
        for (let j = 0, p = s0, q = d0; j < n; j++, p += inner, q += inner)
          dst[q] = fround(src[p] - m) - ls;
      }
    }
  }
}

/**
 * float64 softmax along the last dim (PyTorch's _vec_softmax_lastdim for double): 8 lanes per
 * vector, Sleef's double exp, and a max and sum whose final lane reduction is PyTorch's
 * generic one (lane 0, then 1, 2, ... 7 in order; there is no shuffle tree for double).
 */
export function softmaxLastDimF64(
  src: Float64Array,
  srcOff: number,
  dst: Float64Array,
  rows: number,
  n: number,
): void {
  const V = 8;
  for (let r = 0; r < rows; r++) {
    const base = srcOff + r * n;
    const ob = r * n;
    let m = -Infinity;
    for (let i = base, end = base + n; i < end; i++) {
      const v = src[i];
      if (v > m) m = v;
      else if (v !== v) m = NaN;
      if (m !== m) break;
    }
    if (m - m !== 0) {
      dst.fill(NaN, ob, ob + n);
      continue;
    }
    for (let i = 0; i < n; i++) dst[ob + i] = sleefExp(src[base + i] - m);
    let sum: number;
    if (n < V) {
      sum = dst[ob];
      for (let i = 1; i < n; i++) sum += dst[ob + i];
    } else {
      const acc = lanes64;
      for (let i = 0; i < V; i++) acc[i] = dst[ob + i];
      const full = n - (n % V);
      let d = V;
      for (; d < full; d += V) for (let i = 0; i < V; i++) acc[i] += dst[ob + d + i];
      for (let i = 0; d + i < n; i++) acc[i] += dst[ob + d + i];
      sum = acc[0];
      for (let i = 1; i < V; i++) sum += acc[i];
    }
    const inv = 1 / sum;
    for (let o = ob, end = ob + n; o < end; o++) dst[o] *= inv;
  }
}
const lanes64 = new Float64Array(8);

/**
 * float64 softmax along a dim that is not the last (_vec_softmax for double): columns walked
 * like the float32 kernel's, 8 at a time through Sleef's double exp, the rest one by one
 * through glibc's exp (correctly rounded here); sums run down the dim, then each exponential
 * is divided by its column's sum.
 */
export function softmaxInnerF64(
  src: Float64Array,
  srcOff: number,
  dst: Float64Array,
  outer: number,
  n: number,
  inner: number,
): void {
  walkColumns(outer, inner, 8, (o, c, vector) => {
    const exp = vector ? sleefExp : expExact;
    const d0 = o * n * inner + c;
    const s0 = srcOff + d0;
    const m = columnMax(src, s0, n, inner);
    let sum = 0;
    for (let j = 0, p = s0, q = d0; j < n; j++, p += inner, q += inner) {
      const e = exp(src[p] - m);
      dst[q] = e;
      sum += e;
    }
    for (let j = 0, q = d0; j < n; j++, q += inner) dst[q] = dst[q] / sum;
  });
}

/**
 * float16 / bfloat16 softmax along the last dim, as PyTorch's reduced-precision kernel
 * computes it in float32 (rows of float32 values in, float32 results out for the caller to
 * round): whole blocks of 16 take Sleef's exp and sum lane by lane from zero, the lanes combine
 * as a tree, then the n % 16 trailing elements take glibc's expf and add one at a time; every
 * output is the float32 product with the float32 reciprocal of the sum. So a row shorter than
 * 16 is summed left to right from glibc exponentials.
 */
export function softmaxLastDimReduced(
  src: ArrayLike<number>,
  dst: Float32Array,
  rows: number,
  n: number,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    const x = reducedRowOf(src, base, n);
    const m = rowMax(x, 0, n);
    if (m - m !== 0) {
      dst.fill(NaN, base, base + n);
      continue;
    }
    const inv = Math.fround(1 / reducedExpSum(x, n, m, dst, base));
    for (let o = base, end = base + n; o < end; o++) dst[o] *= inv;
  }
}

/**
 * The reduced kernels' sum of e^(x - m) over a row: blocks of 16 take Sleef's exp into lanes
 * summed from zero and combined as a tree, then the tail takes glibc's expf one at a time.
 * Each exponential is stored at out[base + i] when `out` is given.
 */
function reducedExpSum(
  x: Float32Array,
  n: number,
  m: number,
  out: Float32Array | null,
  base: number,
): number {
  const fround = Math.fround;
  const acc = lanes;
  acc.fill(0);
  const full = n - (n % W);
  let i = 0;
  for (; i < full; i += W)
    for (let l = 0; l < W; l++) {
      const e = expCore(fround(x[i + l] - m));
      if (out !== null) out[base + i + l] = e;
      acc[l] += e;
    }
  for (let w = W >> 1; w >= 1; w >>= 1) for (let l = 0; l < w; l++) acc[l] += acc[l + w];
  let sum = acc[0];
  for (; i < n; i++) {
    const e = glibcExpf(fround(x[i] - m));
    if (out !== null) out[base + i] = e;
    sum = fround(sum + e);
  }
  return sum;
}

/** Row `base` of src as float32, in a reused buffer. */
function reducedRowOf(src: ArrayLike<number>, base: number, n: number): Float32Array {
  if (reducedRow.length < n) reducedRow = new Float32Array(n);
  for (let i = 0; i < n; i++) reducedRow[i] = src[base + i];
  return reducedRow;
}

let reducedRow = new Float32Array(0);

/**
 * float16 / bfloat16 softmax along a dim that is not the last, as PyTorch's reduced-precision
 * _vec_softmax computes it in float32 on [outer, n, inner] (values in, float32 results out for
 * the caller to round). Columns are split between threads as in softmaxInnerF32, with 32
 * columns per vector step. A vector column divides its float32 exponentials by the sum; a tail
 * column stores each glibc exponential in the half type first and divides that, so its outputs
 * are rounded twice (`round` rounds to the half type).
 */
export function softmaxInnerReduced(
  src: ArrayLike<number>,
  dst: Float32Array,
  outer: number,
  n: number,
  inner: number,
  round: (x: number) => number,
): void {
  walkColumns(outer, inner, 2 * W, (o, c, vector) =>
    vector
      ? column(src, 0, dst, o, c, n, inner, sleefExpf)
      : column(src, 0, dst, o, c, n, inner, glibcExpf, round),
  );
}

/**
 * float16 / bfloat16 log_softmax along the last dim (values in, float32 results out for the
 * caller to round): PyTorch keeps each row's sum of exponentials and its log in the half type
 * itself, so `round` (to the half type) is applied to both before x - max - log(sum).
 */
export function logSoftmaxLastDimReduced(
  src: ArrayLike<number>,
  dst: Float32Array,
  rows: number,
  n: number,
  round: (x: number) => number,
): void {
  const fround = Math.fround;
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    const x = reducedRowOf(src, base, n);
    const m = rowMax(x, 0, n);
    const ls = round(sleefLogf(round(reducedExpSum(x, n, m, null, 0))));
    for (let j = 0; j < n; j++) dst[base + j] = fround(x[j] - m) - ls;
  }
}
