import { record, withNoGrad } from "../autograd/node";
import { runtimeError } from "../errors";
import type { Tensor } from "../tensor";
import { matmul } from "./matmul";
import { transpose } from "./views";

// torch.bmm: matmul restricted to two 3-D tensors with equal batch sizes, recorded under its own
// node name (matmul of 3-D inputs shows UnsafeViewBackward0 in PyTorch; bmm shows BmmBackward0).

export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 3) throw runtimeError("batch1 must be a 3D tensor");
  if (b.ndim !== 3) throw runtimeError("batch2 must be a 3D tensor");
  if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1])
    throw runtimeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`,
    );
  const out = withNoGrad(() => matmul(a, b));
  record([out], {
    name: "BmmBackward0",
    inputs: [a, b],
    save: [a, b],
    backward: ([g], [sa, sb]) =>
      withNoGrad(() => [matmul(g!, transpose(sb, 1, 2)), matmul(transpose(sa, 1, 2), g!)]),
  });
  return out;
}
