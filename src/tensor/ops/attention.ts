import { bool, float32, typeMetaName } from "../dtype";
import { runtimeError } from "../errors";
import type { Tensor } from "../tensor";
import { add, mul } from "./binary";
import { eq } from "./compare";
import { ones, zeros } from "./create";
import { logicalNot } from "./logical";
import { maskedFill } from "./maskedFill";
import { matmul } from "./matmul";
import { all } from "./reduce";
import { softmax } from "./softmax";
import { tril } from "./triangular";
import { transpose } from "./views";
import { where } from "./where";

// F.scaled_dot_product_attention as PyTorch's math backend computes it (the one it takes
// whenever autograd records): q and k each scaled by sqrt(scale), a boolean mask (True = may
// attend) turned into 0 / -inf and added, then a "safe" softmax whose fully masked rows come
// out as zeros rather than the NaN a plain softmax gives. That last step is the point a lesson
// makes: masked_fill(-inf) + softmax turns a fully masked row into NaN, SDPA does not.

export interface AttentionOptions {
  mask: Tensor | null;
  isCausal: boolean;
  scale: number | null;
}

/** softmax over the last dim, with rows that are all -inf giving zeros. */
function safeSoftmax(x: Tensor): Tensor {
  const out = softmax(x, -1);
  const masked = all(eq(x, -Infinity), { dim: -1, keepdim: true });
  return where(masked, 0, out);
}

export function scaledDotProductAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  { mask, isCausal, scale }: AttentionOptions,
): Tensor {
  // ATen validates the inputs before it picks a kernel (the is_causal clash is the math
  // kernel's own check).
  if (q.ndim < 2 || k.ndim < 2 || v.ndim < 2)
    throw runtimeError(
      `Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: ${q.ndim} key.dim: ${k.ndim} and value.dim: ${v.ndim} instead.`,
    );
  if (q.dtype !== k.dtype || q.dtype !== v.dtype)
    throw runtimeError(
      `Expected query, key, and value to have the same dtype, but got query.dtype: ${typeMetaName(q.dtype)} key.dtype: ${typeMetaName(k.dtype)} and value.dtype: ${typeMetaName(v.dtype)} instead.`,
    );
  if (mask !== null && mask.dtype !== bool && mask.dtype !== float32 && mask.dtype !== q.dtype)
    throw runtimeError(
      `Expected attn_mask dtype to be bool or float or to match query dtype, but got attn_mask.dtype: ${typeMetaName(mask.dtype)} and  query.dtype: ${typeMetaName(q.dtype)} instead.`,
    );
  if (isCausal && mask !== null)
    throw runtimeError(
      "_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True",
    );
  const L = q.shape[q.ndim - 2];
  const S = k.shape[k.ndim - 2];
  const root = Math.sqrt(scale ?? 1 / Math.sqrt(q.shape[q.ndim - 1]));
  let scores = matmul(mul(q, root), transpose(mul(k, root), -2, -1));
  const keep = isCausal ? tril(ones([L, S], { dtype: bool })) : mask;
  if (keep !== null)
    scores = add(
      scores,
      keep.dtype === bool
        ? maskedFill(zeros(keep.shape, { dtype: scores.dtype }), logicalNot(keep), -Infinity)
        : keep,
    );
  return matmul(safeSoftmax(scores), v);
}
