// Lab states whose "Show code" output is recorded with real PyTorch (fixtures/lab-cases.json,
// written by gen-cases.ts then record-cases.py) and compared with what each lab model shows.

import { aliasDefaults, withTarget, type AliasState } from "../../../src/ui/labs/alias/model";
import { autogradDefaults, type AutogradState } from "../../../src/ui/labs/autograd/model";
import { fillDefaults, reshapeFill, type FillState } from "../../../src/ui/labs/fill/model";
import {
  causalMask,
  checkerMask,
  emptyMask,
  fullMask,
  paddingMask,
  randomMask,
} from "../../../src/ui/labs/mask/bits";
import type { MaskLabState } from "../../../src/ui/labs/mask/model";
import { softmaxDefaults, type SoftmaxState } from "../../../src/ui/labs/softmax/model";
import type { LabKind } from "../../../src/ui/labs/types";

export interface LabCase {
  readonly id: string;
  readonly kind: LabKind;
  readonly state: unknown;
}

const fill = (
  id: string,
  patch: Partial<FillState>,
  base: FillState = fillDefaults(),
): LabCase => ({
  id: `fill/${id}`,
  kind: "fill",
  state: { ...base, ...patch },
});

function rowMaskFill(): FillState {
  const s = reshapeFill(fillDefaults(), 3, 4, "row");
  s.mask.bits.set([1, 0, 0, 1]);
  return s;
}

function colMaskFill(): FillState {
  const s = reshapeFill(fillDefaults(), 3, 4, "col");
  s.mask.bits.set([0, 1, 0]);
  return s;
}

const alias = (id: string, patch: Partial<AliasState>, applied = 1): LabCase => {
  const s = withTarget(aliasDefaults(), patch);
  const mask = checkerMask(s.mask.rows, s.mask.cols);
  return { id: `alias/${id}`, kind: "alias", state: { ...s, mask, applied } };
};

const softmax = (id: string, patch: Partial<SoftmaxState>): LabCase => ({
  id: `softmax/${id}`,
  kind: "softmax",
  state: { ...softmaxDefaults(), ...patch },
});

const autograd = (id: string, patch: Partial<AutogradState>): LabCase => ({
  id: `autograd/${id}`,
  kind: "autograd",
  state: { ...autogradDefaults(), ...patch },
});

const mask = (id: string, s: MaskLabState): LabCase => ({
  id: `mask/${id}`,
  kind: "mask",
  state: s,
});

function fullyMaskedRow(): ReturnType<typeof causalMask> {
  const m = causalMask(4, 4);
  m.bits.set([1, 1, 1, 1], 0);
  return m;
}

