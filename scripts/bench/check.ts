// Untimed correctness checks: a fast kernel that writes the wrong elements must not pass as a
// result, so every timed op's output is compared with what first principles say it holds.

/**
 * Counts elements of `out` (row-major over the op's result) that differ from
 * `maskAt(k) ? value : x0At(k)`. `value` is compared after rounding to float32.
 */
export function countFillMismatches(
  out: Float32Array,
  x0At: (k: number) => number,
  maskAt: (k: number) => number,
  value: number,
): number {
  const v = Math.fround(value);
  let bad = 0;
  for (let k = 0; k < out.length; k++) {
    const want = maskAt(k) ? v : x0At(k);
    if (!Object.is(out[k], want)) bad++;
  }
  return bad;
}

/**
 * Max relative error of a float32 softmax over rows of length `n` against a float64 softmax
 * of the same float32 inputs computed here with Math.exp.
 */
export function softmaxMaxRelError(x: Float32Array, y: ArrayLike<number>, n: number): number {
  const ref = new Float64Array(n);
  let worst = 0;
  for (let base = 0; base < x.length; base += n) {
    let m = -Infinity;
    for (let i = 0; i < n; i++) m = Math.max(m, x[base + i]);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      ref[i] = Math.exp(x[base + i] - m);
      sum += ref[i];
    }
    for (let i = 0; i < n; i++) {
      const r = ref[i] / sum;
      // A masked score (-inf) must give exactly 0.
      if (r === 0) {
        if (y[base + i] !== 0) worst = Infinity;
        continue;
      }
      const e = Math.abs(y[base + i] - r) / r;
      // NaN must not hide: a NaN output counts as an infinite error.
      worst = e > worst || e !== e ? (e !== e ? Infinity : e) : worst;
    }
  }
  return worst;
}
