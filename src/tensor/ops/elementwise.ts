import { bfloat16, bool, float16, float32, float64, int64 } from "../dtype";
import type { DType, TypedArray } from "../dtype";
import {
  bfloat16BitsToFloat,
  floatToBFloat16Bits,
  floatToHalfBits,
  halfBitsToFloat,
} from "../half";
import { forEachRow } from "../iter";
import { broadcastShapes, contiguousStrides, numelOf } from "../shape";
import { Tensor } from "../tensor";
import type { Operand, Scalar } from "./promote";

// The shared machinery of the element-wise ops. Every operand is read in its "compute"
// representation: the typed array itself when its dtype already is the compute dtype, else a
// converted copy of the operand's own elements (never of its broadcast shape). float16 and
// bfloat16 compute in float32 like PyTorch's CPU kernels, then round once to 16 bits.

export type NumArray =
  Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Int32Array;

export interface View<A> {
  data: A;
  shape: readonly number[];
  strides: readonly number[];
  offset: number;
}

const isHalfLike = (d: DType): boolean => d === float16 || d === bfloat16;

/** Does this dtype's typed array hold plain JS numbers with the dtype's own values? */
export const isNumberBacked = (d: DType): boolean => d !== int64 && !isHalfLike(d);

/** Round a JS number to what the dtype can hold, as C++'s static_cast would (floats only). */
export function roundToFloat(v: number, d: DType): number {
  if (d === float32) return Math.fround(v);
  if (d === float16) return halfBitsToFloat(floatToHalfBits(v));
  if (d === bfloat16) return bfloat16BitsToFloat(floatToBFloat16Bits(v));
  return v;
}

/** Number value of a scalar (bool as 0/1). */
export const scalarNumber = (s: Scalar): number =>
  typeof s === "boolean" ? (s ? 1 : 0) : Number(s);

/** The scalar as C++ would convert it to `d`, as a JS number (not for int64). */
export function scalarAs(s: Scalar, d: DType): number {
  if (d === bool) return typeof s === "bigint" ? (s !== 0n ? 1 : 0) : scalarNumber(s) !== 0 ? 1 : 0;
  if (d.kind === "float") return roundToFloat(scalarNumber(s), d);
  const one = d.alloc(1) as NumArray;
  if (typeof s === "bigint") one[0] = Number(BigInt.asIntN(32, s));
  else one[0] = Math.trunc(scalarNumber(s));
  return one[0];
}

export function scalarAsBig(s: Scalar): bigint {
  if (typeof s === "bigint") return BigInt.asIntN(64, s);
  if (typeof s === "boolean") return s ? 1n : 0n;
  return BigInt(Math.trunc(s));
}

/** The typed array that holds compute values for `d`: 16-bit floats widen to float32. */
function computeAlloc(d: DType, n: number): NumArray {
  if (isHalfLike(d)) return new Float32Array(n);
  return d.alloc(n) as NumArray;
}

/** Read element k of a storage array as a number in dtype `src`'s value space. */
function readNumber(data: TypedArray, k: number, src: DType): number {
  if (src === float16) return halfBitsToFloat(data[k] as number);
  if (src === bfloat16) return bfloat16BitsToFloat(data[k] as number);
  return Number(data[k]);
}

/** A tensor's values in the number representation of compute dtype `d` (d is not int64). */
export function numberView(t: Tensor, d: DType): View<NumArray> {
  const src = t.dtype;
  if (src === d && isNumberBacked(d))
    return {
      data: t.storage.data as NumArray,
      shape: t.shape,
      strides: t.strides,
      offset: t.offset,
    };
  const n = t.numel;
  const out = computeAlloc(d, n);
  const data = t.storage.data;
  let k = 0;
  forEachRow(t.shape, [t], (starts, len) => {
    const step = t.strides[t.ndim - 1] ?? 0;
    let p = starts[0];
    if (d === bool) {
      for (let i = 0; i < len; i++, p += step) out[k++] = readNumber(data, p, src) !== 0 ? 1 : 0;
    } else if (d.kind === "float") {
      if (d === float16 || d === bfloat16)
        for (let i = 0; i < len; i++, p += step)
          out[k++] = roundToFloat(readNumber(data, p, src), d);
      else for (let i = 0; i < len; i++, p += step) out[k++] = readNumber(data, p, src);
    } else if (src === int64) {
      for (let i = 0; i < len; i++, p += step)
        out[k++] = Number(BigInt.asIntN(32, data[p] as bigint));
    } else {
      for (let i = 0; i < len; i++, p += step) out[k++] = Math.trunc(readNumber(data, p, src));
    }
  });
  return { data: out, shape: t.shape, strides: contiguousStrides(t.shape), offset: 0 };
}

/** A tensor's values as int64 (for int64 compute; the source is bool or an integer dtype). */
export function bigView(t: Tensor): View<BigInt64Array> {
  if (t.dtype === int64)
    return {
      data: t.storage.data as BigInt64Array,
      shape: t.shape,
      strides: t.strides,
      offset: t.offset,
    };
  const out = new BigInt64Array(t.numel);
  const data = t.storage.data;
  let k = 0;
  forEachRow(t.shape, [t], (starts, len) => {
    const step = t.strides[t.ndim - 1] ?? 0;
    let p = starts[0];
    for (let i = 0; i < len; i++, p += step)
      out[k++] = BigInt(Math.trunc(readNumber(data, p, t.dtype)));
  });
  return { data: out, shape: t.shape, strides: contiguousStrides(t.shape), offset: 0 };
}

export function operandNumberView(x: Operand, d: DType): View<NumArray> {
  if (x instanceof Tensor) return numberView(x, d);
  const one = computeAlloc(d, 1);
  one[0] = scalarAs(x, d);
  return { data: one, shape: [], strides: [], offset: 0 };
}

