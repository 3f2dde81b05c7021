import { checkInplace } from "../autograd/node";
import { castNumberToRaw } from "../convert";
import { float32, float64 } from "../dtype";
import { runtimeError } from "../errors";
import { defaultGenerator, type Generator } from "../random/index";
import { Tensor } from "../tensor";
import { mul } from "./binary";
import { div_ } from "./inplaceArith";
import { numberView } from "./elementwise";
import { contiguousCopy, rawArray } from "./strided";

// torch.bernoulli, bernoulli_ and dropout as PyTorch's CPU kernels draw them on a CPU that is
// not Intel's (its MKL path is taken only there): one serial draw per element in memory order.
// A probability held as a double, or given as a Python number, draws 53 bits from two 32-bit
// outputs (the first one high); a float32 or half probability draws 24 bits from one. The
// element is 1 when the draw is below p.

const TWO_POW_MINUS_53 = 2 ** -53;
const TWO_POW_MINUS_24 = 2 ** -24;

function draw53(g: Generator): number {
  const hi = g.random32() & 0x1fffff;
  const lo = g.random32();
  return (hi * 2 ** 32 + lo) * TWO_POW_MINUS_53;
}

function draw24(g: Generator): number {
  return (g.random32() & 0xffffff) * TWO_POW_MINUS_24;
}

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
  for (let i = 0; i < self.numel; i++) d[self.offset + i] = draw53(g) < p ? one : zero;
  self.version.bump();
  return self;
}

/**
 * self.uniform_(from, to) for float32 and float64: from + draw * (to - from) in self's precision,
 * a 24-bit draw per float32 element and a 53-bit one per float64 element, in memory order.
 */
export function uniform_(
  self: Tensor,
  from: number,
  to: number,
  g: Generator = defaultGenerator(),
): Tensor {
  checkInplace(self);
  if (!(from <= to))
    throw runtimeError(
      `uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`,
    );
  if (self.dtype !== float32 && self.dtype !== float64)
    throw runtimeError(`uniform_ on ${self.dtype.name} is not supported in MaskLab`);
  if (!self.isContiguous())
    throw runtimeError("uniform_ on a non-contiguous tensor is not supported in MaskLab");
  const d = self.storage.data as Float32Array | Float64Array;
  const o = self.offset;
  if (self.dtype === float64) {
    const w = to - from;
    for (let i = 0; i < self.numel; i++) d[o + i] = draw53(g) * w + from;
  } else {
    const f = Math.fround(from);
    const w = Math.fround(Math.fround(to) - f);
    for (let i = 0; i < self.numel; i++) d[o + i] = Math.fround(Math.fround(draw24(g) * w) + f);
  }
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
  const wide = probs.dtype === float64;
  for (let i = 0; i < out.numel; i++) {
    const u = wide ? draw53(g) : draw24(g);
    // bernoulli_distribution<float> compares in float: p is a float32 value already.
    d[i] = u < ps[i] ? one : zero;
  }
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
