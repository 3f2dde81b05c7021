import { record } from "../autograd/node";
import { converter } from "../convert";
import { float64, int64 } from "../dtype";
import { normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { contiguousCopy, rawArray } from "./strided";

// cummax and cummin: the running extreme along a dim and where it was last reached. A tie
// moves the index forward (PyTorch compares with >= and <=), and a NaN, once seen, stays.

interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

function cumExtreme(x: Tensor, dimArg: number, isMax: boolean): ValuesIndices {
  const dim = normalizeDim(dimArg, x.ndim);
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < dim; i++) outer *= x.shape[i];
  for (let i = dim + 1; i < x.ndim; i++) inner *= x.shape[i];
  const n = x.ndim === 0 ? 1 : x.shape[dim];
  const raw = rawArray(contiguousCopy(x));
  const nums = contiguousCopy(x, float64).storage.data as Float64Array;
  const values = Tensor.empty(x.shape, x.dtype);
  const indices = Tensor.empty(x.shape, int64);
  const v = rawArray(values);
  const ix = indices.storage.data as BigInt64Array;
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      let best = base;
      let at = 0;
      for (let i = 0; i < n; i++) {
        const p = base + i * inner;
        const cur = nums[best];
        const u = nums[p];
        if (cur === cur && (u !== u || (isMax ? u >= cur : u <= cur))) {
          best = p;
          at = i;
        }
        v[p] = raw[best];
        ix[p] = BigInt(at);
      }
    }
  const inShape = x.shape;
  record([values], {
    name: isMax ? "CummaxBackward0" : "CumminBackward0",
    inputs: [x],
    saveOutputs: [indices],
    backward: ([g], [saved]) => {
      // Every output position adds its gradient to the element it copied.
      const si = saved.storage.data as BigInt64Array;
      const gv = contiguousCopy(g!, float64).storage.data as Float64Array;
      const acc = new Float64Array(gv.length);
      for (let o = 0; o < outer; o++)
        for (let j = 0; j < inner; j++)
          for (let i = 0; i < n; i++) {
            const p = o * n * inner + j + i * inner;
            acc[o * n * inner + j + Number(si[p]) * inner] += gv[p];
          }
      const res = Tensor.empty(inShape, g!.dtype);
      const r = rawArray(res);
      const conv = converter(float64, g!.dtype);
      for (let i = 0; i < acc.length; i++) r[i] = conv(acc[i]);
      return [res];
    },
  });
  return { values, indices };
}

/** x.cummax(dim) → {values, indices}. */
export const cummax = (x: Tensor, dim: number): ValuesIndices => cumExtreme(x, dim, true);
/** x.cummin(dim) → {values, indices}. */
export const cummin = (x: Tensor, dim: number): ValuesIndices => cumExtreme(x, dim, false);
