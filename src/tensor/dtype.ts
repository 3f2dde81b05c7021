import { TorchError } from "./errors";

// The ten dtypes MaskLab models, each backed by one typed array. float16 and bfloat16 keep
// their 16-bit patterns in a Uint16Array; int64 lives in a BigInt64Array so it is exact.

export type DTypeName =
  | "bool"
  | "uint8"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "float16"
  | "bfloat16"
  | "float32"
  | "float64";

export type TypedArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint16Array
  | Float32Array
  | Float64Array;

export type DTypeKind = "bool" | "int" | "float";

/**
 * The largest tensor MaskLab will allocate, in elements. A learner's typo like
 * `torch.zeros(2**20, 2**20)` must end in a Python error, not a frozen tab.
 */
export const allocation = { maxElements: 2 ** 26 };

export function checkAllocation(n: number): void {
  if (n > allocation.maxElements)
    throw new TorchError(
      "MemoryError",
      `MaskLab refuses to allocate a tensor of ${n} elements: the limit is ${allocation.maxElements} elements`,
    );
}

function checked<A>(make: (n: number) => A): (n: number) => A {
  return (n) => {
    checkAllocation(n);
    return make(n);
  };
}

export interface DType {
  readonly name: DTypeName;
  readonly kind: DTypeKind;
  readonly itemsize: number;
  /** Promotion rank inside its kind (PyTorch's promotion lattice is rank-ordered within a kind). */
  readonly rank: number;
  /** C++ name PyTorch uses in "value cannot be converted to type X without overflow". */
  readonly cppName: string;
  /** Scalar type name in "not implemented for 'Long'" kernel errors. */
  readonly scalarName: string;
  /** Legacy type string in autograd's version-counter message, e.g. torch.FloatTensor. */
  readonly legacyName: string;
  readonly alloc: (n: number) => TypedArray;
}

function make(
  name: DTypeName,
  kind: DTypeKind,
  itemsize: number,
  rank: number,
  cppName: string,
  scalarName: string,
  legacyName: string,
  alloc: (n: number) => TypedArray,
): DType {
  return Object.freeze({
    name,
    kind,
    itemsize,
    rank,
    cppName,
    scalarName,
    legacyName,
    alloc: checked(alloc),
  });
}

export const bool = make(
  "bool",
  "bool",
  1,
  0,
  "bool",
  "Bool",
  "CPUBoolType",
  (n) => new Uint8Array(n),
);
export const uint8 = make(
  "uint8",
  "int",
  1,
  0,
  "uint8_t",
  "Byte",
  "torch.ByteTensor",
  (n) => new Uint8Array(n),
);
export const int8 = make(
  "int8",
  "int",
  1,
  1,
  "int8_t",
  "Char",
  "torch.CharTensor",
  (n) => new Int8Array(n),
);
export const int16 = make(
  "int16",
  "int",
  2,
  2,
  "int16_t",
  "Short",
  "torch.ShortTensor",
  (n) => new Int16Array(n),
);
export const int32 = make(
  "int32",
  "int",
  4,
  3,
  "int",
  "Int",
  "torch.IntTensor",
  (n) => new Int32Array(n),
);
export const int64 = make(
  "int64",
  "int",
  8,
  4,
  "int64_t",
  "Long",
  "torch.LongTensor",
  (n) => new BigInt64Array(n),
);
export const float16 = make(
  "float16",
  "float",
  2,
  0,
  "c10::Half",
  "Half",
  "torch.HalfTensor",
  (n) => new Uint16Array(n),
);
export const bfloat16 = make(
  "bfloat16",
  "float",
  2,
  1,
  "c10::BFloat16",
  "BFloat16",
  "CPUBFloat16Type",
  (n) => new Uint16Array(n),
);
export const float32 = make(
  "float32",
  "float",
  4,
  2,
  "float",
  "Float",
  "torch.FloatTensor",
  (n) => new Float32Array(n),
);
export const float64 = make(
  "float64",
  "float",
  8,
  3,
  "double",
  "Double",
  "torch.DoubleTensor",
  (n) => new Float64Array(n),
);

export const DTYPES: Readonly<Record<DTypeName, DType>> = Object.freeze({
  bool,
  uint8,
  int8,
  int16,
  int32,
  int64,
  float16,
  bfloat16,
  float32,
  float64,
});

export function dtypeByName(name: DTypeName): DType {
  return DTYPES[name];
}

/** The caffe2 TypeMeta names some PyTorch checks print for a dtype ("long int", "c10::Half"). */
const TYPE_META_NAMES: Readonly<Record<DTypeName, string>> = {
  bool: "bool",
  uint8: "unsigned char",
  int8: "signed char",
  int16: "short int",
  int32: "int",
  int64: "long int",
  float16: "c10::Half",
  bfloat16: "c10::BFloat16",
  float32: "float",
  float64: "double",
};

export const typeMetaName = (d: DType): string => TYPE_META_NAMES[d.name];

export const isFloating = (d: DType): boolean => d.kind === "float";
export const isIntegral = (d: DType, includeBool = false): boolean =>
  d.kind === "int" || (includeBool && d.kind === "bool");
