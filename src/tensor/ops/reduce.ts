import { record } from "../autograd/node";
import { bfloat16, bool, float16, float32, float64, int64, uint8 } from "../dtype";
import type { DType } from "../dtype";
import { indexError, runtimeError } from "../errors";
import { forEachRow } from "../iter";
import { contiguousStrides, normalizeDim, numelOf } from "../shape";
import { Tensor } from "../tensor";
import {
  allocOutput,
  bigView,
  iterate,
  numberView,
  roundToFloat,
  stridesAt,
  toDtype,
} from "./elementwise";
import type { NumArray } from "./elementwise";
import { runBinary, runUnary, DIV, EQ, MUL } from "./binaryKernel";
import {
  exactFloatSum,
  expandCopy,
  keptShape,
  outShapeOf,
  accumulatorStrides,
  reshapeContiguous,
  sumRaw,
  storeNumbers,
} from "./summation";
export { expandCopy, sumToShape } from "./summation";

export interface ReduceOptions {
  /** One dim, several, or none / [] for every dim. */
  dim?: number | readonly number[] | null;
  keepdim?: boolean;
  dtype?: DType;
}

/** Normalised reduced dims (sorted), with PyTorch's duplicate-dim error. */
export function reductionDims(
  ndim: number,
  dim: number | readonly number[] | null | undefined,
): number[] {
  if (dim === undefined || dim === null) return [...Array(ndim).keys()];
  const list = typeof dim === "number" ? [dim] : dim;
  if (list.length === 0) return [...Array(ndim).keys()];
  const seen = new Set<number>();
  for (const d of list) {
    const n = normalizeDim(d, ndim);
    if (seen.has(n)) throw runtimeError(`dim ${n} appears multiple times in the list of dims`);
    seen.add(n);
  }
  // A 0-dim tensor accepts dim 0/-1 but has nothing to reduce.
  return [...seen].filter((d) => d < ndim).sort((a, b) => a - b);
}

/** A reduced gradient (reduced dims dropped unless keepdim) expanded back over `shape`. */
function unreduce(g: Tensor, shape: readonly number[], dims: number[]): Tensor {
  return expandCopy(reshapeContiguous(g, keptShape(shape, dims)), shape);
}

// ---------------------------------------------------------------------------------- sum / mean

/**
 * A reduction's explicit `dtype=` converts the input before reducing (PyTorch's CPU reductions
 * cast `self` to the output type first), so `sum(dtype=torch.int32)` of floats sums truncated
 * values.
 */
function castForDtypeArg(x: Tensor, dtype: DType | undefined): Tensor {
  return dtype === undefined ? x : toDtype(x, dtype);
}

/** x.sum(dim, keepdim, dtype): bool and integers sum to int64 unless a dtype is given. */
export function sum(x: Tensor, opts: ReduceOptions = {}): Tensor {
  const full = opts.dim === undefined || opts.dim === null;
  const dims = reductionDims(x.ndim, opts.dim);
  const keepdim = opts.keepdim ?? false;
  const outDtype = opts.dtype ?? (x.dtype.kind === "float" ? x.dtype : int64);
  const out = sumRaw(castForDtypeArg(x, opts.dtype), dims, keepdim, outDtype);
  const shape = x.shape;
  const inDtype = x.dtype;
  record([out], {
    name: full ? "SumBackward0" : "SumBackward1",
    inputs: [x],
    backward: ([g]) => [toDtype(unreduce(g!, shape, dims), inDtype)],
  });
  return out;
}

/**
 * x.nansum(...): sum with NaN counted as zero; the gradient is zero where the input is NaN.
 * Infinities still count (inf + -inf is nan), as in PyTorch.
 */
export function nansum(x: Tensor, opts: ReduceOptions = {}): Tensor {
  const isNan = (v: number) => Number.isNaN(v);
  const zeroed =
    x.dtype.kind === "float" ? runUnary(x, x.dtype, x.dtype, (v) => (isNan(v) ? 0 : v)) : x;
  // `zeroed` is a fresh tensor without history, so sum() records nothing itself.
  const out = sum(zeroed, opts);
  const shape = x.shape;
  const dims = reductionDims(x.ndim, opts.dim);
  record([out], {
    name: "NansumBackward0",
    inputs: [x],
    save: [x],
    backward: ([g], [s]) => {
      const kept = runUnary(s, s.dtype, s.dtype, (v) => (isNan(v) ? 0 : 1));
      return [
        runBinary(toDtype(unreduce(g!, shape, dims), s.dtype), kept, s.dtype, s.dtype, MUL_KERNEL),
      ];
    },
  });
  return out;
}

