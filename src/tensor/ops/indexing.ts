import { recordInplace } from "../autograd/inplace";
import {
  checkInplace,
  checkViewRebase,
  gradMode,
  record,
  viewCreationMeta,
  withNoGrad,
} from "../autograd/node";
import {
  checkedScalarToRaw,
  converter,
  fillScalarToRaw,
  rawToScalar,
  type Raw,
  type Scalar,
} from "../convert";
import { float64, int64, uint8, type DType } from "../dtype";
import { indexError, runtimeError, valueError } from "../errors";
import { broadcastShapes, contiguousStrides, normalizeDim, shapeString } from "../shape";
import { Tensor } from "../tensor";
import { contiguousCopy, copyStrided, rawArray, sameShape, sumToShapeFloat64 } from "./strided";
import { tensor, type NestedData } from "./create";
import { alias, expand, makeView, unsqueeze } from "./views";
import { copy_ } from "./copy";
import {
  assertNoOverlap,
  assertNoPartialOverlap,
  hasInternalOverlap,
  isSameData,
  OVERLAP_MESSAGE,
  sameMemory,
} from "./overlap";
import { fill_ } from "./fill";
import { copyInKernelOrder } from "./kernelOrderCopy";

// Python indexing: ints, slices, None and ... make views; tensors and lists (advanced
// indexing) make copies on read and scatter on write (index_put_).

/** One item of a subscript, e.g. `x[0, 1:3, None, ..., mask, [0, 2]]`. */
export type IndexItem =
  | number
  | { slice: [start: number | null, stop: number | null, step: number | null] }
  | null
  | "ellipsis"
  /** Python's True/False: a 0-dim bool index, except written alone on the left of `=`. */
  | boolean
  | Tensor
  | IndexList;

type NormItem = Exclude<IndexItem, IndexList | boolean>;

const outOfBounds = (i: number, dim: number, size: number) =>
  indexError(`index ${i} is out of bounds for dimension ${dim} with size ${size}`);

/** tensor.select(dim, index): drops `dim`, a view. */
export function select(t: Tensor, dim: number, index: number): Tensor {
  if (t.ndim === 0) throw indexError("select() cannot be applied to a 0-dim tensor.");
  const d = normalizeDim(dim, t.ndim);
  const size = t.shape[d];
  if (index < -size || index >= size)
    throw indexError(
      `select(): index ${index} out of range for tensor of size ${shapeString(t.shape)} at dimension ${d}`,
    );
  return selectUnchecked(t, d, index);
}

/**
 * A subscript's integer: PyTorch names the position of the item inside the subscript tuple
 * (`realDim`), not the tensor dim it selects, so `None` and `...` shift the reported number.
 */
function selectItem(t: Tensor, dim: number, index: number, realDim: number): Tensor {
  const size = t.shape[dim];
  if (index < -size || index >= size) throw outOfBounds(index, realDim, size);
  return selectUnchecked(t, dim, index);
}

function selectUnchecked(t: Tensor, d: number, index: number): Tensor {
  const size = t.shape[d];
  const i = index < 0 ? index + size : index;
  const shape = t.shape.filter((_, k) => k !== d);
  const strides = t.strides.filter((_, k) => k !== d);
  const inShape = t.shape;
  return makeView(t, shape, strides, t.offset + i * t.strides[d], "SelectBackward0", (g) => {
    const out = Tensor.empty(inShape, g.dtype);
    copyStrided(
      new Tensor(
        out.storage,
        g.shape,
        out.strides.filter((_, k) => k !== d),
        i * out.strides[d],
      ),
      g,
    );
    return out;
  });
}

/** Python's slice.indices clamping for a positive step. */
function sliceBounds(start: number | null, stop: number | null, size: number): [number, number] {
  const clamp = (v: number): number => (v < 0 ? Math.max(v + size, 0) : Math.min(v, size));
  const s = start === null ? 0 : clamp(start);
  const e = stop === null ? size : clamp(stop);
  return [s, Math.max(e, s)];
}

