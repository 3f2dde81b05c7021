// `npx tsx scripts/bench/prototypes/compare.ts [--quick] [--reps N]`: times the tensor core's
// current kernels against the prototypes in this folder on the bench's inputs, and checks that
// each prototype writes bit-for-bit the current kernel's result (softmax: both errors against
// float64). Reports wall and CPU time: CPU time is the fairer figure on a shared machine.

import { bool, float32 } from "../../../src/tensor/dtype";
import { maskedFillKernel } from "../../../src/tensor/ops/maskedFill";
import { softmax } from "../../../src/tensor/ops/softmax";
import { t } from "../../../src/tensor/ops/views";
import { Storage } from "../../../src/tensor/storage";
import { Tensor } from "../../../src/tensor/tensor";
import { softmaxMaxRelError } from "../check";
import { parseArgs } from "../config";
import { makeInputs } from "../inputs";
import { timeOp, type Timing } from "../stats";
import { maskedFillKernelFast } from "./maskedFillKernel";
import { softmaxRows32Fast } from "./softmaxRows";

const cfg = parseArgs(process.argv.slice(2));
const { n, b, h, s, value } = cfg;
const inp = makeInputs(cfg);

function tensorOf(data: Float32Array | Uint8Array, shape: number[]): Tensor {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((p, q) => p * q, 1));
  return new Tensor(
    new Storage(data, data instanceof Float32Array ? float32 : bool),
    shape,
    strides,
    0,
  );
}

const xData = new Float32Array(n * n);
const x = tensorOf(xData, [n, n]);
const x4 = tensorOf(xData, [b, h, s, s]);
const x0 = tensorOf(inp.x, [n, n]);
const cases: [string, () => Tensor, Tensor][] = [
  ["masked_fill_", () => x, tensorOf(inp.mask, [n, n])],
  ["masked_fill_ row mask", () => x, tensorOf(inp.rowMask, [n])],
  ["masked_fill_ attn mask", () => x4, tensorOf(inp.attnMask, [b, 1, 1, s])],
  ["masked_fill_ transposed", () => t(x), tensorOf(inp.mask, [n, n])],
];

function timed(run: () => void, setup?: () => void): Timing & { cpu: number } {
  let cpu: number[] = [];
  let mark = process.cpuUsage();
  const timing = timeOp({
    warmup: cfg.warmup,
    reps: cfg.reps,
    setup: () => {
      setup?.();
      mark = process.cpuUsage();
    },
    run: () => {
      run();
      const u = process.cpuUsage(mark);
      cpu.push((u.user + u.system) / 1000);
    },
  });
  cpu = cpu.slice(cfg.warmup).sort((p, q) => p - q);
  return { ...timing, cpu: cpu[cpu.length >> 1] };
}

const fmt = (r: Timing & { cpu: number }): string =>
  `wall ${r.median.toFixed(1).padStart(6)} (min ${r.min.toFixed(1).padStart(6)})  cpu ${r.cpu.toFixed(1).padStart(6)}`;

const raw = Math.fround(value);
for (const [name, self, mask] of cases) {
  const refresh = (): void => xData.set(inp.x);
  const cur = timed(() => maskedFillKernel(self(), mask, raw), refresh);
  const want = xData.slice();
  const fast = timed(() => maskedFillKernelFast(self(), mask, raw), refresh);
  const same = xData.every((v, i) => Object.is(v, want[i]));
  console.log(`${name.padEnd(24)} current  ${fmt(cur)}`);
  console.log(`${"".padEnd(24)} proto    ${fmt(fast)}  ${same ? "identical" : "DIFFERENT RESULT"}`);
}

// Both allocate their output, as the op must.
let y = new Float32Array(0);
const cur = timed(() => void softmax(x0, -1));
const fast = timed(() => {
  y = new Float32Array(n * n);
  softmaxRows32Fast(inp.x, 0, y, n, n);
});
console.log(
  `${"softmax".padEnd(24)} current  ${fmt(cur)}  err ${softmaxMaxRelError(inp.x, softmax(x0, -1).storage.data as Float32Array, n).toExponential(2)}`,
);
console.log(
  `${"".padEnd(24)} proto    ${fmt(fast)}  err ${softmaxMaxRelError(inp.x, y, n).toExponential(2)}`,
);
