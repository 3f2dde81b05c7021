import { recordInplace } from "../autograd/inplace";
import { checkInplace, record } from "../autograd/node";
import { checkedScalarToRaw, converter, rawToScalar, type Raw, type Scalar } from "../convert";
import { float64, int32, int64 } from "../dtype";
import { indexError, runtimeError } from "../errors";
import { normalizeDim, shapeString } from "../shape";
import { Tensor } from "../tensor";
import { contiguousCopy, copyStrided, emptyLikePreserve, rawArray } from "./strided";

// index_select, gather, scatter and index_fill: ops that address one dim through an index
// tensor. Index values are read once into a Float64Array (int64 indices beyond 2^53 are out of
// bounds anyway). Bounds and shape checks run before anything is written, with PyTorch's texts.

/** Shape and strides with a 0-dim tensor read as 1-D of size 1, as these kernels treat it. */
function asAtLeast1d(t: Tensor): { shape: number[]; strides: number[] } {
  return t.ndim === 0
    ? { shape: [1], strides: [1] }
    : { shape: [...t.shape], strides: [...t.strides] };
}

function indexValues(index: Tensor): Float64Array {
  return contiguousCopy(index, float64).storage.data as Float64Array;
}

const isIndexDtype = (t: Tensor): boolean => t.dtype === int64 || t.dtype === int32;

/** Visit every element of `shape` in row-major order with its coordinates and linear index. */
function forEachCoord(shape: readonly number[], visit: (c: Int32Array, k: number) => void): void {
  const nd = shape.length;
  let n = 1;
  for (const s of shape) n *= s;
  if (n === 0) return;
  const c = new Int32Array(nd);
  for (let k = 0; k < n; k++) {
    visit(c, k);
    for (let d = nd - 1; d >= 0; d--) {
      if (++c[d] < shape[d]) break;
      c[d] = 0;
    }
  }
}

function offsetOf(c: Int32Array, strides: readonly number[], skip: number, base: number): number {
  let p = base;
  for (let d = 0; d < c.length; d++) if (d !== skip) p += c[d] * strides[d];
  return p;
}

// ------------------------------------------------------------------------------- index_select

/** x.index_select(dim, index): the slices of `dim` listed by a 1-D (or 0-dim) integer index. */
export function indexSelect(x: Tensor, dimArg: number, index: Tensor): Tensor {
  const dim = normalizeDim(dimArg, x.ndim);
  if (!isIndexDtype(index))
    throw runtimeError("index_select(): Expected dtype int32 or int64 for index");
  if (index.ndim > 1) throw indexError("index_select(): Index is supposed to be a vector");
  const idx = indexValues(index);
  const { shape } = asAtLeast1d(x);
  const size = shape[dim];
  for (const v of idx)
    if (v < 0 || v >= size)
      throw runtimeError(`INDICES element is out of DATA bounds, id=${v} axis_dim=${size}`);
  const outShape = x.ndim === 0 ? [] : shape.map((s, d) => (d === dim ? idx.length : s));
  const src = rawArray(contiguousCopy(x));
  const out = Tensor.empty(outShape, x.dtype);
  const o = rawArray(out);
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < dim; d++) outer *= shape[d];
  for (let d = dim + 1; d < shape.length; d++) inner *= shape[d];
  for (let a = 0, q = 0; a < outer; a++)
    for (let k = 0; k < idx.length; k++) {
      const from = (a * size + idx[k]) * inner;
      for (let j = 0; j < inner; j++) o[q++] = src[from + j];
    }
  const inShape = x.shape;
  record([out], {
    name: "IndexSelectBackward0",
    inputs: [x],
    backward: ([g]) => {
      // index_add into zeros: repeated indices accumulate.
      const gv = contiguousCopy(g!, float64).storage.data as Float64Array;
      const acc = new Float64Array(outer * size * inner);
      for (let a = 0, q = 0; a < outer; a++)
        for (let k = 0; k < idx.length; k++) {
          const to = (a * size + idx[k]) * inner;
          for (let j = 0; j < inner; j++) acc[to + j] += gv[q++];
        }
      return [fromFloat64(acc, inShape, g!)];
    },
  });
  return out;
}

