import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { float32 } from "../../src/tensor/dtype";
import { softmax } from "../../src/tensor/ops/softmax";
import { softmaxLastDimF32 } from "../../src/tensor/ops/vecmath/softmaxF32";
import {
  LARGE_SOFTMAX_ABOVE,
  softmaxLastDimLarge,
} from "../../src/tensor/ops/vecmath/softmaxLarge";
import { softmaxLastDimWasm, wasmSoftmax } from "../../src/tensor/ops/vecmath/softmaxWasm";
import { Storage } from "../../src/tensor/storage";
import { memoryOf } from "../../src/tensor/wasmMemory";
import { Tensor } from "../../src/tensor/tensor";

// Above LARGE_SOFTMAX_ABOVE elements, float32 softmax along the last dim takes a throughput
// kernel, the WebAssembly one or, where that cannot run, the JavaScript one: each is checked here against a float64 softmax of the same inputs, with the cases attention
// masks produce (-inf entries, rows of nothing but -inf) and the ones that turn a row to NaN.

const COLS = 1024;
const ROWS = LARGE_SOFTMAX_ABOVE / COLS + 3;

function matrix(fill: (r: number, c: number) => number): Tensor {
  const data = new Float32Array(ROWS * COLS);
  for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLS; c++) data[r * COLS + c] = fill(r, c);
  return new Tensor(new Storage(data, float32), [ROWS, COLS], [COLS, 1], 0);
}

/** Max relative error per row against float64; NaN expected where the row has no max. */
function check(x: Tensor): number {
  const src = x.storage.data as Float32Array;
  const out = softmax(x, -1).storage.data as Float32Array;
  let worst = 0;
  for (let r = 0; r < ROWS; r++) {
    const row = Array.from(src.subarray(r * COLS, (r + 1) * COLS));
    const m = row.reduce((a, b) => Math.max(a, b), -Infinity);
    if (m - m !== 0) {
      for (let c = 0; c < COLS; c++) expect(out[r * COLS + c]).toBeNaN();
      continue;
    }
    const e = row.map((v) => Math.exp(v - m));
    const sum = e.reduce((a, b) => a + b, 0);
    for (let c = 0; c < COLS; c++) {
      const want = e[c] / sum;
      const got = out[r * COLS + c];
      if (want < 2 ** -126) {
        // Below float32's normal range only the absolute error means anything: at most two
        // of the smallest subnormal steps (each kernel rounds twice there).
        expect(Math.abs(got - want)).toBeLessThanOrEqual(2 ** -148);
        continue;
      }
      worst = Math.max(worst, Math.abs(got - want) / want);
    }
  }
  return worst;
}

describe.each([
  ["the WebAssembly kernel", true],
  ["the JavaScript kernel", false],
])("float32 softmax above 2^20 elements, by %s", (_name, wasm) => {
  beforeAll(() => {
    wasmSoftmax.enabled = wasm;
  });
  afterAll(() => {
    wasmSoftmax.enabled = true;
  });

  // A fixed linear congruential sequence: the inputs are the same on every run.
  let state = 12345;
  const uniform = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };

  it("is within 2e-7 relative of float64 over wide ranges of scores", () => {
    const x = matrix((r) => (uniform() - 0.5) * (2 + (r % 50) * 4));
    expect(check(x)).toBeLessThan(2e-7);
  });

  it("gives exact zeros for -inf scores and NaN rows where PyTorch does", () => {
    const x = matrix((r, c) => {
      if (r === 5) return -Infinity; // a fully masked row: NaN
      if (r === 6 && c === 17) return NaN;
      if (r === 7 && c === 3) return Infinity; // x - max is NaN at the max: NaN row
      if (r === 8) return c === 0 ? 0 : -Infinity; // one survivor takes everything
      return (c + r) % 3 === 0 ? -Infinity : uniform() * 10;
    });
    expect(check(x)).toBeLessThan(2e-7);
    const out = softmax(x, -1).storage.data as Float32Array;
    const src = x.storage.data as Float32Array;
    for (let i = 0; i < src.length; i++)
      if (src[i] === -Infinity && ![5, 6, 7].includes(Math.floor(i / COLS)))
        expect(Object.is(out[i], 0)).toBe(true);
    expect(out[8 * COLS]).toBe(1);
  });

  // Rows of attention scores with mask values among them clean the mask values and clamp
  // without branches; rows the sampled sum does not flag, or whose max is out of the cleaned
  // range, keep Math.max. Every path must give the float64 softmax.
  const FINFO_MIN = -3.4028234663852886e38;
  it("masks -inf, -1e9, -1e4 and finfo.min in random, causal, padding and sparse patterns", () => {
    const fills = [-Infinity, -1e9, -1e4, FINFO_MIN];
    const x = matrix((r, c) => {
      const fill = fills[Math.floor(r / 4) % 4];
      const score = (uniform() - 0.5) * 16;
      switch (r % 4) {
        case 0: // random
          return uniform() < 0.5 ? fill : score;
        case 1: // causal
          return c > r % COLS ? fill : score;
        case 2: // padding
          return c >= COLS - (r % 200) ? fill : score;
        default: // sparse: the sample may miss them
          return c % 97 === 5 ? fill : score;
      }
    });
    expect(check(x)).toBeLessThan(2e-7);
    const out = softmax(x, -1).storage.data as Float32Array;
    const src = x.storage.data as Float32Array;
    for (let i = 0; i < src.length; i++)
      if (fills.includes(src[i])) expect(Object.is(out[i], 0)).toBe(true);
  });

  it("matches float64 on masked rows whose scores are huge or tiny, beside the cleaned range", () => {
    const x = matrix((r, c) => {
      const masked = uniform() < 0.5;
      switch (r % 6) {
        case 0: // max far above 2^42
          return masked ? -Infinity : 1e13 + (uniform() - 0.5) * 40;
        case 1: // every score below -2^41, so cleaning would raise the max itself
          return masked ? -Infinity : -3e12 + (uniform() - 0.5) * 40;
        case 2: // max at the cleaned range's lower end, or just below it; scores near -2^41
          if (c === 0) return r % 12 === 2 ? -(2 ** 40) : -(2 ** 41);
          return masked ? -Infinity : -(2 ** 41) - uniform() * 1e6;
        case 3: // scores near the clamp (e^-104) next to -1e9
          return masked ? -1e9 : -100 - uniform() * 10;
        case 4: // positive huge mask values do not exist, but large logits do
          return masked ? -1e30 : 300 + uniform() * 20;
        default:
          return masked ? FINFO_MIN : (uniform() - 0.5) * 200;
      }
    });
    expect(check(x)).toBeLessThan(2e-7);
  });

  it("leaves tensors of up to 2^20 elements on the bit-exact replay of PyTorch's kernel", () => {
    const cols = 2048;
    const rows = LARGE_SOFTMAX_ABOVE / cols;
    const data = new Float32Array(rows * cols);
    for (let i = 0; i < data.length; i++) data[i] = Math.fround((uniform() - 0.5) * 12);
    const x = new Tensor(new Storage(data, float32), [rows, cols], [cols, 1], 0);
    const out = softmax(x, -1).storage.data as Float32Array;
    const replay = new Float32Array(data.length);
    softmaxLastDimF32(data, 0, replay, rows, cols, false, new Float32Array(0));
    let differ = 0;
    for (let i = 0; i < data.length; i++) if (!Object.is(out[i], replay[i])) differ++;
    expect(differ).toBe(0);
  });
});

