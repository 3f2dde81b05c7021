import { readFileSync } from "node:fs";
import { describe as group, expect, it } from "vitest";
import { backward } from "../../src/tensor/autograd/backward";
import { dtypeByName, float32 } from "../../src/tensor/dtype";
import type { DTypeName } from "../../src/tensor/dtype";
import { copy_ } from "../../src/tensor/ops/copy";
import { arange, tensor, zeros } from "../../src/tensor/ops/create";
import type { NestedData } from "../../src/tensor/ops/create";
import { getItem, select, setItem, slice } from "../../src/tensor/ops/indexing";
import type { IndexItem } from "../../src/tensor/ops/indexing";
import { tolist } from "../../src/tensor/ops/item";
import { maskedFill, maskedFill_ } from "../../src/tensor/ops/maskedFill";
import { mul } from "../../src/tensor/ops/binary";
import { sum } from "../../src/tensor/ops/reduce";
import { softmax } from "../../src/tensor/ops/softmax";
import { reshape, t as tr } from "../../src/tensor/ops/views";
import { Tensor } from "../../src/tensor/tensor";

// Indexing error texts, setitem's leaf checks, copy_ overlap, masked_fill's autograd dtype
// check and float32 softmax backward, recorded from PyTorch 2.13 by
// scripts/record-core-gaps-fixtures.py.

type Enc =
  | number
  | boolean
  | null
  | "..."
  | { slice: [number | null, number | null, number | null] }
  | { tensor: unknown; dtype: DTypeName }
  | Enc[];
interface Outcome {
  ok: boolean;
  type?: string;
  message?: string;
  resultShape?: number[];
  values?: number[];
}

const fx = JSON.parse(
  readFileSync(new URL("../fixtures/tensor/core-gaps.json", import.meta.url), "utf8"),
) as {
  getitem: ({ shape: number[]; items: Enc[]; tuple: boolean } & Outcome)[];
  setitemLeaf: ({ items: Enc[] } & Outcome)[];
  setitemByteMask: ({
    items: Enc[];
    value: number | { tensor: unknown; dtype: DTypeName };
  } & Outcome)[];
  copyOverlap: ({ expr: string } & Outcome)[];
  maskedFillGradDtype: { dtype: DTypeName; outOfPlace: Outcome; inPlace: Outcome }[];
  softmaxBackwardF32: { shape: number[]; x: number[]; g: number[]; grad: number[] }[];
};

function tensorOf(v: unknown, name: DTypeName): Tensor {
  const d = dtypeByName(name);
  const conv = (x: unknown): NestedData =>
    Array.isArray(x)
      ? x.map(conv)
      : d.kind === "bool"
        ? Boolean(x)
        : d.kind === "int"
          ? BigInt(x as number)
          : (x as number);
  return tensor(conv(v), { dtype: d });
}

function decode(e: Enc): IndexItem {
  if (e === "...") return "ellipsis";
  if (e === null || typeof e === "number" || typeof e === "boolean") return e;
  if (Array.isArray(e)) return e as unknown as IndexItem;
  if ("slice" in e) return { slice: e.slice };
  return tensorOf(e.tensor, e.dtype);
}

function outcomeOf(fn: () => Tensor): Outcome {
  try {
    return { ok: true, resultShape: [...fn().shape] };
  } catch (err) {
    const e = err as { pyType?: string; message: string };
    return { ok: false, type: e.pyType, message: e.message };
  }
}

const pick = (o: Outcome): Outcome =>
  o.ok ? { ok: true, resultShape: o.resultShape } : { ok: false, type: o.type, message: o.message };

const base = (shape: number[]): Tensor =>
  reshape(arange(BigInt(shape.reduce((a, b) => a * b, 1))), shape);