function fromFloat64(values: Float64Array, shape: readonly number[], like: Tensor): Tensor {
  const out = Tensor.empty(shape, like.dtype);
  const o = rawArray(out);
  const conv = converter(float64, like.dtype);
  for (let i = 0; i < values.length; i++) o[i] = conv(values[i]);
  return out;
}

// ------------------------------------------------------------------------------------ gather

function checkSameRank(index: Tensor, other: Tensor, what: string): void {
  if (Math.max(index.ndim, 1) !== Math.max(other.ndim, 1))
    throw runtimeError(`Index tensor must have the same number of dimensions as ${what} tensor`);
}

function outOfBounds(v: number, dim: number, size: number): Error {
  return runtimeError(`index ${v} is out of bounds for dimension ${dim} with size ${size}`);
}

/** x.gather(dim, index): out[c] = x[c with c[dim] = index[c]]; the output has index's shape. */
export function gather(x: Tensor, dimArg: number, index: Tensor): Tensor {
  const dim = normalizeDim(dimArg, x.ndim);
  if (!isIndexDtype(index)) throw runtimeError("gather(): Expected dtype int32/int64 for index");
  checkSameRank(index, x, "input");
  const xs = asAtLeast1d(x);
  const is = asAtLeast1d(index);
  for (let d = 0; d < is.shape.length; d++)
    if (d !== dim && is.shape[d] > xs.shape[d])
      throw runtimeError(
        `Size does not match at dimension ${d} expected index ${shapeString(index.shape)} to be no larger than self ${shapeString(x.shape)} apart from dimension ${dim}`,
      );
  const idx = indexValues(index);
  const size = xs.shape[dim];
  for (const v of idx) if (v < 0 || v >= size) throw outOfBounds(v, dim, size);
  const out = Tensor.empty(index.shape, x.dtype);
  const o = rawArray(out);
  const src = rawArray(x);
  forEachCoord(is.shape, (c, k) => {
    o[k] = src[offsetOf(c, xs.strides, dim, x.offset) + idx[k] * xs.strides[dim]];
  });
  const inShape = x.shape;
  record([out], {
    name: "GatherBackward0",
    inputs: [x],
    backward: ([g]) => [scatterAddGrad(g!, inShape, dim, idx, is.shape)],
  });
  return out;
}

/** zeros(shape) += g at the gathered positions (gather's backward is scatter_add). */
function scatterAddGrad(
  g: Tensor,
  shape: readonly number[],
  dim: number,
  idx: Float64Array,
  indexShape: readonly number[],
): Tensor {
  const gv = contiguousCopy(g, float64).storage.data as Float64Array;
  const full = shape.length === 0 ? [1] : shape;
  const st = Tensor.empty(full, float64).strides;
  const acc = new Float64Array(full.reduce((a, b) => a * b, 1));
  forEachCoord(indexShape, (c, k) => {
    acc[offsetOf(c, st, dim, 0) + idx[k] * st[dim]] += gv[k];
  });
  return fromFloat64(acc, shape, g);
}

// ----------------------------------------------------------------------------------- scatter

/** The out-of-place forms write into a copy laid out like the input, as PyTorch's clone is. */
function copyOf(x: Tensor): Tensor {
  const out = emptyLikePreserve(x);
  copyStrided(out, x);
  return out;
}

type ScatterSource = Tensor | Scalar;

