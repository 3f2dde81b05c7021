import { describe, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { mul } from "../../src/tensor/ops/binary";
import { copy_ } from "../../src/tensor/ops/copy";
import { arange, ones, tensor, zeros } from "../../src/tensor/ops/create";
import { getItem, setItem } from "../../src/tensor/ops/indexing";
import { assertNoOverlap } from "../../src/tensor/ops/overlap";
import { sum } from "../../src/tensor/ops/reduce";
import { expand, unsqueeze, view } from "../../src/tensor/ops/views";
import type { Tensor } from "../../src/tensor/tensor";

// Writes that alias their own source, and what autograd keeps around for a second backward;
// each expectation is what PyTorch 2.13 does (see the alias__/grad__ oracle-extra cases).

const message = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as Error).message;
  }
};
const values = (t: Tensor): number[] => Array.from({ length: t.numel }, (_, i) => t.atNumber(i));
const slice = (start: number | null, stop: number | null) => ({
  slice: [start, stop, null] as [number | null, number | null, null],
});

describe("copy_ and subscript assignment onto shared memory", () => {
  it("copy_ of a tensor onto itself skips the overlap checks but bumps the version", () => {
    const x = arange(4);
    const e = expand(unsqueeze(x, 0), [2, 3, 4]);
    expect(message(() => copy_(e, e))).toBeNull();
    expect(x.version.value).toBe(1);
    expect(message(() => copy_(e, zeros([2, 3, 4])))).toMatch(/more than one element/);
  });

  it("a basic subscript on an expanded tensor meets copy_'s internal-overlap check", () => {
    const x = arange(4);
    const e = expand(x, [3, 4]);
    expect(message(() => setItem(e, [slice(null, null), 0], 9))).toMatch(/more than one element/);
    expect(message(() => setItem(e, [0], 4))).toBeNull();
    expect(values(x)).toEqual([4, 4, 4, 4]);
  });

  it("a basic subscript refuses a partially overlapping source, not an identical one", () => {
    const x = arange(5);
    const src = getItem(x, [slice(null, -1)]);
    expect(message(() => setItem(x, [slice(1, null)], src))).toMatch(/some elements/);
    expect(x.version.value).toBe(0);
    expect(message(() => setItem(x, [slice(null, null)], x))).toBeNull();
    expect(x.version.value).toBe(1);
  });

  it("assertNoOverlap also refuses the very same elements", () => {
    const x = arange(6);
    expect(message(() => assertNoOverlap(x, view(x, [2, 3])))).toMatch(/some elements/);
    expect(message(() => assertNoOverlap(x, zeros([6])))).toBeNull();
  });

  it("an assigned value loses its leading size-1 dims before broadcasting", () => {
    const y = zeros([2, 3]);
    setItem(y, [0], ones([1, 1, 3]));
    expect(values(y)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(message(() => setItem(y, [[0, 1]], ones([1, 5])))).toBe(
      "shape mismatch: value tensor of shape [5] cannot be broadcast to indexing result of shape [2, 3]",
    );
  });
});

describe("what backward keeps", () => {
  it("a Python number multiplied in is saved, so a second backward fails", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = mul(x, 2);
    backward(y, ones([2]));
    expect(message(() => backward(y, ones([2])))).toMatch(/backward through the graph a second/);
  });

  it("a bool mask used as an index is saved as given", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const m = tensor([true, false, true]);
    const z = getItem(x, [m]);
    copy_(m, tensor([false, false, false]));
    expect(message(() => backward(sum(z)))).toMatch(/\[CPUBoolType \[3\]\] is at version 1/);
  });

  it("a later backward adds into the same .grad tensor and moves its version", () => {
    const x = tensor([1, 1], { requiresGrad: true });
    backward(sum(mul(x, 2)));
    const g = x.grad!;
    backward(sum(mul(x, 3)));
    expect(x.grad).toBe(g);
    expect(values(g)).toEqual([5, 5]);
    expect(g.version.value).toBe(1);
  });

  it("a gradient of the wrong shape is refused before the engine runs", () => {
    const x = tensor([1, 1], { requiresGrad: true });
    expect(message(() => backward(sum(x), ones([2])))).toBe(
      "Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([]).",
    );
  });
});
