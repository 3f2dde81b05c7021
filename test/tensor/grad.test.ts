import { describe, it } from "vitest";
import { casesOf, checkCase } from "./helpers/coreB";

// Recorded from PyTorch 2.13 by scripts/record-core-fixtures-b.py.
describe("grad: recorded PyTorch cases", () => {
  for (const c of casesOf("grad")) it(`${c.id} ${c.op}`, () => checkCase(c));
});
