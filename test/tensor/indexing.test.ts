import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import { float32 } from "../../src/tensor/dtype";
import { add, mul } from "../../src/tensor/ops/binary";
import { to } from "../../src/tensor/ops/cast";
import { arange, ones, tensor } from "../../src/tensor/ops/create";
import { getItem, setItem, type IndexItem } from "../../src/tensor/ops/indexing";
import { reshape, t, view } from "../../src/tensor/ops/views";
import { backward } from "../../src/tensor/autograd/backward";
import { sum } from "../../src/tensor/ops/reduce";
import { tolist } from "../../src/tensor/ops/item";
import { numelOf } from "../../src/tensor/shape";
import { Tensor } from "../../src/tensor/tensor";
import { attempt, cases, decIndex, decValue, describe, dt, encValues } from "./helpers/coreA";

group("getitem matches PyTorch (views for basic items, copies for advanced)", () => {
  for (const c of cases.indexing) {
    it(`arange(${c.n}).view(${c.shape})[${JSON.stringify(c.items)}]`, () => {
      const base = arange(0, c.n, 1, { dtype: float32, requiresGrad: true });
      const x = view(mul(base, 1n), c.shape);
      const got = attempt(() => describe(getItem(x, decIndex(c.items), { tuple: true }), x));
      expect(got).toEqual(c.result);
    });
  }
});

group("setitem matches PyTorch (writes in place, one version bump)", () => {
  for (const c of cases.setitem) {
    it(`${c.dtype}${JSON.stringify(c.shape)}[${JSON.stringify(c.items)}] = ${JSON.stringify(c.value)}`, () => {
      const x = reshape(to(arange(BigInt(numelOf(c.shape))), dt(c.dtype)), c.shape);
      const got = attempt(() => {
        setItem(x, decIndex(c.items), decValue(c.value));
        return { values: encValues(x), version: x.version.value };
      });
      expect(got).toEqual(c.result);
    });
  }
});

