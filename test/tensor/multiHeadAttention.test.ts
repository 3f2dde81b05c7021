// MultiheadAttention's pieces in the core: baddbmm, the fast path's masked softmax, the mask
// conventions of F.multi_head_attention_forward, and the initialisation draws nn.init makes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bool, float32, int64 } from "../../src/tensor/dtype";
import { TorchError } from "../../src/tensor/errors";
import { baddbmm } from "../../src/tensor/ops/baddbmm";
import { add } from "../../src/tensor/ops/binary";
import { bmm } from "../../src/tensor/ops/bmm";
import { matmul } from "../../src/tensor/ops/matmul";
import { tensor, zeros } from "../../src/tensor/ops/create";
import { maskedSoftmax } from "../../src/tensor/ops/maskedSoftmax";
import {
  canonicalMask,
  multiHeadAttentionForward,
  type MhaOptions,
  type MhaParams,
} from "../../src/tensor/ops/multiHeadAttention";
import {
  mergeMasks,
  nativeMultiHeadAttention,
} from "../../src/tensor/ops/nativeMultiHeadAttention";
import { manualSeed, normalFloat32_, randn, uniform_ } from "../../src/tensor/ops/random";
import { softmax } from "../../src/tensor/ops/softmax";
import { sum } from "../../src/tensor/ops/reduce";
import { Tensor } from "../../src/tensor/tensor";
import { contiguous } from "../../src/tensor/ops/copy";
import { backward } from "../../src/tensor/autograd/backward";
import { transpose } from "../../src/tensor/ops/views";

const values = (t: Tensor): number[] => {
  const c = contiguous(t);
  return Array.from(c.storage.data as Float32Array).slice(c.offset, c.offset + c.numel);
};

describe("baddbmm", () => {
  it("adds self (broadcast) to the batched product, rounding the sum once", () => {
    manualSeed(1n);
    const a = randn([2, 3, 4]);
    const b = randn([2, 4, 5]);
    const mask = randn([1, 3, 5]);
    expect(values(baddbmm(mask, a, b))).toEqual(values(add(mask, bmm(a, b))));
  });

  it("records BaddbmmBackward0 and sends the gradient back to all three inputs", () => {
    const self = tensor([[[0, 1]]], { requiresGrad: true });
    const a = tensor([[[1, 2]], [[3, 4]]], { requiresGrad: true });
    const b = tensor(
      [
        [
          [1, 0],
          [0, 1],
        ],
        [
          [2, 0],
          [0, 2],
        ],
      ],
      { requiresGrad: true },
    );
    const out = baddbmm(self, a, b);
    expect(out.gradFn?.name).toBe("BaddbmmBackward0");
    backward(sum(out));
    expect(values(self.grad!)).toEqual([2, 2]);
    expect(values(a.grad!)).toEqual([1, 1, 2, 2]);
    expect(values(b.grad!)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });
});

describe("products as PyTorch's CPU kernels round them", () => {
  const f = Math.fround;
  it("bmm below 400 multiply-adds per matrix rounds each product and each sum in order", () => {
    manualSeed(4n);
    const a = randn([1, 4, 4]);
    const b = randn([1, 4, 16]);
    const A = values(a);
    const B = values(b);
    const ref: number[] = [];
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 16; j++) {
        let acc = 0;
        for (let p = 0; p < 4; p++) acc = f(acc + f(A[i * 4 + p] * B[p * 16 + j]));
        ref.push(acc);
      }
    expect(values(bmm(a, b))).toEqual(ref);
  });

  it("a transposed weight with k a multiple of 4 sums in four lanes, (0 + 2) + (1 + 3)", () => {
    manualSeed(5n);
    const x = randn([3, 8]);
    const w = randn([4, 8]);
    const X = values(x);
    const W = values(w);
    const ref: number[] = [];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 4; j++) {
        const l = [0, 0, 0, 0];
        for (let p = 0; p < 8; p++) l[p % 4] = f(l[p % 4] + f(X[i * 8 + p] * W[j * 8 + p]));
        ref.push(f(f(l[0] + l[2]) + f(l[1] + l[3])));
      }
    expect(values(matmul(x, transpose(w, 0, 1)))).toEqual(ref);
  });
});