describe("the WebAssembly softmax kernel", () => {
  it("runs here, and gives results the JavaScript kernel's own rounding does not", () => {
    const rows = 64;
    const n = 1000;
    const src = new Float32Array(rows * n);
    for (let i = 0; i < src.length; i++) src[i] = Math.fround(Math.sin(i * 0.37) * 9);
    const viaWasm = new Float32Array(src.length);
    const viaJs = new Float32Array(src.length);
    expect(softmaxLastDimWasm(src, 0, viaWasm, rows, n)).toBe(true);
    softmaxLastDimLarge(src, 0, viaJs, rows, n);
    let differ = 0;
    for (let i = 0; i < src.length; i++) {
      if (!Object.is(viaWasm[i], viaJs[i])) differ++;
      expect(Math.abs(viaWasm[i] - viaJs[i])).toBeLessThanOrEqual(4e-7 * viaJs[i]);
    }
    // Two independent kernels: most outputs agree, some differ in the last bit.
    expect(differ).toBeGreaterThan(0);
  });

  it("writes a large softmax in its own memory, bit for bit what the staged path gives", () => {
    const rows = 1100;
    const n = 1024;
    const data = new Float32Array(rows * n);
    for (let i = 0; i < data.length; i++) data[i] = Math.fround(Math.cos(i * 0.11) * 7);
    const x = new Tensor(new Storage(data, float32), [rows, n], [n, 1], 0);
    const out = softmax(x, -1).storage.data as Float32Array;
    // The output lives in a WebAssembly memory, where the kernel wrote it.
    expect(memoryOf(out.buffer)).toBeDefined();
    const staged = new Float32Array(rows * n);
    expect(softmaxLastDimWasm(data, 0, staged, rows, n)).toBe(true);
    let differ = 0;
    for (let i = 0; i < staged.length; i++) if (!Object.is(out[i], staged[i])) differ++;
    expect(differ).toBe(0);
  });

  it("pads rows whose length is not a multiple of four, and reads from an offset", () => {
    for (const n of [1, 2, 3, 5, 6, 7, 4097]) {
      const rows = 9;
      const off = 3;
      const src = new Float32Array(off + rows * n);
      for (let i = 0; i < src.length; i++) src[i] = i % 5 === 0 ? -Infinity : (i % 11) - 5;
      const out = new Float32Array(rows * n);
      const want = new Float32Array(rows * n);
      expect(softmaxLastDimWasm(src, off, out, rows, n)).toBe(true);
      softmaxLastDimLarge(src, off, want, rows, n);
      for (let i = 0; i < out.length; i++) {
        if (Number.isNaN(want[i])) expect(out[i]).toBeNaN();
        else expect(Math.abs(out[i] - want[i])).toBeLessThanOrEqual(4e-7 * want[i]);
      }
    }
  });

  it("writes nothing and says so when turned off", () => {
    wasmSoftmax.enabled = false;
    try {
      const out = new Float32Array(8);
      expect(softmaxLastDimWasm(new Float32Array(8).fill(1), 0, out, 2, 4)).toBe(false);
      expect(out.every((v) => v === 0)).toBe(true);
    } finally {
      wasmSoftmax.enabled = true;
    }
  });
});
