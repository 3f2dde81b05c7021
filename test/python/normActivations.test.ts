// LayerNorm and the activations through the interpreter: the bindings (torch., F., Tensor
// methods, nn modules), their in-place forms and what the modules hold. Outputs were checked
// against PyTorch 2.13 (the recorded cases are in test/fixtures/oracle-extra/ops__*.py).
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/python/session";
import { torchModules } from "../../src/python/torch/index";

const run = (code: string): string => {
  const s = createSession({ modules: torchModules });
  const r = s.run("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n" + code);
  if (r.error) throw new Error(r.error);
  return r.stdout;
};

describe("layer norm and activations in Python", () => {
  it("nn.LayerNorm holds ones and zeros drawn in place and normalises the last dims", () => {
    expect(run("ln = nn.LayerNorm(3)\nprint(ln, ln.weight._version, ln.bias)")).toBe(
      "LayerNorm((3,), eps=1e-05, elementwise_affine=True, bias=True) 1 Parameter containing:\ntensor([0., 0., 0.], requires_grad=True)\n",
    );
    expect(
      run(
        "print(nn.LayerNorm([2, 2], elementwise_affine=False)(torch.tensor([[1., 2.], [3., 4.]])))",
      ),
    ).toBe("tensor([[-1.3416, -0.4472],\n        [ 0.4472,  1.3416]])\n");
    expect(
      run("print(nn.LayerNorm(2, bias=False).bias, len(list(nn.LayerNorm(2).parameters())))"),
    ).toBe("None 2\n");
  });

  it("binds F.layer_norm and torch.layer_norm with PyTorch's errors", () => {
    expect(run("print(torch.layer_norm(torch.tensor([1., 3.]), [2]))")).toBe(
      "tensor([-1.0000,  1.0000])\n",
    );
    expect(() => run("F.layer_norm(torch.ones(2, 3), (4,))")).toThrow(
      "RuntimeError: Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, 3]",
    );
    expect(() => run("F.layer_norm(torch.ones(2, 3), 3)")).toThrow(
      "layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not int",
    );
  });

  it("writes the in-place activations into their input and records the in-place nodes", () => {
    expect(
      run(
        "x = torch.tensor([-1., 2.], requires_grad=True) * 1\nF.leaky_relu(x, 0.5, True)\nprint(x)\ny = torch.tensor([-1., 2.])\nprint(F.elu(y, inplace=True) is y, nn.SiLU(inplace=True)(y) is y)",
      ),
    ).toBe("tensor([-0.5000,  2.0000], grad_fn=<LeakyReluBackward1>)\nTrue True\n");
    expect(
      run("z = torch.tensor([0.5])\nz.erf_()\nz.lerp_(torch.tensor([1.]), 0.5)\nprint(z)"),
    ).toBe("tensor([0.7602])\n");
  });

  it("prints the activation modules as PyTorch does", () => {
    expect(
      run(
        "print(nn.GELU(), nn.GELU('tanh'), nn.SiLU(), nn.LeakyReLU(0.2, inplace=True), nn.ELU(alpha=0.5))",
      ),
    ).toBe(
      "GELU(approximate='none') GELU(approximate='tanh') SiLU() LeakyReLU(negative_slope=0.2, inplace=True) ELU(alpha=0.5)\n",
    );
  });

  it("takes gradients through gelu, erf, lerp and normalize", () => {
    expect(
      run(
        "x = torch.tensor([0.5, -1.], requires_grad=True)\n(F.gelu(x) + x.erf() + torch.lerp(x, x * 2, 0.25) + F.normalize(x, dim=0)).sum().backward()\nprint(x.grad)",
      ),
    ).toBe("tensor([4.0696, 2.1184])\n");
  });
});
