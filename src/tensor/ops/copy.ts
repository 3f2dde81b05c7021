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
  sameShape,
  sumToShapeFloat64,
} from "./strided";
import { copyInKernelOrder } from "./kernelOrderCopy";
import {
  assertNoPartialOverlap,
  hasInternalOverlap,
  isSameData,
  OVERLAP_MESSAGE,
  sameMemory,
} from "./overlap";

/** tensor.clone(): a new storage; dense layouts keep their strides (preserve_format). */
export function clone(t: Tensor): Tensor {
  // Dense: the copy below writes every element.
  const out = emptyLikePreserve(t, t.dtype, false);
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

/** tensor.copy_(src): src broadcast to self's shape and cast to self's dtype, in place. */
export function copy_(self: Tensor, src: Tensor): Tensor {
  checkInplace(self, src);
  // ATen returns before building its iterator when both sides are the same memory, so the
  // overlap checks never see `e.copy_(e)` on an expanded tensor; the version still moves.
  if (!isSameData(self, src)) {
    if (hasInternalOverlap(self)) throw runtimeError(OVERLAP_MESSAGE);
    assertNoPartialOverlap(self, src);
    const shape = broadcastShapes(self.shape, src.shape);
    if (!sameShape(shape, self.shape))
      throw runtimeError(
        `output with shape ${shapeString(self.shape)} doesn't match the broadcast shape ${shapeString(shape)}`,
      );
    // A source sharing self's memory past the overlap check is copied in PyTorch's own
    // element order, so values written early are read again, as there.
    if (sameMemory(src, self)) copyInKernelOrder(self, src);
    else copyStrided(self, src);
  }
  self.version.bump();
  const srcShape = src.shape;
  const srcDtype = src.dtype;
  recordInplace(self, {
    name: "torch::autograd::CopyBackwards",
    others: [src],
    backward: (g) => {
      const zero = Tensor.empty(g.shape, g.dtype);
      const gs = sumToShapeFloat64(g, srcShape);
      return [zero, gs.dtype === srcDtype ? gs : contiguousCopy(gs, srcDtype)];
    },
  });
  return self;
}
