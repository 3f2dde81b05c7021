// masked_fill_'s select on tensors that live in a WebAssembly memory (wasmMemory.ts): the mask
// is copied a block at a time into the memory's scratch area, where the SIMD kernel
// (vecmath/maskedSelect.wat) reads it beside the tensor and selects in place. A mask broadcast
// over leading dims ([S] over [N, S], [B,1,1,S] over [B,H,S,S]) is staged once per block and
// applied to every row that repeats it. Four- and eight-byte elements of a contiguous tensor,
// and four-byte ones through a transposed view (x.t().masked_fill_); the other cases, and
// tensors in plain ArrayBuffers, take the JavaScript kernels in maskedFillKernels.ts, which
// write the same bits.

import { broadcastStrides } from "../iter";
import type { Tensor } from "../tensor";
import { kernelModule, memoryOf, scratchOf } from "../wasmMemory";
import { MASKED_SELECT_WASM } from "./vecmath/maskedSelectWasm";

interface SelectKernel {
  select32: (x: number, mask: number, count: number, rows: number, value: number) => void;
  select64: (x: number, mask: number, count: number, rows: number, value: bigint) => void;
  selectTransposed32: (
    x: number,
    band: number,
    rows: number,
    cols: number,
    stride: number,
    value: number,
  ) => void;
}

/** Tests and the bench turn the WebAssembly select off to check or time the JavaScript one. */
export const wasmMaskedFill = { enabled: true };

const kernel = kernelModule<SelectKernel>(MASKED_SELECT_WASM);

/** Mask rows per tile through a transposed view: a run of 512 bytes in each storage row. */
const TILE_ROWS = 128;

/** Mask blocks shorter than this stay with the JavaScript kernels (they compact short rows). */
const MIN_BLOCK = 16;

/**
 * In place: self = mask ? value : self, the value given as its 32-bit words [v0, v1] (v1 only
 * for 8-byte elements) and the mask broadcast to self's shape. Returns false, having written
 * nothing, where this path does not apply.
 */
export function maskedFillInMemory(self: Tensor, mask: Tensor, v0: number, v1: number): boolean {
  const size = self.dtype.itemsize;
  if (!wasmMaskedFill.enabled || (size !== 4 && size !== 8)) return false;
  const data = self.storage.data;
  const memory = memoryOf(data.buffer);
  if (!memory || self.numel === 0 || !kernel.available()) return false;
  const shape = self.shape;
  const ms = broadcastStrides(mask.shape, mask.strides, shape);
  if (!self.isContiguous()) return transposed(self, mask, ms, memory, v0);

  // The mask block: trailing dims the mask reads row-major and contiguously.
  let d = shape.length - 1;
  let block = 1;
  while (d >= 0 && (shape[d] === 1 || ms[d] === block)) block *= shape[d--];
  // How many consecutive rows of that size read the same block: the dims the mask broadcasts.
  let rows = 1;
  while (d >= 0 && (shape[d] === 1 || ms[d] === 0)) rows *= shape[d--];
  if (block < MIN_BLOCK && (d >= 0 || rows > 1)) return false;

  const { select32, select64 } = kernel.in(memory);
  const { offset: scratch, bytes: staged } = scratchOf(data.buffer);
  const M = mask.storage.data as Uint8Array;
  const wide = BigInt.asIntN(64, (BigInt(v1 >>> 0) << 32n) | BigInt(v0 >>> 0));
  const select = (x: number, count: number, times: number): void => {
    if (size === 4) select32(x, scratch, count, times, v0);
    else select64(x, scratch, count, times, wide);
  };
  const rowBytes = block * size;
  const outerShape = shape.slice(0, d + 1);
  const outerStrides = ms.slice(0, d + 1);
  const index = outerShape.map(() => 0);
  const outerCount = outerShape.reduce((a, b) => a * b, 1);
  let x = data.byteOffset + self.offset * size;
  let m = mask.offset;
  let stagedAt = -1;
  for (let o = 0; o < outerCount; o++) {
    if (block <= staged.length) {
      if (m !== stagedAt) staged.set(M.subarray(m, m + block));
      stagedAt = m;
      select(x, block, rows);
    } else {
      // A block longer than the scratch area goes a piece at a time, each piece to every row.
      for (let c = 0; c < block; c += staged.length) {
        const count = Math.min(staged.length, block - c);
        staged.set(M.subarray(m + c, m + c + count));
        for (let r = 0; r < rows; r++) select(x + r * rowBytes + c * size, count, 1);
      }
      stagedAt = -1;
    }
    x += rows * rowBytes;
    // The next outer index, row-major; the mask offset follows its strides.
    for (let k = outerShape.length - 1; k >= 0; k--) {
      m += outerStrides[k];
      if (++index[k] < outerShape[k]) break;
      m -= outerStrides[k] * outerShape[k];
      index[k] = 0;
    }
  }
  return true;
}

/**
 * A 4-byte [A, B] tensor that is the transpose of a contiguous [B, A] one (x.t()), with a
 * same-shape contiguous mask: mask row a reads down storage column a. The mask is staged a
 * tile at a time and the kernel walks the tile's storage rows, writing a run of each.
 */
function transposed(
  self: Tensor,
  mask: Tensor,
  ms: readonly number[],
  memory: WebAssembly.Memory,
  v0: number,
): boolean {
  const [a, b] = self.shape;
  const fits =
    self.dtype.itemsize === 4 &&
    self.ndim === 2 &&
    self.strides[0] === 1 &&
    self.strides[1] === a &&
    ms[0] === b &&
    ms[1] === 1 &&
    a > 1 &&
    b > 1;
  if (!fits) return false;
  const data = self.storage.data;
  const { selectTransposed32 } = kernel.in(memory);
  const { offset: scratch, bytes: staged } = scratchOf(data.buffer);
  const M = mask.storage.data as Uint8Array;
  // Tiles of TILE_ROWS mask rows by as many columns as fill the scratch area: a tile's writes
  // stay within as many storage rows as it has columns (few pages for the TLB to map).
  const tileRows = Math.min(TILE_ROWS, a);
  const tileCols = Math.min(b, Math.floor(staged.length / tileRows));
  const x = data.byteOffset + self.offset * 4;
  for (let a0 = 0; a0 < a; a0 += tileRows) {
    const rows = Math.min(tileRows, a - a0);
    for (let b0 = 0; b0 < b; b0 += tileCols) {
      const cols = Math.min(tileCols, b - b0);
      for (let i = 0; i < rows; i++) {
        const from = mask.offset + (a0 + i) * b + b0;
        staged.set(M.subarray(from, from + cols), i * cols);
      }
      selectTransposed32(x + (b0 * a + a0) * 4, scratch, rows, cols, a, v0);
    }
  }
  return true;
}
