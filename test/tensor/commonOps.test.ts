// The common ops added after the differential run against PyTorch 2.13: cumulative scans,
// split-style views, gather/scatter, masked_scatter, repeat and the lane reductions. Printing and
// error texts are covered byte for byte by the oracle cases test/fixtures/oracle-extra/ops__*.py;
// these tests check properties and values derived from first principles.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { DTYPES } from "../../src/tensor/dtype";
import { arange, tensor } from "../../src/tensor/ops/create";
import { cumprod, cumsum } from "../../src/tensor/ops/cumulative";
import {
  gather,
  indexFill_,
  indexSelect,
  scatter,
  scatter_,
} from "../../src/tensor/ops/gatherScatter";
import { tolist } from "../../src/tensor/ops/item";
import { maskedScatter, maskedScatter_ } from "../../src/tensor/ops/maskedScatter";
import { sum } from "../../src/tensor/ops/reduce";
import { repeat } from "../../src/tensor/ops/repeat";
import { constantPad, roll } from "../../src/tensor/ops/shift";
import { chunk, narrow, split, splitWithSizes, unbind } from "../../src/tensor/ops/slicing";
import { sort, topk } from "../../src/tensor/ops/sorting";
import { amax, logsumexp, std, variance } from "../../src/tensor/ops/stats";
import { reshape, transpose } from "../../src/tensor/ops/views";
import { fill_ } from "../../src/tensor/ops/fill";

describe("cumsum / cumprod", () => {
  it("float32 accumulates in double: 1e8 + 1 - 1e8 is 1, not 0", () => {
    expect(tolist(cumsum(tensor([1e8, 1, -1e8]), 0))).toEqual([1e8, 1e8, 1]);
  });
  it("float16 accumulates in float32 but stores each prefix as float16", () => {
    // 2048 + 1 = 2049 rounds to 2048 in half; the float accumulator keeps 2049, so the next
    // prefix is 2050 (representable) and the last is exactly 2.
    const x = tensor([2048, 1, 1, -2048], { dtype: DTYPES.float16 });
    expect(tolist(cumsum(x, 0))).toEqual([2048, 2048, 2050, 2]);
  });
  it("bool and small ints scan in int64", () => {
    const y = cumsum(tensor([true, true, false]), 0);
    expect(y.dtype).toBe(DTYPES.int64);
    expect(tolist(y)).toEqual([1n, 2n, 2n]);
  });
  it("scans strided inputs along the requested dim", () => {
    const x = transpose(reshape(arange(6n), [2, 3]), 0, 1); // [[0,3],[1,4],[2,5]]
    expect(tolist(cumsum(x, 0))).toEqual([
      [0n, 3n],
      [1n, 7n],
      [3n, 12n],
    ]);
  });
  it("cumsum's gradient is the suffix sum of the incoming gradient", () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    backward(sum(cumsum(a, 0)));
    expect(tolist(a.grad!)).toEqual([3, 2, 1]);
  });
  it("cumprod's gradient handles a zero without dividing by it", () => {
    // out = [a, ab, abc]; d/da = 1 + b + bc, d/db = a + ac, d/dc = ab.
    const a = tensor([2, 0, 3], { requiresGrad: true });
    backward(sum(cumprod(a, 0)));
    expect(tolist(a.grad!)).toEqual([1 + 0 + 0, 2 + 6, 0]);
  });
});

describe("split-style views", () => {
  it("narrow, chunk, split and unbind share storage and version with their base", () => {
    const x = reshape(arange(12), [3, 4]);
    const n = narrow(x, 1, 1, 2);
    const [c0] = chunk(x, 2, 1);
    const [s0] = splitWithSizes(x, [1, 2], 0);
    const u = unbind(x, 1)[3];
    for (const v of [n, c0, s0, u]) {
      expect(v.storage).toBe(x.storage);
      expect(v.version).toBe(x.version);
    }
    fill_(u, -1);
    expect((tolist(x) as number[][]).map((r) => r[3])).toEqual([-1, -1, -1]);
    expect(n.version.value).toBe(1);
  });
  it("split covers every element exactly once, for any size", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), (n, size) => {
        const pieces = split(arange(BigInt(n)), size, 0);
        const flat = pieces.flatMap((p) => tolist(p) as bigint[]);
        expect(flat).toEqual([...Array(n).keys()].map(BigInt));
        expect(pieces.length).toBe(Math.ceil(n / size));
      }),
      { seed: 7 },
    );
  });
  it("pieces without a gradient leave zeros in the input's gradient", () => {
    const a = tensor([1, 2, 3, 4, 5], { requiresGrad: true });
    const [, mid] = split(a, 2, 0);
    backward(sum(mid));
    expect(tolist(a.grad!)).toEqual([0, 0, 1, 1, 0]);
  });
});

