import { recordInplace } from "../autograd/inplace";
import { checkInplace, record, withNoGrad } from "../autograd/node";
import { bfloat16, bool, float16, float32, typeMetaName } from "../dtype";
import type { DType } from "../dtype";
import { notImplemented, runtimeError } from "../errors";
import { shapeString } from "../shape";
import type { Tensor } from "../tensor";
import { mul } from "./binary";
import { GENERIC, runBinary } from "./binaryKernel";
import { toDtype } from "./elementwise";
import { matmul } from "./matmul";
import type { Scalar } from "./promote";
import { copyStrided, sameShape } from "./strided";
import { sum } from "./reduce";
import { sumToShape } from "./summation";
import { expand, reshape, transpose } from "./views";

// torch.addmm / addmv / baddbmm / addbmm: beta * input + alpha * (product), the input
// broadcast to the product's shape. As in BLAS, beta == 0 ignores the input (NaN there does
// not spread) and alpha == 0 the product; integer tensors take beta and alpha truncated to
// integers. Floats combine in float64 from the product's rounded values and round once.

/** A product op: its node name, how it checks and multiplies, and its operand gradients. */
interface Product {
  name: string;
  /** Checks run before the input is broadcast (the result's shape comes from them). */
  shape: (a: Tensor, b: Tensor, input: Tensor) => number[];
  /** Checks run after the input is broadcast. */
  check?: (a: Tensor, b: Tensor) => void;
  /** The dtype checks, each op with its own wording; bool fails in the named kernel. */
  dtypes: (input: Tensor, a: Tensor, b: Tensor) => void;
  kernel: string;
  multiply: (a: Tensor, b: Tensor) => Tensor;
  /** Gradients of a and b from g (the result's gradient times alpha). */
  grads: (g: Tensor, a: Tensor, b: Tensor) => [Tensor, Tensor];
}

const isZero = (s: Scalar): boolean => Number(s) === 0;
const isHalfLike = (d: DType): boolean => d === float16 || d === bfloat16;

function combine(input: Tensor, product: Tensor, beta: Scalar, alpha: Scalar, d: DType): Tensor {
  if (d.kind !== "float") {
    const be = BigInt(Math.trunc(Number(beta)));
    const al = BigInt(Math.trunc(Number(alpha)));
    const pick = (
      c: number | bigint,
      p: number | bigint,
      times: (x: bigint, y: bigint) => bigint,
    ) =>
      be === 0n
        ? times(al, BigInt(p))
        : al === 0n
          ? times(be, BigInt(c))
          : times(be, BigInt(c)) + times(al, BigInt(p));
    const mulBig = (x: bigint, y: bigint) => x * y;
    return runBinary(input, product, d, d, {
      code: GENERIC,
      num: (c, p) => Number(BigInt.asIntN(64, pick(c, p, mulBig))),
      big: (c, p) => pick(c, p, mulBig),
    });
  }
  const be = Number(beta);
  const al = Number(alpha);
  // float16/bfloat16 compute in float32 (the product comes in float32), rounding once.
  const compute = isHalfLike(d) ? float32 : d;
  return runBinary(input, product, compute, d, {
    code: GENERIC,
    // beta == 0 accumulates the product onto +0, so a -0 product prints as 0.
    num: (c, p) => (be === 0 ? al * p + 0 : al === 0 ? be * c : be * c + al * p),
    big: () => 0n,
  });
}

const dtypeError = (x: Tensor, y: Tensor, names: string) =>
  runtimeError(
    `${names} must have the same dtype, but got ${x.dtype.scalarName} and ${y.dtype.scalarName}`,
  );

/** addmm's order (addbmm's too): self against mat2, then mat1 against mat2. */
function matDtypes(input: Tensor, a: Tensor, b: Tensor): void {
  if (input.dtype !== b.dtype) throw dtypeError(input, b, "self and mat2");
  if (a.dtype !== b.dtype) throw dtypeError(a, b, "mat1 and mat2");
}

function compute(op: Product, input: Tensor, a: Tensor, b: Tensor, beta: Scalar, alpha: Scalar) {
  const shape = op.shape(a, b, input);
  const wide = withNoGrad(() => expand(input, shape));
  op.check?.(a, b);
  op.dtypes(input, a, b);
  if (a.dtype === bool) throw notImplemented(`"${op.kernel}" not implemented for 'Bool'`);
  return withNoGrad(() => {
    const d = a.dtype;
    // Half-precision products accumulate in float32 and are not rounded before the sum.
    const wideOperand = (t: Tensor) => (isHalfLike(d) ? toDtype(t, float32) : t);
    const product = isZero(alpha) ? wide : op.multiply(wideOperand(a), wideOperand(b));
    return combine(wide, product, beta, alpha, d);
  });
}

/** The gradients for [input, a, b] of beta * input + alpha * a·b. */
function backward(
  op: Product,
  g: Tensor,
  inputShape: readonly number[],
  [a, b]: Tensor[],
  beta: Scalar,
  alpha: Scalar,
): [Tensor, Tensor, Tensor] {
  return withNoGrad(() => {
    const [da, db] = op.grads(mul(g, alpha), a!, b!);
    return [sumToShape(mul(g, beta), inputShape), da, db];
  });
}

function outOfPlace(op: Product) {
  return (input: Tensor, a: Tensor, b: Tensor, beta: Scalar = 1n, alpha: Scalar = 1n): Tensor => {
    const out = compute(op, input, a, b, beta, alpha);
    record([out], {
      name: op.name,
      inputs: [input, a, b],
      save: [a, b],
      backward: ([g], saved) => {
        const grads = backward(op, g!, input.shape, saved, beta, alpha);
        return [input, a, b].map((t, i) => (t.requiresGrad ? grads[i]! : null));
      },
    });
    return out;
  };
}