/** x.mean(...): floats only (or an explicit float dtype), like PyTorch. */
export function mean(x: Tensor, opts: ReduceOptions = {}): Tensor {
  if (opts.dtype !== undefined && opts.dtype.kind !== "float")
    throw runtimeError(
      `mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: ${opts.dtype.scalarName}`,
    );
  if (opts.dtype === undefined && x.dtype.kind !== "float")
    throw runtimeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${x.dtype.scalarName}`,
    );
  const outDtype = opts.dtype ?? x.dtype;
  const full = opts.dim === undefined || opts.dim === null;
  const dims = reductionDims(x.ndim, opts.dim);
  const keepdim = opts.keepdim ?? false;
  let count = 1;
  for (const d of dims) count *= x.shape[d];
  // PyTorch converts the input to the type it sums in and sums in that type (in its cascade
  // order), then divides; float16/bfloat16 means sum and divide in float32 before rounding.
  const accDtype = outDtype === float16 || outDtype === bfloat16 ? float32 : outDtype;
  const src = toDtype(x, accDtype);
  const exact = exactFloatSum(src, dims, keepdim);
  let acc: Float64Array;
  let outShape: readonly number[];
  if (exact !== null) {
    acc = exact.values;
    outShape = exact.shape;
    for (let i = 0; i < acc.length; i++) acc[i] = roundToFloat(acc[i] / count, accDtype);
  } else {
    const s = sumRaw(src, dims, keepdim, float64);
    acc = s.storage.data as Float64Array;
    outShape = s.shape;
    for (let i = 0; i < acc.length; i++) acc[i] /= count;
  }
  const out = storeNumbers(acc, outShape, outDtype);
  const shape = x.shape;
  const inDtype = x.dtype;
  record([out], {
    name: full ? "MeanBackward0" : "MeanBackward1",
    inputs: [x],
    backward: ([g]) => {
      const scaled = runBinary(g!, count, g!.dtype, g!.dtype, DIV_KERNEL);
      return [toDtype(unreduce(scaled, shape, dims), inDtype)];
    },
  });
  return out;
}

const DIV_KERNEL = {
  code: DIV,
  num: (a: number, b: number) => a / b,
  big: (a: bigint, b: bigint) => a / b,
};
const MUL_KERNEL = {
  code: MUL,
  num: (a: number, b: number) => a * b,
  big: (a: bigint, b: bigint) => a * b,
};

// ------------------------------------------------------------------------- row-wise reductions

/**
 * Calls `fn(data, start, n, step)` once per reduction row along `dim`, in the row-major order
 * of the remaining dims (which is the order of the output). Works on the tensor's own storage
 * when it is number-backed.
 */
export function forEachLane<A extends NumArray | BigInt64Array>(
  data: A,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  dim: number,
  fn: (data: A, start: number, n: number, step: number, lane: number) => void,
): void {
  const outer = shape.filter((_, i) => i !== dim);
  const outerStrides = strides.filter((_, i) => i !== dim);
  const n = shape[dim];
  const step = strides[dim];
  let lane = 0;
  if (numelOf(outer) === 0) return;
  if (outer.length === 0) {
    fn(data, offset, n, step, 0);
    return;
  }
  // Iterate the outer dims; each "row" of the odometer is a run of lanes.
  forEachRow(outer, [{ strides: outerStrides, offset }], (starts, m) => {
    let p = starts[0];
    const ps = outerStrides[outerStrides.length - 1];
    for (let i = 0; i < m; i++, p += ps) fn(data, p, n, step, lane++);
  });
}

type Extreme = "max" | "min";

function readView(x: Tensor): {
  data: NumArray | BigInt64Array;
  shape: readonly number[];
  strides: readonly number[];
  offset: number;
} {
  if (x.dtype === int64) return bigView(x);
  return numberView(x, x.dtype);
}

/** values and indices along `dim` (first occurrence wins; NaN beats everything). */
function extremeAlong(
  x: Tensor,
  dim: number,
  which: Extreme,
  wantValues: boolean,
): { values: Tensor | null; indices: Tensor } {
  const outShape = x.shape.filter((_, i) => i !== dim);
  const idx = Tensor.empty(outShape, int64);
  const I = idx.storage.data as BigInt64Array;
  const nOut = numelOf(outShape);
  const v = readView(x);
  const isMax = which === "max";
  if (x.dtype === int64) {
    const vals = new BigInt64Array(nOut);
    forEachLane(
      v.data as BigInt64Array,
      x.shape,
      v.strides,
      v.offset,
      dim,
      (D, start, n, step, lane) => {
        let best = D[start];
        let bi = 0;
        for (let i = 1, p = start + step; i < n; i++, p += step) {
          const c = D[p];
          if (isMax ? c > best : c < best) {
            best = c;
            bi = i;
          }
        }
        vals[lane] = best;
        I[lane] = BigInt(bi);
      },
    );
    if (!wantValues) return { values: null, indices: idx };
    const t = Tensor.empty(outShape, int64);
    (t.storage.data as BigInt64Array).set(vals);
    return { values: t, indices: idx };
  }
  const vals = new Float64Array(nOut);
  forEachLane(v.data as NumArray, x.shape, v.strides, v.offset, dim, (D, start, n, step, lane) => {
    let best = D[start];
    let bi = 0;
    if (best === best) {
      for (let i = 1, p = start + step; i < n; i++, p += step) {
        const c = D[p];
        if (c !== c) {
          best = c;
          bi = i;
          break;
        }
        if (isMax ? c > best : c < best) {
          best = c;
          bi = i;
        }
      }
    }
    vals[lane] = best;
    I[lane] = BigInt(bi);
  });
  return { values: wantValues ? storeNumbers(vals, outShape, x.dtype) : null, indices: idx };
}

function addKeptDim(t: Tensor, dim: number): Tensor {
  const shape = [...t.shape];
  shape.splice(dim, 0, 1);
  return reshapeContiguous(t, shape);
}

export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

function extremeDim(x: Tensor, which: Extreme, dimArg: number, keepdim: boolean): ValuesIndices {
  const dim = normalizeDim(dimArg, x.ndim);
  if (x.ndim === 0) {
    const values = expandCopy(x, []);
    const indices = Tensor.empty([], int64);
    record([values], {
      name: which === "max" ? "MaxBackward0" : "MinBackward0",
      inputs: [x],
      backward: ([g]) => [g],
    });
    return { values, indices };
  }
  if (x.shape[dim] === 0)
    throw indexError(`${which}(): Expected reduction dim ${dim} to have non-zero size.`);
  let { values, indices } = extremeAlong(x, dim, which, true) as ValuesIndices;
  if (keepdim) {
    values = addKeptDim(values, dim);
    indices = addKeptDim(indices, dim);
  }
  const shape = x.shape;
  record([values], {
    name: which === "max" ? "MaxBackward0" : "MinBackward0",
    inputs: [x],
    // Saved like PyTorch's, so an in-place write to the returned indices fails backward.
    saveOutputs: [indices],
    backward: ([g], [idx]) => [
      scatterAlong(
        keepdim ? g! : addKeptDim(contig(g!), dim),
        keepdim ? contig(idx) : addKeptDim(contig(idx), dim),
        dim,
        shape,
      ),
    ],
  });
  return { values, indices };
}

const contig = (t: Tensor): Tensor =>
  t.isContiguous() && t.offset === 0 ? t : expandCopy(t, t.shape);

/** zeros(shape) with g written at `indices` along `dim` (value_selecting_reduction_backward). */
function scatterAlong(g: Tensor, indices: Tensor, dim: number, shape: readonly number[]): Tensor {
  const gc = contig(g);
  const { out, finish } = allocOutput(shape, gc.dtype);
  const gv = numberView(gc, gc.dtype).data;
  const I = indices.storage.data as BigInt64Array;
  const st = contiguousStrides(shape);
  let lane = 0;
  forEachLane(out, shape, st, 0, dim, (_D, start, _n, step) => {
    out[start + Number(I[lane]) * step] = gv[lane];
    lane++;
  });
  return finish();
}

function extremeAll(x: Tensor, which: Extreme): Tensor {
  if (x.numel === 0)
    throw runtimeError(
      `${which}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
    );
  const flat = contig(x);
  const flatView = reshapeContiguous(flat, [flat.numel]);
  const { values } = extremeAlong(flatView, 0, which, true) as ValuesIndices;
  const out = reshapeContiguous(values, []);
  record([out], {
    name: which === "max" ? "MaxBackward1" : "MinBackward1",
    inputs: [x],
    save: [x],
    saveOutputs: [out],
    backward: ([g], [xs, res]) => [evenlyDistribute(g!, xs, res)],
  });
  return out;
}

