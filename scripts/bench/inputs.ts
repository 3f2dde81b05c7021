// The bench's inputs, drawn from MaskLab's replay of PyTorch's CPU generator in the order
// torch_bench.py draws them, so the PyTorch process sees the same values and mask bits.

import { Generator, randFloat32, randnFloat32 } from "../../src/tensor/random/index";
import type { BenchConfig } from "./config";

export interface BenchInputs {
  /** x0: N*N float32, torch.randn(N, N). */
  x: Float32Array;
  /** torch.rand(N, N) < 0.5 as 0/1 bytes. */
  mask: Uint8Array;
  /** torch.rand(N) < 0.5: one mask row broadcast over every row of x. */
  rowMask: Uint8Array;
  /** torch.rand(B, 1, 1, S) < 0.5: an attention padding mask over [B, H, S, S]. */
  attnMask: Uint8Array;
}

export interface Fingerprints {
  xSum: number;
  maskCount: number;
  /** Sum of x where the mask is set: ties mask bits to positions. */
  maskedSum: number;
  rowMaskCount: number;
  attnMaskCount: number;
}

function below(values: Float32Array, p: number): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] < p ? 1 : 0;
  return out;
}

export function makeInputs(c: Pick<BenchConfig, "n" | "b" | "s" | "seed">): BenchInputs {
  const g = new Generator(c.seed);
  const x = randnFloat32(g, c.n * c.n);
  const mask = below(randFloat32(g, c.n * c.n), 0.5);
  const rowMask = below(randFloat32(g, c.n), 0.5);
  const attnMask = below(randFloat32(g, c.b * c.s), 0.5);
  return { x, mask, rowMask, attnMask };
}

const countOnes = (m: Uint8Array): number => m.reduce((a, v) => a + v, 0);

export function fingerprints(inp: BenchInputs): Fingerprints {
  let xSum = 0;
  let maskedSum = 0;
  for (let i = 0; i < inp.x.length; i++) {
    xSum += inp.x[i];
    if (inp.mask[i]) maskedSum += inp.x[i];
  }
  return {
    xSum,
    maskCount: countOnes(inp.mask),
    maskedSum,
    rowMaskCount: countOnes(inp.rowMask),
    attnMaskCount: countOnes(inp.attnMask),
  };
}

/**
 * Whether two fingerprints describe the same inputs. Counts must be equal; float64 sums may
 * differ by summation order only (torch sums pairwise): ~1e-9 here, while one flipped mask bit
 * moves maskedSum by about |x_i|, i.e. O(1).
 */
export function sameInputs(a: Fingerprints, b: Fingerprints): boolean {
  const close = (u: number, v: number): boolean =>
    Math.abs(u - v) <= 1e-6 + 1e-9 * Math.max(Math.abs(u), Math.abs(v));
  return (
    a.maskCount === b.maskCount &&
    a.rowMaskCount === b.rowMaskCount &&
    a.attnMaskCount === b.attnMaskCount &&
    close(a.xSum, b.xSum) &&
    close(a.maskedSum, b.maskedSum)
  );
}
