import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TENSOR_METHODS } from "../../../src/python/torch/tensorMethods";

// The overload lists PyTorch prints in "invalid combination of arguments" errors, recorded
// from torch 2.13 by scripts/record-signatures.py. Every bound method that PyTorch gives
// several overloads must list the same ones, in the same order and spelling.

const recorded = JSON.parse(
  readFileSync(new URL("../../fixtures/torch-signatures.json", import.meta.url), "utf8"),
) as { method: Record<string, string[]>; function: Record<string, string[]> };

describe("tensor method overloads match PyTorch's printed signatures", () => {
  for (const [name, sigs] of Object.entries(recorded.method)) {
    const bound = TENSOR_METHODS[name];
    it.skipIf(bound === undefined)(name, () => {
      const printed = bound.parser.signatures.filter((s) => !s.hidden).map((s) => s.toString());
      expect(printed).toEqual(sigs);
    });
  }
});