describe("gather / scatter / index ops", () => {
  it("gather is the inverse of scatter on a permutation", () => {
    const perm = tensor([[2n, 0n, 1n]]);
    const src = tensor([[10, 20, 30]]);
    const scattered = scatter(tensor([[0, 0, 0]]), 1, perm, src);
    expect(tolist(scattered)).toEqual([[20, 30, 10]]);
    expect(tolist(gather(scattered, 1, perm))).toEqual([[10, 20, 30]]);
  });
  it("out-of-place scatter leaves its input alone; scatter_ writes and bumps the version", () => {
    const x = tensor([1, 2, 3]);
    scatter(x, 0, tensor([0n]), 9);
    expect(tolist(x)).toEqual([1, 2, 3]);
    scatter_(x, 0, tensor([0n]), 9);
    expect(tolist(x)).toEqual([9, 2, 3]);
    expect(x.version.value).toBe(1);
  });
  it("index_select's gradient accumulates repeated indices", () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    backward(sum(indexSelect(a, 0, tensor([2n, 2n, 0n]))));
    expect(tolist(a.grad!)).toEqual([1, 0, 2]);
  });
  it("index_fill_ accepts negative indices", () => {
    expect(tolist(indexFill_(tensor([1, 2, 3]), 0, tensor([-1n]), 0))).toEqual([1, 2, 0]);
  });
});

describe("masked_scatter", () => {
  it("consumes source in row-major order of the True positions", () => {
    const m = tensor([
      [true, false],
      [true, true],
    ]);
    const y = maskedScatter(
      tensor([
        [0, 0],
        [0, 0],
      ]),
      m,
      tensor([7, 8, 9, 10]),
    );
    expect(tolist(y)).toEqual([
      [7, 0],
      [8, 9],
    ]);
  });
  it("agrees with masked_fill when source is constant", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (bits) => {
        const x = arange(bits.length);
        const y = maskedScatter(x, tensor(bits), tensor(bits.map(() => 5)));
        expect(tolist(y)).toEqual(bits.map((b, i) => (b ? 5 : i)));
      }),
      { seed: 11 },
    );
  });
  it("the in-place form returns its receiver", () => {
    const x = tensor([1, 2]);
    expect(maskedScatter_(x, tensor([false, true]), tensor([5]))).toBe(x);
    expect(tolist(x)).toEqual([1, 5]);
  });
});

describe("repeat, roll, pad", () => {
  it("repeat tiles and sums the tiles' gradients", () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const y = repeat(a, [2, 3]);
    expect(y.shape).toEqual([2, 6]);
    backward(sum(y));
    expect(tolist(a.grad!)).toEqual([6, 6]);
  });
  it("rolling by n and by -n cancels", () => {
    const x = reshape(arange(6n), [2, 3]);
    expect(tolist(roll(roll(x, [1, 2], [0, 1]), [-1, -2], [0, 1]))).toEqual(tolist(x));
  });
  it("negative padding crops", () => {
    expect(tolist(constantPad(tensor([1, 2, 3]), [-1, 1], 9))).toEqual([2, 3, 9]);
  });
});

describe("lane reductions and sorting", () => {
  it("var and std of [1, 2, 3, 4]: 5/3 unbiased, 1.25 biased", () => {
    const x = tensor([1, 2, 3, 4], { dtype: DTYPES.float64 });
    expect(variance(x).atNumber(0)).toBeCloseTo(5 / 3, 14);
    expect(std(x, { correction: 0 }).atNumber(0)).toBeCloseTo(Math.sqrt(1.25), 14);
  });
  it("logsumexp of equal values is value + log(n), even for huge values", () => {
    const x = tensor([1000, 1000], { dtype: DTYPES.float64 });
    expect(logsumexp(x, [0]).atNumber(0)).toBeCloseTo(1000 + Math.log(2), 10);
  });
  it("amax splits the gradient between ties", () => {
    const a = tensor([3, 1, 3], { requiresGrad: true });
    backward(amax(a));
    expect(tolist(a.grad!)).toEqual([0.5, 0, 0.5]);
  });
  it("sort puts NaN last and keeps equal values in order", () => {
    const r = sort(tensor([2, NaN, 1, 2]));
    expect(tolist(r.indices)).toEqual([2n, 0n, 3n, 1n]);
    expect(tolist(topk(tensor([1, 5, 3]), 2).values)).toEqual([5, 3]);
  });
});
