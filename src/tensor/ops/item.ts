import { rawToScalar, type Scalar } from "../convert";
import { runtimeError } from "../errors";
import type { Tensor } from "../tensor";
import { rawArray } from "./strided";

/** tensor.item(): the one element as a Scalar (float -> number, int -> bigint, bool -> boolean). */
export function item(t: Tensor): Scalar {
  if (t.numel !== 1)
    throw runtimeError(`a Tensor with ${t.numel} elements cannot be converted to Scalar`);
  return rawToScalar(rawArray(t)[t.storageIndex(0)], t.dtype);
}

export type NestedScalars = Scalar | NestedScalars[];

/** tensor.tolist(): nested arrays of Scalars; a 0-dim tensor gives a bare Scalar. */
export function tolist(t: Tensor): NestedScalars {
  const d = rawArray(t);
  const build = (dim: number, base: number): NestedScalars => {
    if (dim === t.ndim) return rawToScalar(d[base], t.dtype);
    const out: NestedScalars[] = new Array(t.shape[dim]);
    for (let i = 0; i < t.shape[dim]; i++) out[i] = build(dim + 1, base + i * t.strides[dim]);
    return out;
  };
  return build(0, t.offset);
}
