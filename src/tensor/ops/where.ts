import { record } from "../autograd/node";
import { converter, fillScalarToRaw, type Scalar } from "../convert";
import type { DType } from "../dtype";
import { bool, float64 } from "../dtype";
import { runtimeError } from "../errors";
import { broadcastStrides, forEachRow } from "../iter";
import { broadcastShapes } from "../shape";
import { Tensor } from "../tensor";
import { maskedFillKernel } from "./maskedFill";
import { resultType } from "./promote";
import { outputLayout } from "./layout";
import { contiguousCopy, copyStrided, emptyStrided, rawArray, sumToShapeFloat64 } from "./strided";

type Operand = Tensor | Scalar;

function asTensor(x: Operand, dtype: DType): Tensor {
  if (x instanceof Tensor) return x.dtype === dtype ? x : contiguousCopy(x, dtype);
  // PyTorch makes the scalar a one-element tensor with fill_, whose float16/bfloat16 path is
  // an unchecked cast (70000 becomes inf) while every other dtype checks the value.
  const t = Tensor.empty([], dtype);
  rawArray(t)[0] = fillScalarToRaw(x, dtype, 1);
  return t;
}

/** out[i] = src[i] where cond[i]; cond and src are read through broadcast strides. */
function maskedCopy(out: Tensor, cond: Tensor, src: Tensor): void {
  const O = rawArray(out);
  const S = rawArray(src);
  const C = cond.storage.data as Uint8Array;
  const sStrides = broadcastStrides(src.shape, src.strides, out.shape);
  const cStrides = broadcastStrides(cond.shape, cond.strides, out.shape);
  const last = out.ndim - 1;
  const oStep = last >= 0 ? out.strides[last] : 0;
  const sStep = last >= 0 ? sStrides[last] : 0;
  const cStep = last >= 0 ? cStrides[last] : 0;
  forEachRow(
    out.shape,
    [out, { strides: sStrides, offset: src.offset }, { strides: cStrides, offset: cond.offset }],
    (starts, len) => {
      let o = starts[0];
      let s = starts[1];
      let c = starts[2];
      for (let i = 0; i < len; i++, o += oStep, s += sStep, c += cStep) if (C[c]) O[o] = S[s];
    },
  );
}

/** grad * cond (or * !cond), summed back to `shape`. */
function selectGrad(g: Tensor, cond: Tensor, keep: boolean, shape: readonly number[]): Tensor {
  const out = contiguousCopy(g);
  const zero = converter(float64, g.dtype)(0);
  if (keep) {
    // Zero where cond is false: fill with zero through the inverted mask.
    const inv = contiguousCopy(cond);
    const I = inv.storage.data as Uint8Array;
    for (let i = 0; i < I.length; i++) I[i] = I[i] ? 0 : 1;
    maskedFillKernel(out, inv, zero);
  } else maskedFillKernel(out, cond, zero);
  return sumToShapeFloat64(out, shape);
}

/**
 * torch.where(condition, input, other): input where condition, else other, broadcast over all
 * three, in the promoted dtype of input and other. A uint8 condition is accepted as bool.
 */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  if (cond.dtype.kind !== "bool" && cond.dtype.name !== "uint8")
    throw runtimeError(
      `where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.dtype.scalarName}`,
    );
  const dtype = resultType(a, b);
  const shapeA = a instanceof Tensor ? a.shape : [];
  const shapeB = b instanceof Tensor ? b.shape : [];
  const shape = broadcastShapes(broadcastShapes(cond.shape, shapeA), shapeB);
  const ta = asTensor(a, dtype);
  const tb = asTensor(b, dtype);
  const layout = outputLayout([cond, a, b], shape);
  const out = layout ? emptyStrided(shape, layout.strides, dtype) : Tensor.empty(shape, dtype);
  copyStrided(out, tb);
  const c = cond.dtype.kind === "bool" ? cond : boolOf(cond);
  maskedCopy(out, c, ta);
  const inA = a instanceof Tensor ? a : null;
  const inB = b instanceof Tensor ? b : null;
  record([out], {
    name: "WhereBackward0",
    inputs: [inA, inB],
    save: [cond],
    backward: ([g], [m]) => {
      if (!g) return [null, null];
      const mb = m.dtype.kind === "bool" ? m : boolOf(m);
      const ga =
        inA && inA.requiresGrad ? cast(selectGrad(g, mb, true, inA.shape), inA.dtype) : null;
      const gb =
        inB && inB.requiresGrad ? cast(selectGrad(g, mb, false, inB.shape), inB.dtype) : null;
      return [ga, gb];
    },
  });
  return out;
}

const cast = (t: Tensor, d: DType): Tensor => (t.dtype === d ? t : contiguousCopy(t, d));

const boolOf = (t: Tensor): Tensor => contiguousCopy(t, bool);