/** t[..., start:stop:step, ...] along `dim`: a view (SliceBackward0). */
export function slice(
  t: Tensor,
  dim: number,
  start: number | null,
  stop: number | null,
  step: number | null = null,
): Tensor {
  const st = step ?? 1;
  if (st === 0) throw valueError("slice step cannot be zero");
  if (st < 0) throw valueError("step must be greater than zero");
  const d = normalizeDim(dim, t.ndim);
  const [s, e] = sliceBounds(start, stop, t.shape[d]);
  const len = Math.ceil((e - s) / st);
  const shape = [...t.shape];
  const strides = [...t.strides];
  shape[d] = len;
  strides[d] = t.strides[d] * st;
  const inShape = t.shape;
  return makeView(t, shape, strides, t.offset + s * t.strides[d], "SliceBackward0", (g) => {
    const out = Tensor.empty(inShape, g.dtype);
    const os = [...out.strides];
    os[d] *= st;
    copyStrided(new Tensor(out.storage, g.shape, os, s * out.strides[d]), g);
    return out;
  });
}

// --------------------------------------------------------------------------------------------
// Subscript resolution

interface Advanced {
  dim: number;
  index: Tensor;
}

interface Resolved {
  view: Tensor;
  adv: Advanced[];
  /** Whether a basic item made `view` a real view of `t` (PyTorch returns `t` itself otherwise). */
  touched: boolean;
  /** The view function that made `view` last ("Select", "Slice", "Unsqueeze"), if touched. */
  lastOp: string;
}

function isIndexDtypeOk(t: Tensor): boolean {
  return t.dtype.kind === "int" || t.dtype.kind === "bool";
}

type IndexList = readonly (number | bigint | boolean | IndexList)[];

/** A Python list used as an index: all bools make a mask, otherwise (nested) ints. */
function listToTensor(list: IndexList): Tensor {
  const toInts = (x: IndexList[number]): NestedData => {
    if (Array.isArray(x)) return x.map(toInts);
    if (typeof x === "number") {
      if (!Number.isInteger(x))
        throw indexError(
          "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)",
        );
      return BigInt(x);
    }
    return x as bigint | boolean;
  };
  const t = tensor(toInts(list));
  // An empty list indexes nothing, as an int64 tensor.
  return t.numel === 0 ? Tensor.empty(t.shape, int64) : t;
}

/** Indices of the true elements of a bool mask, one int64 tensor per mask dim (nonzero). */
function maskToIndices(mask: Tensor): Tensor[] {
  const k = mask.ndim;
  const hits: number[][] = [];
  const n = mask.numel;
  const M = mask.storage.data as Uint8Array;
  const coord = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    if (M[mask.storageIndex(i)]) hits.push([...coord]);
    for (let d = k - 1; d >= 0; d--) {
      if (++coord[d] < mask.shape[d]) break;
      coord[d] = 0;
    }
  }
  return [...Array(k).keys()].map((d) => {
    const t = Tensor.empty([hits.length], int64);
    const D = t.storage.data as BigInt64Array;
    hits.forEach((h, j) => (D[j] = BigInt(h[d])));
    return t;
  });
}

/**
 * Apply the basic items as views (recording their nodes when `grad` is on) and collect the
 * advanced ones, with the dims they index in the resulting view. `tuple` skips whole-dim
 * slices; `bare` says Python wrote one item without a tuple (`x[0]` rather than `x[0,]`).
 */
