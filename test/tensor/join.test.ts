import { describe as group, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { add, mul } from "../../src/tensor/ops/binary";
import { to } from "../../src/tensor/ops/cast";
import { arange, tensor } from "../../src/tensor/ops/create";
import { cat, stack } from "../../src/tensor/ops/join";
import { sum } from "../../src/tensor/ops/reduce";
import { reshape } from "../../src/tensor/ops/views";
import { numelOf } from "../../src/tensor/shape";
import { attempt, cases, describe, dt, encValues } from "./helpers/coreA";

group("cat / stack match PyTorch", () => {
  for (const c of cases.join) {
    it(`${c.op}(${JSON.stringify(c.tensors)}, ${c.dim})`, () => {
      let k = 0n;
      const ts = c.tensors.map((s: { shape: number[]; dtype: string }) => {
        const n = BigInt(numelOf(s.shape));
        const t = reshape(to(arange(k, k + n), dt(s.dtype)), s.shape);
        k += 10n;
        return t;
      });
      const f = c.op === "cat" ? cat : stack;
      expect(attempt(() => describe(f(ts, c.dim)))).toEqual(c.result);
    });
  }

  it("CatBackward0 / StackBackward0 split the gradient", () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3], { requiresGrad: true });
    const c = cat([a, b]);
    const s = stack([a, mul(a, 2n)], 1);
    backward(
      add(
        sum(mul(c, tensor([1, 2, 3]))),
        sum(
          mul(
            s,
            tensor([
              [1, 2],
              [3, 4],
            ]),
          ),
        ),
      ),
    );
    expect({
      cat: c.gradFn?.name,
      stack: s.gradFn?.name,
      gradA: encValues(a.grad!),
      gradB: encValues(b.grad!),
    }).toEqual(cases.grads.join);
  });
});
