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
  randomSeedOf,
  recognisePattern,
  resizeMask,
} from "../../../src/ui/labs/mask/bits";
import { defaultGenerator } from "../../../src/tensor/random/index";
import { parseLengths } from "../../../src/ui/labs/mask/MaskEditor";
import { maskAssign, maskPython } from "../../../src/ui/labs/code";

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

describe("seeded random mask", () => {
  it("is torch.manual_seed(0); torch.rand(2, 3) > 0.5 (values recorded from PyTorch 2.13)", () => {
    // torch.rand(2, 3) after manual_seed(0): 0.4963, 0.7682, 0.0885 / 0.1320, 0.3074, 0.6341
    expect(rows(randomMask(2, 3, 0))).toEqual(["010", "001"]);
  });
  it("is written as the seed and the draw while its bits are the draw", () => {
    const m = randomMask(3, 5, 17);
    expect(randomSeedOf(m)).toBe(17);
    expect(maskAssign(m)).toEqual(["torch.manual_seed(17)", "mask = torch.rand(3, 5) > 0.5"]);
  });
  it("is written literally once a cell changes, even if the stale seed stays", () => {
    const m = randomMask(3, 5, 17);
    m.bits[4] ^= 1;
    expect(randomSeedOf(m)).toBeNull();
    expect(maskAssign(m)[0]).toMatch(/^mask = torch\.tensor\(\[\[/);
    expect(randomSeedOf(invertMask(randomMask(3, 5, 17)))).toBeNull();
  });
  it("draws from a private generator, leaving the notebook's global one where it was", () => {
    const g = defaultGenerator();
    g.manualSeed(5);
    const before = g.clone();
    randomMask(8, 8, 1);
    expect(g.random32()).toBe(before.random32());
  });
});
