import { describe, expect, it } from "vitest";
import {
  causalMask,
  causalTMask,
  checkerMask,
  countOn,
  diagonalMask,
  invertMask,
  paddingMask,
  randomMask,
  recognisePattern,
  resizeMask,
} from "../../../src/ui/labs/mask/bits";
import { parseLengths } from "../../../src/ui/labs/mask/MaskEditor";
import { maskPython } from "../../../src/ui/labs/code";

const rows = (m: { rows: number; cols: number; bits: Uint8Array }) =>
  Array.from({ length: m.rows }, (_, i) =>
    Array.from(m.bits.slice(i * m.cols, (i + 1) * m.cols)).join(""),
  );

describe("mask presets", () => {
  it("causal is torch.triu(ones, diagonal=1): True strictly above the diagonal", () => {
    expect(rows(causalMask(4, 4))).toEqual(["0111", "0011", "0001", "0000"]);
    expect(rows(causalMask(2, 4))).toEqual(["0111", "0011"]);
  });
  it("the transposed causal mask is tril(ones, diagonal=-1)", () => {
    expect(rows(causalTMask(3, 3))).toEqual(["000", "100", "110"]);
  });
  it("padding keeps the first lengths[i] positions of row i", () => {
    expect(rows(paddingMask(3, 4, [4, 2, 0]))).toEqual(["0000", "0011", "1111"]);
  });
  it("diagonal and checkerboard", () => {
    expect(rows(diagonalMask(2, 3))).toEqual(["100", "010"]);
    expect(rows(checkerMask(2, 3))).toEqual(["010", "101"]);
  });
  it("random is reproducible from its seed and differs between seeds", () => {
    expect(Array.from(randomMask(8, 8, 3).bits)).toEqual(Array.from(randomMask(8, 8, 3).bits));
    expect(Array.from(randomMask(8, 8, 3).bits)).not.toEqual(Array.from(randomMask(8, 8, 4).bits));
    const n = countOn(randomMask(64, 64, 11));
    expect(n).toBeGreaterThan(1800);
    expect(n).toBeLessThan(2300);
  });
  it("invert twice is the identity and invert flips the count", () => {
    const m = randomMask(5, 7, 9);
    expect(Array.from(invertMask(invertMask(m)).bits)).toEqual(Array.from(m.bits));
    expect(countOn(invertMask(m))).toBe(35 - countOn(m));
  });
  it("resizing keeps the overlap and clears new cells", () => {
    expect(rows(resizeMask(causalMask(3, 3), 2, 4))).toEqual(["0110", "0010"]);
  });
  it("parses lengths leniently, clamping to the row length", () => {
    expect(parseLengths("3, 9，-1", 4, 5)).toEqual([3, 5, 0, 5]);
  });
});

describe("mask as Python", () => {
  it("names known patterns with torch factories", () => {
    expect(recognisePattern(causalMask(3, 3))).toBe("causal");
    expect(maskPython(causalMask(3, 5))).toBe(
      "torch.triu(torch.ones(3, 5, dtype=torch.bool), diagonal=1)",
    );
    expect(maskPython(causalTMask(2, 2))).toBe(
      "torch.tril(torch.ones(2, 2, dtype=torch.bool), diagonal=-1)",
    );
    expect(maskPython(diagonalMask(2, 3))).toBe("torch.eye(2, 3, dtype=torch.bool)");
  });
  it("writes other masks literally, one row per line", () => {
    expect(maskPython(checkerMask(2, 2))).toBe(
      "torch.tensor([[False, True],\n              [True, False]])",
    );
  });
});
