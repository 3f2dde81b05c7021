import fc from "fast-check";
import { DTYPES, type DType, type DTypeName } from "../../../src/tensor/dtype";
import { floatToBFloat16Bits, floatToHalfBits } from "../../../src/tensor/half";
import { contiguousStrides, numelOf } from "../../../src/tensor/shape";
import { Tensor } from "../../../src/tensor/tensor";

// Random strided tensors for the part-B property tests, and a naive reader that knows nothing
// of strides beyond t.at(): the references below index logically, element by element.

export type Layout = "contiguous" | "transposed" | "stepped" | "offset";

/** A tensor of `shape` holding `values` (row-major) in the requested storage layout. */
export function build(dtype: DType, shape: number[], values: number[], layout: Layout): Tensor {
  const n = numelOf(shape);
  const put = (data: Tensor["storage"]["data"], k: number, v: number): void => {
    if (dtype.name === "int64") (data as BigInt64Array)[k] = BigInt(v);
    else if (dtype.name === "float16") (data as Uint16Array)[k] = floatToHalfBits(v);
    else if (dtype.name === "bfloat16") (data as Uint16Array)[k] = floatToBFloat16Bits(v);
    else if (dtype.name === "bool") (data as Uint8Array)[k] = v !== 0 ? 1 : 0;
    else (data as Float64Array)[k] = v;
  };
  const strides = contiguousStrides(shape);
  if (layout === "transposed" && shape.length >= 2) {
    // Storage holds the reversed-dims tensor; the view reads it with reversed strides.
    const rev = [...shape].reverse();
    const base = Tensor.empty(rev, dtype);
    const rs = contiguousStrides(rev);
    const viewStrides = [...rs].reverse();
    for (let i = 0; i < n; i++) {
      let rem = i;
      let k = 0;
      for (let d = shape.length - 1; d >= 0; d--) {
        const idx = rem % shape[d];
        rem = (rem - idx) / shape[d];
        k += idx * viewStrides[d];
      }
      put(base.storage.data, k, values[i]);
    }
    return new Tensor(base.storage, shape, viewStrides, 0);
  }
  if (layout === "stepped" || layout === "offset") {
    const step = layout === "stepped" ? 2 : 1;
    const off = 3;
    const base = Tensor.empty([n * step + off], dtype);
    for (let i = 0; i < n; i++) put(base.storage.data, off + i * step, values[i]);
    return new Tensor(
      base.storage,
      shape,
      strides.map((s) => s * step),
      off,
    );
  }
  const t = Tensor.empty(shape, dtype);
  for (let i = 0; i < n; i++) put(t.storage.data, i, values[i]);
  return t;
}

export const arbShape = (maxDims = 3, maxSize = 4): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 1, max: maxSize }), { minLength: 0, maxLength: maxDims });

export const arbLayout: fc.Arbitrary<Layout> = fc.constantFrom(
  "contiguous",
  "transposed",
  "stepped",
  "offset",
);

export const dtypeOf = (n: DTypeName): DType => DTYPES[n];

/** Two shapes that broadcast: the second drops leading dims and sets some sizes to 1. */
export const arbBroadcastPair: fc.Arbitrary<[number[], number[]]> = arbShape().chain((a) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: a.length }),
      fc.array(fc.boolean(), { minLength: a.length, maxLength: a.length }),
      fc.boolean(),
    )
    .map(([drop, ones, swap]) => {
      const b = a.slice(drop).map((s, i) => (ones[i + drop] ? 1 : s));
      return (swap ? [b, a] : [a, b]) as [number[], number[]];
    }),
);

export const arbValues = (n: number, min = -6, max = 6): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min, max }), { minLength: n, maxLength: n });

/** Multi-index of a row-major position. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = (i - idx[d]) / shape[d];
  }
  return idx;
}

/** Row-major position in `shape` of the element a broadcast multi-index lands on. */
export function broadcastIndex(idx: readonly number[], shape: readonly number[]): number {
  const lead = idx.length - shape.length;
  let k = 0;
  for (let d = 0; d < shape.length; d++) k = k * shape[d] + (shape[d] === 1 ? 0 : idx[lead + d]);
  return k;
}

export function naiveBroadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Snapshot of every element (as numbers) to check that an op left its inputs alone. */
export const snapshot = (t: Tensor): number[] =>
  Array.from({ length: t.numel }, (_, i) => t.atNumber(i));
