import { checkInplace } from "../autograd/node";
import { castNumberToRaw } from "../convert";
import { float64 } from "../dtype";
import { runtimeError } from "../errors";
import { defaultGenerator, type Generator, randFloat32, randFloat64 } from "../random/index";
import { Tensor } from "../tensor";
import { mul } from "./binary";
import { div_ } from "./inplaceArith";
import { numberView } from "./elementwise";
import { contiguousCopy, rawArray } from "./strided";

// torch.bernoulli, bernoulli_ and dropout as PyTorch's CPU kernels draw them on a CPU that is
// not Intel's (its MKL path is taken only there): one serial draw per element in memory order,
// exactly the draws torch.rand makes. A probability held as a double, or given as a Python
// number, draws like float64 rand (53 bits); a float32 or half probability like float32 rand.
// The element is 1 when the draw is below p.

function checkProbability(p: number): void {
  if (!(p >= 0 && p <= 1))
    throw runtimeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
}

/** self.bernoulli_(p) for a Python number p: every element 1 with probability p, in place. */
export function bernoulliScalar_(
  self: Tensor,
  p: number,
  g: Generator = defaultGenerator(),
): Tensor {
  checkInplace(self);
  checkProbability(p);
  const out = self.isContiguous() ? self : null;
  if (out === null)
    throw runtimeError("bernoulli_ on a non-contiguous tensor is not supported in MaskLab");
  const d = rawArray(self);
  const one = castNumberToRaw(1, self.dtype);
  const zero = castNumberToRaw(0, self.dtype);
  const u = randFloat64(g, self.numel);
  for (let i = 0; i < u.length; i++) d[self.offset + i] = u[i] < p ? one : zero;
  self.version.bump();
  return self;
}

/** torch.bernoulli(probs): a new tensor of probs' dtype, each element drawn with its own p. */
export function bernoulli(probs: Tensor, g: Generator = defaultGenerator()): Tensor {
  if (probs.dtype.kind !== "float")
    throw runtimeError(`"bernoulli_tensor_cpu_p_" not implemented for '${probs.dtype.scalarName}'`);
  const ps = numberView(contiguousCopy(probs), probs.dtype).data;
  for (let i = 0; i < probs.numel; i++)
    if (!(ps[i] >= 0 && ps[i] <= 1))
      throw runtimeError(
        "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)",
      );
  const out = Tensor.empty([...probs.shape], probs.dtype);
  const d = rawArray(out);
  const one = castNumberToRaw(1, out.dtype);
  const zero = castNumberToRaw(0, out.dtype);
  // A double p draws like rand(dtype=float64); any other like float32 rand (and compares in
  // float, where p is exact already).
  const u = probs.dtype === float64 ? randFloat64(g, out.numel) : randFloat32(g, out.numel);
  for (let i = 0; i < u.length; i++) d[i] = u[i] < ps[i] ? one : zero;
  return out;
}

/**
 * F.dropout(x, p, training=True) as ATen's _dropout_impl: noise = bernoulli_(1 - p) on an empty
 * tensor like x, divided in place by 1 - p, times x (MulBackward0). p == 1 multiplies by zero.
 */
export function dropout(x: Tensor, p: number, g: Generator = defaultGenerator()): Tensor {
  if (p === 0 || x.numel === 0) return x;
  if (p === 1) return mul(x, Tensor.empty([], x.dtype));
  const noise = Tensor.empty([...x.shape], x.dtype);
  bernoulliScalar_(noise, 1 - p, g);
  div_(noise, 1 - p);
  return mul(x, noise);
}
