// The code each lab shows, run through MaskLab's own Python engine, must print what PyTorch
// printed for it (and so what the lab shows; models.test.ts checks that half).
import { describe, expect, it } from "vitest";
import { createSession } from "../../../src/python/session";
import { recordedCases } from "./recorded";

const probe = createSession().run("import torch");
const engineHasTorch = probe.error === null;

describe.skipIf(!engineHasTorch)("lab code through the MaskLab engine", () => {
  for (const c of recordedCases) {
    it(c.id, () => {
      const result = createSession().run(c.code);
      expect(result.error).toBe(c.error);
      expect(result.stdout).toBe(c.stdout);
    });
  }
});

describe("engine availability", () => {
  it.skipIf(engineHasTorch)("is pending: the engine has no torch module yet", () => {
    expect(probe.error).toMatch(/ModuleNotFoundError/);
  });
});
