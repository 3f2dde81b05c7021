/**
 * PyTorch's CPU random number generation, replayed so that `torch.manual_seed(s)` followed by
 * `torch.rand`, `torch.randn`, `torch.randint` or `torch.randperm` gives PyTorch 2.13's values.
 *
 * Generator (PyTorch's CPUGeneratorImpl)
 *   new Generator(seed?)            seed defaults to PyTorch's 67280421310721
 *   g.manualSeed(seed)              bigint | number; Python ints in [-2**63, 2**64), negatives
 *                                   wrap to uint64; otherwise RangeError "Overflow when
 *                                   unpacking long long" (PyTorch raises ValueError)
 *   g.initialSeed(): bigint         the uint64 seed (torch.initial_seed())
 *   g.seed(): bigint                reseed nondeterministically (Generator.seed())
 *   g.random32(): number            one raw mt19937 output (uint32)
 *   g.random64(): bigint            two outputs, first = high word
 *   g.clone(): Generator
 *   g.nextDoubleNormal              the cached second Box–Muller value (null when none)
 * defaultGenerator(): Generator     the process-wide generator torch.* uses; freshly seeded
 *                                   with freshSeed() on first use, like PyTorch at start-up
 * freshSeed(): bigint               crypto.getRandomValues when present, else Math.random
 *
 * Samplers: n is the element count of a new tensor; values come in its memory order (for a
 * permuted-but-dense output such as rand_like(x.t()), write them along its strides).
 *   randFloat32 / randFloat64(g, n)        torch.rand / rand_like
 *   randFloat16 / randBFloat16(g, n)       the float32 draw rounded to the 16-bit dtype (a
 *                                          value that rounds to 1.0 becomes 0, as in PyTorch);
 *                                          returned as exact Float32Array values to encode
 *   randnFloat32 / randnFloat64(g, n, contiguous = true)
 *                                          torch.randn / randn_like. PyTorch picks its algorithm
 *                                          from n >= 16 AND output contiguity: pass false for
 *                                          randn_like of a non-contiguous tensor
 *   randint(g, low, high, n): BigInt64Array   torch.randint(low, high, size), int64;
 *                                          randint(high, size) is low = 0n. Throws RangeError
 *                                          with PyTorch's message when low >= high
 *   randperm(g, n): BigInt64Array          torch.randperm(n)
 *
 * Exactness, checked against recorded PyTorch 2.13 output (test/fixtures/random):
 * - bit-exact: the engine, seeding, rand (all four dtypes), randint, randperm, and float32 randn
 *   on both paths. float32 randn with 16+ elements replays the AVX2 kernel PyTorch runs on
 *   x86-64 (Cephes log/sincos with GCC's fused multiply-adds; AVX-512 machines use it too).
 *   PyTorch builds without AVX2 (ARM, e.g. Apple silicon) differ from it in the last bit.
 * - float64 randn: PyTorch calls glibc's log/sin/cos (and log1p on the scalar path). We use
 *   correctly rounded log/sin/cos (float64Math.ts) and the engine's Math.log1p; about 0.2% of
 *   float64 normals still differ from PyTorch's by 1-2 ulp, invisible at print precision.
 *
 * Speed (Node 20, one core): rand 16M float32 ~0.2 s; randn 16M float32 ~1.5 s; float64 randn
 * ~0.4 s per million values (double-double arithmetic).
 */

export { Generator, defaultGenerator, freshSeed } from "./generator";
export { randFloat32, randFloat64, randFloat16, randBFloat16 } from "./uniform";
export { randnFloat32, randnFloat64 } from "./normal";
export { randint } from "./randint";
export { randperm } from "./randperm";