group("getitem errors name the item's position (real_dim)", () => {
  for (const c of fx.getitem) {
    it(`${JSON.stringify(c.shape)}[${JSON.stringify(c.items)}]${c.tuple ? " (tuple)" : ""}`, () => {
      const x = base(c.shape);
      const got = outcomeOf(() => getItem(x, c.items.map(decode), { tuple: c.tuple }));
      expect(got).toEqual(pick(c));
    });
  }
  it("tensor.select keeps its own message", () => {
    expect(() => select(base([2, 3, 4]), 1, 5)).toThrow(
      "select(): index 5 out of range for tensor of size [2, 3, 4] at dimension 1",
    );
  });
});

group("setitem on a requires-grad leaf: through a view or not", () => {
  for (const c of fx.setitemLeaf) {
    it(`x[${JSON.stringify(c.items)}] = 1.0`, () => {
      const x = zeros([2, 3], { requiresGrad: true });
      const got = outcomeOf(() => setItem(x, c.items.map(decode), 1));
      expect(got).toEqual(pick(c));
    });
  }
});

group("setitem with a uint8 mask and a one-element value goes through masked_fill_", () => {
  for (const c of fx.setitemByteMask) {
    it(`x[${JSON.stringify(c.items)}] = ${JSON.stringify(c.value)}`, () => {
      const x = zeros([2, 3]);
      const v = typeof c.value === "number" ? c.value : tensorOf(c.value.tensor, c.value.dtype);
      const got = outcomeOf(() => setItem(x, c.items.map(decode), v));
      expect(got).toEqual(pick(c));
    });
  }
});

group("copy_ between overlapping views", () => {
  const exprs: Record<string, (x: Tensor) => Tensor> = {
    "x[1:].copy_(x[:-1])": (x) => copy_(slice(x, 0, 1, null), slice(x, 0, null, -1)),
    "x[:-1].copy_(x[1:])": (x) => copy_(slice(x, 0, null, -1), slice(x, 0, 1, null)),
    "x[:3].copy_(x[3:])": (x) => copy_(slice(x, 0, null, 3), slice(x, 0, 3, null)),
    "x.copy_(x)": (x) => copy_(x, x),
    "x[:].copy_(x)": (x) => copy_(slice(x, 0, null, null), x),
    "x[::2].copy_(x[1::2])": (x) => copy_(slice(x, 0, null, null, 2), slice(x, 0, 1, null, 2)),
    "x[:2].copy_(x[1])": (x) => copy_(slice(x, 0, null, 2), select(x, 0, 1)),
  };
  for (const c of fx.copyOverlap) {
    it(c.expr, () => {
      if (c.expr === "m.t().copy_(m)") {
        const m = reshape(arange(9n, null, 1n, { dtype: float32 }), [3, 3]);
        expect(outcomeOf(() => copy_(tr(m), m))).toEqual(pick(c));
        return;
      }
      const x = arange(6n, null, 1n, { dtype: float32 });
      expect(outcomeOf(() => exprs[c.expr](x))).toEqual(pick(c));
      if (c.ok) expect(tolist(x)).toEqual(c.values);
    });
  }
});

group("masked_fill with a grad-requiring value into a non-float self", () => {
  for (const c of fx.maskedFillGradDtype) {
    it(c.dtype, () => {
      const d = dtypeByName(c.dtype);
      const m = tensor([true, false]);
      const v = () => tensor(2.5, { requiresGrad: true });
      expect(outcomeOf(() => maskedFill(zeros([2], { dtype: d }), m, v()))).toEqual(
        pick(c.outOfPlace),
      );
      expect(outcomeOf(() => maskedFill_(zeros([2], { dtype: d }), m, v()))).toEqual(
        pick(c.inPlace),
      );
    });
  }
});

group("float32 softmax backward is bit-exact on the last dim", () => {
  for (const c of fx.softmaxBackwardF32) {
    it(JSON.stringify(c.shape), () => {
      const x = reshape(tensor(c.x, { dtype: float32, requiresGrad: true }), c.shape);
      const leaf = x.base ?? x;
      const g = reshape(tensor(c.g, { dtype: float32 }), c.shape);
      backward(sum(mul(softmax(x, -1), g)));
      const grad = leaf.grad as Tensor;
      const flat = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
      expect(flat(tolist(grad))).toEqual(c.grad);
    });
  }
});
