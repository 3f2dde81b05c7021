import { record } from "../autograd/node";
import { converter } from "../convert";
import { float64, int64 } from "../dtype";
import { indexError, runtimeError } from "../errors";
import { normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { contiguousCopy, rawArray } from "./strided";

// sort, argsort and topk along one dim. NaN sorts as the largest value (as in PyTorch), and
// equal values keep their order (PyTorch's CPU sort is stable for these sizes).

interface Sorted {
  values: Tensor;
  indices: Tensor;
}

/** Lane layout of a contiguous tensor along `dim`. */
export function laneSizes(shape: readonly number[], dim: number): [number, number, number] {
  if (shape.length === 0) return [1, 1, 1];
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < dim; i++) outer *= shape[i];
  for (let i = dim + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[dim], inner];
}

/**
 * The autograd node of an op whose `values` pick, along `dim`, the elements of x that the int64
 * `indices` (of values' shape) name: sort, topk, cummax. Each output's gradient is added to the
 * element it came from. The indices are saved as PyTorch saves them, so an in-place write to the
 * returned indices makes backward fail.
 */
export function recordLanePicks(
  values: Tensor,
  indices: Tensor,
  x: Tensor,
  dim: number,
  name: string,
): void {
  const [outer, n, inner] = laneSizes(x.shape, dim);
  const k = x.ndim === 0 ? 1 : values.shape[dim];
  const inShape = x.shape;
  record([values], {
    name,
    inputs: [x],
    saveOutputs: [indices],
    backward: ([g], [savedIndices]) => {
      const saved = savedIndices.storage.data as BigInt64Array;
      const gv = contiguousCopy(g!, float64).storage.data as Float64Array;
      const acc = new Float64Array(x.numel);
      for (let o = 0; o < outer; o++)
        for (let j = 0; j < inner; j++)
          for (let i = 0; i < k; i++) {
            const at = o * k * inner + j + i * inner;
            acc[o * n * inner + j + Number(saved[at]) * inner] += gv[at];
          }
      const res = Tensor.empty(inShape, g!.dtype);
      const r = rawArray(res);
      const conv = converter(float64, g!.dtype);
      for (let i = 0; i < acc.length; i++) r[i] = conv(acc[i]);
      return [res];
    },
  });
}

function compare(a: number, b: number, descending: boolean): number {
  const an = a !== a;
  const bn = b !== b;
  if (an || bn) return an === bn ? 0 : (an ? 1 : -1) * (descending ? -1 : 1);
  return descending ? b - a || 0 : a - b || 0;
}

/** The first `k` of each lane in sorted order: values and int64 indices, shaped like x with dim = k. */
function sortLanes(x: Tensor, dim: number, descending: boolean, k: number, name: string): Sorted {
  const src = contiguousCopy(x);
  const raw = rawArray(src);
  const nums = contiguousCopy(x, float64).storage.data as Float64Array;
  const [outer, n, inner] = laneSizes(x.shape, dim);
  const outShape = x.ndim === 0 ? [] : x.shape.map((s, d) => (d === dim ? k : s));
  const values = Tensor.empty(outShape, x.dtype);
  const indices = Tensor.empty(outShape, int64);
  const v = rawArray(values);
  const ix = indices.storage.data as BigInt64Array;
  const order = new Array<number>(n);
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort(
        (a, b) => compare(nums[base + a * inner], nums[base + b * inner], descending) || a - b,
      );
      const outBase = o * k * inner + j;
      for (let i = 0; i < k; i++) {
        v[outBase + i * inner] = raw[base + order[i] * inner];
        ix[outBase + i * inner] = BigInt(order[i]);
      }
    }
  recordLanePicks(values, indices, x, dim, name);
  return { values, indices };
}

/** x.sort(dim=-1, descending=False). */
export function sort(x: Tensor, dimArg = -1, descending = false): Sorted {
  const dim = normalizeDim(dimArg, x.ndim);
  const n = x.ndim === 0 ? 1 : x.shape[dim];
  return sortLanes(x, dim, descending, n, "SortBackward0");
}

/** x.argsort(dim=-1, descending=False): the indices of sort. */
export function argsort(x: Tensor, dimArg = -1, descending = false): Tensor {
  return sort(x, dimArg, descending).indices;
}

/** x.topk(k, dim=-1, largest=True, sorted=True). */
export function topk(x: Tensor, k: number, dimArg = -1, largest = true): Sorted {
  const dim = normalizeDim(dimArg, x.ndim);
  const n = x.ndim === 0 ? 1 : x.shape[dim];
  if (k < 0 || k > n) throw runtimeError("selected index k out of range");
  if (n === 0 && k > 0) throw indexError("selected index k out of range");
  return sortLanes(x, dim, largest, k, "TopkBackward0");
}
