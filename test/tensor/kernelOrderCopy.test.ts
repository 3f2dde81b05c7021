import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import { float64 } from "../../src/tensor/dtype";
import { copy_ } from "../../src/tensor/ops/copy";
import { add_ } from "../../src/tensor/ops/inplaceArith";
import { arange, zeros } from "../../src/tensor/ops/create";
import { getItem, setItem } from "../../src/tensor/ops/indexing";
import { tolist } from "../../src/tensor/ops/item";
import { copyInKernelOrder } from "../../src/tensor/ops/kernelOrderCopy";
import { copyStrided } from "../../src/tensor/ops/strided";
import { permute, reshape } from "../../src/tensor/ops/views";

const cols = (a: number | null, b: number | null) => [
  { slice: [null, null, null] },
  { slice: [a, b, null] },
];

group("a copy between overlapping slices replays PyTorch's element order", () => {
  it("short rows go one element at a time, so z[:, 1:] = z[:, :3] smears the first column", () => {
    const z = reshape(arange(12), [3, 4]);
    setItem(z, cols(1, null) as never, getItem(z, cols(null, 3) as never));
    expect(tolist(z)).toEqual([
      [0, 0, 0, 0],
      [4, 4, 4, 4],
      [8, 8, 8, 8],
    ]);
  });

  it("packed rows move in 64-byte blocks, each read before it is written", () => {
    const z = reshape(arange(40), [2, 20]);
    copy_(getItem(z, cols(1, null) as never), getItem(z, cols(null, 19) as never));
    // 16 float32 shift correctly, the last 3 repeat what the block left behind.
    expect((tolist(z) as number[][])[0]).toEqual([
      0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 15, 15, 15,
    ]);
    const d = reshape(arange(0, 40, 1, { dtype: float64 }), [2, 20]);
    copy_(getItem(d, cols(1, null) as never), getItem(d, cols(null, 19) as never));
    // float64: blocks of 8, and each block's first read sees the previous block's last write.
    expect((tolist(d) as number[][])[0]!.slice(0, 11)).toEqual([0, 0, 1, 2, 3, 4, 5, 6, 7, 7, 9]);
  });

  it("walks the smallest stride innermost, whatever the logical order", () => {
    const z = permute(reshape(arange(12), [3, 4]), [1, 0]);
    setItem(
      z,
      [{ slice: [1, null, null] }] as never,
      getItem(z, [{ slice: [null, -1, null] }] as never),
    );
    expect(tolist(z)).toEqual([
      [0, 4, 8],
      [0, 4, 8],
      [0, 4, 8],
      [0, 4, 8],
    ]);
  });

  it("in-place arithmetic reads its other operand the same way", () => {
    const z = reshape(arange(12), [3, 4]);
    add_(getItem(z, cols(1, null) as never), getItem(z, cols(null, 3) as never));
    expect((tolist(z) as number[][])[0]).toEqual([0, 1, 3, 6]);
    // A broadcast column is read once per row for the vector blocks, afresh for the rest.
    const w = reshape(arange(80), [2, 40]);
    add_(w, getItem(w, cols(null, 1) as never));
    const row = (tolist(w) as number[][])[1]!;
    expect([row[0], row[31], row[32]]).toEqual([80, 111, 152]);
  });

  it("equals a plain strided copy when the two sides do not share memory", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
        fc.nat(5),
        (shape, p) => {
          const n = shape.reduce((a, b) => a * b, 1);
          const order = shape.map((_, i) => i);
          if (shape.length > 1) order.reverse();
          const src = p % 2 ? permute(reshape(arange(n), shape), order) : reshape(arange(n), shape);
          const a = zeros(src.shape);
          const b = zeros(src.shape);
          copyInKernelOrder(a, src);
          copyStrided(b, src);
          expect(tolist(a)).toEqual(tolist(b));
        },
      ),
      { seed: 99, numRuns: 60 },
    );
  });
});
