import { record, withNoGrad } from "../autograd/node";
import { runtimeError } from "../errors";
import type { Tensor } from "../tensor";
import { add } from "./binary";
import { add_ } from "./inplaceArith";
import { matmul } from "./matmul";
import { sumToShape } from "./summation";
import { reshape, t, view } from "./views";

// F.linear along the paths ATen's linear takes, because each leaves a different grad_fn on the
// result that printing shows: a 2-D input with a bias is one addmm (AddmmBackward0); any other
// contiguous input with a 1-D bias is flattened to 2-D, addmm'd and viewed back (ViewBackward0);
// the rest is matmul followed by an in-place add of the bias. addmm's values equal mm + bias
// bit for bit on PyTorch's CPU build, so they are computed that way.

/** torch.addmm(bias, m1, m2) for 2-D m1, m2: bias + m1 @ m2, one autograd node. */
export function addmm(bias: Tensor, m1: Tensor, m2: Tensor): Tensor {
  if (m1.ndim !== 2) throw runtimeError("mat1 must be a matrix, got " + m1.ndim + "-D tensor");
  if (m2.ndim !== 2) throw runtimeError("mat2 must be a matrix, got " + m2.ndim + "-D tensor");
  // addmm compares dtypes (the bias first) before sizes, in its own words, unlike mm.
  for (const [name, a] of [
    ["self", bias],
    ["mat1", m1],
  ] as const)
    if (a.dtype !== m2.dtype)
      throw runtimeError(
        `${name} and mat2 must have the same dtype, but got ${a.dtype.scalarName} and ${m2.dtype.scalarName}`,
      );
  const out = withNoGrad(() => add(matmul(m1, m2), bias));
  const biasShape = bias.shape;
  record([out], {
    name: "AddmmBackward0",
    inputs: [bias, m1, m2],
    save: [m1, m2],
    backward: ([g], [a, b]) =>
      withNoGrad(() => [
        sumToShape(g!, biasShape),
        m1.requiresGrad ? matmul(g!, t(b)) : null,
        m2.requiresGrad ? matmul(t(a), g!) : null,
      ]),
  });
  return out;
}

/** F.linear(input, weight, bias): input @ weight.T + bias. */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  const wt = t(weight);
  if (bias !== null && input.ndim === 2) return addmm(bias, input, wt);
  if (bias !== null && input.ndim > 0 && input.isContiguous() && bias.ndim === 1) {
    const last = input.shape[input.ndim - 1];
    const flat = reshape(input, [input.numel / Math.max(last, 1), last]);
    const out = addmm(bias, flat, wt);
    return view(out, [...input.shape.slice(0, -1), weight.shape[0]]);
  }
  const out = matmul(input, wt);
  if (bias !== null) add_(out, bias);
  return out;
}
