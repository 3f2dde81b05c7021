import { recordInplace } from "../autograd/inplace";
import { checkInplace, needsGrad, withNoGrad } from "../autograd/node";
import { float64, type DType } from "../dtype";
import { runtimeError } from "../errors";
import { broadcastShapes, shapeString } from "../shape";
import { Tensor } from "../tensor";
import { add, div, floorDivide, gradFor, mul, pow, remainder, sub, subBoolCheck } from "./binary";
import type { RoundingMode } from "./binary";
import { clone } from "./copy";
import {
  assertNoPartialOverlap,
  hasInternalOverlap,
  OVERLAP_MESSAGE,
  sharesMemoryApart,
} from "./overlap";
import { walkInKernelOrder } from "./kernelOrderCopy";
import { bitwiseAnd, bitwiseOr, bitwiseXor } from "./logical";
import { floatResult, resultType } from "./promote";
import type { Operand, Scalar } from "./promote";
import { copyStrided } from "./strided";
import { expand } from "./views";
import { unaryMathGrad } from "./unaryMath";

// In-place arithmetic (`x += 1`, x.add_(y), …): compute out of place in the promoted dtype,
// check that it may be cast back to self and fits self's shape, then write through self's
// strides, bump the version and rebase self's autograd history onto the new node.

/** PyTorch's canCast: no float into an integer, nothing but bool into bool. */
export function canCast(from: DType, to: DType): boolean {
  if (from.kind === "float" && to.kind !== "float") return false;
  if (from.kind !== "bool" && to.kind === "bool") return false;
  return true;
}

export interface InplaceSpec {
  name: string;
  /** The dtype the out-of-place op would produce. */
  resultDtype: DType;
  /** The out-of-place op, run without recording. */
  compute: () => Tensor;
  /** Gradients for [self's previous value, other]; `original` is self before the write. */
  backward?: (g: Tensor, original: Tensor) => (Tensor | null)[];
  /** Keep a copy of self's value before the write (mul_, div_ and pow_ read it). */
  needsOriginal?: boolean;
  /** Tensors read by backward, checked against later in-place writes. */
  save?: Tensor[];
  /**
   * The out-of-place op on any two operands. With it, an `other` that shares self's memory
   * (`z[:, 1:] += z[:, :3]`) is read in PyTorch's kernel order, seeing earlier writes.
   */
  op?: (a: Tensor, b: Tensor) => Tensor;
}

/**
 * `other` is the op's second operand (a number or a tensor) or, for ops with several tensor
 * inputs (clamp_ with tensor bounds), the list of them; spec.backward then returns one
 * gradient per entry after self's, and each is reduced to its tensor's shape here.
 */
export function inplace(
  self: Tensor,
  other: Operand | readonly Tensor[],
  spec: InplaceSpec,
): Tensor {
  const others = Array.isArray(other)
    ? (other as readonly Tensor[])
    : other instanceof Tensor
      ? [other]
      : [];
  checkInplace(self, ...others);
  if (hasInternalOverlap(self)) throw runtimeError(OVERLAP_MESSAGE);
  for (const o of others) assertNoPartialOverlap(self, o);
  if (others.length > 0) {
    const shape = others.reduce<readonly number[]>(
      (s, o) => broadcastShapes(s, o.shape),
      self.shape,
    );
    if (shape.length !== self.ndim || shape.some((s, i) => s !== self.shape[i]))
      throw runtimeError(
        `output with shape ${shapeString(self.shape)} doesn't match the broadcast shape ${shapeString(shape)}`,
      );
  }
  if (!canCast(spec.resultDtype, self.dtype))
    throw runtimeError(
      `result type ${spec.resultDtype.scalarName} can't be cast to the desired output type ${self.dtype.scalarName}`,
    );
  const aliased = others.length === 1 && sharesMemoryApart(self, others[0]!);
  const op = aliased ? spec.op : undefined;
  const result = op ? null : withNoGrad(spec.compute);
  const bw = spec.backward;
  if (bw !== undefined && needsGrad(self, ...others)) {
    const original = spec.needsOriginal ? withNoGrad(() => clone(self)) : self;
    // Recorded before the write so tensors saved here (y.mul_(y) saves self) see it as a
    // later in-place change; on a view, the base's history is rewritten (CopySlices).
    recordInplace(self, {
      name: spec.name,
      others: [...others],
      save: spec.save ?? [],
      backward: (g) => {
        const [gs, ...go] = bw(g, original);
        return [gs, ...others.map((o, i) => (go[i] ? gradFor(go[i]!, o) : null))];
      },
    });
  }
  if (result !== null) copyStrided(self, result);
  else withNoGrad(() => applyInKernelOrder(self, others[0]!, op!, spec.resultDtype));
  self.version.bump();
  return self;
}

/** self = op(self, other) one kernel step at a time, each step reading before it writes. */
function applyInKernelOrder(
  self: Tensor,
  other: Tensor,
  op: (a: Tensor, b: Tensor) => Tensor,
  resultDtype: DType,
): void {
  const vectorizable = other.dtype === self.dtype && resultDtype === self.dtype;
  let pinned: Tensor | null = null;
  walkInKernelOrder(self, other, vectorizable, (di, si, count, dStep, sStep, rowStart) => {
    const a = new Tensor(self.storage, [count], [dStep], di);
    let b = new Tensor(other.storage, [count], [sStep], si);
    if (sStep === 0 && count > 1) {
      if (rowStart) pinned = clone(new Tensor(other.storage, [], [], si));
      b = expand(pinned!, [count]);
    }
    copyStrided(a, op(a, b));
  });
}

