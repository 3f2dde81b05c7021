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
  type MaskBits,
} from "../../../src/ui/labs/mask/bits";
import type { MaskLabState } from "../../../src/ui/labs/mask/model";
import {
  softmaxDefaults,
  withScoreSource,
  type SoftmaxState,
} from "../../../src/ui/labs/softmax/model";
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

// A drawn source redraws at the patched shape, as the lab's buttons do.
const softmax = (id: string, patch: Partial<SoftmaxState>): LabCase => {
  const s = { ...softmaxDefaults(), ...patch };
  return { id: `softmax/${id}`, kind: "softmax", state: withScoreSource(s, s.source) };
};

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

/** A seeded random mask with one cell flipped: no longer the draw, so written literally. */
function editedRandomMask(): MaskBits {
  const m = randomMask(4, 6, 42);
  const bits = m.bits.slice();
  bits[5] ^= 1;
  return { rows: 4, cols: 6, bits };
}

/** The same flip made in place, keeping the stale seed: the code must notice. */
function mutatedRandomMask(): MaskBits {
  const m = randomMask(4, 6, 42);
  m.bits[0] ^= 1;
  return m;
}

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
    fill("random-mask", { mask: randomMask(3, 4, 5), steps: ["out", "in"] }),
    fill(
      "random-mask-8x8-int64",
      { dtype: "int64", mask: randomMask(8, 8, 2026), steps: ["in"] },
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
    // Q has 12 values (PyTorch's scalar normal path, which caches a Box–Muller value), K 20.
    softmax("qk-3x5", {
      rows: 3,
      cols: 5,
      source: { kind: "qk", seed: 0 },
      mask: causalMask(3, 5),
    }),
    softmax("qk-bfloat16-wide", {
      rows: 6,
      cols: 12,
      source: { kind: "qk", seed: 123456 },
      dtype: "bfloat16",
      mask: paddingMask(6, 12, [12, 9, 7, 4, 2, 1]),
    }),
    softmax("randn-seed0", { source: { kind: "randn", seed: 0 } }),
    // 15 values: below the 16 where PyTorch switches to its vectorised normal fill.
    softmax("randn-3x5", {
      rows: 3,
      cols: 5,
      source: { kind: "randn", seed: 7 },
      mask: causalMask(3, 5),
    }),
    softmax("randn-float16", {
      source: { kind: "randn", seed: 11 },
      dtype: "float16",
      fill: "min",
    }),
    softmax("randn-bfloat16-t", {
      source: { kind: "randn", seed: 12 },
      dtype: "bfloat16",
      temperature: 0.3,
    }),
    softmax("randn-float64", { source: { kind: "randn", seed: 2 ** 31 - 1 }, dtype: "float64" }),
    softmax("randn-32x32", {
      rows: 32,
      cols: 32,
      source: { kind: "randn", seed: 99 },
      mask: causalMask(32, 32),
    }),
    softmax("random-mask", {
      source: { kind: "randn", seed: 3 },
      mask: randomMask(4, 4, 8),
      polarity: "allowed",
    }),
    softmax("random-mask-same-seed", {
      rows: 5,
      cols: 6,
      source: { kind: "randn", seed: 4 },
      mask: randomMask(5, 6, 4),
      fill: "-1e9",
    }),
    softmax("qk-random-mask", { source: { kind: "qk", seed: 3 }, mask: randomMask(4, 4, 3) }),
    softmax("edited-random-mask", { rows: 4, cols: 6, mask: editedRandomMask() }),
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
    mask("random-64x64", { mask: randomMask(64, 64, 7) }),
    mask("random-1x1", { mask: randomMask(1, 1, 0) }),
    mask("random-seed-max", { mask: randomMask(3, 9, 2 ** 31 - 1) }),
    mask("random-edited", { mask: editedRandomMask() }),
    mask("random-mutated", { mask: mutatedRandomMask() }),
    mask("padding", { mask: paddingMask(4, 6, [6, 3, 1, 0]) }),
    mask("full", { mask: fullMask(2, 2) }),
    mask("empty", { mask: emptyMask(3, 1) }),
  ];
}
