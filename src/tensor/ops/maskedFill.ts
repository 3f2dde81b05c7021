import { recordInplace } from "../autograd/inplace";
import { checkInplace, record } from "../autograd/node";
import { checkedScalarToRaw, converter, rawToScalar, type Raw, type Scalar } from "../convert";
import type { DType, TypedArray } from "../dtype";
import { float64 } from "../dtype";
import { runtimeError } from "../errors";
import { broadcastStrides, forEachRow } from "../iter";
import { broadcastShapes, shapeString } from "../shape";
import { Tensor } from "../tensor";
import { contiguousCopy, copyStrided, rawArray, sameShape, sumToShape } from "./strided";

// masked_fill / masked_fill_ as PyTorch 2.13 runs them on CPU: bool masks only, a checked
// conversion of the value, and an in-place kernel that writes through every alias.

/** The C++ type names PyTorch prints for a non-bool mask. */
const MASK_TYPE_NAMES: Record<string, string> = {
  uint8: "unsigned char",
  int8: "signed char",
  int16: "short int",
  int32: "int",
  int64: "long int",
  float16: "c10::Half",
  bfloat16: "c10::BFloat16",
  float32: "float",
  float64: "double",
};

export type FillValue = Scalar | Tensor;

function valueScalar(value: FillValue): Scalar {
  if (!(value instanceof Tensor)) return value;
  if (value.ndim !== 0)
    throw runtimeError(
      `masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`,
    );
  return rawToScalar(rawArray(value)[value.offset], value.dtype);
}

function checkMask(mask: Tensor): void {
  if (mask.dtype.kind !== "bool")
    throw runtimeError(
      `masked_fill_ only supports boolean masks, but got mask with dtype ${MASK_TYPE_NAMES[mask.dtype.name]}`,
    );
}

/** Inclusive range of storage indices a tensor touches. */
function extent(t: Tensor): [number, number] {
  let lo = t.offset;
  let hi = t.offset;
  t.shape.forEach((s, i) => {
    const span = (s - 1) * t.strides[i];
    if (span < 0) lo += span;
    else hi += span;
  });
  return [lo, hi];
}

/** at::assert_no_partial_overlap: sharing memory is only allowed when it is all of it. */
function assertNoPartialOverlap(self: Tensor, other: Tensor): void {
  if (self.storage !== other.storage || self.numel === 0 || other.numel === 0) return;
  const [a0, a1] = extent(self);
  const [b0, b1] = extent(other);
  if (a1 < b0 || b1 < a0) return;
  const full = a0 === b0 && a1 === b1 && self.isContiguous() && other.isContiguous();
  if (!full)
    throw runtimeError(
      "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.",
    );
}

// --------------------------------------------------------------------------------------------
// The kernel. Every dtype is handled through an integer view of its storage (one 8-, 16- or
// 32-bit word per element, two 32-bit words for 8-byte dtypes), so one branch-free select
// `old ^ ((old ^ value) & -mask)` serves them all. Each word width has its own small loop
// functions so that V8 sees one array type per function (monomorphic element access), and
// indices are kept as int32.

type Small = Int8Array | Int16Array;

function wordsOf(data: TypedArray, itemsize: number): Small | Int32Array {
  const buf = data.buffer;
  const off = data.byteOffset;
  if (itemsize === 1) return new Int8Array(buf, off, data.byteLength);
  if (itemsize === 2) return new Int16Array(buf, off, data.byteLength >> 1);
  return new Int32Array(buf, off, data.byteLength >> 2);
}

function valueWords(raw: Raw, dtype: DType): [number, number] {
  const one = dtype.alloc(1);
  (one as unknown as Raw[])[0] = raw;
  const w = wordsOf(one, dtype.itemsize);
  return [w[0], dtype.itemsize === 8 ? w[1] : 0];
}

