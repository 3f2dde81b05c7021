import { record } from "../autograd/node";
import { bfloat16, bool, float16, float64, int32, int64 } from "../dtype";
import type { DType } from "../dtype";
import { checkedScalarToRaw } from "../convert";
import { notImplemented, runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { ADD, DIV, GENERIC, MUL, SUB, runBinary } from "./binaryKernel";
import type { BinaryKernel } from "./binaryKernel";
import { broadcastOperands, roundToFloat, scalarNumber, toDtype } from "./elementwise";
import { floatResult, isScalar, resultType } from "./promote";
import type { Operand, Scalar } from "./promote";
import { sumToShape } from "./summation";

// Arithmetic between tensors and Python scalars, in either order. The result dtype is
// torch.result_type of the operands; both are read in that dtype before the kernel runs.

const tensorsOf = (...xs: Operand[]): Tensor[] =>
  xs.filter((x): x is Tensor => x instanceof Tensor);

/**
 * What autograd keeps of an operand. PyTorch wraps a Python number in a 0-dim tensor and saves
 * that, so the node is freed by backward like any other and a second backward raises.
 */
const savedOf = (x: Operand): Tensor[] => [x instanceof Tensor ? x : Tensor.empty([], float64)];

/** A gradient summed back over broadcast dims and cast to the input's dtype. */
export function gradFor(g: Tensor, input: Operand): Tensor | null {
  if (!(input instanceof Tensor) || !input.requiresGrad) return null;
  return toDtype(sumToShape(g, input.shape), input.dtype);
}

const asInput = (x: Operand): Tensor | null => (x instanceof Tensor ? x : null);

function requireTensor(a: Operand, b: Operand): void {
  if (isScalar(a) && isScalar(b)) throw new TypeError("expected at least one tensor operand");
}

const wrapBool = (v: number): number => (v !== 0 ? 1 : 0);

function kernel(
  code: number,
  num: (x: number, y: number) => number,
  big: (x: bigint, y: bigint) => bigint | boolean,
): BinaryKernel {
  return { code, num, big };
}

const ZERO_DIV = (): never => {
  throw runtimeError("ZeroDivisionError");
};

// ------------------------------------------------------------------------------- add / sub

function alphaCheck(dtype: DType, alpha: Scalar): void {
  if (dtype.kind !== "float" && typeof alpha === "number")
    throw runtimeError(
      "For integral input tensors, argument alpha must not be a floating point number.",
    );
  if (dtype !== bool && typeof alpha === "boolean")
    throw runtimeError("Boolean alpha only supported for Boolean results.");
}

function addKernel(dtype: DType, alpha: Scalar, sign: 1 | -1): BinaryKernel {
  const isOne = scalarNumber(alpha) === 1;
  if (dtype === bool)
    return kernel(
      GENERIC,
      (x, y) => wrapBool(x + y),
      () => false,
    );
  if (dtype === int64) {
    const al = BigInt(sign) * (typeof alpha === "bigint" ? alpha : BigInt(scalarNumber(alpha)));
    return kernel(
      GENERIC,
      () => 0,
      (x, y) => x + al * y,
    );
  }
  if (isOne)
    return kernel(
      sign === 1 ? ADD : SUB,
      (x, y) => x + sign * y,
      () => false,
    );
  const al = sign * scalarNumber(alpha);
  if (dtype === int32)
    return kernel(
      GENERIC,
      (x, y) => x + Math.imul(al, y),
      () => false,
    );
  // alpha is converted to the op's compute type first (float32 for every narrower float).
  const a32 = dtype.name === "float64" || dtype.kind === "int" ? al : Math.fround(al);
  return kernel(
    GENERIC,
    (x, y) => x + a32 * y,
    () => false,
  );
}

function rawAdd(
  a: Operand,
  b: Operand,
  alpha: Scalar,
  sign: 1 | -1,
): { out: Tensor; dtype: DType } {
  requireTensor(a, b);
  const dtype = resultType(a, b);
  alphaCheck(dtype, alpha);
  const k = addKernel(dtype, alpha, sign);
  return { out: runBinary(a, b, dtype, dtype, k), dtype };
}

/** a + alpha * b (torch.add); either side may be a Python scalar. */
export function add(a: Operand, b: Operand, alpha: Scalar = 1n): Tensor {
  const { out } = rawAdd(a, b, alpha, 1);
  const al = scalarNumber(alpha);
  record([out], {
    name: "AddBackward0",
    inputs: [asInput(a), asInput(b)],
    backward: ([g]) => [gradFor(g!, a), gradFor(al === 1 ? g! : mul(g!, al), b)],
  });
  return out;
}

/** The bool checks torch.sub makes before anything else (also used by sub_). */
export function subBoolCheck(a: Operand, b: Operand): void {
  const da = a instanceof Tensor ? a.dtype : typeof a === "boolean" ? bool : null;
  const db = b instanceof Tensor ? b.dtype : typeof b === "boolean" ? bool : null;
  if (da === bool && db === bool)
    throw runtimeError(
      "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.",
    );
  if (da === bool || db === bool)
    throw runtimeError(
      "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    );
}

/** a - alpha * b (torch.sub). A scalar on the left is Python's reflected `s - t` (rsub). */
export function sub(a: Operand, b: Operand, alpha: Scalar = 1n): Tensor {
  subBoolCheck(a, b);
  const { out } = rawAdd(a, b, alpha, -1);
  const al = scalarNumber(alpha);
  record([out], {
    name: isScalar(a) ? "RsubBackward1" : "SubBackward0",
    inputs: [asInput(a), asInput(b)],
    backward: ([g]) => [gradFor(g!, a), gradFor(mul(g!, -al), b)],
  });
  return out;
}

/** Python's `s - t`: torch.rsub(t, s). */
export const rsub = (t: Tensor, s: Scalar): Tensor => sub(s, t);

// ------------------------------------------------------------------------------------ mul

function mulKernel(dtype: DType): BinaryKernel {
  if (dtype === bool)
    return kernel(
      GENERIC,
      (x, y) => wrapBool(x * y),
      () => false,
    );
  if (dtype === int32)
    return kernel(
      GENERIC,
      (x, y) => Math.imul(x, y),
      () => false,
    );
  return kernel(
    MUL,
    (x, y) => x * y,
    (x, y) => x * y,
  );
}

/**
 * PyTorch's CPU mul and true-div kernels take a scalar second operand (a Python number or a
 * 0-dim tensor) in float32 when the result is float16/bfloat16, instead of rounding it to the
 * 16-bit type first: `half_t * 0.7` multiplies by float32(0.7). add/sub and comparisons do not.
 */
function opmathScalar(b: Operand, dtype: DType): { opmathB: boolean } {
  const halfLike = dtype === float16 || dtype === bfloat16;
  return { opmathB: halfLike && (!(b instanceof Tensor) || (b.ndim === 0 && b.dtype !== dtype)) };
}

function rawMul(a: Operand, b: Operand): Tensor {
  requireTensor(a, b);
  const dtype = resultType(a, b);
  const shape = broadcastOperands(a, b);
  return runBinary(a, b, dtype, dtype, mulKernel(dtype), shape, opmathScalar(b, dtype));
}

/** a * b (torch.mul). */
export function mul(a: Operand, b: Operand): Tensor {
  const out = rawMul(a, b);
  const aNeeds = a instanceof Tensor && a.requiresGrad;
  const bNeeds = b instanceof Tensor && b.requiresGrad;
  const save = [...(aNeeds ? savedOf(b) : []), ...(bNeeds ? savedOf(a) : [])];
  record([out], {
    name: "MulBackward0",
    inputs: [asInput(a), asInput(b)],
    save,
    backward: ([g]) => [
      aNeeds ? gradFor(rawMul(g!, b), a) : null,
      bNeeds ? gradFor(rawMul(g!, a), b) : null,
    ],
  });
  return out;
}

// ------------------------------------------------------------------------------------ div

export type RoundingMode = "floor" | "trunc" | null;

function floorDivFloat(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else {
    const q = a / b;
    floordiv = q < 0 || Object.is(q, -0) ? -0 : 0;
  }
  return floordiv;
}

function floorDivKernel(dtype: DType): BinaryKernel {
  if (dtype.kind === "float") return kernel(GENERIC, floorDivFloat, () => false);
  return kernel(
    GENERIC,
    (x, y) => (y === 0 ? ZERO_DIV() : Math.floor(x / y)),
    (x, y) => {
      if (y === 0n) ZERO_DIV();
      const q = x / y;
      return x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
    },
  );
}

function truncDivKernel(dtype: DType): BinaryKernel {
  if (dtype.kind === "float")
    return kernel(
      GENERIC,
      (x, y) => Math.trunc(x / y),
      () => false,
    );
  return kernel(
    GENERIC,
    (x, y) => (y === 0 ? ZERO_DIV() : Math.trunc(x / y)),
    (x, y) => (y === 0n ? ZERO_DIV() : x / y),
  );
}

function rawDiv(a: Operand, b: Operand, mode: RoundingMode): Tensor {
  requireTensor(a, b);
  const common = resultType(a, b);
  if (mode === null) {
    const dtype = floatResult(common);
    return runBinary(
      a,
      b,
      dtype,
      dtype,
      kernel(
        DIV,
        (x, y) => x / y,
        () => false,
      ),
      broadcastOperands(a, b),
      opmathScalar(b, dtype),
    );
  }
  if (common === bool)
    throw notImplemented(
      `"${mode === "floor" ? "div_floor_cpu" : "div_trunc_cpu"}" not implemented for 'Bool'`,
    );
  const k = mode === "floor" ? floorDivKernel(common) : truncDivKernel(common);
  return runBinary(a, b, common, common, k);
}

/** torch.div(a, b, rounding_mode): true division unless "floor" or "trunc" is given. */
export function div(a: Operand, b: Operand, roundingMode: RoundingMode = null): Tensor {
  if (isScalar(a) && roundingMode === null && b instanceof Tensor) return rdiv(b, a);
  const out = rawDiv(a, b, roundingMode);
  if (roundingMode !== null) {
    record([out], {
      name: "DivBackward2",
      inputs: [asInput(a), asInput(b)],
      backward: ([g]) => [gradFor(mul(g!, 0), a), gradFor(mul(g!, 0), b)],
    });
    return out;
  }
  const aNeeds = a instanceof Tensor && a.requiresGrad;
  const bNeeds = b instanceof Tensor && b.requiresGrad;
  const save = [...(aNeeds || bNeeds ? savedOf(b) : []), ...(bNeeds ? savedOf(a) : [])];
  record([out], {
    name: "DivBackward0",
    inputs: [asInput(a), asInput(b)],
    save,
    backward: ([g]) => [
      aNeeds ? gradFor(rawDiv(g!, b, null), a) : null,
      // d(a/b)/db = -a / b^2, rounded as PyTorch computes it: -g * ((a / b) / b).
      bNeeds ? gradFor(rawMul(rawMul(g!, -1), rawDiv(rawDiv(a, b, null), b, null)), b) : null,
    ],
  });
  return out;
}

/** Python's `s / t`: PyTorch computes reciprocal(t) * s (MulBackward0 over ReciprocalBackward0). */
export function rdiv(t: Tensor, s: Scalar): Tensor {
  return mul(reciprocal(t), s);
}

/** 1 / t, always floating. */
export function reciprocal(t: Tensor): Tensor {
  const dtype = floatResult(t.dtype);
  const out = runBinary(
    1,
    t,
    dtype,
    dtype,
    kernel(
      DIV,
      (x, y) => x / y,
      () => false,
    ),
    t.shape,
  );
  record([out], {
    name: "ReciprocalBackward0",
    inputs: [t],
    saveOutputs: [out],
    backward: ([g], [r]) => [toDtype(rawMul(rawMul(g!, -1), rawMul(r, r)), t.dtype)],
  });
  return out;
}

/** a // b (torch.floor_divide): autograd is not implemented, as in PyTorch. */
export function floorDivide(a: Operand, b: Operand): Tensor {
  const out = rawDiv(a, b, "floor");
  record([out], {
    name: "torch::autograd::NotImplemented",
    inputs: [asInput(a), asInput(b)],
    backward: () => {
      throw runtimeError("derivative for aten::floor_divide is not implemented");
    },
  });
  return out;
}

// ------------------------------------------------------------------------------ remainder

function remainderKernel(dtype: DType): BinaryKernel {
  if (dtype.kind === "float")
    return kernel(
      GENERIC,
      (x, y) => {
        let m = x % y;
        if (m !== 0 && y < 0 !== m < 0) m += y;
        return m;
      },
      () => false,
    );
  return kernel(
    GENERIC,
    (x, y) => {
      if (y === 0) ZERO_DIV();
      const m = x % y;
      return m !== 0 && y < 0 !== m < 0 ? m + y : m;
    },
    (x, y) => {
      if (y === 0n) ZERO_DIV();
      const m = x % y;
      return m !== 0n && y < 0n !== m < 0n ? m + y : m;
    },
  );
}

/** a % b with Python's sign rule (the result takes the divisor's sign). */
export function remainder(a: Operand, b: Operand): Tensor {
  requireTensor(a, b);
  const dtype = resultType(a, b);
  if (dtype === bool) throw notImplemented(`"remainder_cpu" not implemented for 'Bool'`);
  const out = runBinary(a, b, dtype, dtype, remainderKernel(dtype));
  record([out], {
    name: b instanceof Tensor ? "RemainderBackward1" : "RemainderBackward0",
    inputs: [asInput(a), asInput(b)],
    backward: ([g]) => [
      gradFor(g!, a),
      b instanceof Tensor && b.requiresGrad
        ? gradFor(rawMul(rawMul(g!, -1), rawDiv(a, b, "floor")), b)
        : null,
    ],
  });
  return out;
}

// ------------------------------------------------------------------------------------ pow

function intPow(base: number, exp: number, dtype: DType): number {
  if (exp < 0) return base === 1 ? 1 : base === -1 ? (exp % 2 === 0 ? 1 : -1) : 0;
  const r = bigPow(BigInt(base), BigInt(exp));
  const cell = dtype.alloc(1) as Int32Array;
  cell[0] = Number(BigInt.asIntN(32, r));
  return cell[0];
}

function bigPow(base: bigint, exp: bigint): bigint {
  if (exp < 0n) return base === 1n ? 1n : base === -1n ? (exp % 2n === 0n ? 1n : -1n) : 0n;
  let result = 1n;
  let b = BigInt.asIntN(64, base);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = BigInt.asIntN(64, result * b);
    b = BigInt.asIntN(64, b * b);
    e >>= 1n;
  }
  return result;
}

/**
 * C's pow, which PyTorch calls: Math.pow but for exact square roots at ±0.5 (V8's pow is not
 * correctly rounded there) and C's special cases pow(1, y) == 1 and pow(-1, ±inf) == 1, where
 * JavaScript gives NaN.
 */
function powFloat(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) return 1;
  if (y === 0.5 && x !== -Infinity) return Math.sqrt(x) + 0;
  if (y === -0.5 && x !== -Infinity && x !== 0) return 1 / Math.sqrt(x);
  return Math.pow(x, y);
}

