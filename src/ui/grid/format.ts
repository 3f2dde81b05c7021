// Per-element text for the grids. The mode (int / fixed with 4 decimals / scientific) is chosen
// by the tensor core's port of PyTorch's _Formatter, over the same values PyTorch would print,
// so a grid cell reads exactly like that element in the printed tensor, minus the padding.

import type { DTypeKind } from "../../tensor/dtype";
import { Formatter, defaultPrintOptions } from "../../tensor/print";

export type FormatMode = "bool" | "int" | "intFloat" | "fixed" | "sci";

export interface ElementFormat {
  readonly mode: FormatMode;
  format(value: number | bigint): string;
}

const FLOAT_DTYPES = new Set(["float16", "bfloat16", "float32", "float64"]);

export function dtypeKind(dtype: string): DTypeKind {
  if (dtype === "bool") return "bool";
  return FLOAT_DTYPES.has(dtype) ? "float" : "int";
}

/**
 * Flat indices PyTorch looks at when it summarizes (numel > threshold): the first and last
 * `edgeitems` along every dimension longer than twice that. Null when nothing is summarized.
 */
export function printedIndices(shape: readonly number[]): number[] | null {
  const { threshold, edgeitems } = defaultPrintOptions;
  let numel = 1;
  for (const d of shape) numel *= d;
  if (numel <= threshold) return null;
  let flat = [0];
  let stride = numel;
  for (const size of shape) {
    stride /= size;
    const keep: number[] = [];
    if (size > 2 * edgeitems) {
      for (let i = 0; i < edgeitems; i++) keep.push(i);
      for (let i = size - edgeitems; i < size; i++) keep.push(i);
    } else for (let i = 0; i < size; i++) keep.push(i);
    const next: number[] = [];
    for (const base of flat) for (const k of keep) next.push(base + k * stride);
    flat = next;
  }
  return flat;
}

export function chooseFormat(
  dtype: string,
  values: readonly (number | bigint)[],
  shape?: readonly number[],
): ElementFormat {
  const kind = dtypeKind(dtype);
  const picked = shape ? printedIndices(shape) : null;
  const shown = picked ? picked.map((i) => values[i]) : values;
  const formatter = new Formatter(kind, shown, defaultPrintOptions);
  const mode: FormatMode =
    kind === "float" ? (formatter.mode === "int" ? "intFloat" : formatter.mode) : kind;
  return { mode, format: (v) => formatter.format(v).trimStart() };
}
