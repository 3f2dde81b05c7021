import { bool, int64 } from "../dtype";
import type { DType } from "../dtype";
import { Tensor } from "../tensor";
import {
  allocOutput,
  broadcastOperands,
  iterate,
  operandBigView,
  operandNumberView,
  stridesAt,
} from "./elementwise";
import type { NumArray } from "./elementwise";
import { outputLayout, permuted, withLayout } from "./layout";
import type { OutputLayout } from "./layout";
import type { Operand } from "./promote";

// One strided loop for every binary element-wise op. The hot ops get inlined loops chosen by a
// code outside the element loop; the rest call a small function per element.

export const GENERIC = 0;
export const ADD = 1;
export const SUB = 2;
export const MUL = 3;
export const DIV = 4;
export const EQ = 5;
export const NE = 6;
export const LT = 7;
export const LE = 8;
export const GT = 9;
export const GE = 10;

export interface BinaryKernel {
  /** One of the codes above; GENERIC uses `num`. */
  code: number;
  /** Element function on compute values (floats, or integers of at most 32 bits). */
  num: (x: number, y: number) => number;
  /** Element function for int64 compute; a boolean result is stored as 0/1. */
  big: (x: bigint, y: bigint) => bigint | boolean;
}

/**
 * Broadcast `a` and `b`, read both in `compute`, apply the kernel and store in a new
 * contiguous tensor of dtype `out` (the compute dtype, or bool for comparisons).
 */
/** A scalar operand held in float32, PyTorch's opmath for float16/bfloat16 kernels. */
function opmathScalarView(b: Operand): ReturnType<typeof operandNumberView> {
  const v = b instanceof Tensor ? b.atNumber(0) : typeof b === "boolean" ? Number(b) : Number(b);
  return { data: Float32Array.of(v), shape: [], strides: [], offset: 0 };
}

export function runBinary(
  a: Operand,
  b: Operand,
  compute: DType,
  outDtype: DType,
  k: BinaryKernel,
  shape: readonly number[] = broadcastOperands(a, b),
  opts: { opmathB?: boolean } = {},
): Tensor {
  if (compute === int64) return runBig(a, b, outDtype, k, shape);
  const va = operandNumberView(a, compute);
  const vb = opts.opmathB ? opmathScalarView(b) : operandNumberView(b, compute);
  const layout = outputLayout([a, b], shape);
  const iter = iterationOf([va, vb], shape, layout);
  const { out, finish } = allocOutput(iter.shape, outDtype);
  const A = va.data;
  const B = vb.data;
  const O = out;
  const code = k.code;
  const fn = k.num;
  let oi = 0;
  iterate(iter.shape, iter.ops, (s, n, st) => {
    let ia = s[0];
    let ib = s[1];
    const sa = st[0];
    const sb = st[1];
    const end = oi + n;
    switch (code) {
      case ADD:
        for (; oi < end; oi++, ia += sa, ib += sb) O[oi] = A[ia] + B[ib];
        break;
      case SUB:
        for (; oi < end; oi++, ia += sa, ib += sb) O[oi] = A[ia] - B[ib];
        break;
      case MUL:
        for (; oi < end; oi++, ia += sa, ib += sb) O[oi] = A[ia] * B[ib];
        break;
      case DIV:
        for (; oi < end; oi++, ia += sa, ib += sb) O[oi] = A[ia] / B[ib];
        break;
      case EQ:
        for (; oi < end; oi++, ia += sa, ib += sb) O[oi] = A[ia] === B[ib] ? 1 : 0;
        break;
      case NE:
        for (; oi < end; oi++, ia += sa, ib += sb) O[oi] = A[ia] !== B[ib] ? 1 : 0;
        break;
      case LT:
        for (; oi < end; oi++, ia += sa, ib += sb) O[oi] = A[ia] < B[ib] ? 1 : 0;
        break;
      case LE:
        for (; oi < end; oi++, ia += sa, ib += sb) O[oi] = A[ia] <= B[ib] ? 1 : 0;
        break;
      case GT:
        for (; oi < end; oi++, ia += sa, ib += sb) O[oi] = A[ia] > B[ib] ? 1 : 0;
        break;
      case GE:
        for (; oi < end; oi++, ia += sa, ib += sb) O[oi] = A[ia] >= B[ib] ? 1 : 0;
        break;
      default:
        for (; oi < end; oi++, ia += sa, ib += sb) O[oi] = fn(A[ia], B[ib]);
    }
  });
  return laidOut(finish(), shape, layout);
}

