import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import { bool, float16, float32, float64, int16, int32, uint8 } from "../../src/tensor/dtype";
import { arange, tensor } from "../../src/tensor/ops/create";
import { tolist } from "../../src/tensor/ops/item";
import { resize_ } from "../../src/tensor/ops/resize";
import { viewDtype } from "../../src/tensor/ops/viewDtype";
import { reshape, transpose } from "../../src/tensor/ops/views";
import { to } from "../../src/tensor/ops/cast";

group("Tensor.view(dtype)", () => {
  it("reads the same bytes: float32 1.0 is int32 1065353216, and writes alias both ways", () => {
    const x = tensor([1, -2]);
    const i = viewDtype(x, int32);
    expect(tolist(i)).toEqual([1065353216n, -1073741824n]);
    expect(i.version).toBe(x.version);
    expect(i.dataPtr()).toBe(x.dataPtr());
    expect(i.base).toBeNull();
    (i.storage.data as Int32Array)[0] = 0;
    expect(tolist(x)).toEqual([0, -2]);
  });

  it("folds element-size changes into the last dim, with PyTorch's checks", () => {
    const u = tensor([1, 2, 3, 4, 5, 6, 7, 8], { dtype: uint8 });
    const w = viewDtype(u, int32);
    expect(w.shape).toEqual([2]);
    expect(tolist(w)).toEqual([0x04030201n, 0x08070605n]);
    expect(viewDtype(w, int16).shape).toEqual([4]);
    expect(() => viewDtype(tensor([1, 2, 3]), float64)).toThrow(
      "self.size(-1) must be divisible by 2 to view Float as Double (different element sizes), but got 3",
    );
    expect(() => viewDtype(transpose(reshape(arange(8), [2, 4]), 0, 1), int16)).toThrow(
      "self.stride(-1) must be 1 to view Float as Short (different element sizes), but got 4",
    );
  });

  it("reads any nonzero byte viewed as bool as True", () => {
    const b = viewDtype(tensor([1, 256, -1], { dtype: int16 }), bool);
    expect(tolist(to(b, int32))).toEqual([1n, 0n, 0n, 1n, 1n, 1n]);
  });

  it("follows the storage when resize_ grows it", () => {
    const x = tensor([1, 2]);
    const i = viewDtype(x, int32);
    resize_(x, [4]);
    (x.storage.data as Float32Array)[3] = 1;
    expect(i.storage.data.length).toBe(4);
    expect((i.storage.data as Int32Array)[3]).toBe(1065353216);
  });

  it("round-trips any float16 bit pattern through int16 unchanged", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 1, maxLength: 8 }),
        (bits) => {
          const h = viewDtype(tensor(bits, { dtype: int16 }), float16);
          expect(tolist(viewDtype(h, int16))).toEqual(bits.map(BigInt));
          if (bits.length % 2 === 0)
            expect(tolist(viewDtype(viewDtype(viewDtype(h, float32), float16), int16))).toEqual(
              bits.map(BigInt),
            );
        },
      ),
      { seed: 2024, numRuns: 50 },
    );
  });
});
