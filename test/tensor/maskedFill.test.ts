import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { withNoGrad } from "../../src/tensor/autograd/node";
import type { Scalar } from "../../src/tensor/convert";
import { DTYPES, float32, type DType } from "../../src/tensor/dtype";
import { mul } from "../../src/tensor/ops/binary";
import { to } from "../../src/tensor/ops/cast";
import { gt } from "../../src/tensor/ops/compare";
import { data, detach } from "../../src/tensor/ops/copy";
import { arange, tensor, zeros } from "../../src/tensor/ops/create";
import { fill_ } from "../../src/tensor/ops/fill";
import { getItem, setItem } from "../../src/tensor/ops/indexing";
import { maskedFill, maskedFill_ } from "../../src/tensor/ops/maskedFill";
import { sum } from "../../src/tensor/ops/reduce";
import { expand, permute, reshape, transpose, unsqueeze, view } from "../../src/tensor/ops/views";
import { where } from "../../src/tensor/ops/where";
import { broadcastShapes, numelOf } from "../../src/tensor/shape";
import { Tensor } from "../../src/tensor/tensor";
import { attempt, cases, decValue, describe, dt, encValues } from "./helpers/coreA";

/* eslint-disable @typescript-eslint/no-explicit-any */
const maskOf = (m: any, dtype = "bool"): Tensor => {
  const d = dt(dtype);
  const toData = (x: any): any =>
    Array.isArray(x) ? x.map(toData) : d.kind === "int" ? BigInt(Number(x)) : x;
  return tensor(toData(m), { dtype: d });
};

function selfOf(shape: number[], dtype: string): Tensor {
  return reshape(to(arange(1n, BigInt(numelOf(shape) + 1)), dt(dtype)), shape);
}

group("masked_fill / masked_fill_ match PyTorch", () => {
  for (const c of cases.maskedFill) {
    const label = `${c.dtype}${JSON.stringify(c.shape)} mask=${JSON.stringify(c.mask)}${c.maskDtype ? `:${c.maskDtype}` : ""} value=${JSON.stringify(c.value)}`;
    it(label, () => {
      const m = maskOf(c.mask, c.maskDtype);
      if (c.out) {
        const got = attempt(() =>
          describe(maskedFill(selfOf(c.shape, c.dtype), m, decValue(c.value))),
        );
        expect(got).toEqual(c.out);
      }
      const x = selfOf(c.shape, c.dtype);
      const got = attempt(() => {
        const r = maskedFill_(x, m, decValue(c.value));
        return { values: encValues(x), version: x.version.value, same: r === x };
      });
      expect(got).toEqual(c.inplace);
    });
  }
});

