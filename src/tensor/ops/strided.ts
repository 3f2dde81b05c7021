import { converter, type Raw, type RawArray } from "../convert";
import type { DType } from "../dtype";
import { float64 } from "../dtype";
import { broadcastStrides, forEachRow } from "../iter";
import { contiguousStrides, numelOf } from "../shape";
import { Storage } from "../storage";
import { Tensor } from "../tensor";
import { inferDenseStrides } from "./layout";

// Shared strided kernels for the creation, copy and view ops: copy with cast and broadcast,
// fill, and the broadcast-undoing sum that view and masking backward passes need.

export const rawArray = (t: Tensor): RawArray => t.storage.data as unknown as RawArray;

/** A tensor over a fresh storage with the given strides (they must describe a dense layout). */
export function emptyStrided(
  shape: readonly number[],
  strides: readonly number[],
  dtype: DType,
  zeroed = true,
): Tensor {
  const storage = Storage.allocate(numelOf(shape), dtype, zeroed);
  return new Tensor(storage, [...shape], [...strides], 0);
}

/** PyTorch's is_non_overlapping_and_dense: some permutation of the dims is contiguous. */
export function isNonOverlappingAndDense(t: Tensor): boolean {
  const nd = t.ndim;
  if (nd === 1) return t.shape[0] < 2 || t.strides[0] === 1;
  const perm = [...Array(nd).keys()].sort((a, b) => {
    if (t.shape[a] < 2) return 1;
    if (t.shape[b] < 2) return -1;
    return t.strides[a] - t.strides[b];
  });
  let expected = 1;
  for (const d of perm) {
    const size = t.shape[d];
    if (size === 1) continue;
    if (t.strides[d] !== expected) return false;
    expected *= size;
  }
  return true;
}

/**
 * empty_like(t) with preserve_format: dense layouts keep their strides, others get a dense
 * layout in the same dim order (infer_dense_strides).
 */
export function emptyLikePreserve(t: Tensor, dtype: DType = t.dtype, zeroed = true): Tensor {
  const strides = isNonOverlappingAndDense(t) ? t.strides : inferDenseStrides(t.shape, t.strides);
  return emptyStrided(t.shape, strides, dtype, zeroed);
}

/** True when the tensor covers its storage slice row-major from `offset` with no gaps. */
const isPacked = (t: Tensor): boolean => t.isContiguous();

/**
 * dst[...] = cast(src[...]) with src broadcast to dst's shape (stride 0, never materialised).
 * The cast is PyTorch's unchecked element cast.
 */
export function copyStrided(dst: Tensor, src: Tensor): void {
  const n = dst.numel;
  if (n === 0) return;
  const conv = converter(src.dtype, dst.dtype);
  const same = src.dtype === dst.dtype;
  const d = rawArray(dst);
  const s = rawArray(src);
  const sameShape =
    src.shape.length === dst.shape.length && src.shape.every((v, i) => v === dst.shape[i]);
  if (sameShape && isPacked(dst) && isPacked(src)) {
    if (same) {
      const sd = src.storage.data;
      (dst.storage.data as { set(a: ArrayLike<Raw>, o: number): void }).set(
        sd.subarray(src.offset, src.offset + n) as unknown as ArrayLike<Raw>,
        dst.offset,
      );
      return;
    }
    const doff = dst.offset;
    const soff = src.offset;
    for (let i = 0; i < n; i++) d[doff + i] = conv(s[soff + i]);
    return;
  }
  const sStrides = broadcastStrides(src.shape, src.strides, dst.shape);
  const last = dst.ndim - 1;
  const dStep = last >= 0 ? dst.strides[last] : 0;
  const sStep = last >= 0 ? sStrides[last] : 0;
  forEachRow(dst.shape, [dst, { strides: sStrides, offset: src.offset }], (starts, len) => {
    let di = starts[0];
    let si = starts[1];
    if (same) {
      for (let i = 0; i < len; i++, di += dStep, si += sStep) d[di] = s[si];
    } else {
      for (let i = 0; i < len; i++, di += dStep, si += sStep) d[di] = conv(s[si]);
    }
  });
}

/** Write one raw value to every element of `dst` (through every alias of an expanded view). */
export function fillStrided(dst: Tensor, raw: Raw): void {
  if (dst.numel === 0) return;
  if (dst.isContiguous()) {
    (dst.storage.data as { fill(v: Raw, s: number, e: number): void }).fill(
      raw,
      dst.offset,
      dst.offset + dst.numel,
    );
    return;
  }
  const d = rawArray(dst);
  const step = dst.ndim > 0 ? dst.strides[dst.ndim - 1] : 0;
  forEachRow(dst.shape, [dst], (starts, len) => {
    let di = starts[0];
    for (let i = 0; i < len; i++, di += step) d[di] = raw;
  });
}

/** A contiguous copy of `t` (optionally cast), with offset 0. */
export function contiguousCopy(t: Tensor, dtype: DType = t.dtype): Tensor {
  const out = Tensor.empty(t.shape, dtype);
  copyStrided(out, t);
  return out;
}

/**
 * Sum `g` over the dims that broadcasting added or stretched so it has `shape` again
 * (at::sum_to), accumulating in float64 and rounding once to g's dtype: within half an ulp of
 * the exact sum, where PyTorch's own order (summation.ts's sumToShape) may differ from it in
 * the last bit of a float32 gradient. The ops every lab loads (masked_fill, views, indexing,
 * where, select, copy) use this one because it needs nothing beyond this module, which keeps
 * an embedded lab's JavaScript about 2.5 KB (gzipped) smaller.
 */
export function sumToShapeFloat64(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((v, i) => v === shape[i])) return g;
  const acc = new Float64Array(numelOf(shape));
  const accStrides = broadcastStrides(shape, contiguousStrides(shape), g.shape);
  const read = converter(g.dtype, float64);
  const s = rawArray(g);
  const last = g.ndim - 1;
  const gStep = last >= 0 ? g.strides[last] : 0;
  const aStep = last >= 0 ? accStrides[last] : 0;
  forEachRow(g.shape, [g, { strides: accStrides, offset: 0 }], (starts, len) => {
    let gi = starts[0];
    let ai = starts[1];
    for (let i = 0; i < len; i++, gi += gStep, ai += aStep) acc[ai] += read(s[gi]) as number;
  });
  const accT = new Tensor(new Storage(acc, float64), [...shape], contiguousStrides(shape), 0);
  return g.dtype === float64 ? accT : contiguousCopy(accT, g.dtype);
}

/** A contiguous tensor of zeros. */
export function zerosOf(shape: readonly number[], dtype: DType): Tensor {
  return Tensor.empty(shape, dtype);
}

export const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);
