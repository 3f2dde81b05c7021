// torch.nn beyond the recorded corpus: what MaskLab refuses, and per-session state.
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/python/session";
import { torchModules } from "../../src/python/torch/index";

const session = () => createSession({ modules: torchModules });

describe("torch.nn", () => {
  it("says dropout needs eval() in training mode, and passes input through after it", () => {
    const s = session();
    s.run("import torch\nfrom torch import nn\nd = nn.Dropout(0.2)\nx = torch.ones(2)\n");
    expect(s.run("d(x)").error).toMatch(/^NotImplementedError: dropout in training mode/);
    expect(s.run("print(d.eval()(x), d)").stdout).toBe(
      "tensor([1., 1.]) Dropout(p=0.2, inplace=False)\n",
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
