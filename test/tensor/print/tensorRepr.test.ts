import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dtypeByName, type DTypeName } from "../../../src/tensor/dtype";
import {
  defaultPrintOptions,
  dtypeRepr,
  type PrintOptions,
  type PrintSource,
  sizeRepr,
  tensorRepr,
} from "../../../src/tensor/print";

// Expected bytes were recorded from PyTorch 2.13 by scripts/record-print-fixtures.py.

type Encoded = number | string;

interface ReprCase {
  id: string;
  dtype: DTypeName;
  shape: number[];
  values: Encoded[];
  expected: string;
  gradFn?: string;
  requiresGrad?: boolean;
  options?: {
    precision: number;
    threshold: number | "inf";
    edgeitems: number;
    linewidth: number;
    sciMode: boolean | null;
  };
}

const fixture = JSON.parse(
  readFileSync(new URL("../../fixtures/print/tensor-repr-cases.json", import.meta.url), "utf8"),
) as { torch: string; cases: ReprCase[] };

function decode(v: Encoded, int64: boolean): number | bigint {
  if (int64) return BigInt(v);
  if (typeof v === "number") return v;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (v === "nan") return NaN;
  return Number(v);
}

/** A PrintSource over a flat row-major array, the way a contiguous Tensor would answer. */
function source(dtype: DTypeName, shape: number[], values: Encoded[]): PrintSource {
  const int64 = dtype === "int64";
  const data = values.map((v) => decode(v, int64));
  return { shape, dtype: dtypeByName(dtype), at: (i) => data[i] };
}

function optionsOf(c: ReprCase): PrintOptions {
  if (!c.options) return defaultPrintOptions;
  const o = c.options;
  return { ...o, threshold: o.threshold === "inf" ? Infinity : o.threshold };
}

describe("tensorRepr against PyTorch 2.13", () => {
  it("has the recorded table", () => {
    expect(fixture.torch).toMatch(/^2\.13\./);
    const dtypes = new Set(fixture.cases.map((c) => c.dtype));
    expect(dtypes.size).toBe(10);
  });

  it.each(fixture.cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const t = source(c.dtype, c.shape, c.values);
    const got = tensorRepr(
      t,
      { gradFnName: c.gradFn ?? null, requiresGrad: c.requiresGrad },
      optionsOf(c),
    );
    expect(got).toBe(c.expected);
  });
});

describe("tensorRepr against the oracle's print cases", () => {
  const oracle = JSON.parse(
    readFileSync(new URL("../../fixtures/oracle-cases.json", import.meta.url), "utf8"),
  ) as { cases: { id: string; stdout: string }[] };
  const stdout = (id: string): string => {
    const c = oracle.cases.find((k) => k.id === id);
    if (!c) throw new Error("missing oracle case " + id);
    return c.stdout;
  };
  const arange = (n: number, scale = 1): number[] => Array.from({ length: n }, (_, i) => i * scale);

  it("print/floats-tie", () => {
    const t = source("float32", [3], [0.03125, 1.03125, 2.5]);
    expect(tensorRepr(t) + "\n").toBe(stdout("print/floats-tie"));
  });

  it("print/summarize-2d", () => {
    const t = source("float32", [40, 30], arange(1200));
    expect(tensorRepr(t) + "\n").toBe(stdout("print/summarize-2d"));
  });

  it("print/summarize-3d", () => {
    const t = source("float32", [20, 10, 10], new Array<number>(2000).fill(1));
    expect(tensorRepr(t) + "\n").toBe(stdout("print/summarize-3d"));
  });

  it("print/long-int-wrap", () => {
    const t = source("int64", [100], arange(100, 1000).map(String));
    expect(tensorRepr(t) + "\n").toBe(stdout("print/long-int-wrap"));
  });

  it("print/grad-fn-f64", () => {
    const t = source("float64", [2], [2, 4]);
    expect(tensorRepr(t, { gradFnName: "MulBackward0" }) + "\n").toBe(stdout("print/grad-fn-f64"));
  });
});

describe("sizeRepr and dtypeRepr", () => {
  it("spell torch.Size and torch dtypes like PyTorch", () => {
    expect(sizeRepr([2, 3, 4])).toBe("torch.Size([2, 3, 4])");
    expect(sizeRepr([])).toBe("torch.Size([])");
    expect(sizeRepr([5])).toBe("torch.Size([5])");
    expect(dtypeRepr(dtypeByName("float32"))).toBe("torch.float32");
    expect(dtypeRepr(dtypeByName("bfloat16"))).toBe("torch.bfloat16");
    expect(dtypeRepr(dtypeByName("bool"))).toBe("torch.bool");
  });
});
