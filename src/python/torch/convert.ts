import type { Scalar } from "../../tensor/convert";
import type { DType } from "../../tensor/dtype";
import { TorchError } from "../../tensor/errors";
import type { NestedData } from "../../tensor/ops/create";
import { item } from "../../tensor/ops/item";
import type { NestedScalars } from "../../tensor/ops/item";
import { Tensor } from "../../tensor/tensor";
import { PyComplex, PyException, PyList, PyTuple, type PyValue } from "../objects";
import { typeName } from "../runtime";
import { PySize } from "./size";
import { isDtype, isTensor, TensorBox } from "./types";

// Moving values across the Python/core boundary. Python ints are bigints, floats numbers and
// bools booleans, which is exactly the core's Scalar, so scalars pass through unchanged.

/** Run a core operation, turning its errors into the Python exceptions PyTorch raises. */
export function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw toPyException(e);
  }
}

export function toPyException(e: unknown): unknown {
  if (e instanceof TorchError) return new PyException(e.pyType, e.message);
  if (
    e instanceof RangeError &&
    /Invalid typed array length|Array buffer allocation/.test(e.message)
  )
    return new PyException("MemoryError", "not enough memory to allocate the tensor");
  return e;
}

export const isScalar = (v: PyValue): v is bigint | number | boolean =>
  typeof v === "bigint" || typeof v === "number" || typeof v === "boolean";

export function tensorOf(v: PyValue | undefined): Tensor {
  if (isTensor(v ?? null)) return (v as TensorBox).t;
  throw new PyException("TypeError", `expected Tensor as argument, but got ${typeName(v ?? null)}`);
}

/** A Number parameter: Python scalars, or a 0-dim tensor through item(). */
export function scalarOf(v: PyValue | undefined): Scalar {
  if (v === undefined || v === null) throw new PyException("TypeError", "expected a number");
  if (isScalar(v)) return v;
  if (isTensor(v)) return guard(() => item(v.t));
  throw new PyException("TypeError", `expected a number, but got ${typeName(v)}`);
}

/** An int parameter (a Python int, or a 0-dim integer tensor). */
export function intOf(v: PyValue | undefined, fallback?: number): number {
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    throw new PyException("TypeError", "expected an int");
  }
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (isTensor(v)) return Number(guard(() => item(v.t)));
  throw new PyException("TypeError", `expected an int, but got ${typeName(v)}`);
}

export function floatOf(v: PyValue | undefined, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  return Number(scalarOf(v));
}

export function boolOf(v: PyValue | undefined, fallback = false): boolean {
  if (v === undefined || v === null) return fallback;
  if (typeof v === "boolean") return v;
  return Boolean(scalarOf(v));
}

/** A tuple-of-ints parameter: a tuple, list, torch.Size or a single int. */
export function intsOf(v: PyValue | undefined): number[] {
  if (v === undefined || v === null) return [];
  if (v instanceof PySize) return v.dims;
  if (v instanceof PyTuple || v instanceof PyList) return v.items.map((x) => intOf(x));
  return [intOf(v)];
}

export function dtypeOf(v: PyValue | undefined): DType | undefined {
  if (v === undefined || v === null) return undefined;
  if (isDtype(v)) return v.dtype;
  throw new PyException("TypeError", `expected torch.dtype, but got ${typeName(v)}`);
}

/**
 * torch.tensor's data argument: nested lists/tuples of numbers and tensors. A None fails when
 * PyTorch infers the dtype from the data, or else when it stores the element.
 */
export function nestedData(v: PyValue, inferring = true): NestedData {
  if (isScalar(v)) return v;
  if (isTensor(v)) return v.t;
  if (v instanceof PyList || v instanceof PyTuple)
    return v.items.map((x) => nestedData(x, inferring));
  if (v instanceof PySize) return v.items;
  if (v === null)
    throw inferring
      ? new PyException("RuntimeError", "Could not infer dtype of NoneType")
      : new PyException("TypeError", "must be real number, not NoneType");
  throw new PyException("TypeError", `new(): invalid data type '${typeName(v)}'`);
}

/** tolist() results back into Python lists. */
export function nestedToPy(v: NestedScalars): PyValue {
  return Array.isArray(v) ? new PyList(v.map(nestedToPy)) : v;
}

export { Tensor };

/**
 * A Scalar argument bound for a tensor of dtype `d`: a complex number converts only when its
 * imaginary part is zero, with PyTorch's overflow message otherwise (MaskLab has no complex
 * dtypes).
 */
export function scalarFor(v: PyValue | undefined, d: DType): Scalar {
  if (v instanceof PyComplex) {
    if (v.im !== 0)
      throw new PyException(
        "RuntimeError",
        `value cannot be converted to type ${d.cppName} without overflow`,
      );
    return v.re;
  }
  return scalarOf(v);
}
