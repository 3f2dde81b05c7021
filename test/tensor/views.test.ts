import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import { float32 } from "../../src/tensor/dtype";
import { to } from "../../src/tensor/ops/cast";
import { clone, contiguous, detach } from "../../src/tensor/ops/copy";
import { arange, tensor } from "../../src/tensor/ops/create";
import { getItem } from "../../src/tensor/ops/indexing";
import { backward } from "../../src/tensor/autograd/backward";
import { add, mul } from "../../src/tensor/ops/binary";
import { sum } from "../../src/tensor/ops/reduce";
import { tolist } from "../../src/tensor/ops/item";
import { tril, triu } from "../../src/tensor/ops/triangular";
import {
  computeViewStrides,
  expand,
  flatten,
  mT,
  permute,
  reshape,
  squeeze,
  t,
  T,
  transpose,
  unsqueeze,
  view,
} from "../../src/tensor/ops/views";
import { contiguousStrides, numelOf } from "../../src/tensor/shape";
import { Tensor } from "../../src/tensor/tensor";
import { attempt, cases, decIndex, describe, dt, encValues } from "./helpers/coreA";

/* eslint-disable @typescript-eslint/no-explicit-any */
export function applyStep(x: Tensor, step: any[]): Tensor {
  const [op, ...a] = step;
  switch (op) {
    case "view":
      return view(x, a[0]);
    case "reshape":
      return reshape(x, a[0]);
    case "flatten":
      return flatten(x, a[0] ?? 0, a[1] ?? -1);
    case "t":
      return t(x);
    case "T":
      return T(x);
    case "mT":
      return mT(x);
    case "transpose":
      return transpose(x, a[0], a[1]);
    case "permute":
      return permute(x, a[0]);
    case "unsqueeze":
      return unsqueeze(x, a[0]);
    case "squeeze":
      return squeeze(x, a[0]);
    case "expand":
      return expand(x, a[0]);
    case "contiguous":
      return contiguous(x);
    case "clone":
      return clone(x);
    case "detach":
      return detach(x);
    case "getitem":
      return getItem(x, decIndex(a[0]), { tuple: true });
    case "triu":
      return triu(x, a[0]);
    case "tril":
      return tril(x, a[0]);
    case "to":
      return to(x, dt(a[0]));
  }
  throw new Error(`unknown step ${op}`);
}

group("views, reshapes and copies match PyTorch's metadata", () => {
  for (const c of cases.views) {
    it(`arange(${c.n}) ${JSON.stringify(c.steps)}`, () => {
      const base = arange(0, c.n, 1, { dtype: float32, requiresGrad: true });
      const x = mul(base, 1n);
      const got = attempt(() => {
        let y = x;
        for (const s of c.steps) y = applyStep(y, s);
        return describe(y, x);
      });
      expect(got).toEqual(c.result);
    });
  }
});

