import { describe as group, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { mul } from "../../src/tensor/ops/binary";
import { gt } from "../../src/tensor/ops/compare";
import { tensor } from "../../src/tensor/ops/create";
import { where } from "../../src/tensor/ops/where";
import { clamp } from "../../src/tensor/ops/clamp";
import { tolist } from "../../src/tensor/ops/item";
import { float16, int8, uint8 } from "../../src/tensor/dtype";
import { sum } from "../../src/tensor/ops/reduce";
import { attempt, cases, decValue, describe, encValues } from "./helpers/coreA";

group("torch.where matches PyTorch", () => {
  for (const c of cases.where) {
    it(`${JSON.stringify(c.cond)} ${JSON.stringify(c.a)} ${JSON.stringify(c.b)}`, () => {
      const cond = c.condDtype ? tensor(c.cond) : tensor(c.cond);
      expect(attempt(() => describe(where(cond, decValue(c.a), decValue(c.b))))).toEqual(c.result);
    });
  }

  it("WhereBackward0 routes the gradient by the condition", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = where(gt(x, 1.5), x, 0);
    backward(sum(mul(y, tensor([1, 2, 3]))));
    expect({ gradFn: y.gradFn?.name, grad: encValues(x.grad!) }).toEqual(cases.grads.where);
  });

  it("broadcast operands get gradients summed back to their shapes", () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([[3, 4]], { requiresGrad: true });
    const y = where(
      tensor([
        [true, false],
        [false, false],
      ]),
      a,
      b,
    );
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
      gradFn: y.gradFn?.name,
      gradA: encValues(a.grad!),
      gradB: encValues(b.grad!),
    }).toEqual(cases.grads.whereBroadcast);
  });
});

group("where with a Python number: the number is filled into a one-element tensor", () => {
  const c = tensor([true, false]);
  it("casts unchecked into float16/bfloat16 and checks every other dtype", () => {
    expect(tolist(where(c, tensor([1, 2], { dtype: float16 }), 1e10))).toEqual([1, Infinity]);
    expect(tolist(where(c, tensor([1, 2], { dtype: uint8 }), -1n))).toEqual([1n, 255n]);
    expect(() => where(c, tensor([1, 2], { dtype: int8 }), 300n)).toThrow(
      "value cannot be converted to type int8_t without overflow",
    );
  });
});

group("clamp with number bounds", () => {
  it("takes an integer bound as the tensor's element type", () => {
    const u = tensor([3, 250], { dtype: uint8 });
    expect(tolist(clamp(u, -1n, 5n))).toEqual([5n, 5n]);
    expect(tolist(clamp(u, null, -6n))).toEqual([3n, 250n]);
  });
});
