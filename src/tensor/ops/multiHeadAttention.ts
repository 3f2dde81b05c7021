import { bool } from "../dtype";
import { assertionError, notImplemented, runtimeError } from "../errors";
import type { Tensor } from "../tensor";
import { baddbmm } from "./baddbmm";
import { dropout } from "./bernoulli";
import { add, mul } from "./binary";
import { bmm } from "./bmm";
import { contiguous } from "./copy";
import { zeros, zerosLike } from "./create";
import { select } from "./indexing";
import { cat } from "./join";
import { linear } from "./linear";
import { maskedFill_ } from "./maskedFill";
import { mean } from "./reduce";
import { repeat } from "./repeat";
import { constantPad } from "./shift";
import { chunk, splitWithSizes } from "./slicing";
import { softmax } from "./softmax";
import { expand, reshape, squeeze, transpose, unsqueeze, view } from "./views";

// F.multi_head_attention_forward, the path nn.MultiheadAttention takes whenever its fast path
// does not apply (training, autograd recording, batch_first=False, cross-attention...). It is
// written with the same tensor ops in the same order as torch.nn.functional, so the values, the
// grad_fn of each result and the checks (with their exception types and messages) are
// PyTorch's. The convention learners trip over lives here: a bool mask is True where a query
// may NOT attend; it becomes 0 / -inf and is added to the scores, so a row with every key masked
// is all -inf and its softmax is NaN.

export interface MhaParams {
  inProjWeight: Tensor | null;
  inProjBias: Tensor | null;
  /** Used when useSeparateProjWeight: query, key and value have their own weights. */
  qProjWeight: Tensor | null;
  kProjWeight: Tensor | null;
  vProjWeight: Tensor | null;
  biasK: Tensor | null;
  biasV: Tensor | null;
  outProjWeight: Tensor;
  outProjBias: Tensor | null;
}

export interface MhaOptions {
  embedDimToCheck: number;
  numHeads: number;
  addZeroAttn: boolean;
  dropoutP: number;
  training: boolean;
  keyPaddingMask: Tensor | null;
  needWeights: boolean;
  attnMask: Tensor | null;
  useSeparateProjWeight: boolean;
  averageAttnWeights: boolean;
  isCausal: boolean;
  /**
   * Python's `query is key` and `key is value` on the caller's objects: the in-projection takes
   * one packed matmul for self-attention, two for shared key/value, three otherwise, and the
   * product's rounding depends on which.
   */
  queryIsKey: boolean;
  keyIsValue: boolean;
}

/** A torch.Size as Python prints it. */
export const sizeRepr = (shape: readonly number[]): string => `torch.Size([${shape.join(", ")}])`;

/** A tuple of ints as Python prints it: (3,) for one element. */
export const tupleRepr = (xs: readonly number[]): string =>
  xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`;

const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * F._canonical_mask: a bool mask becomes zeros of the query's dtype with -inf where True; a
 * float mask is returned as it is (added to the scores unchanged); any other dtype is refused.
 */
export function canonicalMask(mask: Tensor | null, name: string, target: Tensor): Tensor | null {
  if (mask === null) return null;
  if (mask.dtype !== bool && mask.dtype.kind !== "float")
    throw assertionError(`only bool and floating types of ${name} are supported`);
  if (mask.dtype.kind === "float") return mask;
  return maskedFill_(zerosLike(mask, { dtype: target.dtype }), mask, -Infinity);
}

/** F._mha_shape_check: whether the query is batched, or which argument has the wrong rank. */
export function mhaShapeCheck(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  keyPaddingMask: Tensor | null,
  attnMask: Tensor | null,
  numHeads: number,
): boolean {
  const batched = query.ndim === 3;
  if (query.ndim !== 3 && query.ndim !== 2)
    throw assertionError(
      `query should be unbatched 2D or batched 3D tensor but received ${query.ndim}-D query tensor`,
    );
  const what = batched ? "batched (3-D)" : "unbatched (2-D)";
  const rank = batched ? 3 : 2;
  if (key.ndim !== rank || value.ndim !== rank)
    throw assertionError(
      `For ${what} \`query\`, expected \`key\` and \`value\` to be ${rank}-D but found ${key.ndim}-D and ${value.ndim}-D tensors respectively`,
    );
  if (keyPaddingMask !== null && keyPaddingMask.ndim !== rank - 1)
    throw assertionError(
      `For ${what} \`query\`, expected \`key_padding_mask\` to be \`None\` or ${rank - 1}-D but found ${keyPaddingMask.ndim}-D tensor instead`,
    );
  if (attnMask !== null) {
    if (attnMask.ndim !== 2 && attnMask.ndim !== 3)
      throw assertionError(
        `For ${what} \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attnMask.ndim}-D tensor instead`,
      );
    if (!batched && attnMask.ndim === 3) {
      const expected = [numHeads, query.shape[0], key.shape[0]];
      if (!sameShape(attnMask.shape, expected))
        throw assertionError(
          `Expected \`attn_mask\` shape to be ${tupleRepr(expected)} but got ${sizeRepr(attnMask.shape)}`,
        );
    }
  }
  return batched;
}

