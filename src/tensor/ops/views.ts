import { record, viewCreationMeta } from "../autograd/node";
import { runtimeError } from "../errors";
import { broadcastShapes, contiguousStrides, normalizeDim, numelOf, shapeString } from "../shape";
import type { Tensor } from "../tensor";
import { zeros } from "./create";
import { contiguousCopy, copyStrided, sameShape, sumToShapeFloat64 } from "./strided";

// Views: new shape/strides/offset over the same storage and version counter, O(ndim), never a
// copy (reshape and flatten copy only when no strides can describe the result).

/** A view of `t` that records `name` with a backward closure mapping grad(out) -> grad(t). */
export function makeView(
  t: Tensor,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  name: string,
  backward: (g: Tensor) => Tensor,
): Tensor {
  const v = t.viewAs(shape, strides, offset);
  v.creationMeta = viewCreationMeta(t, false);
  record([v], { name, inputs: [t], backward: ([g]) => [g ? backward(g) : null] });
  return v;
}

/** PyTorch's infer_size: resolve one -1 and check the element count. */
export function inferSize(shape: readonly number[], numel: number): number[] {
  let known = 1;
  let inferred = -1;
  shape.forEach((s, i) => {
    if (s === -1) {
      if (inferred >= 0) throw runtimeError("only one dimension can be inferred");
      inferred = i;
    } else if (s >= 0) known *= s;
    else
      throw runtimeError(
        `invalid shape dimension ${s} at index ${i} of shape ${shapeString(shape)}`,
      );
  });
  const out = [...shape];
  if (numel === known || (inferred >= 0 && known > 0 && numel % known === 0)) {
    if (inferred >= 0) {
      if (known === 0)
        throw runtimeError(
          `cannot reshape tensor of 0 elements into shape ${shapeString(shape)} because the unspecified dimension size -1 can be any value and is ambiguous`,
        );
      out[inferred] = numel / known;
    }
    return out;
  }
  throw runtimeError(`shape '${shapeString(shape)}' is invalid for input of size ${numel}`);
}