group("aliasing", () => {
  it("advanced indexing results are copies; writing them leaves the base alone", () => {
    const base = arange(6n);
    const picked = getItem(base, [[0, 2]]);
    setItem(picked, [0], -1n);
    expect(encValues(base)).toEqual(["0", "1", "2", "3", "4", "5"]);
  });

  it("x[i] = v through a view writes the base and bumps the shared version once", () => {
    const base = reshape(arange(6n), [2, 3]);
    const row = getItem(base, [1]);
    setItem(row, [{ slice: [null, null, 2] }], 9n);
    expect(encValues(base)).toEqual([
      ["0", "1", "2"],
      ["9", "4", "9"],
    ]);
    expect(base.version.value).toBe(1);
    expect(row.version).toBe(base.version);
  });

  it("the leaf checks run first", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    expect(() => setItem(x, [0], 5)).toThrow(
      "a leaf Variable that requires grad is being used in an in-place operation.",
    );
    expect(() => setItem(getItem(x, [{ slice: [null, 2, null] }]), [0], 5)).toThrow(
      "a view of a leaf Variable that requires grad is being used in an in-place operation.",
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: random subscripts against nested-loop reference indexing.

/** Reference: resolve each item on plain nested arrays. */
function refIndex(data: unknown, shape: number[], items: IndexItem[]): unknown {
  // Only ints, slices with positive steps and int lists (one advanced item) are generated.
  const walk = (x: unknown, dimShape: number[], rest: IndexItem[]): unknown => {
    if (rest.length === 0) return x;
    const [it, ...more] = rest;
    const arr = x as unknown[];
    const size = dimShape[0];
    if (typeof it === "number") {
      const i = it < 0 ? it + size : it;
      return walk(arr[i], dimShape.slice(1), more);
    }
    if (Array.isArray(it))
      return (it as number[]).map((i) => walk(arr[i < 0 ? i + size : i], dimShape.slice(1), more));
    const [start, stop, step] = (it as { slice: [number, number, number] }).slice;
    const out: unknown[] = [];
    for (let i = start; i < Math.min(stop, size); i += step)
      out.push(walk(arr[i], dimShape.slice(1), more));
    return out;
  };
  return walk(data, shape, items);
}

const nested = (t: Tensor): unknown => {
  const build = (d: number, off: number): unknown =>
    d === t.ndim
      ? Number(t.storage.data[off])
      : [...Array(t.shape[d]).keys()].map((i) => build(d + 1, off + i * t.strides[d]));
  return build(0, t.offset);
};

const caseArb = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.tuple(
        ...shape.map((size) =>
          fc.oneof(
            fc.integer({ min: -size, max: size - 1 }),
            fc
              .tuple(fc.nat(size), fc.nat(size), fc.integer({ min: 1, max: 3 }))
              .map(([a, b, s]) => ({ slice: [a, b, s] as [number, number, number] })),
          ),
        ),
      ),
      fc.nat(3),
      fc.array(fc.nat(10), { minLength: 1, maxLength: 3 }),
    ),
  );

group("properties (fast-check, fixed seed)", () => {
  it("basic indexing agrees with a nested-loop reference and shares storage", () => {
    fc.assert(
      fc.property(caseArb, ([shape, items]) => {
        const x = reshape(arange(BigInt(numelOf(shape))), shape);
        const got = getItem(x, items as IndexItem[]);
        expect(got.storage).toBe(x.storage);
        const want = refIndex(nested(x), shape, items as IndexItem[]);
        expect(nested(got)).toEqual(want);
      }),
      { seed: 1234, numRuns: 300 },
    );
  });

  it("one int-list item gives a copy equal to the reference", () => {
    fc.assert(
      fc.property(caseArb, ([shape, items, at, list]) => {
        const pos = at % shape.length;
        const size = shape[pos];
        const idx = list.map((v) => v % size);
        const its = [...items] as IndexItem[];
        its[pos] = idx;
        const x = reshape(arange(BigInt(numelOf(shape))), shape);
        const got = getItem(x, its);
        expect(got.storage).not.toBe(x.storage);
        // Ints before the list collapse dims; the list dim stays in place (adjacent rule).
        expect(nested(got)).toEqual(refIndex(nested(x), shape, its));
      }),
      { seed: 4321, numRuns: 300 },
    );
  });

  it("setitem with a scalar equals writing the reference positions, bumping the version once", () => {
    fc.assert(
      fc.property(caseArb, ([shape, items]) => {
        const x = reshape(arange(BigInt(numelOf(shape))), shape);
        const marked = reshape(arange(BigInt(numelOf(shape))), shape);
        const view = getItem(marked, items as IndexItem[]);
        // Mark the reference positions through the (already verified) view.
        for (let i = 0; i < view.numel; i++)
          (view.storage.data as BigInt64Array)[view.storageIndex(i)] = -1n;
        setItem(x, items as IndexItem[], -1n);
        expect(nested(x)).toEqual(nested(marked));
        expect(x.version.value).toBe(1);
      }),
      { seed: 5678, numRuns: 300 },
    );
  });
});

group("indexing autograd matches PyTorch", () => {
  it("IndexBackward0 accumulates repeated rows", () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const y = getItem(mul(t(x), 1n), [[1, 0, 1]]);
    backward(
      sum(
        mul(
          y,
          tensor([
            [1, 2],
            [3, 4],
            [5, 6],
          ]),
        ),
      ),
    );
    expect({ gradFn: y.gradFn?.name, grad: encValues(x.grad!) }).toEqual(cases.grads.index);
  });

  it("x[1:] = v gives CopySlices and routes the region's gradient to v", () => {
    const v = tensor(3, { requiresGrad: true });
    const y = mul(ones([3]), 2n);
    setItem(y, [{ slice: [1, null, null] }], v);
    backward(sum(mul(y, tensor([1, 2, 3]))));
    expect({ gradFn: y.gradFn?.name, grad: encValues(v.grad!) }).toEqual(cases.grads.setitemSlice);
  });

  it("x[[0, 2]] = 7 gives IndexPutBackward0 and zeroes the written positions' gradient", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = mul(x, 1n);
    setItem(y, [[0, 2]], 7);
    backward(sum(mul(y, tensor([1, 2, 3]))));
    expect({ gradFn: y.gradFn?.name, grad: encValues(x.grad!) }).toEqual(
      cases.grads.setitemIndexPut,
    );
  });

  it("assigning into a view of a non-leaf rewrites the base's history (CopySlices)", () => {
    const x = tensor([1, 2, 3, 4], { requiresGrad: true });
    const h = mul(x, 1n);
    const r = getItem(view(h, [2, 2]), [1]);
    const val = tensor(5, { requiresGrad: true });
    setItem(r, [0], val);
    const names = { base: h.gradFn?.name, view: r.gradFn?.name };
    backward(add(sum(mul(h, tensor([1, 2, 3, 4]))), sum(mul(r, tensor([10, 20])))));
    expect({ ...names, grad: encValues(x.grad!), gradVal: encValues(val.grad!) }).toEqual(
      cases.grads.setitemOnView,
    );
  });
});

group("setitem with a tensor value of another dtype", () => {
  const m = tensor([true, false, true]);
  const run = (items: IndexItem[], value: Tensor): unknown => {
    const x = tensor([1n, 2n, 3n]);
    try {
      setItem(x, items, value);
      return tolist(x);
    } catch (e) {
      return (e as Error).message;
    }
  };
  it("refuses advanced indexing unless a one-element value meets a lone mask", () => {
    expect(run([[0, 2]], tensor([1.5, 2.5]))).toBe(
      "Index put requires the source and destination dtypes match, got Long for the destination and Float for the source.",
    );
    expect(run([m], tensor([9.5]))).toEqual([9n, 2n, 9n]);
    expect(run([m], tensor(1e30))).toBe(
      "value cannot be converted to type int64_t without overflow",
    );
  });
  it("casts through basic indexing, dropping the value's leading size-1 dims", () => {
    expect(run([{ slice: [0, 2, null] }], tensor([[[2.5, 3.5]]]))).toEqual([2n, 3n, 3n]);
    expect(run([0], tensor([[7.9]]))).toEqual([7n, 2n, 3n]);
  });
});
