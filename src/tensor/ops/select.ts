import { record } from "../autograd/node";
import { bool, int64 } from "../dtype";
import { runtimeError } from "../errors";
import { broadcastShapes, numelOf } from "../shape";
import { Tensor } from "../tensor";
import { contiguousCopy, rawArray, sumToShapeFloat64 } from "./strided";
import { expand } from "./views";

// masked_select and nonzero: the two ops whose output size depends on the mask's contents.
// Both work on contiguous copies: their output has to be gathered element by element anyway.

/** x.masked_select(mask): the elements where the (broadcast) mask is True, as a 1-D tensor. */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  if (mask.dtype !== bool) throw runtimeError(`masked_select: expected BoolTensor for mask`);
  const shape = broadcastShapes(x.shape, mask.shape);
  const xs = rawArray(contiguousCopy(expand(x, shape)));
  const ms = rawArray(contiguousCopy(expand(mask, shape))) as Uint8Array;
  const n = numelOf(shape);
  let count = 0;
  for (let i = 0; i < n; i++) count += ms[i] === 0 ? 0 : 1;
  const out = Tensor.empty([count], x.dtype);
  const o = rawArray(out);
  for (let i = 0, k = 0; i < n; i++) if (ms[i] !== 0) o[k++] = xs[i];
  record([out], {
    name: "MaskedSelectBackward0",
    inputs: [x],
    backward: ([g]) => {
      // Scatter the gradient back into the broadcast shape, then undo the broadcast.
      const full = Tensor.empty(shape, g!.dtype);
      const f = rawArray(full);
      const gs = rawArray(contiguousCopy(g!));
      for (let i = 0, k = 0; i < n; i++) if (ms[i] !== 0) f[i] = gs[k++];
      return [sumToShapeFloat64(full, x.shape)];
    },
  });
  return out;
}

/** Row-major coordinates of the nonzero elements: an int64 tensor of shape [count, ndim]. */
export function nonzero(x: Tensor): Tensor {
  const c = contiguousCopy(x);
  const d = rawArray(c);
  const n = x.numel;
  const hits: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = d[i];
    // NaN counts as nonzero, as in PyTorch (it is not equal to zero).
    if (typeof v === "bigint" ? v !== 0n : v !== 0) hits.push(i);
  }
  const nd = x.ndim;
  const out = Tensor.empty([hits.length, nd], int64);
  const o = rawArray(out) as BigInt64Array;
  for (let h = 0; h < hits.length; h++) {
    let rem = hits[h];
    for (let k = nd - 1; k >= 0; k--) {
      const size = x.shape[k];
      o[h * nd + k] = BigInt(rem % size);
      rem = Math.floor(rem / size);
    }
  }
  return out;
}

/** nonzero(as_tuple=True) and one-argument where(): one 1-D index tensor per dim. */
export function nonzeroTuple(x: Tensor): Tensor[] {
  const idx = nonzero(x);
  const count = idx.shape[0];
  const nd = Math.max(x.ndim, 1);
  const src = rawArray(idx) as BigInt64Array;
  const out: Tensor[] = [];
  for (let k = 0; k < nd; k++) {
    const t = Tensor.empty([count], int64);
    const o = rawArray(t) as BigInt64Array;
    // A 0-dim input has no coordinates; PyTorch still returns one (all-zero) index tensor.
    for (let h = 0; h < count; h++) o[h] = x.ndim === 0 ? 0n : src[h * x.ndim + k];
    out.push(t);
  }
  return out;
}
