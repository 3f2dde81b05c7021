// Strided iteration without per-element index arithmetic: the outer dims advance an odometer
// once per row, and the caller runs a tight loop over the innermost dim with its own strides.

export interface StridedOperand {
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * Calls `row(starts, n)` once per innermost row of `shape`, where `starts[k]` is operand k's
 * storage index of the row's first element; operand k then steps by `strides[k][last]`.
 * `starts` is reused between calls. A 0-dim shape yields one row of length 1.
 */
export function forEachRow(
  shape: readonly number[],
  operands: readonly StridedOperand[],
  row: (starts: Int32Array | Float64Array, n: number) => void,
): void {
  const nd = shape.length;
  const k = operands.length;
  const starts = new Float64Array(k);
  for (let j = 0; j < k; j++) starts[j] = operands[j].offset;
  if (nd === 0) {
    row(starts, 1);
    return;
  }
  for (const s of shape) if (s === 0) return;
  const n = shape[nd - 1];
  if (nd === 1) {
    row(starts, n);
    return;
  }
  const counter = new Int32Array(nd - 1);
  const base = new Float64Array(k);
  base.set(starts);
  for (;;) {
    starts.set(base);
    row(starts, n);
    // Advance the odometer over dims nd-2 … 0.
    let d = nd - 2;
    for (; d >= 0; d--) {
      counter[d]++;
      for (let j = 0; j < k; j++) base[j] += operands[j].strides[d];
      if (counter[d] < shape[d]) break;
      for (let j = 0; j < k; j++) base[j] -= operands[j].strides[d] * shape[d];
      counter[d] = 0;
    }
    if (d < 0) return;
  }
}

/** Strides that read `strides`/`shape` as if broadcast to `target` (0 on broadcast dims). */
export function broadcastStrides(
  shape: readonly number[],
  strides: readonly number[],
  target: readonly number[],
): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[lead + i] = shape[i] === 1 ? 0 : strides[i];
  return out;
}