/** Full max/min backward: the gradient is shared equally by every position holding the result. */
export function evenlyDistribute(g: Tensor, x: Tensor, result: Tensor): Tensor {
  const isNan = result.atNumber(0) !== result.atNumber(0);
  const mask = isNan
    ? runBinary(x, x, x.dtype, bool, {
        code: 0,
        num: (a, b) => (a !== a && b !== b ? 1 : 0),
        big: () => false,
      })
    : runBinary(x, result, x.dtype === int64 ? int64 : x.dtype, bool, {
        code: EQ,
        num: (a, b) => (a === b ? 1 : 0),
        big: (a, b) => a === b,
      });
  const m = mask.storage.data as Uint8Array;
  let count = 0;
  for (let i = 0; i < m.length; i++) count += m[i];
  const share = runBinary(g, count, g.dtype, g.dtype, DIV_KERNEL);
  return runBinary(mask, share, g.dtype, g.dtype, MUL_KERNEL);
}

/** x.max() or x.max(dim, keepdim) → {values, indices}. */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? extremeAll(x, "max") : extremeDim(x, "max", dim, keepdim);
}

export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? extremeAll(x, "min") : extremeDim(x, "min", dim, keepdim);
}

function argExtreme(
  x: Tensor,
  which: Extreme,
  name: string,
  dimArg: number | null | undefined,
  keepdim: boolean,
): Tensor {
  if (x.dtype === bool) throw runtimeError(`${name}(): does not support bool input`);
  if (dimArg === undefined || dimArg === null) {
    if (x.numel === 0)
      throw indexError(`${name}(): Expected reduction dim to be specified for input.numel() == 0.`);
    const flat = reshapeContiguous(contig(x), [x.numel]);
    const { indices } = extremeAlong(flat, 0, which, false);
    return reshapeContiguous(indices, keepdim ? x.shape.map(() => 1) : []);
  }
  const dim = normalizeDim(dimArg, x.ndim);
  if (x.ndim === 0) return Tensor.empty([], int64);
  if (x.shape[dim] === 0)
    throw indexError(`${name}(): Expected reduction dim ${dim} to have non-zero size.`);
  const { indices } = extremeAlong(x, dim, which, false);
  return keepdim ? addKeptDim(indices, dim) : indices;
}

