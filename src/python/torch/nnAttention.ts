// nn.MultiheadAttention and F.multi_head_attention_forward. The module decides, as PyTorch's
// does, between two implementations: the inference fast path (torch._native_multi_head_attention:
// eval mode, batch_first self-attention with one tensor for query, key and value, nothing
// recording autograd, an even number of heads, bool masks) and F.multi_head_attention_forward
// for everything else. They round differently, so which one runs shows in the printed bits;
// the choice is made here from the same conditions in the same order.

import { gradMode } from "../../tensor/autograd/node";
import { empty } from "../../tensor/ops/create";
import {
  canonicalMask,
  multiHeadAttentionForward,
  type MhaParams,
} from "../../tensor/ops/multiHeadAttention";
import { mergeMasks, nativeMultiHeadAttention } from "../../tensor/ops/nativeMultiHeadAttention";
import { normalFloat32_, uniform_ } from "../../tensor/ops/random";
import { transpose } from "../../tensor/ops/views";
import type { Tensor } from "../../tensor/tensor";
import { parseArgs } from "../args";
import { UserClass } from "../classes";
import { type Kwargs, PyException, PyTuple, type PyValue } from "../objects";
import { callValue, getAttr, repr, setAttr, truthy, typeName } from "../runtime";
import { guard, tensorOf } from "./convert";
import { method, MODULE_PATH, type NnHost, stateOf } from "./nnCore";
import { isTensor } from "./types";

/** A tensor argument that may be None; anything else fails where PyTorch first touches it. */
function optionalTensor(v: PyValue | undefined): Tensor | null {
  if (v === undefined || v === null) return null;
  if (isTensor(v)) return v.t;
  throw new PyException(
    "TypeError",
    `is_floating_point(): argument 'input' (position 1) must be Tensor, not ${typeName(v)}`,
  );
}

function queryTensor(v: PyValue | undefined): Tensor {
  if (v !== undefined && isTensor(v)) return v.t;
  throw new PyException("AttributeError", `'${typeName(v ?? null)}' object has no attribute 'dim'`);
}

const FORWARD_F_SPEC = [
  "query",
  "key",
  "value",
  "embed_dim_to_check",
  "num_heads",
  "in_proj_weight",
  "in_proj_bias",
  "bias_k",
  "bias_v",
  "add_zero_attn",
  "dropout_p",
  "out_proj_weight",
  "out_proj_bias",
  { name: "training", default: true },
  { name: "key_padding_mask", default: null },
  { name: "need_weights", default: true },
  { name: "attn_mask", default: null },
  { name: "use_separate_proj_weight", default: false },
  { name: "q_proj_weight", default: null },
  { name: "k_proj_weight", default: null },
  { name: "v_proj_weight", default: null },
  { name: "static_k", default: null },
  { name: "static_v", default: null },
  { name: "average_attn_weights", default: true },
  { name: "is_causal", default: false },
];

const tensorOrNull = (v: PyValue | undefined): Tensor | null =>
  v === undefined || v === null ? null : tensorOf(v);

function pair(host: NnHost, out: Tensor, weights: Tensor | null): PyTuple {
  return new PyTuple([host.wrap(out), weights === null ? null : host.wrap(weights)]);
}

/** torch.nn.functional.multi_head_attention_forward. */
export function multiHeadAttentionForwardFunction(
  host: NnHost,
  args: PyValue[],
  kwargs: Kwargs | undefined,
): PyValue {
  const a = parseArgs("multi_head_attention_forward", args, kwargs, FORWARD_F_SPEC);
  if (a[21] !== null || a[22] !== null)
    throw new PyException(
      "NotImplementedError",
      "multi_head_attention_forward with static_k or static_v is not supported in MaskLab",
    );
  const [out, weights] = guard(() =>
    multiHeadAttentionForward(queryTensor(a[0]), tensorOf(a[1]), tensorOf(a[2]), paramsFrom(a), {
      embedDimToCheck: Number(a[3]),
      numHeads: Number(a[4]),
      addZeroAttn: truthy(a[9]!),
      dropoutP: Number(a[10]),
      training: truthy(a[13]!),
      keyPaddingMask: optionalTensor(a[14]),
      needWeights: truthy(a[15]!),
      attnMask: optionalTensor(a[16]),
      useSeparateProjWeight: truthy(a[17]!),
      averageAttnWeights: truthy(a[23]!),
      isCausal: truthy(a[24]!),
      queryIsKey: a[0] === a[1],
      keyIsValue: a[1] === a[2],
    }),
  );
  return pair(host, out, weights);
}

function paramsFrom(a: (PyValue | undefined)[]): MhaParams {
  return {
    inProjWeight: tensorOrNull(a[5]),
    inProjBias: tensorOrNull(a[6]),
    biasK: tensorOrNull(a[7]),
    biasV: tensorOrNull(a[8]),
    outProjWeight: tensorOf(a[11]),
    outProjBias: tensorOrNull(a[12]),
    qProjWeight: tensorOrNull(a[18]),
    kProjWeight: tensorOrNull(a[19]),
    vProjWeight: tensorOrNull(a[20]),
  };
}

