import { describe, expect, it } from "vitest";
import { loadTorchModules } from "../../src/cli/main";
import { createSession } from "../../src/python/session";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).href;

describe("loading the torch binding", () => {
  it("registers the modules a binding exports through registerTorch", async () => {
    const modules = await loadTorchModules(fixture("fake-torch.ts"));
    const r = createSession({ modules }).run(
      "import torch\nimport torch.nn.functional as F\nfrom torch import nn\nprint(torch.limit, F.relu(3), nn)",
    );
    expect(r.error).toBeNull();
    expect(r.stdout).toBe("67108864 3 <module 'torch.nn'>\n");
  });

  it("without a binding, `import torch` is a ModuleNotFoundError and plain Python still runs", async () => {
    const modules = await loadTorchModules(fixture("does-not-exist.ts"));
    expect(modules.size).toBe(0);
    const r = createSession({ modules }).run("print(1)\nimport torch");
    expect(r.stdout).toBe("1\n");
    expect(r.error).toBe("ModuleNotFoundError: No module named 'torch'");
  });

  it("a binding with the wrong exports makes `import torch` an ImportError that says why", async () => {
    const modules = await loadTorchModules(fixture("broken-torch.ts"));
    const r = createSession({ modules }).run("import torch");
    expect(r.error).toBe(
      "ImportError: the torch binding failed to load: its entry file exports neither registerTorch nor torchModules",
    );
  });
});