// 32-bit words (float32, int32): the hot path of the lessons' attention masks. The contiguous
// case reads the bool mask four bytes at a time (little-endian: byte j is element i + j).
function sel32(
  W: Int32Array,
  w: number,
  ws: number,
  M: Uint8Array,
  m: number,
  ms: number,
  n: number,
  v: number,
): void {
  if (ws === 1 && ms === 1) {
    sel32Dense(W, w, M, m, n, v, W);
    return;
  }
  for (let i = 0; i < n; i++, w += ws, m += ms) {
    const o = W[w];
    W[w] = o ^ ((o ^ v) & -M[m]);
  }
}

/** O[o..] = M ? v : S[s..] over n contiguous elements (O may be S for in place, o === s). */
function sel32Dense(
  S: Int32Array,
  s: number,
  M: Uint8Array,
  m: number,
  n: number,
  v: number,
  O: Int32Array,
  o: number = s,
): void {
  let i = 0;
  // Scalar head until the mask is 4-byte aligned, then whole mask words.
  for (; i < n && ((M.byteOffset + m + i) & 3) !== 0; i++) {
    const x = S[s + i];
    O[o + i] = x ^ ((x ^ v) & -M[m + i]);
  }
  const q = (n - i) >> 2;
  if (q > 0) {
    const M32 = new Int32Array(M.buffer, M.byteOffset + m + i, q);
    let a = s + i;
    let b = o + i;
    for (let j = 0; j < q; j++, a += 4, b += 4) {
      const k = M32[j];
      let x = S[a];
      O[b] = x ^ ((x ^ v) & -(k & 1));
      x = S[a + 1];
      O[b + 1] = x ^ ((x ^ v) & -((k >> 8) & 1));
      x = S[a + 2];
      O[b + 2] = x ^ ((x ^ v) & -((k >> 16) & 1));
      x = S[a + 3];
      O[b + 3] = x ^ ((x ^ v) & -((k >>> 24) & 1));
    }
    i += q * 4;
  }
  for (; i < n; i++) {
    const x = S[s + i];
    O[o + i] = x ^ ((x ^ v) & -M[m + i]);
  }
}

/** Out-of-place fused form: O = M ? v : S, in one pass over contiguous data. */
function select32(
  O: Int32Array,
  S: Int32Array,
  s: number,
  M: Uint8Array,
  m: number,
  n: number,
  v: number,
): void {
  sel32Dense(S, s, M, m, n, v, O, 0);
}

// Pairs of 32-bit words (float64, int64); `w` and `ws` count elements.
function sel64(
  W: Int32Array,
  w: number,
  ws: number,
  M: Uint8Array,
  m: number,
  ms: number,
  n: number,
  v0: number,
  v1: number,
): void {
  w *= 2;
  ws *= 2;
  for (let i = 0; i < n; i++, w += ws, m += ms) {
    const k = -M[m];
    const o0 = W[w];
    const o1 = W[w + 1];
    W[w] = o0 ^ ((o0 ^ v0) & k);
    W[w + 1] = o1 ^ ((o1 ^ v1) & k);
  }
}

function select64(
  O: Int32Array,
  S: Int32Array,
  s: number,
  M: Uint8Array,
  m: number,
  n: number,
  v0: number,
  v1: number,
): void {
  s *= 2;
  for (let i = 0, o = 0; i < n; i++, o += 2, s += 2) {
    const k = -M[m + i];
    const a = S[s];
    const b = S[s + 1];
    O[o] = a ^ ((a ^ v0) & k);
    O[o + 1] = b ^ ((b ^ v1) & k);
  }
}

// 8- and 16-bit words (bool, uint8, int8, int16, float16, bfloat16).
function selSmall(
  W: Small,
  w: number,
  ws: number,
  M: Uint8Array,
  m: number,
  ms: number,
  n: number,
  v: number,
): void {
  for (let i = 0; i < n; i++, w += ws, m += ms) {
    const o = W[w];
    W[w] = o ^ ((o ^ v) & -M[m]);
  }
}

function selectSmall(
  O: Small,
  S: Small,
  s: number,
  M: Uint8Array,
  m: number,
  n: number,
  v: number,
): void {
  for (let i = 0; i < n; i++) {
    const o = S[s + i];
    O[i] = o ^ ((o ^ v) & -M[m + i]);
  }
}

