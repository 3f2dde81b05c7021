import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskedFillKernelFast } from "../../scripts/bench/prototypes/maskedFillKernel";
import { softmaxRows32Fast } from "../../scripts/bench/prototypes/softmaxRows";
import type { Raw } from "../../src/tensor/convert";
import { bool, DTYPES, type DType } from "../../src/tensor/dtype";
import { contiguousStrides, numelOf } from "../../src/tensor/shape";
import { Storage } from "../../src/tensor/storage";
import { Tensor } from "../../src/tensor/tensor";

// The prototypes are proposed replacements for tensor-core kernels, so they are checked the
// way the core's kernels are: against a naive element-by-element reference on random shapes,
// broadcasts, permuted views and storage offsets.

/** A tensor over `numel + offset` elements of fresh storage, viewed with `perm` applied. */
function makeTensor(
  dtype: DType,
  shape: number[],
  perm: number[],
  offset: number,
  fill: (i: number) => Raw,
): Tensor {
  const n = numelOf(shape);
  const data = dtype.alloc(n + offset);
  for (let i = 0; i < n + offset; i++) (data as unknown as Raw[])[i] = fill(i);
  const base = new Tensor(new Storage(data, dtype), shape, contiguousStrides(shape), offset);
  return base.viewAs(
    perm.map((d) => shape[d]),
    perm.map((d) => base.strides[d]),
    offset,
  );
}

/** Storage index of self's logical element k, and the mask element it reads when broadcast. */
function reference(self: Tensor, mask: Tensor, raw: Raw): Raw[] {
  const out = Array.from(self.storage.data as unknown as ArrayLike<Raw>);
  const nd = self.ndim;
  const lead = nd - mask.ndim;
  for (let k = 0; k < self.numel; k++) {
    let rest = k;
    let mi = mask.offset;
    for (let d = nd - 1; d >= 0; d--) {
      const i = rest % self.shape[d];
      rest = (rest - i) / self.shape[d];
      const md = d - lead;
      if (md >= 0 && mask.shape[md] !== 1) mi += i * mask.strides[md];
    }
    if ((mask.storage.data as Uint8Array)[mi]) out[self.storageIndex(k)] = raw;
  }
  return out;
}

const dtypeNames = ["float32", "int32", "int16", "uint8", "float64", "int64"] as const;

const caseArb = fc
  .record({
    shape: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
    dtype: fc.constantFrom(...dtypeNames),
    selfPermSeed: fc.integer(),
    maskPermSeed: fc.integer(),
    ones: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    dropLead: fc.integer({ min: 0, max: 2 }),
    selfOffset: fc.integer({ min: 0, max: 5 }),
    maskOffset: fc.integer({ min: 0, max: 5 }),
    seed: fc.integer({ min: 1, max: 1e6 }),
  })
  .map((c) =>
    // A quarter of the cases: self and mask contiguous with the same shape (the select path).
    c.seed % 4 === 1
      ? {
          ...c,
          bigDim: 0,
          selfPermSeed: 0,
          maskPermSeed: 0,
          ones: [false, false, false, false],
          dropLead: 0,
        }
      : { ...c, bigDim: c.seed % 3 === 0 ? 70 + (c.seed % 80) : 0 },
  );

function permutation(n: number, seed: number): number[] {
  const p = [...Array(n).keys()];
  if (seed === 0) return p;
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

describe("prototype masked fill kernel", () => {
  it("writes exactly what the naive reference writes", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        // Sometimes two dims longer than a 64-wide tile (after at most one small leading dim),
        // to reach the tiled transposed path.
        const shape = c.bigDim
          ? [...c.shape.slice(0, 1).map((s) => Math.min(s, 2)), 130 - (c.bigDim % 50), c.bigDim]
          : [...c.shape];
        const dtype = DTYPES[c.dtype];
        const int64 = dtype.name === "int64";
        const self = makeTensor(
          dtype,
          shape,
          permutation(shape.length, c.selfPermSeed),
          c.selfOffset,
          (i) => (int64 ? BigInt(i * 7 - 3) : (i * 7) % 120),
        );
        // The mask's shape: self's logical shape with some dims set to 1 and leading dims
        // dropped (a broadcast), laid out in its own permuted order.
        const mShape = self.shape
          .slice(Math.min(c.dropLead, self.ndim - 1))
          .map((s, i) => (c.ones[i] ? 1 : s));
        const mPerm = permutation(mShape.length, c.maskPermSeed);
        const inv = mPerm.map((_, i) => mPerm.indexOf(i));
        let r = c.seed;
        const maskStore = makeTensor(
          bool,
          inv.map((d) => mShape[d]),
          [...mShape.keys()],
          c.maskOffset,
          () => {
            r = (Math.imul(r, 1103515245) + 12345) >>> 0;
            return (r >>> 16) & 1;
          },
        );
        const mask = maskStore.viewAs(
          mShape,
          mPerm.map((d) => maskStore.strides[d]),
          maskStore.offset,
        );
        const raw: Raw = int64 ? -5n : dtype.name === "uint8" ? 201 : -5;
        const want = reference(self, mask, raw);
        maskedFillKernelFast(self, mask, raw);
        expect(Array.from(self.storage.data as unknown as ArrayLike<Raw>)).toEqual(want);
      }),
      { seed: 20261126, numRuns: 300 },
    );
  });
});

describe("prototype softmax rows", () => {
  function reference64(x: number[]): number[] {
    const m = Math.max(...x);
    const e = x.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  }

  it("is within 1e-6 relative of float64 softmax on rows of many lengths and ranges", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.integer(),
        (n, rows, spread, seed) => {
          let r = seed >>> 0;
          const src = new Float32Array(rows * n + 3);
          for (let i = 0; i < src.length; i++) {
            r = (Math.imul(r, 1103515245) + 12345) >>> 0;
            src[i] = ((r / 2 ** 32) * 2 - 1) * spread;
          }
          const dst = new Float32Array(rows * n);
          softmaxRows32Fast(src, 3, dst, rows, n);
          for (let k = 0; k < rows; k++) {
            const want = reference64(Array.from(src.subarray(3 + k * n, 3 + (k + 1) * n)));
            want.forEach((w, i) => {
              const got = dst[k * n + i];
              // Values below float32's normal range have absolute, not relative, precision.
              if (w < 1e-37) expect(Math.abs(got - w)).toBeLessThan(1e-37);
              else expect(Math.abs(got - w) / w).toBeLessThanOrEqual(1e-6);
            });
          }
        },
      ),
      { seed: 20261126, numRuns: 300 },
    );
  });

  it("gives PyTorch 2.13's results on rows with NaN and infinities", () => {
    // Recorded with torch.softmax(torch.tensor(row), 0) on PyTorch 2.13.
    const cases: [number[], number[]][] = [
      [
        [1, Infinity],
        [NaN, NaN],
      ],
      [
        [1, -Infinity],
        [1, 0],
      ],
      [
        [-Infinity, -Infinity],
        [NaN, NaN],
      ],
      [
        [1, NaN],
        [NaN, NaN],
      ],
    ];
    for (const [row, want] of cases) {
      const dst = new Float32Array(row.length);
      softmaxRows32Fast(new Float32Array(row), 0, dst, 1, row.length);
      expect(Array.from(dst)).toEqual(want);
    }
    // 21 elements: the 4-wide loop and its tail both see the inf.
    const long = new Float32Array(21).fill(1);
    long[20] = Infinity;
    const dst = new Float32Array(21);
    softmaxRows32Fast(long, 0, dst, 1, 21);
    expect(dst.every((v) => Number.isNaN(v))).toBe(true);
  });
});