describe("masked softmax (the fast path's)", () => {
  it("gives masked positions 0 and a fully masked row NaN", () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const m = tensor(
      [
        [false, true, false],
        [true, true, true],
      ],
      { dtype: bool },
    );
    const y = values(maskedSoftmax(x, m, 2));
    expect(y[1]).toBe(0);
    expect(y[0] + y[2]).toBeCloseTo(1, 6);
    expect(y[0]).toBeCloseTo(1 / (1 + Math.E ** 2), 6);
    expect(y.slice(3).every(Number.isNaN)).toBe(true);
  });

  it("agrees with softmax to within float rounding when nothing is masked", () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (xs) => {
          const x = tensor(xs);
          const got = values(maskedSoftmax(x, zeros([xs.length], { dtype: bool }), 2));
          const ref = values(softmax(x, -1));
          got.forEach((v, i) => expect(Math.abs(v - ref[i])).toBeLessThanOrEqual(2e-7));
        },
      ),
      { seed: 7, numRuns: 60 },
    );
  });

  it("reads a (B, L) key padding mask across heads and queries (mask type 1)", () => {
    manualSeed(3n);
    const x = randn([2, 2, 3, 3]);
    const kpm = tensor(
      [
        [false, false, true],
        [false, true, true],
      ],
      { dtype: bool },
    );
    const full = zeros([2, 2, 3, 3], { dtype: bool });
    const d = full.storage.data as Uint8Array;
    for (let i = 0; i < d.length; i++) {
      const b = Math.floor(i / 18);
      const s = i % 3;
      d[i] = Number(s >= 2 - b);
    }
    expect(values(maskedSoftmax(x, kpm, 1))).toEqual(values(maskedSoftmax(x, full, 2)));
    expect(() => maskedSoftmax(x, tensor([[false, true]], { dtype: bool }), 1)).toThrow(
      "For mask_type == 1 mask shape should be (B, L)",
    );
  });
});

const params = (e: number, seed: bigint): MhaParams => {
  manualSeed(seed);
  return {
    inProjWeight: randn([3 * e, e]),
    inProjBias: randn([3 * e]),
    qProjWeight: null,
    kProjWeight: null,
    vProjWeight: null,
    biasK: null,
    biasV: null,
    outProjWeight: randn([e, e]),
    outProjBias: randn([e]),
  };
};

const opts = (over: Partial<MhaOptions>): MhaOptions => ({
  embedDimToCheck: 4,
  numHeads: 2,
  addZeroAttn: false,
  dropoutP: 0,
  training: false,
  keyPaddingMask: null,
  needWeights: true,
  attnMask: null,
  useSeparateProjWeight: false,
  averageAttnWeights: true,
  isCausal: false,
  queryIsKey: true,
  keyIsValue: true,
  ...over,
});

