import { describe, it } from "vitest";
import { casesOf, checkCase } from "./helpers/coreB";

// Recorded from PyTorch 2.13 by scripts/record-core-fixtures-b.py.
describe("inplace: recorded PyTorch cases", () => {
  for (const c of casesOf("inplace")) it(`${c.id} ${c.op}`, () => checkCase(c));
});

import fc from "fast-check";
import { expect } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { withNoGrad } from "../../src/tensor/autograd/node";
import { add, mul } from "../../src/tensor/ops/binary";
import { add_, div_, mul_, sub_ } from "../../src/tensor/ops/inplaceArith";
import { sum } from "../../src/tensor/ops/reduce";
import { softmax } from "../../src/tensor/ops/softmax";
import { exp, sigmoid } from "../../src/tensor/ops/unary";
import { tensor } from "../../src/tensor/ops/create";
import { TorchError } from "../../src/tensor/errors";
import { Tensor } from "../../src/tensor/tensor";
import { arbBroadcastPair, arbLayout, build, dtypeOf, snapshot } from "./helpers/arbB";
import "./helpers/coreB";

const versionError = (what: string): string =>
  `one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of ${what}, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).`;

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof TorchError) return `${e.pyType}: ${e.message}`;
    throw e;
  }
  return "no error";
}

describe("in-place arithmetic: properties", () => {
  it("returns its receiver, bumps the version once and equals the out-of-place op", () => {
    fc.assert(
      fc.property(arbBroadcastPair, arbLayout, arbLayout, fc.nat(), (shapes, ls, lo, seed) => {
        // self must hold the broadcast shape: take the larger shape of the pair.
        const [sa, sb] = shapes[0].length >= shapes[1].length ? shapes : [shapes[1], shapes[0]];
        if (sb.some((s, i) => s !== 1 && s !== sa[sa.length - sb.length + i])) return;
        const full = sa.map((s, i) => Math.max(s, sb[i - (sa.length - sb.length)] ?? 1));
        if (full.some((s, i) => s !== sa[i])) return;
        const n = sa.reduce((p, s) => p * s, 1);
        const m = sb.reduce((p, s) => p * s, 1);
        const self = build(
          dtypeOf("float32"),
          sa,
          Array.from({ length: n }, (_, i) => (i + seed) % 7),
          ls,
        );
        const other = build(
          dtypeOf("float32"),
          sb,
          Array.from({ length: m }, (_, i) => ((i * 3) % 5) - 2),
          lo,
        );
        const want = snapshot(add(mul(self, 2n), other));
        const v0 = self.version.value;
        expect(mul_(self, 2n)).toBe(self);
        expect(add_(self, other)).toBe(self);
        expect(self.version.value).toBe(v0 + 2);
        expect(snapshot(self)).toEqual(want);
      }),
      { seed: 3, numRuns: 200 },
    );
  });
});

describe("in-place arithmetic and autograd (from PyTorch 2.13, see probe notes)", () => {
  it("rebases a non-leaf's history onto the in-place node", () => {
    const x = tensor([1.0, 2.0], { requiresGrad: true });
    const y = mul(x, 2n);
    add_(y, 1n);
    expect(y.gradFn?.name).toBe("AddBackward0");
    sub_(y, 1n);
    expect(y.gradFn?.name).toBe("SubBackward0");
    div_(y, x);
    expect(y.gradFn?.name).toBe("DivBackward0");
    backward(sum(y));
    // y = (2x + 1 - 1) / x = 2 → dy/dx = 0 (recorded: tensor([0., 0.]))
    expect([x.grad!.atNumber(0), x.grad!.atNumber(1)]).toEqual([0, 0]);
  });

  it("y.mul_(y) fails at backward, naming the node that now owns y", () => {
    const x = tensor([1.0, 2.0], { requiresGrad: true });
    const y = mul(x, 2n);
    mul_(y, y);
    expect(y.gradFn?.name).toBe("MulBackward0");
    expect(errorOf(() => backward(sum(y)))).toBe(`RuntimeError: ${versionError("Mul")}`);
  });

  it("an input saved by a later op names its current grad_fn (Add after add_)", () => {
    const x = tensor([1.0, 2.0], { requiresGrad: true });
    const y = mul(x, 1n);
    const z = mul(y, y);
    add_(y, 1n);
    expect(errorOf(() => backward(sum(z)))).toBe(`RuntimeError: ${versionError("Add")}`);
  });

  it.each([
    ["Exp", exp],
    ["Sigmoid", sigmoid],
    ["Softmax", (t: Tensor) => softmax(t, 0)],
  ])("a saved %s result modified in place breaks backward", (name, f) => {
    const x = tensor([1.0, 2.0], { requiresGrad: true });
    const y = f(x);
    withNoGrad(() => add_(y, 1n));
    expect(errorOf(() => backward(sum(y)))).toBe(`RuntimeError: ${versionError(name)}`);
  });

  it("leaf checks come first, and bump nothing", () => {
    const x = tensor([1.0, 2.0], { requiresGrad: true });
    expect(errorOf(() => add_(x, 1n))).toBe(
      "RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.",
    );
    expect(x.version.value).toBe(0);
    // Under no_grad the write is allowed and still bumps the version.
    withNoGrad(() => add_(x, 1n));
    expect(x.version.value).toBe(1);
    expect(x.atNumber(0)).toBe(2);
  });

  it("partial overlap of self and other is refused; x += x is fine", () => {
    const x = tensor([1.0, 2.0, 3.0, 4.0]);
    const a = new Tensor(x.storage, [3], [1], 1);
    const b = new Tensor(x.storage, [3], [1], 0);
    expect(errorOf(() => add_(a, b))).toBe(
      "RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.",
    );
    add_(x, x);
    expect(snapshot(x)).toEqual([2, 4, 6, 8]);
  });
});
