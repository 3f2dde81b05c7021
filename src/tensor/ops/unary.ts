import { record } from "../autograd/node";
import { castScalarToRaw, checkedScalarToRaw, rawToScalar } from "../convert";
import { bool, float32, int64 } from "../dtype";
import type { DType } from "../dtype";
import { notImplemented, runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { GENERIC, runBinary, runUnary, runUnaryBig } from "./binaryKernel";
import { toDtype } from "./elementwise";
import { floatResult, resultType } from "./promote";
import { emptyLikePreserve, rawArray } from "./strided";
import type { Scalar } from "./promote";
import { sigmoidF32, sigmoidScalarF32 } from "./vecmath/elementwiseF32";

// Element-wise functions of one tensor. Transcendentals compute in float64 and round once to
// the output dtype; float16/bfloat16 go through float32 first like PyTorch's CPU kernels.

const mulT = (a: Tensor, b: Tensor | number): Tensor => {
  const d = resultType(a, b);
  return runBinary(a, b, d, d, { code: GENERIC, num: (x, y) => x * y, big: (x, y) => x * y });
};

/** A float op: ints and bool become the default float dtype. */
function floatMap(x: Tensor, fn: (v: number) => number): Tensor {
  const d = floatResult(x.dtype);
  return runUnary(x, d, d, fn);
}

export function neg(x: Tensor): Tensor {
  if (x.dtype === bool)
    throw runtimeError(
      "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    );
  const out =
    x.dtype === int64 ? runUnaryBig(x, int64, (v) => -v) : runUnary(x, x.dtype, x.dtype, (v) => -v);
  record([out], { name: "NegBackward0", inputs: [x], backward: ([g]) => [mulT(g!, -1)] });
  return out;
}

export function abs(x: Tensor): Tensor {
  if (x.dtype === bool) throw notImplemented(`"abs_cpu" not implemented for 'Bool'`);
  const out =
    x.dtype === int64
      ? runUnaryBig(x, int64, (v) => (v < 0n ? -v : v))
      : runUnary(x, x.dtype, x.dtype, Math.abs);
  record([out], {
    name: "AbsBackward0",
    inputs: [x],
    save: [x],
    backward: ([g], [s]) => [
      mulT(
        g!,
        runUnary(s, s.dtype, s.dtype, (v) => (v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : v)),
      ),
    ],
  });
  return out;
}

/** exp; its backward reads its own result (so editing the result in place breaks backward). */
export function exp(x: Tensor): Tensor {
  const out = floatMap(x, Math.exp);
  record([out], {
    name: "ExpBackward0",
    inputs: [x],
    saveOutputs: [out],
    backward: ([g], [r]) => [mulT(g!, r)],
  });
  return out;
}

export function log(x: Tensor): Tensor {
  const out = floatMap(x, Math.log);
  record([out], {
    name: "LogBackward0",
    inputs: [x],
    save: [x],
    backward: ([g], [s]) => [
      runBinary(g!, s, g!.dtype, g!.dtype, { code: GENERIC, num: (a, b) => a / b, big: () => 0n }),
    ],
  });
  return out;
}

const sigmoidOf = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * float32 sigmoid replayed as PyTorch's kernel computes it (see vecmath/elementwiseF32); other
 * float dtypes keep the float64 formula rounded once.
 */
function sigmoidForward(x: Tensor): Tensor {
  if (floatResult(x.dtype) !== float32) return floatMap(x, sigmoidOf);
  const c = toDtype(x, float32);
  if (!c.isContiguous()) return runUnary(c, float32, float32, sigmoidScalarF32);
  const out = Tensor.empty(c.shape, float32);
  sigmoidF32(c.storage.data as Float32Array, c.offset, out.storage.data as Float32Array, c.numel);
  return out;
}

export function sigmoid(x: Tensor): Tensor {
  const out = sigmoidForward(x);
  record([out], {
    name: "SigmoidBackward0",
    inputs: [x],
    saveOutputs: [out],
    backward: ([g], [r]) => [
      runBinary(g!, r, g!.dtype, g!.dtype, {
        code: GENERIC,
        num: (a, y) => a * (1 - y) * y,
        big: () => 0n,
      }),
    ],
  });
  return out;
}

export function sqrt(x: Tensor): Tensor {
  const out = floatMap(x, Math.sqrt);
  record([out], {
    name: "SqrtBackward0",
    inputs: [x],
    saveOutputs: [out],
    backward: ([g], [r]) => [
      runBinary(g!, r, g!.dtype, g!.dtype, {
        code: GENERIC,
        num: (a, y) => a / (2 * y),
        big: () => 0n,
      }),
    ],
  });
  return out;
}

export function tanh(x: Tensor): Tensor {
  const out = floatMap(x, Math.tanh);
  record([out], {
    name: "TanhBackward0",
    inputs: [x],
    saveOutputs: [out],
    backward: ([g], [r]) => [
      runBinary(g!, r, g!.dtype, g!.dtype, {
        code: GENERIC,
        num: (a, y) => a * (1 - y * y),
        big: () => 0n,
      }),
    ],
  });
  return out;
}

export function relu(x: Tensor): Tensor {
  if (x.dtype === bool) throw runtimeError("Boolean inputs not supported for relu");
  const out =
    x.dtype === int64
      ? runUnaryBig(x, int64, (v) => (v > 0n ? v : 0n))
      : runUnary(x, x.dtype, x.dtype, (v) => (v > 0 ? v : v === v ? 0 : v));
  record([out], {
    name: "ReluBackward0",
    inputs: [x],
    saveOutputs: [out],
    backward: ([g], [r]) => [
      runBinary(g!, r, g!.dtype, g!.dtype, {
        code: GENERIC,
        num: (a, y) => (y > 0 ? a : 0),
        big: () => 0n,
      }),
    ],
  });
  return out;
}

function boolMap(x: Tensor, onFloat: (v: number) => boolean, onInt: boolean): Tensor {
  if (x.dtype.kind !== "float") {
    // zeros_like / ones_like: the input's layout, preserved.
    const out = emptyLikePreserve(x, bool);
    if (onInt) (out.storage.data as Uint8Array).fill(1);
    return out;
  }
  return runUnary(x, x.dtype, bool, (v) => (onFloat(v) ? 1 : 0));
}

export const isnan = (x: Tensor): Tensor => boolMap(x, (v) => v !== v, false);
export const isinf = (x: Tensor): Tensor =>
  boolMap(x, (v) => v === Infinity || v === -Infinity, false);
export const isfinite = (x: Tensor): Tensor => boolMap(x, Number.isFinite, true);

// ------------------------------------------------------------------------------------ clamp

/** A clamp bound: a Python number, a 0-dim tensor, or none. */
export type ClampBound = Scalar | Tensor | null;

export interface ClampBounds {
  lo: Scalar | null;
  hi: Scalar | null;
  /** The dtype clamp computes in. */
  dtype: DType;
  /** 0 when every bound is a tensor (PyTorch's clamp.Tensor overload), else 1 (clamp.Scalar). */
  overload: 0 | 1;
}

const tensorScalar = (t: Tensor): Scalar => {
  if (t.ndim !== 0)
    throw notImplemented("clamp with a bound tensor of more than 0 dimensions is not supported");
  return rawToScalar(rawArray(t)[t.offset], t.dtype);
};

/** `v` as an element of `dtype` holds it after PyTorch's unchecked cast (300 in int8 is 44). */
function storedAs(v: Scalar, dtype: DType): Scalar {
  const slot = rawArray(Tensor.empty([], dtype));
  slot[0] = castScalarToRaw(v, dtype);
  return rawToScalar(slot[0], dtype);
}

/**
 * The bounds as PyTorch binds them: when all of them are tensors the Tensor overload casts
 * them to the result type unchecked (an int8 clamp with min=torch.tensor(300) uses 44);
 * otherwise they are numbers converted with the overflow check.
 */
export function resolveClampBounds(x: Tensor, lo: ClampBound, hi: ClampBound): ClampBounds {
  if (lo === null && hi === null)
    throw runtimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  const given = [lo, hi].filter((b): b is Scalar | Tensor => b !== null);
  const tensors = given.every((b) => b instanceof Tensor);
  const asScalar = (b: ClampBound) => (b instanceof Tensor ? tensorScalar(b) : b);
  const dtype = resultType(x, ...(tensors ? given : given.map((b) => asScalar(b)!)));
  if (dtype === bool) throw notImplemented(`"clamp_scalar_cpu" not implemented for 'Bool'`);
  const convert = (b: ClampBound): Scalar | null => {
    const v = asScalar(b);
    if (v === null) return null;
    if (tensors) return storedAs(v, dtype);
    checkedScalarToRaw(v, dtype);
    // The kernel takes the bound as its element type, so clamp(uint8, min=-1) clamps at 255;
    // float bounds stay exact for the backward's comparisons.
    return dtype.kind === "float" ? v : storedAs(v, dtype);
  };
  return { lo: convert(lo), hi: convert(hi), dtype, overload: tensors ? 0 : 1 };
}

function clampImpl(x: Tensor, bounds: ClampBounds, name: string): Tensor {
  const { lo, hi, dtype: d } = bounds;
  let y = toDtype(x, d);
  if (d === int64) {
    const l = lo === null ? null : BigInt(lo as bigint | boolean);
    const h = hi === null ? null : BigInt(hi as bigint | boolean);
    y = runUnaryBig(y, int64, (v) => {
      let r = v;
      if (l !== null && r < l) r = l;
      if (h !== null && r > h) r = h;
      return r;
    });
  } else {
    const l = lo === null ? -Infinity : Number(lo);
    const h = hi === null ? Infinity : Number(hi);
    // NaN stays NaN; with min > max every element becomes max, as in PyTorch.
    y = runUnary(y, d, d, (v) => (v !== v ? v : Math.min(Math.max(v, l), h)));
  }
  const out = y;
  record([out], {
    name,
    inputs: [x],
    save: [x],
    backward: ([g], [s]) => [clampGrad(g!, s, lo, hi)],
  });
  return out;
}

/** clamp's gradient: g where the input lay within the bounds, 0 where it was clamped. */
export function clampGrad(g: Tensor, x: Tensor, lo: Scalar | null, hi: Scalar | null): Tensor {
  return runBinary(g, x, g.dtype, g.dtype, {
    code: GENERIC,
    num: (a, v) => ((lo === null || v >= Number(lo)) && (hi === null || v <= Number(hi)) ? a : 0),
    big: () => 0n,
  });
}

/** torch.clamp(x, min, max): ClampBackward1 for number bounds, ClampBackward0 for tensors. */
export function clamp(x: Tensor, min: ClampBound = null, max: ClampBound = null): Tensor {
  const bounds = resolveClampBounds(x, min, max);
  return clampImpl(x, bounds, `ClampBackward${bounds.overload}`);
}

export const clampMin = (x: Tensor, min: Scalar): Tensor =>
  clampImpl(x, resolveClampBounds(x, min, null), "ClampMinBackward0");
export const clampMax = (x: Tensor, max: Scalar): Tensor =>
  clampImpl(x, resolveClampBounds(x, null, max), "ClampMaxBackward0");
