import { fmaf } from "../../random/float32Math";

// GELU (exact form) over contiguous float32 tensors of two or more elements, as PyTorch's CPU
// build computes it: through oneDNN's AVX-512 eltwise kernel, which evaluates
// erf(x / sqrt 2) directly as a function of |x| with one of 25 degree-5 minimax polynomials,
// chosen by |x|'s exponent and top two mantissa bits, then gelu = x * (1 + sign * erf) * 0.5.
// Replayed step by step it agreed with torch on all 88k float32 inputs tried, including
// +inf (the last polynomial multiplies 0 by inf: NaN) and -inf (NaN).

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const i32 = new Int32Array(f32.buffer);
const fromBits = (b: number): number => {
  u32[0] = b;
  return f32[0];
};

/** Coefficients by degree (0 to 5), one column per polynomial (index 0 to 24). */
const COEFFS: readonly Float32Array[] = [
  [
    0xa6f2cb94, 0x32827792, 0x3381cc0c, 0x34523d4a, 0x351ac44d, 0x35f36d88, 0x36ee8229, 0x37b8a3bb,
    0x3867a213, 0x3940033b, 0x3a2a5a1d, 0x3ae35863, 0x3b7828f2, 0x3c08b14b, 0x3c515ed3, 0xbb503236,
    0xbd8d8e5e, 0xbe8abcd9, 0xbf0c19a2, 0xbeccb328, 0x3e176ced, 0x3f470d99, 0x3f7abb28, 0x3f800000,
    0,
  ],
  [
    0x3f4c422a, 0x3f4c421f, 0x3f4c4207, 0x3f4c41cb, 0x3f4c413b, 0x3f4c3fad, 0x3f4c3a2f, 0x3f4c2d40,
    0x3f4c146a, 0x3f4bc341, 0x3f4ad08c, 0x3f48f8cf, 0x3f45fac7, 0x3f404e07, 0x3f3b980f, 0x3f48dff3,
    0x3f78b21b, 0x3fbb0704, 0x40019c32, 0x3fe536d6, 0x3f81331e, 0x3e6c8684, 0x3c98f936, 0,
    0x3f800000,
  ],
  [
    0xb62173f4, 0x3735e4cf, 0x37f2ff89, 0x388c23be, 0x3917535c, 0x39ab2ab0, 0x3a60fadb, 0x3af9b960,
    0x3b6e5491, 0x3c0a4ec5, 0x3ca5aa8c, 0x3d2138d9, 0x3d8737d4, 0x3ddfb660, 0x3e0f27ab, 0x3d94004b,
    0xbe0efdeb, 0xbf1d96c3, 0xbf89db58, 0xbf6d9897, 0xbef69fb8, 0xbdc4f8a8, 0xbbde6422, 0, 0,
  ],
  [
    0xbe081a19, 0xbe084570, 0xbe08639b, 0xbe089837, 0xbe08f409, 0xbe09ab95, 0xbe0b66d0, 0xbe0e400a,
    0xbe124df8, 0xbe1bde02, 0xbe2f19c9, 0xbe4931bf, 0xbe685fbc, 0xbe89c95f, 0xbe96cbca, 0xbe8044aa,
    0xbe0550f2, 0x3dcfd6a1, 0x3e94c826, 0x3e79345f, 0x3decec91, 0x3ca46568, 0x3aa1e00a, 0, 0,
  ],
  [
    0xba3d61db, 0x39f097a3, 0x3a5845dc, 0x3ab1fa35, 0x3b0cefb8, 0x3b653ab6, 0x3bcae527, 0x3c221712,
    0x3c6c5840, 0x3cc0a703, 0x3d1dcc19, 0x3d63656d, 0x3d955907, 0x3dbf9910, 0x3dd53f69, 0x3db7dcef,
    0x3d639ebe, 0xba6ede48, 0xbd22be69, 0xbd041cf1, 0xbc64f5ab, 0xbb097a32, 0xb8ebf380, 0, 0,
  ],
  [
    0x3cb7d80c, 0x3c9b6050, 0x3c978d11, 0x3c92e850, 0x3c8d058b, 0x3c848454, 0x3c6cd623, 0x3c4c824b,
    0x3c2a7935, 0x3be0b390, 0x3b0651ac, 0xbb232f53, 0xbbd42fa0, 0xbc2c5366, 0xbc492c9e, 0xbc2a7aa6,
    0xbbd55d04, 0xba823a76, 0x3b102aa8, 0x3ae25a7e, 0x3a31f792, 0x38b84375, 0x3689bb5a, 0, 0,
  ],
].map((bits) => Float32Array.from(bits, fromBits));

