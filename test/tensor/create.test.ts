import { describe as group, expect, it } from "vitest";
import type { Scalar } from "../../src/tensor/convert";
import { float16, float64, int64, bool, int8, int16, int32, uint8 } from "../../src/tensor/dtype";
import type { TorchError } from "../../src/tensor/errors";
import { tolist } from "../../src/tensor/ops/item";
import {
  arange,
  emptyLike,
  eye,
  full,
  fullLike,
  ones,
  onesLike,
  tensor,
  zeros,
  zerosLike,
  type NestedData,
} from "../../src/tensor/ops/create";
import { zero_ } from "../../src/tensor/ops/fill";
import { t } from "../../src/tensor/ops/views";
import { getItem } from "../../src/tensor/ops/indexing";
import type { Tensor } from "../../src/tensor/tensor";
import {
  attempt,
  cases,
  decScalar,
  describe,
  dt,
  fromValues,
  type EncScalar,
} from "./helpers/coreA";

/* eslint-disable @typescript-eslint/no-explicit-any */
function decData(x: any): NestedData {
  if (Array.isArray(x)) return x.map(decData);
  if ("tensor" in x) return fromValues(x.tensor, x.dtype);
  return decScalar(x as EncScalar);
}

group("torch.tensor", () => {
  for (const c of cases.create) {
    it(`${JSON.stringify(c.data)}${c.dtype ? ` dtype=${c.dtype}` : ""}`, () => {
      const opts = c.dtype ? { dtype: dt(c.dtype) } : {};
      expect(attempt(() => describe(tensor(decData(c.data), opts)))).toEqual(c.result);
    });
  }
  it("requires_grad on an int tensor is refused", () => {
    expect(() => tensor([1n], { requiresGrad: true })).toThrow(
      "Only Tensors of floating point and complex dtype can require gradients",
    );
  });
});

const F: Record<string, () => Tensor> = {
  "zeros(2,3)": () => zeros([2, 3]),
  "zeros(()) ": () => zeros([]),
  "ones(2,int64)": () => ones([2], { dtype: int64 }),
  "ones(2,bool)": () => ones([2], { dtype: bool }),
  "ones(2,float16)": () => ones([2], { dtype: float16 }),
  "full((2,3),-inf)": () => full([2, 3], -Infinity),
  "full((2,),7)": () => full([2], 7n),
  "full((2,),True)": () => full([2], true),
  "full((2,),7,float16)": () => full([2], 7n, { dtype: float16 }),
  "full((),7.)": () => full([], 7),
  "eye(3)": () => eye(3),
  "eye(2,3)": () => eye(2, 3),
  "eye(3,2)": () => eye(3, 2),
  "eye(2,int64)": () => eye(2, null, { dtype: int64 }),
  "eye(0)": () => eye(0),
  "eye(-1)": () => eye(-1),
  "eye(2,-1)": () => eye(2, -1),
  "zeros_like(int)": () => zerosLike(tensor([1n, 2n])),
  "ones_like(t)": () => onesLike(t(zeros([2, 3]))),
  "zeros_like(slice)": () =>
    zerosLike(getItem(zeros([4, 3]), [{ slice: [null, null, null] }, { slice: [null, 2, null] }])),
  "full_like(int,2.7)": () => fullLike(tensor([1n, 2n]), 2.7),
  "full_like(int,1e30)": () => fullLike(tensor([1n, 2n]), 1e30),
  "full_like(bool,5)": () => fullLike(tensor([true]), 5n),
  "empty_like(f64)": () => zero_(emptyLike(zeros([2], { dtype: float64 }))),
};

group("factories", () => {
  for (const c of cases.factories) {
    it(c.name, () => {
      const f = F[c.name];
      expect(f).toBeDefined();
      expect(attempt(() => describe(f()))).toEqual(c.result);
    });
  }
});

group("arange", () => {
  for (const c of cases.arange) {
    const args = c.args.map(decScalar) as Scalar[];
    it(`${JSON.stringify(c.args)}${c.dtype ? ` dtype=${c.dtype}` : ""}`, () => {
      const opts = c.dtype ? { dtype: dt(c.dtype) } : {};
      const run = (): Tensor =>
        args.length === 1
          ? arange(args[0], null, 1n, opts)
          : arange(args[0], args[1], args[2] ?? 1n, opts);
      expect(attempt(() => describe(run()))).toEqual(c.result);
    });
  }
});

group("arange with an integer dtype and float bounds", () => {
  const run = (args: [Scalar, Scalar, Scalar], dtype: typeof int64): unknown => {
    try {
      return tolist(arange(...args, { dtype }));
    } catch (e) {
      return `${(e as TorchError).pyType}: ${(e as Error).message}`;
    }
  };
  it("sizes in double, then steps by the truncated start and step (int32 and narrower)", () => {
    expect(run([0, 1, 0.3], int32)).toEqual([0n, 0n, 0n, 0n]);
    expect(run([-1.5, 2, 1n], int32)).toEqual([-1n, 0n, 1n, 2n]);
    expect(run([-1.5, 2, 1n], uint8)).toEqual([255n, 0n, 1n, 2n]);
    expect(run([100n, 400n, 100n], int8)).toEqual([100n, -56n, 44n]);
  });
  it("counts int64 lengths in integers and rejects a step truncated to zero", () => {
    expect(run([-1.5, 2, 1n], int64)).toEqual([-1n, 0n, 1n]);
    expect(run([0, 1, 0.3], int64)).toBe("ValueError: step must be nonzero");
    expect(run([0n, 5n, 0n], int64)).toBe("RuntimeError: step must be nonzero");
  });
  it("checks sizes and the cast of the bounds to int64", () => {
    expect(run([0n, 1n, 1e-30], int32)).toBe("RuntimeError: invalid size, possible overflow?");
    expect(run([0n, 1e20, 1e19], int16)).toBe(
      "RuntimeError: value cannot be converted to type int64_t without overflow",
    );
    expect(run([0n, 5n, 1n], bool)).toBe(
      `NotImplementedError: "arange_cpu" not implemented for 'Bool'`,
    );
  });
});
