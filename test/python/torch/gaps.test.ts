// Replays the snippets of scripts/record-extra-gaps.py (recorded from PyTorch 2.13): Tensor's
// number protocols, grad_fn class names, torch.nn lookups, argument-parser messages, and the
// functions added for the extended oracle, compared byte for byte.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSession } from "../../../src/python/session";
import { registerTorch } from "../../../src/python/torch/index";
import type { ModuleFactory } from "../../../src/python/interpreter";

interface Case {
  id: string;
  code: string;
  stdout: string;
  error: string | null;
}

const cases = (
  JSON.parse(
    readFileSync(new URL("../../fixtures/python/torch-gaps.json", import.meta.url), "utf8"),
  ) as { cases: Case[] }
).cases;

const modules = new Map<string, ModuleFactory>();
registerTorch(modules);

describe("PyTorch gaps found by the extended oracle", () => {
  for (const c of cases) {
    it(c.id, () => {
      const r = createSession({ filename: "case.py", modules }).run(c.code, "script");
      expect(r.stdout).toBe(c.stdout);
      // Tracebacks strip the trailing newline of PyTorch's multi-line messages.
      expect(r.error).toBe(c.error === null ? null : c.error.replace(/\n+$/, ""));
    });
  }
});
