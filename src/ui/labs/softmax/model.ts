// The softmax / attention lab: scores (typed in, seeded random, or Q·Kᵀ), a mask with a chosen
// polarity, a fill value and a temperature, then softmax along the last dim, on the tensor core.

import { DTYPES, type DTypeName } from "../../../tensor/dtype";
import { div } from "../../../tensor/ops/binary";
import { to } from "../../../tensor/ops/cast";
import { invert } from "../../../tensor/ops/logical";
import { maskedFill } from "../../../tensor/ops/maskedFill";
import { matmul } from "../../../tensor/ops/matmul";
import { sum } from "../../../tensor/ops/reduce";
import { softmax } from "../../../tensor/ops/softmax";
import { t as transpose } from "../../../tensor/ops/views";
import type { Tensor } from "../../../tensor/tensor";
import { lines, maskPython } from "../code";
import { causalMask, mulberry32, resizeMask, type MaskBits } from "../mask/bits";
import { pyFloat, pyTensor } from "../pyLiteral";
import {
  int,
  num,
  obj,
  oneOf,
  packBits,
  toJsonNumber,
  unpackBits,
  numbers,
  type StateCodec,
} from "../state";
import {
  errorLine,
  fillPython,
  fillScalar,
  makeTensor,
  maskTensor,
  readValues,
  type FillChoice,
} from "../values";

export type Polarity = "blocked" | "allowed";
export const SOFTMAX_FILLS: readonly FillChoice[] = ["-inf", "-1e9", "min", "0"];
export const MAX_SIDE = 32;
export const QK_DIM = 4;

/** Where the scores came from: typed values, or Q·Kᵀ from a seed (kept so code can say so). */
export type ScoreSource =
  { readonly kind: "values" } | { readonly kind: "qk"; readonly seed: number };

export interface SoftmaxState {
  readonly rows: number;
  readonly cols: number;
  readonly scores: readonly number[];
  readonly source: ScoreSource;
  readonly mask: MaskBits;
  readonly fill: FillChoice;
  readonly temperature: number;
  readonly dtype: DTypeName;
  readonly polarity: Polarity;
  readonly seed: number;
}

/** Values in [-3, 3] with one decimal, from the lab's small PRNG. */
export function seededScores(n: number, seed: number): number[] {
  const next = mulberry32(seed);
  // `|| 0` turns -0 into 0: PyTorch would print it as -0.0000.
  return Array.from({ length: n }, () => Math.round((next() * 6 - 3) * 10) / 10 || 0);
}

export function qkFactors(rows: number, cols: number, seed: number): { q: number[]; k: number[] } {
  const next = mulberry32(seed ^ 0x5bd1e995);
  const draw = (n: number) =>
    Array.from({ length: n }, () => Math.round((next() * 2 - 1) * 10) / 10);
  return { q: draw(rows * QK_DIM), k: draw(cols * QK_DIM) };
}

/** The score tensor the state describes, in its dtype. */
export function scoreTensor(s: SoftmaxState): Tensor {
  if (s.source.kind === "qk") {
    const { q, k } = qkFactors(s.rows, s.cols, s.source.seed);
    const prod = matmul(
      makeTensor(q, [s.rows, QK_DIM], "float32"),
      transpose(makeTensor(k, [s.cols, QK_DIM], "float32")),
    );
    return s.dtype === "float32" ? prod : to(prod, DTYPES[s.dtype]);
  }
  return makeTensor(s.scores, [s.rows, s.cols], s.dtype);
}

export function softmaxDefaults(): SoftmaxState {
  return {
    rows: 4,
    cols: 4,
    scores: seededScores(16, 1),
    source: { kind: "values" },
    mask: causalMask(4, 4),
    fill: "-inf",
    temperature: 1,
    dtype: "float32",
    polarity: "blocked",
    seed: 1,
  };
}

export function resizeSoftmax(s: SoftmaxState, rows: number, cols: number): SoftmaxState {
  return {
    ...s,
    rows,
    cols,
    scores: seededScores(rows * cols, s.seed),
    source: s.source.kind === "qk" ? s.source : { kind: "values" },
    mask: resizeMask(s.mask, rows, cols),
  };
}