function resolve(t: Tensor, items: readonly IndexItem[], tuple: boolean, bare: boolean): Resolved {
  // A bare int goes straight to select in PyTorch, before the count check of a tuple.
  if (bare && t.ndim === 0 && items.length === 1 && typeof items[0] === "number") {
    if (items[0] === 0)
      throw indexError(
        "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number",
      );
    throw outOfBounds(items[0], 0, 0);
  }
  const norm: NormItem[] = items.map((it) =>
    Array.isArray(it)
      ? listToTensor(it as IndexList)
      : typeof it === "boolean"
        ? tensor(it)
        : (it as NormItem),
  );
  let specified = 0;
  for (const it of norm) {
    if (it === null || it === "ellipsis") continue;
    if (it instanceof Tensor) {
      if (!isIndexDtypeOk(it))
        throw indexError("tensors used as indices must be long, int, byte or bool tensors");
      specified += it.dtype.kind === "bool" || it.dtype.name === "uint8" ? it.ndim : 1;
    } else specified += 1;
  }
  if (specified > t.ndim) throw indexError(`too many indices for tensor of dimension ${t.ndim}`);

  let cur = t;
  let dim = 0;
  let sawEllipsis = false;
  const adv: Advanced[] = [];
  let touched = false;
  let lastOp = "";
  for (let pos = 0; pos < norm.length; pos++) {
    const it = norm[pos];
    if (typeof it === "number") {
      if (!Number.isInteger(it))
        throw indexError(
          "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)",
        );
      cur = selectItem(cur, dim, it, pos);
      touched = true;
      lastOp = "Select";
    } else if (it === null) {
      cur = unsqueeze(cur, dim);
      dim++;
      touched = true;
      lastOp = "Unsqueeze";
    } else if (it === "ellipsis") {
      if (!sawEllipsis) dim += t.ndim - specified;
      sawEllipsis = true;
    } else if (it instanceof Tensor) {
      const isMask = it.dtype.kind === "bool" || it.dtype.name === "uint8";
      if (!isMask && it.ndim === 0) {
        cur = selectItem(cur, dim, Number(rawArray(it)[it.offset]), pos);
        touched = true;
        lastOp = "Select";
        continue;
      }
      if (isMask && it.ndim === 0) {
        // x[True] / x[False]: a new leading dim of size 1 or 0, as numpy does.
        cur = unsqueeze(cur, dim);
        touched = true;
        lastOp = "Unsqueeze";
        const pick = rawArray(it)[it.offset] ? [0n] : [];
        adv.push({ dim, index: tensor(pick, { dtype: int64 }) });
        dim++;
      } else if (isMask) {
        for (let j = 0; j < it.ndim; j++)
          if (it.shape[j] !== cur.shape[dim + j])
            throw indexError(
              `The shape of the mask ${shapeString(it.shape)} at index ${j} does not match the shape of the indexed tensor ${shapeString(cur.shape)} at index ${dim + j}`,
            );
        maskToIndices(it).forEach((idx, j) => adv.push({ dim: dim + j, index: idx }));
        dim += it.ndim;
      } else {
        adv.push({ dim, index: it });
        dim++;
      }
    } else {
      const [start, stop, step] = it.slice;
      const size = cur.shape[dim] ?? 0;
      const [s0, e0] = sliceBounds(start, stop, size);
      // Inside a tuple PyTorch skips a slice that keeps the whole dim (x[:, 1] is one select).
      const whole = tuple && (step ?? 1) === 1 && s0 === 0 && e0 === size && dim < cur.ndim;
      if (!whole) {
        cur = slice(cur, dim, start, stop, step);
        touched = true;
        lastOp = "Slice";
      }
      dim++;
    }
  }
  if (!touched && adv.length === 0) cur = alias(cur);
  return { view: cur, adv, touched, lastOp };
}

// --------------------------------------------------------------------------------------------
// Advanced indexing geometry

interface Gather {
  /** Shape of the result of `view[adv]`. */
  shape: number[];
  /** Storage index of every result element, row-major. */
  positions: Float64Array;
}

