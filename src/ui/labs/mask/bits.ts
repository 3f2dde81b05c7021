// A boolean mask as the labs keep it: one byte per cell in a Uint8Array, row-major. Presets are
// pure functions so the editor, the lab models and the tests share them.

export interface MaskBits {
  readonly rows: number;
  readonly cols: number;
  readonly bits: Uint8Array;
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

/** mulberry32: a tiny, well-mixed 32-bit PRNG, enough for a reproducible preset. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomMask(rows: number, cols: number, seed: number): MaskBits {
  const next = mulberry32(seed);
  return build(rows, cols, () => next() > 0.5);
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
