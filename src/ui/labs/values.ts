// The bridge between a lab's plain state (numbers, dtype names) and the tensor core: build
// tensors from state, read them back, and describe fill values both as Scalars and as Python.

import { DTYPES, type DType, type DTypeName } from "../../tensor/dtype";
import type { Scalar } from "../../tensor/convert";
import { TorchError } from "../../tensor/errors";
import { tensor, type NestedData } from "../../tensor/ops/create";
import type { Tensor } from "../../tensor/tensor";
import type { MaskBits } from "./mask/bits";
import { isFloatName, pyFloat } from "./pyLiteral";

export const DTYPE_NAMES: readonly DTypeName[] = [
  "bool",
  "uint8",
  "int8",
  "int16",
  "int32",
  "int64",
  "float16",
  "bfloat16",
  "float32",
  "float64",
];

export const FLOAT_DTYPE_NAMES: readonly DTypeName[] = [
  "float16",
  "bfloat16",
  "float32",
  "float64",
];

const INT_RANGE: Partial<Record<DTypeName, [number, number]>> = {
  bool: [0, 1],
  uint8: [0, 255],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** An edited value made storable in the dtype: integer dtypes take whole numbers in range. */
export function coerceValue(x: number, d: DTypeName): number {
  const range = INT_RANGE[d];
  if (!range) return x;
  if (!Number.isFinite(x)) return 0;
  if (d === "bool") return x !== 0 ? 1 : 0;
  return Math.min(range[1], Math.max(range[0], Math.trunc(x)));
}

function scalarFor(x: number, d: DTypeName): Scalar {
  if (d === "bool") return x !== 0;
  if (isFloatName(d)) return x;
  return BigInt(Math.trunc(x));
}

/** torch.tensor(values).reshape(shape) as the lab builds it, dtype given explicitly. */
export function makeTensor(
  values: readonly number[],
  shape: readonly number[],
  d: DTypeName,
): Tensor {
  const flat = values.map((x) => scalarFor(coerceValue(x, d), d));
  let data: NestedData = flat;
  if (shape.length === 2) {
    const rows: NestedData[] = [];
    for (let i = 0; i < shape[0]; i++) rows.push(flat.slice(i * shape[1], (i + 1) * shape[1]));
    data = rows;
  }
  return tensor(data, { dtype: DTYPES[d] });
}

export function maskTensor(m: MaskBits): Tensor {
  const rows: NestedData[] = [];
  for (let i = 0; i < m.rows; i++) {
    const row: boolean[] = [];
    for (let j = 0; j < m.cols; j++) row.push(m.bits[i * m.cols + j] === 1);
    rows.push(row);
  }
  return tensor(rows, { dtype: DTYPES.bool });
}

export function readValues(t: Tensor): number[] {
  const out: number[] = new Array(t.numel);
  for (let i = 0; i < out.length; i++) out[i] = t.atNumber(i);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fill values

export type FillChoice = "-inf" | "inf" | "nan" | "-1e9" | "min" | "0" | "custom";

export interface FillSpec {
  readonly choice: FillChoice;
  /** The typed text when choice is "custom": an int literal stays a Python int. */
  readonly custom: string;
}

const FINFO_MIN: Partial<Record<DTypeName, number>> = {
  float16: -65504,
  bfloat16: -3.3895313892515355e38,
  float32: -3.4028234663852886e38,
  float64: -Number.MAX_VALUE,
};

const IINFO_MIN: Partial<Record<DTypeName, bigint>> = {
  uint8: 0n,
  int8: -128n,
  int16: -32768n,
  int32: -(2n ** 31n),
  int64: -(2n ** 63n),
};

/** The custom text as a Python scalar, or null when it is not a number. */
export function parseCustom(text: string): Scalar | null {
  const s = text.trim();
  if (/^[-+]?\d+$/.test(s)) return BigInt(s);
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return Number(s);
  if (/^[-+]?inf$/i.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  return null;
}

/** min is finfo(d).min for floats and iinfo(d).min for integers; bool has neither. */
export function fillScalar(f: FillSpec, d: DTypeName): Scalar {
  switch (f.choice) {
    case "-inf":
      return -Infinity;
    case "inf":
      return Infinity;
    case "nan":
      return NaN;
    case "-1e9":
      return -1e9;
    case "0":
      return 0n;
    case "min":
      if (isFloatName(d)) return FINFO_MIN[d]!;
      if (d === "bool") throw new TorchError("TypeError", "torch.bool has no finfo or iinfo");
      return IINFO_MIN[d]!;
    case "custom": {
      const v = parseCustom(f.custom);
      if (v === null)
        throw new TorchError("ValueError", `could not convert string to float: '${f.custom}'`);
      return v;
    }
  }
}

/** The Python expression for the fill value; `owner` names the tensor whose dtype min uses. */
export function fillPython(f: FillSpec, d: DTypeName, owner: string): string {
  switch (f.choice) {
    case "-inf":
    case "inf":
    case "nan":
      return pyFloat(fillScalar(f, d) as number);
    case "-1e9":
      return "-1e9";
    case "0":
      return "0";
    case "min":
      return isFloatName(d) ? `torch.finfo(${owner}.dtype).min` : `torch.iinfo(${owner}.dtype).min`;
    case "custom": {
      const v = parseCustom(f.custom);
      if (typeof v === "bigint") return v.toString();
      if (typeof v === "number") return pyFloat(v);
      return `float(${JSON.stringify(f.custom)})`;
    }
  }
}

export const dtypeOf = (d: DTypeName): DType => DTYPES[d];

/** What a thrown error looks like as Python's last traceback line. */
export function errorLine(e: unknown): string {
  if (e instanceof TorchError) return `${e.pyType}: ${e.message}`;
  return `InternalError: ${e instanceof Error ? e.message : String(e)}`;
}
