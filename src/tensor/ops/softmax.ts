import { record } from "../autograd/node";
import { bfloat16, float16, float32, float64 } from "../dtype";
import type { DType } from "../dtype";
import { notImplemented } from "../errors";
import { contiguousStrides, isContiguousLayout, normalizeDim, numelOf } from "../shape";
import { Tensor } from "../tensor";
import { allocOutput, numberView, roundToFloat, toDtype } from "./elementwise";
import type { NumArray } from "./elementwise";
import { expandCopy, forEachLane } from "./reduce";
import { contiguousCopy } from "./strided";
import {
  logSoftmaxInnerF32,
  softmaxInnerF32,
  softmaxLastDimF32,
  softmaxLastDimF64,
  logSoftmaxLastDimReduced,
  softmaxInnerReduced,
  softmaxLastDimReduced,
  softmaxInnerF64,
} from "./vecmath/softmaxF32";
import { fmad } from "./vecmath/expd";
import { sleefExpf } from "./vecmath/expf";
import { LARGE_SOFTMAX_ABOVE, softmaxLastDimLarge } from "./vecmath/softmaxLarge";
import { softmaxLastDimWasm } from "./vecmath/softmaxWasm";

// softmax / log_softmax along one dim, numerically stable (the lane max is subtracted first).
// float32 softmax and log_softmax (any dim) replay PyTorch's AVX-512 kernels bit for bit
// (vecmath/softmaxF32.ts), and so does float64 softmax (Sleef's exp in vector columns,
// glibc's, correctly rounded, in the scalar ones). Above 2^20
// elements float32 softmax along the last dim trades the replay for speed
// (vecmath/softmaxLarge.ts: within a float32 rounding of exact, not always PyTorch's last
// bit). float16 and bfloat16 replay PyTorch's reduced-precision kernels, which work in float32
// and round to the half type at their own points (softmaxF32.ts). float64 log_softmax
// computes lanes in float64 with Math.exp.

let scratch = new Float64Array(0);
let scratch32 = new Float32Array(0);
function workF32(n: number): Float32Array {
  if (scratch32.length < n) scratch32 = new Float32Array(n);
  return scratch32;
}
function scratchOf(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(n);
  return scratch;
}

function kernelCheck(d: DType, dim: number, ndim: number, log: boolean): void {
  if (d.kind === "float") return;
  const last = dim === ndim - 1 || ndim === 0;
  const name = `${log ? "log_" : ""}softmax${last ? "_lastdim" : ""}_kernel_impl`;
  throw notImplemented(`"${name}" not implemented for '${d.scalarName}'`);
}

/** One lane of softmax or log_softmax in float64 from any number array, into a float64 buffer. */
function lane(
  src: NumArray,
  start: number,
  n: number,
  step: number,
  out: Float64Array,
  log: boolean,
): void {
  let m = -Infinity;
  let hasNan = false;
  for (let i = 0, p = start; i < n; i++, p += step) {
    const v = src[p];
    if (v > m) m = v;
    else if (v !== v) hasNan = true;
  }
  if (hasNan) m = NaN;
  let sum = 0;
  for (let i = 0, p = start; i < n; i++, p += step) {
    const d = src[p] - m;
    const x = Math.exp(d);
    out[i] = log ? d : x;
    sum += x;
  }
  if (log) {
    const ls = Math.log(sum);
    for (let i = 0; i < n; i++) out[i] -= ls;
  } else {
    const inv = 1 / sum;
    for (let i = 0; i < n; i++) out[i] *= inv;
  }
}

