import { describe as group, expect, it } from "vitest";
import { tensor, type NestedData } from "../../src/tensor/ops/create";
import { item, tolist } from "../../src/tensor/ops/item";
import {
  attempt,
  cases,
  decScalar,
  dt,
  encScalar,
  encValues,
  type EncScalar,
} from "./helpers/coreA";

/* eslint-disable @typescript-eslint/no-explicit-any */
const decData = (x: any): NestedData =>
  Array.isArray(x) ? x.map(decData) : decScalar(x as EncScalar);

group("item / tolist match PyTorch", () => {
  for (const c of cases.item) {
    it(`${JSON.stringify(c.data)} ${c.dtype}`, () => {
      const t = tensor(decData(c.data), { dtype: dt(c.dtype) });
      expect(attempt(() => encScalar(item(t)))).toEqual(c.item);
      expect(encValues(t)).toEqual(c.tolist);
    });
  }

  it("tolist gives floats as numbers, ints as bigint, bools as booleans", () => {
    expect(tolist(tensor([[1n, 2n]]))).toEqual([[1n, 2n]]);
    expect(tolist(tensor([0.5]))).toEqual([0.5]);
    expect(tolist(tensor(true))).toBe(true);
    expect(item(tensor([2n ** 63n - 1n]))).toBe(2n ** 63n - 1n);
  });
});
