import { checkInplace, record, withNoGrad } from "../autograd/node";
import { castScalarToRaw, checkedScalarToRaw, rawToScalar } from "../convert";
import { bool, int64, typeMetaName } from "../dtype";
import type { DType } from "../dtype";
import { notImplemented, runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { gradFor, maximum, minimum } from "./binary";
import { GENERIC, runBinary, runUnary, runUnaryBig } from "./binaryKernel";
import { ge, gt, le, lt } from "./compare";
import { toDtype } from "./elementwise";
import { canCast, inplace } from "./inplaceArith";
import { logicalAnd, logicalOr } from "./logical";
import { resultType } from "./promote";
import type { Scalar } from "./promote";
import { rawArray } from "./strided";
import { where } from "./where";

// torch.clamp / clip and their in-place forms. PyTorch has two overloads and the bounds pick
// one: when every given bound is a tensor (of any shape) the Tensor overload broadcasts them
// against the input and promotes over all of them (ClampBackward0, gradients reach the
// bounds too); otherwise the bounds are Python numbers, a 0-dim tensor standing for its value
// (ClampBackward1).

/** A clamp bound: a Python number, a tensor, or none. */
export type ClampBound = Scalar | Tensor | null;

export interface ClampBounds {
  lo: Scalar | null;
  hi: Scalar | null;
  /** The dtype clamp computes in. */
  dtype: DType;
}

const NEITHER = "torch.clamp: At least one of 'min' or 'max' must not be None";

const tensorScalar = (t: Tensor): Scalar => {
  if (t.ndim !== 0)
    throw runtimeError(
      `a Tensor with ${t.numel} elements cannot be converted to Scalar (clamp with both a number and a tensor bound)`,
    );
  return rawToScalar(rawArray(t)[t.offset], t.dtype);
};

/** `v` as an element of `dtype` holds it after PyTorch's unchecked cast (300 in int8 is 44). */
function storedAs(v: Scalar, dtype: DType): Scalar {
  const slot = rawArray(Tensor.empty([], dtype));
  slot[0] = castScalarToRaw(v, dtype);
  return rawToScalar(slot[0], dtype);
}

/** True when PyTorch takes its Tensor overload: every bound given is a tensor. */
const tensorBounds = (lo: ClampBound, hi: ClampBound): boolean =>
  (lo === null || lo instanceof Tensor) && (hi === null || hi instanceof Tensor);

/**
 * Number bounds as PyTorch binds them: converted to the result type with the overflow check,
 * except that the kernel takes them as its element type (clamp(uint8, min=-1) clamps at 255).
 */
export function resolveClampBounds(x: Tensor, lo: ClampBound, hi: ClampBound): ClampBounds {
  if (lo === null && hi === null) throw runtimeError(NEITHER);
  const asScalar = (b: ClampBound) => (b instanceof Tensor ? tensorScalar(b) : b);
  const given = [lo, hi].filter((b) => b !== null).map((b) => asScalar(b)!);
  const dtype = resultType(x, ...given);
  if (dtype === bool) {
    // A bound left out sends PyTorch to clamp_min / clamp_max, whose kernels name themselves.
    const kernel = hi === null ? "clamp_min" : lo === null ? "clamp_max" : "clamp";
    throw notImplemented(`"${kernel}_scalar_cpu" not implemented for 'Bool'`);
  }
  const convert = (b: ClampBound): Scalar | null => {
    const v = asScalar(b);
    if (v === null) return null;
    checkedScalarToRaw(v, dtype);
    // Float bounds stay exact for the backward's comparisons.
    return dtype.kind === "float" ? v : storedAs(v, dtype);
  };
  return { lo: convert(lo), hi: convert(hi), dtype };
}

/**
 * The kernel's std::max-then-std::min: a NaN anywhere wins, and a tie keeps the input (so -0
 * clamped at min 0 stays -0), with min > max giving max everywhere.
 */
function clampNumber(v: number, l: number, h: number): number {
  if (v !== v || l !== l || h !== h) return NaN;
  const r = v < l ? l : v;
  return h < r ? h : r;
}

function clampScalars(x: Tensor, bounds: ClampBounds, name: string): Tensor {
  const { lo, hi, dtype: d } = bounds;
  let out: Tensor;
  if (d === int64) {
    const l = lo === null ? null : BigInt(lo as bigint | boolean);
    const h = hi === null ? null : BigInt(hi as bigint | boolean);
    out = runUnaryBig(toDtype(x, d), int64, (v) => {
      let r = v;
      if (l !== null && r < l) r = l;
      if (h !== null && r > h) r = h;
      return r;
    });
  } else {
    const l = lo === null ? -Infinity : Number(lo);
    const h = hi === null ? Infinity : Number(hi);
    out = runUnary(toDtype(x, d), d, d, (v) => clampNumber(v, l, h));
  }
  record([out], {
    name,
    inputs: [x],
    save: [x],
    backward: ([g], [s]) => [clampGrad(g!, s, lo, hi)],
  });
  return out;
}

/** clamp's gradient for number bounds: g where the input lay within them, 0 elsewhere (NaN too). */
export function clampGrad(g: Tensor, x: Tensor, lo: Scalar | null, hi: Scalar | null): Tensor {
  return runBinary(g, x, g.dtype, g.dtype, {
    code: GENERIC,
    num: (a, v) => ((lo === null || v >= Number(lo)) && (hi === null || v <= Number(hi)) ? a : 0),
    big: () => 0n,
  });
}

/** Tensor bounds: everything cast to the promoted dtype first, then max with lo, min with hi. */
function clampValues(x: Tensor, lo: Tensor | null, hi: Tensor | null, dtype: DType): Tensor {
  let y = toDtype(x, dtype);
  if (lo !== null) y = maximum(y, toDtype(lo, dtype));
  if (hi !== null) y = minimum(y, toDtype(hi, dtype));
  return y;
}

/**
 * The Tensor overload's gradients for [x, lo, hi] at the output's shape (null for a missing
 * bound): g where each one decided the result. With both bounds, where min > max the result
 * is max, so max takes the gradient there and min never; NaN compares false and gets none.
 */
function clampTensorGrads(
  g: Tensor,
  x: Tensor,
  lo: Tensor | null,
  hi: Tensor | null,
): (Tensor | null)[] {
  const pass = (keep: Tensor) => where(keep, g, 0);
  if (lo !== null && hi !== null)
    return [
      pass(logicalAnd(ge(x, lo), le(x, hi))),
      pass(logicalAnd(lt(x, lo), lt(lo, hi))),
      pass(logicalOr(gt(x, hi), lt(hi, lo))),
    ];
  if (lo !== null) return [pass(ge(x, lo)), pass(lt(x, lo)), null];
  return [pass(le(x, hi!)), null, pass(gt(x, hi!))];
}

function clampTensors(x: Tensor, lo: Tensor | null, hi: Tensor | null, name: string): Tensor {
  const given = [lo, hi].filter((b): b is Tensor => b !== null);
  const out = withNoGrad(() => clampValues(x, lo, hi, resultType(x, ...given)));
  record([out], {
    name,
    inputs: [x, lo, hi],
    save: [x, ...given],
    backward: ([g], [s, ...b]) => {
      const sLo = lo === null ? null : b[0]!;
      const sHi = hi === null ? null : b[lo === null ? 0 : 1]!;
      const grads = clampTensorGrads(g!, s, sLo, sHi);
      return [x, lo, hi].map((t, i) =>
        t === null || grads[i] === null ? null : gradFor(grads[i]!, t),
      );
    },
  });
  return out;
}

/** torch.clamp(x, min, max): ClampBackward0 for tensor bounds, ClampBackward1 for numbers. */
export function clamp(x: Tensor, min: ClampBound = null, max: ClampBound = null): Tensor {
  if (min === null && max === null) throw runtimeError(NEITHER);
  if (tensorBounds(min, max))
    return clampTensors(x, min as Tensor | null, max as Tensor | null, "ClampBackward0");
  return clampScalars(x, resolveClampBounds(x, min, max), "ClampBackward1");
}

/** torch.clamp_min(x, min): ClampMinBackward1 for a tensor bound, ClampMinBackward0 for a number. */
export const clampMin = (x: Tensor, min: Scalar | Tensor): Tensor =>
  min instanceof Tensor
    ? clampTensors(x, min, null, "ClampMinBackward1")
    : clampScalars(x, resolveClampBounds(x, min, null), "ClampMinBackward0");

/** torch.clamp_max(x, max): ClampMaxBackward1 for a tensor bound, ClampMaxBackward0 for a number. */
export const clampMax = (x: Tensor, max: Scalar | Tensor): Tensor =>
  max instanceof Tensor
    ? clampTensors(x, null, max, "ClampMaxBackward1")
    : clampScalars(x, resolveClampBounds(x, null, max), "ClampMaxBackward0");

/**
 * x.clamp_(min, max). Number bounds check the cast naming the C++ type (`desired output type
 * long int`); tensor bounds go through the common in-place path, which names the ScalarType
 * (`Long`), must broadcast to self's shape and take their own gradients.
 */
export function clamp_(self: Tensor, lo: ClampBound, hi: ClampBound): Tensor {
  if (lo === null && hi === null) throw runtimeError(NEITHER);
  if (tensorBounds(lo, hi)) {
    const l = lo as Tensor | null;
    const h = hi as Tensor | null;
    const given = [l, h].filter((b): b is Tensor => b !== null);
    const dtype = resultType(self, ...given);
    return inplace(self, given, {
      name: "ClampBackward0",
      resultDtype: dtype,
      compute: () => clampValues(self, l, h, dtype),
      needsOriginal: true,
      save: given,
      // inplace() reduces the bounds' gradients to their shapes.
      backward: (g, original) =>
        clampTensorGrads(g, original, l, h).filter((_, i) => i === 0 || [l, h][i - 1] !== null),
    });
  }
  checkInplace(self);
  const bounds = resolveClampBounds(self, lo, hi);
  if (!canCast(bounds.dtype, self.dtype))
    throw runtimeError(
      `result type ${bounds.dtype.scalarName} can't be cast to the desired output type ${typeMetaName(self.dtype)}`,
    );
  return inplace(self, 0n, {
    name: "ClampBackward1",
    resultDtype: bounds.dtype,
    compute: () => clampScalars(self, bounds, "ClampBackward1"),
    needsOriginal: true,
    backward: (g, original) => [clampGrad(g, original, bounds.lo, bounds.hi)],
  });
}
