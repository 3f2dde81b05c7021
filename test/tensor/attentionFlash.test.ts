// F.scaled_dot_product_attention on 4-D inputs records one flash-attention node whose backward
// is hand-written: its gradients must equal those of the math composition the 3-D path records.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { bool, float64 } from "../../src/tensor/dtype";
import { scaledDotProductAttention } from "../../src/tensor/ops/attention";
import { detach } from "../../src/tensor/ops/copy";
import { sum } from "../../src/tensor/ops/reduce";
import { manualSeed, randn } from "../../src/tensor/ops/random";
import { reshape } from "../../src/tensor/ops/views";
import type { Tensor } from "../../src/tensor/tensor";
import { tensor } from "../../src/tensor/ops/create";
import { mul } from "../../src/tensor/ops/binary";

function leaf(shape: number[]): Tensor {
  const t = randn(shape, { dtype: float64 });
  t.requiresGrad = true;
  return t;
}

const values = (t: Tensor | null): number[] => {
  if (!t) throw new Error("no grad");
  return Array.from({ length: t.numel }, (_, i) => t.atNumber(i));
};

describe("scaled_dot_product_attention's flash node", () => {
  it("is recorded for 4-D inputs and gives the math path's gradients", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 1000n }),
        (b, h, l, s, e, causal, seed) => {
          manualSeed(seed);
          const [q, k, v] = [leaf([b, h, l, e]), leaf([b, h, s, e]), leaf([b, h, s, e])];
          const opts = { mask: null, isCausal: causal, scale: null };
          const out = scaledDotProductAttention(q, k, v, opts);
          expect(out.gradFn?.name).toBe("ScaledDotProductFlashAttentionForCpuBackward0");
          const weight = randn([b, h, l, e], { dtype: float64 });
          backward(sum(mul(out, weight)));
          // The same attention on [B*H, L, E] takes the recorded math ops.
          const flat = (t: Tensor, n: number) => reshape(detach(t), [b * h, n, e]);
          const [q3, k3, v3] = [flat(q, l), flat(k, s), flat(v, s)];
          for (const t of [q3, k3, v3]) t.requiresGrad = true;
          const out3 = scaledDotProductAttention(q3, k3, v3, opts);
          expect(out3.gradFn?.name).not.toBe("ScaledDotProductFlashAttentionForCpuBackward0");
          backward(sum(mul(out3, reshape(weight, [b * h, l, e]))));
          for (const [a, c] of [
            [q, q3],
            [k, k3],
            [v, v3],
          ] as const) {
            const got = values(a.grad);
            const want = values(c.grad);
            got.forEach((x, i) => expect(x).toBeCloseTo(want[i], 10));
          }
        },
      ),
      { seed: 7, numRuns: 40 },
    );
  });

  it("gives zero gradients for a query whose every key is masked", () => {
    manualSeed(1n);
    const [q, k, v] = [leaf([1, 1, 2, 3]), leaf([1, 1, 2, 3]), leaf([1, 1, 2, 3])];
    const mask = tensor(
      [
        [true, true],
        [false, false],
      ],
      { dtype: bool },
    );
    const out = scaledDotProductAttention(q, k, v, { mask, isCausal: false, scale: null });
    backward(sum(out));
    expect(values(q.grad).slice(3)).toEqual([0, 0, 0]);
    expect(values(out).slice(3)).toEqual([0, 0, 0]);
  });
});
