import { record } from "../autograd/node";
import { bool, float32, int64 } from "../dtype";
import { notImplemented, runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { GENERIC, runBinary, runUnary, runUnaryBig } from "./binaryKernel";
import { toDtype } from "./elementwise";
import { floatResult, resultType } from "./promote";
import { emptyLikePreserve } from "./strided";
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
