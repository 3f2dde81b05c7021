// The code each lab shows, run through MaskLab's own Python engine, must print what PyTorch
// printed for it (and so what the lab shows; models.test.ts checks that half).
import { describe, expect, it } from "vitest";
import { createSession } from "../../../src/python/session";
import { torchModules } from "../../../src/python/torch";
import { MATMUL_LAST_BIT, recordedCases } from "./recorded";

const session = () => createSession({ modules: torchModules });
describe("lab code through the MaskLab engine", () => {
  for (const c of recordedCases) {
    // See models.test.ts: the engine shares the core's matmul, so these differ from PyTorch too.
    (MATMUL_LAST_BIT.has(c.id) ? it.fails : it)(c.id, () => {
      const result = session().run(c.code);
      expect(result.error).toBe(c.error);
      expect(result.stdout).toBe(c.stdout);
    });
  }
});
