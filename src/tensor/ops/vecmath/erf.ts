import { fmaf } from "../../random/float32Math";
import { sleefExpf } from "./expf";

// erf and erfc in double, accurate to a few units in the last place, and the float32 erf that
// PyTorch's AVX kernels inline into GELU.
//
// PyTorch's torch.erf / torch.erfc on CPU call MKL's vector math library, whose algorithm is not
// public; its float32 results are within half an ulp or so of the true value, so rounding a
// double that is accurate to a few ulps gives the same float32 for all but about 1% of inputs
// (MKL itself is not correctly rounded), and the same four printed decimals.

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;
const SPLIT = 134217729; // 2^27 + 1

/** exp(-x*x) with x*x carried as a double-double, so its rounding does not reach the result. */
function expNegSquare(x: number): number {
  const hi = x * x;
  const t = SPLIT * x;
  const xh = t - (t - x);
  const xl = x - xh;
  const lo = xh * xh - hi + 2 * xh * xl + xl * xl;
  return Math.exp(-hi) * (1 - lo);
}

/**
 * erf for 0 <= x < 2.5 from the all-positive series
 * erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n (2x^2)^n x / (1*3*...*(2n+1)), which never cancels.
 */
function erfSeries(x: number): number {
  const x2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let k = 1; k < 200; k++) {
    term *= x2 / (2 * k + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * expNegSquare(x) * sum;
}

/**
 * erfc for x >= 0.5 from its continued fraction exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x +
 * (3/2)/(x + ...)))), evaluated by the modified Lentz method.
 */
function erfcFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? 1 / tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-17) break;
  }
  return (ONE_OVER_SQRT_PI * expNegSquare(x)) / f;
}

export function erfDouble(x: number): number {
  if (x !== x) return x;
  const a = Math.abs(x);
  let r: number;
  if (a < 2.5) r = erfSeries(a);
  else if (a < 6) r = 1 - erfcFraction(a);
  else r = 1;
  return x < 0 || Object.is(x, -0) ? -r : r;
}

export function erfcDouble(x: number): number {
  if (x !== x) return x;
  if (x < 0.5) return 1 - erfDouble(x);
  if (x > 27.3) return 0;
  return erfcFraction(x);
}

const P = Math.fround(0.3275911);
const A1 = Math.fround(0.254829592);
const A2 = Math.fround(-0.284496736);
const A3 = Math.fround(1.421413741);
const A4 = Math.fround(-1.453152027);
const A5 = Math.fround(1.061405429);

/**
 * The float32 erf of PyTorch's `Vectorized<float>::erf()`: Abramowitz and Stegun's 7.1.26,
 * 1 - t*(a1 + t*(a2 + ...))*exp(-x^2) with t = 1/(1 + p|x|), in FMA steps with Sleef's exp. It
 * is only good to about 1e-7 absolute, and its last bit is what GELU's vector blocks print.
 */
export function erfAvxF32(x: number): number {
  const t = Math.fround(1 / fmaf(P, Math.abs(x), 1));
  let r = fmaf(A5, t, A4);
  r = fmaf(r, t, A3);
  r = fmaf(r, t, A2);
  r = fmaf(r, t, A1);
  const e = sleefExpf(-Math.fround(x * x));
  const v = fmaf(Math.fround(-e * t), r, 1);
  return x < 0 || Object.is(x, -0) ? -v : v;
}
