import { describe, it } from "vitest";
import { casesOf, checkCase } from "./helpers/coreB";

// Recorded from PyTorch 2.13 by scripts/record-core-fixtures-b.py.
describe("compareAll: recorded PyTorch cases", () => {
  for (const c of casesOf("compareAll")) it(`${c.id} ${c.op}`, () => checkCase(c));
});
