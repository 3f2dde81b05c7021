import { bfloat16, bool, float16, float32, int16, int64, int8, uint8 } from "../dtype";
import type { DType } from "../dtype";
import { Tensor } from "../tensor";
import type { Scalar } from "../convert";

// A Python scalar (JS number = float, bigint = int, boolean = bool); the kind drives promotion.
export type { Scalar };
export type Operand = Tensor | Scalar;

export const isScalar = (x: Operand): x is Scalar => !(x instanceof Tensor);

// torch.get_default_dtype(): the dtype a Python float becomes in promotion.
let defaultFloat: DType = float32;
export const getDefaultDtype = (): DType => defaultFloat;
export function setDefaultDtype(d: DType): void {
  defaultFloat = d;
}

/** torch.promote_types: the smallest dtype both values fit in, on PyTorch's lattice. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a.kind === "bool") return b;
  if (b.kind === "bool") return a;
  if (a.kind !== b.kind) return a.kind === "float" ? a : b;
  if (a.kind === "int") {
    // uint8 and int8 cannot hold each other, so they meet in int16; uint8 sits below the rest.
    if ((a === uint8 && b === int8) || (a === int8 && b === uint8)) return int16;
    return a.rank >= b.rank ? a : b;
  }
  // float16 and bfloat16 trade range for precision differently: only float32 holds both.
  if ((a === float16 && b === bfloat16) || (a === bfloat16 && b === float16)) return float32;
  return a.rank >= b.rank ? a : b;
}

/** The dtype a Python scalar takes inside promotion (a float follows the default dtype). */
export function scalarDtype(s: Scalar): DType {
  if (typeof s === "boolean") return bool;
  if (typeof s === "bigint") return int64;
  return defaultFloat;
}

const kindRank = { bool: 0, int: 1, float: 2 } as const;

// PyTorch's combine_categories: the higher priority class wins unless the lower one is of a
// strictly higher category (bool < int < float), in which case the two are promoted.
function combine(higher: DType | null, lower: DType | null): DType | null {
  if (higher === null) return lower;
  if (lower === null) return higher;
  if (higher.kind === "float") return higher;
  if (higher.kind === "bool" || kindRank[lower.kind] > kindRank[higher.kind])
    return promoteTypes(higher, lower);
  return higher;
}

/**
 * torch.result_type over any mix of tensors and Python scalars: dimensioned tensors outrank
 * 0-dim tensors, which outrank Python scalars, within one category.
 */
export function resultType(...operands: Operand[]): DType {
  let dim: DType | null = null;
  let zero: DType | null = null;
  let wrapped: DType | null = null;
  for (const x of operands) {
    if (x instanceof Tensor && !x.wrappedNumber) {
      if (x.ndim > 0) dim = dim === null ? x.dtype : promoteTypes(dim, x.dtype);
      else zero = zero === null ? x.dtype : promoteTypes(zero, x.dtype);
    } else {
      const d =
        x instanceof Tensor ? (x.dtype.kind === "float" ? defaultFloat : x.dtype) : scalarDtype(x);
      wrapped = wrapped === null ? d : promoteTypes(wrapped, d);
    }
  }
  const r = combine(dim, combine(zero, wrapped));
  return r ?? float32;
}

/** The float dtype an op that always produces floats (true division, exp, mean) computes in. */
export function floatResult(d: DType): DType {
  return d.kind === "float" ? d : defaultFloat;
}
