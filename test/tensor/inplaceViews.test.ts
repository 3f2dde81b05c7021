import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { mul } from "../../src/tensor/ops/binary";
import { asStrided, asStrided_ } from "../../src/tensor/ops/asStrided";
import { arange, tensor } from "../../src/tensor/ops/create";
import { tolist } from "../../src/tensor/ops/item";
import { squeeze_, t_, transpose_, unsqueeze_ } from "../../src/tensor/ops/inplaceViews";
import { sum } from "../../src/tensor/ops/reduce";
import { resize_ } from "../../src/tensor/ops/resize";
import { reshape, squeeze, transpose, unsqueeze, view } from "../../src/tensor/ops/views";
import { numelOf } from "../../src/tensor/shape";
import type { Tensor } from "../../src/tensor/tensor";

const shapeArb = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 });

/** The out-of-place view and the in-place op it mirrors, picked by `p`. */
function pair(x: Tensor, p: number): [(t: Tensor) => Tensor, (t: Tensor) => Tensor] {
  const nd = x.ndim;
  switch (p % 3) {
    case 0:
      return [
        (t) => transpose(t, p % nd, (p >> 2) % nd),
        (t) => transpose_(t, p % nd, (p >> 2) % nd),
      ];
    case 1:
      return [(t) => unsqueeze(t, p % (nd + 1)), (t) => unsqueeze_(t, p % (nd + 1))];
    default:
      return [(t) => squeeze(t), (t) => squeeze_(t)];
  }
}

group("in-place view ops (t_, transpose_, unsqueeze_, squeeze_)", () => {
  it("give the receiver the view's geometry, keep its storage and bump the version", () => {
    fc.assert(
      fc.property(shapeArb, fc.array(fc.nat(1000), { minLength: 1, maxLength: 5 }), (shape, ps) => {
        const x = reshape(arange(BigInt(numelOf(shape))), shape);
        const storage = x.storage;
        let expected: Tensor = x;
        ps.forEach((p, k) => {
          const [outOfPlace, inPlace] = pair(x, p);
          expected = outOfPlace(x);
          expect(inPlace(x)).toBe(x);
          expect(x.version.value).toBe(k + 1);
        });
        expect(x.storage).toBe(storage);
        expect(x.shape).toEqual(expected.shape);
        expect(x.strides).toEqual(expected.strides);
        expect(tolist(x)).toEqual(tolist(expected));
      }),
      { seed: 5150, numRuns: 150 },
    );
  });

  it("keep a view a view of its base: writes through it still reach the base", () => {
    const b = arange(6);
    const v = view(b, [2, 3]);
    t_(v);
    expect(v.base).toBe(b);
    (v.storage.data as Float32Array)[v.offset + 1 * v.strides[0]!] = 100;
    expect(tolist(b)).toEqual([0, 100, 2, 3, 4, 5]);
  });

  it("record the in-place node (TBackward1) and route the gradient back", () => {
    const a = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { requiresGrad: true },
    );
    const y = mul(a, 1);
    t_(y);
    expect(y.gradFn?.name).toBe("TBackward1");
    backward(sum(mul(y, reshape(arange(1, 7), [3, 2]))));
    expect(tolist(a.grad!)).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
  });
});

group("resize_", () => {
  it("grows the shared storage for every tensor on it and keeps same-shape strides", () => {
    const x = arange(6);
    const v = view(x, [2, 3]);
    resize_(v, [3, 3]);
    expect(x.storage.data.length).toBe(9);
    expect(v.strides).toEqual([3, 1]);
    const tr = transpose(reshape(arange(6), [2, 3]), 0, 1);
    resize_(tr, [3, 2]);
    expect(tr.strides).toEqual([1, 3]);
    expect(tr.version.value).toBe(1);
  });

  it("refuses tensors that require grad", () => {
    expect(() => resize_(tensor([1, 2], { requiresGrad: true }), [1])).toThrow(
      "cannot resize variables that require grad",
    );
  });
});

group("as_strided", () => {
  it("reads storage positions from the storage start and aliases the base", () => {
    const x = arange(6);
    const v = asStrided(x, [2, 2], [1, 2], 1);
    expect(tolist(v)).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(v.storage).toBe(x.storage);
    expect(() => asStrided(x, [2, 2], [1, 2], 3)).toThrow(/out of bounds for storage of size 24/);
  });

  it("shares a position's gradient among the input elements that reach it", () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const y = mul(a, 1);
    asStrided_(y, [2], [1], 1);
    expect(y.version.value).toBe(1);
    backward(sum(mul(y, tensor([10, 20]))));
    expect(tolist(a.grad!)).toEqual([0, 10, 20]);
  });
});