export const argmax = (x: Tensor, dim?: number | null, keepdim = false): Tensor =>
  argExtreme(x, "max", "argmax", dim, keepdim);
export const argmin = (x: Tensor, dim?: number | null, keepdim = false): Tensor =>
  argExtreme(x, "min", "argmin", dim, keepdim);

// --------------------------------------------------------------------------------- any / all

function anyAll(x: Tensor, isAll: boolean, opts: ReduceOptions): Tensor {
  const dims = reductionDims(x.ndim, opts.dim);
  const keepdim = opts.keepdim ?? false;
  const outShape = outShapeOf(x.shape, dims, keepdim);
  const accStrides = accumulatorStrides(x.shape, dims);
  const acc = new Uint8Array(numelOf(outShape)).fill(isAll ? 1 : 0);
  const v = readView(x);
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
      for (let i = 0; i < n; i++, p += st[0], q += st[1]) {
        const nz = A[p] != 0;
        if (isAll) {
          if (!nz) acc[q] = 0;
        } else if (nz) acc[q] = 1;
      }
    },
  );
  const out = Tensor.empty(outShape, x.dtype === uint8 ? uint8 : bool);
  (out.storage.data as Uint8Array).set(acc);
  return out;
}

export const any = (x: Tensor, opts: ReduceOptions = {}): Tensor => anyAll(x, false, opts);
export const all = (x: Tensor, opts: ReduceOptions = {}): Tensor => anyAll(x, true, opts);

