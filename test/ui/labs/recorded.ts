import { readFileSync } from "node:fs";
import type { LabKind } from "../../../src/ui/labs/types";

export interface RecordedCase {
  id: string;
  kind: LabKind;
  state: string;
  code: string;
  stdout: string;
  error: string | null;
}

/** Lab cases whose code ran in real PyTorch 2.13 (see gen-cases.ts and record-cases.py). */
export const recordedCases: RecordedCase[] = JSON.parse(
  readFileSync(new URL("./fixtures/lab-cases.json", import.meta.url), "utf8"),
);
