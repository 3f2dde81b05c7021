import { describe as group, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { mul } from "../../src/tensor/ops/binary";
import { clone, contiguous, copy_, data, detach } from "../../src/tensor/ops/copy";
import { arange, ones, tensor, zeros } from "../../src/tensor/ops/create";
import { maskedFill_ } from "../../src/tensor/ops/maskedFill";
import { sum } from "../../src/tensor/ops/reduce";
import { expand, t } from "../../src/tensor/ops/views";
import { attempt, cases, encValues } from "./helpers/coreA";

group("copy_, clone, contiguous, detach, data", () => {
  it("copy_ broadcasts and casts its source, bumping the version", () => {
    const x = zeros([2, 3]);
    copy_(x, tensor([1n, 2n, 3n]));
    expect({ values: encValues(x), version: x.version.value }).toEqual(cases.misc.copyBroadcast);
    expect(attempt(() => copy_(zeros([2, 3]), zeros([2])))).toEqual(cases.misc.copyBroadcastBad);
  });

  it("copy_ into an expanded tensor is refused", () => {
    expect(attempt(() => copy_(expand(zeros([3]), [2, 3]), ones([2, 3])))).toEqual(
      cases.misc.copyExpanded,
    );
  });

  it("CopyBackwards sends the gradient to the source", () => {
    const c = zeros([3]);
    const s = tensor([1, 2, 3], { requiresGrad: true });
    copy_(c, s);
    backward(sum(mul(c, tensor([1, 2, 3]))));
    expect({ gradFn: c.gradFn?.name, grad: encValues(s.grad!) }).toEqual(cases.grads.copy);
  });

  it("clone breaks aliasing (oracle alias/clone-breaks)", () => {
    const base = arange(4n);
    const c = clone(base);
    maskedFill_(c, tensor([true, true, false, false]), 0n);
    expect(encValues(base)).toEqual(["0", "1", "2", "3"]);
    expect(encValues(c)).toEqual(["0", "0", "2", "3"]);
    expect(c.dataPtr() === base.dataPtr()).toBe(false);
  });

  it("contiguous returns self only when already contiguous (oracle alias/contiguous-self)", () => {
    const x = zeros([2, 3]);
    expect(contiguous(x)).toBe(x);
    const y = t(x);
    const z = contiguous(y);
    expect([z === y, z.dataPtr() === x.dataPtr(), z.isContiguous()]).toEqual([false, false, true]);
  });

  it("detach keeps the version counter and drops history; data gets a fresh counter", () => {
    const x = mul(tensor([1, 2], { requiresGrad: true }), 1n);
    const d = detach(x);
    expect([d.requiresGrad, d.gradFn, d.base, d.version === x.version]).toEqual([
      false,
      null,
      null,
      true,
    ]);
    const dd = data(x);
    expect([dd.requiresGrad, dd.base, dd.version === x.version, dd.storage === x.storage]).toEqual([
      false,
      null,
      false,
      true,
    ]);
  });
});
