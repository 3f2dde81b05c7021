import { record } from "../autograd/node";
import { runtimeError, valueError } from "../errors";
import { normalizeDim, shapeString } from "../shape";
import { Tensor } from "../tensor";
import { promoteTypes } from "./promote";
import { copyStrided } from "./strided";
import { reshape, unsqueeze } from "./views";

// The legacy rule: a 1-D tensor with no elements is skipped by cat whatever the other shapes.
const skipped = (t: Tensor): boolean => t.ndim === 1 && t.shape[0] === 0;

/** torch.cat(tensors, dim=0): promoted dtype, contiguous result. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw valueError("torch.cat(): expected a non-empty list of Tensors");
  tensors.forEach((t, i) => {
    if (t.ndim === 0)
      throw runtimeError(`zero-dimensional tensor (at position ${i}) cannot be concatenated`);
  });
  let dtype = tensors[0].dtype;
  for (const t of tensors) dtype = promoteTypes(dtype, t.dtype);
  const parts = tensors.filter((t) => !skipped(t));
  const ref = parts[0] ?? tensors[0];
  const d = normalizeDim(dim, ref.ndim);
  const shape = [...ref.shape];
  let total = 0;
  parts.forEach((t) => {
    const i = tensors.indexOf(t);
    if (t.ndim !== ref.ndim)
      throw runtimeError(
        `Tensors must have same number of dimensions: got ${ref.ndim} and ${t.ndim}`,
      );
    for (let k = 0; k < ref.ndim; k++)
      if (k !== d && t.shape[k] !== ref.shape[k])
        throw runtimeError(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${t.shape[k]} for tensor number ${i} in the list.`,
        );
    total += t.shape[d];
  });
  if (parts.length > 0) shape[d] = total;
  const out = Tensor.empty(parts.length > 0 ? shape : [0], dtype);
  let at = 0;
  const starts: number[] = [];
  for (const t of parts) {
    starts.push(at);
    const partShape = [...t.shape];
    const part = new Tensor(out.storage, partShape, out.strides, at * out.strides[d]);
    copyStrided(part, t);
    at += t.shape[d];
  }
  record([out], {
    name: "CatBackward0",
    inputs: [...tensors],
    backward: ([g]) =>
      tensors.map((t) => {
        if (!g || !t.requiresGrad) return null;
        const k = parts.indexOf(t);
        if (k < 0) return Tensor.empty(t.shape, t.dtype);
        const piece = new Tensor(
          g.storage,
          t.shape,
          g.strides,
          g.offset + starts[k] * g.strides[d],
        );
        const res = Tensor.empty(t.shape, t.dtype);
        copyStrided(res, piece);
        return res;
      }),
  });
  return out;
}

/** torch.stack(tensors, dim=0): every tensor gets a new dim, then they are concatenated. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw runtimeError("stack expects a non-empty TensorList");
  const ref = tensors[0];
  tensors.forEach((t, i) => {
    if (t.ndim !== ref.ndim || t.shape.some((s, k) => s !== ref.shape[k]))
      throw runtimeError(
        `stack expects each tensor to be equal size, but got ${shapeString(ref.shape)} at entry 0 and ${shapeString(t.shape)} at entry ${i}`,
      );
  });
  const d = normalizeDim(dim, ref.ndim + 1);
  let dtype = ref.dtype;
  for (const t of tensors) dtype = promoteTypes(dtype, t.dtype);
  const shape = [...ref.shape];
  shape.splice(d, 0, tensors.length);
  const out = Tensor.empty(shape, dtype);
  tensors.forEach((t, i) => {
    const strides = [...out.strides];
    strides.splice(d, 1);
    const part = new Tensor(out.storage, t.shape, strides, i * out.strides[d]);
    copyStrided(part, t);
  });
  record([out], {
    name: "StackBackward0",
    inputs: [...tensors],
    backward: ([g]) =>
      tensors.map((t, i) => {
        if (!g || !t.requiresGrad) return null;
        const strides = [...g.strides];
        strides.splice(d, 1);
        const piece = new Tensor(g.storage, t.shape, strides, g.offset + i * g.strides[d]);
        const res = Tensor.empty(t.shape, t.dtype);
        copyStrided(res, piece);
        return res;
      }),
  });
  return out;
}

/** torch.hstack: 0-dim tensors become 1-dim, then 1-dim ones join end to end, others along dim 1. */
export function hstack(tensors: readonly Tensor[]): Tensor {
  if (tensors.length === 0) throw runtimeError("hstack expects a non-empty TensorList");
  const ts = tensors.map((t) => (t.ndim === 0 ? reshape(t, [1]) : t));
  return cat(ts, ts[0].ndim === 1 ? 0 : 1);
}

/** torch.vstack: every tensor made at least 2-dim (a vector becomes one row), then stacked rows. */
export function vstack(tensors: readonly Tensor[]): Tensor {
  if (tensors.length === 0) throw runtimeError("vstack expects a non-empty TensorList");
  return cat(
    tensors.map((t) => (t.ndim === 0 ? reshape(t, [1, 1]) : t.ndim === 1 ? unsqueeze(t, 0) : t)),
    0,
  );
}