group("identity rules", () => {
  it("contiguous() returns self when already contiguous; flatten() of 1-D too", () => {
    const x = reshape(arange(12n), [3, 4]);
    expect(contiguous(x)).toBe(x);
    const y = arange(5n);
    expect(flatten(y)).toBe(y);
    expect(to(y, y.dtype)).toBe(y);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

/** Random shape, then a random chain of view ops applied to arange(numel). */
const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });

function randomView(x: Tensor, picks: number[]): Tensor {
  let y = x;
  for (const p of picks) {
    const nd = y.ndim;
    switch (p % 6) {
      case 0:
        if (nd >= 2) y = transpose(y, p % nd, (p >> 3) % nd);
        break;
      case 1:
        y = unsqueeze(y, p % (nd + 1));
        break;
      case 2:
        y = squeeze(y);
        break;
      case 3:
        if (nd >= 1 && y.shape[0] > 1) y = getItem(y, [{ slice: [1, null, 1 + (p % 2)] }]);
        break;
      case 4:
        if (nd >= 1) y = permute(y, [...Array(nd).keys()].reverse());
        break;
      case 5:
        if (nd >= 1 && y.shape[nd - 1] === 1) y = expand(y, [...y.shape.slice(0, -1), 3]);
        break;
    }
  }
  return y;
}

/** Naive element read: walk every logical index through the strides. */
function naiveValues(v: Tensor): number[] {
  const out: number[] = [];
  for (let i = 0; i < v.numel; i++) out.push(Number(v.storage.data[v.storageIndex(i)]));
  return out;
}

group("properties (fast-check, fixed seed)", () => {
  it("views share storage and version counter with their base, and reads agree", () => {
    fc.assert(
      fc.property(shapeArb, fc.array(fc.nat(1000), { maxLength: 6 }), (shape, picks) => {
        const base = reshape(arange(BigInt(numelOf(shape))), shape);
        const v = randomView(base, picks);
        expect(v.storage).toBe(base.storage);
        expect(v.version).toBe(base.version);
        expect(v === base || v.base === (base.base ?? base)).toBe(true);
        // A view reads the same values as materialising it.
        const l = tolist(contiguous(v));
        const flat = Array.isArray(l) ? l.flat(10) : [l];
        expect(flat.map(Number)).toEqual(naiveValues(v));
      }),
      { seed: 424242, numRuns: 200 },
    );
  });

  it("reshape is a view exactly when computeViewStrides succeeds, and keeps row-major order", () => {
    fc.assert(
      fc.property(shapeArb, fc.array(fc.nat(1000), { maxLength: 5 }), (shape, picks) => {
        const base = reshape(arange(BigInt(numelOf(shape))), shape);
        const v = randomView(
          base,
          picks.filter((p) => p % 6 !== 5),
        );
        const target = [v.numel];
        const strides = computeViewStrides(v.shape, v.strides, target);
        const r = reshape(v, target);
        expect(r.storage === v.storage).toBe(strides !== null);
        expect(naiveValues(r)).toEqual(naiveValues(v));
        if (strides === null) expect(() => view(v, target)).toThrow(/view size is not compatible/);
      }),
      { seed: 777, numRuns: 200 },
    );
  });

  it("contiguous copies have contiguous strides and never alias", () => {
    fc.assert(
      fc.property(shapeArb, fc.array(fc.nat(1000), { maxLength: 6 }), (shape, picks) => {
        const base = reshape(arange(BigInt(numelOf(shape))), shape);
        const v = randomView(base, picks);
        const c = contiguous(v);
        expect(c.isContiguous()).toBe(true);
        if (c !== v) {
          expect(c.storage).not.toBe(v.storage);
          expect([...c.strides]).toEqual(contiguousStrides(c.shape));
        }
        expect(naiveValues(c)).toEqual(naiveValues(v));
      }),
      { seed: 99, numRuns: 200 },
    );
  });

  it("writing through a view reaches the base (scijs/ndarray aliasing check)", () => {
    const base = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const v = getItem(t(base), [1]);
    (v.storage.data as Float32Array)[v.storageIndex(0)] = 42;
    expect(tolist(base)).toEqual([
      [1, 42, 3],
      [4, 5, 6],
    ]);
  });
});

group("view autograd matches PyTorch", () => {
  it("view / t / unsqueeze / expand chain sums the gradient back", () => {
    const x = arange(0, 6, 1, { dtype: float32, requiresGrad: true });
    const y = expand(unsqueeze(t(view(x, [2, 3])), 0), [2, 3, 2]);
    backward(sum(mul(y, view(arange(0, 12, 1, { dtype: float32 }), [2, 3, 2]))));
    expect({ gradFn: y.gradFn?.name, grad: encValues(x.grad!) }).toEqual(cases.grads.viewChain);
  });

  it("slice and select scatter the gradient into zeros", () => {
    const x = arange(0, 12, 1, { dtype: float32, requiresGrad: true });
    const y = getItem(
      getItem(view(x, [3, 4]), [{ slice: [1, null, null] }, { slice: [null, null, 2] }]),
      [0],
    );
    backward(sum(mul(y, tensor([5, 7]))));
    expect({ gradFn: y.gradFn?.name, grad: encValues(x.grad!) }).toEqual(cases.grads.sliceSelect);
  });

  it("triu / tril", () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const y = add(triu(x, 1), mul(tril(x, -1), 10n));
    backward(
      sum(
        mul(
          y,
          tensor([
            [1, 2],
            [3, 4],
          ]),
        ),
      ),
    );
    expect({
      triu: triu(x).gradFn?.name,
      tril: tril(x).gradFn?.name,
      grad: encValues(x.grad!),
    }).toEqual(cases.grads.triangular);
  });
});
