import { needsGrad, record } from "../autograd/node";
import { float32, float64, int64 } from "../dtype";
import type { DType } from "../dtype";
import { runtimeError } from "../errors";
import { normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { toDtype } from "./elementwise";
import { contiguousCopy } from "./strided";
import { storeNumbers } from "./summation";

// cumsum and cumprod. PyTorch casts the input to the result dtype first and then scans with
// its CPU accumulator type: double for float32/float64, float for float16/bfloat16, int64 for
// integers. Each output element is the accumulator rounded once, so float32 results can differ
// from a float32 running sum (torch.tensor([1e8, 1, -1e8]).cumsum(0)[2] is 1, not 0).

type Scan = "sum" | "prod";

/** Sizes around `dim` of a contiguous layout: outer blocks, scan length, inner stride. */
function lanes(shape: readonly number[], dim: number): [outer: number, n: number, inner: number] {
  if (shape.length === 0) return [1, 1, 1];
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < dim; i++) outer *= shape[i];
  for (let i = dim + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[dim], inner];
}

function scanBig(data: BigInt64Array, shape: readonly number[], dim: number, op: Scan): void {
  const [outer, n, inner] = lanes(shape, dim);
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < inner; j++) {
      const start = o * n * inner + j;
      let acc = op === "sum" ? 0n : 1n;
      for (let i = 0, p = start; i < n; i++, p += inner) {
        acc = BigInt.asIntN(64, op === "sum" ? acc + data[p] : acc * data[p]);
        data[p] = acc;
      }
    }
}

function scanFloat(
  data: Float64Array,
  shape: readonly number[],
  dim: number,
  op: Scan,
  narrowAcc: boolean,
): void {
  const [outer, n, inner] = lanes(shape, dim);
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < inner; j++) {
      const start = o * n * inner + j;
      let acc = op === "sum" ? 0 : 1;
      for (let i = 0, p = start; i < n; i++, p += inner) {
        acc = op === "sum" ? acc + data[p] : acc * data[p];
        if (narrowAcc) acc = Math.fround(acc);
        data[p] = acc;
      }
    }
}

/** The scan itself, without autograd: `x` cast to `outDtype`, then accumulated along `dim`. */
function scanRaw(x: Tensor, dim: number, outDtype: DType, op: Scan): Tensor {
  const cast = toDtype(x, outDtype);
  if (outDtype.kind !== "float") {
    const big = contiguousCopy(cast, int64);
    scanBig(big.storage.data as BigInt64Array, x.shape, dim, op);
    return toDtype(big, outDtype);
  }
  const vals = contiguousCopy(cast, float64);
  const narrowAcc = outDtype !== float32 && outDtype !== float64;
  scanFloat(vals.storage.data as Float64Array, x.shape, dim, op, narrowAcc);
  return storeNumbers(vals.storage.data as Float64Array, x.shape, outDtype);
}

function resultDtype(x: Tensor, dtype: DType | undefined): DType {
  return dtype ?? (x.dtype.kind === "float" ? x.dtype : int64);
}

/** Gradient dtype check PyTorch makes when autograd would have to flow into an integer result. */
function checkGradDtype(x: Tensor, outDtype: DType): void {
  if (needsGrad(x) && outDtype.kind !== "float")
    throw runtimeError(`Autograd not support dtype: ${outDtype.scalarName}`);
}

/** x.cumsum(dim, dtype=None). */
export function cumsum(x: Tensor, dimArg: number, dtype?: DType): Tensor {
  const dim = normalizeDim(dimArg, x.ndim);
  const outDtype = resultDtype(x, dtype);
  checkGradDtype(x, outDtype);
  const out = scanRaw(x, dim, outDtype, "sum");
  const inDtype = x.dtype;
  record([out], {
    name: "CumsumBackward0",
    inputs: [x],
    // The gradient of a prefix sum is the suffix sum of the incoming gradient.
    backward: ([g]) => [toDtype(reverseCumsum(g!, dim), inDtype)],
  });
  return out;
}

/** Sum of g from each position to the end of its lane along `dim`. */
function reverseCumsum(g: Tensor, dim: number): Tensor {
  const vals = contiguousCopy(g, float64);
  const data = vals.storage.data as Float64Array;
  const [outer, n, inner] = lanes(g.shape, dim);
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < inner; j++) {
      let acc = 0;
      for (let i = n - 1, p = o * n * inner + j + i * inner; i >= 0; i--, p -= inner) {
        acc += data[p];
        data[p] = acc;
      }
    }
  return storeNumbers(data, g.shape, g.dtype);
}

/** x.cumprod(dim, dtype=None). */
export function cumprod(x: Tensor, dimArg: number, dtype?: DType): Tensor {
  const dim = normalizeDim(dimArg, x.ndim);
  const outDtype = resultDtype(x, dtype);
  checkGradDtype(x, outDtype);
  const out = scanRaw(x, dim, outDtype, "prod");
  const inDtype = x.dtype;
  record([out], {
    name: "CumprodBackward0",
    inputs: [x],
    save: [x],
    saveOutputs: [out],
    backward: ([g], [xs]) => [toDtype(cumprodGrad(g!, xs, dim), inDtype)],
  });
  return out;
}

/**
 * d out_j / d x_i is the product of x_0..x_j without x_i, so zeros in the input need no special
 * case. Quadratic per lane, which is fine for the tensors a lesson builds.
 */
function cumprodGrad(g: Tensor, x: Tensor, dim: number): Tensor {
  const G = contiguousCopy(g, float64).storage.data as Float64Array;
  const X = contiguousCopy(x, float64).storage.data as Float64Array;
  const res = new Float64Array(G.length);
  const [outer, n, inner] = lanes(x.shape, dim);
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < inner; j++) {
      const start = o * n * inner + j;
      let left = 1;
      for (let i = 0; i < n; i++) {
        let prodWithout = left;
        let total = 0;
        for (let k = i; k < n; k++) {
          if (k > i) prodWithout *= X[start + k * inner];
          total += G[start + k * inner] * prodWithout;
        }
        res[start + i * inner] = total;
        left *= X[start + i * inner];
      }
    }
  return storeNumbers(res, x.shape, g.dtype);
}
