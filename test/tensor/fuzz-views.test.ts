// The core against a naive reference where maskedFill.test.ts does not reach: arbitrary strided
// views (any permutation, any step, any offset) over a shared buffer, non-contiguous masks, and
// special fill values, for every dtype. masked_fill_ on a view must write exactly the masked
// positions of the underlying buffer and leave every other element of it untouched; the
// out-of-place form must leave the buffer alone and agree with the in-place one.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Scalar } from "../../src/tensor/convert";
import { DTYPES, type DType, type DTypeName } from "../../src/tensor/dtype";
import { to } from "../../src/tensor/ops/cast";
import { arange, tensor } from "../../src/tensor/ops/create";
import { maskedFill, maskedFill_ } from "../../src/tensor/ops/maskedFill";
import { permute, reshape } from "../../src/tensor/ops/views";
import { broadcastShapes, numelOf } from "../../src/tensor/shape";
import { Tensor } from "../../src/tensor/tensor";

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const NAMES = Object.keys(DTYPES) as DTypeName[];

const values = (t: Tensor): unknown[] => Array.from({ length: t.numel }, (_, i) => t.at(i));

/** Storage index of each logical element of `t`, in row-major order. */
function storageIndices(t: Tensor): number[] {
  const out: number[] = [];
  const n = t.numel;
  for (let i = 0; i < n; i++) {
    let r = i;
    let idx = t.offset;
    for (let d = t.ndim - 1; d >= 0; d--) {
      idx += (r % t.shape[d]) * t.strides[d];
      r = Math.floor(r / t.shape[d]);
    }
    out.push(idx);
  }
  return out;
}

const viewArb = fc.record({
  shape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 }),
  steps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
  order: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
  pad: fc.nat(5),
  offsetSeed: fc.nat(),
  dtype: fc.constantFrom(...NAMES),
  maskKeep: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  maskLead: fc.nat(2),
  maskTransposed: fc.boolean(),
  bits: fc.array(fc.boolean(), { minLength: 1, maxLength: 128 }),
  valueKind: fc.nat(7),
});

type ViewCase = typeof viewArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * A buffer and a view of it that never overlaps itself: each dim walks a padded block
 * (shape * step), the blocks are laid out in a random order, and the whole sits at a random
 * offset inside a slightly larger buffer.
 */
function makeCase(c: ViewCase): { base: Tensor; view: Tensor } {
  const d = DTYPES[c.dtype];
  const nd = c.shape.length;
  const padded = c.shape.map((s, i) => s * c.steps[i]);
  const layout = [...Array(nd).keys()].sort((a, b) => c.order[a] - c.order[b] || a - b);
  const strides: number[] = new Array(nd).fill(0);
  let span = 1;
  for (let k = nd - 1; k >= 0; k--) {
    const dim = layout[k];
    strides[dim] = span * c.steps[dim];
    span *= padded[dim];
  }
  const offset = c.pad === 0 ? 0 : c.offsetSeed % (c.pad + 1);
  const size = span + c.pad;
  const base = to(arange(1n, BigInt(size + 1)), d);
  return { base, view: base.viewAs(c.shape, strides, offset) };
}

/** A bool mask that broadcasts to `shape`, possibly laid out transposed in memory. */
function makeMask(c: ViewCase, shape: readonly number[]): Tensor {
  const lead = Math.min(c.maskLead, shape.length);
  const ms = shape.slice(lead).map((s, i) => (c.maskKeep[i] ? s : 1));
  const bits = Array.from({ length: numelOf(ms) }, (_, i) => c.bits[i % c.bits.length]);
  if (c.maskTransposed && ms.length >= 2) {
    // Same logical mask, stored with its dims reversed.
    const rev = [...ms].reverse();
    const revBits = Array.from({ length: bits.length }, (_, j) => {
      // j indexes the reversed layout; find the logical index it holds.
      let r = j;
      const coord: number[] = new Array(rev.length);
      for (let k = rev.length - 1; k >= 0; k--) {
        coord[k] = r % rev[k];
        r = Math.floor(r / rev[k]);
      }
      const logical = [...coord].reverse();
      let flat = 0;
      for (let k = 0; k < ms.length; k++) flat = flat * ms[k] + logical[k];
      return bits[flat];
    });
    const stored = reshape(tensor(revBits.length ? revBits : [true]), rev);
    return permute(stored, [...Array(ms.length).keys()].reverse());
  }
  return reshape(tensor(bits.length ? bits : [true]), ms);
}