/**
 * The packed in-projection's reshuffle: [..., n*E] to n contiguous [..., E] blocks, through the
 * same unflatten / transpose / contiguous PyTorch uses, so backward takes the same route.
 */
function unpack(proj: Tensor, n: number, e: number): Tensor[] {
  const lead = proj.shape.slice(0, -1);
  const blocks = contiguous(
    squeeze(transpose(unsqueeze(view(proj, [...lead, n, e]), 0), 0, -2), -2),
  );
  return Array.from({ length: n }, (_, i) => select(blocks, 0, i));
}

function inProjectionPacked(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  w: Tensor,
  b: Tensor | null,
  queryIsKey: boolean,
  keyIsValue: boolean,
): Tensor[] {
  const e = q.shape[q.ndim - 1];
  if (keyIsValue && queryIsKey) return unpack(linear(q, w, b), 3, e);
  if (keyIsValue) {
    const [wq, wkv] = splitWithSizes(w, [e, 2 * e]);
    const [bq, bkv] = b === null ? [null, null] : splitWithSizes(b, [e, 2 * e]);
    return [linear(q, wq, bq), ...unpack(linear(k, wkv, bkv), 2, e)];
  }
  const [wq, wk, wv] = chunk(w, 3);
  const [bq, bk, bv] = b === null ? [null, null, null] : chunk(b, 3);
  return [linear(q, wq, bq), linear(k, wk, bk), linear(v, wv, bv)];
}

function inProjection(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  ws: [Tensor, Tensor, Tensor],
  bs: [Tensor | null, Tensor | null, Tensor | null],
): Tensor[] {
  const eq = q.shape[q.ndim - 1];
  const dims = [eq, k.shape[k.ndim - 1], v.shape[v.ndim - 1]];
  const names = ["query", "key", "value"];
  ws.forEach((w, i) => {
    if (!sameShape(w.shape, [eq, dims[i]]))
      throw assertionError(
        `expecting ${names[i]} weights shape of ${tupleRepr([eq, dims[i]])}, but got ${sizeRepr(w.shape)}`,
      );
  });
  bs.forEach((b, i) => {
    if (b !== null && !sameShape(b.shape, [eq]))
      throw assertionError(
        `expecting ${names[i]} bias shape of ${tupleRepr([eq])}, but got ${sizeRepr(b.shape)}`,
      );
  });
  return [linear(q, ws[0], bs[0]), linear(k, ws[1], bs[1]), linear(v, ws[2], bs[2])];
}

