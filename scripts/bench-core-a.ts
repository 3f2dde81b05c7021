// Prints masked_fill timings on a 4096x4096 float32 tensor with a random 50% mask, next to a
// plain typed-array copy of the same data (best of several runs; run alone on a quiet machine).
// Usage: npx tsx scripts/bench-core-a.ts
import { bool, float32 } from "../src/tensor/dtype";
import { maskedFill, maskedFill_ } from "../src/tensor/ops/maskedFill";
import { t } from "../src/tensor/ops/views";
import { Tensor } from "../src/tensor/tensor";

const N = 4096;
const x = Tensor.empty([N, N], float32);
const xd = x.storage.data as Float32Array;
for (let i = 0; i < xd.length; i++) xd[i] = i;
const m = Tensor.empty([N, N], bool);
const md = m.storage.data as Uint8Array;
let seed = 12345;
for (let i = 0; i < md.length; i++) {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  md[i] = (seed >>> 16) & 1;
}
const row = Tensor.empty([N], bool);
(row.storage.data as Uint8Array).set(md.subarray(0, N));
const dst = new Float32Array(N * N);

function copyLoop(src: Float32Array, out: Float32Array): void {
  for (let i = 0; i < src.length; i++) out[i] = src[i];
}

const cases: [string, () => void][] = [
  ["typed array .set()", () => dst.set(xd)],
  ["typed array copy loop", () => copyLoop(xd, dst)],
  ["masked_fill_ (same-shape mask)", () => maskedFill_(x, m, -1e9)],
  ["masked_fill_ ([N] row mask)", () => maskedFill_(x, row, -1e9)],
  ["masked_fill_ (transposed self)", () => maskedFill_(t(x), m, -1e9)],
  ["masked_fill (out of place)", () => maskedFill(x, m, -1e9)],
];
for (const [label, f] of cases) {
  let best = Infinity;
  for (let r = 0; r < 10; r++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  console.log(`${label.padEnd(34)} ${best.toFixed(1).padStart(7)} ms`);
}
