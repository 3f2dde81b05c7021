import type { Generator } from "./generator";

// PyTorch's uniform sampler keeps as many low bits of a draw as the dtype has significand
// digits (24 for float32, 53 for float64, 11 for float16, 8 for bfloat16) and scales them into
// [0, 1). Only float64 spends a 64-bit draw (two engine outputs); the others spend one.

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_24 = 2 ** -24;
const TWO_POW_MINUS_53 = 2 ** -53;

/** `torch.rand(n)` in float32. */
export function randFloat32(g: Generator, n: number): Float32Array {
  const out = new Float32Array(n);
  const e = g.engine;
  for (let i = 0; i < n; i++) out[i] = (e.next() & 0xffffff) * TWO_POW_MINUS_24;
  return out;
}

/** `torch.rand(n, dtype=torch.float64)`. */
export function randFloat64(g: Generator, n: number): Float64Array {
  const out = new Float64Array(n);
  const e = g.engine;
  for (let i = 0; i < n; i++) {
    const hi = e.next() & 0x1fffff;
    const lo = e.next();
    out[i] = (hi * TWO_POW_32 + lo) * TWO_POW_MINUS_53;
  }
  return out;
}

/**
 * `torch.rand(n, dtype=torch.float16)`: values k/2048, all exact in float16, returned as numbers
 * so the caller can encode them into its own 16-bit storage.
 */
export function randFloat16(g: Generator, n: number): Float32Array {
  const out = new Float32Array(n);
  const e = g.engine;
  for (let i = 0; i < n; i++) out[i] = (e.next() & 0x7ff) / 2048;
  return out;
}

/** `torch.rand(n, dtype=torch.bfloat16)`: values k/256, all exact in bfloat16. */
export function randBFloat16(g: Generator, n: number): Float32Array {
  const out = new Float32Array(n);
  const e = g.engine;
  for (let i = 0; i < n; i++) out[i] = (e.next() & 0xff) / 256;
  return out;
}

/** One float64 uniform in [0, 1), the building block of the scalar normal sampler. */
export function uniformDouble(g: Generator): number {
  const e = g.engine;
  const hi = e.next() & 0x1fffff;
  const lo = e.next();
  return (hi * TWO_POW_32 + lo) * TWO_POW_MINUS_53;
}
