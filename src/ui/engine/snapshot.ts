// Turns what the engine displayed into plain data for the grids. It reads tensors through the
// smallest structural interface the tensor core promises, so it neither imports that core nor
// breaks when its classes change.

export interface TensorLike {
  readonly shape: readonly number[];
  readonly dtype: { readonly name: string };
  at(logicalIndex: number): number | bigint;
}

export interface TensorSnapshot {
  readonly kind: "tensor";
  /** What the tensor was called in the cell, when the engine knows it. */
  readonly label: string | null;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly numel: number;
  /** Row-major values (bool as 0/1, int64 as bigint); null when too large to show. */
  readonly values: readonly (number | bigint)[] | null;
  /** Row-major mask, true where a known mask selected the element. */
  readonly mask: readonly boolean[] | null;
}

export type DisplaySnapshot = TensorSnapshot;

/** Past this many elements a grid stops being readable; the printed text still shows it. */
export const GRID_LIMIT = 4096;

export function isTensorLike(value: unknown): value is TensorLike {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<Record<"shape" | "dtype" | "at", unknown>>;
  return (
    Array.isArray(v.shape) &&
    v.shape.every((d) => Number.isInteger(d) && d >= 0) &&
    typeof v.dtype === "object" &&
    v.dtype !== null &&
    typeof (v.dtype as { name?: unknown }).name === "string" &&
    typeof v.at === "function"
  );
}

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function snapshotTensor(
  tensor: TensorLike,
  label: string | null = null,
  mask: TensorLike | null = null,
  limit = GRID_LIMIT,
): TensorSnapshot {
  const shape = [...tensor.shape];
  const numel = numelOf(shape);
  let values: (number | bigint)[] | null = null;
  if (numel <= limit) {
    values = new Array<number | bigint>(numel);
    for (let i = 0; i < numel; i++) values[i] = tensor.at(i);
  }
  let maskValues: boolean[] | null = null;
  if (values && mask && sameShape(mask.shape, shape)) {
    maskValues = new Array<boolean>(numel);
    for (let i = 0; i < numel; i++) maskValues[i] = Number(mask.at(i)) !== 0;
  }
  return {
    kind: "tensor",
    label,
    shape,
    dtype: tensor.dtype.name,
    numel,
    values,
    mask: maskValues,
  };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * A display is either a tensor itself or an object that wraps one (`{ t | value | tensor,
 * label?, mask? }`);
 * anything else (ints, strings, lists) is only shown as text, so it yields null.
 */
export function snapshotDisplay(display: unknown, limit = GRID_LIMIT): DisplaySnapshot | null {
  if (isTensorLike(display)) return snapshotTensor(display, null, null, limit);
  if (typeof display !== "object" || display === null) return null;
  const d = display as Record<string, unknown>;
  // The torch binding's TensorBox keeps its tensor in `t`.
  const value = d.t ?? d.value ?? d.tensor;
  if (!isTensorLike(value)) return null;
  const labelField = d.label ?? d.name ?? d.expr;
  const label = typeof labelField === "string" ? labelField : null;
  const mask = isTensorLike(d.mask) ? d.mask : null;
  return snapshotTensor(value, label, mask, limit);
}

/**
 * Per element: did the value change since the previous snapshot of the same display?
 * Null when the two are not comparable (different shape or dtype, or no values).
 */
export function changedSince(
  current: TensorSnapshot,
  previous: TensorSnapshot | null | undefined,
): boolean[] | null {
  if (!previous || !current.values || !previous.values) return null;
  if (current.dtype !== previous.dtype || !sameShape(current.shape, previous.shape)) return null;
  const prev = previous.values;
  return current.values.map((v, i) => !sameValue(v, prev[i]));
}

function sameValue(a: number | bigint, b: number | bigint): boolean {
  // NaN stays NaN across runs: that is not a change worth highlighting. -0 vs 0 is one.
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b);
  return a === b;
}
