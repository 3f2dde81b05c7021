import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { backward, provideGradMath } from "../../../src/tensor/autograd/backward";
import { DTYPES, type DType, type DTypeName } from "../../../src/tensor/dtype";
import { TorchError } from "../../../src/tensor/errors";
import { floatToBFloat16Bits, floatToHalfBits } from "../../../src/tensor/half";
import * as binary from "../../../src/tensor/ops/binary";
import * as compare from "../../../src/tensor/ops/compare";
import * as compareAll from "../../../src/tensor/ops/compareAll";
import { clone } from "../../../src/tensor/ops/copy";
import { onesLike } from "../../../src/tensor/ops/create";
import * as inplace from "../../../src/tensor/ops/inplaceArith";
import * as logical from "../../../src/tensor/ops/logical";
import { matmul } from "../../../src/tensor/ops/matmul";
import type { Operand, Scalar } from "../../../src/tensor/ops/promote";
import * as reduce from "../../../src/tensor/ops/reduce";
import { logSoftmax, softmax } from "../../../src/tensor/ops/softmax";
import * as clampOps from "../../../src/tensor/ops/clamp";
import * as unary from "../../../src/tensor/ops/unary";
import { contiguousStrides, numelOf } from "../../../src/tensor/shape";
import { Tensor } from "../../../src/tensor/tensor";

// Shared by the part-B tensor tests: the cases recorded from real PyTorch by
// scripts/record-core-fixtures-b.py, a decoder for their arguments, a dispatcher from the
// recorded op name to our function, and the comparison of results.

provideGradMath({ add: (a, b) => binary.add(a, b), onesLike: (t) => onesLike(t), clone });

/* eslint-disable @typescript-eslint/no-explicit-any */
const path = fileURLToPath(new URL("../../fixtures/tensor/core-b.json", import.meta.url));
export const fixtures: {
  torch: string;
  promotion: { a: [string, any]; b: [string, any]; result: string }[];
  promotionDefault64: { a: [string, any]; b: [string, any]; result: string }[];
  cases: Case[];
} = JSON.parse(readFileSync(path, "utf8"));

export type Elem = number | string | boolean;
/** "ulp": a few units in the last place, relative; "ulpAbs": the same relative to max(|x|, 1). */
export type Tol = "ulp" | "ulpAbs";
export interface EncTensor {
  dtype: string;
  shape: number[];
  data: Elem[];
  grad?: boolean;
  view?: "T" | "step2" | "expand" | null;
  gradFn?: string | null;
}
export interface Case {
  id: string;
  family: string;
  op: string;
  args: ({ t: EncTensor } | { f: number | string } | { i: string } | { b: boolean } | null)[];
  kwargs: Record<string, any>;
  tol?: Tol;
  result?: any;
  error?: string;
  inplace?: { same: boolean; versionBump: number };
  gradOutput?: "sum" | Elem[];
  grads?: (EncTensor | null)[];
}

export const casesOf = (family: string): Case[] =>
  fixtures.cases.filter((c) => c.family === family);

export const dt = (name: string): DType => DTYPES[name as DTypeName];

export function decFloat(x: number | string): number {
  if (typeof x === "number") return x;
  if (x === "nan") return NaN;
  if (x === "inf") return Infinity;
  if (x === "-inf") return -Infinity;
  if (x === "-0") return -0;
  return Number(x);
}

export function decScalar(e: any): Scalar {
  if ("b" in e) return e.b;
  if ("i" in e) return BigInt(e.i);
  return decFloat(e.f);
}

/** Store recorded elements (row-major) into a fresh contiguous tensor. */
export function fromFlat(dtype: DType, shape: readonly number[], data: readonly Elem[]): Tensor {
  const t = Tensor.empty(shape, dtype);
  const d = t.storage.data;
  data.forEach((e, i) => {
    if (dtype.name === "int64") (d as BigInt64Array)[i] = BigInt(e as string);
    else if (typeof e === "boolean") (d as Uint8Array)[i] = e ? 1 : 0;
    else if (dtype.kind === "int") (d as Int32Array)[i] = Number(e);
    else {
      const v = decFloat(e as number | string);
      if (dtype.name === "float16") (d as Uint16Array)[i] = floatToHalfBits(v);
      else if (dtype.name === "bfloat16") (d as Uint16Array)[i] = floatToBFloat16Bits(v);
      else (d as Float32Array)[i] = v;
    }
  });
  return t;
}