export function labCases(): LabCase[] {
  return [
    fill("initial", {}),
    fill("out", { steps: ["out"] }),
    fill("in", { steps: ["in"] }),
    fill("out-then-in", { steps: ["out", "in", "in"] }),
    fill("int64-neginf", { dtype: "int64", steps: ["out"] }),
    fill("int64-1e9", { dtype: "int64", fill: { choice: "-1e9", custom: "" }, steps: ["in"] }),
    fill("float16-1e9", { dtype: "float16", fill: { choice: "-1e9", custom: "" }, steps: ["out"] }),
    fill("float16-min", { dtype: "float16", fill: { choice: "min", custom: "" }, steps: ["in"] }),
    fill("bfloat16-nan", {
      dtype: "bfloat16",
      fill: { choice: "nan", custom: "" },
      steps: ["out"],
    }),
    fill("float64-inf", { dtype: "float64", fill: { choice: "inf", custom: "" }, steps: ["in"] }),
    fill("int8-custom", { dtype: "int8", fill: { choice: "custom", custom: "-7" }, steps: ["in"] }),
    fill("int8-overflow", {
      dtype: "int8",
      fill: { choice: "custom", custom: "300" },
      steps: ["out"],
    }),
    fill("uint8-min", { dtype: "uint8", fill: { choice: "min", custom: "" }, steps: ["out"] }),
    fill("int32-min", { dtype: "int32", fill: { choice: "min", custom: "" }, steps: ["in"] }),
    fill("int16-float", {
      dtype: "int16",
      fill: { choice: "custom", custom: "2.75" },
      steps: ["out"],
    }),
    fill("bool-zero", { dtype: "bool", fill: { choice: "0", custom: "" }, steps: ["out"] }),
    fill("row-mask", { steps: ["out", "in"] }, rowMaskFill()),
    fill("col-mask", { fill: { choice: "custom", custom: "0.5" }, steps: ["in"] }, colMaskFill()),
    fill(
      "causal-8x8",
      { mask: causalMask(8, 8), steps: ["out"] },
      reshapeFill(fillDefaults(), 8, 8),
    ),
    fill("float32-values", {
      values: [0.1, -2.5, 1e-5, 3e7, -0, 7, 8, 9, 10, 11, 12, 13],
      steps: ["out"],
    }),
    alias("row", { view: "row" }),
    alias("col", { view: "col" }),
    alias("transpose", { view: "transpose" }),
    alias("view", { view: "view" }),
    alias("reshape", { view: "reshape" }),
    alias("reshape-copy", { view: "reshapeCopy" }),
    alias("slice", { view: "slice" }),
    alias("expand", { view: "expand" }),
    alias("clone", { view: "clone" }),
    alias("detach", { view: "detach" }),
    alias("bool-index", { view: "boolIndex" }),
    alias("expand-base", { view: "expand", target: "base" }),
    alias("transpose-base-nan", {
      view: "transpose",
      target: "base",
      fill: { choice: "nan", custom: "" },
    }),
    alias("slice-4x5", { view: "slice", rows: 4, cols: 5 }, 2),
    alias("none-applied", { view: "row" }, 0),
    softmax("default", {}),
    softmax("allowed", { polarity: "allowed" }),
    softmax("zero", { fill: "0" }),
    softmax("neg1e9-fully-masked", { fill: "-1e9", mask: fullyMaskedRow() }),
    softmax("neginf-fully-masked", { mask: fullyMaskedRow() }),
    softmax("min-float16", { fill: "min", dtype: "float16", mask: fullyMaskedRow() }),
    softmax("neg1e9-float16", { fill: "-1e9", dtype: "float16" }),
    softmax("bfloat16", { dtype: "bfloat16", temperature: 0.5 }),
    softmax("float64-t2", { dtype: "float64", temperature: 2 }),
    softmax("qk", { source: { kind: "qk", seed: 3 } }),
    softmax("qk-float16", { source: { kind: "qk", seed: 5 }, dtype: "float16", temperature: 0.7 }),
    softmax("wide", {
      rows: 3,
      cols: 10,
      scores: Array.from({ length: 30 }, (_, i) => ((i * 7) % 11) / 4 - 1),
      mask: paddingMask(3, 10, [10, 6, 2]),
    }),
    autograd("exp-inplace", { backward: true }),
    autograd("exp-inplace-forward", {}),
    autograd("exp-out", { inPlace: false, backward: true }),
    autograd("leaf-inplace", { op: "none", backward: true }),
    autograd("leaf-out", { op: "none", inPlace: false, backward: true }),
    autograd("mul2-inplace", { op: "mul2", backward: true }),
    autograd("sigmoid-inplace", { op: "sigmoid", backward: true }),
    autograd("softmax-inplace", { op: "softmax", backward: true }),
    autograd("softmax-out", { op: "softmax", inPlace: false, backward: true }),
    autograd("nograd-leaf", { op: "none", noGrad: true, backward: true }),
    autograd("nograd-exp", { noGrad: true, backward: true }),
    autograd("no-requires-grad", { requiresGrad: false, backward: true }),
    mask("causal", { mask: causalMask(8, 8) }),
    mask("random", { mask: randomMask(5, 7, 42) }),
    mask("padding", { mask: paddingMask(4, 6, [6, 3, 1, 0]) }),
    mask("full", { mask: fullMask(2, 2) }),
    mask("empty", { mask: emptyMask(3, 1) }),
  ];
}
