// The 32-bit Mersenne Twister (Matsumoto & Nishimura, 2002 seeding) as PyTorch's CPU generator
// runs it. PyTorch keeps a 64-bit seed but only its low 32 bits reach the state, so seeds that
// agree modulo 2**32 give the same stream while still reporting different initial seeds.

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

export class Mt19937 {
  private readonly state = new Uint32Array(N);
  /** Index of the next state word to temper; N means the block is used up. */
  private index = N;

  constructor(seedLow32 = 5489) {
    this.seed(seedLow32);
  }

  seed(seedLow32: number): void {
    const s = this.state;
    s[0] = seedLow32 >>> 0;
    for (let j = 1; j < N; j++) {
      const prev = s[j - 1];
      // Math.imul keeps the product modulo 2**32, as the C++ uint32 arithmetic does.
      s[j] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + j) >>> 0;
    }
    this.index = N;
  }

  /**
   * The reference implementation's init_by_array, which CPython's random.seed() uses: the key is
   * the seed's 32-bit words, least significant first.
   */
  seedByArray(key: readonly number[]): void {
    this.seed(19650218);
    const s = this.state;
    const mix = (i: number, factor: number): number => {
      const prev = s[i - 1];
      return (s[i] ^ Math.imul(prev ^ (prev >>> 30), factor)) >>> 0;
    };
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      s[i] = (mix(i, 1664525) + key[j] + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        s[0] = s[N - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      s[i] = (mix(i, 1566083941) - i) >>> 0;
      i++;
      if (i >= N) {
        s[0] = s[N - 1];
        i = 1;
      }
    }
    s[0] = 0x80000000;
    this.index = N;
  }

  /** Next raw 32-bit output, as an unsigned number. */
  next(): number {
    if (this.index >= N) this.twist();
    let y = this.state[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Snapshot of the engine, for cloning a generator (get/set_rng_state style). */
  copyFrom(other: Mt19937): void {
    this.state.set(other.state);
    this.index = other.index;
  }

  /** The state words and position, as Python's random.getstate() reports them. */
  exportState(): { words: number[]; index: number } {
    return { words: Array.from(this.state), index: this.index };
  }

  importState(words: readonly number[], index: number): void {
    this.state.set(words);
    this.index = index;
  }

  private twist(): void {
    const s = this.state;
    let k = 0;
    for (; k < N - M; k++) {
      const y = (s[k] & UPPER) | (s[k + 1] & LOWER);
      s[k] = s[k + M] ^ (y >>> 1) ^ (s[k + 1] & 1 ? MATRIX_A : 0);
    }
    for (; k < N - 1; k++) {
      const y = (s[k] & UPPER) | (s[k + 1] & LOWER);
      s[k] = s[k + M - N] ^ (y >>> 1) ^ (s[k + 1] & 1 ? MATRIX_A : 0);
    }
    const y = (s[N - 1] & UPPER) | (s[0] & LOWER);
    s[N - 1] = s[M - 1] ^ (y >>> 1) ^ (s[0] & 1 ? MATRIX_A : 0);
    this.index = 0;
  }
}