/**
 * tensor ** number, as PyTorch's pow_tensor_scalar kernel computes it. On float32, float64 and
 * bfloat16 the exponents 0.5 and -0.5 run the sqrt and rsqrt kernels (so (-inf) ** 0.5 is nan
 * and (-0.) ** -0.5 is -inf, unlike C's pow), and 2, 3 and -2 are products rounded to the
 * dtype after each step. float16 and bfloat16 first round the exponent to their own type
 * (x ** 2.7 raises to 2.69921875 in float16).
 */
function powByScalar(y: number, dtype: DType): (x: number) => number {
  const half = dtype === float16;
  if (!half && y === 0.5) return (x) => Math.sqrt(x);
  if (!half && y === -0.5) return (x) => 1 / Math.sqrt(x);
  const e = dtype === float16 || dtype === bfloat16 ? roundToFloat(y, dtype) : y;
  if (!half) {
    const r = (v: number) => roundToFloat(v, dtype);
    if (e === 3) return (x) => r(x * x) * x;
    if (e === -2) return (x) => 1 / r(x * x);
  }
  return (x) => powFloat(x, e);
}

function rawPow(a: Operand, b: Operand): Tensor {
  requireTensor(a, b);
  const dtype = resultType(a, b);
  if (dtype === bool) {
    // bool ** bool-scalar has a kernel (x ** True is x, x ** False is True); tensor ** tensor does not.
    if (a instanceof Tensor && typeof b === "boolean")
      return runBinary(
        a,
        b,
        bool,
        bool,
        kernel(
          GENERIC,
          (x, y) => (y === 0 ? 1 : x),
          () => false,
        ),
      );
    throw notImplemented(`"pow" not implemented for 'Bool'`);
  }
  if (dtype.kind === "int" && typeof b === "bigint" && b < 0n)
    throw runtimeError("Integers to negative integer powers are not allowed.");
  // The integer, float16 and bfloat16 kernels convert a scalar exponent to the result dtype
  // with a checked cast (float32 and float64 take it as a double): int8 ** 128 is an error.
  if (
    a instanceof Tensor &&
    isScalar(b) &&
    (dtype.kind === "int" || dtype === float16 || dtype === bfloat16)
  )
    checkedScalarToRaw(b, dtype);
  if (dtype.kind === "float") {
    const fn = isScalar(b) ? powByScalar(scalarNumber(b), dtype) : null;
    return runBinary(
      a,
      b,
      dtype,
      dtype,
      kernel(GENERIC, fn === null ? powFloat : (x) => fn(x), () => false),
    );
  }
  return runBinary(
    a,
    b,
    dtype,
    dtype,
    kernel(GENERIC, (x, y) => intPow(x, y, dtype), bigPow),
  );
}

