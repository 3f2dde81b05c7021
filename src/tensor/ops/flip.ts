import { record } from "../autograd/node";
import { runtimeError } from "../errors";
import { normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { rawArray } from "./strided";

// torch.flip: always a copy (PyTorch has no negative strides), contiguous.

export function flip(x: Tensor, dims: readonly number[]): Tensor {
  const nd = x.ndim;
  const flipped = new Array<boolean>(Math.max(nd, 1)).fill(false);
  for (const d of dims) {
    const k = normalizeDim(d, nd);
    if (flipped[k]) throw runtimeError(`dim ${k} appears multiple times in the list of dims`);
    flipped[k] = true;
  }
  const out = Tensor.empty(x.shape, x.dtype);
  const o = rawArray(out);
  const s = rawArray(x);
  // Walk the output in row-major order with a source pointer that moves backwards on flipped dims.
  const idx = new Array<number>(nd).fill(0);
  let src = x.offset;
  for (let k = 0; k < nd; k++) if (flipped[k]) src += (x.shape[k] - 1) * x.strides[k];
  const step = x.strides.map((st, k) => (flipped[k] ? -st : st));
  const n = x.numel;
  for (let i = 0; i < n; i++) {
    o[i] = s[src];
    for (let k = nd - 1; k >= 0; k--) {
      if (++idx[k] < x.shape[k]) {
        src += step[k];
        break;
      }
      idx[k] = 0;
      src -= step[k] * (x.shape[k] - 1);
    }
  }
  record([out], {
    name: "FlipBackward0",
    inputs: [x],
    backward: ([g]) => [flip(g!, dims)],
  });
  return out;
}
