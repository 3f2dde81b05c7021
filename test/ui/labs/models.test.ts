// Each lab's model against real PyTorch: the code a lab shows for a state was run in PyTorch
// 2.13 (fixtures/lab-cases.json); what the lab displays must print exactly the same.
import { describe, expect, it } from "vitest";
import { decodeState } from "../../../src/ui/labs/codecs";
import { shown } from "./labCode";
import { recordedCases } from "./recorded";

describe("lab models match PyTorch 2.13", () => {
  it("has recorded cases for every lab", () => {
    expect(new Set(recordedCases.map((c) => c.kind))).toEqual(
      new Set(["fill", "alias", "softmax", "autograd", "mask"]),
    );
  });
  for (const c of recordedCases) {
    it(c.id, () => {
      const decoded = decodeState(c.kind, c.state);
      expect(decoded.notice).toBeNull();
      const s = shown(c.kind, decoded.state);
      // A different code means the fixture is stale: rerun gen-cases.ts and record-cases.py.
      expect(s.code).toBe(c.code);
      expect(s.error).toBe(c.error);
      expect(s.stdout).toBe(c.stdout);
    });
  }
});
