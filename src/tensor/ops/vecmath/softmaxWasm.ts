// Large float32 softmax over the last dim through the WebAssembly SIMD kernel
// (softmaxRows.wat): rows are copied into the kernel's memory a block at a time (16 KiB, so the
// block stays in cache between the copy in, the three passes and the copy out), turned into
// their softmax there, and copied to the output. Where WebAssembly cannot run (no SIMD, or a
// Content-Security-Policy without 'wasm-unsafe-eval') the caller falls back to the JavaScript
// kernel in softmaxLarge.ts; both stay within about two float32 roundings of the exact
// softmax, but their last bits differ.

import { SOFTMAX_ROWS_WASM } from "./softmaxRowsWasm";

interface Kernel {
  memory: WebAssembly.Memory;
  softmaxRows: (ptr: number, rows: number, stride: number) => void;
}

/** Tests and the bench turn the WebAssembly kernel off to time or check the fallback. */
export const wasmSoftmax = { enabled: true };

let kernel: Kernel | null | undefined;

function load(): Kernel | null {
  try {
    const text = atob(SOFTMAX_ROWS_WASM);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const { memory, softmaxRows } = instance.exports as unknown as Kernel;
    return { memory, softmaxRows };
  } catch {
    return null;
  }
}

/** Rows are staged this many bytes at a time (at least one row): 16 KiB stays in L1. */
const BLOCK_BYTES = 1 << 14;
/** Longer rows (over 4M scores) stay with the JavaScript kernel rather than grow the memory. */
const MAX_ROW_BYTES = 1 << 24;
const PAGE = 1 << 16;

/**
 * softmax over `rows` contiguous rows of length n, from src[srcOff...] into dst[0...], by the
 * WebAssembly kernel. Returns false, having written nothing, where that kernel cannot run.
 */
export function softmaxLastDimWasm(
  src: Float32Array,
  srcOff: number,
  dst: Float32Array,
  rows: number,
  n: number,
): boolean {
  if (!wasmSoftmax.enabled) return false;
  if (kernel === undefined) kernel = load();
  const stride = (n + 3) & ~3;
  const rowBytes = stride * 4;
  if (kernel === null || rowBytes > MAX_ROW_BYTES) return false;
  const perBlock = Math.max(1, Math.floor(BLOCK_BYTES / rowBytes));
  const need = perBlock * rowBytes;
  const { memory, softmaxRows } = kernel;
  if (memory.buffer.byteLength < need)
    memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
  const stage = new Float32Array(memory.buffer, 0, need / 4);
  const padded = stride !== n;
  for (let r = 0; r < rows; r += perBlock) {
    const count = Math.min(perBlock, rows - r);
    const from = srcOff + r * n;
    if (!padded) {
      stage.set(src.subarray(from, from + count * n));
    } else {
      for (let i = 0; i < count; i++) {
        stage.set(src.subarray(from + i * n, from + (i + 1) * n), i * stride);
        // The kernel reads whole groups of four: the slots past the row are -inf (no weight).
        stage.fill(-Infinity, i * stride + n, (i + 1) * stride);
      }
    }
    softmaxRows(0, count, stride);
    if (!padded) {
      dst.set(stage.subarray(0, count * n), r * n);
    } else {
      for (let i = 0; i < count; i++)
        dst.set(stage.subarray(i * stride, i * stride + n), (r + i) * n);
    }
  }
  return true;
}
