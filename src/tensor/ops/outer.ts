import { runtimeError } from "../errors";
import type { Tensor } from "../tensor";
import { mul } from "./binary";
import { reshape } from "./views";

/** torch.outer(a, b): PyTorch computes it as a.reshape(n, 1) * b, so it promotes like mul. */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1) throw runtimeError(`outer: Expected 1-D argument self, but got ${a.ndim}-D`);
  if (b.ndim !== 1) throw runtimeError(`outer: Expected 1-D argument vec2, but got ${b.ndim}-D`);
  return mul(reshape(a, [a.shape[0], 1]), b);
}
