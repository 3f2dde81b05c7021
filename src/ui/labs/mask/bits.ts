// A boolean mask as the labs keep it: one byte per cell in a Uint8Array, row-major. Presets are
// pure functions so the editor, the lab models and the tests share them.

import { Generator } from "../../../tensor/random/generator";
import { randFloat32 } from "../../../tensor/random/uniform";

export interface MaskBits {
  readonly rows: number;
  readonly cols: number;
  readonly bits: Uint8Array;
  /**
   * Set by randomMask: the bits are `torch.manual_seed(seed); torch.rand(rows, cols) > 0.5`, so
   * "Show code" can print that call instead of a literal. Edits build new masks without it.
   */
  readonly seed?: number;
}

export const MAX_MASK_SIDE = 64;

export function emptyMask(rows: number, cols: number): MaskBits {
  return { rows, cols, bits: new Uint8Array(rows * cols) };
}

function build(rows: number, cols: number, on: (i: number, j: number) => boolean): MaskBits {
  const bits = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) bits[i * cols + j] = on(i, j) ? 1 : 0;
  return { rows, cols, bits };
}

/** torch.triu(torch.ones(r, c, dtype=torch.bool), diagonal=1): True above the diagonal. */
export const causalMask = (rows: number, cols: number): MaskBits =>
  build(rows, cols, (i, j) => j > i);
/** The transpose of the causal pattern: torch.tril(…, diagonal=-1). */
export const causalTMask = (rows: number, cols: number): MaskBits =>
  build(rows, cols, (i, j) => j < i);
export const diagonalMask = (rows: number, cols: number): MaskBits =>
  build(rows, cols, (i, j) => i === j);
export const checkerMask = (rows: number, cols: number): MaskBits =>
  build(rows, cols, (i, j) => (i + j) % 2 === 1);
export const fullMask = (rows: number, cols: number): MaskBits => build(rows, cols, () => true);

/** Padding mask: row i keeps its first lengths[i] positions and masks the rest. */
export function paddingMask(rows: number, cols: number, lengths: readonly number[]): MaskBits {
  return build(rows, cols, (i, j) => j >= (lengths[i] ?? cols));
}

/**
 * `torch.manual_seed(seed); torch.rand(rows, cols) > 0.5`, drawn from a private generator so a lab
 * never moves the notebook's global one.
 */
export function randomMask(rows: number, cols: number, seed: number): MaskBits {
  const u = randFloat32(new Generator(seed), rows * cols);
  const bits = new Uint8Array(u.length);
  for (let i = 0; i < u.length; i++) bits[i] = u[i] > 0.5 ? 1 : 0;
  return { rows, cols, bits, seed };
}

/** The seed a mask can still be written with, or null once its bits differ from that draw. */
export function randomSeedOf(m: MaskBits): number | null {
  if (m.seed === undefined) return null;
  return maskEquals(m, randomMask(m.rows, m.cols, m.seed)) ? m.seed : null;
}

export function invertMask(m: MaskBits): MaskBits {
  const bits = new Uint8Array(m.bits.length);
  for (let i = 0; i < bits.length; i++) bits[i] = m.bits[i] ^ 1;
  return { rows: m.rows, cols: m.cols, bits };
}

/** The same mask at another size: kept cells stay, new cells are off. */
export function resizeMask(m: MaskBits, rows: number, cols: number): MaskBits {
  if (m.rows === rows && m.cols === cols) return m;
  return build(rows, cols, (i, j) => i < m.rows && j < m.cols && m.bits[i * m.cols + j] === 1);
}

export function maskEquals(a: MaskBits, b: MaskBits): boolean {
  if (a.rows !== b.rows || a.cols !== b.cols) return false;
  for (let i = 0; i < a.bits.length; i++) if (a.bits[i] !== b.bits[i]) return false;
  return true;
}

export function countOn(m: MaskBits): number {
  let n = 0;
  for (let i = 0; i < m.bits.length; i++) n += m.bits[i];
  return n;
}

export type MaskPattern = "clear" | "full" | "causal" | "causalT" | "diagonal";

/** Which named pattern a mask equals, so code can say `torch.triu(…)` instead of a literal. */
export function recognisePattern(m: MaskBits): MaskPattern | null {
  const { rows: r, cols: c } = m;
  const candidates: [MaskPattern, MaskBits][] = [
    ["clear", emptyMask(r, c)],
    ["full", fullMask(r, c)],
    ["causal", causalMask(r, c)],
    ["causalT", causalTMask(r, c)],
    ["diagonal", diagonalMask(r, c)],
  ];
  for (const [name, cand] of candidates) if (maskEquals(m, cand)) return name;
  return null;
}
