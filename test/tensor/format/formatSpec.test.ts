import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  FormatSpecError,
  formatFloatSpec,
  formatIntSpec,
  formatStrSpec,
} from "../../../src/tensor/format";

// Expected strings and messages were printed by CPython 3.11.7.

type Outcome = string | { error: "ValueError" | "OverflowError"; message: string };

interface SpecFixture {
  python: string;
  cases: [kind: "float" | "int" | "str", value: string, spec: string, expected: Outcome][];
}

const fixture = JSON.parse(
  readFileSync(new URL("../../fixtures/print/format-spec-cases.json", import.meta.url), "utf8"),
) as SpecFixture;

const pyFloat = (r: string): number =>
  r === "inf" ? Infinity : r === "-inf" ? -Infinity : r === "nan" ? NaN : Number(r);

function run(kind: "float" | "int" | "str", value: string, spec: string): Outcome {
  try {
    if (kind === "float") return formatFloatSpec(pyFloat(value), spec);
    if (kind === "int") return formatIntSpec(BigInt(value), spec);
    return formatStrSpec(value, spec);
  } catch (e) {
    if (e instanceof FormatSpecError) return { error: e.pyType, message: e.message };
    throw e;
  }
}

describe("format(value, spec) against the CPython table", () => {
  it("covers floats, ints and strs with many specs", () => {
    expect(fixture.python).toMatch(/^3\.11\./);
    const kinds = new Set(fixture.cases.map((c) => c[0]));
    expect([...kinds].sort()).toEqual(["float", "int", "str"]);
  });

  it("matches every recorded case, errors included", () => {
    const wrong: string[] = [];
    for (const [kind, value, spec, expected] of fixture.cases) {
      const got = run(kind, value, spec);
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        wrong.push(`${kind} ${value} ${JSON.stringify(spec)}: ${JSON.stringify(got)}`);
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});

describe("formatFloatSpec", () => {
  it.each([
    [3.0, "", "3.0"],
    [1 / 3, ".3", "0.333"],
    [100.0, ".3", "1e+02"],
    [1e16, ".20", "10000000000000000.0"],
    [123456789.0, ".3", "1.23e+08"],
    [12345.678, ",", "12,345.678"],
    [1234.5, "010,.1f", "0,001,234.5"],
    [1234.5, "0=12,", "00,001,234.5"],
    [1234.5, "0>12,", "000001,234.5"],
    [1.5e10, "015,e", "0,001.500000e+10"],
    [Infinity, "010,", "0000000inf"],
    [-Infinity, "010,", "-000000inf"],
    [NaN, "+08F", "+0000NAN"],
    [1.5, "#.0f", "2."],
    [1e16, "#", "1.e+16"],
    [1.0, "#", "1.0"],
    [1.0, "#.0g", "1."],
    [-0.0, "z.1f", "0.0"],
    [-0.4, "z.0f", "0"],
    [-0.6, "z.0f", "-1"],
    [-0.001, "z.2e", "-1.00e-03"],
    [0.5, ".0%", "50%"],
    [1234, ",.2%", "123,400.00%"],
    [1e-5, "%", "0.001000%"],
    [2.5, ".0g", "2"],
    [1.5, ".0g", "2"],
    [1234567.0, ",.10g", "1,234,567"],
    [5e-324, ".20e", "4.94065645841246544177e-324"],
  ])("format(%s, %j) is %j", (x, spec, expected) => {
    expect(formatFloatSpec(x, spec)).toBe(expected);
  });

  it("rejects int and str codes with CPython's message", () => {
    expect(() => formatFloatSpec(1, "d")).toThrow(
      new FormatSpecError("Unknown format code 'd' for object of type 'float'"),
    );
    expect(() => formatFloatSpec(1, "abc")).toThrow(
      "Invalid format specifier 'abc' for object of type 'float'",
    );
    expect(() => formatFloatSpec(1, ".")).toThrow("Format specifier missing precision");
    expect(() => formatFloatSpec(1, ",n")).toThrow("Cannot specify ',' with 'n'.");
  });
});

describe("formatIntSpec", () => {
  it.each([
    [1234n, "010,", "00,001,234"],
    [-1234n, "010,", "-0,001,234"],
    [12345678n, "012,d", "0,012,345,678"],
    [123n, "013_", "0_000_000_123"],
    [255n, "#012_x", "0x0_0000_00ff"],
    [-255n, " #012_x", "-0x0000_00ff"],
    [-255n, "#010x", "-0x00000ff"],
    [255n, "#_b", "0b1111_1111"],
    [12345678n, "_o", "5706_0516"],
    [65n, "c", "A"],
    [0x1f600n, "c", "😀"],
    [5n, "=+5", "+   5"],
    [-12n, "^+6", " -12  "],
    [3n, "%", "300.000000%"],
    [2n ** 70n, ",", "1,180,591,620,717,411,303,424"],
    [2n ** 70n, "e", "1.180592e+21"],
    [-(2n ** 63n), "d", "-9223372036854775808"],
  ])("format(%s, %j) is %j", (x, spec, expected) => {
    expect(formatIntSpec(x, spec)).toBe(expected);
  });

  it("raises ValueError and OverflowError like CPython", () => {
    const err = (x: bigint, spec: string): [string, string] => {
      try {
        formatIntSpec(x, spec);
      } catch (e) {
        if (e instanceof FormatSpecError) return [e.pyType, e.message];
      }
      return ["none", ""];
    };
    expect(err(1n, ".2")).toEqual([
      "ValueError",
      "Precision not allowed in integer format specifier",
    ]);
    expect(err(1n, "+c")).toEqual([
      "ValueError",
      "Sign not allowed with integer format specifier 'c'",
    ]);
    expect(err(1n, ",x")).toEqual(["ValueError", "Cannot specify ',' with 'x'."]);
    expect(err(1n, ",_")).toEqual(["ValueError", "Cannot specify both ',' and '_'."]);
    expect(err(1n, "\x01")).toEqual([
      "ValueError",
      "Unknown format code '\\x1' for object of type 'int'",
    ]);
    expect(err(0x110000n, "c")).toEqual(["OverflowError", "%c arg not in range(0x110000)"]);
    expect(err(10n ** 400n, "f")).toEqual(["OverflowError", "int too large to convert to float"]);
    expect(err(1n, "10000000000000000000000")).toEqual([
      "ValueError",
      "Too many decimal digits in format string",
    ]);
  });
});

describe("formatStrSpec", () => {
  it.each([
    ["abc", ".2", "ab"],
    ["abc", "^7", "  abc  "],
    ["abc", "05", "abc00"],
    ["x", "😀^5", "😀😀x😀😀"],
    ["é😀", "^6", "  é😀  "],
    ["😀", ".1", "😀"],
  ])("format(%j, %j) is %j", (s, spec, expected) => {
    expect(formatStrSpec(s, spec)).toBe(expected);
  });

  it("rejects numeric options", () => {
    expect(() => formatStrSpec("a", "+")).toThrow("Sign not allowed in string format specifier");
    expect(() => formatStrSpec("a", " ")).toThrow("Space not allowed in string format specifier");
    expect(() => formatStrSpec("a", "=")).toThrow(
      "'=' alignment not allowed in string format specifier",
    );
    expect(() => formatStrSpec("a", ",")).toThrow("Cannot specify ',' with 's'.");
    expect(() => formatStrSpec("a", "d")).toThrow(
      "Unknown format code 'd' for object of type 'str'",
    );
  });
});
