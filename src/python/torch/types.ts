import { type DType, DTYPES } from "../../tensor/dtype";
import type { Tensor } from "../../tensor/tensor";
import { makeType, PyObject, type PyType, type PyValue } from "../objects";
import { boolType, floatType, intType } from "../runtime";

// The Python-visible classes of the torch binding. Behaviour (methods, operators, printing)
// is attached in tensorObject.ts; this file only names them so every binding file can
// recognise a tensor or a dtype without importing the method tables.

export const tensorType: PyType = makeType("Tensor", { module: "torch" });
export const dtypeType: PyType = makeType("dtype", { module: "torch" });

export abstract class TensorBox extends PyObject {
  abstract readonly t: Tensor;
}

export function isTensor(v: PyValue): v is TensorBox {
  return v instanceof TensorBox;
}

/** torch.float32 and friends: one object per dtype, so `x.dtype is torch.float32` holds. */
export class PyDType extends PyObject {
  constructor(readonly dtype: DType) {
    super();
  }
  get pyType(): PyType {
    return dtypeType;
  }
  override repr(): string {
    return `torch.${this.dtype.name}`;
  }
  override getAttr(name: string): PyValue | undefined {
    switch (name) {
      case "is_floating_point":
        return this.dtype.kind === "float";
      case "is_complex":
        return false;
      case "is_signed":
        return this.dtype.name !== "uint8" && this.dtype.name !== "bool";
      case "itemsize":
        return BigInt(this.dtype.itemsize);
      default:
        return undefined;
    }
  }
}

export const PY_DTYPES: Readonly<Record<DType["name"], PyDType>> = Object.freeze(
  Object.fromEntries(Object.values(DTYPES).map((d) => [d.name, new PyDType(d)])) as Record<
    DType["name"],
    PyDType
  >,
);

export function pyDtype(d: DType): PyDType {
  return PY_DTYPES[d.name];
}

export function isDtype(v: PyValue): v is PyDType {
  return v instanceof PyDType;
}

/** `dtype=float`: PyTorch takes Python's float, int and bool for float64, int64 and bool. */
export function builtinTypeDtype(v: PyValue): DType | undefined {
  if (v === floatType) return DTYPES.float64;
  if (v === intType) return DTYPES.int64;
  if (v === boolType) return DTYPES.bool;
  return undefined;
}