group("masked_fill autograd matches PyTorch", () => {
  const g = cases.grads;
  const w3 = () => tensor([1, 2, 3], { requiresGrad: true });

  it("MaskedFillBackward0: grad.masked_fill(mask, 0) summed to self's shape", () => {
    const w = w3();
    const r = maskedFill(
      w,
      tensor([
        [true, false, false],
        [false, false, false],
      ]),
      0,
    );
    backward(
      sum(
        mul(
          r,
          tensor([
            [1, 2, 3],
            [4, 5, 6],
          ]),
        ),
      ),
    );
    expect({ gradFn: r.gradFn?.name, grad: encValues(w.grad!) }).toEqual(g.maskedFillSelf);
  });

  it("MaskedFillBackward1: the value gets where(mask, grad, 0).sum() (self needs no grad)", () => {
    const v = tensor(5, { dtype: DTYPES.float64, requiresGrad: true });
    const r = maskedFill(zeros([2, 3]), tensor([true, false, true]), v);
    backward(
      sum(
        mul(
          r,
          tensor([
            [1, 2, 3],
            [4, 5, 6],
          ]),
        ),
      ),
    );
    expect({ gradFn: r.gradFn?.name, grad: encValues(v.grad!), dtype: r.dtype.name }).toEqual(
      g.maskedFillValue,
    );
  });

  it("only the mask is saved: modifying it breaks backward with PyTorch's message", () => {
    const x = w3();
    const h = mul(x, 2n);
    const m = tensor([true, false, true]);
    maskedFill_(h, m, 0);
    expect(h.gradFn?.name).toBe("MaskedFillBackward0");
    setItem(m, [0], false);
    expect(attempt(() => backward(sum(h)))).toEqual(g.maskedFillMaskModified);
  });

  it("modifying the input after masked_fill is fine", () => {
    const x = w3();
    const h = mul(x, 2n);
    const r = maskedFill(h, tensor([true, false, true]), 0);
    withNoGrad(() => fill_(h, 7));
    backward(sum(mul(r, tensor([1, 2, 3]))));
    expect({ gradFn: r.gradFn?.name, grad: encValues(x.grad!) }).toEqual(g.maskedFillInputModified);
  });

  it("in place on a non-leaf rebases its history", () => {
    const x = w3();
    const h = mul(x, 2n);
    maskedFill_(h, tensor([true, false, false]), 0);
    backward(sum(mul(h, tensor([1, 2, 3]))));
    expect({ gradFn: h.gradFn?.name, grad: encValues(x.grad!), version: h.version.value }).toEqual(
      g.maskedFillInplace,
    );
  });

  it("in place on a view of a non-leaf gives the base CopySlices and the view AsStridedBackward0", () => {
    const x = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { requiresGrad: true },
    );
    const h = mul(x, 2n);
    const v = getItem(h, [{ slice: [null, null, null] }, { slice: [1, null, null] }], {
      tuple: true,
    });
    maskedFill_(v, tensor([true, false]), 0);
    const names = { base: h.gradFn?.name, view: v.gradFn?.name };
    backward(
      sum(
        mul(
          h,
          tensor([
            [1, 2, 3],
            [4, 5, 6],
          ]),
        ),
      ),
    );
    expect({ ...names, grad: encValues(x.grad!), h: encValues(h) }).toEqual(g.maskedFillOnView);
  });

  it("leaf checks come first", () => {
    const x = tensor([0.1, 0.2], { requiresGrad: true });
    expect(attempt(() => maskedFill_(x, tensor([true, false]), 0))).toEqual(g.maskedFillLeaf);
    const v = getItem(x, [{ slice: [null, 1, null] }]);
    expect(attempt(() => maskedFill_(v, tensor([true]), 0))).toEqual(g.maskedFillViewOfLeaf);
    expect(x.version.value).toBe(0);
  });

  it("under no_grad a leaf may be filled and still bumps the version", () => {
    const x = tensor([0.1, 0.2], { requiresGrad: true });
    withNoGrad(() => maskedFill_(x, tensor([true, false]), 0));
    expect(encValues(x)).toEqual([0, Math.fround(0.2)]);
    expect(x.version.value).toBe(1);
    expect(x.gradFn).toBeNull();
  });
});

