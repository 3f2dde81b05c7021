import { record } from "../autograd/node";
import { float32 } from "../dtype";
import { notImplemented } from "../errors";
import { Tensor } from "../tensor";
import { GENERIC, runBinary, runUnary } from "./binaryKernel";
import { toDtype } from "./elementwise";
import { siluF32, siluScalarF32 } from "./vecmath/elementwiseF32";

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

export function silu(x: Tensor): Tensor {
  const out = siluValues(x);
  record([out], {
    name: "SiluBackward0",
    inputs: [x],
    save: [x],
    backward: ([g], [s]) => [
      runBinary(g!, s, g!.dtype, g!.dtype, {
        code: GENERIC,
        num: (a, v) => a * siluSlope(v),
        big: () => 0n,
      }),
    ],
  });
  return out;
}

export { siluValues };