// scatter_add's checks name "scatter()" too, as PyTorch's do.
function checkScatter(self: Tensor, dim: number, index: Tensor, src: ScatterSource): Float64Array {
  if (!isIndexDtype(index)) throw runtimeError("scatter(): Expected dtype int32/int64 for index");
  if (src instanceof Tensor && src.dtype !== self.dtype)
    throw runtimeError("scatter(): Expected self.dtype to be equal to src.dtype");
  checkSameRank(index, self, "self");
  if (src instanceof Tensor) checkSameRank(index, src, "src");
  const ss = asAtLeast1d(self).shape;
  const is = asAtLeast1d(index).shape;
  const rs = src instanceof Tensor ? asAtLeast1d(src).shape : null;
  for (let d = 0; d < is.length; d++) {
    const tooBig = (d !== dim && is[d] > ss[d]) || (rs !== null && is[d] > rs[d]);
    if (!tooBig) continue;
    const srcPart =
      src instanceof Tensor ? ` and to be no larger size than src ${shapeString(src.shape)}` : "";
    throw runtimeError(
      `Expected index ${shapeString(index.shape)} to be no larger than self ${shapeString(self.shape)} apart from dimension ${dim}${srcPart}`,
    );
  }
  const idx = indexValues(index);
  const size = ss[dim];
  for (const v of idx) if (v < 0 || v >= size) throw outOfBounds(v, dim, size);
  return idx;
}

/** Write src (or a value) into self at the scattered positions, in index order. */
function scatterKernel(
  self: Tensor,
  dim: number,
  index: Tensor,
  idx: Float64Array,
  src: ScatterSource,
): void {
  const ss = asAtLeast1d(self);
  const is = asAtLeast1d(index).shape;
  const d = rawArray(self);
  if (src instanceof Tensor) {
    const rs = asAtLeast1d(src).strides;
    const s = rawArray(src);
    forEachCoord(is, (c, k) => {
      d[offsetOf(c, ss.strides, dim, self.offset) + idx[k] * ss.strides[dim]] =
        s[offsetOf(c, rs, -1, src.offset)];
    });
  } else {
    const raw: Raw = checkedScalarToRaw(src, self.dtype);
    forEachCoord(is, (c, k) => {
      d[offsetOf(c, ss.strides, dim, self.offset) + idx[k] * ss.strides[dim]] = raw;
    });
  }
}

/** g with the positions that scatter overwrote set to zero (what self's old value receives). */
function zeroScattered(
  g: Tensor,
  dim: number,
  indexShape: readonly number[],
  idx: Float64Array,
): Tensor {
  const out = contiguousCopy(g);
  scatterKernelRaw(out, dim, indexShape, idx, converter(float64, g.dtype)(0));
  return out;
}

function scatterKernelRaw(
  t: Tensor,
  dim: number,
  indexShape: readonly number[],
  idx: Float64Array,
  raw: Raw,
): void {
  const st = asAtLeast1d(t).strides;
  const d = rawArray(t);
  forEachCoord(indexShape, (c, k) => {
    d[offsetOf(c, st, dim, t.offset) + idx[k] * st[dim]] = raw;
  });
}

/** Gradient for src: g read back at the scattered positions (gather). */
function gatherGrad(
  g: Tensor,
  dim: number,
  index: Tensor,
  idx: Float64Array,
  srcShape: readonly number[],
): Tensor {
  const gs = asAtLeast1d(g);
  const is = asAtLeast1d(index).shape;
  const out = Tensor.empty(srcShape, g.dtype);
  const o = rawArray(out);
  const gd = rawArray(g);
  const os = asAtLeast1d(out).strides;
  forEachCoord(is, (c, k) => {
    o[offsetOf(c, os, -1, 0)] =
      gd[offsetOf(c, gs.strides, dim, g.offset) + idx[k] * gs.strides[dim]];
  });
  return out;
}

