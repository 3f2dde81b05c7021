import type { Generator } from "./generator";

// PyTorch's uniform sampler keeps as many low bits of a draw as the dtype has significand
// digits (24 for float32, 53 for float64) and scales them into [0, 1); float64 spends a 64-bit
// draw (two engine outputs), float32 one. float16 and bfloat16 take the float32 value and round
// it to nearest-even in the narrow type; a value that rounds up to 1.0 is replaced by 0.

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
 * `torch.rand(n, dtype=torch.float16)`, returned as the (exactly representable) numbers so the
 * caller can encode them into its own 16-bit storage.
 */
export function randFloat16(g: Generator, n: number): Float32Array {
  return roundedUniform(g, n, 11, -14);
}

/** `torch.rand(n, dtype=torch.bfloat16)`, as numbers exactly representable in bfloat16. */
export function randBFloat16(g: Generator, n: number): Float32Array {
  return roundedUniform(g, n, 8, -126);
}

function roundedUniform(g: Generator, n: number, digits: number, minExp: number): Float32Array {
  const out = new Float32Array(n);
  const e = g.engine;
  for (let i = 0; i < n; i++) {
    const k = e.next() & 0xffffff;
    if (k === 0) continue;
    // x = k / 2**24; its binary exponent, clamped at the narrow type's subnormal boundary,
    // fixes the spacing of representable values around x.
    const exp = Math.max(31 - Math.clz32(k) - 24, minExp);
    const steps = k / 2 ** (exp - digits + 1 + 24);
    let q = Math.floor(steps);
    const frac = steps - q;
    if (frac > 0.5 || (frac === 0.5 && (q & 1) === 1)) q++;
    const v = q * 2 ** (exp - digits + 1);
    // PyTorch keeps the result inside [from, to): a value rounded up to `to` becomes `from`.
    out[i] = v === 1 ? 0 : v;
  }
  return out;
}

/** One float64 uniform in [0, 1), the building block of the scalar normal sampler. */
export function uniformDouble(g: Generator): number {
  const e = g.engine;
  const hi = e.next() & 0x1fffff;
  const lo = e.next();
  return (hi * TWO_POW_32 + lo) * TWO_POW_MINUS_53;
}
