// The torch / torch.nn.functional / Tensor entry points for layer norm and the activations
// transformer blocks use (gelu, silu, leaky_relu, elu), lerp and normalize. Kept apart from
// module.ts and tensorMethods.ts, which each merge these tables in one line.

import type { Tensor } from "../../tensor/tensor";
import { elu, elu_ } from "../../tensor/ops/elu";
import { checkApproximate, gelu } from "../../tensor/ops/gelu";
import { layerNorm } from "../../tensor/ops/layerNorm";
import { leakyRelu, leakyRelu_ } from "../../tensor/ops/leakyRelu";
import { lerp, lerp_ } from "../../tensor/ops/lerp";
import { normalize } from "../../tensor/ops/normalize";
import { silu, siluSlope, siluValues } from "../../tensor/ops/silu";
import { unaryInplace } from "../../tensor/ops/inplaceArith";
import { parseArgs } from "../args";
import { typeName } from "../runtime";
import { builtin, type Kwargs, PyException, type PyValue } from "../objects";
import { guard, floatOf, intOf, intsOf, tensorOf } from "./convert";
import { invoke, overloads, type Bound, type Overloads } from "./overloads";
import { wrap, type PyTensor } from "./tensorObject";
import { isTensor } from "./types";

type M = Overloads<PyTensor>;
type F = Overloads<null>;
const m = (schemas: readonly string[], impl: (self: Tensor, a: Bound, i: number) => PyValue): M =>
  overloads<PyTensor>(schemas, (self, a, i) => impl(self.t, a, i));
const f = (schemas: readonly string[], impl: (a: Bound, i: number) => PyValue): F =>
  overloads<null>(schemas, (_s, a, i) => impl(a, i));

/** A lerp weight: overload 0 takes a Number, overload 1 a Tensor. */
const weightOf = (v: PyValue | undefined, overload: number): number | Tensor =>
  overload === 0 ? floatOf(v, 0) : tensorOf(v);

/** Tensor.lerp and Tensor.lerp_. */
export const NORM_ACTIVATION_METHODS: Record<string, M> = {
  lerp: m(["lerp(Tensor end, Scalar weight)", "lerp(Tensor end, Tensor weight)"], (t, a, i) =>
    wrap(lerp(t, tensorOf(a[0]), weightOf(a[1], i))),
  ),
  lerp_: m(["lerp_(Tensor end, Scalar weight)", "lerp_(Tensor end, Tensor weight)"], (t, a, i) => {
    lerp_(t, tensorOf(a[0]), weightOf(a[1], i));
    return wrap(t);
  }),
};

const LAYER_NORM_SCHEMA =
  "layer_norm(Tensor input, IntArrayRef normalized_shape, Tensor? weight=None, Tensor? bias=None, double eps=1e-05, bool cudnn_enable=True)";

const optTensor = (v: PyValue | undefined): Tensor | null =>
  v === undefined || v === null ? null : tensorOf(v);

const LAYER_NORM = f([LAYER_NORM_SCHEMA], (a) =>
  wrap(
    layerNorm(tensorOf(a[0]), intsOf(a[1]), optTensor(a[2]), optTensor(a[3]), floatOf(a[4], 1e-5)),
  ),
);

/** torch.layer_norm and torch.lerp. */
export const NORM_ACTIVATION_FUNCTIONS: Record<string, F> = {
  layer_norm: LAYER_NORM,
  lerp: f(
    [
      "lerp(Tensor input, Tensor end, Scalar weight, *, Tensor out=None)",
      "lerp(Tensor input, Tensor end, Tensor weight, *, Tensor out=None)",
    ],
    (a, i) => wrap(lerp(tensorOf(a[0]), tensorOf(a[1]), weightOf(a[2], i))),
  ),
};

/** CPython's binding for F's Python-level functions, then the input as a tensor. */
function bindInput(
  name: string,
  args: PyValue[],
  kwargs: Kwargs | undefined,
  spec: Parameters<typeof parseArgs>[3],
) {
  const values = parseArgs(name, args, kwargs, spec);
  const input = values[0];
  if (!isTensor(input ?? null))
    throw new PyException(
      "TypeError",
      `${name}(): argument 'input' (position 1) must be Tensor, not ${typeName(input ?? null)}`,
    );
  return { x: tensorOf(input), values };
}

const GELU = f(['gelu(Tensor input, *, std::string approximate="none")'], (a) =>
  wrap(gelu(tensorOf(a[0]), checkApproximate(String(a[1] ?? "none")))),
);

/** The torch.nn.functional entries. */
export function functionalNormActivations(): Record<string, PyValue> {
  return {
    layer_norm: builtin("layer_norm", (args, kwargs) => {
      const { values } = bindInput("layer_norm", args, kwargs, [
        "input",
        "normalized_shape",
        { name: "weight", default: null },
        { name: "bias", default: null },
        { name: "eps", default: 1e-5 },
      ]);
      return invoke(LAYER_NORM, null, values as PyValue[], undefined);
    }),
    gelu: builtin("gelu", (args, kwargs) => invoke(GELU, null, args, kwargs)),
    silu: builtin("silu", (args, kwargs) => {
      const { x, values } = bindInput("silu", args, kwargs, [
        "input",
        { name: "inplace", default: false },
      ]);
      if (values[1] === true) {
        guard(() => unaryInplace(x, "SiluBackward0", x.dtype, () => siluValues(x), siluSlope));
        return values[0]!;
      }
      return guard(() => wrap(silu(x)));
    }),
    leaky_relu: builtin("leaky_relu", (args, kwargs) => {
      const { x, values } = bindInput("leaky_relu", args, kwargs, [
        "input",
        { name: "negative_slope", default: 0.01 },
        { name: "inplace", default: false },
      ]);
      const slope = floatOf(values[1], 0.01);
      if (values[2] === true) {
        guard(() => leakyRelu_(x, slope));
        return values[0]!;
      }
      return guard(() => wrap(leakyRelu(x, slope)));
    }),
    elu: builtin("elu", (args, kwargs) => {
      const { x, values } = bindInput("elu", args, kwargs, [
        "input",
        { name: "alpha", default: 1.0 },
        { name: "inplace", default: false },
      ]);
      const alpha = floatOf(values[1], 1.0);
      if (values[2] === true) {
        guard(() => elu_(x, alpha));
        return values[0]!;
      }
      return guard(() => wrap(elu(x, alpha)));
    }),
    normalize: builtin("normalize", (args, kwargs) => {
      const { x, values } = bindInput("normalize", args, kwargs, [
        "input",
        { name: "p", default: 2.0 },
        { name: "dim", default: 1n },
        { name: "eps", default: 1e-12 },
        { name: "out", default: null },
      ]);
      if (values[4] !== null)
        throw new PyException(
          "NotImplementedError",
          "normalize(out=...) is not supported by MaskLab",
        );
      return guard(() =>
        wrap(normalize(x, floatOf(values[1], 2), intOf(values[2], 1), floatOf(values[3], 1e-12))),
      );
    }),
  };
}
