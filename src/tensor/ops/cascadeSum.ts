// PyTorch's CPU float sum is not a plain running sum: SumKernel.cpp's cascade_sum adds in
// float32 (float64 for doubles) in a fixed order — vector lanes, four interleaved partial
// sums, and a multi-level cascade — and that order decides the last bits, which show in a
// printed `tensor(500.1234)`. This replays that order for one contiguous lane of floats.
// The vector width is the one of the machine the fixtures were recorded on (AVX512: 16
// floats / 8 doubles); on AVX2 PyTorch uses 8 / 4 and its last bits can differ.

import type { NumArray } from "./elementwise";

export const VECTOR_FLOATS = { float32: 8, float64: 4 } as const;

const fround = Math.fround;
const same = (v: number): number => v;

/** c10's CeilLog2: 1 for x <= 2, else floor(log2(x - 1)) + 1. */
function ceilLog2(x: number): number {
  if (x <= 2) return 1;
  return 32 - Math.clz32(x - 1);
}

/**
 * multi_row_sum with four rows: sums element (i, k) = data[base + i * rowStride + k * colStride]
 * over i for each k, cascading every `2^levelPower` rows into coarser accumulators.
 */
function multiRowSum4(
  data: NumArray,
  base: number,
  rowStride: number,
  colStride: number,
  size: number,
  r: (v: number) => number,
  out: Float64Array,
): void {
  const levelPower = Math.max(4, Math.floor(ceilLog2(size) / 4));
  const step = 2 ** levelPower;
  const mask = step - 1;
  const acc = new Float64Array(16); // acc[level * 4 + k]
  let i = 0;
  while (i + step <= size) {
    for (let j = 0; j < step; j++, i++) {
      const p = base + i * rowStride;
      for (let k = 0; k < 4; k++) acc[k] = r(acc[k] + data[p + k * colStride]);
    }
    for (let j = 1; j < 4; j++) {
      for (let k = 0; k < 4; k++) {
        acc[j * 4 + k] = r(acc[j * 4 + k] + acc[(j - 1) * 4 + k]);
        acc[(j - 1) * 4 + k] = 0;
      }
      // Only carry further up when this level's counter wrapped.
      if ((i & (mask * 2 ** (j * levelPower))) !== 0) break;
    }
  }
  for (; i < size; i++) {
    const p = base + i * rowStride;
    for (let k = 0; k < 4; k++) acc[k] = r(acc[k] + data[p + k * colStride]);
  }
  for (let j = 1; j < 4; j++) for (let k = 0; k < 4; k++) acc[k] = r(acc[k] + acc[j * 4 + k]);
  for (let k = 0; k < 4; k++) out[k] = acc[k];
}

const partials = new Float64Array(4);

/** row_sum: the lane read as (-1, 4) for four partial sums, then the tail, then the partials. */
function rowSum(
  data: NumArray,
  base: number,
  stride: number,
  size: number,
  r: (v: number) => number,
): number {
  const sizeIlp = Math.floor(size / 4);
  multiRowSum4(data, base, stride * 4, stride, sizeIlp, r, partials);
  let s0 = partials[0];
  for (let i = sizeIlp * 4; i < size; i++) s0 = r(s0 + data[base + i * stride]);
  for (let k = 1; k < 4; k++) s0 = r(s0 + partials[k]);
  return s0;
}

/**
 * Sum of data[base .. base + n) as PyTorch's vectorized_inner_sum computes it (or its scalar
 * path when the lane is shorter than one vector). `double` selects float64 arithmetic.
 */
export function cascadeSum(data: NumArray, base: number, n: number, double: boolean): number {
  const r = double ? same : fround;
  const w = double ? VECTOR_FLOATS.float64 : VECTOR_FLOATS.float32;
  if (n < w) return rowSum(data, base, 1, n, r);
  const vecSize = Math.floor(n / w);
  let acc = 0;
  for (let k = vecSize * w; k < n; k++) acc = r(acc + data[base + k]);
  // Each vector lane is an independent row_sum over the lane's elements.
  for (let lane = 0; lane < w; lane++) acc = r(acc + rowSum(data, base + lane, w, vecSize, r));
  return acc;
}

/** One column summed with the plain cascade (multi_row_sum with the column alone). */
const column4 = new Float64Array(4);
function cascadeColumn(
  data: NumArray,
  base: number,
  rowStride: number,
  size: number,
  r: (v: number) => number,
): number {
  multiRowSum4(data, base, rowStride, 0, size, r, column4);
  return column4[0];
}

/**
 * Sums over the rows of a [size, cols] block (row stride `rowStride`, columns contiguous), as
 * vectorized_outer_sum / scalar_outer_sum do: columns in groups of 4 vectors get the plain
 * cascade, groups of one vector and the leftover columns the four-way interleaved row_sum.
 */
export function cascadeColumns(
  data: NumArray,
  base: number,
  rowStride: number,
  size: number,
  cols: number,
  double: boolean,
  out: Float64Array,
  outOffset: number,
): void {
  const r = double ? same : fround;
  const w = double ? VECTOR_FLOATS.float64 : VECTOR_FLOATS.float32;
  let j = 0;
  const group = cols >= w ? 4 * w : 4;
  for (; j + group <= cols; j += group)
    for (let k = 0; k < group; k++)
      out[outOffset + j + k] = cascadeColumn(data, base + j + k, rowStride, size, r);
  if (cols >= w)
    for (; j + w <= cols; j += w)
      for (let k = 0; k < w; k++)
        out[outOffset + j + k] = rowSum(data, base + j + k, rowStride, size, r);
  for (; j < cols; j++) out[outOffset + j] = rowSum(data, base + j, rowStride, size, r);
}