function odometerOffsets(shape: readonly number[], strides: readonly number[]): Float64Array {
  let n = 1;
  for (const s of shape) n *= s;
  const out = new Float64Array(n);
  const coord = new Array<number>(shape.length).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    out[i] = off;
    for (let d = shape.length - 1; d >= 0; d--) {
      coord[d]++;
      off += strides[d];
      if (coord[d] < shape[d]) break;
      off -= strides[d] * shape[d];
      coord[d] = 0;
    }
  }
  return out;
}

interface Layout {
  /** The index tensors' broadcast shape. */
  b: number[];
  /** View dims placed before and after the indexed block in the result. */
  before: number[];
  after: number[];
  /** Shape of the result of `view[adv]`. */
  shape: number[];
}

/** The shape `view[adv]` has, found before any index is read (index_put_ checks its value first). */
function gatherLayout(view: Tensor, adv: Advanced[]): Layout {
  let b: number[];
  try {
    b = adv.reduce<number[]>((acc, a) => broadcastShapes(acc, a.index.shape), []);
  } catch {
    throw indexError(
      `shape mismatch: indexing tensors could not be broadcast together with shapes ${adv.map((a) => shapeString(a.index.shape)).join(", ")}`,
    );
  }
  const advDims = new Set(adv.map((a) => a.dim));
  const dims = adv.map((a) => a.dim);
  const adjacent = dims.every((d, i) => i === 0 || d === dims[i - 1] + 1);
  const first = dims[0];
  const before: number[] = [];
  const after: number[] = [];
  for (let d = 0; d < view.ndim; d++) {
    if (advDims.has(d)) continue;
    if (adjacent && d < first) before.push(d);
    else after.push(d);
  }
  const shape = [...before.map((d) => view.shape[d]), ...b, ...after.map((d) => view.shape[d])];
  return { b, before, after, shape };
}

function gatherPlan(view: Tensor, adv: Advanced[], layout = gatherLayout(view, adv)): Gather {
  const { b, before, after, shape } = layout;
  const nb = b.reduce((x, y) => x * y, 1);
  const advOff = new Float64Array(nb);
  for (let k = 0; k < adv.length; k++) {
    const a = adv[k];
    const idx = expandRaw(a.index, b);
    const size = view.shape[a.dim];
    const stride = view.strides[a.dim];
    const read = converter(a.index.dtype, float64);
    const I = rawArray(idx);
    for (let j = 0; j < nb; j++) {
      let v = read(I[idx.storageIndex(j)]) as number;
      // The index kernel counts dims among the index tensors only.
      if (v < -size || v >= size) throw outOfBounds(v, k, size);
      if (v < 0) v += size;
      advOff[j] += v * stride;
    }
  }
  const bOff = odometerOffsets(
    before.map((d) => view.shape[d]),
    before.map((d) => view.strides[d]),
  );
  const aOff = odometerOffsets(
    after.map((d) => view.shape[d]),
    after.map((d) => view.strides[d]),
  );
  const positions = new Float64Array(bOff.length * nb * aOff.length);
  let k = 0;
  for (let i = 0; i < bOff.length; i++)
    for (let j = 0; j < nb; j++) {
      const base = view.offset + bOff[i] + advOff[j];
      for (let m = 0; m < aOff.length; m++) positions[k++] = base + aOff[m];
    }
  return { shape, positions };
}

function expandRaw(t: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(t.shape, shape)) return t;
  return withNoGrad(() => expand(t, shape));
}

// --------------------------------------------------------------------------------------------
// Public API

export interface SubscriptOptions {
  /**
   * Whether Python wrote the subscript as a tuple (`x[:, 1]`, `x[(s,)]`) rather than one bare
   * item (`x[:]`). Only the autograd node differs: a whole-dim slice inside a tuple is skipped
   * (`x[:,]` is AliasBackward0) while a bare one is a real slice (SliceBackward0). Defaults to
   * "tuple unless there is exactly one item".
   */
  tuple?: boolean;
}

