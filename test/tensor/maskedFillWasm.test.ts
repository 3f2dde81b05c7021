import { afterEach, describe, expect, it } from "vitest";
import { bool, float32, float64, int32, int64, type DType } from "../../src/tensor/dtype";
import { maskedFill, maskedFill_ } from "../../src/tensor/ops/maskedFill";
import { maskedFillInMemory, wasmMaskedFill } from "../../src/tensor/ops/maskedFillWasm";
import { t as transpose } from "../../src/tensor/ops/views";
import { Tensor } from "../../src/tensor/tensor";
import { memoryOf, wasmMemories } from "../../src/tensor/wasmMemory";

// Large 4- and 8-byte tensors live in WebAssembly memories, where masked_fill_ selects with
// SIMD. It must write exactly the bits the JavaScript kernels write: NaN payloads and -0 kept
// where the mask is false, the value's own bits where it is true, from any offset, over any
// length (the last count % 16 elements go one at a time).

afterEach(() => {
  wasmMaskedFill.enabled = true;
  wasmMemories.enabled = true;
});

/** A view of `len` elements from `offset` into a fresh tensor of `offset + len + 7`. */
function vectorOf(dtype: DType, len: number, offset: number): Tensor {
  const base = Tensor.empty([offset + len + 7], dtype);
  return base.viewAs([len], [1], offset);
}

/** The tensor's bytes as 32-bit words, so NaN payloads and -0 compare exactly. */
const words = (t: Tensor): Int32Array => {
  const d = t.storage.data;
  return new Int32Array(d.buffer, d.byteOffset, d.byteLength / 4).slice();
};

/** `run(true)` (the WebAssembly select) and `run(false)` (JavaScript) leave the same bits. */
function expectSameBits(run: (wasm: boolean) => Int32Array): void {
  const viaWasm = run(true);
  const viaJs = run(false);
  let differ = viaWasm.length === viaJs.length ? 0 : Infinity;
  for (let i = 0; i < viaJs.length; i++) if (viaWasm[i] !== viaJs[i]) differ++;
  expect(differ).toBe(0);
}

const cases: [DType, number | bigint | boolean, number][] = [
  [float32, -1e9, 1_100_003],
  [float32, -Infinity, 1_048_581],
  [int32, -7, 1_100_013],
  [float64, NaN, 600_011],
  [int64, -(2n ** 40n) - 3n, 600_007],
];

