import { record } from "../autograd/node";
import { bool, float32, type DType } from "../dtype";
import { notImplemented } from "../errors";
import type { Tensor } from "../tensor";
import { GENERIC, runBinary, runUnary } from "./binaryKernel";
import { clone } from "./copy";
import { floatResult } from "./promote";
import { erfcDouble, erfDouble } from "./vecmath/erf";

// The rest of the element-wise math a notebook reaches for: trigonometry (positional
// encodings), rounding, log1p/expm1 and friends. Each computes in float64 and rounds once to
// the output dtype, as unary.ts does. Every spec also gives the derivative as a function of
// the input, which the out-of-place op saves and the in-place form (unaryInplace) evaluates on
// a copy of the original values.

export interface UnaryMathSpec {
  /** The grad_fn PyTorch records, e.g. SinBackward0. */
  readonly node: string;
  readonly f: (v: number) => number;
  /** d f / d v at v. */
  readonly d: (v: number) => number;
  /** d f / d v as PyTorch's float32 backward evaluates it, step by step, when that matters. */
  readonly dF32?: (v: number) => number;
  /** Rounding functions return integer tensors unchanged (PyTorch copies them). */
  readonly keepsIntegers?: boolean;
  /** Only a floating kernel exists: integer and bool inputs are not promoted but refused. */
  readonly floatKernelOnly?: string;
}

const zero = (): number => 0;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const fround = Math.fround;
const TWO_OVER_SQRT_PI_F32 = fround(TWO_OVER_SQRT_PI);

export const UNARY_MATH = {
  sin: { node: "SinBackward0", f: Math.sin, d: Math.cos },
  cos: { node: "CosBackward0", f: Math.cos, d: (v) => -Math.sin(v) },
  tan: { node: "TanBackward0", f: Math.tan, d: (v) => 1 + Math.tan(v) ** 2 },
  asin: { node: "AsinBackward0", f: Math.asin, d: (v) => 1 / Math.sqrt(1 - v * v) },
  acos: { node: "AcosBackward0", f: Math.acos, d: (v) => -1 / Math.sqrt(1 - v * v) },
  atan: { node: "AtanBackward0", f: Math.atan, d: (v) => 1 / (1 + v * v) },
  sinh: { node: "SinhBackward0", f: Math.sinh, d: Math.cosh },
  cosh: { node: "CoshBackward0", f: Math.cosh, d: Math.sinh },
  log1p: { node: "Log1PBackward0", f: Math.log1p, d: (v) => 1 / (1 + v) },
  expm1: { node: "Expm1Backward0", f: Math.expm1, d: Math.exp },
  log2: { node: "Log2Backward0", f: Math.log2, d: (v) => 1 / (v * Math.LN2) },
  log10: { node: "Log10Backward0", f: Math.log10, d: (v) => 1 / (v * Math.LN10) },
  exp2: { node: "Exp2Backward0", f: (v) => 2 ** v, d: (v) => 2 ** v * Math.LN2 },
  rsqrt: {
    node: "RsqrtBackward0",
    f: (v) => 1 / Math.sqrt(v),
    d: (v) => -0.5 / (v * Math.sqrt(v)),
  },
  floor: { node: "FloorBackward0", f: Math.floor, d: zero, keepsIntegers: true },
  ceil: { node: "CeilBackward0", f: Math.ceil, d: zero, keepsIntegers: true },
  trunc: { node: "TruncBackward0", f: Math.trunc, d: zero, keepsIntegers: true },
  // torch.erf/erfc call MKL on CPU; a double accurate to a few ulps, rounded once, matches
  // its float32 results for about 99% of inputs (see vecmath/erf.ts).
  // Their backward is 2/sqrt(pi) * exp(-x^2) * grad in tensor ops, each rounded to float32.
  erf: {
    node: "ErfBackward0",
    f: erfDouble,
    d: (v) => TWO_OVER_SQRT_PI * Math.exp(-v * v),
    dF32: (v) => fround(TWO_OVER_SQRT_PI_F32 * fround(Math.exp(-fround(v * v)))),
  },
  erfc: {
    node: "ErfcBackward0",
    f: erfcDouble,
    d: (v) => -TWO_OVER_SQRT_PI * Math.exp(-v * v),
    dF32: (v) => fround(-TWO_OVER_SQRT_PI_F32 * fround(Math.exp(-fround(v * v)))),
  },
  frac: {
    node: "FracBackward0",
    f: (v) => v - Math.trunc(v),
    d: () => 1,
    floatKernelOnly: "frac_cpu",
  },
} satisfies Record<string, UnaryMathSpec>;

export type UnaryMathName = keyof typeof UNARY_MATH;

/** g * f'(x), in g's dtype. */
export function unaryMathGrad(
  spec: Pick<UnaryMathSpec, "d" | "dF32">,
  g: Tensor,
  x: Tensor,
): Tensor {
  const slope = runUnary(
    x,
    g.dtype,
    g.dtype,
    g.dtype === float32 && spec.dF32 ? spec.dF32 : spec.d,
  );
  return runBinary(g, slope, g.dtype, g.dtype, {
    code: GENERIC,
    num: (a, b) => a * b,
    big: () => 0n,
  });
}

/** The dtype the op gives x: integers stay for the rounding functions, else a float. */
export function unaryMathDtype(name: UnaryMathName, x: Tensor): DType {
  const spec: UnaryMathSpec = UNARY_MATH[name];
  if (spec.floatKernelOnly !== undefined && x.dtype.kind !== "float")
    throw notImplemented(`"${spec.floatKernelOnly}" not implemented for '${x.dtype.scalarName}'`);
  return spec.keepsIntegers && x.dtype.kind !== "float" ? x.dtype : floatResult(x.dtype);
}

/** The op's values without recording anything. */
export function unaryMathValues(name: UnaryMathName, x: Tensor): Tensor {
  const spec: UnaryMathSpec = UNARY_MATH[name];
  unaryMathDtype(name, x);
  if (spec.keepsIntegers && x.dtype === bool)
    throw notImplemented(`"${name}_vml_cpu" not implemented for 'Bool'`);
  if (spec.keepsIntegers && x.dtype.kind !== "float") return clone(x);
  const d = floatResult(x.dtype);
  return runUnary(x, d, d, spec.f);
}

export function unaryMath(name: UnaryMathName, x: Tensor): Tensor {
  const spec: UnaryMathSpec = UNARY_MATH[name];
  const out = unaryMathValues(name, x);
  record([out], {
    name: spec.node,
    inputs: [x],
    save: [x],
    backward: ([g], [s]) => [unaryMathGrad(spec, g!, s)],
  });
  return out;
}
