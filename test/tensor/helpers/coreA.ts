import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { provideGradMath } from "../../../src/tensor/autograd/backward";
import type { Scalar } from "../../../src/tensor/convert";
import { DTYPES, type DType, type DTypeName } from "../../../src/tensor/dtype";
import { TorchError } from "../../../src/tensor/errors";
import { add } from "../../../src/tensor/ops/binary";
import { clone } from "../../../src/tensor/ops/copy";
import { onesLike, tensor, type NestedData } from "../../../src/tensor/ops/create";
import type { IndexItem } from "../../../src/tensor/ops/indexing";
import { tolist, type NestedScalars } from "../../../src/tensor/ops/item";
import type { Tensor } from "../../../src/tensor/tensor";

// Shared by the part-A tensor tests: the fixtures recorded from real PyTorch by
// scripts/record-core-fixtures-a.py, and the encoders that compare against them.

provideGradMath({ add: (a, b) => add(a, b), onesLike: (t) => onesLike(t), clone });

/* eslint-disable @typescript-eslint/no-explicit-any */
const path = fileURLToPath(new URL("../../fixtures/tensor/core-a.json", import.meta.url));
export const fixtures: { torch: string; cases: Record<string, any> } = JSON.parse(
  readFileSync(path, "utf8"),
);
export const cases = fixtures.cases;

export type EncScalar = { f: number | string } | { i: string } | { b: boolean };
export type EncValues = number | string | boolean | EncValues[];

export const dt = (name: string): DType => DTYPES[name as DTypeName];

const decFloat = (x: number | string): number =>
  typeof x === "number" ? x : x === "nan" ? NaN : x === "inf" ? Infinity : -Infinity;

export function decScalar(e: EncScalar): Scalar {
  if ("b" in e) return e.b;
  if ("i" in e) return BigInt(e.i);
  return decFloat(e.f);
}

/** Encoded values (floats, int strings, bools) back to torch.tensor data. */
export function decValues(v: EncValues): NestedData {
  if (Array.isArray(v)) return v.map(decValues);
  if (typeof v === "boolean") return v;
  if (typeof v === "string" && v !== "nan" && v !== "inf" && v !== "-inf") return BigInt(v);
  return decFloat(v);
}

/** A tensor holding exactly the recorded values in the recorded dtype. */
export function fromValues(v: EncValues, dtype: string): Tensor {
  return tensor(decValues(v), { dtype: dt(dtype) });
}

function encFloat(x: number): number | string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return x;
}

export function encScalar(s: Scalar): EncScalar {
  if (typeof s === "boolean") return { b: s };
  if (typeof s === "bigint") return { i: s.toString() };
  return { f: encFloat(s) };
}

/** The same encoding the recorder applies to `t.tolist()`. */
export function encValues(t: Tensor): EncValues {
  const walk = (x: NestedScalars): EncValues => {
    if (Array.isArray(x)) return x.map(walk);
    if (typeof x === "boolean") return x;
    if (typeof x === "bigint") return x.toString();
    return encFloat(x);
  };
  return walk(tolist(t));
}

export interface Described {
  dtype: string;
  shape: number[];
  strides: number[];
  offset: number;
  contiguous: boolean;
  values: EncValues;
  gradFn: string | null;
  requiresGrad: boolean;
  isView: boolean;
  sharesStorage?: boolean;
}

export function describe(t: Tensor, base?: Tensor): Described {
  const out: Described = {
    dtype: t.dtype.name,
    shape: [...t.shape],
    strides: [...t.strides],
    offset: t.offset,
    contiguous: t.isContiguous(),
    values: encValues(t),
    gradFn: t.gradFn?.name ?? null,
    requiresGrad: t.requiresGrad,
    isView: t.base !== null,
  };
  if (base) out.sharesStorage = t.storage === base.storage;
  return out;
}

/** "Type: message", as the recorder stores a raised exception. */
export function errorText(e: unknown): string {
  if (e instanceof TorchError) return `${e.pyType}: ${e.message}`;
  throw e;
}

/** Run `f`, returning its result or the recorded-error shape for a TorchError. */
export function attempt<T>(f: () => T): T | { error: string } {
  try {
    return f();
  } catch (e) {
    return { error: errorText(e) };
  }
}

/** Decode the recorder's index items. */
export function decIndex(items: any[]): IndexItem[] {
  return items.map((it): IndexItem => {
    if (it === null) return null;
    if (it === "...") return "ellipsis";
    if (typeof it === "number") return it;
    if ("slice" in it) return { slice: it.slice };
    if ("list" in it) return it.list;
    if ("tensor" in it) {
      const d = dt(it.dtype);
      const data = d.kind === "int" ? toBig(it.tensor) : it.tensor;
      return tensor(data, { dtype: d });
    }
    throw new Error(`unknown index item ${JSON.stringify(it)}`);
  });
}

const toBig = (x: any): NestedData =>
  Array.isArray(x) ? x.map(toBig) : typeof x === "number" && Number.isInteger(x) ? BigInt(x) : x;

/** A fill value as the recorder encodes it: a Scalar, or {"t": data, "dtype": name}. */
export function decValue(v: any): Scalar | Tensor {
  if ("t" in v) {
    const d = dt(v.dtype);
    return tensor(d.kind === "int" ? toBig(v.t) : v.t, { dtype: d });
  }
  return decScalar(v);
}