function compute(x: Tensor, dim: number, log: boolean): Tensor {
  const d = x.dtype;
  const shape = x.shape;
  if (x.ndim === 0) {
    const { out, finish } = allocOutput([], d);
    const v = x.atNumber(0);
    out[0] = log ? v - v : v !== v || !Number.isFinite(v) ? NaN : 1;
    return finish();
  }
  const n = shape[dim];
  if (d === float32) {
    // PyTorch runs its kernels on a contiguous input; so do we, then replay them exactly.
    const c = x.isContiguous() ? x : contiguousCopy(x);
    const total = numelOf(shape);
    const large = dim === x.ndim - 1 && !log && total > LARGE_SOFTMAX_ABOVE;
    // The large kernels write every element of their output (a NaN row included).
    const out = large ? Tensor.emptyToOverwrite(shape, float32) : Tensor.empty(shape, float32);
    const src = c.storage.data as Float32Array;
    const dst = out.storage.data as Float32Array;
    if (n === 0 || total === 0) return out;
    if (large) {
      if (!softmaxLastDimWasm(src, c.offset, dst, total / n, n))
        softmaxLastDimLarge(src, c.offset, dst, total / n, n);
    } else if (dim === x.ndim - 1) {
      softmaxLastDimF32(src, c.offset, dst, total / n, n, log, workF32(log ? n : 0));
    } else {
      const inner = numelOf(shape.slice(dim + 1));
      const outer = total / (n * inner);
      if (log) logSoftmaxInnerF32(src, c.offset, dst, outer, n, inner);
      else softmaxInnerF32(src, c.offset, dst, outer, n, inner);
    }
    return out;
  }
  if (d === float64 && !log) {
    const c = x.isContiguous() ? x : contiguousCopy(x);
    const out = Tensor.empty(shape, float64);
    const total = numelOf(shape);
    if (n > 0 && total > 0) {
      const src = c.storage.data as Float64Array;
      const dst = out.storage.data as Float64Array;
      if (dim === x.ndim - 1) softmaxLastDimF64(src, c.offset, dst, total / n, n);
      else {
        const inner = numelOf(shape.slice(dim + 1));
        softmaxInnerF64(src, c.offset, dst, total / (n * inner), n, inner);
      }
    }
    return out;
  }
  const v = numberView(x, d);
  const { out, finish } = allocOutput(shape, d);
  if (d === float16 || d === bfloat16) {
    // numberView gives the half values row-major as numbers; out is float32 until finish().
    const total = numelOf(shape);
    const dst = out as Float32Array;
    const round = (e: number): number => roundToFloat(e, d);
    if (n > 0 && total > 0) {
      const inner = numelOf(shape.slice(dim + 1));
      const outer = total / (n * inner);
      if (dim === x.ndim - 1) {
        if (log) logSoftmaxLastDimReduced(v.data, dst, total / n, n, round);
        else softmaxLastDimReduced(v.data, dst, total / n, n);
      } else if (log) logSoftmaxInnerF32(v.data, 0, dst, outer, n, inner, 32, 2);
      else softmaxInnerReduced(v.data, dst, outer, n, inner, round);
    }
    return finish();
  }
  if (dim < x.ndim - 1 && isContiguousLayout(shape, v.strides)) {
    sweep(v.data, v.offset, out, shape, dim, log);
    return finish();
  }
  const buf = scratchOf(n);
  const outStrides = contiguousStrides(shape);
  const starts: number[] = [];
  forEachLane(out, shape, outStrides, 0, dim, (_o, s) => {
    starts.push(s);
  });
  const ostep = outStrides[dim];
  forEachLane(v.data, shape, v.strides, v.offset, dim, (src, s, len, step, k) => {
    lane(src, s, len, step, buf, log);
    for (let i = 0, p = starts[k]; i < len; i++, p += ostep) out[p] = buf[i];
  });
  return finish();
}

/**
 * softmax along a dim that is not the last, on contiguous data viewed as [outer, n, inner]:
 * whole rows of `inner` elements are swept at once, so memory is read in order instead of
 * striding by `inner` per element. Lanes are the columns of each [n, inner] block.
 */
function sweep(
  src: NumArray,
  offset: number,
  out: NumArray,
  shape: readonly number[],
  dim: number,
  log: boolean,
): void {
  const n = shape[dim];
  const inner = numelOf(shape.slice(dim + 1));
  const outer = numelOf(shape.slice(0, dim));
  const m = new Float64Array(inner);
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const block = o * n * inner;
    m.fill(-Infinity);
    for (let j = 0; j < n; j++) {
      const row = offset + block + j * inner;
      for (let i = 0; i < inner; i++) {
        const v = src[row + i];
        // NaN sticks: once m is NaN neither test replaces it.
        if (v > m[i] || v !== v) m[i] = v;
      }
    }
    acc.fill(0);
    for (let j = 0; j < n; j++) {
      const row = offset + block + j * inner;
      const orow = block + j * inner;
      for (let i = 0; i < inner; i++) {
        const dlt = src[row + i] - m[i];
        const e = Math.exp(dlt);
        out[orow + i] = log ? dlt : e;
        acc[i] += e;
      }
    }
    if (log) for (let i = 0; i < inner; i++) acc[i] = Math.log(acc[i]);
    // PyTorch divides each exponential by the sum (not a multiply by its reciprocal).
    for (let j = 0; j < n; j++) {
      const orow = block + j * inner;
      if (log) for (let i = 0; i < inner; i++) out[orow + i] -= acc[i];
      else for (let i = 0; i < inner; i++) out[orow + i] /= acc[i];
    }
  }
}