export function operandBigView(x: Operand): View<BigInt64Array> {
  if (x instanceof Tensor) return bigView(x);
  return { data: BigInt64Array.of(scalarAsBig(x)), shape: [], strides: [], offset: 0 };
}

export const operandShape = (x: Operand): readonly number[] => (x instanceof Tensor ? x.shape : []);

/** Strides of `v` read at `target` shape (0 on broadcast dims). */
export function stridesAt(
  v: { shape: readonly number[]; strides: readonly number[] },
  target: readonly number[],
): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - v.shape.length;
  for (let i = 0; i < v.shape.length; i++) out[lead + i] = v.shape[i] === 1 ? 0 : v.strides[i];
  return out;
}

/**
 * Merge adjacent dims that every operand walks as one (TensorIterator's coalescing), so a
 * contiguous or scalar-broadcast op runs as one long row.
 */
export function coalesce(
  shape: readonly number[],
  strides: number[][],
): { shape: number[]; strides: number[][] } {
  if (shape.length <= 1) return { shape: [...shape], strides };
  const outShape: number[] = [shape[0]];
  const outStrides = strides.map((s) => [s[0]]);
  for (let d = 1; d < shape.length; d++) {
    const last = outShape.length - 1;
    let mergeable = true;
    for (let k = 0; k < strides.length; k++)
      if (outStrides[k][last] !== strides[k][d] * shape[d]) {
        mergeable = false;
        break;
      }
    if (mergeable || outShape[last] === 1) {
      // A size-1 outer dim merges trivially whatever its stride.
      outShape[last] = mergeable ? outShape[last] * shape[d] : shape[d];
      for (let k = 0; k < strides.length; k++) outStrides[k][last] = strides[k][d];
    } else if (shape[d] === 1) {
      continue;
    } else {
      outShape.push(shape[d]);
      for (let k = 0; k < strides.length; k++) outStrides[k].push(strides[k][d]);
    }
  }
  return { shape: outShape, strides: outStrides };
}

/** Iterate `shape` with operands given by (strides, offset), after coalescing. */
export function iterate(
  shape: readonly number[],
  ops: { strides: number[]; offset: number }[],
  row: (starts: Int32Array | Float64Array, n: number, steps: readonly number[]) => void,
): void {
  const c = coalesce(
    shape,
    ops.map((o) => o.strides),
  );
  const operands = c.strides.map((s, k) => ({ strides: s, offset: ops[k].offset }));
  const steps = c.strides.map((s) => s[s.length - 1] ?? 0);
  forEachRow(c.shape, operands, (starts, n) => row(starts, n, steps));
}

/** Pack float32 compute values into a fresh tensor of a 16-bit float dtype. */
export function packHalf(values: Float32Array, shape: readonly number[], d: DType): Tensor {
  const out = Tensor.empty(shape, d);
  const bits = out.storage.data as Uint16Array;
  const conv = d === float16 ? floatToHalfBits : floatToBFloat16Bits;
  for (let i = 0; i < values.length; i++) bits[i] = conv(values[i]);
  return out;
}

/** Store compute values (contiguous, in `d`'s compute representation) as a tensor of dtype d. */
export function fromCompute(values: NumArray, shape: readonly number[], d: DType): Tensor {
  if (isHalfLike(d)) return packHalf(values as Float32Array, shape, d);
  const out = Tensor.empty(shape, d);
  (out.storage.data as NumArray).set(values);
  return out;
}

/** The output of an element-wise op: a contiguous tensor and the array kernels write into. */
export function allocOutput(
  shape: readonly number[],
  d: DType,
): { out: NumArray; finish: () => Tensor } {
  if (isHalfLike(d)) {
    const tmp = new Float32Array(numelOf(shape));
    return { out: tmp, finish: () => packHalf(tmp, shape, d) };
  }
  const t = Tensor.empty(shape, d);
  return { out: t.storage.data as NumArray, finish: () => t };
}

export function broadcastOperands(a: Operand, b: Operand): number[] {
  return broadcastShapes(operandShape(a), operandShape(b));
}

/** Convert a tensor to another dtype (a contiguous copy; returns `t` itself when equal). */
export function toDtype(t: Tensor, d: DType): Tensor {
  if (t.dtype === d) return t;
  if (d === int64) {
    if (t.dtype.kind === "float") {
      const out = Tensor.empty(t.shape, int64);
      const o = out.storage.data as BigInt64Array;
      const v = numberView(t, float64);
      let k = 0;
      iterate(t.shape, [{ strides: stridesAt(v, t.shape), offset: v.offset }], (s, n, st) => {
        let p = s[0];
        for (let i = 0; i < n; i++, p += st[0]) {
          const x = v.data[p];
          o[k++] = Number.isFinite(x) ? BigInt.asIntN(64, BigInt(Math.trunc(x))) : -(2n ** 63n);
        }
      });
      return out;
    }
    const v = bigView(t);
    const out = Tensor.empty(t.shape, int64);
    const o = out.storage.data as BigInt64Array;
    let k = 0;
    iterate(t.shape, [{ strides: stridesAt(v, t.shape), offset: v.offset }], (s, n, st) => {
      let p = s[0];
      for (let i = 0; i < n; i++, p += st[0]) o[k++] = v.data[p];
    });
    return out;
  }
  const v = numberView(t, d);
  const { out, finish } = allocOutput(t.shape, d);
  let k = 0;
  iterate(t.shape, [{ strides: stridesAt(v, t.shape), offset: v.offset }], (s, n, st) => {
    let p = s[0];
    for (let i = 0; i < n; i++, p += st[0]) out[k++] = v.data[p];
  });
  return finish();
}
