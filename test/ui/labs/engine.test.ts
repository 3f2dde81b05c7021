// The code each lab shows, run through MaskLab's own Python engine, must print what PyTorch
// printed for it (and so what the lab shows; models.test.ts checks that half).
import { describe, expect, it } from "vitest";
import { createSession } from "../../../src/python/session";
import { torchModules } from "../../../src/python/torch";
import { recordedCases } from "./recorded";

const session = () => createSession({ modules: torchModules });
describe("lab code through the MaskLab engine", () => {
  for (const c of recordedCases) {
    it(c.id, () => {
      const result = session().run(c.code);
      expect(result.error).toBe(c.error);
      expect(result.stdout).toBe(c.stdout);
    });
  }
});
