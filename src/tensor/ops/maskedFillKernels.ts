import type { Raw } from "../convert";
import type { DType, TypedArray } from "../dtype";
import { broadcastStrides, forEachRow } from "../iter";
import { maskedFillInMemory } from "./maskedFillWasm";
import { copyStrided, sameShape } from "./strided";
import type { Tensor } from "../tensor";

// The masked_fill kernels. Every dtype is handled through an integer view of its storage (one
// 8-, 16- or 32-bit word per element, two 32-bit words for 8-byte dtypes), so one branch-free
// select `old ^ ((old ^ value) & fullMask)` serves them all and NaN payloads, -0 and float16
// bit patterns pass through untouched. Each word width has its own loop functions so V8 sees
// one array type per function (monomorphic element access). The hot loops are top-level
// functions taking everything as arguments: V8 keeps those in registers, while closure
// captures are reloaded from the context on every use.
//
// Bool masks are stored one byte per element holding 0 or 1, so a little-endian 32-bit view
// of the mask holds four elements: byte j is element i + j, and `(k << (31 - 8j)) >> 31` is
// 0 or -1 for it.

type Small = Int8Array | Int16Array;
type Words = Small | Int32Array;

export function wordsOf(data: TypedArray, itemsize: number): Words {
  const buf = data.buffer;
  const off = data.byteOffset;
  if (itemsize === 1) return new Int8Array(buf, off, data.byteLength);
  if (itemsize === 2) return new Int16Array(buf, off, data.byteLength >> 1);
  return new Int32Array(buf, off, data.byteLength >> 2);
}

/** The fill value as the word(s) it is stored as: [low, high] for 8-byte dtypes. */
export function valueWords(raw: Raw, dtype: DType): [number, number] {
  const one = dtype.alloc(1);
  (one as unknown as Raw[])[0] = raw;
  const w = wordsOf(one, dtype.itemsize);
  return [w[0], dtype.itemsize === 8 ? w[1] : 0];
}

/** Number of leading mask bytes before M[m] is 4-byte aligned, at most n. */
const headOf = (M: Uint8Array, m: number, n: number): number =>
  Math.min(n, (4 - ((M.byteOffset + m) & 3)) & 3);

const maskWords = (M: Uint8Array, m: number, count: number): Int32Array =>
  new Int32Array(M.buffer, M.byteOffset + m, count);

// --------------------------------------------------------------------------------------------
// Same-shape contiguous mask. The select reads and writes one array: V8 checks fewer arrays per
// iteration than with a separate source and destination (4096x4096: 14.5 ms against 16.9 ms).

/** W[i] = M[m + i] ? v : W[i] for i < n; W starts at the first element. */
function select32(W: Int32Array, M: Uint8Array, m: number, n: number, v: number): void {
  const head = headOf(M, m, n);
  for (let i = 0; i < head; i++) {
    const x = W[i];
    W[i] = x ^ ((x ^ v) & -M[m + i]);
  }
  const q = (n - head) >> 2;
  const K = maskWords(M, m + head, q);
  // Sixteen elements (four mask words) per iteration: V8 re-checks each typed array's map and
  // length once per iteration, so a longer body spends less on those checks per element
  // (measured: 14 ms for 4096x4096 against 20 ms at four per iteration).
  const q16 = q & ~3;
  let j = 0;
  for (; j < q16; j += 4) {
    const a = (j << 2) + head;
    let k = K[j];
    let x = W[a];
    W[a] = x ^ ((x ^ v) & ((k << 31) >> 31));
    x = W[a + 1];
    W[a + 1] = x ^ ((x ^ v) & ((k << 23) >> 31));
    x = W[a + 2];
    W[a + 2] = x ^ ((x ^ v) & ((k << 15) >> 31));
    x = W[a + 3];
    W[a + 3] = x ^ ((x ^ v) & ((k << 7) >> 31));
    k = K[j + 1];
    x = W[a + 4];
    W[a + 4] = x ^ ((x ^ v) & ((k << 31) >> 31));
    x = W[a + 5];
    W[a + 5] = x ^ ((x ^ v) & ((k << 23) >> 31));
    x = W[a + 6];
    W[a + 6] = x ^ ((x ^ v) & ((k << 15) >> 31));
    x = W[a + 7];
    W[a + 7] = x ^ ((x ^ v) & ((k << 7) >> 31));
    k = K[j + 2];
    x = W[a + 8];
    W[a + 8] = x ^ ((x ^ v) & ((k << 31) >> 31));
    x = W[a + 9];
    W[a + 9] = x ^ ((x ^ v) & ((k << 23) >> 31));
    x = W[a + 10];
    W[a + 10] = x ^ ((x ^ v) & ((k << 15) >> 31));
    x = W[a + 11];
    W[a + 11] = x ^ ((x ^ v) & ((k << 7) >> 31));
    k = K[j + 3];
    x = W[a + 12];
    W[a + 12] = x ^ ((x ^ v) & ((k << 31) >> 31));
    x = W[a + 13];
    W[a + 13] = x ^ ((x ^ v) & ((k << 23) >> 31));
    x = W[a + 14];
    W[a + 14] = x ^ ((x ^ v) & ((k << 15) >> 31));
    x = W[a + 15];
    W[a + 15] = x ^ ((x ^ v) & ((k << 7) >> 31));
  }
  for (; j < q; j++) {
    const a = (j << 2) + head;
    const k = K[j];
    let x = W[a];
    W[a] = x ^ ((x ^ v) & ((k << 31) >> 31));
    x = W[a + 1];
    W[a + 1] = x ^ ((x ^ v) & ((k << 23) >> 31));
    x = W[a + 2];
    W[a + 2] = x ^ ((x ^ v) & ((k << 15) >> 31));
    x = W[a + 3];
    W[a + 3] = x ^ ((x ^ v) & ((k << 7) >> 31));
  }
  for (let i = head + (q << 2); i < n; i++) {
    const x = W[i];
    W[i] = x ^ ((x ^ v) & -M[m + i]);
  }
}

