import { bool, float32, float64, int64 } from "../dtype";
import type { DType } from "../dtype";
import { contiguousStrides, numelOf } from "../shape";
import { Tensor } from "../tensor";
import { allocOutput, bigView, iterate, numberView, stridesAt, toDtype } from "./elementwise";
import type { NumArray } from "./elementwise";
import { cascadeColumns, cascadeSum } from "./cascadeSum";
import { isNonOverlappingAndDense } from "./strided";

// Summation over dims in PyTorch's order, and the gradient helpers built on it: sumToShape
// (a broadcast gradient summed back to its input's shape) and expandCopy. The reductions in
// reduce.ts use it too; ops whose backward only needs sumToShape import this module alone.

export function keptShape(shape: readonly number[], dims: number[]): number[] {
  return shape.map((s, i) => (dims.includes(i) ? 1 : s));
}

export function outShapeOf(shape: readonly number[], dims: number[], keepdim: boolean): number[] {
  return keepdim ? keptShape(shape, dims) : shape.filter((_, i) => !dims.includes(i));
}

/** Strides of a contiguous keepdim-shaped output read over the input shape: 0 on reduced dims. */
export function accumulatorStrides(shape: readonly number[], dims: number[]): number[] {
  const kept = keptShape(shape, dims);
  const st = contiguousStrides(kept);
  return st.map((s, i) => (dims.includes(i) ? 0 : s));
}

/** A contiguous tensor with `t`'s data read as another shape of the same numel. */
export function reshapeContiguous(t: Tensor, shape: readonly number[]): Tensor {
  const c = t.isContiguous() ? t : expandCopy(t, t.shape);
  return new Tensor(c.storage, [...shape], contiguousStrides(shape), c.offset);
}

/** `g` broadcast to `shape` as a fresh contiguous tensor (gradients must own their memory). */
export function expandCopy(g: Tensor, shape: readonly number[]): Tensor {
  if (g.dtype === int64) {
    const bv = bigView(g);
    const t = Tensor.empty(shape, int64);
    const o = t.storage.data as BigInt64Array;
    let j = 0;
    iterate(shape, [{ strides: stridesAt(bv, shape), offset: bv.offset }], (s, n, st) => {
      let p = s[0];
      for (let i = 0; i < n; i++, p += st[0]) o[j++] = bv.data[p];
    });
    return t;
  }
  const v = numberView(g, g.dtype);
  const { out, finish } = allocOutput(shape, g.dtype);
  let k = 0;
  iterate(shape, [{ strides: stridesAt(v, shape), offset: v.offset }], (s, n, st) => {
    let p = s[0];
    for (let i = 0; i < n; i++, p += st[0]) out[k++] = v.data[p];
  });
  return finish();
}

/**
 * float32/float64 sums in PyTorch's own summation order (see cascadeSum.ts) when the layout
 * lets us know that order: a full reduction of a dense tensor (summed in memory order), or a
 * run of consecutive dims of a contiguous tensor. Null otherwise.
 */
export function exactFloatSum(
  x: Tensor,
  dims: number[],
  keepdim: boolean,
): { values: Float64Array; shape: number[] } | null {
  const d = x.dtype;
  if ((d !== float32 && d !== float64) || x.numel === 0) return null;
  const double = d === float64;
  const data = x.storage.data as NumArray;
  const shape = outShapeOf(x.shape, dims, keepdim);
  if (dims.length === x.ndim) {
    if (!isNonOverlappingAndDense(x) || x.strides.some((s) => s < 0)) return null;
    return { values: Float64Array.of(cascadeSum(data, x.offset, x.numel, double)), shape };
  }
  if (!x.isContiguous()) return null;
  for (let i = 1; i < dims.length; i++) if (dims[i] !== dims[i - 1] + 1) return null;
  const first = dims[0];
  const last = dims[dims.length - 1];
  const outer = numelOf(x.shape.slice(0, first));
  const red = numelOf(x.shape.slice(first, last + 1));
  const inner = numelOf(x.shape.slice(last + 1));
  const values = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    const base = x.offset + o * red * inner;
    if (inner === 1) values[o] = cascadeSum(data, base, red, double);
    else cascadeColumns(data, base, inner, red, inner, double, values, o * inner);
  }
  return { values, shape };
}

export function sumRaw(x: Tensor, dims: number[], keepdim: boolean, outDtype: DType): Tensor {
  if (outDtype === x.dtype) {
    const exact = exactFloatSum(x, dims, keepdim);
    if (exact !== null) return storeNumbers(exact.values, exact.shape, outDtype);
  }
  const outShape = outShapeOf(x.shape, dims, keepdim);
  const nOut = numelOf(outShape);
  const accStrides = accumulatorStrides(x.shape, dims);
  const bigAcc =
    outDtype === int64 ||
    (outDtype.kind !== "float" &&
      (x.dtype === int64 || (x.dtype.itemsize >= 4 && x.numel >= 2 ** 21)));
  if (bigAcc && x.dtype.kind !== "float") {
    const v = bigView(x);
    const acc = new BigInt64Array(nOut);
    const A = v.data;
    iterate(
      x.shape,
      [
        { strides: stridesAt(v, x.shape), offset: v.offset },
        { strides: accStrides, offset: 0 },
      ],
      (s, n, st) => {
        let p = s[0];
        let q = s[1];
        for (let i = 0; i < n; i++, p += st[0], q += st[1]) acc[q] += A[p];
      },
    );
    const t = Tensor.empty(outShape, int64);
    (t.storage.data as BigInt64Array).set(acc);
    return toDtype(t, outDtype);
  }
  const v = numberView(x, x.dtype === int64 ? float64 : x.dtype);
  const acc = new Float64Array(nOut);
  const A = v.data;
  iterate(
    x.shape,
    [
      { strides: stridesAt(v, x.shape), offset: v.offset },
      { strides: accStrides, offset: 0 },
    ],
    (s, n, st) => {
      let p = s[0];
      let q = s[1];
      const sp = st[0];
      if (st[1] === 0) {
        let sum = 0;
        for (let i = 0; i < n; i++, p += sp) sum += A[p];
        acc[q] += sum;
      } else {
        const sq = st[1];
        for (let i = 0; i < n; i++, p += sp, q += sq) acc[q] += A[p];
      }
    },
  );
  return storeNumbers(acc, outShape, outDtype);
}

/** Float64 accumulators stored as `d` (ints truncate, floats round once). */
export function storeNumbers(acc: Float64Array, shape: readonly number[], d: DType): Tensor {
  if (d === int64) {
    const t = Tensor.empty(shape, int64);
    const o = t.storage.data as BigInt64Array;
    for (let i = 0; i < acc.length; i++) o[i] = BigInt(Math.trunc(acc[i]));
    return t;
  }
  const { out, finish } = allocOutput(shape, d);
  if (d === bool) for (let i = 0; i < acc.length; i++) out[i] = acc[i] !== 0 ? 1 : 0;
  else if (d.kind === "int") for (let i = 0; i < acc.length; i++) out[i] = Math.trunc(acc[i]);
  else out.set(acc);
  return finish();
}

/** Sum over the dims where `g` was broadcast, so a gradient matches its input's shape. */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((s, i) => s === shape[i])) return g;
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  const s = sumRaw(g, dims, true, g.dtype);
  return reshapeContiguous(s, shape);
}
