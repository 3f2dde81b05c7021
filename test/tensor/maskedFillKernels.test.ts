import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DTYPES, bool, type DType } from "../../src/tensor/dtype";
import { tensor } from "../../src/tensor/ops/create";
import { maskedFill, maskedFill_ } from "../../src/tensor/ops/maskedFill";
import { expand } from "../../src/tensor/ops/views";
import { numelOf } from "../../src/tensor/shape";
import { Storage } from "../../src/tensor/storage";
import { Tensor } from "../../src/tensor/tensor";

// The kernel's fast paths (word-at-a-time mask reads at every alignment, a mask row repeated
// over outer dims, 64x64 tiles for a self whose unit stride crosses the mask's) checked
// against an element-by-element reference on larger shapes than maskedFill.test.ts uses, so
// that tile edges, unaligned mask offsets and mask words of all 0 / all 1 all occur.

const DTYPE_LIST = Object.values(DTYPES) as DType[];

/** A storage of `size` elements with distinct-ish bit patterns (raw words, any dtype). */
function storageOf(dtype: DType, size: number, seed: number): Storage {
  const data = dtype.alloc(size);
  for (let i = 0; i < size; i++) {
    const r = (Math.imul(i + 1, 2654435761) ^ seed) >>> 0;
    if (dtype.name === "int64") (data as BigInt64Array)[i] = BigInt(r) - 2147483648n;
    else if (dtype.name === "bool") data[i] = r & 1;
    else if (dtype.name === "float16" || dtype.name === "bfloat16")
      data[i] = r & 0x7bff; // finite, positive: no NaN whose equality would be ambiguous
    else if (dtype.kind === "float") data[i] = (r % 20001) - 10000 + 0.25;
    else data[i] = r % 100;
  }
  return new Storage(data, dtype);
}

/** Row-major strides of `shape` laid out with dims in `perm` order, times `step`. */
function stridesFor(shape: number[], perm: number[], step: number): number[] {
  const strides = shape.map(() => 0);
  let acc = step;
  for (let k = perm.length - 1; k >= 0; k--) {
    strides[perm[k]] = acc;
    acc *= shape[perm[k]];
  }
  return strides;
}

function bitsFor(kind: number, n: number, seed: number): number[] {
  const out: number[] = [];
  let run = 0;
  let cur = 0;
  for (let i = 0; i < n; i++) {
    const r = (Math.imul(i + seed, 2246822519) >>> 7) & 1023;
    if (kind === 0)
      out.push(r & 1); // random
    else if (kind === 1) out.push(1);
    else if (kind === 2) out.push(0);
    else {
      // runs of 0..40: whole mask words of one value, and ragged edges
      if (run === 0) {
        cur ^= 1;
        run = r % 41;
      }
      run = Math.max(0, run - 1);
      out.push(cur);
    }
  }
  return out;
}

interface Case {
  self: Tensor;
  mask: Tensor;
}

const caseArb = fc
  .record({
    kind: fc.constantFrom("dense", "row", "attn", "transposed", "strided", "maskT"),
    dtype: fc.constantFrom(...DTYPE_LIST.map((d) => d.name)),
    a: fc.integer({ min: 1, max: 200 }),
    b: fc.integer({ min: 1, max: 200 }),
    lead: fc.integer({ min: 1, max: 3 }),
    selfOffset: fc.integer({ min: 0, max: 5 }),
    maskOffset: fc.integer({ min: 0, max: 7 }),
    bitsKind: fc.integer({ min: 0, max: 3 }),
    seed: fc.nat(1 << 20),
    inPlace: fc.boolean(),
  })
  .map((c): Case & { dtype: DType; inPlace: boolean; seed: number } => {
    const dtype = DTYPES[c.dtype as keyof typeof DTYPES];
    let shape: number[];
    let perm: number[];
    let step = 1;
    let maskShape: number[];
    let maskPerm: number[];
    if (c.kind === "attn") {
      const s = Math.min(c.a, 40);
      shape = [c.lead, 3, s, s];
      perm = [0, 1, 2, 3];
      maskShape = [c.lead, 1, 1, s];
    } else {
      shape = c.kind === "row" ? [c.lead, c.a, c.b] : [c.a, c.b];
      perm = shape.map((_, i) => i);
      maskShape = c.kind === "row" ? [c.b] : [c.a, c.b];
    }
    maskPerm = maskShape.map((_, i) => i);
    if (c.kind === "transposed") perm = [1, 0];
    if (c.kind === "strided") step = 2;
    if (c.kind === "maskT") maskPerm = [1, 0];
    if (c.kind === "row" && c.seed % 3 === 0) perm = [0, 2, 1]; // row mask over a transposed self
    const numel = numelOf(shape);
    const self = new Tensor(
      storageOf(dtype, c.selfOffset + numel * step, c.seed),
      shape,
      stridesFor(shape, perm, step),
      c.selfOffset,
    );
    const mn = numelOf(maskShape);
    const bits = bitsFor(c.bitsKind, c.maskOffset + mn, c.seed);
    const mask = new Tensor(
      new Storage(Uint8Array.from(bits), bool),
      maskShape,
      stridesFor(maskShape, maskPerm, 1),
      c.maskOffset,
    );
    return { self, mask, dtype, inPlace: c.inPlace, seed: c.seed };
  });

function flat(t: Tensor): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < t.numel; i++) out.push(t.at(i));
  return out;
}

/** Reference: element i of the result is value where the broadcast mask is set, else self. */
function reference(self: Tensor, mask: Tensor, value: unknown): unknown[] {
  const m = expand(mask, [...self.shape]);
  const s = flat(self);
  return s.map((x, i) => (m.at(i) ? value : x));
}

const valueFor = (d: DType, seed: number): number | bigint | boolean =>
  d.kind === "bool" ? seed % 2 === 0 : d.kind === "int" ? BigInt(seed % 100) : (seed % 97) / 8;

describe("masked_fill kernels: fast paths against an element-wise reference", () => {
  it("every layout, dtype, mask alignment and density, in and out of place", () => {
    fc.assert(
      fc.property(caseArb, ({ self, mask, dtype, inPlace, seed }) => {
        const value = valueFor(dtype, seed);
        const filled = tensor([value as never], { dtype }).at(0);
        const want = reference(self, mask, filled);
        if (inPlace) {
          maskedFill_(self, mask, value);
          expect(flat(self)).toEqual(want);
        } else {
          const before = flat(self);
          const out = maskedFill(self, mask, value);
          expect(flat(out)).toEqual(want);
          expect(flat(self)).toEqual(before);
        }
      }),
      { seed: 424242, numRuns: 300 },
    );
  });

  it("elements outside self's view are never written", () => {
    fc.assert(
      fc.property(caseArb, ({ self, mask, dtype, seed }) => {
        const data = self.storage.data;
        const before = Array.from(data as ArrayLike<number | bigint>);
        maskedFill_(self, mask, valueFor(dtype, seed));
        const touched = new Set<number>();
        for (let i = 0; i < self.numel; i++) touched.add(self.storageIndex(i));
        for (let k = 0; k < before.length; k++)
          if (!touched.has(k)) expect(data[k]).toBe(before[k]);
      }),
      { seed: 1234567, numRuns: 150 },
    );
  });
});
