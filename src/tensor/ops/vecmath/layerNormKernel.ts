import { fmaf } from "../../random/float32Math";
import { fmad } from "./expd";

// LayerNorm's row statistics and normalisation as PyTorch 2.13's CPU kernel computes them
// (layer_norm_kernel.cpp with moments_utils.h), replayed so that float32 and float64 results
// agree bit for bit. The kernel runs 256-bit vectors here (8 floats, 4 doubles), and the
// compiler fuses some multiply-adds into FMAs and not others; which ones was measured against
// torch on rows of 1 to 8200 elements (all of 634k outputs equal), not guessed from the source.
//
// Mean and variance (Welford with a cascade):
// - a row is read in vectors of W lanes, grouped in chunks of 16 vectors. Inside a chunk each
//   lane runs Welford: delta = x - m1, m1 = fma(delta, 1/(j+1), m1), m2 = fma(delta, x - m1, m2).
// - a finished chunk merges into a stack of partial moments like a binary counter (chunk i+1
//   with trailing zero bits carries up), and the levels merge into level 0 at the end. Merging
//   (n_b, m1_b, m2_b) into (n_a, m1_a, m2_a): c = n_b / (n_a + n_b), delta = m1_b - m1_a,
//   m1_a += c * delta (not fused), m2_a = fma(delta, (delta * c) * n_a, m2_a + m2_b).
// - the N mod W leftover elements run scalar Welford with a division (nothing fused), then
//   the W lanes merge into it one by one: m1 = fma(c, delta, m1),
//   m2 += fma((delta * delta) * c, n, m2_lane).
// - variance = m2 / N; rstd = 1 / sqrt(variance + eps), eps rounded to the dtype.
//
// Output: y = (x - mean) * rstd, then * gamma + beta as one FMA when both are given,
// fma(y, gamma, +0) for gamma alone (so an exact zero stays +0), fma(x - mean, rstd, beta)
// for beta alone.

export interface Arith {
  /** Rounds a double to the dtype (Math.fround for float32, identity for float64). */
  readonly r: (v: number) => number;
  readonly fma: (a: number, b: number, c: number) => number;
  /** Lanes in one vector of the dtype. */
  readonly width: number;
}

export const ARITH_F32: Arith = { r: Math.fround, fma: fmaf, width: 8 };
export const ARITH_F64: Arith = { r: (v) => v, fma: fmad, width: 4 };

const CHUNK = 16;

interface Level {
  n: number;
  m1: Float64Array;
  m2: Float64Array;
}

/** [mean, biased variance] of x[off, off + n) in PyTorch's order. */
export function rowMoments(
  x: ArrayLike<number>,
  off: number,
  len: number,
  k: Arith,
): [number, number] {
  const { r, fma, width: W } = k;
  const nVec = Math.floor(len / W);
  const chunks = Math.ceil(nVec / CHUNK);
  const depth = chunks <= 1 ? 0 : Math.ceil(Math.log2(chunks));
  const levels: Level[] = [];
  for (let i = 0; i < Math.max(depth, 1); i++)
    levels.push({ n: 0, m1: new Float64Array(W), m2: new Float64Array(W) });
  const merge = (addN: number, m1b: Float64Array, m2b: Float64Array, into: Level) => {
    const total = into.n + addN;
    const c = total === 0 ? 0 : r(addN / total);
    const n0 = into.n;
    for (let l = 0; l < W; l++) {
      const delta = r(m1b[l] - into.m1[l]);
      into.m1[l] = r(into.m1[l] + r(c * delta));
      into.m2[l] = fma(delta, r(r(delta * c) * n0), r(into.m2[l] + m2b[l]));
    }
    into.n = total;
  };
  const a1 = new Float64Array(W);
  const a2 = new Float64Array(W);
  for (let i = 0; i < chunks; i++) {
    const count = Math.min(CHUNK, nVec - i * CHUNK);
    a1.fill(0);
    a2.fill(0);
    for (let j = 0; j < count; j++) {
      const c = r(1 / (j + 1));
      const base = off + (i * CHUNK + j) * W;
      for (let l = 0; l < W; l++) {
        const v = x[base + l];
        const d = r(v - a1[l]);
        a1[l] = fma(d, c, a1[l]);
        a2[l] = fma(d, r(v - a1[l]), a2[l]);
      }
    }
    merge(count, a1, a2, levels[0]);
    let mask = i + 1;
    for (let j = 1; j < depth && (mask & 1) === 0; j++) {
      const lower = levels[j - 1];
      merge(lower.n, lower.m1, lower.m2, levels[j]);
      levels[j - 1] = { n: 0, m1: new Float64Array(W), m2: new Float64Array(W) };
      mask >>= 1;
    }
  }
  for (let i = 1; i < depth; i++) merge(levels[i].n, levels[i].m1, levels[i].m2, levels[0]);
  let n = 0;
  let m1 = 0;
  let m2 = 0;
  for (let i = nVec * W; i < len; i++) {
    const v = x[off + i];
    const d = r(v - m1);
    n++;
    m1 = r(m1 + r(d / n));
    m2 = r(m2 + r(d * r(v - m1)));
  }
  const top = levels[0];
  for (let l = 0; l < W; l++) {
    const total = n + nVec;
    const c = total === 0 ? 0 : r(nVec / total);
    const delta = r(top.m1[l] - m1);
    m1 = fma(c, delta, m1);
    m2 = r(m2 + fma(r(r(delta * delta) * c), n, top.m2[l]));
    n = total;
  }
  return [m1, r(m2 / len)];
}

/**
 * Normalises `rows` rows of length n from x into y; gamma/beta may be null. Returns the
 * per-row mean and rstd (saved for backward).
 */
