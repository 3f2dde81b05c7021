// Writes fixtures/lab-cases.json: each case's encoded state and the code its lab shows.
// Then `/opt/torchenv/bin/python test/ui/labs/record-cases.py` runs the code in real PyTorch
// and adds what it printed. Run: npx tsx test/ui/labs/gen-cases.ts
import { writeFileSync } from "node:fs";
import { encodeState } from "../../../src/ui/labs/codecs";
import { labCases } from "./cases";
import { shown } from "./labCode";

const out = labCases().map((c) => ({
  id: c.id,
  kind: c.kind,
  state: encodeState(c.kind, c.state),
  code: shown(c.kind, c.state).code,
}));
writeFileSync(
  new URL("./fixtures/lab-cases.json", import.meta.url),
  JSON.stringify(out, null, 1) + "\n",
);
console.log(`${out.length} cases`);
