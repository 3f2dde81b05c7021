import { record } from "../autograd/node";
import type { Tensor } from "../tensor";
import { GENERIC, runBinary, runUnary } from "./binaryKernel";
import { unaryInplace } from "./inplaceArith";
import { floatOnly, roundTo } from "./leakyRelu";
import { sleefExpf } from "./vecmath/expf";
import { float32 } from "../dtype";

// F.elu: x where x > 0, else alpha * (exp(x) - 1). exp(x) - 1 is expm1 in float64 rounded once
// to the dtype (PyTorch's vector expm1 is Sleef's, within an ulp of it: 17 of 88k float32
// outputs differed in the last bit when measured). The in-place form records EluBackward1.

const eluOf = (alpha: number, r: (v: number) => number) => (v: number) =>
  v > 0 ? v : alpha * r(Math.expm1(v));

function eluValues(x: Tensor, alpha: number): Tensor {
  floatOnly(x, "elu_cpu");
  const r = roundTo(x);
  return runUnary(x, x.dtype, x.dtype, eluOf(r(alpha), r));
}

const eluSlope = (alpha: number) => (v: number) => (v > 0 ? 1 : alpha * Math.exp(v));

export function elu(x: Tensor, alpha = 1.0): Tensor {
  const out = eluValues(x, alpha);
  record([out], {
    name: "EluBackward0",
    inputs: [x],
    save: [x],
    // PyTorch's elu_backward: x <= 0 ? dy * alpha * exp(x) : dy, rounded step by step.
    backward: ([g], [v]) => {
      const r = roundTo(g!);
      const al = r(alpha);
      const f32 = g!.dtype === float32;
      return [
        runBinary(g!, v, g!.dtype, g!.dtype, {
          code: GENERIC,
          num: (a, xv) => (xv <= 0 ? r(r(a * al) * (f32 ? sleefExpf(xv) : Math.exp(xv))) : a),
          big: () => 0n,
        }),
      ];
    },
  });
  return out;
}

export function elu_(x: Tensor, alpha = 1.0): Tensor {
  floatOnly(x, "elu_cpu");
  return unaryInplace(x, "EluBackward1", x.dtype, () => eluValues(x, alpha), eluSlope(alpha));
}
