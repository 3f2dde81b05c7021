import { record } from "../autograd/node";
import type { DType } from "../dtype";
import {
  bfloat16,
  bool,
  float16,
  float32,
  float64,
  int16,
  int32,
  int64,
  int8,
  uint8,
} from "../dtype";
import type { Tensor } from "../tensor";
import { contiguousCopy, copyStrided, emptyLikePreserve } from "./strided";

/**
 * tensor.to(dtype): self when the dtype already matches, else a cast copy that keeps dense
 * strides. Only float -> float casts carry gradient (ToCopyBackward0).
 */
export function to(t: Tensor, dtype: DType, opts: { copy?: boolean } = {}): Tensor {
  if (t.dtype === dtype && !opts.copy) return t;
  const out = emptyLikePreserve(t, dtype);
  copyStrided(out, t);
  if (dtype.kind === "float") {
    const from = t.dtype;
    record([out], {
      name: "ToCopyBackward0",
      inputs: [t],
      backward: ([g]) => [g ? (g.dtype === from ? g : contiguousCopy(g, from)) : null],
    });
  }
  return out;
}

export const toBool = (t: Tensor): Tensor => to(t, bool);
export const toFloat = (t: Tensor): Tensor => to(t, float32);
export const toDouble = (t: Tensor): Tensor => to(t, float64);
export const toHalf = (t: Tensor): Tensor => to(t, float16);
export const toBFloat16 = (t: Tensor): Tensor => to(t, bfloat16);
export const toLong = (t: Tensor): Tensor => to(t, int64);
export const toInt = (t: Tensor): Tensor => to(t, int32);
export const toShort = (t: Tensor): Tensor => to(t, int16);
export const toChar = (t: Tensor): Tensor => to(t, int8);
export const toByte = (t: Tensor): Tensor => to(t, uint8);
