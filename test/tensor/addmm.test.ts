import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { addbmm, addmm, addmm_, addmv, baddbmm } from "../../src/tensor/ops/addmm";
import { add, mul } from "../../src/tensor/ops/binary";
import { arange, ones, tensor } from "../../src/tensor/ops/create";
import { tolist } from "../../src/tensor/ops/item";
import { matmul } from "../../src/tensor/ops/matmul";
import { sum } from "../../src/tensor/ops/reduce";
import { reshape } from "../../src/tensor/ops/views";
import { int64 } from "../../src/tensor/dtype";

group("addmm and its family: beta * input + alpha * product", () => {
  it("equals beta * M + alpha * (A @ B) for small integer-valued floats", () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 1, max: 4 }),
        ),
        fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 })),
        ([n, k, p], [beta, alpha]) => {
          const m = reshape(arange(n * p), [n, p]);
          const a = reshape(arange(n * k), [n, k]);
          const b = reshape(arange(k * p), [k, p]);
          const want = add(mul(m, beta), mul(matmul(a, b), alpha));
          // Signed zeros aside (BLAS keeps beta * input's sign when alpha is 0).
          const plain = (t: typeof want) =>
            (tolist(t) as number[][]).map((r) => r.map((v) => v + 0));
          expect(plain(addmm(m, a, b, beta, alpha))).toEqual(plain(want));
        },
      ),
      { seed: 77, numRuns: 60 },
    );
  });

  it("ignores a NaN input when beta is 0 and truncates beta for integers", () => {
    const a = reshape(arange(4), [2, 2]);
    expect(tolist(addmm(tensor([NaN]), a, a, 0))).toEqual([
      [2, 3],
      [6, 11],
    ]);
    const i = reshape(arange(4n), [2, 2]);
    expect(i.dtype).toBe(int64);
    expect(tolist(addmm(i, i, i, 0.5))).toEqual([
      [2n, 3n],
      [6n, 11n],
    ]);
  });

  it("scales the gradients by beta and alpha (AddmmBackward0)", () => {
    const m = ones([2, 2], { requiresGrad: true });
    const a = ones([2, 3], { requiresGrad: true });
    const b = ones([3, 2], { requiresGrad: true });
    const y = addmm(m, a, b, 3, 2);
    expect(y.gradFn?.name).toBe("AddmmBackward0");
    backward(sum(y));
    expect(tolist(m.grad!)).toEqual([
      [3, 3],
      [3, 3],
    ]);
    expect(tolist(a.grad!)).toEqual([
      [4, 4, 4],
      [4, 4, 4],
    ]);
  });

  it("addmv, baddbmm and addbmm agree with matmul", () => {
    const m = reshape(arange(6), [2, 3]);
    expect(tolist(addmv(ones([2]), m, arange(3), 2, 1))).toEqual([7, 16]);
    const b1 = reshape(arange(8), [2, 2, 2]);
    expect(tolist(baddbmm(ones([1]), b1, b1))).toEqual(tolist(add(matmul(b1, b1), 1)));
    expect(tolist(addbmm(ones([2]), b1, b1))).toEqual(
      tolist(add(sum(matmul(b1, b1), { dim: [0] }), 1)),
    );
  });

  it("addmm_ refuses a receiver of another shape and bumps the version otherwise", () => {
    const a = reshape(arange(4), [2, 2]);
    expect(() => addmm_(ones([2]), a, a)).toThrow(
      "Bad in-place call: input tensor size [2] and output tensor size [2, 2] should match",
    );
    const m = ones([2, 2]);
    expect(addmm_(m, a, a)).toBe(m);
    expect(m.version.value).toBe(1);
  });
});
