import { bool, int64 } from "../dtype";
import { notImplemented, typeError } from "../errors";
import { Tensor } from "../tensor";
import { GENERIC, runBinary, runUnary, runUnaryBig } from "./binaryKernel";
import type { BinaryKernel } from "./binaryKernel";
import { resultType } from "./promote";
import type { Operand } from "./promote";

// Python's `& | ^ ~` on tensors: bitwise on integers, logical on bool, refused on floats.

function bitwise(name: string, a: Operand, b: Operand, k: BinaryKernel): Tensor {
  if (!(a instanceof Tensor) && !(b instanceof Tensor))
    throw new TypeError("expected at least one tensor operand");
  const dtype = resultType(a, b);
  if (dtype.kind === "float")
    throw notImplemented(`"${name}_cpu" not implemented for '${dtype.scalarName}'`);
  return runBinary(a, b, dtype, dtype, k);
}

export const bitwiseAnd = (a: Operand, b: Operand): Tensor =>
  bitwise("bitwise_and", a, b, { code: GENERIC, num: (x, y) => x & y, big: (x, y) => x & y });
export const bitwiseOr = (a: Operand, b: Operand): Tensor =>
  bitwise("bitwise_or", a, b, { code: GENERIC, num: (x, y) => x | y, big: (x, y) => x | y });
export const bitwiseXor = (a: Operand, b: Operand): Tensor =>
  bitwise("bitwise_xor", a, b, { code: GENERIC, num: (x, y) => x ^ y, big: (x, y) => x ^ y });

/** torch.bitwise_not. */
export function bitwiseNot(x: Tensor): Tensor {
  if (x.dtype.kind === "float")
    throw notImplemented(`"bitwise_not_cpu" not implemented for '${x.dtype.scalarName}'`);
  if (x.dtype === int64) return runUnaryBig(x, int64, (v) => ~v);
  if (x.dtype === bool) return runUnary(x, bool, bool, (v) => 1 - v);
  return runUnary(x, x.dtype, x.dtype, (v) => ~v);
}

/** Python's `~t`, which checks the dtype before dispatching. */
export function invert(x: Tensor): Tensor {
  if (x.dtype.kind === "float")
    throw typeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors");
  return bitwiseNot(x);
}

function logical(a: Operand, b: Operand, f: (p: boolean, q: boolean) => boolean): Tensor {
  const dtype = resultType(a, b);
  return runBinary(a, b, dtype, bool, {
    code: GENERIC,
    num: (x, y) => (f(x !== 0, y !== 0) ? 1 : 0),
    big: (x, y) => f(x !== 0n, y !== 0n),
  });
}

export const logicalAnd = (a: Operand, b: Operand): Tensor => logical(a, b, (p, q) => p && q);
export const logicalOr = (a: Operand, b: Operand): Tensor => logical(a, b, (p, q) => p || q);
export const logicalXor = (a: Operand, b: Operand): Tensor => logical(a, b, (p, q) => p !== q);

/** torch.logical_not: bool result, True where the element is zero. */
export function logicalNot(x: Tensor): Tensor {
  if (x.dtype === int64) return runUnaryBig(x, bool, (v) => v === 0n);
  return runUnary(x, x.dtype, bool, (v) => (v === 0 ? 1 : 0));
}
