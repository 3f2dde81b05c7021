import { record } from "../autograd/node";
import { runtimeError } from "../errors";
import { normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { emptyLikePreserve, rawArray } from "./strided";

// torch.flip: always a copy (PyTorch has no negative strides), laid out like empty_like(x), so
// flipping a transposed tensor gives a transposed (non-contiguous) result, as in PyTorch.

export function flip(x: Tensor, dims: readonly number[]): Tensor {
  const nd = x.ndim;
  const flipped = new Array<boolean>(Math.max(nd, 1)).fill(false);
  for (const d of dims) {
    const k = normalizeDim(d, nd);
    if (flipped[k]) throw runtimeError(`dim ${k} appears multiple times in the list of dims`);
    flipped[k] = true;
  }
  const out = emptyLikePreserve(x);
  const o = rawArray(out);
  const s = rawArray(x);
  // Walk the indices in row-major order with an output pointer and a source pointer that moves
  // backwards on flipped dims.
  const idx = new Array<number>(nd).fill(0);
  let src = x.offset;
  let dst = out.offset;
  for (let k = 0; k < nd; k++) if (flipped[k]) src += (x.shape[k] - 1) * x.strides[k];
  const step = x.strides.map((st, k) => (flipped[k] ? -st : st));
  const n = x.numel;
  for (let i = 0; i < n; i++) {
    o[dst] = s[src];
    for (let k = nd - 1; k >= 0; k--) {
      if (++idx[k] < x.shape[k]) {
        src += step[k];
        dst += out.strides[k];
        break;
      }
      idx[k] = 0;
      src -= step[k] * (x.shape[k] - 1);
      dst -= out.strides[k] * (x.shape[k] - 1);
    }
  }
  record([out], {
    name: "FlipBackward0",
    inputs: [x],
    backward: ([g]) => [flip(g!, dims)],
  });
  return out;
}

/** torch.fliplr: columns in reverse order (dim 1). */
export function fliplr(x: Tensor): Tensor {
  if (x.ndim < 2) throw runtimeError("Input must be >= 2-d.");
  return flip(x, [1]);
}

/** torch.flipud: rows in reverse order (dim 0). */
export function flipud(x: Tensor): Tensor {
  if (x.ndim < 1) throw runtimeError("Input must be >= 1-d.");
  return flip(x, [0]);
}