/** A row where the mask does not vary: all of it gets the value, or none of it does. */
function fillRow(
  W: Small | Int32Array,
  wide: boolean,
  w: number,
  ws: number,
  n: number,
  v0: number,
  v1: number,
): void {
  if (wide) {
    for (let i = 0, k = 2 * w; i < n; i++, k += 2 * ws) {
      W[k] = v0;
      W[k + 1] = v1;
    }
  } else if (ws === 1) W.fill(v0, w, w + n);
  else for (let i = 0; i < n; i++, w += ws) W[w] = v0;
}

/** Sort dims so the one with the smallest |self stride| is innermost (transposed views). */
function iterationOrder(shape: readonly number[], strides: readonly number[]): number[] {
  return [...shape.keys()].sort((a, b) => Math.abs(strides[b]) - Math.abs(strides[a]) || a - b);
}

const denseAlike = (a: Tensor, b: Tensor): boolean =>
  sameShape(a.shape, b.shape) && a.isContiguous() && b.isContiguous();

/**
 * Write `raw` into `self` where the (broadcast) mask is true. `mask` must broadcast to
 * self's shape; it is read through stride-0 dims, never materialised.
 */
export function maskedFillKernel(self: Tensor, mask: Tensor, raw: Raw): void {
  const n = self.numel;
  if (n === 0) return;
  const size = self.dtype.itemsize;
  const W = wordsOf(self.storage.data, size);
  const [v0, v1] = valueWords(raw, self.dtype);
  const M = mask.storage.data as Uint8Array;

  if (denseAlike(self, mask)) {
    if (size === 4) sel32(W as Int32Array, self.offset, 1, M, mask.offset, 1, n, v0);
    else if (size === 8) sel64(W as Int32Array, self.offset, 1, M, mask.offset, 1, n, v0, v1);
    else selSmall(W as Small, self.offset, 1, M, mask.offset, 1, n, v0);
    return;
  }

  const mStridesFull = broadcastStrides(mask.shape, mask.strides, self.shape);
  const order = iterationOrder(self.shape, self.strides);
  const shape = order.map((d) => self.shape[d]);
  const sStrides = order.map((d) => self.strides[d]);
  const mStrides = order.map((d) => mStridesFull[d]);
  const last = shape.length - 1;
  const ss = last >= 0 ? sStrides[last] : 0;
  const ms = last >= 0 ? mStrides[last] : 0;
  const wide = size === 8;
  forEachRow(
    shape,
    [
      { strides: sStrides, offset: self.offset },
      { strides: mStrides, offset: mask.offset },
    ],
    (starts, len) => {
      const s = starts[0] | 0;
      const m = starts[1] | 0;
      if (ms === 0) {
        if (M[m] !== 0) fillRow(W, wide, s, ss, len, v0, v1);
      } else if (size === 4) sel32(W as Int32Array, s, ss, M, m, ms, len, v0);
      else if (wide) sel64(W as Int32Array, s, ss, M, m, ms, len, v0, v1);
      else selSmall(W as Small, s, ss, M, m, ms, len, v0);
    },
  );
}

/** Out-of-place: `out` (fresh, contiguous, broadcast shape) = self with `raw` where mask. */
function maskedFillInto(out: Tensor, self: Tensor, mask: Tensor, raw: Raw): void {
  const n = out.numel;
  if (n > 0 && denseAlike(out, self) && denseAlike(out, mask)) {
    const size = self.dtype.itemsize;
    const O = wordsOf(out.storage.data, size);
    const S = wordsOf(self.storage.data, size);
    const M = mask.storage.data as Uint8Array;
    const [v0, v1] = valueWords(raw, self.dtype);
    if (size === 4) select32(O as Int32Array, S as Int32Array, self.offset, M, mask.offset, n, v0);
    else if (size === 8)
      select64(O as Int32Array, S as Int32Array, self.offset, M, mask.offset, n, v0, v1);
    else selectSmall(O as Small, S as Small, self.offset, M, mask.offset, n, v0);
    return;
  }
  copyStrided(out, self);
  maskedFillKernel(out, mask, raw);
}

