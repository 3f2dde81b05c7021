import { bool, float32, typeMetaName } from "../dtype";
import { indexError, runtimeError } from "../errors";
import { normalizeDim } from "../shape";
import type { Tensor } from "../tensor";
import { needsGrad, record, withNoGrad } from "../autograd/node";
import { add, mul, sub } from "./binary";
import { eq } from "./compare";
import { ones, zeros } from "./create";
import { logicalNot } from "./logical";
import { maskedFill } from "./maskedFill";
import { matmul } from "./matmul";
import { all, sum } from "./reduce";
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
  const total = scale ?? 1 / Math.sqrt(q.shape[q.ndim - 1]);
  const weights = (qq: Tensor, kk: Tensor): Tensor => {
    const root = Math.sqrt(total);
    let scores = matmul(mul(qq, root), transpose(mul(kk, root), -2, -1));
    const keep = isCausal ? tril(ones([L, S], { dtype: bool })) : mask;
    if (keep !== null)
      scores = add(
        scores,
        keep.dtype === bool
          ? maskedFill(zeros(keep.shape, { dtype: scores.dtype }), logicalNot(keep), -Infinity)
          : keep,
      );
    return safeSoftmax(scores);
  };
  const flash = takesFlashKernel(q, k, v);
  // The flash kernel reads the mask's last two sizes, so a mask of fewer dims fails there.
  if (flash && mask !== null && mask.ndim === 0)
    throw indexError("Dimension specified as -2 but tensor has no dimensions");
  if (flash && mask !== null) normalizeDim(-2, mask.ndim);
  if (!flash || !needsGrad(q, k, v) || mask?.requiresGrad) return matmul(weights(q, k), v);
  // PyTorch's CPU flash kernel: one autograd node over query, key and value, whose backward
  // recomputes the weights P and applies softmax's derivative, dS = P * (dP - rowsum(dP * P)).
  const out = withNoGrad(() => matmul(weights(q, k), v));
  record([out], {
    name: "ScaledDotProductFlashAttentionForCpuBackward0",
    inputs: [q, k, v],
    save: [q, k, v],
    backward: ([g], [qs, ks, vs]) => {
      if (!g) return [null, null, null];
      const p = weights(qs, ks);
      const dp = matmul(g, transpose(vs, -2, -1));
      const ds = mul(p, sub(dp, sum(mul(dp, p), { dim: [-1], keepdim: true })));
      return [
        mul(matmul(ds, ks), total),
        mul(matmul(transpose(ds, -2, -1), qs), total),
        matmul(transpose(p, -2, -1), g),
      ];
    },
  });
  return out;
}

/**
 * Whether PyTorch 2.13's CPU dispatch runs its flash-attention kernel rather than the math
 * composition, as measured: query, key and value 4-D, of the same batch and head counts (no
 * broadcasting), value's head size equal to query's, unit stride along the head dim, and no
 * empty sequence. (Dropout, which also rules it out, is refused before this.) The choice shows
 * in the output's grad_fn; the values agree to the printed digits.
 */
function takesFlashKernel(q: Tensor, k: Tensor, v: Tensor): boolean {
  if (q.ndim !== 4 || k.ndim !== 4 || v.ndim !== 4) return false;
  for (let d = 0; d < 2; d++)
    if (k.shape[d] !== q.shape[d] || v.shape[d] !== q.shape[d]) return false;
  if (v.shape[3] !== q.shape[3]) return false;
  if (q.strides[3] !== 1 || k.strides[3] !== 1 || v.strides[3] !== 1) return false;
  return q.shape[2] > 0 && k.shape[2] > 0 && q.shape[3] > 0;
}