/** F.multi_head_attention_forward: (attn_output, attn_output_weights or null). */
export function multiHeadAttentionForward(
  queryIn: Tensor,
  keyIn: Tensor,
  valueIn: Tensor,
  p: MhaParams,
  o: MhaOptions,
): [Tensor, Tensor | null] {
  const numHeads = o.numHeads;
  const batched = mhaShapeCheck(queryIn, keyIn, valueIn, o.keyPaddingMask, o.attnMask, numHeads);
  let query = queryIn;
  let key = keyIn;
  let value = valueIn;
  let kpm = o.keyPaddingMask;
  let { queryIsKey, keyIsValue } = o;
  if (!batched) {
    // Each unsqueeze makes a new tensor, so the `is` tests below see three distinct inputs.
    query = unsqueeze(query, 1);
    key = unsqueeze(key, 1);
    value = unsqueeze(value, 1);
    queryIsKey = keyIsValue = false;
    if (kpm !== null) kpm = unsqueeze(kpm, 0);
  }
  const [tgtLen, bsz, embedDim] = query.shape;
  let srcLen = key.shape[0];
  kpm = canonicalMask(kpm, "key_padding_mask", query);
  let attnMask = o.attnMask;
  if (o.isCausal && attnMask === null)
    throw runtimeError(
      "Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.",
    );
  // Only scaled_dot_product_attention (need_weights=False) reads the is_causal hint; the
  // weights path always adds the mask it was given.
  if (o.isCausal && kpm === null && !o.needWeights) attnMask = null;
  else attnMask = canonicalMask(attnMask, "attn_mask", query);
  if (embedDim !== o.embedDimToCheck)
    throw assertionError(
      `was expecting embedding dimension of ${o.embedDimToCheck}, but got ${embedDim}`,
    );
  const headDim = Math.floor(embedDim / numHeads);
  if (headDim * numHeads !== embedDim)
    throw assertionError(`embed_dim ${embedDim} not divisible by num_heads ${numHeads}`);
  if (o.useSeparateProjWeight) {
    if (!sameShape(key.shape.slice(0, 2), value.shape.slice(0, 2)))
      throw assertionError(
        `key's sequence and batch dims ${sizeRepr(key.shape.slice(0, 2))} do not match value's ${sizeRepr(value.shape.slice(0, 2))}`,
      );
  } else if (!sameShape(key.shape, value.shape))
    throw assertionError(
      `key shape ${sizeRepr(key.shape)} does not match value shape ${sizeRepr(value.shape)}`,
    );

  let q: Tensor;
  let k: Tensor;
  let v: Tensor;
  if (!o.useSeparateProjWeight) {
    if (p.inProjWeight === null)
      throw assertionError("use_separate_proj_weight is False but in_proj_weight is None");
    [q, k, v] = inProjectionPacked(
      query,
      key,
      value,
      p.inProjWeight,
      p.inProjBias,
      queryIsKey,
      keyIsValue,
    );
  } else {
    const names = ["q", "k", "v"];
    const ws = [p.qProjWeight, p.kProjWeight, p.vProjWeight];
    ws.forEach((w, i) => {
      if (w === null)
        throw assertionError(
          `use_separate_proj_weight is True but ${names[i]}_proj_weight is None`,
        );
    });
    const bs = p.inProjBias === null ? [null, null, null] : chunk(p.inProjBias, 3);
    [q, k, v] = inProjection(
      query,
      key,
      value,
      ws as [Tensor, Tensor, Tensor],
      bs as [Tensor | null, Tensor | null, Tensor | null],
    );
  }

  if (attnMask !== null) {
    if (attnMask.ndim === 2) {
      if (!sameShape(attnMask.shape, [tgtLen, srcLen]))
        throw runtimeError(
          `The shape of the 2D attn_mask is ${sizeRepr(attnMask.shape)}, but should be ${tupleRepr([tgtLen, srcLen])}.`,
        );
      attnMask = unsqueeze(attnMask, 0);
    } else if (attnMask.ndim === 3) {
      const expected = [bsz * numHeads, tgtLen, srcLen];
      if (!sameShape(attnMask.shape, expected))
        throw runtimeError(
          `The shape of the 3D attn_mask is ${sizeRepr(attnMask.shape)}, but should be ${tupleRepr(expected)}.`,
        );
    } else throw runtimeError(`attn_mask's dimension ${attnMask.ndim} is not supported`);
  }

  if (p.biasK !== null && p.biasV !== null) {
    k = cat([k, repeat(p.biasK, [1, bsz, 1])]);
    v = cat([v, repeat(p.biasV, [1, bsz, 1])]);
    if (attnMask !== null) attnMask = constantPad(attnMask, [0, 1]);
    if (kpm !== null) kpm = constantPad(kpm, [0, 1]);
  } else {
    if (p.biasK !== null) throw assertionError("bias_k is set but bias_v is None");
    if (p.biasV !== null) throw assertionError("bias_v is set but bias_k is None");
  }

  q = transpose(view(q, [tgtLen, bsz * numHeads, headDim]), 0, 1);
  k = transpose(view(k, [k.shape[0], bsz * numHeads, headDim]), 0, 1);
  v = transpose(view(v, [v.shape[0], bsz * numHeads, headDim]), 0, 1);

  if (o.addZeroAttn) {
    const zeroShape = [bsz * numHeads, 1, headDim];
    k = cat([k, zeros(zeroShape, { dtype: k.dtype })], 1);
    v = cat([v, zeros(zeroShape, { dtype: v.dtype })], 1);
    if (attnMask !== null) attnMask = constantPad(attnMask, [0, 1]);
    if (kpm !== null) kpm = constantPad(kpm, [0, 1]);
  }
  srcLen = k.shape[1];

  if (kpm !== null) {
    if (kpm.shape[0] !== bsz)
      throw assertionError(
        `Expected key_padded_mask.shape[0] to be ${bsz}, but got ${kpm.shape[0]}`,
      );
    if (kpm.shape[1] !== srcLen)
      throw assertionError(
        `Expected key_padded_mask.shape[1] to be ${srcLen}, but got ${kpm.shape[1]}`,
      );
    const spread = reshape(expand(view(kpm, [bsz, 1, 1, srcLen]), [-1, numHeads, -1, -1]), [
      bsz * numHeads,
      1,
      srcLen,
    ]);
    attnMask = attnMask === null ? spread : add(attnMask, spread);
  }
  const dropoutP = o.training ? o.dropoutP : 0;

  if (!o.needWeights)
    // PyTorch hands this to scaled_dot_product_attention with 4-D inputs, where the CPU build
    // runs its flash-attention kernel (blocked online softmax, its own exp approximation).
    throw notImplemented(
      "MultiheadAttention with need_weights=False runs PyTorch's flash-attention CPU kernel, which MaskLab does not replay bit for bit; use need_weights=True (the default)",
    );

  const qScaled = mul(q, Math.sqrt(1 / headDim));
  const kt = transpose(k, -2, -1);
  let weights = attnMask !== null ? baddbmm(attnMask, qScaled, kt) : bmm(qScaled, kt);
  weights = softmax(weights, -1);
  if (dropoutP > 0) weights = dropout(weights, dropoutP);
  let out = reshape(transpose(bmm(weights, v), 0, 1), [tgtLen * bsz, embedDim]);
  out = linear(out, p.outProjWeight, p.outProjBias);
  out = view(out, [tgtLen, bsz, out.shape[1]]);
  weights = view(weights, [bsz, numHeads, tgtLen, srcLen]);
  if (o.averageAttnWeights) weights = mean(weights, { dim: 1 });
  if (!batched) {
    out = squeeze(out, 1);
    weights = squeeze(weights, 0);
  }
  return [out, weights];
}