describe("masked_fill_ in a WebAssembly memory", () => {
  for (const [dtype, value, len] of cases) {
    it(`${dtype.name}: the same bits as the JavaScript kernel, fill ${String(value)}`, () => {
      const run = (wasm: boolean): Int32Array => {
        wasmMaskedFill.enabled = wasm;
        const x = vectorOf(dtype, len, 3);
        expect(memoryOf(x.storage.data.buffer)).toBeDefined();
        const data = x.storage.data;
        for (let i = 0; i < data.length; i++) {
          if (dtype === int64) (data as BigInt64Array)[i] = BigInt(i) * 977n - 5n;
          else if (dtype.kind === "float") {
            // Ordinary values, -0 and a NaN with a payload, whose bits must survive.
            (data as Float32Array)[i] = i % 97 === 0 ? -0 : Math.sin(i) * 1e3;
          } else (data as Int32Array)[i] = i * 31 - 1000;
        }
        if (dtype === float32) new Int32Array(data.buffer, data.byteOffset, 40)[21] = 0x7fc01234;
        const mask = vectorOf(bool, len, 5);
        const m = mask.storage.data as Uint8Array;
        for (let i = 0; i < m.length; i++) m[i] = (i * 2654435761) % 7 < 3 ? 1 : 0;
        maskedFill_(x, mask, value as never);
        return words(x);
      };
      expectSameBits(run);
    });
  }

  it("out of place, the output is in a memory and gets the same bits", () => {
    const x = vectorOf(float32, 1_200_001, 0);
    (x.storage.data as Float32Array).forEach((_, i, a) => (a[i] = i / 7));
    const mask = vectorOf(bool, 1_200_001, 1);
    (mask.storage.data as Uint8Array).forEach((_, i, a) => (a[i] = i % 3 === 1 ? 1 : 0));
    const a = maskedFill(x, mask, 2.5);
    expect(memoryOf(a.storage.data.buffer)).toBeDefined();
    wasmMaskedFill.enabled = false;
    const b = words(maskedFill(x, mask, 2.5));
    const w = words(a);
    let differ = 0;
    for (let i = 0; i < w.length; i++) if (w[i] !== b[i]) differ++;
    expect(differ).toBe(0);
  });

  // Broadcast masks: [S] over [N, S] (one block for every row), [B,1,1,S] over [B,H,S,S] (a
  // block per batch), and a block longer than the scratch area (staged a piece at a time).
  const broadcasts: [string, number[], number[]][] = [
    ["[S] over [N, S]", [300, 4099], [4099]],
    ["[B,1,1,S] over [B,H,S,S]", [3, 4, 300, 300], [3, 1, 1, 300]],
    ["[2, 70000] over [8, 2, 70000]", [8, 2, 70000], [2, 70000]],
    ["[B,1,S] over [B,H,S] with int64", [2, 40, 8000], [2, 1, 8000]],
  ];
  for (const [name, shape, maskShape] of broadcasts) {
    it(`${name}: the same bits as the JavaScript kernel`, () => {
      const dtype = name.includes("int64") ? int64 : float32;
      const mask = Tensor.empty(maskShape, bool);
      const m = mask.storage.data as Uint8Array;
      for (let i = 0; i < m.length; i++) m[i] = (i * 40503) % 5 < 2 ? 1 : 0;
      const run = (wasm: boolean): Int32Array => {
        wasmMaskedFill.enabled = wasm;
        const x = Tensor.empty(shape, dtype);
        expect(memoryOf(x.storage.data.buffer)).toBeDefined();
        const d = x.storage.data;
        for (let i = 0; i < d.length; i++)
          if (dtype === int64) (d as BigInt64Array)[i] = BigInt(i);
          else (d as Float32Array)[i] = i * 0.5;
        maskedFill_(x, mask, (dtype === int64 ? -9n : -1e9) as never);
        return words(x);
      };
      expectSameBits(run);
      // And the WebAssembly path did take this broadcast.
      wasmMaskedFill.enabled = true;
      expect(maskedFillInMemory(Tensor.empty(shape, dtype), mask, 0, 0)).toBe(true);
    });
  }

  it("through a transposed view (x.t()), tile edges included: the same bits", () => {
    const mask = Tensor.empty([1500, 1100], bool);
    const m = mask.storage.data as Uint8Array;
    for (let i = 0; i < m.length; i++) m[i] = (i * 2246822519) % 9 < 4 ? 1 : 0;
    const run = (wasm: boolean): Int32Array => {
      wasmMaskedFill.enabled = wasm;
      const x = Tensor.empty([1100, 1500], float32);
      (x.storage.data as Float32Array).forEach((_, i, a) => (a[i] = i - 0.25));
      const view = transpose(x);
      if (wasm)
        expect(maskedFillInMemory(transpose(Tensor.empty([1100, 1500], float32)), mask, 0, 0)).toBe(
          true,
        );
      maskedFill_(view, mask, -1e9);
      return words(x);
    };
    expectSameBits(run);
  });

  it("takes only tensors in a memory, and leaves short mask blocks to JavaScript", () => {
    const full = Tensor.empty([1 << 21], bool);
    (full.storage.data as Uint8Array).fill(1);
    const inMemory = Tensor.empty([1 << 21], float32);
    expect(maskedFillInMemory(inMemory, full, 7, 0)).toBe(true);
    expect(Array.from(new Int32Array(inMemory.storage.data.buffer, 0, 3))).toEqual([7, 7, 7]);
    wasmMemories.enabled = false;
    const plain = Tensor.empty([1 << 21], float32);
    expect(maskedFillInMemory(plain, full, 7, 0)).toBe(false);
    wasmMemories.enabled = true;
    // A mask of one column ([N, 1]) over [N, S]: blocks of one element.
    const x = Tensor.empty([1 << 14, 128], float32);
    const column = Tensor.empty([1 << 14, 1], bool);
    expect(maskedFillInMemory(x, column, 7, 0)).toBe(false);
  });

  it("falls back to plain buffers and the JavaScript kernel when memories are off", () => {
    wasmMemories.enabled = false;
    const x = Tensor.empty([1_100_000], float32);
    expect(memoryOf(x.storage.data.buffer)).toBeUndefined();
    const mask = Tensor.empty([1_100_000], bool);
    (mask.storage.data as Uint8Array).fill(1, 10, 20);
    maskedFill_(x, mask, 4);
    const d = x.storage.data as Float32Array;
    expect([d[9], d[10], d[19], d[20]]).toEqual([0, 4, 4, 0]);
  });
});
