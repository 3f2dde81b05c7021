import { record } from "../autograd/node";
import { float32 } from "../dtype";
import { notImplemented } from "../errors";
import { Tensor } from "../tensor";
import { GENERIC, runBinary, runUnary } from "./binaryKernel";
import { toDtype } from "./elementwise";
import { siluF32, siluScalarF32 } from "./vecmath/elementwiseF32";
import { sleefExpf } from "./vecmath/expf";
import { fmaf } from "../random/float32Math";

// F.silu (x * sigmoid(x)). float32 replays PyTorch's kernel bit for bit: x / (1 + exp(-x))
// with Sleef's exp in 32-element vector blocks and glibc's in the remainder and in strided
// inputs (vecmath/elementwiseF32). Other float dtypes compute in float64 and round once.

function siluValues(x: Tensor): Tensor {
  if (x.dtype.kind !== "float")
    throw notImplemented(`"silu_cpu" not implemented for '${x.dtype.scalarName}'`);
  if (x.dtype !== float32) return runUnary(x, x.dtype, x.dtype, (v) => v / (1 + Math.exp(-v)));
  const c = toDtype(x, float32);
  if (!c.isContiguous()) return runUnary(c, float32, float32, siluScalarF32);
  const out = Tensor.empty(c.shape, float32);
  siluF32(c.storage.data as Float32Array, c.offset, out.storage.data as Float32Array, c.numel);
  return out;
}

/** d silu / dx = s * (1 + x * (1 - s)) with s = sigmoid(x), as PyTorch's silu_backward. */
export const siluSlope = (v: number): number => {
  const s = 1 / (1 + Math.exp(-v));
  return s * (1 + v * (1 - s));
};

/**
 * silu's backward in PyTorch's steps, dy * s * (1 + x * (1 - s)), each rounded to float32 for
 * float32 gradients (s from the same exp as the forward's vector blocks).
 */
export function siluGrad(g: Tensor, x: Tensor): Tensor {
  if (g.dtype !== float32)
    return runBinary(g, x, g.dtype, g.dtype, {
      code: GENERIC,
      num: (a, v) => a * siluSlope(v),
      big: () => 0n,
    });
  const f = Math.fround;
  return runBinary(g, x, float32, float32, {
    code: GENERIC,
    num: (a, v) => {
      const s = f(1 / f(1 + sleefExpf(-v)));
      return f(f(a * s) * fmaf(v, f(1 - s), 1));
    },
    big: () => 0n,
  });
}

export function silu(x: Tensor): Tensor {
  const out = siluValues(x);
  record([out], {
    name: "SiluBackward0",
    inputs: [x],
    save: [x],
    backward: ([g], [s]) => [siluGrad(g!, s)],
  });
  return out;
}

export { siluValues };
