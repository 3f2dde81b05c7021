import { Mt19937 } from "./mt19937";

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);

/**
 * PyTorch's `CPUGeneratorImpl`: an mt19937 engine, the 64-bit seed it was given, and the
 * Box–Muller value the scalar normal sampler keeps for its next call.
 */
export class Generator {
  readonly engine = new Mt19937();
  private seed64 = 67280421310721n;
  /**
   * The second value of the last scalar Box–Muller pair, or null. PyTorch caches it as a
   * double and reseeding clears it; the 16-wide normal fill neither reads nor writes it.
   */
  nextDoubleNormal: number | null = null;

  constructor(seed?: bigint | number) {
    this.manualSeed(seed ?? 67280421310721n);
  }

  /**
   * `torch.manual_seed(s)`: Python ints in [-2**63, 2**64) are accepted; negatives wrap to their
   * two's-complement uint64. Non-integer numbers are truncated as Python's `int()` does.
   */
  manualSeed(seed: bigint | number): void {
    let s = typeof seed === "bigint" ? seed : BigInt(Math.trunc(seed));
    if (s < I64_MIN || s > U64_MAX) throw new RangeError("Overflow when unpacking long long");
    if (s < 0n) s += 1n << 64n;
    this.seed64 = s;
    this.engine.seed(Number(s & 0xffffffffn));
    this.nextDoubleNormal = null;
  }

  /** `torch.initial_seed()`: the seed as an unsigned 64-bit integer. */
  initialSeed(): bigint {
    return this.seed64;
  }

  /** `generator.seed()`: reseed from a nondeterministic source and return the new seed. */
  seed(): bigint {
    const s = freshSeed();
    this.manualSeed(s);
    return s;
  }

  random32(): number {
    return this.engine.next();
  }

  /** Two draws, the first one becoming the high word. */
  random64(): bigint {
    const hi = this.engine.next();
    const lo = this.engine.next();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  clone(): Generator {
    const g = new Generator(this.seed64);
    g.engine.copyFrom(this.engine);
    g.nextDoubleNormal = this.nextDoubleNormal;
    return g;
  }
}

/**
 * A nondeterministic 64-bit seed, as PyTorch draws one from /dev/urandom at start-up. Uses Web
 * Crypto where the host has it (Node 20, workers, pages) and Math.random otherwise.
 */
export function freshSeed(): bigint {
  const words = new Uint32Array(2);
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => unknown } }).crypto;
  if (c && typeof c.getRandomValues === "function") {
    c.getRandomValues(words);
  } else {
    words[0] = Math.floor(Math.random() * 0x100000000);
    words[1] = Math.floor(Math.random() * 0x100000000);
  }
  return (BigInt(words[0]) << 32n) | BigInt(words[1]);
}

let processDefault: Generator | null = null;

/** The process-wide generator behind `torch.manual_seed`, `torch.rand` and friends. */
export function defaultGenerator(): Generator {
  if (processDefault === null) processDefault = new Generator(freshSeed());
  return processDefault;
}
