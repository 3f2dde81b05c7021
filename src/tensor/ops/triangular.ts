import { record } from "../autograd/node";
import { converter } from "../convert";
import { float64 } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { inplace } from "./inplaceArith";
import { contiguousCopy, rawArray } from "./strided";

/** Zero the elements on the wrong side of diagonal `k` in each trailing matrix of `t`. */
function triangle(src: Tensor, k: number, upper: boolean): Tensor {
  const out = contiguousCopy(src);
  const nd = out.ndim;
  const rows = out.shape[nd - 2];
  const cols = out.shape[nd - 1];
  const D = rawArray(out);
  const zero = converter(float64, out.dtype)(0);
  const mats = rows * cols === 0 ? 0 : out.numel / (rows * cols);
  for (let m = 0; m < mats; m++) {
    const base = m * rows * cols;
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        const keep = upper ? j - i >= k : j - i <= k;
        if (!keep) D[base + i * cols + j] = zero;
      }
  }
  return out;
}

function op(t: Tensor, diagonal: number, upper: boolean): Tensor {
  const name = upper ? "triu" : "tril";
  if (t.ndim < 2) throw runtimeError(`${name}: input tensor must have at least 2 dimensions`);
  const out = triangle(t, diagonal, upper);
  record([out], {
    name: upper ? "TriuBackward0" : "TrilBackward0",
    inputs: [t],
    backward: ([g]) => [g ? triangle(g, diagonal, upper) : null],
  });
  return out;
}

/** torch.triu(input, diagonal=0): elements on and above the diagonal-th diagonal. */
export const triu = (t: Tensor, diagonal = 0): Tensor => op(t, diagonal, true);

/** torch.tril(input, diagonal=0): elements on and below the diagonal-th diagonal. */
export const tril = (t: Tensor, diagonal = 0): Tensor => op(t, diagonal, false);

function op_(t: Tensor, diagonal: number, upper: boolean): Tensor {
  if (t.ndim < 2)
    throw runtimeError(`${upper ? "triu" : "tril"}: input tensor must have at least 2 dimensions`);
  return inplace(t, 0n, {
    name: upper ? "TriuBackward0" : "TrilBackward0",
    resultDtype: t.dtype,
    compute: () => triangle(t, diagonal, upper),
    backward: (g) => [triangle(g, diagonal, upper)],
  });
}

/** x.triu_(diagonal=0): zero what lies below the diagonal-th diagonal, in place. */
export const triu_ = (t: Tensor, diagonal = 0): Tensor => op_(t, diagonal, true);

/** x.tril_(diagonal=0): zero what lies above the diagonal-th diagonal, in place. */
export const tril_ = (t: Tensor, diagonal = 0): Tensor => op_(t, diagonal, false);
