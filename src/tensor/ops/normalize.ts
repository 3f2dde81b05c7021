import type { Tensor } from "../tensor";
import { div } from "./binary";
import { norm } from "./stats";
import { clampMin } from "./clamp";
import { expandAs } from "./views";

// F.normalize(input, p, dim, eps) = input / max(||input||_p along dim, eps), built from the
// ops PyTorch's Python implementation calls, so the result's grad_fn is DivBackward0.

export function normalize(x: Tensor, p = 2, dim = 1, eps = 1e-12): Tensor {
  const denom = clampMin(norm(x, { p, dim: [dim], keepdim: true }), eps);
  return div(x, expandAs(denom, x));
}