/** In place over n contiguous elements: W[w + i] = M[m + i] ? v : W[w + i]. */
function fill32(W: Int32Array, w: number, M: Uint8Array, m: number, n: number, v: number): void {
  select32(W.subarray(w, w + n), M, m, n, v);
}

function fillSmall(W: Small, w: number, M: Uint8Array, m: number, n: number, v: number): void {
  const head = headOf(M, m, n);
  for (let i = 0; i < head; i++) {
    const x = W[w + i];
    W[w + i] = x ^ ((x ^ v) & -M[m + i]);
  }
  const q = (n - head) >> 2;
  const K = maskWords(M, m + head, q);
  for (let j = 0, a = w + head; j < q; j++, a += 4) {
    const k = K[j];
    const x0 = W[a];
    const x1 = W[a + 1];
    const x2 = W[a + 2];
    const x3 = W[a + 3];
    W[a] = x0 ^ ((x0 ^ v) & ((k << 31) >> 31));
    W[a + 1] = x1 ^ ((x1 ^ v) & ((k << 23) >> 31));
    W[a + 2] = x2 ^ ((x2 ^ v) & ((k << 15) >> 31));
    W[a + 3] = x3 ^ ((x3 ^ v) & ((k << 7) >> 31));
  }
  for (let i = head + (q << 2); i < n; i++) {
    const x = W[w + i];
    W[w + i] = x ^ ((x ^ v) & -M[m + i]);
  }
}

/** 8-byte dtypes as word pairs; w counts elements. */
function fill64(
  W: Int32Array,
  w: number,
  M: Uint8Array,
  m: number,
  n: number,
  v0: number,
  v1: number,
): void {
  w *= 2;
  for (let i = 0; i < n; i++, w += 2) {
    const k = -M[m + i];
    const a = W[w];
    const b = W[w + 1];
    W[w] = a ^ ((a ^ v0) & k);
    W[w + 1] = b ^ ((b ^ v1) & k);
  }
}

// --------------------------------------------------------------------------------------------
// General strided select along one row: W[w + i*ws] = M[m + i*ms] ? v : W[w + i*ws].

function row32(
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
    fill32(W, w, M, m, n, v);
    return;
  }
  for (let i = 0; i < n; i++, w += ws, m += ms) {
    const o = W[w];
    W[w] = o ^ ((o ^ v) & -M[m]);
  }
}

function rowSmall(
  W: Small,
  w: number,
  ws: number,
  M: Uint8Array,
  m: number,
  ms: number,
  n: number,
  v: number,
): void {
  if (ws === 1 && ms === 1) {
    fillSmall(W, w, M, m, n, v);
    return;
  }
  for (let i = 0; i < n; i++, w += ws, m += ms) {
    const o = W[w];
    W[w] = o ^ ((o ^ v) & -M[m]);
  }
}

