import { recordInplace } from "../autograd/inplace";
import { checkInplace, record } from "../autograd/node";
import { runtimeError } from "../errors";
import { broadcastShapes, shapeString } from "../shape";
import { VersionCounter } from "../storage";
import { Tensor } from "../tensor";
import {
  contiguousCopy,
  copyStrided,
  emptyLikePreserve,
  isNonOverlappingAndDense,
  sameShape,
} from "./strided";
import { sumToShape } from "./reduce";

/** tensor.clone(): a new storage; dense layouts keep their strides (preserve_format). */
export function clone(t: Tensor): Tensor {
  const out = emptyLikePreserve(t);
  copyStrided(out, t);
  record([out], { name: "CloneBackward0", inputs: [t], backward: ([g]) => [g] });
  return out;
}

/** tensor.contiguous(): self when already contiguous, else a row-major copy. */
export function contiguous(t: Tensor): Tensor {
  if (t.isContiguous()) return t;
  const out = contiguousCopy(t);
  record([out], { name: "CloneBackward0", inputs: [t], backward: ([g]) => [g] });
  return out;
}

/** tensor.detach(): same storage and version counter, no history, not a view (`_base` None). */
export function detach(t: Tensor): Tensor {
  return new Tensor(t.storage, t.shape, t.strides, t.offset, t.version);
}

/** tensor.data: same storage, a fresh version counter, no history. */
export function data(t: Tensor): Tensor {
  return new Tensor(t.storage, t.shape, t.strides, t.offset, new VersionCounter());
}

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
  if (out === input || out.storage !== input.storage) return;
  if (out.numel === 0 || input.numel === 0) return;
  if (!isNonOverlappingAndDense(out) || !isNonOverlappingAndDense(input)) return;
  const a0 = out.offset;
  const a1 = a0 + out.numel;
  const b0 = input.offset;
  const b1 = b0 + input.numel;
  if (a0 === b0 && a1 === b1) {
    // Full overlap needs identical strides, dim for dim (c10 compares the whole stride lists).
    const same =
      out.strides.length === input.strides.length &&
      out.strides.every((s, i) => s === input.strides[i]);
    if (same) return;
    throw runtimeError(PARTIAL_OVERLAP_MESSAGE);
  }
  if (a0 < b1 && b0 < a1) throw runtimeError(PARTIAL_OVERLAP_MESSAGE);
}

/** tensor.copy_(src): src broadcast to self's shape and cast to self's dtype, in place. */
export function copy_(self: Tensor, src: Tensor): Tensor {
  checkInplace(self);
  if (hasInternalOverlap(self)) throw runtimeError(OVERLAP_MESSAGE);
  assertNoPartialOverlap(self, src);
  const shape = broadcastShapes(self.shape, src.shape);
  if (!sameShape(shape, self.shape))
    throw runtimeError(
      `output with shape ${shapeString(self.shape)} doesn't match the broadcast shape ${shapeString(shape)}`,
    );
  // An aliasing source is read completely before anything is written.
  const from = src.storage === self.storage ? contiguousCopy(src) : src;
  copyStrided(self, from);
  self.version.bump();
  const srcShape = src.shape;
  const srcDtype = src.dtype;
  recordInplace(self, {
    name: "torch::autograd::CopyBackwards",
    others: [src],
    backward: (g) => {
      const zero = Tensor.empty(g.shape, g.dtype);
      const gs = sumToShape(g, srcShape);
      return [zero, gs.dtype === srcDtype ? gs : contiguousCopy(gs, srcDtype)];
    },
  });
  return self;
}