/** Both backward formulas along a lane, on contiguous grad and result. */
function softmaxGrad(g: Tensor, y: Tensor, dim: number, log: boolean): Tensor {
  const shape = y.shape;
  const gc = numberView(g.isContiguous() && g.offset === 0 ? g : expandCopy(g, shape), y.dtype);
  const yc = numberView(y, y.dtype);
  const { out, finish } = allocOutput(shape, y.dtype);
  if (y.ndim === 0) {
    out[0] = log ? gc.data[0] - Math.exp(yc.data[0]) * gc.data[0] : 0;
    return finish();
  }
  const G = gc.data;
  const Y = yc.data;
  // How PyTorch's kernels round. Along the last dim, float32 rows up to one AVX-512 vector
  // round each product and sum in order in float32 (longer rows, and float64 rows, reduce in
  // another order, not replayed here). Along any other dim the sum runs down the dim in order
  // (one lane per inner position) as fused multiply-adds, in float32 or float64. float32
  // log_softmax sums the gradient in order there and in last-dim rows shorter than a vector,
  // and fuses g - exp(y) * sum with Sleef's float32 exp. A float32
  // product of float32 values is exact in a double, so r(acc + g * y) rounds once like an fma.
  const lastDim = dim === y.ndim - 1;
  const f32 = y.dtype === float32 && (!lastDim || shape[dim] <= 16);
  const f64 = y.dtype === float64;
  const r = Math.fround;
  forEachLane(out, shape, contiguousStrides(shape), 0, dim, (_o, s, n, step) => {
    let acc = 0;
    if (log && f32 && (!lastDim || n < 16)) {
      for (let i = 0, p = s; i < n; i++, p += step) acc = r(acc + G[p]);
      for (let i = 0, p = s; i < n; i++, p += step) out[p] = r(G[p] - sleefExpf(Y[p]) * acc);
    } else if (log) {
      for (let i = 0, p = s; i < n; i++, p += step) acc += G[p];
      for (let i = 0, p = s; i < n; i++, p += step) out[p] = G[p] - Math.exp(Y[p]) * acc;
    } else if (f32) {
      if (lastDim) for (let i = 0, p = s; i < n; i++, p += step) acc = r(acc + r(G[p] * Y[p]));
      else for (let i = 0, p = s; i < n; i++, p += step) acc = r(acc + G[p] * Y[p]);
      for (let i = 0, p = s; i < n; i++, p += step) out[p] = r(Y[p] * r(G[p] - acc));
    } else if (f64 && !lastDim) {
      for (let i = 0, p = s; i < n; i++, p += step) acc = fmad(G[p], Y[p], acc);
      for (let i = 0, p = s; i < n; i++, p += step) out[p] = Y[p] * (G[p] - acc);
    } else {
      for (let i = 0, p = s; i < n; i++, p += step) acc += G[p] * Y[p];
      for (let i = 0, p = s; i < n; i++, p += step) out[p] = Y[p] * (G[p] - acc);
    }
  });
  return finish();
}

function run(x: Tensor, dimArg: number, dtype: DType | undefined, log: boolean): Tensor {
  const dim = normalizeDim(dimArg, x.ndim);
  const d = dtype ?? x.dtype;
  kernelCheck(d, dim, x.ndim, log);
  const input = toDtype(x, d);
  const out = compute(input, dim, log);
  const inDtype = x.dtype;
  record([out], {
    name: log ? "LogSoftmaxBackward0" : "SoftmaxBackward0",
    inputs: [x],
    saveOutputs: [out],
    backward: ([g], [y]) => [toDtype(softmaxGrad(g!, y, dim, log), inDtype)],
  });
  return out;
}

/** torch.softmax(x, dim, dtype=None). */
export const softmax = (x: Tensor, dim: number, dtype?: DType): Tensor => run(x, dim, dtype, false);

/** torch.log_softmax(x, dim, dtype=None). */
export const logSoftmax = (x: Tensor, dim: number, dtype?: DType): Tensor =>
  run(x, dim, dtype, true);
