import { record } from "../autograd/node";
import { converter } from "../convert";
import { float64 } from "../dtype";
import { runtimeError } from "../errors";
import { shapeString } from "../shape";
import { Tensor } from "../tensor";
import { contiguousCopy, rawArray } from "./strided";

// x.repeat(*sizes): tiles a copy of x. Leading sizes beyond x's rank add new outer dims, as if
// x had leading dims of size 1. Each output element maps to input element (coord mod size).

/** Row-major visit of `outShape` with the matching row-major index into `inShape`. */
function forEachTile(
  outShape: readonly number[],
  inShape: readonly number[],
  visit: (outIdx: number, inIdx: number) => void,
): void {
  const nd = outShape.length;
  let n = 1;
  for (const s of outShape) n *= s;
  if (n === 0) return;
  const inStrides = new Array<number>(nd);
  for (let d = nd - 1, st = 1; d >= 0; d--) {
    inStrides[d] = st;
    st *= inShape[d];
  }
  const c = new Int32Array(nd);
  const m = new Int32Array(nd);
  let inIdx = 0;
  for (let k = 0; k < n; k++) {
    visit(k, inIdx);
    for (let d = nd - 1; d >= 0; d--) {
      c[d]++;
      m[d]++;
      inIdx += inStrides[d];
      if (m[d] === inShape[d]) {
        m[d] = 0;
        inIdx -= inStrides[d] * inShape[d];
      }
      if (c[d] < outShape[d]) break;
      inIdx -= inStrides[d] * m[d];
      c[d] = 0;
      m[d] = 0;
    }
  }
}

export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < x.ndim)
    throw runtimeError(
      "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor",
    );
  const lead = sizes.length - x.ndim;
  const inShape = sizes.map((_, d) => (d < lead ? 1 : x.shape[d - lead]));
  const outShape = sizes.map((s, d) => s * inShape[d]);
  for (const s of sizes)
    if (s < 0)
      throw runtimeError(
        `Trying to create tensor with negative dimension ${s}: ${shapeString(outShape)}`,
      );
  const src = rawArray(contiguousCopy(x));
  const out = Tensor.empty(outShape, x.dtype);
  const o = rawArray(out);
  forEachTile(outShape, inShape, (k, i) => {
    o[k] = src[i];
  });
  const xShape = x.shape;
  record([out], {
    name: "RepeatBackward0",
    inputs: [x],
    backward: ([g]) => {
      // Every tile's gradient flows back to the element it copied.
      const gv = contiguousCopy(g!, float64).storage.data as Float64Array;
      const acc = new Float64Array(x.numel);
      forEachTile(outShape, inShape, (k, i) => {
        acc[i] += gv[k];
      });
      const res = Tensor.empty(xShape, g!.dtype);
      const r = rawArray(res);
      const conv = converter(float64, g!.dtype);
      for (let i = 0; i < acc.length; i++) r[i] = conv(acc[i]);
      return [res];
    },
  });
  return out;
}
