// The autograd lab: leaf x -> op -> masked_fill or masked_fill_ -> sum -> backward, on the
// tensor core's autograd, so the leaf error, no_grad and the version-counter error are
// PyTorch's own messages.

import { backward, provideGradMath } from "../../../tensor/autograd/backward";
import { withNoGrad } from "../../../tensor/autograd/node";
import { add, mul } from "../../../tensor/ops/binary";
import { clone } from "../../../tensor/ops/copy";
import { onesLike } from "../../../tensor/ops/create";
import { maskedFill, maskedFill_ } from "../../../tensor/ops/maskedFill";
import { sum } from "../../../tensor/ops/reduce";
import { softmax } from "../../../tensor/ops/softmax";
import { exp, sigmoid } from "../../../tensor/ops/unary";
import type { Tensor } from "../../../tensor/tensor";
import { lines, maskPython } from "../code";
import { emptyMask, type MaskBits } from "../mask/bits";
import { pyTensor } from "../pyLiteral";
import {
  int,
  numbers,
  obj,
  oneOf,
  packBits,
  toJsonNumber,
  unpackBits,
  type StateCodec,
} from "../state";
import { errorLine, makeTensor, maskTensor, readValues } from "../values";

// backward() needs the op layer's add/onesLike/clone; the site's tensor index provides the
// same three, so providing them here too is harmless and lets the lab run on its own.
provideGradMath({ add: (a, b) => add(a, b), onesLike: (t) => onesLike(t), clone });

export type AutogradOp = "none" | "mul2" | "exp" | "sigmoid" | "softmax";
export const AUTOGRAD_OPS: readonly AutogradOp[] = ["none", "mul2", "exp", "sigmoid", "softmax"];
export const ROWS = 2;
export const COLS = 3;

export interface AutogradState {
  readonly values: readonly number[];
  readonly mask: MaskBits;
  readonly op: AutogradOp;
  readonly inPlace: boolean;
  readonly requiresGrad: boolean;
  readonly noGrad: boolean;
  /** Whether the reader has pressed "Run backward". */
  readonly backward: boolean;
}

export function opPython(op: AutogradOp): string {
  switch (op) {
    case "none":
      return "x";
    case "mul2":
      return "x * 2";
    case "exp":
      return "x.exp()";
    case "sigmoid":
      return "x.sigmoid()";
    case "softmax":
      return "x.softmax(dim=-1)";
  }
}

function applyOp(op: AutogradOp, x: Tensor): Tensor {
  switch (op) {
    case "none":
      return x;
    case "mul2":
      return mul(x, 2n);
    case "exp":
      return exp(x);
    case "sigmoid":
      return sigmoid(x);
    case "softmax":
      return softmax(x, -1);
  }
}

export function autogradDefaults(): AutogradState {
  const mask = emptyMask(ROWS, COLS);
  mask.bits.set([1, 0, 0, 0, 1, 0]);
  return {
    values: [0.5, 1, 1.5, -1, 0, 2],
    mask,
    op: "exp",
    inPlace: true,
    requiresGrad: true,
    noGrad: false,
    backward: false,
  };
}

export const autogradCodec: StateCodec<AutogradState> = {
  defaults: autogradDefaults,
  toJson: (s) => ({
    v: s.values.map(toJsonNumber),
    m: packBits(s.mask),
    o: s.op,
    i: s.inPlace ? 1 : 0,
    g: s.requiresGrad ? 1 : 0,
    n: s.noGrad ? 1 : 0,
    b: s.backward ? 1 : 0,
  }),
  fromJson: (j) => {
    const o = obj(j);
    if (typeof o.m !== "string") throw new Error("bad mask");
    return {
      values: numbers(o.v, ROWS * COLS),
      mask: unpackBits(o.m, ROWS, COLS),
      op: oneOf(o.o, AUTOGRAD_OPS),
      inPlace: int(o.i, 0, 1) === 1,
      requiresGrad: int(o.g, 0, 1) === 1,
      noGrad: int(o.n, 0, 1) === 1,
      backward: int(o.b, 0, 1) === 1,
    };
  },
};

