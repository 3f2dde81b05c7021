import { float64, int64 } from "../dtype";
import { normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { laneSizes, recordLanePicks } from "./sorting";
import { contiguousCopy, rawArray } from "./strided";

// cummax and cummin: the running extreme along a dim and where it was last reached. A tie
// moves the index forward (PyTorch compares with >= and <=), and a NaN, once seen, stays.

interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

function cumExtreme(x: Tensor, dimArg: number, isMax: boolean): ValuesIndices {
  const dim = normalizeDim(dimArg, x.ndim);
  const [outer, n, inner] = laneSizes(x.shape, dim);
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
  recordLanePicks(values, indices, x, dim, isMax ? "CummaxBackward0" : "CumminBackward0");
  return { values, indices };
}

/** x.cummax(dim) → {values, indices}. */
export const cummax = (x: Tensor, dim: number): ValuesIndices => cumExtreme(x, dim, true);
/** x.cummin(dim) → {values, indices}. */
export const cummin = (x: Tensor, dim: number): ValuesIndices => cumExtreme(x, dim, false);