// -------------------------------------------------------------------------------------- prod

/** x.prod(dim?, keepdim, dtype): integers multiply in int64 (wrapping), floats in float64. */
export function prod(
  x: Tensor,
  opts: { dim?: number | null; keepdim?: boolean; dtype?: DType } = {},
): Tensor {
  const full = opts.dim === undefined || opts.dim === null;
  const dims = full
    ? [...Array(x.ndim).keys()]
    : [normalizeDim(opts.dim as number, x.ndim)].filter((d) => d < x.ndim);
  const keepdim = opts.keepdim ?? false;
  const outDtype = opts.dtype ?? (x.dtype.kind === "float" ? x.dtype : int64);
  const outShape = outShapeOf(x.shape, dims, keepdim && !full);
  const accStrides = accumulatorStrides(x.shape, dims);
  const src = castForDtypeArg(x, opts.dtype);
  let out: Tensor;
  if (outDtype.kind !== "float" && src.dtype.kind !== "float") {
    const v = bigView(src);
    const acc = new BigInt64Array(numelOf(outShape)).fill(1n);
    iterate(
      src.shape,
      [
        { strides: stridesAt(v, src.shape), offset: v.offset },
        { strides: accStrides, offset: 0 },
      ],
      (s, n, st) => {
        let p = s[0];
        let q = s[1];
        for (let i = 0; i < n; i++, p += st[0], q += st[1]) acc[q] *= v.data[p];
      },
    );
    const t = Tensor.empty(outShape, int64);
    (t.storage.data as BigInt64Array).set(acc);
    out = toDtype(t, outDtype);
  } else {
    const v = numberView(src, src.dtype === int64 ? float64 : src.dtype);
    const acc = new Float64Array(numelOf(outShape)).fill(1);
    iterate(
      src.shape,
      [
        { strides: stridesAt(v, src.shape), offset: v.offset },
        { strides: accStrides, offset: 0 },
      ],
      (s, n, st) => {
        let p = s[0];
        let q = s[1];
        for (let i = 0; i < n; i++, p += st[0], q += st[1])
          acc[q] = roundToFloat(
            acc[q] * v.data[p],
            src.dtype.kind === "float" ? src.dtype : float64,
          );
      },
    );
    out = storeNumbers(acc, outShape, outDtype);
  }
  const shape = x.shape;
  record([out], {
    name: full ? "ProdBackward0" : "ProdBackward1",
    inputs: [x],
    save: [x],
    saveOutputs: [out],
    backward: ([g], [xs]) => [prodGrad(g!, xs, shape, dims)],
  });
  return out;
}

/** d prod / d x_i = product of the other elements of its lane (computed without division). */
function prodGrad(g: Tensor, x: Tensor, shape: readonly number[], dims: number[]): Tensor {
  const gFull = unreduce(g, shape, dims);
  const xc = toDtype(contig(x), float64);
  const others = new Float64Array(x.numel);
  const X = xc.storage.data as Float64Array;
  const run = (start: number, n: number, step: number): void => {
    let left = 1;
    for (let i = 0, p = start; i < n; i++, p += step) {
      others[p] = left;
      left *= X[p];
    }
    let right = 1;
    for (let i = n - 1, p = start + (n - 1) * step; i >= 0; i--, p -= step) {
      others[p] *= right;
      right *= X[p];
    }
  };
  if (dims.length === 1)
    forEachLane(X, shape, contiguousStrides(shape), 0, dims[0], (_d, s, n, st) => run(s, n, st));
  else run(0, x.numel, 1);
  const o = Tensor.empty(shape, float64);
  (o.storage.data as Float64Array).set(others);
  const r = runBinary(gFull, toDtype(o, gFull.dtype), gFull.dtype, gFull.dtype, MUL_KERNEL);
  return toDtype(r, x.dtype);
}
