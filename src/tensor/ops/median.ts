import { record } from "../autograd/node";
import { converter } from "../convert";
import { float64, int64 } from "../dtype";
import { indexError, notImplemented } from "../errors";
import { normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { evenlyDistribute } from "./reduce";
import { contiguousCopy, rawArray } from "./strided";

// median returns the lower of the two middle values, or the first NaN. PyTorch's nth_element
// breaks ties between equal values by position, so along a dim the returned index is the one a
// stable sort puts in the middle.

interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

function checkDtype(x: Tensor, kernel: string): void {
  if (x.dtype.kind === "bool") throw notImplemented(`"${kernel}" not implemented for 'Bool'`);
}

/** Position of the median within `vals`: the first NaN, else the stable-sorted middle. */
function medianIndex(vals: ArrayLike<number>): number {
  const n = vals.length;
  for (let i = 0; i < n; i++) if (vals[i] !== vals[i]) return i;
  const order = [...Array(n).keys()].sort((a, b) => vals[a] - vals[b] || a - b);
  return order[(n - 1) >> 1];
}

/** x.median(): the lower middle value of all elements, NaN if there is one. */
export function median(x: Tensor): Tensor {
  checkDtype(x, "median_cpu");
  const nums = contiguousCopy(x, float64).storage.data as Float64Array;
  const raw = rawArray(contiguousCopy(x));
  const out = Tensor.empty([], x.dtype);
  if (x.numel === 0) rawArray(out)[0] = converter(float64, x.dtype)(NaN);
  else {
    rawArray(out)[0] = raw[medianIndex(nums)];
  }
  record([out], {
    name: "MedianBackward0",
    inputs: [x],
    save: [x],
    saveOutputs: [out],
    backward: ([g], [xs, res]) => [evenlyDistribute(g!, xs, res)],
  });
  return out;
}

/** x.median(dim, keepdim): values and the int64 index each came from. */
export function medianDim(x: Tensor, dimArg: number, keepdim = false): ValuesIndices {
  checkDtype(x, "median_out");
  const dim = normalizeDim(dimArg, x.ndim);
  const n = x.ndim === 0 ? 1 : x.shape[dim];
  if (n === 0)
    throw indexError(`median(): Expected reduction dim ${dimArg} to have non-zero size.`);
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < dim; i++) outer *= x.shape[i];
  for (let i = dim + 1; i < x.ndim; i++) inner *= x.shape[i];
  const raw = rawArray(contiguousCopy(x));
  const nums = contiguousCopy(x, float64).storage.data as Float64Array;
  const keptShape = x.shape.map((s, d) => (d === dim ? 1 : s));
  const outShape = keepdim ? keptShape : x.shape.filter((_, d) => d !== dim);
  const values = Tensor.empty(outShape, x.dtype);
  const indices = Tensor.empty(outShape, int64);
  const v = rawArray(values);
  const ix = indices.storage.data as BigInt64Array;
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      const vals: number[] = [];
      for (let i = 0; i < n; i++) vals.push(nums[base + i * inner]);
      const at = medianIndex(vals);
      v[o * inner + j] = raw[base + at * inner];
      ix[o * inner + j] = BigInt(at);
    }
  const inShape = x.shape;
  record([values], {
    name: "MedianBackward1",
    inputs: [x],
    saveOutputs: [indices],
    backward: ([g], [saved]) => {
      const si = saved.storage.data as BigInt64Array;
      const gv = contiguousCopy(g!, float64).storage.data as Float64Array;
      const res = Tensor.empty(inShape, g!.dtype);
      const r = rawArray(res);
      const conv = converter(float64, g!.dtype);
      for (let o = 0; o < outer; o++)
        for (let j = 0; j < inner; j++)
          r[o * n * inner + j + Number(si[o * inner + j]) * inner] = conv(gv[o * inner + j]);
      return [res];
    },
  });
  return { values, indices };
}
