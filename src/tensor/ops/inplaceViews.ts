import { checkInplace, record } from "../autograd/node";
import { runtimeError } from "../errors";
import { normalizeDim } from "../shape";
import type { Tensor } from "../tensor";
import {
  reshape,
  squeeze,
  squeezeGeometry,
  swapped,
  t,
  transpose,
  unsqueezeGeometry,
} from "./views";
import type { Geometry } from "./views";

// The in-place view ops (t_, transpose_, squeeze_, unsqueeze_): the tensor itself takes the
// view's shape and strides, over the same storage. PyTorch counts this as an in-place op:
// the version goes up, the leaf and no_grad-view checks apply, and the tensor's history gets
// the op's own node (TBackward1, SqueezeBackward3, ...), while a view stays a view of its base.

/** Checks, records `name` on self, then gives self the geometry (computed after the checks). */
export function restride_(
  self: Tensor,
  geometry: () => Geometry & { offset?: number },
  name: string,
  backward: (g: Tensor) => Tensor,
): Tensor {
  checkInplace(self);
  const { shape, strides, offset } = geometry();
  record([self], { name, inputs: [self], backward: ([g]) => [g ? backward(g) : null] });
  self.shape = shape;
  self.strides = strides;
  if (offset !== undefined) self.offset = offset;
  self.version.bump();
  return self;
}

/** x.t_(): a matrix transposed in place; 0-D and 1-D tensors keep their shape. */
export function t_(x: Tensor): Tensor {
  return restride_(
    x,
    () => {
      if (x.ndim > 2)
        throw runtimeError(`t_() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
      return x.ndim < 2 ? { shape: [...x.shape], strides: [...x.strides] } : swapped(x, 0, 1);
    },
    "TBackward1",
    t,
  );
}

/** x.transpose_(dim0, dim1), also swapdims_ / swapaxes_. */
export function transpose_(x: Tensor, dim0: number, dim1: number): Tensor {
  let a = 0;
  let b = 0;
  return restride_(
    x,
    () => {
      a = normalizeDim(dim0, x.ndim);
      b = normalizeDim(dim1, x.ndim);
      return swapped(x, a, b);
    },
    "TransposeBackward1",
    (g) => transpose(g, a, b),
  );
}

/** x.unsqueeze_(dim). */
export function unsqueeze_(x: Tensor, dim: number): Tensor {
  let d = 0;
  return restride_(
    x,
    () => {
      d = normalizeDim(dim, x.ndim + 1);
      return unsqueezeGeometry(x, d);
    },
    "UnsqueezeBackward1",
    (g) => squeeze(g, d),
  );
}

/** x.squeeze_(), squeeze_(dim), squeeze_(dims): SqueezeBackward3, 4 and 5. */
export function squeeze_(x: Tensor, dim: number | readonly number[] | null = null): Tensor {
  const inShape = x.shape;
  const overload = dim === null ? 0 : typeof dim === "number" ? 1 : 2;
  return restride_(
    x,
    () => squeezeGeometry(x, dim),
    `SqueezeBackward${overload + 3}`,
    (g) => reshape(g, inShape),
  );
}
