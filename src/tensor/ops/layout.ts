import { Tensor } from "../tensor";

// Memory layout of element-wise results, following PyTorch's TensorIterator: when the inputs
// are not all plain row-major, the output takes the dimension order of the inputs' strides
// (so `a.t() + 1` is laid out like `a.t()`), and Tensor.to / clone of a non-dense input get
// PyTorch's infer_dense_strides. The kernels iterate dims in `order` and write the output
// densely, so a permuted layout costs nothing extra.

export interface OutputLayout {
  /** The result's dims from outermost to innermost in memory (iterate in this order). */
  order: number[];
  /** The result's strides, in the logical dim order. */
  strides: number[];
}

/** PyTorch's is_contiguous(ChannelsLast) for a 4-D tensor: dims 1, 3, 2, 0 dense in that order. */
function isChannelsLast(t: Tensor): boolean {
  if (t.ndim !== 4) return false;
  let expected = 1;
  for (const d of [1, 3, 2, 0]) {
    const size = t.shape[d];
    if (size === 1) continue;
    if (t.strides[d] !== expected) return false;
    expected *= size;
  }
  return true;
}

/** is_non_overlapping_and_dense: some ordering of the dims of size > 1 is row-major. */
function isDense(t: Tensor): boolean {
  const dims = [...t.shape.keys()].filter((d) => t.shape[d] > 1);
  dims.sort((a, b) => t.strides[a] - t.strides[b]);
  let expected = 1;
  for (const d of dims) {
    if (t.strides[d] !== expected) return false;
    expected *= t.shape[d];
  }
  return true;
}

/** Outer-to-inner order of dims for strides describing a dense layout. */
function orderOfDenseStrides(shape: readonly number[], strides: readonly number[]): number[] {
  const dims = [...shape.keys()];
  // Size-1 dims first (their stride is free), then by decreasing stride; the sort is stable.
  return dims.sort((a, b) => {
    const ua = shape[a] === 1;
    const ub = shape[b] === 1;
    if (ua !== ub) return ua ? -1 : 1;
    if (ua) return 0;
    return strides[b] - strides[a];
  });
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * TensorIterator's permutation: insertion sort of the dims, fastest first, where the first
 * operand with a strict stride difference (ignoring broadcast, stride-0 dims) decides and
 * equal strides put the smaller dim first. Returns `perm` with perm[0] the fastest dim.
 */
function iteratorPerm(shape: readonly number[], opStrides: readonly number[][]): number[] {
  const nd = shape.length;
  const perm = [...Array(nd).keys()].reverse();
  const shouldSwap = (d0: number, d1: number): number => {
    for (const st of opStrides) {
      const s0 = st[d0];
      const s1 = st[d1];
      if (s0 === 0 || s1 === 0) continue;
      if (s0 < s1) return -1;
      if (s0 > s1) return 1;
      if (shape[d0] > shape[d1]) return 1;
    }
    return 0;
  };
  for (let i = 1; i < nd; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = shouldSwap(perm[d0], perm[d1]);
      if (c > 0) {
        [perm[d0], perm[d1]] = [perm[d1], perm[d0]];
        d1 = d0;
      } else if (c < 0) break;
    }
  }
  return perm;
}

/**
 * Layout of the output of an element-wise op over `operands` (tensors; anything else is a
 * wrapped Python scalar, a 0-dim operand) with broadcast shape `shape`. `null` means plain
 * row-major, which is the answer whenever all tensor operands are contiguous and unbroadcast.
 */
export function outputLayout(
  operands: readonly unknown[],
  shape: readonly number[],
): OutputLayout | null {
  const nd = shape.length;
  if (nd <= 1) return null;
  const tensors: Tensor[] = [];
  let allSameShape = true;
  for (const x of operands) {
    if (x instanceof Tensor) {
      tensors.push(x);
      if (!sameDims(x.shape, shape)) allSameShape = false;
    } else allSameShape = false;
  }
  if (tensors.length === 0) return null;

  // TensorIterator's fast setup: same shapes everywhere.
  if (allSameShape) {
    if (tensors.every((t) => t.isContiguous())) return null;
    if (tensors.every(isChannelsLast)) {
      const [, c, h, w] = shape;
      const strides = [h * w * c, 1, w * c, c];
      return { order: [0, 2, 3, 1], strides };
    }
    const first = tensors[0].strides;
    if (tensors.every((t) => isDense(t) && sameDims(t.strides, first)))
      return { order: orderOfDenseStrides(shape, first), strides: [...first] };
  }

  const opStrides = tensors.map((t) => {
    const lead = nd - t.ndim;
    const st = new Array<number>(nd).fill(0);
    for (let i = 0; i < t.ndim; i++)
      st[lead + i] = t.shape[i] === 1 && shape[lead + i] !== 1 ? 0 : t.strides[i];
    return st;
  });
  const perm = iteratorPerm(shape, opStrides);
  if (perm.every((d, j) => d === nd - 1 - j)) return null;
  const strides = new Array<number>(nd);
  let next = 1;
  for (const d of perm) {
    strides[d] = next;
    next *= shape[d];
  }
  return { order: perm.reverse(), strides };
}

/**
 * PyTorch's infer_dense_strides (empty_like / to with preserve_format for a tensor with gaps
 * or repeats): the same dim ordering as TensorIterator for one operand, packed densely.
 */
export function inferDenseStrides(shape: readonly number[], strides: readonly number[]): number[] {
  const nd = shape.length;
  // Stride-0 dims compare as ambiguous here even at size 1, unlike in TensorIterator.
  const perm = iteratorPerm(shape, [[...strides]]);
  const out = new Array<number>(nd);
  let cur = 1;
  for (const d of perm) {
    out[d] = cur;
    if (shape[d] > 1) cur *= shape[d];
  }
  return out;
}

/** `xs` read in the order `order` (shape or strides of the iteration). */
export function permuted<T>(xs: readonly T[], order: readonly number[]): T[] {
  return order.map((d) => xs[d]);
}

/**
 * A result computed densely in the layout's iteration order, re-described with the logical
 * shape and the layout's strides (same storage).
 */
export function withLayout(t: Tensor, shape: readonly number[], layout: OutputLayout): Tensor {
  return new Tensor(t.storage, [...shape], [...layout.strides], 0);
}
