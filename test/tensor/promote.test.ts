import { describe, expect, it } from "vitest";
import { Tensor } from "../../src/tensor/tensor";
import { float32, float64, int8 } from "../../src/tensor/dtype";
import { tensor } from "../../src/tensor/ops/create";
import { tolist } from "../../src/tensor/ops/item";
import {
  getDefaultDtype,
  promoteTypes,
  resultType,
  setDefaultDtype,
} from "../../src/tensor/ops/promote";
import type { Operand } from "../../src/tensor/ops/promote";
import { add, sub } from "../../src/tensor/ops/binary";
import { decScalar, dt, fixtures } from "./helpers/coreB";

// torch.result_type recorded for every dtype pair as dimensioned / 0-dim tensors and against
// every Python scalar kind (scripts/record-core-fixtures-b.py).

/* eslint-disable @typescript-eslint/no-explicit-any */
function operand([kind, v]: [string, any]): Operand {
  if (kind === "tensor") return Tensor.empty([2], dt(v));
  if (kind === "zero") return Tensor.empty([], dt(v));
  return decScalar(v);
}

const label = ([kind, v]: [string, any]): string =>
  kind === "scalar" ? `scalar ${JSON.stringify(v)}` : `${kind} ${v}`;

describe("resultType", () => {
  it("matches torch.result_type on the whole recorded table", () => {
    expect(fixtures.promotion.length).toBeGreaterThan(400);
    for (const e of fixtures.promotion) {
      const got = resultType(operand(e.a), operand(e.b)).name;
      expect(got, `${label(e.a)} with ${label(e.b)}`).toBe(e.result);
    }
  });

  it("is symmetric in its operands", () => {
    for (const e of fixtures.promotion) {
      const a = operand(e.a);
      const b = operand(e.b);
      expect(resultType(b, a).name).toBe(resultType(a, b).name);
    }
  });

  it("follows the default dtype for Python floats", () => {
    const before = getDefaultDtype();
    setDefaultDtype(float64);
    try {
      for (const e of fixtures.promotionDefault64)
        expect(resultType(operand(e.a), operand(e.b)).name, label(e.a)).toBe(e.result);
    } finally {
      setDefaultDtype(before);
    }
    expect(getDefaultDtype()).toBe(float32);
  });

  it("is what add() produces (from first principles: add returns the result type)", () => {
    for (const e of fixtures.promotion) {
      const a = operand(e.a);
      const b = operand(e.b);
      if (!(a instanceof Tensor) && !(b instanceof Tensor)) continue;
      expect(add(a, b).dtype.name).toBe(e.result);
    }
  });

  it("promoteTypes is the tensor-tensor column of the table", () => {
    for (const e of fixtures.promotion)
      if (e.a[0] === "tensor" && e.b[0] === "tensor")
        expect(promoteTypes(dt(e.a[1]), dt(e.b[1])).name).toBe(e.result);
  });
});

describe("wrapped numbers (a Python number given for a Tensor parameter)", () => {
  const wrapped = (v: number | bigint): Tensor => {
    const t = tensor(v, typeof v === "number" ? { dtype: float64 } : {});
    t.wrappedNumber = true;
    return t;
  };
  it("promote as Python scalars: below 0-dim tensors, floats at the default dtype", () => {
    expect(resultType(wrapped(1n), tensor(2, { dtype: int8 }))).toBe(int8);
    expect(resultType(wrapped(1.5), tensor([2n]))).toBe(float32);
    expect(resultType(wrapped(1.5), tensor(2, { dtype: float64 }))).toBe(float64);
    expect(resultType(wrapped(1n), wrapped(2.5))).toBe(float32);
  });
  it("keep their double value in the op", () => {
    expect(tolist(sub(wrapped(1.1), tensor([1], { dtype: float64 })))).toEqual([1.1 - 1]);
  });
});
