import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { mul } from "../../src/tensor/ops/binary";
import { clamp, clamp_ } from "../../src/tensor/ops/clamp";
import { tensor } from "../../src/tensor/ops/create";
import { tolist } from "../../src/tensor/ops/item";
import { sum } from "../../src/tensor/ops/reduce";
import { int64, int8 } from "../../src/tensor/dtype";

const flat = (v: unknown): number[] => (v as unknown[]).flat(3) as number[];

group("clamp with tensor bounds (PyTorch's Tensor overload)", () => {
  it("broadcasts the bounds against the input and promotes over all three", () => {
    const x = tensor([1, 5, 9], { dtype: int8 });
    const y = clamp(x, tensor([[2], [6]], { dtype: int64 }), null);
    expect(y.shape).toEqual([2, 3]);
    expect(y.dtype).toBe(int64);
    expect(tolist(y)).toEqual([
      [2n, 5n, 9n],
      [6n, 6n, 9n],
    ]);
  });

  it("lets a NaN bound win and keeps the input's sign on a tie", () => {
    expect(flat(tolist(clamp(tensor([1, 5]), tensor([NaN, 3]), null)))).toEqual([NaN, 5]);
    const z = tolist(clamp(tensor([-0, 0]), tensor([0, -0]), null)) as number[];
    expect(Object.is(z[0], -0) && Object.is(z[1], 0)).toBe(true);
    const s = tolist(clamp(tensor([-0]), 0, null)) as number[];
    expect(Object.is(s[0], -0)).toBe(true);
  });

  it("records ClampBackward0 and gives each bound the gradient where it decided the value", () => {
    const x = tensor([0, 2, 5, 3], { requiresGrad: true });
    const lo = tensor([1, 1, 1, 4], { requiresGrad: true });
    const hi = tensor([6, 6, 4, 2], { requiresGrad: true });
    const y = clamp(x, lo, hi);
    expect(y.gradFn?.name).toBe("ClampBackward0");
    backward(sum(mul(y, tensor([1, 2, 3, 4]))));
    expect(tolist(x.grad!)).toEqual([0, 2, 0, 0]);
    expect(tolist(lo.grad!)).toEqual([1, 0, 0, 0]);
    // min > max: the result is max, which takes the gradient.
    expect(tolist(hi.grad!)).toEqual([0, 0, 3, 4]);
  });

  it("clamp_ writes in place, bumps the version and refuses a bound wider than self", () => {
    const x = tensor([1, 5, 9]);
    expect(clamp_(x, tensor([2, 6, 3]), tensor(8))).toBe(x);
    expect(tolist(x)).toEqual([2, 6, 8]);
    expect(x.version.value).toBe(1);
    expect(() => clamp_(x, tensor([[1], [2]]), null)).toThrow(
      "output with shape [3] doesn't match the broadcast shape [2, 3]",
    );
    expect(() => clamp_(tensor([1, 2], { dtype: int64 }), tensor([1.5]), null)).toThrow(
      "result type Float can't be cast to the desired output type Long",
    );
  });

  it("equals the element-wise max-then-min with NaN winning, for any bounds", () => {
    const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(NaN));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 8 }),
        (rows) => {
          const [xs, ls, hs] = [0, 1, 2].map((k) => rows.map((r) => r[k]!));
          const got = tolist(clamp(tensor(xs), tensor(ls), tensor(hs))) as number[];
          const want = xs.map((v, i) => {
            const l = ls[i]!;
            const h = hs[i]!;
            if (v !== v || l !== l || h !== h) return NaN;
            return Math.min(Math.max(v, l), h);
          });
          expect(got).toEqual(want);
        },
      ),
      { seed: 1207, numRuns: 100 },
    );
  });
});
