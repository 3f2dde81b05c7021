import { converter } from "../convert";
import type { Tensor } from "../tensor";
import { rawArray } from "./strided";

// dst.copy_(src) (and an in-place op's other operand) when the two share memory in a way PyTorch's overlap check cannot decide
// (`z[:, 1:] = z[:, :3]`: neither side is dense, so no error): PyTorch copies anyway, and an
// element written early may be read again later. To print what PyTorch prints, the copy
// replays the order of its CPU kernel:
//  - TensorIterator puts the dim with the smallest stride innermost (output first, then the
//    source; a broadcast source dim does not vote) and merges dims that are one stride run;
//  - the outer dims are walked in that order, each inner run in one go;
//  - an inner run where both sides are packed moves in vector blocks, each block read whole
//    before it is written, and the remainder one element at a time. The oracle's CPU uses
//    AVX-512, so a block is 64 bytes (16 float32, 8 float64).

const VECTOR_BYTES = 64;

interface Dim {
  size: number;
  /** [dst, src] strides in elements. */
  strides: [number, number];
}

/** TensorIterator's reorder_dimensions: dims from innermost to outermost. */
function iteratorDims(shape: readonly number[], operands: readonly number[][]): Dim[] {
  const nd = shape.length;
  const perm = Array.from({ length: nd }, (_, i) => nd - 1 - i);
  // 1: dim a goes outside dim b; -1: inside; 0: no operand decides.
  const compare = (a: number, b: number): number => {
    for (const strides of operands) {
      const sa = strides[a]!;
      const sb = strides[b]!;
      if (sa === 0 || sb === 0) continue;
      if (sa !== sb) return sa < sb ? -1 : 1;
      if (shape[a]! > shape[b]!) return 1;
    }
    return 0;
  };
  for (let i = 1; i < nd; i++) {
    let inner = i;
    for (let j = i - 1; j >= 0; j--) {
      const c = compare(perm[j]!, perm[inner]!);
      if (c > 0) {
        [perm[j], perm[inner]] = [perm[inner]!, perm[j]!];
        inner = j;
      } else if (c < 0) break;
    }
  }
  const dims = perm.map((d) => ({
    size: shape[d]!,
    strides: [operands[0]![d]!, operands[1]![d]!] as [number, number],
  }));
  // coalesce_dimensions: a dim continues the one inside it when every stride runs on.
  const merged: Dim[] = [];
  for (const d of dims) {
    const prev = merged[merged.length - 1];
    if (prev === undefined) {
      merged.push({ size: d.size, strides: [...d.strides] });
    } else if (prev.size === 1 || d.size === 1) {
      if (prev.size === 1) prev.strides = [...d.strides];
      prev.size *= d.size;
    } else if (prev.strides.every((s, k) => prev.size * s === d.strides[k])) {
      prev.size *= d.size;
    } else merged.push({ size: d.size, strides: [...d.strides] });
  }
  return merged;
}

/**
 * One step of the kernel: `count` elements of dst from `dStart` by `dStep` and of src from
 * `sStart` by `sStep`, all read before any is written (a vector block, or one element).
 * `rowStart` marks a row's first vector block: a broadcast source (sStep 0) is read there
 * once for all the row's vector blocks, while the one-element steps read it afresh.
 */
export type KernelStep = (
  dStart: number,
  sStart: number,
  count: number,
  dStep: number,
  sStep: number,
  rowStart: boolean,
) => void;

/**
 * Walks dst and src (broadcast to dst's shape) in PyTorch's CPU kernel order. `vectorizable`
 * says whether the kernel has a vector path (same dtypes); `blockBytes` is its register width.
 */
export function walkInKernelOrder(
  dst: Tensor,
  src: Tensor,
  vectorizable: boolean,
  step: KernelStep,
): void {
  const n = dst.numel;
  if (n === 0) return;
  const shape = dst.shape;
  const lead = shape.length - src.ndim;
  const srcStrides = shape.map((size, i) => {
    const k = i - lead;
    if (k < 0) return 0;
    return src.shape[k] === 1 && size !== 1 ? 0 : src.strides[k]!;
  });
  const dims = iteratorDims(shape, [[...dst.strides], srcStrides]);
  const [inner, ...outer] =
    dims.length > 0 ? dims : [{ size: 1, strides: [0, 0] as [number, number] }];
  const [dStep, sStep] = inner!.strides;
  const block = VECTOR_BYTES / dst.dtype.itemsize;
  const vector = vectorizable && dStep === 1 && (sStep === 1 || sStep === 0);
  const len = inner!.size;

  const row = (di: number, si: number): void => {
    let i = 0;
    if (vector)
      for (; i + block <= len; i += block) step(di + i, si + i * sStep, block, 1, sStep, i === 0);
    for (; i < len; i++) step(di + i * dStep, si + i * sStep, 1, dStep, sStep, false);
  };

  // The outer dims as an odometer, innermost of them first.
  const counter = new Array<number>(outer.length).fill(0);
  let di = dst.offset;
  let si = src.offset;
  const rows = n / len;
  for (let r = 0; r < rows; r++) {
    row(di, si);
    for (let k = 0; k < outer.length; k++) {
      const o = outer[k]!;
      counter[k]!++;
      di += o.strides[0];
      si += o.strides[1];
      if (counter[k]! < o.size) break;
      counter[k] = 0;
      di -= o.size * o.strides[0];
      si -= o.size * o.strides[1];
    }
  }
}

/** dst[...] = src[...] (src broadcast to dst's shape) in PyTorch's CPU kernel order. */
export function copyInKernelOrder(dst: Tensor, src: Tensor): void {
  const conv = converter(src.dtype, dst.dtype);
  const d = rawArray(dst);
  const s = rawArray(src);
  const buffer: unknown[] = [];
  // A broadcast source is one element the rows only copy, so when it is read cannot matter.
  walkInKernelOrder(dst, src, src.dtype === dst.dtype, (di, si, count, dStep, sStep) => {
    for (let k = 0; k < count; k++) buffer[k] = s[si + k * sStep];
    for (let k = 0; k < count; k++) d[di + k * dStep] = conv(buffer[k] as never);
  });
}