/** self.scatter_(dim, index, src | value). */
export function scatter_(self: Tensor, dimArg: number, index: Tensor, src: ScatterSource): Tensor {
  const dim = normalizeDim(dimArg, self.ndim);
  const idx = checkScatter(self, dim, index, src);
  checkInplace(self);
  scatterKernel(self, dim, index, idx, src);
  self.version.bump();
  const is = asAtLeast1d(index).shape;
  const srcT = src instanceof Tensor ? src : null;
  recordInplace(self, {
    name: srcT ? "ScatterBackward0" : "ScatterBackward1",
    others: srcT ? [srcT] : [],
    backward: (g) => {
      const gSelf = zeroScattered(g, dim, is, idx);
      return srcT ? [gSelf, gatherGrad(g, dim, index, idx, srcT.shape)] : [gSelf];
    },
  });
  return self;
}

/** x.scatter(dim, index, src | value): a copy of x with the scattered writes. */
export function scatter(x: Tensor, dimArg: number, index: Tensor, src: ScatterSource): Tensor {
  const dim = normalizeDim(dimArg, x.ndim);
  const idx = checkScatter(x, dim, index, src);
  const out = copyOf(x);
  scatterKernel(out, dim, index, idx, src);
  const is = asAtLeast1d(index).shape;
  const srcT = src instanceof Tensor ? src : null;
  record([out], {
    name: srcT ? "ScatterBackward0" : "ScatterBackward1",
    inputs: srcT ? [x, srcT] : [x],
    backward: ([g]) => {
      const gSelf = zeroScattered(g!, dim, is, idx);
      return srcT ? [gSelf, gatherGrad(g!, dim, index, idx, srcT.shape)] : [gSelf];
    },
  });
  return out;
}

/** Add src into t at the scattered positions, one element at a time in index order. */
function scatterAddKernel(t: Tensor, dim: number, index: Tensor, idx: Float64Array, src: Tensor) {
  const ts = asAtLeast1d(t).strides;
  const rs = asAtLeast1d(src).strides;
  const d = rawArray(t);
  const s = rawArray(src);
  const is = asAtLeast1d(index).shape;
  const big = d instanceof BigInt64Array;
  const read = converter(t.dtype, float64);
  const write = converter(float64, t.dtype);
  forEachCoord(is, (c, k) => {
    const at = offsetOf(c, ts, dim, t.offset) + idx[k] * ts[dim];
    const v = s[offsetOf(c, rs, -1, src.offset)];
    if (big) d[at] = BigInt.asIntN(64, (d[at] as bigint) + (v as bigint));
    else d[at] = write((read(d[at]) as number) + (read(v) as number));
  });
}

/** x.scatter_add(dim, index, src): a copy of x with src summed in at the scattered positions. */
export function scatterAdd(x: Tensor, dimArg: number, index: Tensor, src: Tensor): Tensor {
  const dim = normalizeDim(dimArg, x.ndim);
  const idx = checkScatter(x, dim, index, src);
  const out = copyOf(x);
  scatterAddKernel(out, dim, index, idx, src);
  record([out], {
    name: "ScatterAddBackward0",
    inputs: [x, src],
    backward: ([g]) => [g!, gatherGrad(g!, dim, index, idx, src.shape)],
  });
  return out;
}

/** self.scatter_add_(dim, index, src). */
export function scatterAdd_(self: Tensor, dimArg: number, index: Tensor, src: Tensor): Tensor {
  const dim = normalizeDim(dimArg, self.ndim);
  const idx = checkScatter(self, dim, index, src);
  checkInplace(self);
  scatterAddKernel(self, dim, index, idx, src);
  self.version.bump();
  recordInplace(self, {
    name: "ScatterAddBackward0",
    others: [src],
    backward: (g) => [g, gatherGrad(g, dim, index, idx, src.shape)],
  });
  return self;
}

// -------------------------------------------------------------------------------- index_fill

