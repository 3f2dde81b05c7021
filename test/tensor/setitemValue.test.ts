import { describe as group, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { float16, float32, int64, uint8 } from "../../src/tensor/dtype";
import { mul } from "../../src/tensor/ops/binary";
import { arange, tensor, zeros } from "../../src/tensor/ops/create";
import { setItem } from "../../src/tensor/ops/indexing";
import { tolist } from "../../src/tensor/ops/item";
import { sum } from "../../src/tensor/ops/reduce";
import { broadcastTensors, expand, reshape } from "../../src/tensor/ops/views";

// tensor[items] = value as THPVariable_setitem does it (values recorded from PyTorch 2.13 in
// test/fixtures/oracle-extra: bcast__setitem-*, dtype__setitem-*, err__setitem-*), and the
// expand geometry those writes rely on.

const grid = (dtype = float32) => reshape(arange(0, 6, 1, { dtype }), [2, 3]);
const mask = () => tensor([true, false]);

group("setitem values", () => {
  it("a value's leading 1s are dropped before it broadcasts to a basic target", () => {
    const x = grid(int64);
    setItem(x, [0], tensor([[10, 20, 30]]));
    expect(tolist(x)).toEqual([
      [10n, 20n, 30n],
      [3n, 4n, 5n],
    ]);
    // The message names the value without its leading 1s.
    expect(() => setItem(grid(), [{ slice: [0, 2, null] }], tensor([[1, 2]]))).toThrow(
      "Tensor sizes: [2]",
    );
  });

  it("one element through a single mask is converted like masked_fill_, checked", () => {
    const x = grid(float16);
    setItem(x, [mask()], tensor(9));
    expect(tolist(x)).toEqual([
      [9, 9, 9],
      [3, 4, 5],
    ]);
    expect(() => setItem(grid(float16), [mask()], tensor(1e10))).toThrow(
      "value cannot be converted to type c10::Half without overflow",
    );
  });

  it("index_put_ otherwise needs the value's dtype, after the shape check", () => {
    expect(() => setItem(grid(float16), [[0, 1]], tensor([7]))).toThrow(
      "Index put requires the source and destination dtypes match, got Half for the destination and Float for the source.",
    );
    expect(() => setItem(grid(float16), [[1, 5]], tensor([[1], [2], [3]]))).toThrow(
      "shape mismatch: value tensor of shape [3, 1] cannot be broadcast to indexing result of shape [2, 3]",
    );
  });

  it("a basic write of a 0-dim tensor is fill_'s unchecked cast", () => {
    const u = zeros([2], { dtype: uint8 });
    setItem(u, [0], tensor(300));
    expect(tolist(u)).toEqual([44n, 0n]);
  });

  it("bare True writes like None, bare False writes nothing after converting the value", () => {
    const x = zeros([3]);
    setItem(x, [true], tensor([[1, 2, 3]]));
    expect(tolist(x)).toEqual([1, 2, 3]);
    expect(x.version.value).toBe(1);
    setItem(x, [false], 5);
    expect(x.version.value).toBe(1);
    expect(() => setItem(zeros([3], { dtype: int64 }), [false], Infinity)).toThrow(
      "value cannot be converted to type int64_t without overflow",
    );
  });

  it("writing whole dims records fill_/copy_, and the value's gradient keeps its shape", () => {
    const w = zeros([3], { requiresGrad: true });
    const h = mul(w, 1n);
    setItem(h, ["ellipsis"], 2);
    expect(h.gradFn?.name).toBe("FillBackward3");
    const v = tensor([[1, 2, 3]], { requiresGrad: true });
    const k = mul(zeros([2, 3], { requiresGrad: true }), 1n);
    setItem(k, [1], v);
    expect(k.gradFn?.name).toBe("torch::autograd::CopySlices");
    backward(sum(k));
    expect(v.grad!.shape).toEqual([1, 3]);
  });
});

group("expand geometry", () => {
  it("a 0-dim tensor expands with every stride 0", () => {
    expect(expand(tensor(1), [2, 1]).strides).toEqual([0, 0]);
    expect(expand(arange(0, 3, 1), [1, 3]).strides).toEqual([3, 1]);
  });

  it("broadcast_tensors returns a tensor that already has the shape as it is", () => {
    const a = arange(0, 3, 1);
    const [x, y] = broadcastTensors([a, zeros([2, 1])]);
    expect([x.shape, x.strides, y.strides]).toEqual([
      [2, 3],
      [0, 1],
      [1, 0],
    ]);
    expect(broadcastTensors([a, a])[0]).toBe(a);
  });
});
