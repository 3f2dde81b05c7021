import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectGarbage, prepareGarbageCollection } from "../../src/cli/collectGarbage";
import {
  bufferPool,
  clearBufferPool,
  POOL_MIN_BYTES,
  pooledBytes,
} from "../../src/tensor/bufferPool";
import { bool, float32, int32 } from "../../src/tensor/dtype";
import { clone } from "../../src/tensor/ops/copy";
import { maskedFill } from "../../src/tensor/ops/maskedFill";
import { softmax } from "../../src/tensor/ops/softmax";
import { viewDtype } from "../../src/tensor/ops/viewDtype";
import { Tensor } from "../../src/tensor/tensor";

// Freed large buffers come back for the next tensor of their size. In Node, collectGarbage()
// runs the collector and hands them back at once (V8's cleanupSome), which these tests use.

prepareGarbageCollection();
const BIG = POOL_MIN_BYTES / 4; // float32 elements in the smallest kept buffer
const SHAPE = [BIG / 256, 256];

/** Allocates a big tensor with `make`, fills it, drops it, and collects. */
function freeOne(make: () => Tensor = () => Tensor.empty(SHAPE, float32)): void {
  (make().storage.data as Float32Array).fill(7);
  collectGarbage();
}

// Whatever earlier tests dropped is collected and forgotten first, so each test counts only
// its own buffers.
beforeEach(() => {
  collectGarbage();
  clearBufferPool();
});

function differences(a: Float32Array, b: Float32Array): number {
  let n = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

afterEach(() => {
  bufferPool.maxBytes = 256 * (1 << 20);
  clearBufferPool();
});

describe("buffer pool", () => {
  it("keeps a collected storage's buffer and hands it to the next tensor of its size", () => {
    freeOne();
    expect(pooledBytes()).toBe(POOL_MIN_BYTES);
    // emptyToOverwrite leaves the old contents: proof that the buffer was reused.
    const t = Tensor.emptyToOverwrite(SHAPE, float32);
    expect(pooledBytes()).toBe(0);
    expect((t.storage.data as Float32Array)[123]).toBe(7);
  });

  it("zeroes a reused buffer for Tensor.empty", () => {
    freeOne();
    const t = Tensor.empty(SHAPE, float32);
    expect(pooledBytes()).toBe(0);
    expect((t.storage.data as Float32Array).every((v) => v === 0)).toBe(true);
  });

  it("keeps nothing below POOL_MIN_BYTES, and nothing when turned off", () => {
    freeOne(() => Tensor.empty([BIG / 2], float32));
    expect(pooledBytes()).toBe(0);
    bufferPool.maxBytes = 0;
    freeOne();
    expect(pooledBytes()).toBe(0);
  });

  it("drops the oldest buffers beyond maxBytes", () => {
    bufferPool.maxBytes = 2 * POOL_MIN_BYTES;
    const held = [0, 1, 2].map(() => Tensor.empty(SHAPE, float32));
    expect(held).toHaveLength(3);
    held.length = 0;
    collectGarbage();
    expect(pooledBytes()).toBe(2 * POOL_MIN_BYTES);
  });

  it("never hands out a buffer that a view(dtype) still reads", () => {
    // The float32 base is dropped at once; only its int32 view lives on.
    const asInt = ((): Tensor => {
      const base = Tensor.empty(SHAPE, float32);
      (base.storage.data as Float32Array).fill(1.5);
      return viewDtype(base, int32);
    })();
    collectGarbage();
    expect(pooledBytes()).toBe(0);
    const other = Tensor.emptyToOverwrite(SHAPE, float32);
    (other.storage.data as Float32Array).fill(-3);
    expect((asInt.storage.data as Int32Array)[99]).toBe(0x3fc00000); // 1.5's bits, untouched
  });

  it("gives ops that overwrite their output the same results on a reused buffer", () => {
    // Over 2^20 elements, so softmax takes its large kernel, which writes into emptyToOverwrite.
    const shape = [4200, 256];
    const x = Tensor.empty(shape, float32);
    const xs = x.storage.data as Float32Array;
    for (let i = 0; i < xs.length; i++) xs[i] = Math.sin(i) * 4;
    const mask = Tensor.empty(shape, bool);
    const ms = mask.storage.data as Uint8Array;
    for (let i = 0; i < ms.length; i++) ms[i] = (i * 7) % 3 === 0 ? 1 : 0;
    const run = () => ({
      cloned: (clone(x).storage.data as Float32Array).slice(),
      filled: (maskedFill(x, mask, -1e9).storage.data as Float32Array).slice(),
      soft: (softmax(x, -1).storage.data as Float32Array).slice(),
    });
    bufferPool.maxBytes = 0;
    const want = run();
    bufferPool.maxBytes = 256 * (1 << 20);
    for (let round = 0; round < 3; round++) {
      freeOne(() => Tensor.empty(shape, float32));
      freeOne(() => Tensor.empty(shape, float32));
      expect(pooledBytes()).toBeGreaterThan(0);
      const got = run();
      expect(differences(got.cloned, want.cloned)).toBe(0);
      expect(differences(got.filled, want.filled)).toBe(0);
      expect(differences(got.soft, want.soft)).toBe(0);
    }
  });
});
