// The softmax / attention lab: scores (typed in, seeded torch.randn, or Q·Kᵀ), a mask with a
// chosen polarity, a fill value and a temperature, then softmax along the last dim, on the core.

import { DTYPES, type DTypeName } from "../../../tensor/dtype";
import { div } from "../../../tensor/ops/binary";
import { to } from "../../../tensor/ops/cast";
import { invert } from "../../../tensor/ops/logical";
import { maskedFill } from "../../../tensor/ops/maskedFill";
import { matmul } from "../../../tensor/ops/matmul";
import { randn } from "../../../tensor/ops/random";
import { sum } from "../../../tensor/ops/reduce";
import { softmax } from "../../../tensor/ops/softmax";
import { t as transpose } from "../../../tensor/ops/views";
import { Generator } from "../../../tensor/random/index";
import type { Tensor } from "../../../tensor/tensor";
import { lines, maskAssign } from "../code";
import { causalMask, resizeMask, type MaskBits } from "../mask/bits";
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
  withMaskSeed,
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

/**
 * Where the scores came from, kept so code can say so: typed values, `torch.randn(rows, cols)`
 * after `torch.manual_seed(seed)`, or Q·Kᵀ with Q and K drawn the same way.
 */
export type ScoreSource =
  | { readonly kind: "values" }
  | { readonly kind: "randn"; readonly seed: number }
  | { readonly kind: "qk"; readonly seed: number };

export interface SoftmaxState {
  readonly rows: number;
  readonly cols: number;
  /** The typed values; for a drawn source, the float32 values it drew. */
  readonly scores: readonly number[];
  readonly source: ScoreSource;
  readonly mask: MaskBits;
  readonly fill: FillChoice;
  readonly temperature: number;
  readonly dtype: DTypeName;
  readonly polarity: Polarity;
  readonly seed: number;
}

// Draws use a private generator: the lab must not move the notebook's global one.
export function qkFactors(rows: number, cols: number, seed: number): { q: Tensor; k: Tensor } {
  const g = new Generator(seed);
  const q = randn([rows, QK_DIM], {}, g);
  return { q, k: randn([cols, QK_DIM], {}, g) };
}

/** The float32 scores a drawn source gives, before the cast to the lab's dtype. */
function drawnScores(source: ScoreSource, rows: number, cols: number): Tensor | null {
  switch (source.kind) {
    case "values":
      return null;
    case "randn":
      return randn([rows, cols], {}, new Generator(source.seed));
    case "qk": {
      const { q, k } = qkFactors(rows, cols, source.seed);
      return matmul(q, transpose(k));
    }
  }
}

/** The state with its scores taken from `source` (a drawn source also refreshes `scores`). */
export function withScoreSource(s: SoftmaxState, source: ScoreSource): SoftmaxState {
  const drawn = drawnScores(source, s.rows, s.cols);
  return { ...s, source, scores: drawn ? readValues(drawn) : s.scores };
}

/** The score tensor the state describes, in its dtype. */
export function scoreTensor(s: SoftmaxState): Tensor {
  const drawn = drawnScores(s.source, s.rows, s.cols);
  if (drawn === null) return makeTensor(s.scores, [s.rows, s.cols], s.dtype);
  return s.dtype === "float32" ? drawn : to(drawn, DTYPES[s.dtype]);
}

export function softmaxDefaults(): SoftmaxState {
  const base: SoftmaxState = {
    rows: 4,
    cols: 4,
    scores: [],
    source: { kind: "values" },
    mask: causalMask(4, 4),
    fill: "-inf",
    temperature: 1,
    dtype: "float32",
    polarity: "blocked",
    seed: 1,
  };
  return withScoreSource(base, { kind: "randn", seed: 1 });
}

/** Typed values do not survive a new shape: they give way to a draw from the lab's seed. */
export function resizeSoftmax(s: SoftmaxState, rows: number, cols: number): SoftmaxState {
  return withScoreSource(
    { ...s, rows, cols, mask: resizeMask(s.mask, rows, cols) },
    s.source.kind === "values" ? { kind: "randn", seed: s.seed } : s.source,
  );
}

export const softmaxCodec: StateCodec<SoftmaxState> = {
  defaults: softmaxDefaults,
  toJson: (s) => ({
    r: s.rows,
    c: s.cols,
    v: s.source.kind === "values" ? s.scores.map(toJsonNumber) : null,
    q: s.source.kind === "qk" ? s.source.seed : null,
    // Absent before seeded randn scores existed, so older states still decode.
    n: s.source.kind === "randn" ? s.source.seed : undefined,
    m: packBits(s.mask),
    ms: s.mask.seed,
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
      o.n !== undefined
        ? { kind: "randn", seed: int(o.n, 0, 2 ** 31 - 1) }
        : o.q !== null && o.q !== undefined
          ? { kind: "qk", seed: int(o.q, 0, 2 ** 31 - 1) }
          : { kind: "values" };
    const drawn = drawnScores(source, rows, cols);
    return {
      rows,
      cols,
      scores: drawn ? readValues(drawn) : numbers(o.v, rows * cols),
      source,
      mask: withMaskSeed(unpackBits(o.m, rows, cols), o.ms),
      fill: oneOf(o.f, SOFTMAX_FILLS),
      temperature: num(o.t, 0.05, 10),
      dtype: oneOf(o.d, ["float16", "bfloat16", "float32", "float64"] as const),
      polarity: int(o.p, 0, 1) === 1 ? "allowed" : "blocked",
      seed: int(o.s, 0, 2 ** 31 - 1),
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
  // Drawn scores come out in float32, as the lab draws them, then take the lab's dtype.
  const cast = (expr: string) => (s.dtype === "float32" ? expr : `${expr}.to(torch.${s.dtype})`);
  let scores: string[];
  if (s.source.kind === "qk")
    scores = [
      `torch.manual_seed(${s.source.seed})`,
      `Q = torch.randn(${s.rows}, ${QK_DIM})`,
      `K = torch.randn(${s.cols}, ${QK_DIM})`,
      `scores = ${s.dtype === "float32" ? "Q @ K.T" : cast("(Q @ K.T)")}`,
    ];
  else if (s.source.kind === "randn")
    scores = [
      `torch.manual_seed(${s.source.seed})`,
      `scores = ${cast(`torch.randn(${s.rows}, ${s.cols})`)}`,
    ];
  else
    scores = [`scores = ${pyTensor(s.scores.slice(), [s.rows, s.cols], s.dtype, { indent: 9 })}`];
  const maskArg = s.polarity === "blocked" ? "mask" : "~mask";
  const src = s.temperature === 1 ? "scores" : "scaled";
  return lines(
    "import torch",
    "",
    ...scores,
    ...maskAssign(s.mask),
    s.polarity === "allowed" &&
      "# True = allowed (as scaled_dot_product_attention reads a bool mask), so block ~mask",
    s.temperature !== 1 && `scaled = scores / ${pyFloat(s.temperature)}`,
    `filled = ${src}.masked_fill(${maskArg}, ${fillPython({ choice: s.fill, custom: "" }, s.dtype, "scores")})`,
    result.error === null && "weights = torch.softmax(filled, dim=-1)",
    result.error === null && "print(weights)",
    result.error === null && "print(weights.sum(dim=-1))",
  );
}
