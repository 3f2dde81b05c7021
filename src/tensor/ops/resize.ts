import { runtimeError } from "../errors";
import { contiguousStrides, numelOf } from "../shape";
import type { Tensor } from "../tensor";
import { sameShape } from "./strided";

// x.resize_(*sizes): new sizes over the same storage, from the same storage offset. A new
// shape gets contiguous strides and grows the storage when it needs more elements (every
// tensor sharing the storage sees the longer one); the same shape keeps its strides. Unlike
// the view ops it is outside autograd: any tensor that requires grad is refused, even under
// no_grad, and the version counter goes up either way.

export function resize_(self: Tensor, sizes: readonly number[]): Tensor {
  if (self.requiresGrad) throw runtimeError("cannot resize variables that require grad");
  // PyTorch multiplies the sizes as unsigned 64-bit numbers: a negative one overflows unless
  // another size is 0, and then it is kept as given.
  if (sizes.some((s) => s < 0) && !sizes.includes(0))
    throw runtimeError("numel: integer multiplication overflow");
  if (!sameShape(self.shape, sizes)) {
    const numel = numelOf(sizes);
    if (numel > 0) self.storage.grow(self.offset + numel);
    self.shape = [...sizes];
    self.strides = contiguousStrides(sizes);
  }
  self.version.bump();
  return self;
}

/** x.resize_as_(other): resize_ to other's shape. */
export const resizeAs_ = (self: Tensor, other: Tensor): Tensor => resize_(self, other.shape);
