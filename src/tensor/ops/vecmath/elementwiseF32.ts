import { TORCH_THREADS } from "./softmaxF32";
import { glibcExpf, sleefExpf } from "./expf";

// How PyTorch 2.13's element-wise CPU kernels (cpu_kernel_vec over a contiguous TensorIterator)
// split n float32 elements between their vector and scalar lambdas. At or above GRAIN_SIZE
// elements the range is cut into one piece per thread; in each piece, blocks of 32 (two
// AVX-512 vectors) take the vector lambda and the remainder takes the scalar one. The two
// lambdas use different exp implementations, so the split decides the last bit.

const GRAIN_SIZE = 32768;
const BLOCK = 32;

/** Calls body(start, end, vector) over consecutive ranges covering [0, n). */
function splitRanges(n: number, body: (start: number, end: number, vector: boolean) => void): void {
  const pieces = n > GRAIN_SIZE ? Math.min(TORCH_THREADS, Math.ceil(n / GRAIN_SIZE)) : 1;
  const chunk = Math.ceil(n / pieces);
  for (let begin = 0; begin < n; begin += chunk) {
    const end = Math.min(n, begin + chunk);
    const vecEnd = begin + (end - begin) - ((end - begin) % BLOCK);
    if (vecEnd > begin) body(begin, vecEnd, true);
    if (end > vecEnd) body(vecEnd, end, false);
  }
}

/** sigmoid over n contiguous floats: 1 / (1 + exp(-x)) with Sleef or glibc exp by position. */
export function sigmoidF32(src: Float32Array, srcOff: number, dst: Float32Array, n: number): void {
  splitRanges(n, (start, end, vector) => {
    const exp = vector ? sleefExpf : glibcExpf;
    for (let i = start; i < end; i++) dst[i] = 1 / Math.fround(1 + exp(-src[srcOff + i]));
  });
}

/** The scalar lambda alone, for strided inputs (TensorIterator's basic loop). */
export const sigmoidScalarF32 = (x: number): number => 1 / Math.fround(1 + glibcExpf(-x));

/** silu over n contiguous floats: x / (1 + exp(-x)), Sleef or glibc exp by position. */
export function siluF32(src: Float32Array, srcOff: number, dst: Float32Array, n: number): void {
  splitRanges(n, (start, end, vector) => {
    const exp = vector ? sleefExpf : glibcExpf;
    for (let i = start; i < end; i++) {
      const x = src[srcOff + i];
      dst[i] = x / Math.fround(1 + exp(-x));
    }
  });
}

/** silu's scalar lambda alone, for strided inputs. */
export const siluScalarF32 = (x: number): number => x / Math.fround(1 + glibcExpf(-x));
