// nn.MultiheadAttention through the interpreter: which implementation runs, and what MaskLab
// refuses rather than print bits PyTorch would not.
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/python/session";
import { torchModules } from "../../src/python/torch/index";

const setup = (embed: number, heads: number) =>
  `import torch\nfrom torch import nn\nimport torch.nn.functional as F\ntorch.manual_seed(0)\nm = nn.MultiheadAttention(${embed}, ${heads}, batch_first=True)\nx = torch.randn(2, 3, ${embed})\n`;

function session(embed = 4, heads = 2) {
  const s = createSession({ modules: torchModules });
  expect(s.run(setup(embed, heads)).error).toBeNull();
  return s;
}

describe("nn.MultiheadAttention", () => {
  it("takes the fast path only in eval mode with nothing recording", () => {
    const s = session();
    expect(s.run("o, w = m(x, x, x)\nprint(o.grad_fn is None, o.is_contiguous())").stdout).toBe(
      "False False\n",
    );
    expect(
      s.run(
        "m.eval()\nwith torch.no_grad():\n    o, w = m(x, x, x)\nprint(o.grad_fn, o.is_contiguous())",
      ).stdout,
    ).toBe("None True\n");
    // Cross-attention never takes it: the slow path's batch_first output is a transposed view.
    expect(
      s.run(
        "with torch.no_grad():\n    o, w = m(x, x.clone(), x.clone())\nprint(o.is_contiguous())",
      ).stdout,
    ).toBe("False\n");
  });

  it("fully masked rows are NaN on both paths", () => {
    const s = session();
    s.run("kpm = torch.tensor([[False, False, False], [True, True, True]])");
    const slow = s.run(
      "o, w = m(x, x, x, key_padding_mask=kpm)\nprint(w[1].isnan().all().item(), w[0].isnan().any().item())",
    );
    const fast = s.run(
      "m.eval()\nwith torch.no_grad():\n    o, w = m(x, x, x, key_padding_mask=kpm)\nprint(w[1].isnan().all().item(), w[0].isnan().any().item())",
    );
    expect(slow.stdout).toBe("True False\n");
    expect(fast.stdout).toBe("True False\n");
  });

  it("refuses need_weights=False where PyTorch runs its flash-attention kernel", () => {
    const s = session();
    const r = s.run("m(x, x, x, need_weights=False)");
    expect(r.error).toMatch(/^NotImplementedError: MultiheadAttention with need_weights=False/);
    const f = session(16, 2);
    const r2 = f.run("m.eval()\nwith torch.no_grad():\n    m(x, x, x, need_weights=False)");
    expect(r2.error).toMatch(/^NotImplementedError: MultiheadAttention's inference fast path/);
    // A head size that is not a multiple of 8 keeps the fast path's own kernels, which run.
    const g = session(4, 2);
    expect(
      g.run(
        "m.eval()\nwith torch.no_grad():\n    o, w = m(x, x, x, need_weights=False)\nprint(o.shape, w)",
      ).stdout,
    ).toBe("torch.Size([2, 3, 4]) None\n");
  });

  it("F.multi_head_attention_forward refuses static_k and static_v", () => {
    const s = session();
    const r = s.run(
      "q = x.transpose(0, 1)\nF.multi_head_attention_forward(q, q, q, 4, 2, m.in_proj_weight, m.in_proj_bias, None, None, False, 0.0, m.out_proj.weight, m.out_proj.bias, static_k=torch.zeros(4, 3, 2))",
    );
    expect(r.error).toMatch(/^NotImplementedError: multi_head_attention_forward with static_k/);
  });
});
