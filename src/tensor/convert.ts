import type { DType } from "./dtype";
import { bool as DTYPE_BOOL, float64 as DTYPE_F64, int64 as DTYPE_I64 } from "./dtype";
import { runtimeError, TorchError } from "./errors";
import {
  bfloat16BitsToFloat,
  BFLOAT16_MAX,
  floatToBFloat16Bits,
  floatToHalfBits,
  HALF_MAX,
  halfBitsToFloat,
} from "./half";

/** A Python scalar: a JS number is a Python float, a bigint a Python int, a boolean a bool. */
export type Scalar = number | bigint | boolean;

/** What one typed-array slot holds: a number, or a bigint in a BigInt64Array. */
export type Raw = number | bigint;

/** Index access to any storage array without narrowing the TypedArray union at each use. */
export type RawArray = { [index: number]: Raw; length: number };

const TWO63 = 2 ** 63;
const TWO31 = 2 ** 31;
const INT64_MIN = -(2n ** 63n);
const UINT64_END = 2n ** 64n;
const FLOAT32_MAX = 3.4028234663852886e38;

interface Limits {
  lo: number;
  hi: number;
  loBig: bigint;
  hiBig: bigint;
}
const INT_LIMITS: Record<string, Limits> = {
  uint8: { lo: 0, hi: 255, loBig: 0n, hiBig: 255n },
  int8: { lo: -128, hi: 127, loBig: -128n, hiBig: 127n },
  int16: { lo: -32768, hi: 32767, loBig: -32768n, hiBig: 32767n },
  int32: { lo: -TWO31, hi: TWO31 - 1, loBig: -(2n ** 31n), hiBig: 2n ** 31n - 1n },
  // As doubles the int64 bounds are ±2^63, which is what C++ compares against too.
  int64: { lo: -TWO63, hi: TWO63, loBig: INT64_MIN, hiBig: 2n ** 63n - 1n },
};

/** The largest finite value of a floating dtype. */
export function floatMax(d: DType): number {
  switch (d.name) {
    case "float16":
      return HALF_MAX;
    case "bfloat16":
      return BFLOAT16_MAX;
    case "float32":
      return FLOAT32_MAX;
    default:
      return Number.MAX_VALUE;
  }
}

/**
 * int64 -> float32 with one rounding, as the CPU instruction does; going through a double
 * first would round twice and can land on the other neighbour.
 */
export function int64ToFloat32(v: bigint): number {
  const n = Number(v);
  if (Math.abs(n) < 2 ** 53) return Math.fround(n);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const shift = a.toString(2).length - 26;
  let keep = a >> BigInt(shift);
  // A sticky low bit keeps values just above a tie from being rounded as the tie.
  if ((a & ((1n << BigInt(shift)) - 1n)) !== 0n) keep |= 1n;
  const r = Math.fround(Number(keep) * 2 ** shift);
  return neg ? -r : r;
}

/** Decode a raw slot of a floating or small-int dtype into its numeric value. */
export function decodeRaw(raw: Raw, d: DType): number | bigint {
  if (d.name === "float16") return halfBitsToFloat(raw as number);
  if (d.name === "bfloat16") return bfloat16BitsToFloat(raw as number);
  return raw;
}

/** Encode a double into a floating dtype's raw slot (float16/bfloat16 go through float32). */
function encodeFloat(x: number, d: DType): number {
  if (d.name === "float16") return floatToHalfBits(x);
  if (d.name === "bfloat16") return floatToBFloat16Bits(x);
  return x;
}

/**
 * x86 PyTorch casts from floating types: truncate toward zero; out-of-range and NaN give the
 * CPU's "integer indefinite" (the minimum) of the intermediate type. int8/int16/uint8 go
 * through int32, except float64 -> uint8 which goes through int64; the typed-array store then
 * keeps the low bits exactly as the C++ narrowing does.
 */
function floatToIntRaw(x: number, from: DType, to: DType): Raw {
  const t = Math.trunc(x);
  if (to.name === "int64") return t >= -TWO63 && t < TWO63 ? BigInt(t) : INT64_MIN;
  if (to.name === "uint8" && from.name === "float64") return t >= -TWO63 && t < TWO63 ? t : 0;
  return t >= -TWO31 && t < TWO31 ? t : -TWO31;
}

export type Converter = (raw: Raw) => Raw;

const identity: Converter = (v) => v;
const converterCache = new Map<string, Converter>();

/** Raw-to-raw element cast, exactly as PyTorch's unchecked `.to(dtype)` does on x86. */
export function converter(from: DType, to: DType): Converter {
  if (from === to) return identity;
  const key = `${from.name}>${to.name}`;
  let c = converterCache.get(key);
  if (c === undefined) {
    c = makeConverter(from, to);
    converterCache.set(key, c);
  }
  return c;
}