function fillValue(d: DType, kind: number): Scalar {
  if (d.kind === "bool") return kind % 2 === 0;
  if (d.kind === "int") return BigInt((kind * 37) % 100) - 3n;
  return [-Infinity, Number.NaN, Infinity, -0, 0.5, -2.25, 1000, 3][kind % 8];
}

/** The logical mask bit for each element of the broadcast shape. */
function maskBits(mask: Tensor, shape: readonly number[]): boolean[] {
  const n = numelOf(shape);
  const out: boolean[] = [];
  const lead = shape.length - mask.ndim;
  for (let i = 0; i < n; i++) {
    let r = i;
    let idx = mask.offset;
    for (let d = shape.length - 1; d >= 0; d--) {
      const coord = r % shape[d];
      r = Math.floor(r / shape[d]);
      const md = d - lead;
      if (md >= 0 && mask.shape[md] !== 1) idx += coord * mask.strides[md];
    }
    out.push(Boolean(mask.storage.data[idx]));
  }
  return out;
}

describe("masked_fill over arbitrary strided views (naive reference)", () => {
  it("masked_fill_ on a view writes exactly the masked elements of the shared buffer", () => {
    fc.assert(
      fc.property(viewArb, (c) => {
        const { base, view } = makeCase(c);
        const mask = makeMask(c, view.shape);
        const value = fillValue(base.dtype, c.valueKind);
        const cast = tensor([value as never], { dtype: base.dtype }).at(0);
        const want = values(base);
        const bits = maskBits(mask, view.shape);
        storageIndices(view).forEach((s, i) => {
          if (bits[i]) want[s] = cast;
        });
        const r = maskedFill_(view, mask, value);
        expect(r).toBe(view);
        expect(values(base)).toEqual(want);
        // The view and its base share one version counter, bumped once.
        expect(base.version.value).toBe(1);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("masked_fill on a view leaves the buffer alone and equals the in-place result", () => {
    fc.assert(
      fc.property(viewArb, (c) => {
        const { base, view } = makeCase(c);
        const mask = makeMask(c, view.shape);
        const value = fillValue(base.dtype, c.valueKind);
        const before = values(base);
        const out = maskedFill(view, mask, value);
        expect(values(base)).toEqual(before);
        expect(base.version.value).toBe(0);
        expect(out.shape).toEqual(broadcastShapes(mask.shape, view.shape));
        expect(out.isContiguous()).toBe(true);
        maskedFill_(view, mask, value);
        expect(values(out)).toEqual(values(view));
      }),
      { seed: SEED + 1, numRuns: 400 },
    );
  });

  it("a mask with more dims than self broadcasts out of place and is refused in place", () => {
    fc.assert(
      fc.property(viewArb, fc.integer({ min: 2, max: 3 }), (c, extra) => {
        const { base, view } = makeCase(c);
        const mask = reshape(
          tensor(
            Array.from(
              { length: extra * Math.max(1, view.numel) },
              (_, i) => c.bits[i % c.bits.length],
            ),
          ),
          [extra, ...view.shape],
        );
        const value = fillValue(base.dtype, c.valueKind);
        const before = values(base);
        expect(maskedFill(view, mask, value).shape).toEqual([extra, ...view.shape]);
        expect(() => maskedFill_(view, mask, value)).toThrow();
        expect(values(base)).toEqual(before);
      }),
      { seed: SEED + 2, numRuns: 200 },
    );
  });
});
