import { describe, expect, it } from "vitest";
import { createSession } from "../../../src/python/session";
import { registerTorch } from "../../../src/python/torch/index";
import type { ModuleFactory } from "../../../src/python/interpreter";

// How a wrong call to a Tensor method is worded depends on how PyTorch binds the method: a C
// method without parameters (CPython's message), a method written in Python (a def's message),
// or its argument parser with one public overload or several. Texts recorded from PyTorch 2.13.

const modules = new Map<string, ModuleFactory>();
registerTorch(modules);
const errorOf = (expr: string): string | null =>
  createSession({ filename: "case.py", modules }).run(
    `import torch\nx = torch.ones(2, 3)\n${expr}\n`,
    "script",
  ).error;

describe("argument errors of Tensor methods", () => {
  it.each([
    ["x.t(1)", "TypeError: TensorBase.t() takes no arguments (1 given)"],
    ["x.zero_(a=1)", "TypeError: TensorBase.zero_() takes no keyword arguments"],
    // A bound method kept aside names the tensor's own class; a call in place, the C class.
    ["f = x.t\nf(1)", "TypeError: Tensor.t() takes no arguments (1 given)"],
    ["(x.t)(1)", "TypeError: TensorBase.t() takes no arguments (1 given)"],
    ["torch.Tensor.t(x, 1)", "TypeError: TensorBase.t() takes no arguments (1 given)"],
    [
      "p = torch.nn.Parameter(x)\ng = p.dim\ng(1)",
      "TypeError: Parameter.dim() takes no arguments (1 given)",
    ],
    ["x.float(1)", "TypeError: float() takes 0 positional arguments but 1 was given"],
    [
      "x.split(1, 0, 2)",
      "TypeError: Tensor.split() takes from 2 to 3 positional arguments but 4 were given",
    ],
    [
      "x.unflatten(1)",
      "TypeError: Tensor.unflatten() missing 1 required positional argument: 'sizes'",
    ],
    [
      "x.add(1, 2, 3)",
      "TypeError: add() received an invalid combination of arguments - got (!int!, !int!, !int!), but expected (Tensor other, *, Number alpha = 1)",
    ],
    [
      "x.add(1, alpha=2, beta=3)",
      "TypeError: add() received an invalid combination of arguments - got unrecognized keyword arguments: beta, alpha",
    ],
    ["x.reshape((3, 2), 1)", "TypeError: reshape() takes 1 positional argument but 2 were given"],
    ["x.copy_([1])", "TypeError: copy_(): argument 'other' (position 1) must be Tensor, not list"],
    ["torch.cat([x, 1])", "TypeError: expected Tensor as element 1 in argument 0, but got int"],
  ])("%s", (expr, expected) => {
    expect(errorOf(expr)).toBe(expected);
  });

  it("accepts a Python number where copy_ takes a Tensor", () => {
    expect(errorOf("print(x.copy_(2.5))")).toBeNull();
  });
});
