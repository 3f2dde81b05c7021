import { describe, expect, test } from "vitest";
import { echoInfo, lastStatement } from "../../src/ui/engine/worker-modules";

describe("lastStatement", () => {
  test("the last top-level statement, skipping comments and blank lines", () => {
    expect(lastStatement("x = 1\nx\n\n# done\n")).toBe("x");
    expect(lastStatement("for i in range(3):\n    print(i)\n")).toBe(
      "for i in range(3):\n    print(i)",
    );
  });
  test("a statement spread over bracketed or continued lines is one statement", () => {
    expect(lastStatement("y = f(1,\n2)\nz = torch.tensor([[1],\n [2]])")).toBe(
      "z = torch.tensor([[1],\n [2]])",
    );
    expect(lastStatement("a = 1 + \\\n2")).toBe("a = 1 + \\\n2");
    expect(lastStatement("s = ')'\nt = (1,\n2)")).toBe("t = (1,\n2)");
  });
  test("nothing to find", () => {
    expect(lastStatement("\n# only a comment\n")).toBeNull();
  });
});

describe("echoInfo", () => {
  test("a bare expression labels its grid", () => {
    expect(echoInfo("x = t()\nx")).toEqual({ label: "x", maskName: null });
    expect(echoInfo("x.masked_fill(mask, 0)")).toEqual({
      label: "x.masked_fill(mask, 0)",
      maskName: "mask",
    });
    expect(echoInfo("x.masked_fill_(m, float('-inf'))")?.maskName).toBe("m");
  });
  test("statements that echo nothing", () => {
    expect(echoInfo("y = x.masked_fill(m, 0)")).toBeNull();
    expect(echoInfo("x[0] = 1")).toBeNull();
    expect(echoInfo("x += 1")).toBeNull();
    expect(echoInfo("print(x)")).toBeNull();
    expect(echoInfo("import torch")).toBeNull();
    expect(echoInfo("x = (1,\n2)")).toBeNull();
  });
  test("a comparison is an expression, not an assignment", () => {
    expect(echoInfo("x == y")).toEqual({ label: "x == y", maskName: null });
  });
  test("long expressions stay unnamed", () => {
    expect(echoInfo("a_rather_long_name.masked_fill(another_long_mask_name, 0.0)")).toBeNull();
  });
});
