import { record } from "../autograd/node";
import { float32, float64 } from "../dtype";
import { notImplemented, runtimeError } from "../errors";
import type { Tensor } from "../tensor";
import { GENERIC, runBinary, runUnary } from "./binaryKernel";
import { fmaf } from "../random/float32Math";
import { erfDouble } from "./vecmath/erf";
import { glibcExpf } from "./vecmath/expf";
import { geluMinimaxF32, geluSlopeMinimaxF32 } from "./vecmath/geluF32";
import { fmad } from "./vecmath/expd";

// F.gelu, exact (x * Phi(x) through erf) or approximate='tanh'. Contiguous float32 inputs of
// two or more elements go through oneDNN in PyTorch, replayed bit for bit (vecmath/geluF32).
// Otherwise each step rounds to float32 in the order PyTorch's kernel writes it:
// x * 0.5 * (1 + erf(x * (1/sqrt 2))), with a correctly rounded erf where PyTorch's scalar path
// calls glibc's erff (about 1% of those outputs differ in the last bit).

export type GeluApproximate = "none" | "tanh";

const SQRT1_2 = Math.SQRT1_2;
const KAPPA = 0.044715;
/** sqrt(2 / pi), PyTorch's M_SQRT2 * M_2_SQRTPI * 0.5. */
const BETA = Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5;
/** 1 / sqrt(2 pi), PyTorch's M_2_SQRTPI * M_SQRT1_2 * 0.5. */
const PDF = (2 / Math.sqrt(Math.PI)) * Math.SQRT1_2 * 0.5;

export function checkApproximate(approximate: string): GeluApproximate {
  if (approximate !== "none" && approximate !== "tanh")
    throw runtimeError("approximate argument must be either none or tanh.");
  return approximate;
}

function geluOf(approximate: GeluApproximate, f32: boolean): (v: number) => number {
  const r = f32 ? Math.fround : (v: number) => v;
  const fma = f32 ? fmaf : fmad;
  const alpha = r(SQRT1_2);
  const beta = r(BETA);
  const kappa = r(KAPPA);
  if (approximate === "none") return (x) => r(r(x * 0.5) * r(1 + r(erfDouble(r(x * alpha)))));
  return (x) => {
    const cube = r(r(x * x) * x);
    // x + kappa * x^3 is fused in PyTorch's vector blocks (318 of 88k float32 outputs then
    // differ from torch, all through tanh's last bit).
    const inner = r(beta * fma(kappa, cube, x));
    return r(r(0.5 * x) * r(1 + r(Math.tanh(inner))));
  };
}

/**
 * d gelu / dx at x. float32 follows PyTorch's backward kernel step by step (x + kappa x^3,
 * 1 - tanh^2, 1 + 3 kappa x^2 and the final sum fused as its vector code is); float64 is the
 * same formula in double.
 */
function geluSlope(approximate: GeluApproximate, f32: boolean): (x: number) => number {
  const r = f32 ? Math.fround : (v: number) => v;
  const fma = f32 ? fmaf : fmad;
  if (approximate === "none") {
    // cdf + x * pdf, cdf = 0.5 * (1 + erf(x / sqrt 2)), pdf = exp(-x^2 / 2) / sqrt(2 pi).
    const alpha = r(SQRT1_2);
    const pdfScale = r(PDF);
    return (x) => {
      const cdf = r(0.5 * r(1 + r(erfDouble(r(x * alpha)))));
      const e = r(r(x * x) * -0.5);
      // std::exp(float) is glibc's expf on PyTorch's scalar path.
      const pdf = r(pdfScale * (f32 ? glibcExpf(e) : Math.exp(e)));
      return r(cdf + r(x * pdf));
    };
  }
  const beta = r(BETA);
  const kappa = r(KAPPA);
  const kappa3 = r(3 * kappa);
  return (x) => {
    const sq = r(x * x);
    const inner = r(beta * fma(kappa, r(sq * x), x));
    const t = r(Math.tanh(inner));
    const left = r(0.5 * x);
    const leftDerivative = r(0.5 * r(1 + t));
    const tanhDerivative = fma(-t, t, 1);
    const innerDerivative = r(beta * fma(kappa3, sq, 1));
    return fma(r(left * tanhDerivative), innerDerivative, leftDerivative);
  };
}

/** Whether PyTorch hands gelu(x) (and its backward) to oneDNN. */
const viaOneDnn = (x: Tensor, approximate: GeluApproximate): boolean =>
  approximate === "none" && x.dtype === float32 && x.numel > 1 && x.isContiguous();

export function geluValues(x: Tensor, approximate: GeluApproximate): Tensor {
  if (x.dtype.kind !== "float")
    throw notImplemented(`"GeluKernelImpl" not implemented for '${x.dtype.scalarName}'`);
  // PyTorch hands contiguous float32 inputs of two or more elements to oneDNN (replayed bit
  // for bit by geluMinimaxF32); the rest take its own kernel's scalar formula.
  const fn = viaOneDnn(x, approximate) ? geluMinimaxF32 : geluOf(approximate, x.dtype !== float64);
  return runUnary(x, x.dtype, x.dtype, fn);
}

export function gelu(x: Tensor, approximate: GeluApproximate = "none"): Tensor {
  const out = geluValues(x, approximate);
  const slope = viaOneDnn(x, approximate)
    ? geluSlopeMinimaxF32
    : geluSlope(approximate, x.dtype !== float64);
  record([out], {
    name: "GeluBackward0",
    inputs: [x],
    save: [x],
    backward: ([g], [s]) => [
      runBinary(g!, s, g!.dtype, g!.dtype, {
        code: GENERIC,
        num: (a, v) => a * slope(v),
        big: () => 0n,
      }),
    ],
  });
  return out;
}

export { geluSlope };
