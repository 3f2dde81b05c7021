import { record } from "../autograd/node";
import { castScalarToRaw, type Scalar } from "../convert";
import { runtimeError } from "../errors";
import { normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { contiguousCopy, copyStrided, fillStrided, rawArray } from "./strided";

// Copies that move elements around: roll, constant padding and diag.

/** Row-major strides of a contiguous `shape`. */
function rowStrides(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) {
    st[d] = s;
    s *= shape[d];
  }
  return st;
}

function rollRaw(x: Tensor, shifts: readonly number[], dims: readonly number[]): Tensor {
  const src = contiguousCopy(x);
  const s = rawArray(src);
  const out = Tensor.empty(x.shape, x.dtype);
  const o = rawArray(out);
  const shape = x.shape;
  const st = rowStrides(shape);
  const shift = new Array<number>(shape.length).fill(0);
  dims.forEach((d, i) => {
    const n = shape[d];
    if (n > 0) shift[d] = (((shift[d] + shifts[i]) % n) + n) % n;
  });
  const c = new Int32Array(shape.length);
  for (let k = 0; k < x.numel; k++) {
    let to = 0;
    for (let d = 0; d < shape.length; d++) to += ((c[d] + shift[d]) % shape[d]) * st[d];
    o[to] = s[k];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++c[d] < shape[d]) break;
      c[d] = 0;
    }
  }
  return out;
}

/** x.roll(shifts, dims): without dims the flattened tensor rolls and keeps its shape. */
export function roll(x: Tensor, shifts: readonly number[], dims: readonly number[]): Tensor {
  let out: Tensor;
  if (dims.length === 0) {
    if (shifts.length !== 1)
      throw runtimeError(`shifts and dimensions must align. shifts: ${shifts.length}, dims:0`);
    const flat = new Tensor(contiguousCopy(x).storage, [x.numel], [1], 0);
    const r = rollRaw(flat, shifts, [0]);
    out = new Tensor(r.storage, [...x.shape], rowStrides(x.shape), 0);
  } else {
    if (shifts.length !== dims.length)
      throw runtimeError(
        `shifts and dimensions must align. shifts: ${shifts.length}, dims:${dims.length}`,
      );
    out = rollRaw(
      x,
      shifts,
      dims.map((d) => normalizeDim(d, x.ndim)),
    );
  }
  const back = shifts.map((s) => -s);
  record([out], {
    name: "RollBackward0",
    inputs: [x],
    backward: ([g]) => [roll(g!, back, dims)],
  });
  return out;
}

/** F.pad(x, pad, mode="constant", value): pad pairs start at the last dim. */
export function constantPad(x: Tensor, pad: readonly number[], value: Scalar = 0): Tensor {
  if (pad.length % 2 !== 0) throw runtimeError("Padding length must be divisible by 2");
  if (pad.length / 2 > x.ndim)
    throw runtimeError(
      "Padding length should be less than or equal to two times the input dimension but got padding length " +
        pad.length +
        " and input of dimension " +
        x.ndim,
    );
  const shape = [...x.shape];
  const before = new Array<number>(x.ndim).fill(0);
  for (let i = 0; i < pad.length / 2; i++) {
    const d = x.ndim - 1 - i;
    before[d] = pad[2 * i];
    shape[d] += pad[2 * i] + pad[2 * i + 1];
    if (shape[d] < 0)
      throw runtimeError(
        `The input size ${x.shape[d]}, plus negative padding ${pad[2 * i]} and ${pad[2 * i + 1]} resulted in a negative output size, which is invalid. Check dimension ${d} of your input.`,
      );
  }
  const out = Tensor.empty(shape, x.dtype);
  fillStrided(out, castScalarToRaw(value, x.dtype));
  // The overlap of input and output, addressed in each (negative padding crops the input).
  const sizes = x.shape.map((n, d) =>
    Math.max(0, Math.min(n, shape[d] - before[d]) - Math.max(0, -before[d])),
  );
  const region = (t: Tensor, start: (d: number) => number): Tensor => {
    let offset = t.offset;
    for (let d = 0; d < x.ndim; d++) offset += start(d) * t.strides[d];
    return new Tensor(t.storage, sizes, t.strides, offset);
  };
  const dst = region(out, (d) => Math.max(0, before[d]));
  const src = region(x, (d) => Math.max(0, -before[d]));
  copyStrided(dst, src);
  record([out], {
    name: "ConstantPadNdBackward0",
    inputs: [x],
    backward: ([g]) => [
      constantPad(
        g!,
        pad.map((p) => -p),
        0,
      ),
    ],
  });
  return out;
}

/** Storage positions (row-major, contiguous n x m) of diagonal `k` and its length. */
function diagonalCells(
  rows: number,
  cols: number,
  k: number,
): { len: number; at: (i: number) => number } {
  const len = Math.max(0, k >= 0 ? Math.min(rows, cols - k) : Math.min(rows + k, cols));
  return { len, at: (i) => (k >= 0 ? i : i - k) * cols + (k >= 0 ? i + k : i) };
}

function embed(x: Tensor, k: number): Tensor {
  const n = x.shape[0] + Math.abs(k);
  const out = Tensor.empty([n, n], x.dtype);
  const o = rawArray(out);
  const s = rawArray(x);
  const cells = diagonalCells(n, n, k);
  for (let i = 0; i < x.shape[0]; i++) o[cells.at(i)] = s[x.offset + i * x.strides[0]];
  return out;
}

function extract(x: Tensor, k: number): Tensor {
  const c = contiguousCopy(x);
  const cells = diagonalCells(x.shape[0], x.shape[1], k);
  const out = Tensor.empty([cells.len], x.dtype);
  const o = rawArray(out);
  const s = rawArray(c);
  for (let i = 0; i < cells.len; i++) o[i] = s[cells.at(i)];
  return out;
}

/** torch.diag: a 1-D tensor becomes a diagonal matrix, a matrix gives its diagonal `k`. */
export function diag(x: Tensor, k = 0): Tensor {
  if (x.ndim === 1) {
    const out = embed(x, k);
    record([out], { name: "DiagEmbedBackward0", inputs: [x], backward: ([g]) => [extract(g!, k)] });
    return out;
  }
  if (x.ndim !== 2) throw runtimeError(`diag(): Supports 1D or 2D tensors. Got ${x.ndim}D`);
  const out = extract(x, k);
  const [rows, cols] = x.shape;
  record([out], {
    // PyTorch 2.13 prints this node's name with the _copy suffix.
    name: "DiagonalBackward0_copy",
    inputs: [x],
    backward: ([g]) => {
      const full = Tensor.empty([rows, cols], g!.dtype);
      const f = rawArray(full);
      const gs = rawArray(contiguousCopy(g!));
      const cells = diagonalCells(rows, cols, k);
      for (let i = 0; i < cells.len; i++) f[cells.at(i)] = gs[i];
      return [full];
    },
  });
  return out;
}
