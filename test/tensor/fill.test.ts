import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { int8 } from "../../src/tensor/dtype";
import { mul } from "../../src/tensor/ops/binary";
import { tensor, zeros } from "../../src/tensor/ops/create";
import { fill_, zero_ } from "../../src/tensor/ops/fill";
import { getItem } from "../../src/tensor/ops/indexing";
import { sum } from "../../src/tensor/ops/reduce";
import { expand, reshape } from "../../src/tensor/ops/views";
import { arange } from "../../src/tensor/ops/create";
import { attempt, cases, encValues } from "./helpers/coreA";

group("fill_ / zero_", () => {
  it("are allowed on expanded tensors and bump the version each time", () => {
    const b = zeros([3]);
    const e = expand(b, [2, 3]);
    fill_(e, 4n);
    zero_(e);
    fill_(e, 2.5);
    expect({ values: encValues(b), version: b.version.value }).toEqual(cases.misc.fillExpanded);
  });

  it("a 0-dim tensor value is cast without a check; other tensors are refused", () => {
    expect({ values: encValues(fill_(zeros([2], { dtype: int8 }), tensor(300n))) }).toEqual(
      cases.misc.fillTensorValue,
    );
    expect(attempt(() => fill_(zeros([3]), zeros([2])))).toEqual(cases.misc.fillBadValue);
  });

  it("writes through views (oracle alias/fill-zero)", () => {
    const x = arange(0, 4, 1);
    const v = getItem(x, [{ slice: [1, 3, null] }]);
    zero_(v);
    expect(encValues(x)).toEqual([0, 0, 0, 3]);
    fill_(v, 7n);
    expect(encValues(x)).toEqual([0, 7, 7, 3]);
    expect(x.version.value).toBe(2);
  });

  it("autograd node names", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = mul(x, 2n);
    fill_(y, 1);
    const z = mul(x, 2n);
    zero_(z);
    const v = tensor(2, { requiresGrad: true });
    const w = zeros([3]);
    fill_(w, v);
    backward(sum(w));
    expect({
      fill: y.gradFn?.name,
      zero: z.gradFn?.name,
      fillTensor: w.gradFn?.name,
      grad: encValues(v.grad!),
    }).toEqual(cases.grads.fill);
  });

  it("property: in place returns the receiver, bumps the version, every element equal", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
        fc.integer({ min: -100, max: 100 }),
        (shape, v) => {
          const x = reshape(
            arange(
              0,
              shape.reduce((a, b) => a * b, 1),
              1,
            ),
            shape,
          );
          expect(fill_(x, v)).toBe(x);
          expect(x.version.value).toBe(1);
          for (let i = 0; i < x.numel; i++) expect(x.at(i)).toBe(v);
        },
      ),
      { seed: 606, numRuns: 100 },
    );
  });
});