export function layerNormRows(
  x: ArrayLike<number>,
  y: { [i: number]: number },
  rows: number,
  n: number,
  gamma: ArrayLike<number> | null,
  beta: ArrayLike<number> | null,
  eps: number,
  k: Arith,
): { mean: Float64Array; rstd: Float64Array } {
  const { r, fma } = k;
  const mean = new Float64Array(rows);
  const rstd = new Float64Array(rows);
  const e = r(eps);
  for (let i = 0; i < rows; i++) {
    const off = i * n;
    const [mu, variance] = rowMoments(x, off, n, k);
    const s = r(1 / r(Math.sqrt(r(variance + e))));
    mean[i] = mu;
    rstd[i] = s;
    const neg = -mu;
    if (gamma !== null && beta !== null)
      for (let j = 0; j < n; j++) y[off + j] = fma(r(r(x[off + j] + neg) * s), gamma[j], beta[j]);
    else if (gamma !== null)
      for (let j = 0; j < n; j++) y[off + j] = fma(r(r(x[off + j] + neg) * s), gamma[j], 0);
    else if (beta !== null)
      for (let j = 0; j < n; j++) y[off + j] = fma(r(x[off + j] + neg), s, beta[j]);
    else for (let j = 0; j < n; j++) y[off + j] = r(r(x[off + j] + neg) * s);
  }
  return { mean, rstd };
}

/**
 * vec::map2_reduce_all with + over the n products p(j) * q(j): W lane accumulators seeded by
 * the first vector, whole vectors added in (product rounded, then added), the partial last
 * vector fused into the first lanes (one FMA each), and the lanes combined as a tree (i with
 * i + W/2, then i + W/4, ...). Rows shorter than a vector fold left to right.
 */
function reduceProducts(
  n: number,
  p: (j: number) => number,
  q: (j: number) => number,
  k: Arith,
): number {
  const { r, fma, width: W } = k;
  if (n < W) {
    let s = r(p(0) * q(0));
    for (let j = 1; j < n; j++) s = r(s + r(p(j) * q(j)));
    return s;
  }
  const acc = new Float64Array(W);
  for (let l = 0; l < W; l++) acc[l] = r(p(l) * q(l));
  const full = n - (n % W);
  for (let j = W; j < full; j++) acc[j % W] = r(acc[j % W] + r(p(j) * q(j)));
  for (let j = Math.max(full, W); j < n; j++) acc[j % W] = fma(p(j), q(j), acc[j % W]);
  for (let w = W >> 1; w >= 1; w >>= 1) for (let l = 0; l < w; l++) acc[l] = r(acc[l] + acc[l + w]);
  return acc[0];
}

export interface LayerNormGrads {
  dx: Float64Array | null;
  dgamma: Float64Array | null;
  dbeta: Float64Array | null;
}

/**
 * LayerNorm's backward over `rows` rows of length n (PyTorch's kernel on one thread), with
 * a = rstd, ds = sum(dy * x * gamma), db = sum(dy * gamma):
 *   dgamma += dy * fma(a, x, -a * mean)          (both fused)
 *   dbeta  += dy
 *   b = fma(db, mean, -ds) * a * a * a / n,  c = fma(-b, mean, -(db * a / n))
 *   dx = fma(b, x, a * dy * gamma) + c
 * Bit for bit with torch in float32 on rows of 1 to 1000 elements; float64 gradients can
 * differ from torch's in the last bit (its fusion there was not pinned down).
 */
export function layerNormBackwardRows(
  dy: ArrayLike<number>,
  x: ArrayLike<number>,
  mean: ArrayLike<number>,
  rstd: ArrayLike<number>,
  gamma: ArrayLike<number> | null,
  rows: number,
  n: number,
  want: { dx: boolean; dgamma: boolean; dbeta: boolean },
  k: Arith,
): LayerNormGrads {
  const { r, fma } = k;
  const dx = want.dx ? new Float64Array(rows * n) : null;
  const dgamma = want.dgamma ? new Float64Array(n) : null;
  const dbeta = want.dbeta ? new Float64Array(n) : null;
  const scale = r(1 / n);
  for (let i = 0; i < rows; i++) {
    const off = i * n;
    const a = rstd[i];
    const mu = mean[i];
    if (dgamma !== null) {
      const b = r(-a * mu);
      for (let j = 0; j < n; j++) dgamma[j] = fma(dy[off + j], fma(a, x[off + j], b), dgamma[j]);
    }
    if (dbeta !== null) for (let j = 0; j < n; j++) dbeta[j] = r(dbeta[j] + dy[off + j]);
    if (dx === null) continue;
    const g = gamma;
    const ds =
      g === null
        ? reduceProducts(
            n,
            (j) => dy[off + j],
            (j) => x[off + j],
            k,
          )
        : reduceProducts(
            n,
            (j) => r(dy[off + j] * x[off + j]),
            (j) => g[j],
            k,
          );
    const db =
      g === null
        ? reduceProducts(
            n,
            (j) => dy[off + j],
            () => 1,
            k,
          )
        : reduceProducts(
            n,
            (j) => dy[off + j],
            (j) => g[j],
            k,
          );
    const b = r(r(r(r(fma(db, mu, -ds) * a) * a) * a) * scale);
    const c = fma(-b, mu, -r(r(db * a) * scale));
    for (let j = 0; j < n; j++) {
      const ady = r(a * dy[off + j]);
      dx[off + j] = r(fma(b, x[off + j], g === null ? ady : r(ady * g[j])) + c);
    }
  }
  // The second pass adds each thread's buffer to 0, which turns a -0 into +0.
  for (const t of [dgamma, dbeta]) if (t !== null) for (let j = 0; j < n; j++) t[j] = t[j] + 0;
  return { dx, dgamma, dbeta };
}