/** Added to |x|'s bits so that >> 21 gives the polynomial index (as a signed 32-bit sum). */
const INDEX_BIAS = 0xc21fffff | 0;
/** Above this |x| erf is +-1: polynomial 23 (the constant 1). */
const RIGHT_BOUND = fromBits(0x40b15cee);

/** One element of oneDNN's GELU. */
export function geluMinimaxF32(x: number): number {
  const pos = Math.abs(x);
  f32[0] = pos;
  let idx = ((i32[0] + INDEX_BIAS) | 0) >> 21;
  idx = idx < 1 ? 1 : idx > 24 ? 24 : idx;
  if (RIGHT_BOUND < pos) idx = 23;
  let p = COEFFS[5][idx];
  for (let d = 4; d >= 0; d--) p = fmaf(p, pos, COEFFS[d][idx]);
  if (x < 0 || Object.is(x, -0)) p = -p;
  p = Math.fround(p + 1);
  return Math.fround(Math.fround(x * p) * 0.5);
}

// Its backward: d gelu / dx = 0.5 + 0.5 * erf(r) + r / sqrt(pi) * exp(-r^2) with r = x / sqrt 2,
// where oneDNN's erf is Abramowitz and Stegun's 7.1.26 and its exp a degree-5 polynomial times
// 2^n (vs 24k torch gradients: all equal).
const ONE_OVER_SQRT2 = fromBits(0x3f3504f3);
/** oneDNN's stored 1/sqrt(pi), one ulp below the nearest float. */
const ONE_OVER_SQRT_PI = fromBits(0x3f106eba);
const AS_P = fromBits(0x3ea7ba05);
const AS_POL = [0x3e827906, 0xbe91a98e, 0x3fb5f0e3, 0xbfba00e3, 0x3f87dc22].map(fromBits);
const LOG2E = fromBits(0x3fb8aa3b);
const LN2 = fromBits(0x3f317218);
const LN_FLT_MIN = fromBits(0xc2aeac50);
const LN_FLT_MAX = fromBits(0x42b17218);
const EXP_POL = [0x3f7ffffb, 0x3efffee3, 0x3e2aad40, 0x3d2b9d0d, 0x3c07cfce].map(fromBits);

/** oneDNN's float32 exp: 2^(n-1) * p(r) * 2, n = floor(x log2 e + 1/2), r = x - n ln 2. */
function oneDnnExpF32(x: number): number {
  const s = Math.max(Math.min(x, LN_FLT_MAX), LN_FLT_MIN);
  const n = Math.floor(Math.fround(Math.fround(s * LOG2E) + 0.5));
  const r = fmaf(-n, LN2, s);
  let p = EXP_POL[4];
  for (let k = 3; k >= 0; k--) p = fmaf(p, r, EXP_POL[k]);
  p = fmaf(p, r, 1);
  const scale = x < LN_FLT_MIN || n - 1 + 127 <= 0 ? 0 : 2 ** (n - 1);
  return Math.fround(Math.fround(p * scale) * 2);
}

/** d gelu / dx at x as oneDNN computes it; the gradient is then dy times this, rounded. */
export function geluSlopeMinimaxF32(x: number): number {
  const r = Math.fround(x * ONE_OVER_SQRT2);
  const q = oneDnnExpF32(-Math.fround(r * r));
  const t = Math.fround(Math.fround(r * ONE_OVER_SQRT_PI) * q);
  const w = Math.fround(1 / fmaf(AS_P, Math.abs(r), 1));
  let pol = AS_POL[4];
  for (let k = 3; k >= 0; k--) pol = fmaf(pol, w, AS_POL[k]);
  let erf = fmaf(Math.fround(-q * w), pol, 1);
  if (r < 0 || Object.is(r, -0)) erf = -erf;
  return fmaf(erf, 0.5, Math.fround(t + 0.5));
}
