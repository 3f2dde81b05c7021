// Expected strings are PyTorch 2.13's own printing of the same values (recorded with real
// torch; see /reference/pytorch-semantics.md section 1), with the padding removed.

import { describe, expect, test } from "vitest";
import { chooseFormat, printedIndices } from "../../src/ui/grid/format";

const fmt = (dtype: string, values: (number | bigint)[], shape?: number[]) => {
  const f = chooseFormat(dtype, values, shape);
  return { mode: f.mode, texts: values.map((v) => f.format(v)) };
};

describe("chooseFormat follows PyTorch's _Formatter", () => {
  test("fixed mode with four decimals", () => {
    expect(fmt("float32", [1.5, 2.25, -3])).toEqual({
      mode: "fixed",
      texts: ["1.5000", "2.2500", "-3.0000"],
    });
  });

  test("int mode for integral floats, with the trailing dot", () => {
    expect(fmt("float32", [1, 1000])).toEqual({ mode: "intFloat", texts: ["1.", "1000."] });
    expect(fmt("float32", [100000000]).texts).toEqual(["100000000."]);
  });

  test("sci mode: tiny minimum, wide ratio, huge maximum", () => {
    expect(fmt("float32", [1e-5, 1]).texts).toEqual(["1.0000e-05", "1.0000e+00"]);
    expect(fmt("float32", [1, 1001]).texts).toEqual(["1.0000e+00", "1.0010e+03"]);
    expect(fmt("float32", [2.5, 0.125, 1e-4]).texts).toEqual([
      "2.5000e+00",
      "1.2500e-01",
      "1.0000e-04",
    ]);
    expect(fmt("float64", [123456.5, 1]).texts).toEqual(["1.2346e+05", "1.0000e+00"]);
  });

  test("inf and nan keep PyTorch's spelling and do not set the mode", () => {
    expect(fmt("float32", [Infinity, -Infinity, NaN, 1]).texts).toEqual([
      "inf",
      "-inf",
      "nan",
      "1.",
    ]);
    expect(fmt("float32", [Infinity, -Infinity, NaN, 1.5]).texts).toEqual([
      "inf",
      "-inf",
      "nan",
      "1.5000",
    ]);
    expect(fmt("float32", [-Infinity, 1e-9]).texts).toEqual(["-inf", "1.0000e-09"]);
  });

  test("signed zero and ties rounded to even", () => {
    expect(fmt("float32", [-0, 0]).texts).toEqual(["-0.", "0."]);
    expect(fmt("float32", [-0, 1.5]).texts).toEqual(["-0.0000", "1.5000"]);
    expect(fmt("float32", [1.03125, 2.5]).texts).toEqual(["1.0312", "2.5000"]);
  });

  test("ints and bools", () => {
    expect(fmt("int32", [1, -20, 300])).toEqual({ mode: "int", texts: ["1", "-20", "300"] });
    expect(fmt("int64", [9007199254740993n]).texts).toEqual(["9007199254740993"]);
    expect(fmt("bool", [1, 0])).toEqual({ mode: "bool", texts: ["True", "False"] });
  });

  test("a summarized tensor scans only the printed edges, as PyTorch does", () => {
    // torch.ones(2000) with t[1000] = 1e-9 prints tensor([1., 1., 1.,  ..., 1., 1., 1.]).
    const values = new Array<number>(2000).fill(1);
    values[1000] = 1e-9;
    expect(fmt("float32", values, [2000]).mode).toBe("intFloat");
    // Without the shape every value is scanned and the tiny one forces sci mode.
    expect(fmt("float32", values).mode).toBe("sci");
  });
});

describe("printedIndices", () => {
  test("nothing is summarized up to 1000 elements", () => {
    expect(printedIndices([10, 100])).toBeNull();
  });

  test("the first and last three along each long dimension", () => {
    expect(printedIndices([2000])).toEqual([0, 1, 2, 1997, 1998, 1999]);
    const idx = printedIndices([3, 400]);
    expect(idx).toHaveLength(18);
    expect(idx?.slice(0, 6)).toEqual([0, 1, 2, 397, 398, 399]);
    expect(idx?.slice(-3)).toEqual([1197, 1198, 1199]);
  });
});