/** a ** b; PowBackward0 (tensor ** scalar), PowBackward1 (tensor ** tensor), PowBackward2 (scalar ** tensor). */
export function pow(a: Operand, b: Operand): Tensor {
  const out = rawPow(a, b);
  if (isScalar(b)) {
    const e = scalarNumber(b);
    record([out], {
      name: "PowBackward0",
      inputs: [asInput(a)],
      save: tensorsOf(a),
      backward: ([g], [x]) =>
        e === 0
          ? [gradFor(rawMul(g!, 0), x)]
          : [gradFor(rawMul(rawMul(g!, e), rawPow(x, e - 1)), x)],
    });
    return out;
  }
  if (isScalar(a)) {
    const s = scalarNumber(a);
    record([out], {
      name: "PowBackward2",
      inputs: [b],
      saveOutputs: [out],
      backward: ([g], [r]) => [gradFor(rawMul(rawMul(g!, r), Math.log(s)), b)],
    });
    return out;
  }
  const aT = a as Tensor;
  const bT = b;
  record([out], {
    name: "PowBackward1",
    inputs: [aT, bT],
    save: [aT, bT],
    saveOutputs: [out],
    backward: ([g], [x, y, r]) => [
      aT.requiresGrad
        ? gradFor(rawMul(rawMul(g!, y), rawPow(x, rawAdd(y, -1n, 1n, 1).out)), aT)
        : null,
      bT.requiresGrad ? gradFor(rawMul(rawMul(g!, r), logOrZero(x, y)), bT) : null,
    ],
  });
  return out;
}