describe("F.multi_head_attention_forward", () => {
  const p = params(4, 11n);
  manualSeed(12n);
  const x = randn([3, 2, 4]);

  it("treats a bool mask as True = may not attend, exactly as its 0 / -inf float form", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }), (bits) => {
        const keep = bits.map((b, i) => b && i % 4 !== 0); // the diagonal stays open
        const m = tensor([keep.slice(0, 3), keep.slice(3, 6), keep.slice(6, 9)], { dtype: bool });
        const f = canonicalMask(m, "attn_mask", x)!;
        expect(f.dtype).toBe(float32);
        const [o1, w1] = multiHeadAttentionForward(x, x, x, p, opts({ attnMask: m }));
        const [o2, w2] = multiHeadAttentionForward(x, x, x, p, opts({ attnMask: f }));
        expect(values(o1)).toEqual(values(o2));
        expect(values(w1!)).toEqual(values(w2!));
        values(w1!).forEach((v, i) => {
          if (keep[i % 9]) expect(v).toBe(0);
        });
      }),
      { seed: 3, numRuns: 30 },
    );
  });

  it("gives NaN rows when a key padding mask hides every key", () => {
    const kpm = tensor(
      [
        [false, true, false],
        [true, true, true],
      ],
      { dtype: bool },
    );
    const [out, w] = multiHeadAttentionForward(x, x, x, p, opts({ keyPaddingMask: kpm }));
    const ov = values(out);
    const wv = values(w!);
    for (let l = 0; l < 3; l++) {
      expect(ov.slice(l * 8, l * 8 + 4).some(Number.isNaN)).toBe(false);
      expect(ov.slice(l * 8 + 4, l * 8 + 8).every(Number.isNaN)).toBe(true);
    }
    expect(wv.slice(0, 9).every((v) => !Number.isNaN(v))).toBe(true);
    expect(wv.slice(9).every(Number.isNaN)).toBe(true);
  });

  it("refuses other mask dtypes and need_weights=False", () => {
    const int = tensor(
      [
        [0, 1, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
      { dtype: int64 },
    );
    expect(() => multiHeadAttentionForward(x, x, x, p, opts({ attnMask: int }))).toThrow(
      "only bool and floating types of attn_mask are supported",
    );
    try {
      multiHeadAttentionForward(x, x, x, p, opts({ needWeights: false }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TorchError);
      expect((e as TorchError).pyType).toBe("NotImplementedError");
    }
  });

  it("the fast path matches it up to rounding, with the same NaN rows", () => {
    const q = randn([2, 3, 4]);
    const kpm = tensor(
      [
        [false, false, true],
        [true, true, true],
      ],
      { dtype: bool },
    );
    const w = {
      qkvWeight: p.inProjWeight!,
      qkvBias: p.inProjBias!,
      projWeight: p.outProjWeight,
      projBias: p.outProjBias!,
    };
    const fm = canonicalMask(kpm, "key_padding_mask", q);
    const [merged, type] = mergeMasks(null, fm, q, 2);
    const [fast, fw] = nativeMultiHeadAttention(q, 2, w, merged, type, true, true);
    const qt = transpose(q, 0, 1);
    const [slow, sw] = multiHeadAttentionForward(qt, qt, qt, p, opts({ keyPaddingMask: kpm }));
    const s = values(transpose(slow, 0, 1));
    values(fast).forEach((v, i) =>
      Number.isNaN(s[i]) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(s[i], 5),
    );
    const sv = values(sw!);
    values(fw!).forEach((v, i) =>
      Number.isNaN(sv[i]) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(sv[i], 6),
    );
  });
});

describe("nn.init draws", () => {
  it("uniform_ fuses the scale and shift into one rounding, as PyTorch's kernel does", () => {
    const a = Math.sqrt(3) * Math.sqrt(2 / 16);
    manualSeed(2n);
    const v = values(uniform_(Tensor.empty([48], float32), -a, a));
    // Recorded from PyTorch 2.13 (torch.manual_seed(2); torch.empty(48).uniform_(-a, a)).
    expect(v.slice(0, 5)).toEqual([
      0.1404722034931183, -0.14572890102863312, 0.16793009638786316, -0.031278662383556366,
      0.26159796118736267,
    ]);
  });

  it("normal_ with a mean and std takes the scalar sampler below 16 elements, the vector one above", () => {
    manualSeed(5n);
    const big = values(normalFloat32_(Tensor.empty([20], float32), 0, 0.3));
    expect(big.slice(0, 3)).toEqual([0.5526989698410034, 0.15566615760326385, -0.5135764479637146]);
    expect(big[19]).toBe(-0.4520821273326874);
    manualSeed(5n);
    const small = values(normalFloat32_(Tensor.empty([5], float32), 1, 0.3));
    expect(small).toEqual([
      0.8539657592773438, 0.818853497505188, 0.8325711488723755, 1.2002573013305664,
      0.940775454044342,
    ]);
  });
});
