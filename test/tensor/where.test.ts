import { describe as group, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { mul } from "../../src/tensor/ops/binary";
import { gt } from "../../src/tensor/ops/compare";
import { tensor } from "../../src/tensor/ops/create";
import { where } from "../../src/tensor/ops/where";
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