/** The recorded tensor argument, with the same kind of strided layout as in the recorder. */
export function decTensor(e: EncTensor): Tensor {
  const dtype = dt(e.dtype);
  let t = fromFlat(dtype, e.shape, e.data);
  if (e.view === "T" && e.shape.length === 2) {
    const [r, c] = e.shape;
    const tr = Tensor.empty([c, r], dtype);
    for (let i = 0; i < r; i++)
      for (let j = 0; j < c; j++)
        (tr.storage.data as any)[j * r + i] = (t.storage.data as any)[i * c + j];
    t = new Tensor(tr.storage, [r, c], [1, r], 0);
  } else if (e.view === "step2") {
    const n = t.numel;
    const big = Tensor.empty([n * 2], dtype);
    for (let i = 0; i < n; i++) (big.storage.data as any)[2 * i] = (t.storage.data as any)[i];
    t = new Tensor(
      big.storage,
      e.shape,
      contiguousStrides(e.shape).map((s) => 2 * s),
      0,
    );
  } else if (e.view === "expand") {
    t = new Tensor(t.storage, [2, ...e.shape], [0, ...contiguousStrides(e.shape)], 0);
  }
  if (e.grad) t.requiresGrad = true;
  return t;
}

export function decArg(a: Case["args"][number]): Operand | null {
  if (a === null) return null;
  if ("t" in a) return decTensor(a.t);
  return decScalar(a);
}

const kwScalar = (v: any): Scalar | null =>
  v === undefined || v === null
    ? null
    : typeof v === "number"
      ? BigInt(v)
      : typeof v === "boolean"
        ? v
        : decScalar(v);
const kwFloat = (v: any, d: number): number =>
  v === undefined ? d : typeof v === "number" ? v : decFloat(v.f);
const kwDtype = (v: any): DType | undefined => (v ? dt(v.dtype) : undefined);

type Result = Tensor | reduce.ValuesIndices | boolean;

/** Run a recorded op with our implementation. */
export function runCase(c: Case, args: (Operand | null)[]): Result {
  const k = c.kwargs;
  const [a, b] = args as [any, any];
  const dim = k.dim === undefined ? undefined : k.dim;
  switch (c.op) {
    case "add":
      return binary.add(a, b);
    case "sub":
      return binary.sub(a, b);
    case "mul":
      return binary.mul(a, b);
    case "truediv":
      return binary.div(a, b);
    case "floordiv":
      return binary.floorDivide(a, b);
    case "mod":
      return binary.remainder(a, b);
    case "pow":
      return binary.pow(a, b);
    case "torch.add":
      return binary.add(a, b, kwScalar(k.alpha) ?? 1n);
    case "torch.sub":
      return binary.sub(a, b, kwScalar(k.alpha) ?? 1n);
    case "torch.div":
      return binary.div(a, b, k.rounding_mode ?? null);
    case "maximum":
      return binary.maximum(a, b);
    case "minimum":
      return binary.minimum(a, b);
    case "eq":
    case "ne":
    case "lt":
    case "le":
    case "gt":
    case "ge":
      return compare[c.op](a, b);
    case "and":
      return logical.bitwiseAnd(a, b);
    case "or":
      return logical.bitwiseOr(a, b);
    case "xor":
      return logical.bitwiseXor(a, b);
    case "invert":
      return logical.invert(a);
    case "bitwise_not":
      return logical.bitwiseNot(a);
    case "logical_not":
      return logical.logicalNot(a);
    case "logical_and":
      return logical.logicalAnd(a, b);
    case "logical_or":
      return logical.logicalOr(a, b);
    case "logical_xor":
      return logical.logicalXor(a, b);
    case "neg":
    case "abs":
    case "exp":
    case "log":
    case "sigmoid":
    case "sqrt":
    case "tanh":
    case "relu":
    case "isnan":
    case "isinf":
    case "isfinite":
      return unary[c.op](a);
    case "clamp":
      return clampOps.clamp(a, kwScalar(k.min), kwScalar(k.max));
    case "sum":
    case "mean":
      return reduce[c.op](a, { dim, keepdim: k.keepdim, dtype: kwDtype(k.dtype) });
    case "prod":
      return reduce.prod(a, { dim, keepdim: k.keepdim, dtype: kwDtype(k.dtype) });
    case "max":
    case "min":
      return dim === undefined ? reduce[c.op](a) : reduce[c.op](a, dim, k.keepdim ?? false);
    case "argmax":
    case "argmin":
      return reduce[c.op](a, dim, k.keepdim ?? false);
    case "any":
    case "all":
      return reduce[c.op](a, { dim, keepdim: k.keepdim });
    case "softmax":
      return softmax(a, Number(b), kwDtype(k.dtype));
    case "log_softmax":
      return logSoftmax(a, Number(b), kwDtype(k.dtype));
    case "matmul":
      return matmul(a, b);
    case "allclose":
      return compareAll.allclose(a, b, {
        rtol: kwFloat(k.rtol, 1e-5),
        atol: kwFloat(k.atol, 1e-8),
        equalNan: k.equal_nan ?? false,
      });
    case "equal":
      return compareAll.equal(a, b);
    case "add_":
      return inplace.add_(a, b, kwScalar(k.alpha) ?? 1n);
    case "sub_":
      return inplace.sub_(a, b, kwScalar(k.alpha) ?? 1n);
    case "mul_":
      return inplace.mul_(a, b);
    case "div_":
      return inplace.div_(a, b, k.rounding_mode ?? null);
    case "ifloordiv":
      return inplace.floorDivide_(a, b);
    case "imod":
      return inplace.remainder_(a, b);
    case "ipow":
      return inplace.pow_(a, b);
    case "iand":
      return inplace.bitwiseAnd_(a, b);
    case "ior":
      return inplace.bitwiseOr_(a, b);
    case "ixor":
      return inplace.bitwiseXor_(a, b);
  }
  throw new Error(`no dispatch for ${c.op}`);
}

