// The fill lab's state and what it computes: x, a mask, a fill value, and the sequence of
// masked_fill / masked_fill_ calls made so far, all run on the tensor core.

import type { DTypeName } from "../../../tensor/dtype";
import { maskedFill, maskedFill_ } from "../../../tensor/ops/maskedFill";
import type { Tensor } from "../../../tensor/tensor";
import { lines, maskAssign } from "../code";
import { emptyMask, resizeMask, type MaskBits } from "../mask/bits";
import { pyTensor } from "../pyLiteral";
import {
  int,
  obj,
  oneOf,
  packBits,
  toJsonNumber,
  unpackBits,
  numbers,
  withMaskSeed,
  type StateCodec,
} from "../state";
import {
  DTYPE_NAMES,
  errorLine,
  fillPython,
  fillScalar,
  makeTensor,
  maskTensor,
  readValues,
  type FillChoice,
  type FillSpec,
} from "../values";

export type MaskMode = "same" | "row" | "col";
export type FillStep = "out" | "in";
export const MAX_STEPS = 8;
export const FILL_CHOICES: readonly FillChoice[] = [
  "-inf",
  "inf",
  "nan",
  "-1e9",
  "min",
  "0",
  "custom",
];

export interface FillState {
  readonly dtype: DTypeName;
  readonly rows: number;
  readonly cols: number;
  readonly values: readonly number[];
  readonly maskMode: MaskMode;
  readonly mask: MaskBits;
  readonly fill: FillSpec;
  readonly steps: readonly FillStep[];
}

export function rangeValues(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

export function maskShapeFor(rows: number, cols: number, mode: MaskMode): [number, number] {
  return mode === "row" ? [1, cols] : mode === "col" ? [rows, 1] : [rows, cols];
}

export function fillDefaults(): FillState {
  const mask = emptyMask(3, 4);
  mask.bits.set([0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1]);
  return {
    dtype: "float32",
    rows: 3,
    cols: 4,
    values: rangeValues(12),
    maskMode: "same",
    mask,
    fill: { choice: "-inf", custom: "-1" },
    steps: [],
  };
}

/** A new shape keeps what fits: values restart as 1..n, the mask keeps its overlap. */
export function reshapeFill(
  s: FillState,
  rows: number,
  cols: number,
  mode = s.maskMode,
): FillState {
  const [mr, mc] = maskShapeFor(rows, cols, mode);
  return {
    ...s,
    rows,
    cols,
    maskMode: mode,
    values: rangeValues(rows * cols),
    mask: resizeMask(s.mask, mr, mc),
    steps: [],
  };
}

export const fillCodec: StateCodec<FillState> = {
  defaults: fillDefaults,
  toJson: (s) => ({
    d: s.dtype,
    r: s.rows,
    c: s.cols,
    v: s.values.map(toJsonNumber),
    mm: s.maskMode,
    m: packBits(s.mask),
    ms: s.mask.seed,
    f: s.fill.choice,
    fc: s.fill.custom,
    st: s.steps.map((x) => (x === "in" ? 1 : 0)),
  }),
  fromJson: (j) => {
    const o = obj(j);
    const rows = int(o.r, 1, 8);
    const cols = int(o.c, 1, 8);
    const maskMode = oneOf(o.mm, ["same", "row", "col"] as const);
    const [mr, mc] = maskShapeFor(rows, cols, maskMode);
    if (typeof o.m !== "string" || typeof o.fc !== "string" || o.fc.length > 40)
      throw new Error("bad");
    if (!Array.isArray(o.st) || o.st.length > MAX_STEPS) throw new Error("bad steps");
    return {
      dtype: oneOf(o.d, DTYPE_NAMES),
      rows,
      cols,
      values: numbers(o.v, rows * cols),
      maskMode,
      mask: withMaskSeed(unpackBits(o.m, mr, mc), o.ms),
      fill: { choice: oneOf(o.f, FILL_CHOICES), custom: o.fc },
      steps: o.st.map((x) => (int(x, 0, 1) === 1 ? "in" : "out")),
    };
  },
};

export interface FillResult {
  /** x as built, before any call. */
  readonly original: Tensor;
  /** x after the calls that succeeded. */
  readonly x: Tensor;
  readonly xBefore: readonly number[];
  readonly xValues: readonly number[];
  /** y after the last successful call, or null if none ran. */
  readonly y: Tensor | null;
  readonly yValues: readonly number[] | null;
  readonly mask: Tensor;
  /** The calls that ran without raising. */
  readonly done: number;
  readonly lastStep: FillStep | null;
  /** Per cell of the last result: did the last call change it relative to what it read? */
  readonly changed: readonly boolean[] | null;
  readonly error: string | null;
  /** Bytes the last call allocated: a new storage out of place, none in place. */
  readonly bytes: number;
  /** Per element of x's shape: does the (broadcast) mask select it? */
  readonly maskedCells: readonly boolean[];
}

function sameValue(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

export function runFill(s: FillState): FillResult {
  const x = makeTensor(s.values, [s.rows, s.cols], s.dtype);
  const original = x;
  const mask = maskTensor(s.mask);
  const maskedCells: boolean[] = [];
  for (let r = 0; r < s.rows; r++)
    for (let c = 0; c < s.cols; c++) {
      const mr = s.mask.rows === 1 ? 0 : r;
      const mc = s.mask.cols === 1 ? 0 : c;
      maskedCells.push(s.mask.bits[mr * s.mask.cols + mc] === 1);
    }
  let y: Tensor | null = null;
  let done = 0;
  let error: string | null = null;
  let before = readValues(x);
  let changed: boolean[] | null = null;
  let bytes = 0;
  for (const step of s.steps) {
    const read = readValues(x);
    try {
      const v = fillScalar(s.fill, s.dtype);
      y = step === "out" ? maskedFill(x, mask, v) : maskedFill_(x, mask, v);
    } catch (e) {
      error = errorLine(e);
      break;
    }
    before = read;
    const after = readValues(y);
    changed = after.map((a, i) => !sameValue(a, read[i]));
    bytes = step === "out" ? y.storage.nbytes : 0;
    done++;
  }
  return {
    original,
    x,
    xBefore: before,
    xValues: readValues(x),
    y,
    yValues: y ? readValues(y) : null,
    mask,
    done,
    lastStep: done > 0 ? s.steps[done - 1] : null,
    changed,
    error,
    bytes,
    maskedCells,
  };
}

/** The PyTorch code for the state: setup, the calls that ran, prints, then a failing call. */
export function fillCode(s: FillState, result: FillResult = runFill(s)): string {
  const value = fillPython(s.fill, s.dtype, "x");
  const call = (step: FillStep) =>
    `y = x.${step === "in" ? "masked_fill_" : "masked_fill"}(mask, ${value})`;
  const ran = s.steps.slice(0, result.done).map(call);
  const failing = result.error && result.done < s.steps.length ? call(s.steps[result.done]) : null;
  return lines(
    "import torch",
    "",
    `x = ${pyTensor(s.values.slice(), [s.rows, s.cols], s.dtype, { indent: 4 })}`,
    ...maskAssign(s.mask),
    ...ran,
    "print(x)",
    result.done > 0 && "print(y)",
    result.done > 0 ? "print(y is x, x._version)" : "print(x._version)",
    failing,
  );
}
