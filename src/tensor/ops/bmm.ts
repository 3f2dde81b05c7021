import { record, withNoGrad } from "../autograd/node";
import { float32 } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { matmul } from "./matmul";
import { transpose } from "./views";

// torch.bmm: matmul restricted to two 3-D tensors with equal batch sizes, recorded under its own
// node name (matmul of 3-D inputs shows UnsafeViewBackward0 in PyTorch; bmm shows BmmBackward0).
// ATen multiplies small batches (k * n * m below 400 per matrix) with a plain triple loop of its
// own instead of BLAS: each float32 output sums its products in order, rounding the product and
// then the sum, whatever the shape; larger ones go to BLAS like matmul.

const SMALL_BMM = 400;

/** The plain loop ATen uses for small float32 batches. */
function smallBmmF32(a: Tensor, b: Tensor): Tensor {
  const [bs, n, k] = a.shape;
  const m = b.shape[2];
  const out = Tensor.empty([bs, n, m], float32);
  const o = out.storage.data as Float32Array;
  const A = a.storage.data as Float32Array;
  const B = b.storage.data as Float32Array;
  const [ab, ar, ac] = a.strides;
  const [bb, br, bc] = b.strides;
  const fround = Math.fround;
  let at = 0;
  for (let q = 0; q < bs; q++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        let acc = 0;
        let pa = a.offset + q * ab + i * ar;
        let pb = b.offset + q * bb + j * bc;
        for (let p = 0; p < k; p++, pa += ac, pb += br) acc = fround(acc + fround(A[pa] * B[pb]));
        o[at++] = acc;
      }
  return out;
}

export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 3) throw runtimeError("batch1 must be a 3D tensor");
  if (b.ndim !== 3) throw runtimeError("batch2 must be a 3D tensor");
  if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1])
    throw runtimeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`,
    );
  const small =
    a.dtype === float32 && b.dtype === float32 && a.shape[2] * a.shape[1] * b.shape[2] < SMALL_BMM;
  const out = withNoGrad(() => (small ? smallBmmF32(a, b) : matmul(a, b)));
  record([out], {
    name: "BmmBackward0",
    inputs: [a, b],
    save: [a, b],
    backward: ([g], [sa, sb]) =>
      withNoGrad(() => [matmul(g!, transpose(sb, 1, 2)), matmul(transpose(sa, 1, 2), g!)]),
  });
  return out;
}