export interface AutogradResult {
  readonly x: Tensor;
  readonly h: Tensor | null;
  readonly y: Tensor | null;
  readonly yValues: readonly number[] | null;
  /** grad_fn names along the chain, null where a tensor has none. */
  readonly gradFns: {
    /** h's node right after the op, before an in-place fill rebased its history. */
    readonly op: string | null;
    readonly h: string | null;
    readonly y: string | null;
    readonly loss: string | null;
  };
  /** h._version before and after the fill (the op saved h at the first if it saves its output). */
  readonly versionBefore: number;
  readonly versionAfter: number;
  readonly savesOutput: boolean;
  readonly forwardError: string | null;
  readonly backwardError: string | null;
  readonly grad: readonly number[] | null;
}

export function runAutograd(s: AutogradState): AutogradResult {
  const x = makeTensor(s.values, [ROWS, COLS], "float32");
  x.requiresGrad = s.requiresGrad;
  const mask = maskTensor(s.mask);
  let h: Tensor | null = null;
  let y: Tensor | null = null;
  let versionBefore = 0;
  let versionAfter = 0;
  let forwardError: string | null = null;
  let opNode: string | null = null;
  const forward = () => {
    h = applyOp(s.op, x);
    opNode = h.gradFn?.name ?? null;
    versionBefore = h.version.value;
    y = s.inPlace ? maskedFill_(h, mask, 0) : maskedFill(h, mask, 0);
    versionAfter = h.version.value;
  };
  try {
    if (s.noGrad) withNoGrad(forward);
    else forward();
  } catch (e) {
    forwardError = errorLine(e);
  }
  const hh = h as Tensor | null;
  const yy = y as Tensor | null;
  let loss: Tensor | null = null;
  let backwardError: string | null = null;
  let grad: number[] | null = null;
  if (yy && !forwardError) {
    loss = sum(yy);
    if (s.backward) {
      try {
        backward(loss);
        grad = x.grad ? readValues(x.grad) : null;
      } catch (e) {
        backwardError = errorLine(e);
      }
    }
  }
  const savesOutput = s.op === "exp" || s.op === "sigmoid" || s.op === "softmax";
  return {
    x,
    h: hh,
    y: yy,
    yValues: yy ? readValues(yy) : null,
    gradFns: {
      op: opNode,
      h: hh?.gradFn?.name ?? null,
      y: yy?.gradFn?.name ?? null,
      loss: loss?.gradFn?.name ?? null,
    },
    versionBefore,
    versionAfter,
    savesOutput,
    forwardError,
    backwardError,
    grad,
  };
}

export function autogradCode(s: AutogradState, r: AutogradResult = runAutograd(s)): string {
  const fill = s.inPlace ? "h.masked_fill_(mask, 0.0)" : "h.masked_fill(mask, 0.0)";
  const body = [`h = ${opPython(s.op)}`, `y = ${fill}`];
  const fwd = s.noGrad ? ["with torch.no_grad():", ...body.map((l) => "    " + l)] : body;
  return lines(
    "import torch",
    "",
    `x = ${pyTensor(s.values.slice(), [ROWS, COLS], "float32", { requiresGrad: s.requiresGrad, indent: 4 })}`,
    `mask = ${maskPython(s.mask, 7)}`,
    ...fwd,
    r.forwardError === null &&
      (r.gradFns.y === null
        ? "print(h._version, y.grad_fn)"
        : "print(h._version, y.grad_fn.name())"),
    r.forwardError === null && "loss = y.sum()",
    r.forwardError === null && s.backward && "loss.backward()",
    r.forwardError === null && s.backward && r.backwardError === null && "print(x.grad)",
  );
}
