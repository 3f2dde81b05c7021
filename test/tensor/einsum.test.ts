import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import { arange } from "../../src/tensor/ops/create";
import { einsum } from "../../src/tensor/ops/einsum";
import { tolist } from "../../src/tensor/ops/item";
import { reshape } from "../../src/tensor/ops/views";

group("einsum with a label repeated in one operand", () => {
  it("'ii->i' is a view of the diagonal and 'ii' its trace", () => {
    const a = reshape(arange(9), [3, 3]);
    const d = einsum("ii->i", [a]);
    expect(tolist(d)).toEqual([0, 4, 8]);
    expect(d.storage).toBe(a.storage);
    expect(d.strides).toEqual([4]);
    expect(tolist(einsum("ii", [a]))).toEqual(12);
  });

  it("takes batched and three-way diagonals", () => {
    const b = reshape(arange(18), [2, 3, 3]);
    expect(tolist(einsum("bii->bi", [b]))).toEqual([
      [0, 4, 8],
      [9, 13, 17],
    ]);
    expect(tolist(einsum("iii->i", [reshape(arange(27), [3, 3, 3])]))).toEqual([0, 13, 26]);
  });

  it("refuses a repeat whose sizes differ, naming both", () => {
    expect(() => einsum("ii->i", [reshape(arange(6), [2, 3])])).toThrow(
      "einsum(): subscript i is repeated for operand 0 but the sizes don't match, 3 != 2",
    );
  });

  it("a single operand always comes back as a new permuted view", () => {
    const a = reshape(arange(6), [2, 3]);
    const r = einsum("ij->ij", [a]);
    expect(r).not.toBe(a);
    expect(r.gradFn).toBeNull();
    expect(r.storage).toBe(a.storage);
  });

  it("'ij,jj->i' equals A @ diag(B) for any square sizes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), (n) => {
        const a = reshape(arange(n * n), [n, n]);
        const got = tolist(einsum("ij,jj->i", [a, a])) as number[];
        const want = Array.from({ length: n }, (_, i) =>
          Array.from({ length: n }, (_, j) => (i * n + j) * (j * n + j)).reduce((x, y) => x + y, 0),
        );
        expect(got).toEqual(want);
      }),
      { seed: 31, numRuns: 20 },
    );
  });
});