group("aliasing and versions (oracle alias/* cases)", () => {
  it("an expanded self is written through every alias", () => {
    const base = tensor([1, 2, 3]);
    const x = expand(base, [2, 3]);
    maskedFill_(
      x,
      tensor([
        [true, false, false],
        [false, false, false],
      ]),
      0,
    );
    expect(encValues(x)).toEqual([
      [0, 2, 3],
      [0, 2, 3],
    ]);
    expect(encValues(base)).toEqual([0, 2, 3]);
    expect([...x.strides]).toEqual([0, 1]);
  });

  it("detach shares storage and version, .data only storage", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const d = detach(x);
    maskedFill_(d, tensor([false, true, false]), 0);
    const dd = data(x);
    maskedFill_(dd, tensor([true, false, false]), 9);
    expect({
      x: encValues(x),
      dReq: d.requiresGrad,
      xVersion: x.version.value,
      dVersion: d.version.value,
      ddVersion: dd.version.value,
      dBase: d.base === null,
      ddBase: dd.base === null,
    }).toEqual(cases.grads.detachData);
  });

  it("nested views share one counter", () => {
    const base = arange(0, 12, 1, { dtype: float32 });
    const grid = view(base, [3, 4]);
    const inner = getItem(grid, [{ slice: [1, null, null] }, { slice: [1, 3, null] }]);
    expect([inner.offset, [...inner.strides], inner.isContiguous()]).toEqual([5, [4, 1], false]);
    maskedFill_(inner, gt(inner, 6), -1);
    expect(encValues(grid)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, -1, -1, 11],
    ]);
    expect([base.version.value, grid.version.value, inner.version.value]).toEqual([1, 1, 1]);
  });

  it("partial self/mask overlap is refused, full overlap allowed", () => {
    const b = tensor([true, false, true, false]);
    expect(
      attempt(() =>
        maskedFill_(
          getItem(b, [{ slice: [null, 3, null] }]),
          getItem(b, [{ slice: [1, null, null] }]),
          false,
        ),
      ),
    ).toEqual(cases.misc.maskedFillOverlap);
    maskedFill_(b, b, false);
    expect({ values: encValues(b) }).toEqual(cases.misc.maskedFillFullOverlap);
  });

  it("chains return the receiver", () => {
    const x = arange(5n);
    const y = maskedFill_(
      maskedFill_(x, gt(x, 2n), 0n),
      tensor([false, true, false, false, false]),
      9n,
    );
    expect(y).toBe(x);
    expect(encValues(x)).toEqual(["0", "9", "2", "0", "0"]);
    expect(x.version.value).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties against a naive nested-index reference.

const DTYPE_NAMES = [
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

/** A value that converts without overflow into every dtype. */
const valueFor = (d: DType, k: number): Scalar =>
  d.kind === "bool" ? k % 2 === 0 : d.kind === "int" ? BigInt(k % 100) : (k % 100) / 4;

/** Naive reference: for each logical index of the broadcast shape, pick value or self. */
function reference(self: Tensor, mask: Tensor, value: Scalar): unknown[] {
  const shape = broadcastShapes(mask.shape, self.shape);
  const out: unknown[] = [];
  const n = numelOf(shape);
  const filled = tensor([value as never], { dtype: self.dtype }).at(0);
  for (let i = 0; i < n; i++) {
    // Decompose i into coordinates of `shape`, then read both operands with broadcasting.
    const coord: number[] = [];
    let r = i;
    for (let d = shape.length - 1; d >= 0; d--) {
      coord[d] = r % shape[d];
      r = Math.floor(r / shape[d]);
    }
    const read = (t: Tensor): number | bigint => {
      let idx = t.offset;
      const lead = shape.length - t.ndim;
      for (let d = 0; d < t.ndim; d++)
        idx += (t.shape[d] === 1 ? 0 : coord[lead + d]) * t.strides[d];
      return t.dtype.kind === "float" && t.dtype.itemsize === 2
        ? new Tensor(t.storage, [], [], idx).at(0)
        : t.storage.data[idx];
    };
    out.push(read(mask) ? filled : read(self));
  }
  return out;
}

const flatValues = (t: Tensor): unknown[] => [...Array(t.numel).keys()].map((i) => t.at(i));

/** A random strided self: a contiguous block viewed through transpose/permute/slice/expand. */
const caseArb = fc
  .record({
    shape: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 4 }),
    dtype: fc.constantFrom(...DTYPE_NAMES),
    layout: fc.nat(5),
    maskDrop: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    maskLead: fc.nat(2),
    bits: fc.array(fc.boolean(), { minLength: 1, maxLength: 256 }),
    k: fc.nat(1000),
  })
  .map((c) => c);

function makeSelf(shape: number[], dtype: DType, layout: number): Tensor {
  const n = numelOf(shape);
  const src = to(arange(1n, BigInt(n + 1)), dtype);
  const nd = shape.length;
  if (nd >= 2 && layout === 1) {
    // Transposed storage: build the reversed shape, then permute back.
    const rev = [...shape].reverse();
    return permute(reshape(src, rev), [...Array(nd).keys()].reverse());
  }
  if (nd >= 2 && layout === 2) {
    const sw = [...shape];
    [sw[0], sw[nd - 1]] = [sw[nd - 1], sw[0]];
    return transpose(reshape(src, sw), 0, nd - 1);
  }
  if (nd >= 1 && layout === 3) {
    // Every other element of a twice-as-long buffer.
    const big = to(arange(1n, BigInt(2 * n + 1)), dtype);
    const wide = reshape(big, [...shape.slice(0, -1), 2 * shape[nd - 1]]);
    const items = shape.map(() => ({ slice: [null, null, null] as [null, null, null] }));
    items[nd - 1] = { slice: [null, null, 2] as never };
    return getItem(wide, items, { tuple: true });
  }
  return reshape(src, shape);
}

function makeMask(c: {
  shape: number[];
  maskDrop: boolean[];
  maskLead: number;
  bits: boolean[];
}): Tensor {
  // Mask shape: some dims of self squeezed to 1, some leading dims dropped (broadcast).
  const lead = Math.min(c.maskLead, c.shape.length);
  const ms = c.shape.slice(lead).map((s, i) => (c.maskDrop[i] ? 1 : s));
  const n = numelOf(ms);
  const flat = [...Array(n).keys()].map((i) => c.bits[i % c.bits.length]);
  return reshape(tensor(flat.length ? flat : [true]), ms);
}

group("properties (fast-check, fixed seed)", () => {
  it("masked_fill equals a naive reference over random strides, dtypes and broadcast masks", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = dt(c.dtype);
        const self = makeSelf(c.shape, d, c.layout);
        const mask = makeMask(c);
        const value = valueFor(d, c.k);
        const before = flatValues(self);
        const want = reference(self, mask, value);
        const out = maskedFill(self, mask, value);
        expect(flatValues(out)).toEqual(want);
        expect(out.isContiguous()).toBe(true);
        // Out-of-place never mutates its input.
        expect(flatValues(self)).toEqual(before);
        expect(self.version.value).toBe(0);
      }),
      { seed: 20240611, numRuns: 400 },
    );
  });

  it("masked_fill_ writes the same values in place, returns self and bumps the version once", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = dt(c.dtype);
        const self = makeSelf(c.shape, d, c.layout);
        const mask = makeMask(c);
        const value = valueFor(d, c.k);
        const want = reference(self, mask, value);
        const r = maskedFill_(self, mask, value);
        expect(r).toBe(self);
        expect(flatValues(self)).toEqual(want);
        expect(self.version.value).toBe(1);
      }),
      { seed: 8675309, numRuns: 400 },
    );
  });

  it("maskedFill(x, m, v) equals where(m, v, x)", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = dt(c.dtype);
        const self = makeSelf(c.shape, d, c.layout);
        const mask = makeMask(c);
        const v = tensor(valueFor(d, c.k) as never, { dtype: d });
        expect(flatValues(maskedFill(self, mask, v))).toEqual(flatValues(where(mask, v, self)));
      }),
      { seed: 31337, numRuns: 300 },
    );
  });

  it("an expanded self (stride 0) is filled wherever any alias is masked", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
        (n, rows, bits) => {
          const base = arange(0, n, 1, { dtype: float32 });
          const x = expand(unsqueeze(base, 0), [rows, n]);
          const m = reshape(tensor(bits.slice(0, rows * n)), [rows, n]);
          maskedFill_(x, m, -1);
          for (let j = 0; j < n; j++) {
            const any = [...Array(rows).keys()].some((i) => bits[i * n + j]);
            expect(base.at(j)).toBe(any ? -1 : j);
          }
        },
      ),
      { seed: 2718, numRuns: 200 },
    );
  });
});
