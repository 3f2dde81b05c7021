import { describe as group, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { add } from "../../src/tensor/ops/binary";
import { toBool, toDouble, toFloat, toInt } from "../../src/tensor/ops/cast";
import { clone } from "../../src/tensor/ops/copy";
import { tensor } from "../../src/tensor/ops/create";
import { mul } from "../../src/tensor/ops/binary";
import { sum } from "../../src/tensor/ops/reduce";
import { cases, encValues } from "./helpers/coreA";

group("casts", () => {
  it("ToCopyBackward0 for float casts, no grad through bool, CloneBackward0 for clone", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = mul(toDouble(x), 2n);
    const c = clone(x);
    backward(add(sum(y), sum(c)));
    expect({
      double: toDouble(x).gradFn?.name,
      clone: c.gradFn?.name,
      grad: encValues(x.grad!),
      bool: toBool(x).requiresGrad,
    }).toEqual(cases.grads.castClone);
  });

  it("a same-dtype cast returns self; others copy", () => {
    const x = tensor([1.5, -2.5]);
    expect(toFloat(x)).toBe(x);
    const i = toInt(x);
    expect(i.storage).not.toBe(x.storage);
    expect(encValues(i)).toEqual(["1", "-2"]);
  });
});
