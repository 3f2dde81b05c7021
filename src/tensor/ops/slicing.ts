import { record, viewCreationMeta } from "../autograd/node";
import { indexError, runtimeError } from "../errors";
import { normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { copyStrided } from "./strided";
import { slice } from "./indexing";
import { makeView } from "./views";

// narrow, unbind, chunk and split: views along one dim. The multi-output ones share a single
// node (SplitBackward0, …) whose backward writes each incoming gradient into its slot of a
// zero gradient of the input's shape; a piece with no gradient leaves its slot zero.

interface Piece {
  start: number;
  length: number;
}

/** Metadata of the slice [start, start+length) along `dim` of `x`, optionally dropping `dim`. */
function sliceMeta(
  x: { shape: readonly number[]; strides: readonly number[]; offset: number },
  dim: number,
  p: Piece,
  drop: boolean,
): { shape: number[]; strides: number[]; offset: number } {
  const shape = [...x.shape];
  const strides = [...x.strides];
  const offset = x.offset + p.start * x.strides[dim];
  if (drop) {
    shape.splice(dim, 1);
    strides.splice(dim, 1);
  } else shape[dim] = p.length;
  return { shape, strides, offset };
}

/** A zero gradient of `shape` with each present piece gradient copied into its slice. */
function assemble(
  shape: readonly number[],
  like: Tensor,
  dim: number,
  pieces: readonly Piece[],
  grads: readonly (Tensor | null)[],
  dropped: boolean,
): Tensor {
  const out = Tensor.empty(shape, like.dtype);
  pieces.forEach((p, i) => {
    const g = grads[i];
    if (!g) return;
    const m = sliceMeta(out, dim, p, dropped);
    copyStrided(new Tensor(out.storage, m.shape, m.strides, m.offset), g);
  });
  return out;
}

/** Views of `x` for each piece, all outputs of one node named `name`. */
function splitViews(x: Tensor, dim: number, pieces: Piece[], name: string, drop = false): Tensor[] {
  const meta = viewCreationMeta(x, true);
  const outs = pieces.map((p) => {
    const m = sliceMeta(x, dim, p, drop);
    const v = x.viewAs(m.shape, m.strides, m.offset);
    v.creationMeta = meta;
    return v;
  });
  const shape = x.shape;
  record(outs, {
    name,
    inputs: [x],
    backward: (grads) => {
      // Unused outputs arrive as holes (undefined) or null.
      const any = grads.find((g) => g != null);
      return [any ? assemble(shape, any, dim, pieces, grads, drop) : null];
    },
  });
  return outs;
}

/** x.narrow(dim, start, length): a view; a negative start counts from the end. */
export function narrow(x: Tensor, dimArg: number, startArg: number, length: number): Tensor {
  if (x.ndim === 0) throw runtimeError("narrow() cannot be applied to a 0-dim tensor.");
  const dim = normalizeDim(dimArg, x.ndim);
  const size = x.shape[dim];
  if (startArg < -size || startArg > size)
    throw indexError(
      `start out of range (expected to be in range of [${-size}, ${size}], but got ${startArg})`,
    );
  const start = startArg < 0 ? startArg + size : startArg;
  if (length < 0) throw runtimeError("narrow(): length must be non-negative.");
  if (start + length > size)
    throw runtimeError(`start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  const piece = { start, length };
  const m = sliceMeta(x, dim, piece, false);
  const shape = x.shape;
  return makeView(x, m.shape, m.strides, m.offset, "SliceBackward0", (g) =>
    assemble(shape, g, dim, [piece], [g], false),
  );
}

/** x.unbind(dim): one view per index along `dim`, without that dim. */
export function unbind(x: Tensor, dimArg = 0): Tensor[] {
  if (x.ndim === 0) throw runtimeError("Dimension specified as 0 but tensor has no dimensions");
  const dim = normalizeDim(dimArg, x.ndim);
  const pieces = Array.from({ length: x.shape[dim] }, (_, i) => ({ start: i, length: 1 }));
  return splitViews(x, dim, pieces, "UnbindBackward0", true);
}

/** x.split(split_size, dim): equal pieces of `size`, the last one shorter. */
export function split(x: Tensor, size: number, dimArg = 0): Tensor[] {
  if (x.ndim === 0) throw runtimeError("split expects at least a 1-dimensional tensor");
  const dim = normalizeDim(dimArg, x.ndim);
  const n = x.shape[dim];
  if (size < 0)
    throw runtimeError(`split expects split_size be non-negative, but got split_size=${size}`);
  if (size === 0 && n !== 0)
    throw runtimeError(
      `split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`,
    );
  const count = size === 0 ? 1 : Math.max(1, Math.ceil(n / size));
  const pieces: Piece[] = [];
  for (let i = 0; i < count; i++) {
    const start = i * size;
    pieces.push({ start, length: Math.min(size, n - start) });
  }
  return splitViews(x, dim, pieces, "SplitBackward0");
}

/** x.split([sizes], dim): pieces of the given sizes, which must add up to the dim's size. */
export function splitWithSizes(x: Tensor, sizes: readonly number[], dimArg = 0): Tensor[] {
  if (x.ndim === 0) throw runtimeError("split expects at least a 1-dimensional tensor");
  const dim = normalizeDim(dimArg, x.ndim);
  const n = x.shape[dim];
  let total = 0;
  for (const s of sizes) {
    if (s < 0)
      throw runtimeError(
        `split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=[${sizes.join(", ")}]`,
      );
    total += s;
  }
  if (total !== n)
    throw runtimeError(
      `split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${dim}), but got split_sizes=[${sizes.join(", ")}]`,
    );
  let start = 0;
  const pieces = sizes.map((length) => {
    const p = { start, length };
    start += length;
    return p;
  });
  return splitViews(x, dim, pieces, "SplitWithSizesBackward0");
}

/** x.chunk(chunks, dim): split into pieces of ceil(size / chunks), so maybe fewer than asked. */
export function chunk(x: Tensor, chunks: number, dimArg = 0): Tensor[] {
  if (x.ndim === 0) throw runtimeError("chunk expects at least a 1-dimensional tensor");
  if (chunks <= 0)
    throw runtimeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const dim = normalizeDim(dimArg, x.ndim);
  const n = x.shape[dim];
  const size = Math.ceil(n / chunks);
  // A zero-size dim still yields `chunks` empty pieces, as split_with_sizes does in PyTorch.
  if (size === 0) return splitWithSizes(x, new Array<number>(chunks).fill(0), dim);
  return split(x, size, dim);
}

/**
 * x.tensor_split(sections or indices, dim): `sections` pieces whose sizes differ by at most one
 * (the first size % sections one longer), or the pieces between the given indices, each a
 * slice with Python's bounds (an index past the end, a decreasing pair: empty pieces).
 */
export function tensorSplit(x: Tensor, arg: number | readonly number[], dimArg = 0): Tensor[] {
  if (x.ndim === 0)
    throw runtimeError(
      "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims",
    );
  const dim = normalizeDim(dimArg, x.ndim);
  const bounds: [number | null, number | null][] = [];
  if (typeof arg === "number") {
    if (arg <= 0) throw runtimeError(`number of sections must be larger than 0, got ${arg}`);
    const n = x.shape[dim];
    const small = Math.floor(n / arg);
    const longer = n % arg;
    let start = 0;
    for (let i = 0; i < arg; i++) {
      const len = small + (i < longer ? 1 : 0);
      bounds.push([start, start + len]);
      start += len;
    }
  } else {
    let prev: number | null = 0;
    for (const idx of arg) {
      bounds.push([prev, idx]);
      prev = idx;
    }
    bounds.push([prev, null]);
  }
  return bounds.map(([s, e]) => slice(x, dim, s, e));
}

/** torch.hsplit / vsplit: tensor_split along dim 1 (dim 0 for 1-D) or 0, equal pieces only. */
export function directionalSplit(
  x: Tensor,
  kind: "hsplit" | "vsplit",
  arg: number | readonly number[],
): Tensor[] {
  const minDims = kind === "hsplit" ? 1 : 2;
  if (x.ndim < minDims)
    throw runtimeError(
      `torch.${kind} requires a tensor with at least ${minDims} dimension, but got a tensor with ${x.ndim} dimensions!`,
    );
  const dim = kind === "hsplit" && x.ndim > 1 ? 1 : 0;
  if (typeof arg === "number" && (arg === 0 || x.shape[dim] % arg !== 0))
    throw runtimeError(
      `torch.${kind} attempted to split along dimension ${dim}, but the size of the dimension ${x.shape[dim]} is not divisible by the split_size ${arg}!`,
    );
  return tensorSplit(x, arg, dim);
}