function checkIndexFill(
  self: Tensor,
  dim: number,
  index: Tensor,
  value: Tensor | Scalar,
): Float64Array {
  if (index.dtype !== int64) throw indexError("index_fill_(): Expected dtype int64 for index.");
  if (index.ndim > 1) throw runtimeError("Index has to be a vector/scalar");
  if (value instanceof Tensor && value.ndim !== 0)
    throw runtimeError(
      `index_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`,
    );
  const idx = indexValues(index);
  const size = asAtLeast1d(self).shape[dim];
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    if (v < -size || v >= size)
      throw indexError(`index ${v} is out of bounds for dimension ${dim} with size ${size}`);
    if (v < 0) idx[i] = v + size;
  }
  return idx;
}

/** Every element of t whose coordinate along `dim` is listed in idx gets `raw`. */
function fillSlices(t: Tensor, dim: number, idx: Float64Array, raw: Raw): void {
  const { shape, strides } = asAtLeast1d(t);
  const d = rawArray(t);
  const rest = shape.map((s, i) => (i === dim ? 1 : s));
  for (const v of idx)
    forEachCoord(rest, (c) => {
      d[offsetOf(c, strides, dim, t.offset) + v * strides[dim]] = raw;
    });
}

/** The fill value in self's dtype: a tensor value is read like .item(), both are range-checked. */
function fillRaw(self: Tensor, value: Tensor | Scalar): Raw {
  const v =
    value instanceof Tensor ? rawToScalar(rawArray(value)[value.offset], value.dtype) : value;
  return checkedScalarToRaw(v, self.dtype);
}

/** Gradient of a 0-dim fill value: the sum of g over the filled slices. */
function valueGrad(g: Tensor, dim: number, idx: Float64Array, value: Tensor): Tensor {
  const { shape, strides } = asAtLeast1d(g);
  const read = converter(g.dtype, float64);
  const d = rawArray(g);
  const rest = shape.map((s, i) => (i === dim ? 1 : s));
  let total = 0;
  for (const v of new Set(idx))
    forEachCoord(rest, (c) => {
      total += read(d[offsetOf(c, strides, dim, g.offset) + v * strides[dim]]) as number;
    });
  const out = Tensor.empty([], value.dtype);
  rawArray(out)[0] = converter(float64, value.dtype)(total);
  return out;
}

function indexFillBackward(dim: number, idx: Float64Array, value: Tensor | null) {
  return (g: Tensor): (Tensor | null)[] => {
    const gSelf = contiguousCopy(g);
    fillSlices(gSelf, dim, idx, converter(float64, g.dtype)(0));
    return value ? [gSelf, valueGrad(g, dim, idx, value)] : [gSelf];
  };
}

/** self.index_fill_(dim, index, value): value is a Python scalar or a 0-dim tensor. */
export function indexFill_(
  self: Tensor,
  dimArg: number,
  index: Tensor,
  value: Tensor | Scalar,
): Tensor {
  const dim = normalizeDim(dimArg, self.ndim);
  const idx = checkIndexFill(self, dim, index, value);
  checkInplace(self);
  fillSlices(self, dim, idx, fillRaw(self, value));
  self.version.bump();
  const v = value instanceof Tensor ? value : null;
  recordInplace(self, {
    name: v ? "IndexFillBackward1" : "IndexFillBackward0",
    others: v ? [v] : [],
    backward: indexFillBackward(dim, idx, v),
  });
  return self;
}

/** x.index_fill(dim, index, value). */
export function indexFill(
  x: Tensor,
  dimArg: number,
  index: Tensor,
  value: Tensor | Scalar,
): Tensor {
  const dim = normalizeDim(dimArg, x.ndim);
  const idx = checkIndexFill(x, dim, index, value);
  const out = copyOf(x);
  fillSlices(out, dim, idx, fillRaw(x, value));
  const v = value instanceof Tensor ? value : null;
  const bw = indexFillBackward(dim, idx, v);
  record([out], {
    name: v ? "IndexFillBackward1" : "IndexFillBackward0",
    inputs: v ? [x, v] : [x],
    backward: ([g]) => bw(g!),
  });
  return out;
}
