import { indexError, runtimeError } from "./errors";

export type Shape = readonly number[];

export function numelOf(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= Math.max(shape[i], 1);
  }
  return strides;
}

/** PyTorch's rule: size-1 dims are skipped, every other stride must match the packed layout. */
export function isContiguousLayout(shape: Shape, strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] === 0) return true;
    if (shape[i] === 1) continue;
    if (strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

export const shapeString = (shape: Shape): string => `[${shape.join(", ")}]`;

/**
 * Broadcast two shapes. PyTorch names the operands a and b in its message; callers pass them
 * in the order PyTorch does for the op at hand.
 */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const ai = i - (n - a.length);
    const bi = i - (n - b.length);
    const sa = ai >= 0 ? a[ai] : 1;
    const sb = bi >= 0 ? b[bi] : 1;
    if (sa === sb || sb === 1) out[i] = sa;
    else if (sa === 1) out[i] = sb;
    else
      throw runtimeError(
        `The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}`,
      );
  }
  return out;
}

export function broadcastMany(shapes: Shape[]): number[] {
  let out: number[] = [...(shapes[0] ?? [])];
  for (let i = 1; i < shapes.length; i++) out = broadcastShapes(out, shapes[i]);
  return out;
}

/** Wrap a possibly negative dim, with PyTorch's IndexError text. */
export function normalizeDim(dim: number, ndim: number): number {
  const span = Math.max(ndim, 1);
  if (dim < -span || dim >= span)
    throw indexError(
      `Dimension out of range (expected to be in range of [${-span}, ${span - 1}], but got ${dim})`,
    );
  return dim < 0 ? dim + span : dim;
}
