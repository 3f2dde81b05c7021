import type { Generator } from "./generator";
import { logAvx2, sinCosAvx2 } from "./float32Math";
import { logExact, sinCosExact } from "./float64Math";
import { uniformDouble } from "./uniform";

// PyTorch's CPU randn has two Box–Muller paths:
// - 16 or more elements, contiguous: fill the whole buffer with uniforms of the output dtype,
//   turn each block of 16 into normals (the first 8 feed the radius, the next 8 the angle),
//   and if the size is not a multiple of 16, draw 16 fresh uniforms over the last 16 slots
//   and transform them again. float32 goes through 8-wide AVX2 code with its own log/sincos.
// - otherwise (fewer than 16 elements, or an output that is not contiguous, as randn_like of a
//   transposed tensor): one float64 Box–Muller value at a time whatever the dtype, in memory
//   order, the pair's second value being cached on the generator for the next call.

const TWO_PI = 2 * Math.PI;
const TWO_PI_F32 = Math.fround(TWO_PI);
const TWO_POW_MINUS_24 = 2 ** -24;
const fround = Math.fround;

/** One standard normal from the scalar sampler (float64, caching its partner value). */
export function normalDouble(g: Generator): number {
  const cached = g.nextDoubleNormal;
  if (cached !== null) {
    g.nextDoubleNormal = null;
    // `val * std + mean` with std 1 and mean 0: only a -0 changes (to +0).
    return cached + 0;
  }
  const u1 = uniformDouble(g);
  const u2 = uniformDouble(g);
  // glibc's log1p and the engines' (fdlibm's) agree far more often than they round correctly,
  // so Math.log1p stays; sin and cos are rounded correctly, as glibc's nearly always are.
  const r = Math.sqrt(-2 * Math.log1p(-u2));
  sinCosExact(TWO_PI * u1, sinCos);
  g.nextDoubleNormal = r * sinCos[0];
  return r * sinCos[1] + 0;
}

/**
 * `torch.randn` / `randn_like` in float32: n values in the output's memory order. Pass
 * contiguous = false when the output tensor is dense but not contiguous (randn_like of a
 * permuted tensor): PyTorch then takes the scalar path even for 16+ elements.
 */
export function randnFloat32(g: Generator, n: number, contiguous = true): Float32Array {
  const out = new Float32Array(n);
  if (n < 16 || !contiguous) {
    for (let i = 0; i < n; i++) out[i] = normalDouble(g);
    return out;
  }
  const e = g.engine;
  for (let i = 0; i < n; i++) out[i] = (e.next() & 0xffffff) * TWO_POW_MINUS_24;
  for (let i = 0; i + 16 <= n; i += 16) boxMuller16Float32(out, i);
  if (n % 16 !== 0) {
    const start = n - 16;
    for (let i = start; i < n; i++) out[i] = (e.next() & 0xffffff) * TWO_POW_MINUS_24;
    boxMuller16Float32(out, start);
  }
  return out;
}

/** `torch.randn(..., dtype=torch.float64)`; n and contiguous as for randnFloat32. */
export function randnFloat64(g: Generator, n: number, contiguous = true): Float64Array {
  const out = new Float64Array(n);
  if (n < 16 || !contiguous) {
    for (let i = 0; i < n; i++) out[i] = normalDouble(g);
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = uniformDouble(g);
  for (let i = 0; i + 16 <= n; i += 16) boxMuller16Float64(out, i);
  if (n % 16 !== 0) {
    const start = n - 16;
    for (let i = start; i < n; i++) out[i] = uniformDouble(g);
    boxMuller16Float64(out, start);
  }
  return out;
}

const sinCos = new Float64Array(2);

function boxMuller16Float32(d: Float32Array, at: number): void {
  for (let j = at; j < at + 8; j++) {
    const u1 = 1 - d[j];
    const u2 = d[j + 8];
    const radius = fround(Math.sqrt(fround(-2 * logAvx2(u1))));
    const theta = fround(TWO_PI_F32 * u2);
    sinCosAvx2(theta, sinCos);
    d[j] = fround(radius * sinCos[1]) + 0;
    d[j + 8] = fround(radius * sinCos[0]) + 0;
  }
}

function boxMuller16Float64(d: Float64Array, at: number): void {
  for (let j = at; j < at + 8; j++) {
    const u1 = 1 - d[j];
    const u2 = d[j + 8];
    const radius = Math.sqrt(-2 * logExact(u1));
    sinCosExact(TWO_PI * u2, sinCos);
    d[j] = radius * sinCos[1] + 0;
    d[j + 8] = radius * sinCos[0] + 0;
  }
}
