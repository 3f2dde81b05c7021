import { record, withNoGrad } from "../autograd/node";
import { float32, int32, int64 } from "../dtype";
import { indexError, runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { indexSelect } from "./gatherScatter";
import { contiguousCopy, rawArray } from "./strided";
import { reshape } from "./views";

// F.embedding: rows of `weight` picked by integer indices of any shape, one EmbeddingBackward0
// node. Its backward adds each index's gradient row into a zero matrix in index order (PyTorch's
// dense CPU backward), skipping padding_idx, so repeated indices sum in the same order.

/** F.embedding(indices, weight, padding_idx): weight rows gathered into indices' shape + [dim]. */
export function embedding(weight: Tensor, indices: Tensor, paddingIdx: number | null): Tensor {
  if (indices.dtype !== int64 && indices.dtype !== int32)
    throw runtimeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${indices.dtype.legacyName} instead (while checking arguments for embedding)`,
    );
  if (weight.ndim !== 2) throw runtimeError("'weight' must be 2-D");
  const [rows, dim] = weight.shape;
  const flat = contiguousCopy(reshape(indices, [indices.numel]));
  const idx = Array.from(rawArray(flat) as ArrayLike<number | bigint>, Number);
  for (const k of idx) if (k < 0 || k >= rows) throw indexError("index out of range in self");
  const out = withNoGrad(() => reshape(indexSelect(weight, 0, flat), [...indices.shape, dim]));
  record([out], {
    name: "EmbeddingBackward0",
    inputs: [weight],
    backward: ([g]) => {
      const gc = contiguousCopy(g!);
      const src = rawArray(gc) as ArrayLike<number>;
      const single = gc.dtype === float32;
      const acc = new Float64Array(rows * dim);
      for (let i = 0; i < idx.length; i++) {
        const k = idx[i];
        if (k === paddingIdx) continue;
        for (let j = 0; j < dim; j++) {
          const s = acc[k * dim + j] + src[i * dim + j];
          acc[k * dim + j] = single ? Math.fround(s) : s;
        }
      }
      const grad = Tensor.empty([rows, dim], gc.dtype);
      const out = rawArray(grad);
      if (!(out instanceof Float32Array || out instanceof Float64Array))
        throw runtimeError(`embedding backward is not supported for ${gc.dtype.name} in MaskLab`);
      out.set(acc);
      return [grad];
    },
  });
  return out;
}
