// For each lab kind: the code the lab shows for a state, and the stdout / error line the lab's
// own model says that code prints, built from the tensors the lab displays.

import { tensorRepr } from "../../../src/tensor/print";
import type { Tensor } from "../../../src/tensor/tensor";
import { aliasCode, runAlias, type AliasState } from "../../../src/ui/labs/alias/model";
import { autogradCode, runAutograd, type AutogradState } from "../../../src/ui/labs/autograd/model";
import { fillCode, runFill, type FillState } from "../../../src/ui/labs/fill/model";
import { countOn, type MaskBits } from "../../../src/ui/labs/mask/bits";
import { maskCode, type MaskLabState } from "../../../src/ui/labs/mask/model";
import {
  qkFactors,
  runSoftmax,
  softmaxCode,
  type SoftmaxState,
} from "../../../src/ui/labs/softmax/model";
import { readValues } from "../../../src/ui/labs/values";
import type { LabKind } from "../../../src/ui/labs/types";

/** Flattened tensors as record-cases.py writes them: bools as "0101…", non-finite as repr. */
export type ShownValues = Record<string, string | (number | string)[]>;

export interface Shown {
  readonly code: string;
  readonly stdout: string;
  readonly error: string | null;
  /** What the lab displays for the code's `mask` (and `scores`) variables. */
  readonly values: ShownValues;
}

function factors(rows: number, cols: number, seed: number): ShownValues {
  const { q, k } = qkFactors(rows, cols, seed);
  return { Q: pyNumbers(readValues(q)), K: pyNumbers(readValues(k)) };
}

const bitString = (m: MaskBits) => Array.from(m.bits).join("");
const pyNumbers = (xs: readonly number[]) =>
  xs.map((x) => (Number.isFinite(x) ? x : Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf"));

const repr = (t: Tensor) => tensorRepr(t) + "\n";
const pyTuple = (xs: readonly number[]) => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`);

export function shown(kind: LabKind, state: unknown): Shown {
  switch (kind) {
    case "fill": {
      const s = state as FillState;
      const r = runFill(s);
      let out = repr(r.x);
      if (r.done > 0 && r.y)
        out += repr(r.y) + `${r.y === r.x ? "True" : "False"} ${r.x.version.value}\n`;
      else out += `${r.x.version.value}\n`;
      return {
        code: fillCode(s, r),
        stdout: out,
        error: r.error,
        values: { mask: bitString(s.mask) },
      };
    }
    case "alias": {
      const s = state as AliasState;
      const r = runAlias(s);
      const out =
        repr(r.x) +
        repr(r.v) +
        `${r.isView ? "True" : "False"} ${r.v.offset} ${pyTuple(r.v.strides)}\n`;
      return {
        code: aliasCode(s, r),
        stdout: out,
        error: r.error,
        values: { mask: bitString(s.mask) },
      };
    }
    case "softmax": {
      const s = state as SoftmaxState;
      const r = runSoftmax(s);
      const out = r.weights && r.sums ? repr(r.weights) + repr(r.sums) : "";
      return {
        code: softmaxCode(s, r),
        stdout: out,
        error: r.error,
        values: {
          scores: pyNumbers(r.scoreValues),
          mask: bitString(s.mask),
          ...(s.source.kind === "qk" ? factors(s.rows, s.cols, s.source.seed) : {}),
        },
      };
    }
    case "autograd": {
      const s = state as AutogradState;
      const r = runAutograd(s);
      let out = "";
      if (r.forwardError === null) {
        out += `${r.versionAfter} ${r.gradFns.y ?? "None"}\n`;
        if (s.backward && r.backwardError === null && r.x.grad) out += repr(r.x.grad);
      }
      return {
        code: autogradCode(s, r),
        stdout: out,
        error: r.forwardError ?? r.backwardError,
        values: { mask: bitString(s.mask) },
      };
    }
    case "mask": {
      const s = state as MaskLabState;
      return {
        code: maskCode(s),
        stdout: `${countOn(s.mask)} torch.Size([${s.mask.rows}, ${s.mask.cols}])\n`,
        error: null,
        values: { mask: bitString(s.mask) },
      };
    }
  }
}
