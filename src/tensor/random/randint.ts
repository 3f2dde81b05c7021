import type { Generator } from "./generator";
import { int64Words, writeSafeInt } from "./int64";

/**
 * `torch.randint(low, high, (n,))` into int64: `low + draw % (high - low)`, modulo bias and all.
 * A range below 2**32 spends one 32-bit draw per value, a wider range one 64-bit draw.
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
  if (range < 0x100000000n && low >= BigInt(-Number.MAX_SAFE_INTEGER) && high <= BigInt(Number.MAX_SAFE_INTEGER)) {
    const r = Number(range);
    const base = Number(low);
    const words = int64Words(out);
    for (let i = 0; i < n; i++) writeSafeInt(words, i, base + (e.next() % r));
    return out;
  }
  if (range < 0x100000000n) {
    for (let i = 0; i < n; i++) out[i] = BigInt.asIntN(64, BigInt(e.next() % Number(range)) + low);
    return out;
  }
  for (let i = 0; i < n; i++) {
    const hi = e.next();
    const lo = e.next();
    const draw = (BigInt(hi) << 32n) | BigInt(lo);
    out[i] = BigInt.asIntN(64, (draw % range) + low);
  }
  return out;
}