function row64(
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

/** A row where the mask does not vary and is true: all of it gets the value. */
function fillRow(
  W: Words,
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

// --------------------------------------------------------------------------------------------
// A mask row repeated over the next dim out (a [N] mask over [N, N], a [B,1,1,S] padding mask
// over [B,H,S,S]): the true positions of the mask row are compacted once, branch-free, and
// every row that reads it only stores the value there. No loads of self, and at 50% density
// half the stores of a select.

let positions = new Int32Array(0);

/** Writes j * step for each j < n with M[m + j * ms] set into P; returns how many. */
function compactRow(
  M: Uint8Array,
  m: number,
  ms: number,
  n: number,
  step: number,
  P: Int32Array,
): number {
  let c = 0;
  if (ms === 1) {
    for (let j = 0, at = 0; j < n; j++, at += step) {
      P[c] = at;
      c += M[m + j];
    }
  } else {
    for (let j = 0, at = 0; j < n; j++, at += step, m += ms) {
      P[c] = at;
      c += M[m];
    }
  }
  return c;
}

function scatter32(W: Int32Array, s: number, P: Int32Array, count: number, v: number): void {
  let k = 0;
  for (const end = count - 15; k < end; k += 16) {
    W[s + P[k]] = v;
    W[s + P[k + 1]] = v;
    W[s + P[k + 2]] = v;
    W[s + P[k + 3]] = v;
    W[s + P[k + 4]] = v;
    W[s + P[k + 5]] = v;
    W[s + P[k + 6]] = v;
    W[s + P[k + 7]] = v;
    W[s + P[k + 8]] = v;
    W[s + P[k + 9]] = v;
    W[s + P[k + 10]] = v;
    W[s + P[k + 11]] = v;
    W[s + P[k + 12]] = v;
    W[s + P[k + 13]] = v;
    W[s + P[k + 14]] = v;
    W[s + P[k + 15]] = v;
  }
  for (; k < count; k++) W[s + P[k]] = v;
}

function scatterSmall(W: Small, s: number, P: Int32Array, count: number, v: number): void {
  let k = 0;
  for (const end = count - 3; k < end; k += 4) {
    W[s + P[k]] = v;
    W[s + P[k + 1]] = v;
    W[s + P[k + 2]] = v;
    W[s + P[k + 3]] = v;
  }
  for (; k < count; k++) W[s + P[k]] = v;
}

function scatter64(
  W: Int32Array,
  s: number,
  P: Int32Array,
  count: number,
  v0: number,
  v1: number,
): void {
  for (let k = 0; k < count; k++) {
    const at = 2 * (s + P[k]);
    W[at] = v0;
    W[at + 1] = v1;
  }
}

// --------------------------------------------------------------------------------------------
// Self's unit stride meets a strided mask (x.t().masked_fill_(m, v)): following self along its
// rows would read one mask cache line per element, so rows x cols slices are walked in TILE x
// TILE blocks, which reuse each mask line TILE times. 128 rather than 64: each block row then
// reads 512 contiguous bytes of self, which the prefetcher streams (4096x4096 float32 through
// .t(): 48 ms against 57 ms).

const TILE = 128;

function tiled32(
  W: Int32Array,
  s0: number,
  sRow: number,
  sCol: number,
  M: Uint8Array,
  m0: number,
  mRow: number,
  mCol: number,
  rows: number,
  cols: number,
  v: number,
): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(r0 + TILE, rows);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(c0 + TILE, cols);
      for (let r = r0; r < r1; r++) {
        let s = s0 + r * sRow + c0 * sCol;
        let m = m0 + r * mRow + c0 * mCol;
        for (let c = c0; c < c1; c++, s += sCol, m += mCol) {
          const o = W[s];
          W[s] = o ^ ((o ^ v) & -M[m]);
        }
      }
    }
  }
}

function tiledSmall(
  W: Small,
  s0: number,
  sRow: number,
  sCol: number,
  M: Uint8Array,
  m0: number,
  mRow: number,
  mCol: number,
  rows: number,
  cols: number,
  v: number,
): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(r0 + TILE, rows);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(c0 + TILE, cols);
      for (let r = r0; r < r1; r++) {
        let s = s0 + r * sRow + c0 * sCol;
        let m = m0 + r * mRow + c0 * mCol;
        for (let c = c0; c < c1; c++, s += sCol, m += mCol) {
          const o = W[s];
          W[s] = o ^ ((o ^ v) & -M[m]);
        }
      }
    }
  }
}

function tiled64(
  W: Int32Array,
  s0: number,
  sRow: number,
  sCol: number,
  M: Uint8Array,
  m0: number,
  mRow: number,
  mCol: number,
  rows: number,
  cols: number,
  v0: number,
  v1: number,
): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(r0 + TILE, rows);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(c0 + TILE, cols);
      for (let r = r0; r < r1; r++) {
        let s = 2 * (s0 + r * sRow + c0 * sCol);
        let m = m0 + r * mRow + c0 * mCol;
        for (let c = c0; c < c1; c++, s += 2 * sCol, m += mCol) {
          const k = -M[m];
          const o0 = W[s];
          const o1 = W[s + 1];
          W[s] = o0 ^ ((o0 ^ v0) & k);
          W[s + 1] = o1 ^ ((o1 ^ v1) & k);
        }
      }
    }
  }
}