/** tensor[items]: a view for basic items, a copy (IndexBackward0) once an advanced item appears. */
export function getItem(
  t: Tensor,
  items: readonly IndexItem[],
  opts: SubscriptOptions = {},
): Tensor {
  const tuple = opts.tuple ?? items.length !== 1;
  const { view, adv } = resolve(t, items, tuple, !tuple);
  if (adv.length === 0) return view;
  const plan = gatherPlan(view, adv);
  const out = Tensor.empty(plan.shape, view.dtype);
  const S = rawArray(view);
  const O = rawArray(out);
  const P = plan.positions;
  for (let i = 0; i < P.length; i++) O[i] = S[P[i]];
  const inShape = view.shape;
  const inStrides = view.strides;
  const inOffset = view.offset;
  record([out], {
    name: "IndexBackward0",
    inputs: [view],
    // PyTorch keeps the index tensors as given (a bool mask itself, not its positions): an
    // in-place change to one, or a second backward, fails.
    save: [
      ...new Set([
        ...items.filter((it): it is Tensor => it instanceof Tensor && it.ndim > 0),
        ...adv.map((a) => a.index),
      ]),
    ],
    backward: ([g]) => {
      if (!g) return [null];
      // Scatter-add into a buffer laid out like the indexed view's storage span.
      const res = Tensor.empty(inShape, g.dtype);
      const acc = new Float64Array(res.numel);
      const gc = contiguousCopy(g);
      const G = rawArray(gc);
      const read = converter(g.dtype, float64);
      const toLogical = logicalIndexer(inShape, inStrides, inOffset);
      for (let i = 0; i < P.length; i++) acc[toLogical(P[i])] += read(G[i]) as number;
      const R = rawArray(res);
      const write = converter(float64, g.dtype);
      for (let i = 0; i < acc.length; i++) R[i] = write(acc[i]);
      return [res];
    },
  });
  return out;
}

/**
 * The mask index_put_ hands to masked_fill_ (canDispatchToMaskedFill): the subscript's only
 * index tensor, when it is a bool or uint8 mask with at least one dim. A 0-dim bool becomes an
 * int64 index and an int list an int64 tensor, so neither qualifies.
 */
function soleMask(items: readonly IndexItem[]): Tensor | "list" | null {
  let found: Tensor | "list" | null = null;
  let count = 0;
  const isBoolList = (x: IndexList[number]): boolean =>
    Array.isArray(x) ? x.length > 0 && x.every(isBoolList) : typeof x === "boolean";
  for (const it of items) {
    if (typeof it === "boolean") {
      count++;
      found = null;
    } else if (Array.isArray(it)) {
      count++;
      found = isBoolList(it as IndexList) ? "list" : null;
    } else if (it instanceof Tensor) {
      const isMask = it.dtype.kind === "bool" || it.dtype === uint8;
      if (it.ndim === 0 && !isMask) continue;
      count++;
      found = isMask && it.ndim > 0 ? it : null;
    }
  }
  return count === 1 ? found : null;
}

/** A view of `v` without its leading size-1 dims (slicePrefix1sDims), as setitem reads values. */
function dropLeadingOnes(v: Tensor): Tensor {
  let k = 0;
  while (k < v.ndim && v.shape[k] === 1) k++;
  if (k === 0) return v;
  return new Tensor(v.storage, v.shape.slice(k), v.strides.slice(k), v.offset, v.version);
}

/** A 0-dim tensor holding one raw slot of `dtype`. */
function scalarTensor(raw: Raw, dtype: DType): Tensor {
  const out = Tensor.empty([], dtype);
  rawArray(out)[0] = raw;
  return out;
}

/** checkInplace for a fresh view of `t` made by `op` with grad mode on. */
function checkInplaceThroughView(t: Tensor, op: string): void {
  if (!gradMode.enabled || !t.requiresGrad) return;
  checkViewRebase(viewCreationMeta(t, false), op, 0);
  if (t.gradFn === null)
    throw runtimeError(
      "a view of a leaf Variable that requires grad is being used in an in-place operation.",
    );
  checkInplace(t);
}

