import { float64, int64 } from "../dtype";
import { normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { contiguousCopy, rawArray } from "./strided";

// torch.unique: the distinct values (or distinct slices along a dim) in ascending order, with
// where each input element went (inverse) and how often each value occurs (counts). PyTorch's
// CPU kernel sorts whether or not sorted=True is asked for, so MaskLab always sorts.

export interface UniqueResult {
  values: Tensor;
  inverse: Tensor;
  counts: Tensor;
}

function int64Tensor(shape: readonly number[], values: readonly number[]): Tensor {
  const t = Tensor.empty(shape, int64);
  const d = t.storage.data as BigInt64Array;
  values.forEach((v, i) => (d[i] = BigInt(v)));
  return t;
}

/** Compare two runs of `len` values lexicographically. */
function compareRuns(nums: Float64Array, a: number, b: number, len: number): number {
  for (let k = 0; k < len; k++) {
    const d = nums[a + k] - nums[b + k];
    if (d !== 0) return d;
  }
  return 0;
}

export function unique(x: Tensor, dimArg: number | null = null): UniqueResult {
  // Move the unique dim first and flatten the rest, so each slice is one contiguous run.
  const dim = dimArg === null ? null : normalizeDim(dimArg, x.ndim);
  const order = dim === null ? [] : [dim, ...[...Array(x.ndim).keys()].filter((d) => d !== dim)];
  const moved =
    dim === null
      ? x
      : new Tensor(
          x.storage,
          order.map((d) => x.shape[d]),
          order.map((d) => x.strides[d]),
          x.offset,
        );
  const n = dim === null ? x.numel : x.shape[dim];
  const len = n === 0 ? 0 : dim === null ? 1 : moved.numel / n;
  const nums = contiguousCopy(moved, float64).storage.data as Float64Array;
  const raw = rawArray(contiguousCopy(moved));
  const sorted = [...Array(n).keys()].sort(
    (a, b) => compareRuns(nums, a * len, b * len, len) || a - b,
  );
  const firsts: number[] = [];
  const counts: number[] = [];
  const inverse = new Array<number>(n);
  for (const i of sorted) {
    const last = firsts.length - 1;
    if (last >= 0 && compareRuns(nums, firsts[last] * len, i * len, len) === 0) counts[last]++;
    else {
      firsts.push(i);
      counts.push(1);
    }
    inverse[i] = firsts.length - 1;
  }
  const movedShape = dim === null ? [firsts.length] : [firsts.length, ...moved.shape.slice(1)];
  const out = Tensor.empty(movedShape, x.dtype);
  const o = rawArray(out);
  firsts.forEach((f, j) => {
    for (let k = 0; k < len; k++) o[j * len + k] = raw[f * len + k];
  });
  let values = out;
  if (dim !== null) {
    // Put the unique dim back where it was: output dim d reads moved dim order.indexOf(d).
    const back = [...Array(x.ndim).keys()].map((d) => order.indexOf(d));
    values = contiguousCopy(
      new Tensor(
        out.storage,
        back.map((m) => out.shape[m]),
        back.map((m) => out.strides[m]),
        0,
      ),
    );
  }
  return {
    values,
    inverse: int64Tensor(dim === null ? x.shape : [n], inverse),
    counts: int64Tensor([counts.length], counts),
  };
}