function inPlace(op: Product) {
  return (self: Tensor, a: Tensor, b: Tensor, beta: Scalar = 1n, alpha: Scalar = 1n): Tensor => {
    checkInplace(self, a, b);
    const outShape = op.shape(a, b, self);
    if (!sameShape(self.shape, outShape))
      throw runtimeError(
        `Bad in-place call: input tensor size ${shapeString(self.shape)} and output tensor size ${shapeString(outShape)} should match`,
      );
    const result = compute(op, self, a, b, beta, alpha);
    const selfShape = self.shape;
    recordInplace(self, {
      name: op.name,
      others: [a, b],
      save: [a, b],
      backward: (g, saved) => backward(op, g, selfShape, saved, beta, alpha),
    });
    copyStrided(self, result);
    self.version.bump();
    return self;
  };
}

const matrix = (t: Tensor, which: string) => {
  if (t.ndim !== 2) throw runtimeError(`${which} must be a matrix, got ${t.ndim}-D tensor`);
};

const ADDMM: Product = {
  name: "AddmmBackward0",
  dtypes: matDtypes,
  kernel: "addmm_impl_cpu_",
  // addmm compares dtypes before sizes, unlike the others.
  shape: (a, b, input) => {
    matrix(a, "mat1");
    matrix(b, "mat2");
    matDtypes(input, a, b);
    if (a.shape[1] !== b.shape[0])
      throw runtimeError(
        `mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`,
      );
    return [a.shape[0]!, b.shape[1]!];
  },
  multiply: matmul,
  grads: (g, a, b) => [matmul(g, transpose(b, 0, 1)), matmul(transpose(a, 0, 1), g)],
};

const ADDMV: Product = {
  name: "AddmvBackward0",
  dtypes: (input, m, v) => {
    if (input.dtype !== m.dtype || m.dtype !== v.dtype)
      throw runtimeError(
        `addmv input tensors must have the same dtype, but got ${input.dtype.scalarName}, ${m.dtype.scalarName}, and ${v.dtype.scalarName}`,
      );
  },
  kernel: "addmv_impl_cpu",
  shape: (m, v, input) => {
    if (m.ndim !== 2 || v.ndim !== 1)
      throw runtimeError(
        `vector + matrix @ vector expected, got ${input.ndim}, ${m.ndim}, ${v.ndim}`,
      );
    // A 1-D input is checked as given, a 0-dim one after broadcasting to the rows.
    const rows = input.ndim === 1 ? input.shape[0]! : m.shape[0]!;
    if (m.shape[1] !== v.shape[0] || rows !== m.shape[0])
      throw runtimeError(
        `size mismatch, got input (${rows}), mat (${m.shape[0]}x${m.shape[1]}), vec (${v.shape[0]})`,
      );
    return [m.shape[0]!];
  },
  multiply: matmul,
  grads: (g, m, v) => [
    matmul(reshape(g, [g.shape[0]!, 1]), reshape(v, [1, v.shape[0]!])),
    matmul(transpose(m, 0, 1), g),
  ],
};

const batches = (a: Tensor, b: Tensor) => {
  if (a.ndim !== 3) throw runtimeError("batch1 must be a 3D tensor");
  if (b.ndim !== 3) throw runtimeError("batch2 must be a 3D tensor");
};

const BADDBMM: Product = {
  name: "BaddbmmBackward0",
  dtypes: (input, a, b) => {
    if (input.dtype !== a.dtype)
      throw runtimeError(
        `Input dtypes must be the same, got: input ${typeMetaName(input.dtype)}, batch1: ${typeMetaName(a.dtype)}, batch2: ${typeMetaName(b.dtype)}`,
      );
    if (b.dtype !== a.dtype)
      throw runtimeError(
        `expected scalar type ${a.dtype.scalarName} but found ${b.dtype.scalarName}`,
      );
  },
  kernel: "baddbmm",
  shape: (a, b) => [a.shape[0]!, a.shape[1]!, b.shape[2]!],
  check: (a, b) => {
    batches(a, b);
    if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1])
      throw runtimeError(
        `Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`,
      );
  },
  multiply: matmul,
  grads: (g, a, b) => [matmul(g, transpose(b, 1, 2)), matmul(transpose(a, 1, 2), g)],
};

const ADDBMM: Product = {
  name: "AddbmmBackward0",
  dtypes: matDtypes,
  kernel: "addmm_impl_cpu_",
  shape: (a, b) => [a.shape[1]!, b.shape[2]!],
  check: (a, b) => {
    batches(a, b);
    if (a.shape[0] !== b.shape[0])
      throw runtimeError(
        `batch1 and batch2 must have same number of batches, got ${a.shape[0]} and ${b.shape[0]}`,
      );
    if (a.shape[2] !== b.shape[1])
      throw runtimeError(
        `Incompatible matrix sizes for bmm (${a.shape[1]}x${a.shape[2]} and ${b.shape[1]}x${b.shape[2]})`,
      );
  },
  multiply: (a, b) => sum(matmul(a, b), { dim: [0] }),
  grads: (g, a, b) => {
    const gb = expand(g, [a.shape[0]!, ...g.shape]);
    return [matmul(gb, transpose(b, 1, 2)), matmul(transpose(a, 1, 2), gb)];
  },
};

export const addmm = outOfPlace(ADDMM);
export const addmm_ = inPlace(ADDMM);
export const addmv = outOfPlace(ADDMV);
export const addmv_ = inPlace(ADDMV);
export const baddbmm = outOfPlace(BADDBMM);
export const baddbmm_ = inPlace(BADDBMM);
export const addbmm = outOfPlace(ADDBMM);
export const addbmm_ = inPlace(ADDBMM);
