import type { Generator } from "./generator";
import { int64Words, writeSafeInt } from "./int64";

/** Below this size PyTorch keeps its historical 32-bit shuffle (uint32 max / 20). */
const SMALL_N_LIMIT = Math.floor(0xffffffff / 20);

/**
 * `torch.randperm(n)`: a forward Fisher–Yates shuffle of 0..n-1 where step i swaps slot i with
 * slot i + draw % (n - i). Permutations of 214748364 or more elements use PyTorch's inside-out
 * variant with 64-bit draws instead; that branch is unreachable in a browser's memory.
 */
export function randperm(g: Generator, n: number): BigInt64Array {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`Trying to create tensor with negative dimension ${n}: [${n}]`);
  }
  const out = new BigInt64Array(n);
  const e = g.engine;
  if (n < SMALL_N_LIMIT) {
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = 0; i < n - 1; i++) {
      const z = i + (e.next() % (n - i));
      const saved = perm[i];
      perm[i] = perm[z];
      perm[z] = saved;
    }
    const words = int64Words(out);
    for (let i = 0; i < n; i++) writeSafeInt(words, i, perm[i]);
    return out;
  }
  for (let i = 0; i < n; i++) {
    const z = Number(g.random64() % BigInt(i + 1));
    out[i] = out[z];
    out[z] = BigInt(i);
  }
  return out;
}
