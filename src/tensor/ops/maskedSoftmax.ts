import { bool, float32, float64 } from "../dtype";
import { notImplemented, runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { expExact } from "../random/float64Math";
import { glibcExpf } from "./vecmath/expf";
import { contiguousCopy } from "./strided";
import { expand, view } from "./views";

// torch._masked_softmax over the last dim, as the CPU kernel the MultiheadAttention fast path
// calls computes it: a scalar loop per row that takes the max over the unmasked scores only,
// exponentiates with the C library's exp in the input's precision, sums those in double, and
// multiplies each by the reciprocal of the sum. Masked positions contribute 0, so a row with
// every position masked sums to 0 and comes out as 0 * inf = NaN. No autograd: PyTorch only
// takes this path when nothing records.

/**
 * The mask read at x's shape. Type 0 is an (L, L) mask shared by every batch and head, type 1 a
 * (B, L) key padding mask, type 2 a mask of x's own shape; types 0 and 1 need a 2-D mask and a
 * 4-D x, and anything else is read as type 2.
 */
function maskAtShape(x: Tensor, mask: Tensor, maskType: number): Tensor {
  const type = mask.ndim !== 2 || x.ndim !== 4 ? 2 : maskType;
  const xs = x.shape;
  const ms = mask.shape;
  if (type === 2) {
    if (xs.length !== ms.length || xs.some((n, i) => n !== ms[i]))
      throw runtimeError("For mask_type == 2 mask shape should match input shape");
    return mask;
  }
  if (type === 1) {
    if (xs[0] !== ms[0] || xs[2] !== ms[1])
      throw runtimeError("For mask_type == 1 mask shape should be (B, L)");
    return expand(view(mask, [xs[0], 1, 1, xs[2]]), xs);
  }
  if (xs[2] !== ms[0] || xs[2] !== ms[1])
    throw runtimeError("For mask_type == 0 mask shape should be (L, L)");
  return expand(mask, xs);
}

/**
 * torch._masked_softmax(x, mask, dim=-1, mask_type): softmax of x over its last dim ignoring
 * the positions where the bool `mask` is True.
 */
export function maskedSoftmax(x: Tensor, mask: Tensor, maskType: number): Tensor {
  if (mask.dtype !== bool) throw runtimeError("Mask should be a boolean tensor");
  if (x.dtype !== float32 && x.dtype !== float64)
    throw notImplemented(`masked softmax in ${x.dtype.name} is not supported in MaskLab`);
  const src = contiguousCopy(x);
  const m = contiguousCopy(maskAtShape(x, mask, maskType));
  const xs = src.storage.data as Float32Array | Float64Array;
  const ms = m.storage.data as Uint8Array;
  const out = Tensor.empty([...x.shape], x.dtype);
  const o = out.storage.data as Float32Array | Float64Array;
  const single = x.dtype === float32;
  const n = x.ndim === 0 ? 1 : x.shape[x.ndim - 1];
  const rows = n === 0 ? 0 : x.numel / n;
  for (let r = 0; r < rows; r++) {
    const at = r * n;
    let max = xs[at];
    let seen = false;
    for (let d = 0; d < n; d++) {
      if (ms[at + d]) continue;
      // std::max(a, b) keeps a unless a < b, which decides what a NaN score does.
      max = seen ? (max < xs[at + d] ? xs[at + d] : max) : xs[at + d];
      seen = true;
    }
    let sum = 0;
    for (let d = 0; d < n; d++) {
      let z = 0;
      if (!ms[at + d]) {
        const diff = single ? Math.fround(xs[at + d] - max) : xs[at + d] - max;
        z = single ? glibcExpf(diff) : expExact(diff);
      }
      o[at + d] = z;
      sum += z;
    }
    const inv = 1 / sum;
    for (let d = 0; d < n; d++) o[at + d] = o[at + d] * inv;
  }
  return out;
}