/** ATen's computeStride: strides for viewing (oldShape, oldStrides) as newShape, or null. */
export function computeViewStrides(
  oldShape: readonly number[],
  oldStrides: readonly number[],
  newShape: readonly number[],
): number[] | null {
  if (oldShape.length === 0) return newShape.map(() => 1);
  const numel = numelOf(oldShape);
  if (numel === 0)
    return sameShape(oldShape, newShape) ? [...oldStrides] : contiguousStrides(newShape);
  const newStrides = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunk = oldStrides[oldStrides.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let td = oldShape.length - 1; td >= 0; td--) {
    tensorNumel *= oldShape[td];
    if (td === 0 || (oldShape[td - 1] !== 1 && oldStrides[td - 1] !== tensorNumel * chunk)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunk;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (td > 0) {
        chunk = oldStrides[td - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return newStrides;
}

/** tensor.view(*shape). */
export function view(t: Tensor, shape: readonly number[]): Tensor {
  const target = inferSize(shape, t.numel);
  const strides = computeViewStrides(t.shape, t.strides, target);
  if (strides === null)
    throw runtimeError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  const inShape = t.shape;
  return makeView(t, target, strides, t.offset, "ViewBackward0", (g) => reshape(g, inShape));
}

/** tensor.reshape(*shape): a view when the strides allow it, else a contiguous copy. */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  const target = inferSize(shape, t.numel);
  const strides = computeViewStrides(t.shape, t.strides, target);
  const inShape = t.shape;
  if (strides !== null) {
    // A contiguous input goes through view(); any other viewable one through _reshape_alias.
    const name = t.isContiguous() ? "ViewBackward0" : "ReshapeAliasBackward0";
    return makeView(t, target, strides, t.offset, name, (g) => reshape(g, inShape));
  }
  const copy = contiguousCopy(t);
  const out = copy.viewAs(target, contiguousStrides(target), 0);
  out.base = null;
  record([out], {
    name: "UnsafeViewBackward0",
    inputs: [t],
    backward: ([g]) => [g ? reshape(g, inShape) : null],
  });
  return out;
}

/** tensor.flatten(start_dim=0, end_dim=-1); returns self when there is nothing to merge. */
export function flatten(t: Tensor, startDim = 0, endDim = -1): Tensor {
  const nd = t.ndim;
  const s = normalizeDim(startDim, nd);
  const e = normalizeDim(endDim, nd);
  if (s > e) throw runtimeError("flatten() has invalid args: start_dim cannot come after end_dim");
  if (nd === 0) return reshape(t, [1]);
  if (s === e) return t;
  let merged = 1;
  for (let i = s; i <= e; i++) merged *= t.shape[i];
  return reshape(t, [...t.shape.slice(0, s), merged, ...t.shape.slice(e + 1)]);
}

/** Shape and strides of a view; the in-place forms (ops/inplaceViews.ts) share them. */
export interface Geometry {
  shape: number[];
  strides: number[];
}

export function swapped(t: Tensor, d0: number, d1: number): Geometry {
  const shape = [...t.shape];
  const strides = [...t.strides];
  [shape[d0], shape[d1]] = [shape[d1], shape[d0]];
  [strides[d0], strides[d1]] = [strides[d1], strides[d0]];
  return { shape, strides };
}

/** tensor.transpose(dim0, dim1). */
export function transpose(t: Tensor, dim0: number, dim1: number): Tensor {
  const a = normalizeDim(dim0, t.ndim);
  const b = normalizeDim(dim1, t.ndim);
  const { shape, strides } = swapped(t, a, b);
  return makeView(t, shape, strides, t.offset, "TransposeBackward0", (g) => transpose(g, a, b));
}

/** tensor.t(): transpose of a matrix; 0-D and 1-D tensors come back as they are (as views). */
export function t(x: Tensor): Tensor {
  if (x.ndim > 2)
    throw runtimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  if (x.ndim < 2) return makeView(x, x.shape, x.strides, x.offset, "TBackward0", (g) => t(g));
  const { shape, strides } = swapped(x, 0, 1);
  return makeView(x, shape, strides, x.offset, "TBackward0", (g) => t(g));
}

/** tensor.permute(*dims). */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const nd = x.ndim;
  if (dims.length !== nd)
    throw runtimeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${nd} is not equal to len(dims) = ${dims.length}`,
    );
  const norm = dims.map((d) => normalizeDim(d, nd));
  const seen = new Set<number>();
  for (const d of norm) {
    if (seen.has(d)) throw runtimeError("permute(): duplicate dims are not allowed.");
    seen.add(d);
  }
  const inverse = new Array<number>(nd);
  norm.forEach((d, i) => (inverse[d] = i));
  return makeView(
    x,
    norm.map((d) => x.shape[d]),
    norm.map((d) => x.strides[d]),
    x.offset,
    "PermuteBackward0",
    (g) => permute(g, inverse),
  );
}

/** tensor.T: all dims reversed, for any ndim (PyTorch 2.13 only warns when ndim != 2). */
export function T(x: Tensor): Tensor {
  return permute(x, [...Array(x.ndim).keys()].reverse());
}

/** tensor.mT: the last two dims swapped. */
export function mT(x: Tensor): Tensor {
  if (x.ndim < 2)
    throw runtimeError(
      `tensor.mT is only supported on matrices or batches of matrices. Got ${x.ndim}-D tensor.`,
    );
  return transpose(x, -2, -1);
}

export function unsqueezeGeometry(x: Tensor, d: number): Geometry {
  const shape = [...x.shape];
  const strides = [...x.strides];
  const stride = d >= x.ndim ? 1 : x.shape[d] * x.strides[d];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, stride);
  return { shape, strides };
}

/** tensor.unsqueeze(dim). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.ndim + 1);
  const { shape, strides } = unsqueezeGeometry(x, d);
  return makeView(x, shape, strides, x.offset, "UnsqueezeBackward0", (g) => squeeze(g, d));
}

/**
 * Which squeeze overload `dim` picks (0: all, 1: one dim, 2: several; PyTorch numbers the
 * grad_fn by it) and the geometry without the dropped size-1 dims.
 */
export function squeezeGeometry(
  x: Tensor,
  dim: number | readonly number[] | null,
): Geometry & { overload: number } {
  const nd = x.ndim;
  let drop: Set<number>;
  let overload: number;
  if (dim === null) {
    drop = new Set(x.shape.flatMap((s, i) => (s === 1 ? [i] : [])));
    overload = 0;
  } else if (typeof dim === "number") {
    drop = new Set([normalizeDim(dim, nd)]);
    overload = 1;
  } else {
    drop = new Set(dim.map((d) => normalizeDim(d, nd)));
    overload = 2;
  }
  const shape: number[] = [];
  const strides: number[] = [];
  for (let i = 0; i < nd; i++) {
    if (drop.has(i) && x.shape[i] === 1) continue;
    shape.push(x.shape[i]);
    strides.push(x.strides[i]);
  }
  return { shape, strides, overload };
}

/**
 * tensor.squeeze() (SqueezeBackward0), squeeze(dim) (SqueezeBackward1) or squeeze(dims)
 * (SqueezeBackward2): drops size-1 dims, a view even when nothing is dropped.
 */
export function squeeze(x: Tensor, dim: number | readonly number[] | null = null): Tensor {
  const { shape, strides, overload } = squeezeGeometry(x, dim);
  const inShape = x.shape;
  return makeView(x, shape, strides, x.offset, `SqueezeBackward${overload}`, (g) =>
    reshape(g, inShape),
  );
}

const typeString = (x: Tensor): string => x.dtype.legacyName;

/** tensor.expand(*sizes): broadcast dims get stride 0; -1 keeps a size. */
export function expand(x: Tensor, sizes: readonly number[]): Tensor {
  const nd = sizes.length;
  const td = x.ndim;
  if (nd < td)
    throw runtimeError(
      `expand(${typeString(x)}{${shapeString(x.shape)}}, size=${shapeString(sizes)}): the number of sizes provided (${nd}) must be greater or equal to the number of dimensions in the tensor (${td})`,
    );
  const shape = new Array<number>(nd);
  const strides = new Array<number>(nd);
  const inShape = x.shape;
  const backward = (g: Tensor): Tensor => sumToShapeFloat64(g, inShape);
  // ATen takes a 0-dim tensor's target sizes as they are, -1 included, with every stride 0.
  if (td === 0) {
    checkNumel(sizes);
    return makeView(
      x,
      [...sizes],
      new Array<number>(nd).fill(0),
      x.offset,
      "ExpandBackward0",
      backward,
    );
  }
  for (let i = nd - 1; i >= 0; i--) {
    const dim = td - nd + i;
    let size = dim >= 0 ? x.shape[dim] : 1;
    let stride = dim >= 0 ? x.strides[dim] : i + 1 < nd ? shape[i + 1] * strides[i + 1] : 1;
    let target = sizes[i];
    if (target === -1) {
      if (dim < 0)
        throw runtimeError(
          `The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`,
        );
      target = size;
    }
    if (size !== target) {
      if (size !== 1)
        throw runtimeError(
          `The expanded size of the tensor (${target}) must match the existing size (${size}) at non-singleton dimension ${i}.  Target sizes: ${shapeString(sizes)}.  Tensor sizes: ${shapeString(x.shape)}`,
        );
      size = target;
      stride = 0;
    }
    shape[i] = size;
    strides[i] = stride;
  }
  checkNumel(shape);
  return makeView(x, shape, strides, x.offset, "ExpandBackward0", backward);
}

/**
 * A negative size in a new leading dim gets past expand's own checks and is caught only by
 * TensorImpl's numel, which multiplies the sizes as unsigned 64-bit numbers: a zero size can
 * still let one through, as it does in PyTorch.
 */
function checkNumel(sizes: readonly number[]): void {
  if (sizes.every((n) => n >= 0)) return;
  const wrap = 1n << 64n;
  let prod = 1n;
  let overflow = false;
  for (const n of sizes) {
    prod *= n < 0 ? wrap + BigInt(n) : BigInt(n);
    if (prod >= wrap) {
      overflow = true;
      prod %= wrap;
    }
  }
  if (overflow || prod >= 1n << 63n) throw runtimeError("numel: integer multiplication overflow");
}

/**
 * torch.broadcast_tensors: one shape folded over the operands left to right (so the message
 * calls the shape so far tensor a), and a tensor that already has it is returned as it is.
 */
export function broadcastTensors(xs: readonly Tensor[]): Tensor[] {
  if (xs.length === 0) return [];
  let shape: readonly number[] = xs[0].shape;
  for (let i = 1; i < xs.length; i++) shape = broadcastShapes(shape, xs[i].shape);
  return xs.map((x) => (sameShape(x.shape, shape) ? x : expand(x, shape)));
}

/** tensor.expand_as(other). */
export function expandAs(x: Tensor, other: Tensor): Tensor {
  return expand(x, other.shape);
}

/** An alias view of the whole tensor (what `x[...]` returns). */
export function alias(x: Tensor): Tensor {
  return makeView(x, x.shape, x.strides, x.offset, "AliasBackward0", (g) => g);
}

/** Shape, strides and offset of tensor.diagonal(offset, dim1, dim2), as PyTorch computes them. */
function diagonalGeometry(
  shape: readonly number[],
  strides: readonly number[],
  start: number,
  offset: number,
  d1: number,
  d2: number,
): { shape: number[]; strides: number[]; offset: number } {
  // A positive offset drops leading columns (along dim2), a negative one leading rows (dim1).
  const size =
    offset >= 0
      ? Math.max(Math.min(shape[d1], shape[d2] - offset), 0)
      : Math.max(Math.min(shape[d1] + offset, shape[d2]), 0);
  // An empty diagonal keeps the input's storage offset rather than pointing past its end.
  const at =
    size === 0 ? start : offset >= 0 ? start + offset * strides[d2] : start - offset * strides[d1];
  const keep = (_: number, i: number) => i !== d1 && i !== d2;
  return {
    shape: [...shape.filter(keep), size],
    strides: [...strides.filter(keep), strides[d1] + strides[d2]],
    offset: at,
  };
}

/** tensor.diagonal(offset=0, dim1=0, dim2=1): a view; the diagonal becomes the last dim. */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const d1 = normalizeDim(dim1, x.ndim);
  const d2 = normalizeDim(dim2, x.ndim);
  if (d1 === d2) throw runtimeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const g = diagonalGeometry(x.shape, x.strides, x.offset, offset, d1, d2);
  const inShape = x.shape;
  return makeView(x, g.shape, g.strides, g.offset, "DiagonalBackward0", (grad) => {
    // Zeros of the input's shape with the gradient written on the same diagonal.
    const out = zeros(inShape, { dtype: grad.dtype });
    const on = diagonalGeometry(inShape, out.strides, 0, offset, d1, d2);
    copyStrided(out.viewAs(on.shape, on.strides, on.offset), grad);
    return out;
  });
}

/** tensor.movedim(source, destination): the permute that moves those dims, the rest in order. */
export function movedim(
  x: Tensor,
  source: readonly number[],
  destination: readonly number[],
): Tensor {
  const list = (d: readonly number[]) => `[${d.join(", ")}]`;
  if (source.length !== destination.length)
    throw runtimeError(
      `movedim: Invalid source or destination dims: source (${list(source)} dims) should contain the same number of dims as destination (${list(destination)} dims)`,
    );
  const src = source.map((d) => normalizeDim(d, x.ndim));
  const dst = destination.map((d) => normalizeDim(d, x.ndim));
  if (new Set(src).size !== src.length)
    throw runtimeError(`movedim: repeated dim in \`source\` (${list(source)})`);
  if (new Set(dst).size !== dst.length)
    throw runtimeError(`movedim: repeated dim in \`destination\` (${list(destination)})`);
  const order = new Array<number>(x.ndim).fill(-1);
  dst.forEach((d, i) => (order[d] = src[i]));
  // The dims not moved keep their relative order in the free slots.
  const rest = [...Array(x.ndim).keys()].filter((d) => !src.includes(d));
  for (let i = 0, k = 0; i < order.length; i++) if (order[i] === -1) order[i] = rest[k++];
  return permute(x, order);
}
