// Python source text for the values a lab holds, so "Show code" prints code that rebuilds the
// lab's state exactly: floats in their shortest round-trip repr, ints as ints, bools as True/False.

import type { DTypeName } from "../../tensor/dtype";
import { floatRepr } from "../../tensor/format";

export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (x === Infinity) return "float('inf')";
  if (x === -Infinity) return "float('-inf')";
  return floatRepr(x);
}

export function isFloatName(d: DTypeName): boolean {
  return d === "float16" || d === "bfloat16" || d === "float32" || d === "float64";
}

/** One element as a Python literal for torch.tensor(…, dtype=d). */
export function pyElement(x: number, d: DTypeName): string {
  if (d === "bool") return x !== 0 ? "True" : "False";
  if (isFloatName(d)) return pyFloat(x);
  return String(Math.trunc(x));
}

/** A row-major list of values as a nested Python list of the given shape. */
export function pyNested(
  values: readonly number[],
  shape: readonly number[],
  d: DTypeName,
): string {
  if (shape.length === 0) return pyElement(values[0], d);
  const walk = (dim: number, start: number): string => {
    const size = shape[dim];
    if (dim === shape.length - 1) {
      const items: string[] = [];
      for (let i = 0; i < size; i++) items.push(pyElement(values[start + i], d));
      return "[" + items.join(", ") + "]";
    }
    let inner = 1;
    for (let k = dim + 1; k < shape.length; k++) inner *= shape[k];
    const parts: string[] = [];
    for (let i = 0; i < size; i++) parts.push(walk(dim + 1, start + i * inner));
    const indent = " ".repeat(dim + 1);
    return "[" + parts.join(",\n" + indent) + "]";
  };
  return walk(0, 0);
}

/** `torch.tensor(<nested>, dtype=torch.x)`, aligned under the opening bracket. */
export function pyTensor(
  values: readonly number[],
  shape: readonly number[],
  d: DTypeName,
  opts: { defaultDtype?: DTypeName; requiresGrad?: boolean; indent?: number } = {},
): string {
  const pad = " ".repeat((opts.indent ?? 0) + "torch.tensor(".length);
  const body = pyNested(values, shape, d).replace(/\n/g, "\n" + pad);
  const kw: string[] = [];
  const implicit =
    opts.defaultDtype ?? (d === "bool" ? "bool" : isFloatName(d) ? "float32" : "int64");
  if (d !== implicit) kw.push(`dtype=torch.${d}`);
  if (opts.requiresGrad) kw.push("requires_grad=True");
  return `torch.tensor(${body}${kw.map((k) => ", " + k).join("")})`;
}
