import { bool } from "../dtype";
import { Tensor } from "../tensor";
import { EQ, GE, GT, LE, LT, NE, runBinary } from "./binaryKernel";
import type { BinaryKernel } from "./binaryKernel";
import { resultType } from "./promote";
import type { Operand } from "./promote";

// Comparisons promote both sides to their result type first, so `int8_tensor < 1000` compares
// against 1000 wrapped to int8, exactly like PyTorch. The result is always bool.

function compare(a: Operand, b: Operand, k: BinaryKernel): Tensor {
  if (!(a instanceof Tensor) && !(b instanceof Tensor))
    throw new TypeError("expected at least one tensor operand");
  return runBinary(a, b, resultType(a, b), bool, k);
}

const EQ_K: BinaryKernel = { code: EQ, num: (x, y) => (x === y ? 1 : 0), big: (x, y) => x === y };
const NE_K: BinaryKernel = { code: NE, num: (x, y) => (x !== y ? 1 : 0), big: (x, y) => x !== y };
const LT_K: BinaryKernel = { code: LT, num: (x, y) => (x < y ? 1 : 0), big: (x, y) => x < y };
const LE_K: BinaryKernel = { code: LE, num: (x, y) => (x <= y ? 1 : 0), big: (x, y) => x <= y };
const GT_K: BinaryKernel = { code: GT, num: (x, y) => (x > y ? 1 : 0), big: (x, y) => x > y };
const GE_K: BinaryKernel = { code: GE, num: (x, y) => (x >= y ? 1 : 0), big: (x, y) => x >= y };

export const eq = (a: Operand, b: Operand): Tensor => compare(a, b, EQ_K);
export const ne = (a: Operand, b: Operand): Tensor => compare(a, b, NE_K);
export const lt = (a: Operand, b: Operand): Tensor => compare(a, b, LT_K);
export const le = (a: Operand, b: Operand): Tensor => compare(a, b, LE_K);
export const gt = (a: Operand, b: Operand): Tensor => compare(a, b, GT_K);
export const ge = (a: Operand, b: Operand): Tensor => compare(a, b, GE_K);
