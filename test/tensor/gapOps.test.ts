// Kernels added for the extended oracle: masked_select, nonzero, flip, dot, linspace, sign,
// round, nan_to_num. Expected values recorded from PyTorch 2.13 (CPU) or from first principles.
import { describe, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { arange, tensor } from "../../src/tensor/ops/create";
import { dot } from "../../src/tensor/ops/dot";
import { flip } from "../../src/tensor/ops/flip";
import { tolist } from "../../src/tensor/ops/item";
import { linspace } from "../../src/tensor/ops/linspace";
import { nanToNum, round, sign } from "../../src/tensor/ops/numeric";
import { unaryMath } from "../../src/tensor/ops/unaryMath";
import { maskedSelect, nonzero, nonzeroTuple } from "../../src/tensor/ops/select";
import { sum } from "../../src/tensor/ops/reduce";
import { permute, reshape, t as transpose2d } from "../../src/tensor/ops/views";
import { cppUnorderedMapOrder } from "../../src/python/torch/cppOrder";

describe("masked_select", () => {
  it("broadcasts self and mask and backpropagates into the broadcast input", () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const m = tensor([
      [true, false, true],
      [true, true, false],
    ]);
    const y = maskedSelect(a, m);
    expect(tolist(y)).toEqual([1, 3, 1, 2]);
    expect(y.gradFn?.name).toBe("MaskedSelectBackward0");
    backward(sum(y));
    expect(tolist(a.grad!)).toEqual([2, 1, 1]);
  });
  it("rejects a non-bool mask with PyTorch's text", () => {
    expect(() => maskedSelect(tensor([1, 2]), tensor([1n, 0n]))).toThrow(
      "masked_select: expected BoolTensor for mask",
    );
  });
});

describe("nonzero", () => {
  it("lists row-major coordinates, NaN included, also for strided views", () => {
    const x = tensor([
      [1, 0],
      [0, NaN],
    ]);
    expect(tolist(nonzero(x))).toEqual([
      [0n, 0n],
      [1n, 1n],
    ]);
    const v = transpose2d(
      tensor([
        [0n, 1n],
        [2n, 0n],
      ]),
    );
    expect(tolist(nonzero(v))).toEqual([
      [0n, 1n],
      [1n, 0n],
    ]);
    expect(nonzero(tensor(5)).shape).toEqual([1, 0]);
    expect(nonzeroTuple(tensor(0)).map((t) => t.shape)).toEqual([[0]]);
  });
});

describe("flip", () => {
  it("reverses the given dims of a permuted view", () => {
    const x = permute(reshape(arange(24, null, 1), [2, 3, 4]), [2, 0, 1]);
    const expected = [
      11, 7, 3, 23, 19, 15, 10, 6, 2, 22, 18, 14, 9, 5, 1, 21, 17, 13, 8, 4, 0, 20, 16, 12,
    ];
    expect((tolist(flip(x, [0, 2])) as number[][][]).flat(2).map(Number)).toEqual(expected);
    expect(() => flip(x, [0, 0])).toThrow("dim 0 appears multiple times in the list of dims");
  });
});

describe("dot", () => {
  it("accumulates float32 products in float32", () => {
    expect(tolist(dot(tensor([0.1, 0.2, 0.3, 0.7]), tensor([0.3, 0.2, 0.1, 0.9])))).toBe(
      0.7300000190734863,
    );
    expect(() => dot(tensor([[1]]), tensor([[1]]))).toThrow(
      "1D tensors expected, but got 2D and 2D tensors",
    );
  });
});

describe("linspace", () => {
  it("counts up from start for the first half and down from end for the rest", () => {
    expect(tolist(linspace(0, 1, 7))).toEqual([
      0.0, 0.1666666716337204, 0.3333333432674408, 0.5, 0.6666666269302368, 0.8333333134651184, 1.0,
    ]);
    expect(tolist(linspace(-3, 7.5, 10))).toEqual([
      -3.0, -1.8333333730697632, -0.6666667461395264, 0.49999988079071045, 1.6666665077209473,
      2.8333334922790527, 4.0, 5.1666669845581055, 6.333333492279053, 7.5,
    ]);
  });
});

describe("sign, round, nan_to_num", () => {
  it("match PyTorch on zeros, NaN, ties and infinities", () => {
    const x = tensor([-2, 0, -0, NaN, 3.5, Infinity, -Infinity]);
    expect(tolist(sign(x))).toEqual([-1, 0, 0, 0, 1, 1, -1]);
    expect(tolist(round(tensor([0.5, 1.5, 2.5, -0.5, -1.5])))).toEqual([0, 2, 2, -0, -2]);
    expect(tolist(round(tensor([1.2345, 2.675]), 2))).toEqual([
      Math.fround(1.23),
      Math.fround(2.68),
    ]);
    expect(tolist(nanToNum(x))).toEqual([
      -2, 0, -0, 0, 3.5, 3.4028234663852886e38, -3.4028234663852886e38,
    ]);
  });
});

describe("libstdc++ unordered_map order (PyTorch's kwargs listing)", () => {
  it("matches a g++ build on the same keys", () => {
    expect(cppUnorderedMapOrder(["mask", "value"])).toEqual(["value", "mask"]);
    expect(cppUnorderedMapOrder(["a", "b", "c", "d", "e", "f", "g"])).toEqual(
      "g f e c b d a".split(" "),
    );
    expect(
      cppUnorderedMapOrder(
        "memory_format requires_grad non_blocking pin_memory layout device copy x".split(" "),
      ),
    ).toEqual(
      "x copy layout pin_memory non_blocking device requires_grad memory_format".split(" "),
    );
  });
});

describe("round and frac on integer and bool tensors", () => {
  const msg = (f: () => unknown): string => {
    try {
      f();
      return "ok";
    } catch (e) {
      return (e as Error).message;
    }
  };
  it("round() copies integers, refuses bool, and round(decimals=...) has no integer kernel", () => {
    expect(tolist(round(tensor([3n, -2n])))).toEqual([3n, -2n]);
    expect(msg(() => round(tensor([true])))).toBe(`"round_vml_cpu" not implemented for 'Bool'`);
    expect(msg(() => round(tensor([3n]), 0))).toBe(`"round_vml_cpu" not implemented for 'Long'`);
    expect(msg(() => round(tensor([3n]), 1))).toBe(`"round_cpu" not implemented for 'Long'`);
  });
  it("frac has only a floating kernel", () => {
    expect(msg(() => unaryMath("frac", tensor([3n])))).toBe(
      `"frac_cpu" not implemented for 'Long'`,
    );
  });
});