/** Relative tolerance of a "ulp" case for each float dtype (about two units in the last place). */
const ULP_TOL: Record<string, number> = {
  float32: 2.5e-7,
  float64: 1e-15,
  float16: 2e-3,
  bfloat16: 1.6e-2,
};

/** Compare a tensor with a recorded one: dtype, shape, values (exact unless tol), grad_fn. */
export function expectTensor(t: Tensor, e: EncTensor, tol?: Tol, label = ""): void {
  expect(t.dtype.name, `${label} dtype`).toBe(e.dtype);
  expect([...t.shape], `${label} shape`).toEqual(e.shape);
  expect(t.numel).toBe(numelOf(e.shape));
  // Values derived from cancelling terms (log_softmax, softmax grads) get 1e-6, the precision
  // the project asks of float32 softmax.
  const rel =
    tol === undefined
      ? 0
      : tol === "ulpAbs" && e.dtype === "float32"
        ? 1e-6
        : (ULP_TOL[e.dtype] ?? 0);
  for (let i = 0; i < e.data.length; i++) {
    const want = e.data[i];
    const got = t.at(i);
    if (typeof want === "boolean") {
      expect(got, `${label}[${i}]`).toBe(want ? 1 : 0);
    } else if (e.dtype !== "bool" && dt(e.dtype).kind === "int") {
      expect(BigInt(got), `${label}[${i}]`).toBe(BigInt(want as string));
    } else {
      const w = decFloat(want as number | string);
      const g = Number(got);
      if (Number.isNaN(w)) expect(g, `${label}[${i}]`).toBeNaN();
      else if (rel === 0 || !Number.isFinite(w) || (w === 0 && tol === "ulp"))
        expect(g, `${label}[${i}]`).toBe(w);
      else {
        const scale = tol === "ulpAbs" ? Math.max(Math.abs(w), 1) : Math.abs(w);
        const err = Math.abs(g - w) / scale;
        expect(err, `${label}[${i}] ${g} vs ${w}`).toBeLessThanOrEqual(rel);
      }
    }
  }
}

export function expectResult(r: Result, expected: any, tol?: Tol): void {
  if (typeof r === "boolean") {
    expect({ bool: r }).toEqual(expected);
    return;
  }
  if (r instanceof Tensor) {
    expectTensor(r, expected, tol, "result");
    expect(r.gradFn?.name ?? null, "grad_fn").toBe(expected.gradFn);
    return;
  }
  expectTensor(r.values, expected.values, tol, "values");
  expectTensor(r.indices, expected.indices, undefined, "indices");
}

/** Run a case and check it against the recording (error text, result, in-place, grads). */
export function checkCase(c: Case): void {
  const args = c.args.map(decArg);
  let r: Result;
  try {
    r = runCase(c, args);
  } catch (err) {
    if (c.error === undefined) throw err;
    if (!(err instanceof TorchError)) throw err;
    expect(`${err.pyType}: ${err.message}`).toBe(c.error);
    return;
  }
  expect(c.error, "expected an error").toBeUndefined();
  expectResult(r, c.result, c.tol);
  if (c.inplace) {
    expect(r === args[0]).toBe(c.inplace.same);
    expect((args[0] as Tensor).version.value).toBe(c.inplace.versionBump);
  }
  if (c.grads) {
    const out = r instanceof Tensor ? r : (r as reduce.ValuesIndices).values;
    if (c.gradOutput === "sum") backward(reduce.sum(out));
    else backward(out, fromFlat(out.dtype, out.shape, c.gradOutput!));
    c.grads.forEach((g, i) => {
      const a = args[i];
      const got = a instanceof Tensor ? a.grad : null;
      if (g === null) expect(got, `grad ${i}`).toBeNull();
      else {
        expect(got, `grad ${i}`).not.toBeNull();
        expectTensor(got!, g, c.tol === "ulpAbs" ? "ulpAbs" : "ulp", `grad ${i}`);
      }
    });
  }
}
