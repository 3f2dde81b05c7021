// The class/generator/nn fuzzer's programs (scripts/generate-class-programs.ts) run through
// MaskLab: whatever they get wrong on purpose, the interpreter answers with a Python error,
// never an InternalError (a JavaScript-level bug). Their output against CPython + PyTorch is
// checked by hand (see the script); the bugs found that way are fixtures in oracle-extra.
import { describe, expect, it } from "vitest";
import { generateProgram } from "../../scripts/generate-class-programs";
import { createSession } from "../../src/python/session";
import { torchModules } from "../../src/python/torch/index";

const SEED = Number(process.env.FUZZ_SEED ?? 20261127);

describe("generated class, generator and nn.Module programs", () => {
  it("are reproducible from their seed", () => {
    expect(generateProgram(SEED)).toBe(generateProgram(SEED));
    expect(generateProgram(SEED)).not.toBe(generateProgram(SEED + 1));
  });

  it("never raise an InternalError", () => {
    for (let i = 0; i < 60; i++) {
      const session = createSession({ modules: torchModules, filename: "case.py" });
      const r = session.run(generateProgram(SEED + i), "script");
      expect(r.error ?? "", `program ${SEED + i}`).not.toMatch(/^InternalError/);
      expect(r.stdout).not.toContain("InternalError");
    }
  });
});
