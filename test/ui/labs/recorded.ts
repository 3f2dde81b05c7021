import { readFileSync } from "node:fs";
import type { LabKind } from "../../../src/ui/labs/types";

export interface RecordedCase {
  id: string;
  kind: LabKind;
  state: string;
  code: string;
  stdout: string;
  error: string | null;
  /** The code's `scores` and `mask` tensors, flattened (see record-cases.py). */
  values: Record<string, string | (number | string)[]>;
}

/** Lab cases whose code ran in real PyTorch 2.13 (see gen-cases.ts and record-cases.py). */
export const recordedCases: RecordedCase[] = JSON.parse(
  readFileSync(new URL("./fixtures/lab-cases.json", import.meta.url), "utf8"),
);

/**
 * Cases whose printout differs from PyTorch's because the core's float32 `Q @ K.T` is off in the
 * last bit for that shape. None at present: the core now sums a transposed right operand in
 * MKL's four lanes, which is what softmax/qk-random-mask needed.
 */
export const MATMUL_LAST_BIT: ReadonlySet<string> = new Set<string>([]);