// --------------------------------------------------------------------------------------------
// Dispatch

/** Sort dims so the one with the smallest |self stride| is innermost (transposed views). */
function iterationOrder(shape: readonly number[], strides: readonly number[]): number[] {
  return [...shape.keys()].sort((a, b) => Math.abs(strides[b]) - Math.abs(strides[a]) || a - b);
}

const denseAlike = (a: Tensor, b: Tensor): boolean =>
  sameShape(a.shape, b.shape) && a.isContiguous() && b.isContiguous();

/**
 * out = self with `raw` where the (broadcast) mask is true; `out` is fresh, contiguous, of
 * self's dtype and of the broadcast shape.
 */
export function maskedFillOutOfPlace(out: Tensor, self: Tensor, mask: Tensor, raw: Raw): void {
  // A contiguous self of out's shape is one memcpy, and a same-shape contiguous mask then takes
  // the dense select over out (as fast as selecting from self into out: page faults dominate).
  copyStrided(out, self);
  maskedFillKernel(out, mask, raw);
}

/**
 * Write `raw` into `self` where the (broadcast) mask is true. `mask` must broadcast to
 * self's shape; it is read through stride-0 dims, never materialised.
 */
export function maskedFillKernel(self: Tensor, mask: Tensor, raw: Raw): void {
  const n = self.numel;
  if (n === 0) return;
  const size = self.dtype.itemsize;
  const [v0, v1] = valueWords(raw, self.dtype);
  if (maskedFillInMemory(self, mask, v0, v1)) return;
  const W = wordsOf(self.storage.data, size);
  const M = mask.storage.data as Uint8Array;
  const wide = size === 8;

  if (denseAlike(self, mask)) {
    const s = self.offset;
    const m = mask.offset;
    if (size === 4) fill32(W as Int32Array, s, M, m, n, v0);
    else if (wide) fill64(W as Int32Array, s, M, m, n, v0, v1);
    else fillSmall(W as Small, s, M, m, n, v0);
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
  const len = last >= 0 ? shape[last] : 1;
  const outer = shape.slice(0, last);
  const outerOperands = [
    { strides: sStrides.slice(0, last), offset: self.offset },
    { strides: mStrides.slice(0, last), offset: mask.offset },
  ];

  if (last >= 1 && ms !== 0 && mStrides[last - 1] === 0 && shape[last - 1] > 1) {
    if (positions.length < len) positions = new Int32Array(len);
    const P = positions;
    const rowStride = sStrides[last - 1];
    let cached = -1;
    let count = 0;
    // One call per run of rows that share a mask row (forEachRow's "row" is dim last - 1).
    // Starts arrive as float64: `| 0` keeps the typed-array indices int32.
    forEachRow(outer, outerOperands, (starts, rows) => {
      const m = starts[1] | 0;
      if (m !== cached) {
        count = compactRow(M, m, ms, len, ss, P);
        cached = m;
      }
      if (count === 0) return;
      let s = starts[0] | 0;
      for (let r = 0; r < rows; r++, s += rowStride) {
        if (size === 4) scatter32(W as Int32Array, s, P, count, v0);
        else if (wide) scatter64(W as Int32Array, s, P, count, v0, v1);
        else scatterSmall(W as Small, s, P, count, v0);
      }
    });
    return;
  }

  if (last >= 1 && Math.abs(ms) > TILE && Math.abs(mStrides[last - 1]) === 1) {
    const sRow = sStrides[last - 1];
    const mRow = mStrides[last - 1];
    // One call per 2-D slice of the two innermost dims: tile it.
    forEachRow(outer, outerOperands, (starts, rows) => {
      const s = starts[0] | 0;
      const m = starts[1] | 0;
      if (size === 4) tiled32(W as Int32Array, s, sRow, ss, M, m, mRow, ms, rows, len, v0);
      else if (wide) tiled64(W as Int32Array, s, sRow, ss, M, m, mRow, ms, rows, len, v0, v1);
      else tiledSmall(W as Small, s, sRow, ss, M, m, mRow, ms, rows, len, v0);
    });
    return;
  }

  forEachRow(
    shape,
    [
      { strides: sStrides, offset: self.offset },
      { strides: mStrides, offset: mask.offset },
    ],
    (starts, count) => {
      const s = starts[0] | 0;
      const m = starts[1] | 0;
      if (ms === 0) {
        if (M[m] !== 0) fillRow(W, wide, s, ss, count, v0, v1);
      } else if (size === 4) row32(W as Int32Array, s, ss, M, m, ms, count, v0);
      else if (wide) row64(W as Int32Array, s, ss, M, m, ms, count, v0, v1);
      else rowSmall(W as Small, s, ss, M, m, ms, count, v0);
    },
  );
}