export const softmaxCodec: StateCodec<SoftmaxState> = {
  defaults: softmaxDefaults,
  toJson: (s) => ({
    r: s.rows,
    c: s.cols,
    v: s.source.kind === "values" ? s.scores.map(toJsonNumber) : null,
    q: s.source.kind === "qk" ? s.source.seed : null,
    m: packBits(s.mask),
    f: s.fill,
    t: s.temperature,
    d: s.dtype,
    p: s.polarity === "allowed" ? 1 : 0,
    s: s.seed,
  }),
  fromJson: (j) => {
    const o = obj(j);
    const rows = int(o.r, 1, MAX_SIDE);
    const cols = int(o.c, 1, MAX_SIDE);
    if (typeof o.m !== "string") throw new Error("bad mask");
    const source: ScoreSource =
      o.q === null || o.q === undefined
        ? { kind: "values" }
        : { kind: "qk", seed: int(o.q, 0, 2 ** 31 - 1) };
    const seed = int(o.s, 0, 2 ** 31 - 1);
    return {
      rows,
      cols,
      scores:
        source.kind === "values" ? numbers(o.v, rows * cols) : seededScores(rows * cols, seed),
      source,
      mask: unpackBits(o.m, rows, cols),
      fill: oneOf(o.f, SOFTMAX_FILLS),
      temperature: num(o.t, 0.05, 10),
      dtype: oneOf(o.d, ["float16", "bfloat16", "float32", "float64"] as const),
      polarity: int(o.p, 0, 1) === 1 ? "allowed" : "blocked",
      seed,
    };
  },
};

export interface SoftmaxResult {
  readonly scores: Tensor;
  readonly scoreValues: readonly number[];
  readonly weights: Tensor | null;
  readonly weightValues: readonly number[] | null;
  readonly rowSums: readonly number[] | null;
  readonly sums: Tensor | null;
  readonly nanRows: readonly boolean[];
  /** Per cell: is the position blocked (after polarity)? */
  readonly blocked: readonly boolean[];
  readonly error: string | null;
}

export function runSoftmax(s: SoftmaxState): SoftmaxResult {
  const scores = scoreTensor(s);
  const blocked = Array.from(s.mask.bits, (b) => (s.polarity === "blocked" ? b === 1 : b === 0));
  const base = { scores, scoreValues: readValues(scores), blocked };
  try {
    const scaled = s.temperature === 1 ? scores : div(scores, s.temperature);
    const m = maskTensor(s.mask);
    const filled = maskedFill(
      scaled,
      s.polarity === "blocked" ? m : invert(m),
      fillScalar({ choice: s.fill, custom: "" }, s.dtype),
    );
    const weights = softmax(filled, -1);
    const w = readValues(weights);
    const sums = sum(weights, { dim: -1 });
    const rowSums = readValues(sums);
    const nanRows = Array.from({ length: s.rows }, (_, r) =>
      w.slice(r * s.cols, (r + 1) * s.cols).some(Number.isNaN),
    );
    return { ...base, weights, weightValues: w, rowSums, sums, nanRows, error: null };
  } catch (e) {
    return {
      ...base,
      weights: null,
      weightValues: null,
      rowSums: null,
      sums: null,
      nanRows: [],
      error: errorLine(e),
    };
  }
}

export function softmaxCode(s: SoftmaxState, result: SoftmaxResult = runSoftmax(s)): string {
  let scores: string[];
  if (s.source.kind === "qk") {
    const { q, k } = qkFactors(s.rows, s.cols, s.source.seed);
    scores = [
      `Q = ${pyTensor(q, [s.rows, QK_DIM], "float32", { indent: 4 })}`,
      `K = ${pyTensor(k, [s.cols, QK_DIM], "float32", { indent: 4 })}`,
      s.dtype === "float32" ? "scores = Q @ K.T" : `scores = (Q @ K.T).to(torch.${s.dtype})`,
    ];
  } else
    scores = [`scores = ${pyTensor(s.scores.slice(), [s.rows, s.cols], s.dtype, { indent: 9 })}`];
  const maskArg = s.polarity === "blocked" ? "mask" : "~mask";
  const src = s.temperature === 1 ? "scores" : "scaled";
  return lines(
    "import torch",
    "",
    ...scores,
    `mask = ${maskPython(s.mask, 7)}`,
    s.polarity === "allowed" &&
      "# True = allowed (as scaled_dot_product_attention reads a bool mask), so block ~mask",
    s.temperature !== 1 && `scaled = scores / ${pyFloat(s.temperature)}`,
    `filled = ${src}.masked_fill(${maskArg}, ${fillPython({ choice: s.fill, custom: "" }, s.dtype, "scores")})`,
    result.error === null && "weights = torch.softmax(filled, dim=-1)",
    result.error === null && "print(weights)",
    result.error === null && "print(weights.sum(dim=-1))",
  );
}
