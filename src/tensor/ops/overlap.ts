import { runtimeError } from "../errors";
import type { Tensor } from "../tensor";
import { isNonOverlappingAndDense, sameShape } from "./strided";

// The memory-overlap checks PyTorch runs before an op writes (at::assert_no_internal_overlap,
// at::assert_no_partial_overlap), kept apart from the ops so a bundle that needs one op does
// not carry the others.

/** True when some element of `t` is reachable through two indices (a stride-0 dim). */
export function hasInternalOverlap(t: Tensor): boolean {
  return t.shape.some((s, i) => s > 1 && t.strides[i] === 0);
}

export const OVERLAP_MESSAGE =
  "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.";

export const PARTIAL_OVERLAP_MESSAGE =
  "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.";

/**
 * at::assert_no_partial_overlap: an input may share the output's memory only if it covers
 * the same span with the same strides. Layouts with holes or repeats are "too hard" to decide
 * and pass, as in PyTorch.
 */
export function assertNoPartialOverlap(out: Tensor, input: Tensor): void {
  if (out === input || !sameMemory(out, input)) return;
  if (out.numel === 0 || input.numel === 0) return;
  if (!isNonOverlappingAndDense(out) || !isNonOverlappingAndDense(input)) return;
  const [a0, a1] = byteSpan(out);
  const [b0, b1] = byteSpan(input);
  if (a0 === b0 && a1 === b1) {
    // Full overlap needs identical strides, dim for dim (c10 compares the whole stride lists).
    const same =
      out.dtype.itemsize === input.dtype.itemsize &&
      out.strides.length === input.strides.length &&
      out.strides.every((s, i) => s === input.strides[i]);
    if (same) return;
    throw runtimeError(PARTIAL_OVERLAP_MESSAGE);
  }
  if (a0 < b1 && b0 < a1) throw runtimeError(PARTIAL_OVERLAP_MESSAGE);
}

/**
 * at::assert_no_overlap: like the partial check, but sharing the very same elements is an
 * error too (index_put_ would read values it is overwriting).
 */
export function assertNoOverlap(out: Tensor, input: Tensor): void {
  if (out === input) throw runtimeError(PARTIAL_OVERLAP_MESSAGE);
  if (!sameMemory(out, input) || out.numel === 0 || input.numel === 0) return;
  if (!isNonOverlappingAndDense(out) || !isNonOverlappingAndDense(input)) return;
  const [a0, a1] = byteSpan(out);
  const [b0, b1] = byteSpan(input);
  if (a0 < b1 && b0 < a1) throw runtimeError(PARTIAL_OVERLAP_MESSAGE);
}

/** Whether two tensors read the same bytes (one storage, or a view(dtype) of it). */
export const sameMemory = (a: Tensor, b: Tensor): boolean => a.storage.root === b.storage.root;

/** [first, end) byte of a dense tensor in its storage; view(dtype) pairs compare in bytes. */
function byteSpan(t: Tensor): [number, number] {
  const size = t.dtype.itemsize;
  return [t.offset * size, (t.offset + t.numel) * size];
}

/** The same elements in the same order: ATen's copy_ returns early instead of copying. */
export const isSameData = (a: Tensor, b: Tensor): boolean =>
  sameMemory(a, b) &&
  a.offset === b.offset &&
  a.dtype === b.dtype &&
  sameShape(a.shape, b.shape) &&
  sameShape(a.strides, b.strides);

/** Sharing memory without being the very same elements: the case an op's order shows. */
export const sharesMemoryApart = (a: Tensor, b: Tensor): boolean =>
  sameMemory(a, b) && !isSameData(a, b);
