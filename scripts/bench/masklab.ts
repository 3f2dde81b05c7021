// The MaskLab column: the tensor core's ops called directly from TypeScript.

import { bool, float32 } from "../../src/tensor/dtype";
import { clone } from "../../src/tensor/ops/copy";
import { maskedFill, maskedFill_ } from "../../src/tensor/ops/maskedFill";
import { softmax } from "../../src/tensor/ops/softmax";
import { t } from "../../src/tensor/ops/views";
import { Storage } from "../../src/tensor/storage";
import { Tensor } from "../../src/tensor/tensor";
import { countFillMismatches, softmaxMaxRelError } from "./check";
import type { BenchConfig } from "./config";
import { gc, retainedBytes } from "./gc";
import type { BenchInputs } from "./inputs";
import { OPS, type OpName } from "./ops";
import { cpuClock, timeOp, type Timing } from "./stats";

export interface OpResult {
  timing: Timing;
  /** Elements that differ from the expected result (masked fills); 0 when correct. */
  mismatches?: number;
  /** softmax only: max relative error against a float64 reference. */
  maxRelError?: number;
  /**
   * ArrayBuffer bytes one untimed run allocates (after a full GC first): 0 for an in-place op
   * that reads its broadcast mask through stride-0 dims, one output for an out-of-place op.
   */
  allocatedBytes?: number;
}

export type RunnerResult = Partial<Record<OpName, OpResult | { error: string }>>;

function tensorOf(data: Float32Array | Uint8Array, shape: number[]): Tensor {
  const dtype = data instanceof Float32Array ? float32 : bool;
  let stride = 1;
  const strides = shape.map(() => 0);
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d];
  }
  return new Tensor(new Storage(data, dtype), shape, strides, 0);
}

export function runMaskLab(c: BenchConfig, inp: BenchInputs): RunnerResult {
  const { n, b, h, s, value } = c;
  // The tensor the in-place ops write is allocated by MaskLab, as torch.empty_like would be
  // (so it lives where MaskLab puts large tensors: a WebAssembly memory, when one can be made).
  const x = Tensor.empty([n, n], float32);
  const xData = x.storage.data as Float32Array;
  const x4 = new Tensor(x.storage, [b, h, s, s], [h * s * s, s * s, s, 1], 0);
  const x0 = tensorOf(inp.x, [n, n]);
  const m = tensorOf(inp.mask, [n, n]);
  const mRow = tensorOf(inp.rowMask, [n]);
  const mAttn = tensorOf(inp.attnMask, [b, 1, 1, s]);
  const copyDst = new Float32Array(n * n);
  const xMaskedData = inp.x.map((v, k) => (inp.mask[k] ? -Infinity : v));
  const xMasked = tensorOf(xMaskedData, [n, n]);
  let held: Tensor | null = null;
  const refresh = (): void => xData.set(inp.x);
  const drop = (): void => {
    held = null;
    gc();
  };
  const x0At = (k: number): number => inp.x[k];
  const plan: Record<
    OpName,
    { setup: () => void; run: () => void; check?: () => Omit<OpResult, "timing"> }
  > = {
    masked_fill_: {
      setup: refresh,
      run: () => void maskedFill_(x, m, value),
      check: () => ({ mismatches: countFillMismatches(xData, x0At, (k) => inp.mask[k], value) }),
    },
    masked_fill: {
      setup: drop,
      run: () => void (held = maskedFill(x0, m, value)),
      check: () => ({
        mismatches: countFillMismatches(
          held!.storage.data as Float32Array,
          x0At,
          (k) => inp.mask[k],
          value,
        ),
      }),
    },
    "masked_fill_ row mask": {
      setup: refresh,
      run: () => void maskedFill_(x, mRow, value),
      check: () => ({
        mismatches: countFillMismatches(xData, x0At, (k) => inp.rowMask[k % n], value),
      }),
    },
    "masked_fill_ attn mask": {
      setup: refresh,
      run: () => void maskedFill_(x4, mAttn, value),
      check: () => ({
        // Element (bi, hi, i, j) sits at k = ((bi*H + hi)*S + i)*S + j and reads mask[bi*S + j].
        mismatches: countFillMismatches(
          xData,
          x0At,
          (k) => inp.attnMask[Math.floor(k / (h * s * s)) * s + (k % s)],
          value,
        ),
      }),
    },
    "masked_fill_ transposed": {
      setup: refresh,
      run: () => void maskedFill_(t(x), m, value),
      // x.t()[i][j] is x[j][i]: storage element k = j*N + i reads mask[i*N + j].
      check: () => ({
        mismatches: countFillMismatches(
          xData,
          x0At,
          (k) => inp.mask[(k % n) * n + Math.floor(k / n)],
          value,
        ),
      }),
    },
    softmax: {
      setup: drop,
      run: () => void (held = softmax(x0, -1)),
      check: () => ({
        maxRelError: softmaxMaxRelError(inp.x, held!.storage.data as Float32Array, n),
      }),
    },
    // Attention scores with half of them masked to -inf (the same mask bits as the fills).
    "softmax, half -inf": {
      setup: drop,
      run: () => void (held = softmax(xMasked, -1)),
      check: () => ({
        maxRelError: softmaxMaxRelError(xMaskedData, held!.storage.data as Float32Array, n),
      }),
    },
    "copy floor": { setup: () => undefined, run: () => copyDst.set(inp.x) },
    clone: { setup: drop, run: () => void (held = clone(x0)) },
  };
  const out: RunnerResult = {};
  for (const name of OPS) {
    const p = plan[name];
    try {
      const timing = timeOp({
        warmup: c.warmup,
        reps: c.reps,
        setup: p.setup,
        run: p.run,
        cpu: cpuClock,
      });
      p.setup();
      const allocatedBytes = retainedBytes(p.run);
      out[name] = { timing, allocatedBytes, ...p.check?.() };
    } catch (e) {
      out[name] = { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
    held = null;
    gc();
  }
  return out;
}