/** log(x), but 0 where x == 0 and y >= 0 (PyTorch masks those so 0 ** y has a finite grad). */
function logOrZero(x: Tensor, y: Tensor): Tensor {
  const dtype = floatResult(resultType(x, y));
  return runBinary(
    x,
    y,
    dtype,
    dtype,
    kernel(
      GENERIC,
      (u, v) => (u === 0 && v >= 0 ? 0 : Math.log(u)),
      () => false,
    ),
  );
}

// ------------------------------------------------------------------------- maximum / minimum

function extremum(a: Tensor, b: Tensor, isMax: boolean): Tensor {
  const dtype = resultType(a, b);
  // std::max / std::min order: on a tie (including -0 vs 0) the first operand is returned.
  const pick = isMax
    ? (x: number, y: number) => (x !== x || y !== y ? NaN : x < y ? y : x)
    : (x: number, y: number) => (x !== x || y !== y ? NaN : y < x ? y : x);
  const pickBig = isMax
    ? (x: bigint, y: bigint) => (x > y ? x : y)
    : (x: bigint, y: bigint) => (x < y ? x : y);
  const out = runBinary(a, b, dtype, dtype, kernel(GENERIC, pick, pickBig));
  record([out], {
    name: isMax ? "MaximumBackward0" : "MinimumBackward0",
    inputs: [a, b],
    save: [a, b],
    backward: ([g], [x, y]) => {
      // Ties split the gradient in half; NaN positions pass it to both sides, as in PyTorch.
      const share = (self: Tensor, other: Tensor): Tensor => {
        const d = g!.dtype;
        const w = runBinary(self, other, floatResult(resultType(self, other)), d, {
          code: GENERIC,
          num: (s, o) => (s === o ? 0.5 : (isMax ? s < o : s > o) ? 0 : 1),
          big: () => 0n,
        });
        return rawMul(g!, w);
      };
      return [gradFor(share(x, y), a), gradFor(share(y, x), b)];
    },
  });
  return out;
}

/** torch.maximum(a, b) (also torch.max(a, b)): NaN wins, ties share the gradient. */
export const maximum = (a: Tensor, b: Tensor): Tensor => extremum(a, b, true);
/** torch.minimum(a, b) (also torch.min(a, b)). */
export const minimum = (a: Tensor, b: Tensor): Tensor => extremum(a, b, false);
