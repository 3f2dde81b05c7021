// torch.nn beyond the recorded corpus: what MaskLab refuses, and per-session state.
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/python/session";
import { torchModules } from "../../src/python/torch/index";

const session = () => createSession({ modules: torchModules });

describe("torch.nn", () => {
  it("draws dropout's mask from the seeded generator in training mode, and passes input through in eval", () => {
    const run = () => {
      const s = session();
      s.run(
        "import torch\nfrom torch import nn\ntorch.manual_seed(7)\nd = nn.Dropout(0.5)\nx = torch.ones(8)\n",
      );
      return [s.run("print(d(x))").stdout, s.run("print(d.eval()(x), d)").stdout];
    };
    const [train, evaluated] = run();
    expect(run()[0]).toBe(train);
    expect(train).toMatch(/^tensor\(\[(0\.|2\.)(, +(0\.|2\.)){7}\]\)\n$/);
    expect(evaluated).toBe(
      "tensor([1., 1., 1., 1., 1., 1., 1., 1.]) Dropout(p=0.5, inplace=False)\n",
    );
  });

  it("keeps each session's modules apart", () => {
    const a = session();
    const b = session();
    a.run("import torch.nn as nn\nclass M(nn.Module):\n    pass\nm = M()\n");
    b.run("import torch.nn as nn\n");
    expect(a.run("print(isinstance(m, nn.Module), len(list(m.parameters())))").stdout).toBe(
      "True 0\n",
    );
    expect(b.run("print(nn.Module)").stdout).toBe("<class 'torch.nn.modules.module.Module'>\n");
  });

  it("a subclass that skips super().__init__() cannot register parameters", () => {
    const r = session().run(
      "import torch\nfrom torch import nn\nclass M(nn.Module):\n    def __init__(self):\n        self.w = nn.Linear(1, 1)\nM()\n",
    );
    expect(r.error).toBe("AttributeError: cannot assign module before Module.__init__() call");
  });
});