/** nn.init.xavier_uniform_ (gain 1) on a 2-D weight: fan_in is its columns, fan_out its rows. */
function xavierUniform(shape: [number, number]): Tensor {
  const std = Math.sqrt(2 / (shape[0] + shape[1]));
  const a = Math.sqrt(3) * std;
  return uniform_(empty(shape), -a, a);
}

/**
 * nn.MultiheadAttention and the NonDynamicallyQuantizableLinear its out_proj is (a Linear in
 * every respect but its name, which the repr shows).
 */
export function defineMultiheadAttention(
  host: NnHost,
  moduleType: UserClass,
  linearType: UserClass,
): Map<string, UserClass> {
  const { makeParameter } = host;
  const ndqLinear = new UserClass(
    "NonDynamicallyQuantizableLinear",
    "NonDynamicallyQuantizableLinear",
    [linearType],
    `${MODULE_PATH}.linear`,
  );
  const mha = new UserClass(
    "MultiheadAttention",
    "MultiheadAttention",
    [moduleType],
    `${MODULE_PATH}.activation`,
  );
  const param = (t: Tensor) => makeParameter(t, true);
  const get = (self: PyValue, name: string) => getAttr(self, name);

  method(mha, "__init__", (self, args, kwargs) => {
    const [embed, heads, drop, bias, addBiasKv, addZeroAttn, kdim, vdim, batchFirst, , dtype] =
      parseArgs("MultiheadAttention.__init__", args, kwargs, [
        "embed_dim",
        "num_heads",
        { name: "dropout", default: 0.0 },
        { name: "bias", default: true },
        { name: "add_bias_kv", default: false },
        { name: "add_zero_attn", default: false },
        { name: "kdim", default: null },
        { name: "vdim", default: null },
        { name: "batch_first", default: false },
        { name: "device", default: null },
        { name: "dtype", default: null },
      ]);
    if (dtype !== null)
      throw new PyException(
        "NotImplementedError",
        "MultiheadAttention(dtype=...) is not supported in MaskLab",
      );
    const e = Number(embed);
    const h = Number(heads);
    if (e <= 0 || h <= 0)
      throw new PyException(
        "ValueError",
        `embed_dim and num_heads must be greater than 0, got embed_dim=${repr(embed!)} and num_heads=${repr(heads!)} instead`,
      );
    callValue(moduleType.attrs.get("__init__")!, [self]);
    const kd = kdim === null ? embed! : kdim!;
    const vd = vdim === null ? embed! : vdim!;
    const same = Number(kd) === e && Number(vd) === e;
    setAttr(self, "embed_dim", embed!);
    setAttr(self, "kdim", kd);
    setAttr(self, "vdim", vd);
    setAttr(self, "_qkv_same_embed_dim", same);
    setAttr(self, "num_heads", heads!);
    setAttr(self, "dropout", drop!);
    setAttr(self, "batch_first", batchFirst!);
    const headDim = Math.floor(e / h);
    setAttr(self, "head_dim", BigInt(headDim));
    if (headDim * h !== e)
      throw new PyException("AssertionError", "embed_dim must be divisible by num_heads");
    const params = stateOf(self).params;
    // Parameters exist (uninitialised) before out_proj draws its own init, as in PyTorch; the
    // xavier draws come after, so they are made empty now and filled below.
    const names = same
      ? ["in_proj_weight", "q_proj_weight", "k_proj_weight", "v_proj_weight"]
      : ["q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_weight"];
    for (const n of names) params.set(n, null);
    params.set("in_proj_bias", null);
    setAttr(
      self,
      "out_proj",
      callValue(ndqLinear, [embed!, embed!], new Map([["bias", truthy(bias!)]])),
    );
    // _reset_parameters: xavier_uniform_ weights, zeroed biases, xavier_normal_ bias_k / bias_v.
    if (same) setAttr(self, "in_proj_weight", param(xavierUniform([3 * e, e])));
    else {
      setAttr(self, "q_proj_weight", param(xavierUniform([e, e])));
      setAttr(self, "k_proj_weight", param(xavierUniform([e, Number(kd)])));
      setAttr(self, "v_proj_weight", param(xavierUniform([e, Number(vd)])));
    }
    if (truthy(bias!)) {
      setAttr(self, "in_proj_bias", param(zeroed(empty([3 * e]))));
      zeroed(tensorOf(get(get(self, "out_proj"), "bias")));
    }
    if (truthy(addBiasKv!)) {
      // xavier_normal_ on [1, 1, E]: fan_in = fan_out = E.
      const std = Math.sqrt(2 / (2 * e));
      setAttr(self, "bias_k", param(normalFloat32_(empty([1, 1, e]), 0, std)));
      setAttr(self, "bias_v", param(normalFloat32_(empty([1, 1, e]), 0, std)));
    } else {
      setAttr(self, "bias_k", null);
      setAttr(self, "bias_v", null);
    }
    setAttr(self, "add_zero_attn", addZeroAttn!);
    return null;
  });

  method(mha, "forward", (self, args, kwargs) => {
    const [qv, kv, vv, kpmV, needV, maskV, avgV, causalV] = parseArgs(
      "MultiheadAttention.forward",
      args,
      kwargs,
      [
        "query",
        "key",
        "value",
        { name: "key_padding_mask", default: null },
        { name: "need_weights", default: true },
        { name: "attn_mask", default: null },
        { name: "average_attn_weights", default: true },
        { name: "is_causal", default: false },
      ],
    );
    const rawMask = optionalTensor(maskV);
    const rawKpm = optionalTensor(kpmV);
    const query = queryTensor(qv);
    const key = tensorOf(kv);
    const value = tensorOf(vv);
    const needWeights = truthy(needV!);
    const average = truthy(avgV!);
    const floatMask =
      (rawMask !== null && rawMask.dtype.kind === "float") ||
      (rawKpm !== null && rawKpm.dtype.kind === "float");
    const batched = query.ndim === 3;
    const kpm = guard(() => canonicalMask(rawKpm, "key_padding_mask", query));
    const attnMask = guard(() => canonicalMask(rawMask, "attn_mask", query));
    const inW = optionalTensor(get(self, "in_proj_weight"));
    const inB = optionalTensor(get(self, "in_proj_bias"));
    const outProj = get(self, "out_proj");
    const outW = tensorOf(get(outProj, "weight"));
    const outB = optionalTensor(get(outProj, "bias"));
    const batchFirst = truthy(get(self, "batch_first"));
    const numHeads = Number(get(self, "num_heads"));
    const fast =
      !floatMask &&
      batched &&
      qv === kv &&
      kv === vv &&
      !(inB !== null && query.dtype !== inB.dtype) &&
      inW !== null &&
      query.dtype === inW.dtype &&
      !truthy(get(self, "training")) &&
      numHeads % 2 === 0 &&
      batchFirst &&
      get(self, "bias_k") === null &&
      get(self, "bias_v") === null &&
      !truthy(get(self, "add_zero_attn")) &&
      truthy(get(self, "_qkv_same_embed_dim")) &&
      !(
        gradMode.enabled && [query, inW, inB, outW, outB].some((t) => t !== null && t.requiresGrad)
      );
    if (fast && inB !== null && outB !== null) {
      const [out, weights] = guard(() => {
        const [merged, type] = mergeMasks(attnMask, kpm, query, numHeads);
        return nativeMultiHeadAttention(
          query,
          numHeads,
          { qkvWeight: inW!, qkvBias: inB, projWeight: outW, projBias: outB },
          merged,
          type,
          needWeights,
          average,
        );
      });
      return pair(host, out, weights);
    }
    const same = truthy(get(self, "_qkv_same_embed_dim"));
    const [out, weights] = guard(() => {
      const swap = batchFirst && batched;
      const [q, k, v] = swap
        ? [transpose(query, 1, 0), transpose(key, 1, 0), transpose(value, 1, 0)]
        : [query, key, value];
      const res = multiHeadAttentionForward(
        q,
        k,
        v,
        {
          inProjWeight: inW,
          inProjBias: inB,
          qProjWeight: same ? null : optionalTensor(get(self, "q_proj_weight")),
          kProjWeight: same ? null : optionalTensor(get(self, "k_proj_weight")),
          vProjWeight: same ? null : optionalTensor(get(self, "v_proj_weight")),
          biasK: optionalTensor(get(self, "bias_k")),
          biasV: optionalTensor(get(self, "bias_v")),
          outProjWeight: outW,
          outProjBias: outB,
        },
        {
          embedDimToCheck: Number(get(self, "embed_dim")),
          numHeads,
          addZeroAttn: truthy(get(self, "add_zero_attn")),
          dropoutP: Number(get(self, "dropout")),
          training: truthy(get(self, "training")),
          keyPaddingMask: kpm,
          needWeights,
          attnMask,
          useSeparateProjWeight: !same,
          averageAttnWeights: average,
          isCausal: truthy(causalV!),
          queryIsKey: qv === kv,
          keyIsValue: kv === vv,
        },
      );
      return swap ? ([transpose(res[0], 1, 0), res[1]] as const) : res;
    });
    return pair(host, out, weights);
  });
  return new Map([
    ["MultiheadAttention", mha],
    ["NonDynamicallyQuantizableLinear", ndqLinear],
  ]);
}

/** nn.init.constant_(t, 0.0): written in place, one version bump. */
function zeroed(t: Tensor): Tensor {
  (t.storage.data as Float32Array).fill(0, t.offset, t.offset + t.numel);
  t.version.bump();
  return t;
}