// --------------------------------------------------------------------------------------------
// Autograd

/** grad(self) = grad.masked_fill(mask, 0), summed back to self's shape. */
function selfGrad(g: Tensor, mask: Tensor, selfShape: readonly number[]): Tensor {
  const out = contiguousCopy(g);
  maskedFillKernel(out, mask, converter(float64, out.dtype)(0));
  return sumToShape(out, selfShape);
}

/** grad(value) = where(mask, grad, 0).sum(), a 0-dim tensor of the value's dtype. */
function valueGrad(g: Tensor, mask: Tensor, valueDtype: DType): Tensor {
  const mStrides = broadcastStrides(mask.shape, mask.strides, g.shape);
  const read = converter(g.dtype, float64);
  const G = rawArray(g);
  const M = mask.storage.data as Uint8Array;
  let total = 0;
  const last = g.ndim - 1;
  const gStep = last >= 0 ? g.strides[last] : 0;
  const mStep = last >= 0 ? mStrides[last] : 0;
  forEachRow(g.shape, [g, { strides: mStrides, offset: mask.offset }], (starts, len) => {
    let gi = starts[0];
    let mi = starts[1];
    for (let i = 0; i < len; i++, gi += gStep, mi += mStep)
      if (M[mi]) total += read(G[gi]) as number;
  });
  const out = Tensor.empty([], valueDtype);
  rawArray(out)[0] = converter(float64, valueDtype)(total);
  return out;
}

function recordMaskedFill(out: Tensor, self: Tensor, mask: Tensor, value: FillValue): void {
  const valueT = value instanceof Tensor ? value : null;
  const selfShape = self.shape;
  record([out], {
    name: valueT ? "MaskedFillBackward1" : "MaskedFillBackward0",
    inputs: valueT ? [self, valueT] : [self],
    save: [mask],
    backward: ([g], [m]) => {
      if (!g) return valueT ? [null, null] : [null];
      const gs = selfGrad(g, m, selfShape);
      return valueT ? [gs, valueGrad(g, m, valueT.dtype)] : [gs];
    },
  });
}

// --------------------------------------------------------------------------------------------
// Public ops

/**
 * tensor.masked_fill_(mask, value): fills self where mask is true and returns self. The mask
 * must broadcast to self's shape; the version bumps even when no element is true.
 */
export function maskedFill_(self: Tensor, mask: Tensor, value: FillValue): Tensor {
  checkInplace(self);
  const v = valueScalar(value);
  checkMask(mask);
  assertNoPartialOverlap(self, mask);
  const shape = broadcastShapes(self.shape, mask.shape);
  if (!sameShape(shape, self.shape))
    throw runtimeError(
      `output with shape ${shapeString(self.shape)} doesn't match the broadcast shape ${shapeString(shape)}`,
    );
  const raw = checkedScalarToRaw(v, self.dtype);
  maskedFillKernel(self, mask, raw);
  self.version.bump();
  const valueT = value instanceof Tensor ? value : null;
  const selfShape = self.shape;
  recordInplace(self, {
    name: valueT ? "MaskedFillBackward1" : "MaskedFillBackward0",
    others: valueT ? [valueT] : [],
    save: [mask],
    backward: (g, [m]) => {
      const gs = selfGrad(g, m, selfShape);
      return valueT ? [gs, valueGrad(g, m, valueT.dtype)] : [gs];
    },
  });
  return self;
}

/**
 * tensor.masked_fill(mask, value): a new contiguous tensor of self's dtype with shape
 * broadcast(self, mask); self is never written.
 */
export function maskedFill(self: Tensor, mask: Tensor, value: FillValue): Tensor {
  const shape = broadcastShapes(mask.shape, self.shape);
  const v = valueScalar(value);
  checkMask(mask);
  const raw = checkedScalarToRaw(v, self.dtype);
  const out = Tensor.empty(shape, self.dtype);
  maskedFillInto(out, self, mask, raw);
  recordMaskedFill(out, self, mask, value);
  return out;
}
