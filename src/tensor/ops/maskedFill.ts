import { recordInplace } from "../autograd/inplace";
import { checkInplace, needsGrad, record } from "../autograd/node";
import { checkedScalarToRaw, converter, rawToScalar, type Scalar } from "../convert";
import type { DType } from "../dtype";
import { float64, typeMetaName } from "../dtype";
import { runtimeError } from "../errors";
import { broadcastStrides, forEachRow } from "../iter";
import { broadcastShapes, shapeString } from "../shape";
import { Tensor } from "../tensor";
import { assertNoPartialOverlap } from "./overlap";
import { maskedFillKernel, maskedFillOutOfPlace } from "./maskedFillKernels";
import { contiguousCopy, rawArray, sameShape, sumToShapeFloat64 } from "./strided";

export { maskedFillKernel } from "./maskedFillKernels";

// masked_fill / masked_fill_ as PyTorch 2.13 runs them on CPU: bool masks only, a checked
// conversion of the value, and an in-place kernel that writes through every alias.

export type FillValue = Scalar | Tensor;

function valueScalar(value: FillValue): Scalar {
  if (!(value instanceof Tensor)) return value;
  if (value.ndim !== 0)
    throw runtimeError(
      `masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`,
    );
  return rawToScalar(rawArray(value)[value.offset], value.dtype);
}

function checkMask(mask: Tensor): void {
  if (mask.dtype.kind !== "bool")
    throw runtimeError(
      `masked_fill_ only supports boolean masks, but got mask with dtype ${typeMetaName(mask.dtype)}`,
    );
}

// --------------------------------------------------------------------------------------------
// Autograd

/** grad(self) = grad.masked_fill(mask, 0), summed back to self's shape. */
function selfGrad(g: Tensor, mask: Tensor, selfShape: readonly number[]): Tensor {
  const out = contiguousCopy(g);
  maskedFillKernel(out, mask, converter(float64, out.dtype)(0));
  return sumToShapeFloat64(out, selfShape);
}

/** grad(value) = where(mask, grad, 0).sum(), a 0-dim tensor of the value's dtype. */
function valueGrad(g: Tensor, mask: Tensor, valueDtype: DType): Tensor {
  const mStrides = broadcastStrides(mask.shape, mask.strides, g.shape);
  const read = converter(g.dtype, float64);
  const G = rawArray(g);
  const M = mask.storage.data as Uint8Array;
  let total = 0;
  const last = g.ndim - 1;
  const gStep = last >= 0 ? g.strides[last] : 0;
  const mStep = last >= 0 ? mStrides[last] : 0;
  forEachRow(g.shape, [g, { strides: mStrides, offset: mask.offset }], (starts, len) => {
    let gi = starts[0];
    let mi = starts[1];
    for (let i = 0; i < len; i++, gi += gStep, mi += mStep)
      if (M[mi]) total += read(G[gi]) as number;
  });
  const out = Tensor.empty([], valueDtype);
  rawArray(out)[0] = converter(float64, valueDtype)(total);
  return out;
}

function recordMaskedFill(out: Tensor, self: Tensor, mask: Tensor, value: FillValue): void {
  const valueT = value instanceof Tensor ? value : null;
  const selfShape = self.shape;
  // set_history refuses a non-float output (an int self with a grad-requiring value tensor);
  // the in-place op has no such check.
  if (out.dtype.kind !== "float" && needsGrad(self, valueT))
    throw runtimeError(`Autograd not support dtype: ${out.dtype.scalarName}`);
  record([out], {
    name: valueT ? "MaskedFillBackward1" : "MaskedFillBackward0",
    inputs: valueT ? [self, valueT] : [self],
    save: [mask],
    backward: ([g], [m]) => {
      if (!g) return valueT ? [null, null] : [null];
      const gs = selfGrad(g, m, selfShape);
      return valueT ? [gs, valueGrad(g, m, valueT.dtype)] : [gs];
    },
  });
}

// --------------------------------------------------------------------------------------------
// Public ops

/**
 * tensor.masked_fill_(mask, value): fills self where mask is true and returns self. The mask
 * must broadcast to self's shape; the version bumps even when no element is true.
 */
export function maskedFill_(self: Tensor, mask: Tensor, value: FillValue): Tensor {
  checkInplace(self, value instanceof Tensor ? value : null);
  const v = valueScalar(value);
  checkMask(mask);
  assertNoPartialOverlap(self, mask);
  const shape = broadcastShapes(self.shape, mask.shape);
  if (!sameShape(shape, self.shape))
    throw runtimeError(
      `output with shape ${shapeString(self.shape)} doesn't match the broadcast shape ${shapeString(shape)}`,
    );
  const raw = checkedScalarToRaw(v, self.dtype);
  maskedFillKernel(self, mask, raw);
  self.version.bump();
  const valueT = value instanceof Tensor ? value : null;
  const selfShape = self.shape;
  recordInplace(self, {
    name: valueT ? "MaskedFillBackward1" : "MaskedFillBackward0",
    others: valueT ? [valueT] : [],
    save: [mask],
    backward: (g, [m]) => {
      const gs = selfGrad(g, m, selfShape);
      return valueT ? [gs, valueGrad(g, m, valueT.dtype)] : [gs];
    },
  });
  return self;
}

/**
 * tensor.masked_fill(mask, value): a new contiguous tensor of self's dtype with shape
 * broadcast(self, mask); self is never written.
 */
export function maskedFill(self: Tensor, mask: Tensor, value: FillValue): Tensor {
  const shape = broadcastShapes(mask.shape, self.shape);
  const v = valueScalar(value);
  checkMask(mask);
  const raw = checkedScalarToRaw(v, self.dtype);
  // Every element is written: self broadcast into out first, then the fill.
  const out = Tensor.emptyToOverwrite(shape, self.dtype);
  maskedFillOutOfPlace(out, self, mask, raw);
  recordMaskedFill(out, self, mask, value);
  return out;
}
