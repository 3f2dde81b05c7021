import type { Tensor } from "../tensor";
import { unaryInplace } from "./inplaceArith";
import { floatResult } from "./promote";
import { abs, exp, log, neg, relu, sigmoid, sqrt, tanh } from "./unary";
import { UNARY_MATH, unaryMathDtype, unaryMathValues, type UnaryMathName } from "./unaryMath";

// x.exp_(), x.relu_(), x.sin_()...: each records its out-of-place op's grad_fn, the slope
// taken at the values from before the write (so the gradient is what the out-of-place op's
// backward gives from its saved input or result).

const sigmoidOf = (v: number): number => 1 / (1 + Math.exp(-v));

interface InplaceOf {
  node: string;
  op: (t: Tensor) => Tensor;
  slope: (v: number) => number;
  /** The result is a float for integer input, so an integer tensor refuses the write. */
  floats: boolean;
}

/** The ops of unary.ts, which have their own kernels. */
const OF_UNARY: Record<string, InplaceOf> = {
  exp: { node: "ExpBackward0", op: exp, slope: Math.exp, floats: true },
  log: { node: "LogBackward0", op: log, slope: (v) => 1 / v, floats: true },
  sigmoid: {
    node: "SigmoidBackward0",
    op: sigmoid,
    slope: (v) => sigmoidOf(v) * (1 - sigmoidOf(v)),
    floats: true,
  },
  sqrt: { node: "SqrtBackward0", op: sqrt, slope: (v) => 0.5 / Math.sqrt(v), floats: true },
  tanh: { node: "TanhBackward0", op: tanh, slope: (v) => 1 - Math.tanh(v) ** 2, floats: true },
  abs: { node: "AbsBackward0", op: abs, slope: (v) => (v > 0 ? 1 : v < 0 ? -1 : 0), floats: false },
  neg: { node: "NegBackward0", op: neg, slope: () => -1, floats: false },
  relu: { node: "ReluBackward0", op: relu, slope: (v) => (v > 0 ? 1 : 0), floats: false },
};

/** Names whose `name_` form unaryInplaceOp writes in place. */
export const UNARY_INPLACE_NAMES: readonly string[] = [
  ...Object.keys(OF_UNARY),
  ...Object.keys(UNARY_MATH),
];

export function unaryInplaceOp(name: string, t: Tensor): Tensor {
  const own = OF_UNARY[name];
  if (own)
    return unaryInplace(
      t,
      own.node,
      own.floats ? floatResult(t.dtype) : t.dtype,
      () => own.op(t),
      own.slope,
    );
  const math = name as UnaryMathName;
  const spec = UNARY_MATH[math];
  return unaryInplace(
    t,
    spec.node,
    unaryMathDtype(math, t),
    () => unaryMathValues(math, t),
    spec.d,
  );
}
