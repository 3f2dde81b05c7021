import { withNoGrad } from "../autograd/node";
import { float32 } from "../dtype";
import { notImplemented } from "../errors";
import { Tensor } from "../tensor";
import { add } from "./binary";
import { bmm } from "./bmm";
import { toBool } from "./cast";
import { div_ } from "./inplaceArith";
import { linear } from "./linear";
import { maskedSoftmax } from "./maskedSoftmax";
import { matmul } from "./matmul";
import { sum } from "./reduce";
import { softmax } from "./softmax";
import { contiguousCopy } from "./strided";
import { expand, reshape, t, transpose, view } from "./views";

// torch._native_multi_head_attention, the inference fast path nn.MultiheadAttention takes for
// batch_first self-attention in eval mode when nothing records autograd. It reaches the same
// answer as F.multi_head_attention_forward by another road, which can differ in the last bit:
// the query's bias and its 1/sqrt(head_dim) scale are applied together in one pass (the scale
// computed from a float square root), a mask is not added as -inf but skipped by a scalar
// masked softmax (C library exp, sum in double), and the averaged weights are a sum over heads
// divided in place. Outputs are contiguous and carry no grad_fn.

/**
 * MultiheadAttention.merge_masks: the single mask the fast path passes on, with its type (1: a
 * (B, S) key padding mask; 2: a (B, H, L, L) mask, both masks added when both are given).
 */
export function mergeMasks(
  attnMask: Tensor | null,
  keyPaddingMask: Tensor | null,
  query: Tensor,
  numHeads: number,
): [Tensor | null, number | null] {
  let merged: Tensor | null = keyPaddingMask;
  let type: number | null = keyPaddingMask === null ? null : 1;
  if (attnMask !== null) {
    const [b, l] = query.shape;
    type = 2;
    merged =
      attnMask.ndim === 3
        ? view(attnMask, [b, -1, l, l])
        : expand(view(attnMask, [1, 1, l, l]), [b, numHeads, -1, -1]);
    if (keyPaddingMask !== null)
      merged = add(merged, expand(view(keyPaddingMask, [b, 1, 1, l]), [-1, numHeads, -1, -1]));
  }
  return [merged, type];
}

/** The fast path's q, k, v: projection plus bias, q also scaled, each [B * H, T, head_dim]. */
function biasRescale(qkv: Tensor, bias: Tensor, numHeads: number): Tensor[] {
  const [b, tl, d3] = qkv.shape;
  const d = d3 / 3;
  const hd = d / numHeads;
  const single = qkv.dtype === float32;
  // 1 / sqrt(head_dim) with the root taken in the tensor's precision, then rounded to it.
  const root = single ? Math.fround(Math.sqrt(hd)) : Math.sqrt(hd);
  const inv = single ? Math.fround(1 / root) : 1 / root;
  const src = contiguousCopy(qkv).storage.data as Float32Array | Float64Array;
  const bs = contiguousCopy(bias).storage.data as Float32Array | Float64Array;
  return [0, 1, 2].map((part) => {
    const out = Tensor.empty([b * numHeads, tl, hd], qkv.dtype);
    const o = out.storage.data as Float32Array | Float64Array;
    let at = 0;
    for (let bi = 0; bi < b; bi++)
      for (let h = 0; h < numHeads; h++)
        for (let ti = 0; ti < tl; ti++)
          for (let j = 0; j < hd; j++) {
            const c = part * d + h * hd + j;
            const x = src[(bi * tl + ti) * d3 + c] + bs[c];
            // Storing into the typed array rounds each step to the tensor's precision.
            o[at] = x;
            if (part === 0) o[at] = o[at] * inv;
            at++;
          }
    return out;
  });
}

export interface NativeMhaWeights {
  qkvWeight: Tensor;
  qkvBias: Tensor;
  projWeight: Tensor;
  projBias: Tensor;
}

/** torch._native_multi_head_attention for a dense [B, T, D] self-attention query. */
export function nativeMultiHeadAttention(
  query: Tensor,
  numHeads: number,
  w: NativeMhaWeights,
  mask: Tensor | null,
  maskType: number | null,
  needWeights: boolean,
  averageAttnWeights: boolean,
): [Tensor, Tensor | null] {
  const [b, tl, d] = query.shape;
  const hd = d / numHeads;
  if (hd % 8 === 0 && !needWeights)
    throw notImplemented(
      "MultiheadAttention's inference fast path with need_weights=False and a head size divisible by 8 runs PyTorch's flash-attention CPU kernel, which MaskLab does not replay bit for bit; use need_weights=True",
    );
  return withNoGrad(() => {
    // One [B*T, D] x [D, 3D] product, as matmul folds a 3-D input times a matrix.
    const qkv = view(matmul(reshape(query, [b * tl, d]), t(w.qkvWeight)), [b, tl, 3 * d]);
    const [q, k, v] = biasRescale(qkv, w.qkvBias, numHeads);
    let scores = bmm(q, transpose(k, 1, 2));
    scores = view(scores, [b, numHeads, tl, tl]);
    scores =
      mask === null ? softmax(scores, -1) : maskedSoftmax(scores, toBool(mask), maskType ?? 2);
    const ctx = bmm(view(scores, [b * numHeads, tl, tl]), v);
    const merged = reshape(transpose(view(ctx, [b, numHeads, tl, hd]), 1, 2), [b * tl, d]);
    const out = view(linear(merged, w.projWeight, w.projBias), [b, tl, d]);
    if (!needWeights) return [out, null];
    if (!averageAttnWeights) return [out, scores];
    return [out, div_(sum(scores, { dim: 1 }), numHeads)];
  });
}
