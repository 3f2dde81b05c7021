import type { Generator } from "./generator";
import { int64Words, writeSafeInt } from "./int64";

/** Public PyTorch builds switch to 64-bit draws from this range on (to bound the modulo skew). */
const WIDE_RANGE = 1n << 28n;

/**
 * `torch.randint(low, high, (n,))` into int64: `low + draw % (high - low)`, modulo bias and all.
 * A range below 2**28 spends one 32-bit draw per value, a wider range one 64-bit draw.
 */
export function randint(g: Generator, low: bigint, high: bigint, n: number): BigInt64Array {
  if (!(low < high)) {
    throw new RangeError(
      `random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`,
    );
  }
  const range = BigInt.asUintN(64, high - low);
  const out = new BigInt64Array(n);
  const e = g.engine;
  if (range >= WIDE_RANGE) {
    for (let i = 0; i < n; i++) {
      const hi = e.next();
      const lo = e.next();
      const draw = (BigInt(hi) << 32n) | BigInt(lo);
      out[i] = BigInt.asIntN(64, (draw % range) + low);
    }
    return out;
  }
  const r = Number(range);
  if (low >= -(2n ** 52n) && low <= 2n ** 52n) {
    const base = Number(low);
    const words = int64Words(out);
    for (let i = 0; i < n; i++) writeSafeInt(words, i, base + (e.next() % r));
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = BigInt.asIntN(64, BigInt(e.next() % r) + low);
  return out;
}