function makeConverter(from: DType, to: DType): Converter {
  const fromBig = from.name === "int64";
  const fromFloat = from.kind === "float";
  const dec = (v: Raw): number => decodeRaw(v, from) as number;
  // A bool read from other bytes (x.view(torch.bool)) is true for any nonzero byte, as
  // PyTorch's loads normalize it.
  if (from.kind === "bool") {
    if (to.name === "int64") return (v) => (v !== 0 ? 1n : 0n);
    const put = converter(DTYPE_F64, to);
    return (v) => put(v !== 0 ? 1 : 0);
  }
  switch (to.kind) {
    case "bool":
      return fromBig ? (v) => (v !== 0n ? 1 : 0) : (v) => (dec(v) !== 0 ? 1 : 0);
    case "float":
      if (fromBig) return (v) => encodeFloat(toFloatFromInt64(v as bigint, to), to);
      if (to.name === "float64" || to.name === "float32") return fromFloat ? dec : identity;
      return (v) => encodeFloat(dec(v), to);
    default:
      if (fromFloat) return (v) => floatToIntRaw(dec(v), from, to);
      if (to.name === "int64") return (v) => BigInt(v as number);
      if (fromBig) {
        // Typed-array stores wrap modulo 2^bits, so only the low 32 bits need to survive.
        return (v) => Number(BigInt.asIntN(32, v as bigint));
      }
      return identity;
  }
}

function toFloatFromInt64(v: bigint, to: DType): number {
  return to.name === "float64" ? Number(v) : int64ToFloat32(v);
}

/** Unchecked cast of one numeric value into a dtype's raw slot (used by creation ops). */
export function castNumberToRaw(x: number, to: DType): Raw {
  return converter(DTYPE_F64, to)(x);
}

/** Unchecked cast of a Scalar into a dtype's raw slot. */
export function castScalarToRaw(v: Scalar, to: DType): Raw {
  if (typeof v === "boolean") return converter(DTYPE_BOOL, to)(v ? 1 : 0);
  if (typeof v === "number") return converter(DTYPE_F64, to)(v);
  if (v >= -(2n ** 63n) && v < 2n ** 63n) return converter(DTYPE_I64, to)(v);
  // uint64 values: reinterpret as int64 for integer targets (C++ wraps), exact for floats.
  if (to.kind === "float")
    return encodeFloat(to.name === "float64" ? Number(v) : int64ToFloat32(v), to);
  if (to.kind === "bool") return v !== 0n ? 1 : 0;
  return converter(DTYPE_I64, to)(BigInt.asIntN(64, v));
}

/**
 * A Python int is parsed into an int64 Scalar, or a uint64 one from 2**63 to 2**64-1;
 * beyond that the argument parser raises before any op runs.
 */
export function checkScalarRange(v: Scalar): void {
  if (typeof v !== "bigint") return;
  if (v >= UINT64_END) throw new TorchError("OverflowError", "int too big to convert");
  if (v < INT64_MIN)
    throw new TorchError("OverflowError", "can't convert negative int to unsigned");
}

const overflow = (name: string): TorchError =>
  runtimeError(`value cannot be converted to type ${name} without overflow`);

/** c10's overflows<To, From>: the check behind masked_fill, fill_ and full. */
export function scalarOverflows(v: Scalar, to: DType): boolean {
  if (typeof v === "boolean" || to.kind === "bool") return false;
  if (typeof v === "number") {
    if (to.kind === "float") {
      if (!Number.isFinite(v)) return false;
      const max = floatMax(to);
      return v < -max || v > max;
    }
    if (Number.isNaN(v) || !Number.isFinite(v)) return true;
    const lim = INT_LIMITS[to.name];
    return v < lim.lo || v > lim.hi;
  }
  if (to.kind === "float") {
    const max = floatMax(to);
    return Number(v) > max || Number(v) < -max;
  }
  const lim = INT_LIMITS[to.name];
  if (v >= 2n ** 63n) return true;
  // Unsigned targets let negative ints wrap (a - b as a + 255 * b), down to -max.
  if (to.name === "uint8") return v > lim.hiBig || (v < 0n && -v > lim.hiBig);
  return v < lim.loBig || v > lim.hiBig;
}

/**
 * c10::checked_convert of a Scalar into `to`'s raw slot; throws PyTorch's overflow message
 * naming the C++ type (`int64_t`, `c10::Half`, …) or `typeName` when given.
 */
export function checkedScalarToRaw(v: Scalar, to: DType, typeName: string = to.cppName): Raw {
  checkScalarRange(v);
  if (scalarOverflows(v, to)) throw overflow(typeName);
  if (typeof v === "number" && to.name === "int64" && Math.trunc(v) >= TWO63) return INT64_MIN;
  return castScalarToRaw(v, to);
}

/** The Scalar a one-element tensor slot turns into through `.item()`. */
export function rawToScalar(raw: Raw, d: DType): Scalar {
  switch (d.kind) {
    case "bool":
      return raw !== 0;
    case "int":
      return typeof raw === "bigint" ? raw : BigInt(raw);
    default:
      return decodeRaw(raw, d) as number;
  }
}

/** The Python type name of a Scalar, as argument-parser messages spell it. */
export function scalarTypeName(v: Scalar): "float" | "int" | "bool" {
  return typeof v === "number" ? "float" : typeof v === "bigint" ? "int" : "bool";
}

/**
 * fill_ and full: checked like masked_fill, except that a one-element float16/bfloat16 tensor
 * takes PyTorch's scalar fast path, an unchecked cast (65505 becomes 65504, 1e39 becomes inf).
 */
export function fillScalarToRaw(v: Scalar, to: DType, numel: number): Raw {
  if (numel === 1 && (to.name === "float16" || to.name === "bfloat16")) {
    checkScalarRange(v);
    return castScalarToRaw(v, to);
  }
  return checkedScalarToRaw(v, to);
}
