import { record } from "../autograd/node";
import { float64 } from "../dtype";
import { notImplemented } from "../errors";
import type { Tensor } from "../tensor";
import { GENERIC, runBinary, runUnary } from "./binaryKernel";
import { unaryInplace } from "./inplaceArith";

// F.leaky_relu: x where x > 0, else x * negative_slope, the slope rounded to the tensor's dtype
// first as the kernel takes it, so each product is one rounding like PyTorch's. The in-place
// form records LeakyReluBackward1, as PyTorch does.

export const roundTo = (t: Tensor) => (t.dtype === float64 ? (v: number) => v : Math.fround);

export function floatOnly(x: Tensor, kernel: string): void {
  if (x.dtype.kind !== "float")
    throw notImplemented(`"${kernel}" not implemented for '${x.dtype.scalarName}'`);
}

const leakyOf = (slope: number) => (v: number) => (v > 0 ? v : v * slope);

function leakyValues(x: Tensor, negativeSlope: number): Tensor {
  floatOnly(x, "leaky_relu_cpu");
  return runUnary(x, x.dtype, x.dtype, leakyOf(roundTo(x)(negativeSlope)));
}

export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  const out = leakyValues(x, negativeSlope);
  const s = roundTo(x)(negativeSlope);
  record([out], {
    name: "LeakyReluBackward0",
    inputs: [x],
    save: [x],
    backward: ([g], [v]) => [
      runBinary(g!, v, g!.dtype, g!.dtype, {
        code: GENERIC,
        num: (a, xv) => (xv > 0 ? a : a * s),
        big: () => 0n,
      }),
    ],
  });
  return out;
}

export function leakyRelu_(x: Tensor, negativeSlope = 0.01): Tensor {
  floatOnly(x, "leaky_relu_cpu");
  const s = roundTo(x)(negativeSlope);
  return unaryInplace(
    x,
    "LeakyReluBackward1",
    x.dtype,
    () => leakyValues(x, negativeSlope),
    (v) => (v > 0 ? 1 : s),
  );
}
