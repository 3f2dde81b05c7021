// Large float32 softmax over the last dim through the WebAssembly SIMD kernel
// (softmaxRows.wat). An output large enough for this kernel lives in a WebAssembly memory
// (wasmMemory.ts), so each block of rows is copied straight to its place in the output and
// turned into its softmax there while it is still in cache. An output elsewhere (or rows whose
// length is not a multiple of four, which the kernel pads) goes through a small staging memory
// instead: copy in, softmax, copy out. Where WebAssembly cannot run (no SIMD, or a
// Content-Security-Policy without 'wasm-unsafe-eval') the caller falls back to the JavaScript
// kernel in softmaxLarge.ts; both stay within about two float32 roundings of the exact
// softmax, but their last bits differ.

import { kernelModule, memoryOf, PAGE_BYTES } from "../../wasmMemory";
import { SOFTMAX_ROWS_WASM } from "./softmaxRowsWasm";

interface SoftmaxKernel {
  softmaxRows: (ptr: number, rows: number, stride: number) => void;
}

/** Tests and the bench turn the WebAssembly kernel off to time or check the fallback. */
export const wasmSoftmax = { enabled: true };

const kernel = kernelModule<SoftmaxKernel>(SOFTMAX_ROWS_WASM);
/** Rows are processed this many bytes at a time (at least one row): 16 KiB stays in L1. */
const BLOCK_BYTES = 1 << 14;
/** Longer rows (over 4M scores) stay with the JavaScript kernel rather than grow the stage. */
const MAX_ROW_BYTES = 1 << 24;

let stage: WebAssembly.Memory | null = null;

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
  if (!wasmSoftmax.enabled || !kernel.available()) return false;
  const stride = (n + 3) & ~3;
  const rowBytes = stride * 4;
  if (rowBytes > MAX_ROW_BYTES) return false;
  const perBlock = Math.max(1, Math.floor(BLOCK_BYTES / rowBytes));
  const home = stride === n ? memoryOf(dst.buffer) : undefined;
  if (home) {
    const { softmaxRows } = kernel.in(home);
    const base = dst.byteOffset;
    for (let r = 0; r < rows; r += perBlock) {
      const count = Math.min(perBlock, rows - r);
      const from = srcOff + r * n;
      dst.set(src.subarray(from, from + count * n), r * n);
      softmaxRows(base + r * rowBytes, count, stride);
    }
    return true;
  }
  const need = perBlock * rowBytes;
  if (stage === null || stage.buffer.byteLength < need)
    stage = new WebAssembly.Memory({ initial: Math.ceil(need / PAGE_BYTES) });
  const { softmaxRows } = kernel.in(stage);
  const block = new Float32Array(stage.buffer, 0, need / 4);
  for (let r = 0; r < rows; r += perBlock) {
    const count = Math.min(perBlock, rows - r);
    const from = srcOff + r * n;
    if (stride === n) {
      block.set(src.subarray(from, from + count * n));
      softmaxRows(0, count, stride);
      dst.set(block.subarray(0, count * n), r * n);
      continue;
    }
    for (let i = 0; i < count; i++) {
      block.set(src.subarray(from + i * n, from + (i + 1) * n), i * stride);
      // The kernel reads whole groups of four: the slots past the row are -inf (no weight).
      block.fill(-Infinity, i * stride + n, (i + 1) * stride);
    }
    softmaxRows(0, count, stride);
    for (let i = 0; i < count; i++)
      dst.set(block.subarray(i * stride, i * stride + n), (r + i) * n);
  }
  return true;
}