/** Map a storage index of a non-overlapping view back to its row-major logical index. */
function logicalIndexer(
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): (pos: number) => number {
  const n = shape.reduce((x, y) => x * y, 1);
  const map = new Map<number, number>();
  const offs = odometerOffsets(shape, strides);
  for (let i = 0; i < n; i++) map.set(offset + offs[i], i);
  return (pos) => map.get(pos) ?? 0;
}

/**
 * The tensor setitem writes: the value itself, or a Python number made a 0-dim tensor of t's
 * dtype. This runs before the subscript is looked at, even for `x[False] = v`.
 */
function setItemValue(t: Tensor, value: Tensor | Scalar): Tensor {
  if (value instanceof Tensor) return value;
  // valueToTensor unpacks a Python int as a long long whatever t's dtype.
  if (typeof value === "bigint" && (value >= 2n ** 63n || value < -(2n ** 63n)))
    throw valueError("Overflow when unpacking long long");
  return scalarTensor(fillScalarToRaw(value, t.dtype, 1), t.dtype);
}

/**
 * tensor[items] = value, PyTorch's THPVariable_setitem: a Python number first becomes a 0-dim
 * tensor of t's dtype (checked, so its overflow error beats every index error). Basic items
 * write through copy_to (fill_ for a 0-dim value, else copy_ of the value broadcast without its
 * leading 1s); advanced ones go to index_put_, which needs the value's dtype to match t's unless
 * it is one element written through a single mask (then masked_fill_ converts it, checked).
 * Writes through to `t`, bumps its version once.
 */