const negate = (s: Scalar): Scalar => (typeof s === "bigint" ? -s : -Number(s));

export function add_(self: Tensor, other: Operand, alpha: Scalar = 1n): Tensor {
  return inplace(self, other, {
    name: "AddBackward0",
    resultDtype: resultType(self, other),
    compute: () => add(self, other, alpha),
    op: (a, b) => add(a, b, alpha),
    backward: (g) => [g, mul(g, alpha)],
  });
}

export function sub_(self: Tensor, other: Operand, alpha: Scalar = 1n): Tensor {
  subBoolCheck(self, other);
  return inplace(self, other, {
    name: "SubBackward0",
    resultDtype: resultType(self, other),
    compute: () => sub(self, other, alpha),
    op: (a, b) => sub(a, b, alpha),
    backward: (g) => [g, mul(g, negate(alpha))],
  });
}

export function mul_(self: Tensor, other: Operand): Tensor {
  const otherT = other instanceof Tensor ? other : null;
  return inplace(self, other, {
    name: "MulBackward0",
    resultDtype: resultType(self, other),
    compute: () => mul(self, other),
    op: mul,
    needsOriginal: true,
    // Like PyTorch, `other` is saved as is: y.mul_(y) then fails at backward.
    save: otherT !== null ? [otherT] : [],
    backward: (g, original) => [mul(g, other), otherT === null ? null : mul(g, original)],
  });
}

export function div_(self: Tensor, other: Operand, roundingMode: RoundingMode = null): Tensor {
  const otherT = other instanceof Tensor ? other : null;
  const common = resultType(self, other);
  if (roundingMode !== null)
    return inplace(self, other, {
      name: "DivBackward2",
      resultDtype: common,
      compute: () => div(self, other, roundingMode),
      op: (a, b) => div(a, b, roundingMode),
      backward: (g) => [mul(g, 0), mul(g, 0)],
    });
  return inplace(self, other, {
    name: "DivBackward0",
    resultDtype: floatResult(common),
    compute: () => div(self, other),
    op: (a, b) => div(a, b),
    needsOriginal: true,
    // A Python number is saved as a wrapped 0-dim tensor, which backward frees like any other.
    save: [otherT ?? Tensor.empty([], float64)],
    backward: (g, original) => [
      div(g, other),
      otherT === null ? null : div(mul(mul(g, -1n), original), mul(otherT, otherT)),
    ],
  });
}

export function floorDivide_(self: Tensor, other: Operand): Tensor {
  return inplace(self, other, {
    name: "torch::autograd::NotImplemented",
    resultDtype: resultType(self, other),
    compute: () => floorDivide(self, other),
    op: floorDivide,
    backward: () => {
      throw runtimeError("derivative for aten::floor_divide_ is not implemented");
    },
  });
}

export function remainder_(self: Tensor, other: Operand): Tensor {
  return inplace(self, other, {
    name: other instanceof Tensor ? "RemainderBackward1" : "RemainderBackward0",
    resultDtype: resultType(self, other),
    compute: () => remainder(self, other),
    op: remainder,
    backward: (g, original) => [
      g,
      other instanceof Tensor ? mul(mul(g, -1n), floorDivide(original, other)) : null,
    ],
    needsOriginal: other instanceof Tensor,
  });
}

/** x **= e; only a scalar exponent is differentiated (PowBackward0). */
export function pow_(self: Tensor, other: Operand): Tensor {
  const e = other instanceof Tensor ? null : Number(other);
  return inplace(self, other, {
    name: other instanceof Tensor ? "PowBackward1" : "PowBackward0",
    resultDtype: resultType(self, other),
    compute: () => pow(self, other),
    op: pow,
    needsOriginal: true,
    backward: (g, original) => {
      if (e === null)
        throw runtimeError("pow_ with a tensor exponent: backward is not supported here");
      return [e === 0 ? mul(g, 0) : mul(mul(g, e), pow(original, e - 1)), null];
    },
  });
}

const bitwiseInplace =
  (op: (a: Operand, b: Operand) => Tensor) =>
  (self: Tensor, other: Operand): Tensor =>
    inplace(self, other, {
      name: "",
      resultDtype: resultType(self, other),
      compute: () => op(self, other),
      op,
    });

export const bitwiseAnd_ = bitwiseInplace(bitwiseAnd);
export const bitwiseOr_ = bitwiseInplace(bitwiseOr);
export const bitwiseXor_ = bitwiseInplace(bitwiseXor);

/**
 * x.exp_(), x.sin_(), x.relu_()...: the out-of-place op's values written back under its
 * grad_fn; the gradient is g * slope(v) at a copy of the values from before the write.
 */
export function unaryInplace(
  self: Tensor,
  node: string,
  resultDtype: DType,
  compute: () => Tensor,
  slope: (v: number) => number,
): Tensor {
  return inplace(self, 0n, {
    name: node,
    resultDtype,
    compute,
    needsOriginal: true,
    backward: (g, original) => [unaryMathGrad({ d: slope }, g, original)],
  });
}
