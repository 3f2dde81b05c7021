// masked_fill_'s dense select on tensors that live in a WebAssembly memory (wasmMemory.ts):
// the mask is copied a block at a time into the memory's scratch area, where the SIMD kernel
// (vecmath/maskedSelect.wat) reads it beside the tensor and selects in place. Four-byte and
// eight-byte elements; the other sizes, and tensors in plain ArrayBuffers, take the
// JavaScript kernels in maskedFillKernels.ts, which give the same bits.

import type { TypedArray } from "../dtype";
import { kernelModule, memoryOf, SCRATCH_BYTES, scratchOffset } from "../wasmMemory";
import { MASKED_SELECT_WASM } from "./vecmath/maskedSelectWasm";

interface SelectKernel {
  select32: (x: number, mask: number, count: number, value: number) => void;
  select64: (x: number, mask: number, count: number, value: bigint) => void;
}

/** Tests and the bench turn the WebAssembly select off to check or time the JavaScript one. */
export const wasmMaskedFill = { enabled: true };

const kernel = kernelModule<SelectKernel>(MASKED_SELECT_WASM);

/**
 * In place over n contiguous elements of `data` from element `start`:
 * element i = M[m + i] ? value : element i, the value given as its 32-bit words [v0, v1]
 * (v1 only for 8-byte elements). Returns false, having written nothing, where `data` is not in
 * a WebAssembly memory or the kernel cannot run.
 */
export function maskedSelectInMemory(
  data: TypedArray,
  start: number,
  itemsize: 4 | 8,
  M: Uint8Array,
  m: number,
  n: number,
  v0: number,
  v1: number,
): boolean {
  if (!wasmMaskedFill.enabled) return false;
  const memory = memoryOf(data.buffer);
  if (!memory || !kernel.available()) return false;
  const { select32, select64 } = kernel.in(memory);
  const scratch = scratchOffset(data.buffer);
  const staged = new Uint8Array(data.buffer, scratch, SCRATCH_BYTES);
  const first = data.byteOffset + start * itemsize;
  const wide = BigInt.asIntN(64, (BigInt(v1 >>> 0) << 32n) | BigInt(v0 >>> 0));
  for (let i = 0; i < n; i += SCRATCH_BYTES) {
    const count = Math.min(SCRATCH_BYTES, n - i);
    staged.set(M.subarray(m + i, m + i + count));
    if (itemsize === 4) select32(first + i * 4, scratch, count, v0);
    else select64(first + i * 8, scratch, count, wide);
  }
  return true;
}