export function setItem(
  t: Tensor,
  items: readonly IndexItem[],
  value: Tensor | Scalar,
  opts: SubscriptOptions = {},
): Tensor {
  const bare = !(opts.tuple ?? items.length !== 1);
  const valueT = value instanceof Tensor ? value : null;
  const src = setItemValue(t, value);
  // A bare Python bool never reaches index_put_: False writes nothing (not even a version
  // bump), True writes through self.unsqueeze(0) as None does.
  let subscript = items;
  if (bare && items.length === 1 && typeof items[0] === "boolean") {
    if (!items[0]) return t;
    subscript = [null];
  }
  // PyTorch resolves the subscript first (index errors win), then writes into the view
  // when a basic item made one, so a leaf is reported as "a view of a leaf" in that case.
  const { view, adv, touched, lastOp } = withNoGrad(() => resolve(t, subscript, true, bare));
  // Nothing but whole slices and ...: copy_to writes into t itself, so the history shows
  // fill_ or copy_ rather than CopySlices.
  if (!touched && adv.length === 0) {
    if (sameShape(t.shape, src.shape)) copy_(t, src);
    else if (src.ndim === 0) fill_(t, src);
    else
      copy_(
        t,
        withNoGrad(() => expand(dropLeadingOnes(src), t.shape)),
      );
    return t;
  }

  let positions: Float64Array;
  let targetShape: number[];
  let fillRaw: Raw | null = null;
  let vals: Tensor | null = null;
  let sameData = false;
  if (adv.length === 0) {
    targetShape = [...view.shape];
    positions = odometerOffsets(view.shape, view.strides).map((o) => o + view.offset);
    // copy_to checks the value's shape before copy_ checks for a leaf.
    if (src.ndim === 0 || sameShape(src.shape, targetShape)) vals = src;
    else vals = withNoGrad(() => expand(dropLeadingOnes(src), targetShape));
    checkInplaceThroughView(t, lastOp);
    // `y[1:] = y[1:]` is a copy_ onto the same memory, which ATen skips without any check.
    sameData = valueT !== null && isSameData(view, vals);
    if (!sameData) {
      // fill_ and copy_ both refuse a target whose elements alias (a slice of an expanded
      // tensor), and copy_ a source that partly overlaps it.
      if (hasInternalOverlap(view)) throw runtimeError(OVERLAP_MESSAGE);
      if (valueT !== null) assertNoPartialOverlap(view, vals);
    }
  } else {
    if (touched) checkInplaceThroughView(t, lastOp);
    else checkInplace(t);
    const layout = gatherLayout(view, adv);
    targetShape = layout.shape;
    const v = dropLeadingOnes(src);
    const mask = v.numel === 1 ? soleMask(subscript) : null;
    if (mask !== null) {
      if (mask !== "list" && mask.dtype === uint8)
        throw runtimeError(
          "masked_fill_ only supports boolean masks, but got mask with dtype unsigned char",
        );
      const raw = rawArray(v)[v.storageIndex(0)];
      fillRaw = valueT ? checkedScalarToRaw(rawToScalar(raw, v.dtype), t.dtype) : raw;
    } else {
      // index_put_ refuses a value sharing memory with the target.
      if (valueT !== null) assertNoOverlap(view, v);
      try {
        vals = withNoGrad(() => expand(v, targetShape));
      } catch {
        throw runtimeError(
          `shape mismatch: value tensor of shape ${shapeString(v.shape)} cannot be broadcast to indexing result of shape ${shapeString(targetShape)}`,
        );
      }
      if (v.dtype !== t.dtype)
        throw runtimeError(
          `Index put requires the source and destination dtypes match, got ${t.dtype.scalarName} for the destination and ${v.dtype.scalarName} for the source.`,
        );
    }
    // The kernel reads the indices (and finds one out of bounds) only after those checks.
    positions = gatherPlan(view, adv, layout).positions;
  }
  const D = rawArray(t);
  if (sameData) {
    // nothing to write: the version still moves, as copy_ bumps it
  } else if (fillRaw !== null) {
    for (let i = 0; i < positions.length; i++) D[positions[i]] = fillRaw;
  } else if (vals!.ndim === 0) {
    const raw = converter(vals!.dtype, t.dtype)(rawArray(vals!)[vals!.offset]);
    for (let i = 0; i < positions.length; i++) D[positions[i]] = raw;
  } else if (adv.length === 0 && sameMemory(view, vals!)) {
    // Slices of one tensor past the overlap check (`z[:, 1:] = z[:, :3]`): copy_ reads and
    // writes in its own order, so earlier writes show up in later reads.
    copyInKernelOrder(view, vals!);
  } else {
    const V = rawArray(contiguousCopy(vals!, t.dtype));
    for (let i = 0; i < positions.length; i++) D[positions[i]] = V[i];
  }
  t.version.bump();

  const tShape = t.shape;
  const tStrides = t.strides;
  const tOffset = t.offset;
  recordInplace(t, {
    name: adv.length === 0 ? "torch::autograd::CopySlices" : "IndexPutBackward0",
    others: valueT ? [valueT] : [],
    backward: (g) => {
      const toLogical = logicalIndexer(tShape, tStrides, tOffset);
      const gc = contiguousCopy(g);
      const G = rawArray(gc);
      const zero = converter(float64, g.dtype)(0);
      const region = Tensor.empty(targetShape, g.dtype);
      const Rg = rawArray(region);
      for (let i = 0; i < positions.length; i++) Rg[i] = G[toLogical(positions[i])];
      for (let i = 0; i < positions.length; i++) G[toLogical(positions[i])] = zero;
      if (!valueT) return [gc];
      let gv: Tensor | null = null;
      if (valueT.requiresGrad) {
        // The value was read without its leading 1s; its gradient gets them back.
        const s = contiguousCopy(sumToShapeFloat64(region, dropLeadingOnes(valueT).shape));
        const back = new Tensor(s.storage, [...valueT.shape], contiguousStrides(valueT.shape), 0);
        gv = back.dtype === valueT.dtype ? back : contiguousCopy(back, valueT.dtype);
      }
      return [gc, gv];
    },
  });
  return t;
}
