import { record, withNoGrad } from "../autograd/node";
import { runtimeError } from "../errors";
import type { Tensor } from "../tensor";
import { add } from "./binary";
import { bmm } from "./bmm";
import { matmul } from "./matmul";
import { sumToShape } from "./summation";
import { expand, transpose } from "./views";

// torch.baddbmm(self, batch1, batch2) with beta = alpha = 1, the form MultiheadAttention adds its
// float mask with: ATen's kernel copies self (expanded to the product's shape) into the result
// and then adds each accumulated dot product to it in float, so the values are self + bmm with
// one rounding for the sum. One node, BaddbmmBackward0, stands for the whole op.

export function baddbmm(self: Tensor, batch1: Tensor, batch2: Tensor): Tensor {
  if (batch1.ndim !== 3) throw runtimeError("batch1 must be a 3D tensor");
  if (batch2.ndim !== 3) throw runtimeError("batch2 must be a 3D tensor");
  const shape = [batch1.shape[0], batch1.shape[1], batch2.shape[2]];
  const out = withNoGrad(() => {
    const prod = bmm(batch1, batch2);
    return add(expand(self, shape), prod);
  });
  const selfShape = self.shape;
  record([out], {
    name: "BaddbmmBackward0",
    inputs: [self, batch1, batch2],
    save: [batch1, batch2],
    backward: ([g], [b1, b2]) =>
      withNoGrad(() => [
        sumToShape(g!, selfShape),
        batch1.requiresGrad ? matmul(g!, transpose(b2, 1, 2)) : null,
        batch2.requiresGrad ? matmul(transpose(b1, 1, 2), g!) : null,
      ]),
  });
  return out;
}
