import { record } from "../autograd/node";
import { bfloat16, float16, float32, float64 } from "../dtype";
import type { DType } from "../dtype";
import { notImplemented, runtimeError } from "../errors";
import { numelOf, shapeString } from "../shape";
import { Tensor } from "../tensor";
import { fromCompute, toDtype } from "./elementwise";
import { contiguousCopy } from "./strided";
import {
  ARITH_F32,
  ARITH_F64,
  layerNormBackwardRows,
  layerNormRows,
} from "./vecmath/layerNormKernel";

// F.layer_norm / torch.layer_norm: normalise over the trailing `normalizedShape` dims, then
// scale by weight and shift by bias. One autograd node, NativeLayerNormBackward0, with
// gradients for input, weight and bias from PyTorch's kernel (vecmath/layerNormKernel.ts).
// float16/bfloat16 inputs compute in float32 and round once at the end, as PyTorch's
// mixed-type kernel does; its lane layout for them is not replayed, so their last bit may
// differ.

const isHalfLike = (d: DType): boolean => d === float16 || d === bfloat16;

/** Contiguous values of t in its compute dtype (float32 for the 16-bit floats). */
function values(t: Tensor): Float32Array | Float64Array {
  if (t.dtype === float64) return contiguousCopy(t).storage.data as Float64Array;
  const f = t.dtype === float32 ? contiguousCopy(t) : toDtype(t, float32);
  return f.storage.data as Float32Array;
}

function checkInputs(
  x: Tensor,
  shape: readonly number[],
  weight: Tensor | null,
  bias: Tensor | null,
): void {
  if (shape.length === 0)
    throw runtimeError(
      "Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = []",
    );
  for (const [name, p] of [
    ["weight", weight],
    ["bias", bias],
  ] as const)
    if (p !== null && shapeString(p.shape) !== shapeString(shape))
      throw runtimeError(
        `Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape ${shapeString(p.shape)} and normalized_shape = ${shapeString(shape)}`,
      );
  const tail = x.shape.slice(x.ndim - shape.length);
  if (x.ndim < shape.length || shapeString(tail) !== shapeString(shape))
    throw runtimeError(
      `Given normalized_shape=${shapeString(shape)}, expected input with shape [*, ${shape.join(", ")}], but got input of size${shapeString(x.shape)}`,
    );
  if (x.dtype.kind !== "float")
    throw notImplemented(`"LayerNormKernelImpl" not implemented for '${x.dtype.scalarName}'`);
  for (const p of [weight, bias]) {
    if (p === null || p.dtype === x.dtype) continue;
    if (isHalfLike(x.dtype) && p.dtype === float32) continue;
    throw runtimeError(
      x.dtype === float64
        ? "mixed dtype (CPU): all inputs must share same datatype."
        : "mixed dtype (CPU): expect parameter to have scalar type of Float",
    );
  }
}

export function layerNorm(
  x: Tensor,
  normalizedShape: readonly number[],
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  eps = 1e-5,
): Tensor {
  checkInputs(x, normalizedShape, weight, bias);
  const n = numelOf(normalizedShape);
  const rows = n === 0 ? 0 : x.numel / n;
  const arith = x.dtype === float64 ? ARITH_F64 : ARITH_F32;
  const xv = values(x);
  const y = x.dtype === float64 ? new Float64Array(x.numel) : new Float32Array(x.numel);
  const { mean, rstd } = layerNormRows(
    xv,
    y,
    rows,
    n,
    weight && values(weight),
    bias && values(bias),
    eps,
    arith,
  );
  const out = fromCompute(y, x.shape, x.dtype);
  record([out], {
    name: "NativeLayerNormBackward0",
    inputs: [x, weight, bias],
    save: [x, ...(weight ? [weight] : [])],
    backward: ([g], [xs, w]) => {
      const grads = layerNormBackwardRows(
        values(g!),
        values(xs),
        mean,
        rstd,
        w ? values(w) : null,
        rows,
        n,
        { dx: x.requiresGrad, dgamma: !!weight?.requiresGrad, dbeta: !!bias?.requiresGrad },
        arith,
      );
      const as = (v: Float64Array | null, like: Tensor | null) =>
        v === null || like === null ? null : fromCompute(v, like.shape, like.dtype);
      return [as(grads.dx, x), as(grads.dgamma, weight), as(grads.dbeta, bias)];
    },
  });
  return out;
}
