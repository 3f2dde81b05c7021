import type { Tensor } from "../tensor";
import { addmm } from "./addmm";
import { add_ } from "./inplaceArith";
import { matmul } from "./matmul";
import { reshape, t, view } from "./views";

// F.linear along the paths ATen's linear takes, because each leaves a different grad_fn on the
// result that printing shows: a 2-D input with a bias is one addmm (AddmmBackward0); any other
// contiguous input with a 1-D bias is flattened to 2-D, addmm'd and viewed back (ViewBackward0);
// the rest is matmul followed by an in-place add of the bias.

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