interface Iteration {
  shape: readonly number[];
  ops: { strides: number[]; offset: number }[];
}

/**
 * The loop over `shape` for operand views `vs`, in the output layout's dim order so that the
 * output is written densely with a running index.
 */
function iterationOf(
  vs: readonly { shape: readonly number[]; strides: readonly number[]; offset: number }[],
  shape: readonly number[],
  layout: OutputLayout | null,
): Iteration {
  const ops = vs.map((v) => {
    const st = stridesAt(v, shape);
    return { strides: layout ? permuted(st, layout.order) : st, offset: v.offset };
  });
  return { shape: layout ? permuted(shape, layout.order) : shape, ops };
}

const laidOut = (t: Tensor, shape: readonly number[], layout: OutputLayout | null): Tensor =>
  layout ? withLayout(t, shape, layout) : t;

function runBig(
  a: Operand,
  b: Operand,
  outDtype: DType,
  k: BinaryKernel,
  shape: readonly number[],
): Tensor {
  const va = operandBigView(a);
  const vb = operandBigView(b);
  const layout = outputLayout([a, b], shape);
  const { shape: iterShape, ops } = iterationOf([va, vb], shape, layout);
  const t = Tensor.empty(iterShape, outDtype);
  const A = va.data;
  const B = vb.data;
  const fn = k.big;
  let oi = 0;
  if (outDtype === bool) {
    const O = t.storage.data as Uint8Array;
    iterate(iterShape, ops, (s, n, st) => {
      let ia = s[0];
      let ib = s[1];
      for (let i = 0; i < n; i++, oi++, ia += st[0], ib += st[1]) O[oi] = fn(A[ia], B[ib]) ? 1 : 0;
    });
  } else {
    const O = t.storage.data as BigInt64Array;
    iterate(iterShape, ops, (s, n, st) => {
      let ia = s[0];
      let ib = s[1];
      for (let i = 0; i < n; i++, oi++, ia += st[0], ib += st[1])
        O[oi] = fn(A[ia], B[ib]) as bigint;
    });
  }
  return laidOut(t, shape, layout);
}

/** Apply `fn` to every element of `x` read in `compute`, storing in dtype `outDtype`. */
export function runUnary(
  x: Tensor,
  compute: DType,
  outDtype: DType,
  fn: (v: number) => number,
): Tensor {
  const v = operandNumberView(x, compute);
  const layout = outputLayout([x], x.shape);
  const iter = iterationOf([v], x.shape, layout);
  const { out, finish } = allocOutput(iter.shape, outDtype);
  const A = v.data;
  const O: NumArray = out;
  let oi = 0;
  iterate(iter.shape, iter.ops, (s, n, st) => {
    let ia = s[0];
    const sa = st[0];
    for (let i = 0; i < n; i++, oi++, ia += sa) O[oi] = fn(A[ia]);
  });
  return laidOut(finish(), x.shape, layout);
}

/** The int64 counterpart of runUnary. */
export function runUnaryBig(
  x: Tensor,
  outDtype: DType,
  fn: (v: bigint) => bigint | boolean,
): Tensor {
  const v = operandBigView(x);
  const layout = outputLayout([x], x.shape);
  const { shape: iterShape, ops } = iterationOf([v], x.shape, layout);
  const t = Tensor.empty(iterShape, outDtype);
  const A = v.data;
  let oi = 0;
  if (outDtype === int64) {
    const O = t.storage.data as BigInt64Array;
    iterate(iterShape, ops, (s, n, st) => {
      let ia = s[0];
      for (let i = 0; i < n; i++, oi++, ia += st[0]) O[oi] = fn(A[ia]) as bigint;
    });
  } else {
    const O = t.storage.data as NumArray;
    iterate(iterShape, ops, (s, n, st) => {
      let ia = s[0];
      for (let i = 0; i < n; i++, oi++, ia += st[0]) O[oi] = Number(fn(A[ia]));
    });
  }
  return laidOut(t, x.shape, layout);
}
