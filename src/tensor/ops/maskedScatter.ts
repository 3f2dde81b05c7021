import { recordInplace } from "../autograd/inplace";
import { checkInplace, record } from "../autograd/node";
import { converter } from "../convert";
import { bool, float64 } from "../dtype";
import { runtimeError } from "../errors";
import { broadcastShapes, shapeString } from "../shape";
import { Tensor } from "../tensor";
import { contiguousCopy, copyStrided, emptyLikePreserve, rawArray } from "./strided";
import { sumToShape } from "./summation";
import { expand } from "./views";
import { withNoGrad } from "../autograd/node";

// masked_scatter: the positions where the mask is True take source's elements one after
// another, in row-major order of both. The masked_fill lesson's natural next question.

function checkArgs(self: Tensor, mask: Tensor, source: Tensor): void {
  if (mask.dtype !== bool)
    throw runtimeError(
      `masked_scatter_ only supports boolean masks, but got mask with dtype ${mask.dtype.scalarName}`,
    );
  if (self.dtype !== source.dtype)
    throw runtimeError(
      `masked_scatter: expected self and source to have same dtypes but got${self.dtype.scalarName} and ${source.dtype.scalarName}`,
    );
}

/** Mask bits broadcast to `shape`, as a contiguous Uint8Array. */
function maskBits(mask: Tensor, shape: readonly number[]): Uint8Array {
  if (mask.ndim > shape.length)
    throw runtimeError(
      `expand(${mask.dtype.legacyName}{${shapeString(mask.shape)}}, size=${shapeString(shape)}): the number of sizes provided (${shape.length}) must be greater or equal to the number of dimensions in the tensor (${mask.ndim})`,
    );
  const m = withNoGrad(() => expand(mask, shape));
  return contiguousCopy(m).storage.data as Uint8Array;
}

/** Write source into the True positions of `target`, checking source is long enough first. */
function scatterInto(target: Tensor, bits: Uint8Array, source: Tensor): void {
  let count = 0;
  for (let i = 0; i < bits.length; i++) count += bits[i];
  if (source.numel < count)
    throw runtimeError("Number of elements of source < number of ones in mask");
  const src = rawArray(contiguousCopy(source));
  const d = rawArray(target);
  for (let i = 0, k = 0; i < bits.length; i++)
    if (bits[i] !== 0) d[target.storageIndex(i)] = src[k++];
}

function gradParts(
  g: Tensor,
  bits: Uint8Array,
  sourceShape: readonly number[],
  sourceNumel: number,
) {
  const gc = contiguousCopy(g, float64).storage.data as Float64Array;
  const gSelf = new Float64Array(gc.length);
  const gSrc = new Float64Array(sourceNumel);
  for (let i = 0, k = 0; i < gc.length; i++) {
    if (bits[i] !== 0) gSrc[k++] = gc[i];
    else gSelf[i] = gc[i];
  }
  const conv = converter(float64, g.dtype);
  const make = (vals: Float64Array, shape: readonly number[]): Tensor => {
    const t = Tensor.empty(shape, g.dtype);
    const r = rawArray(t);
    for (let i = 0; i < vals.length; i++) r[i] = conv(vals[i]);
    return t;
  };
  return { self: make(gSelf, g.shape), source: make(gSrc, sourceShape) };
}

/** self.masked_scatter_(mask, source): the mask broadcasts to self's shape. */
export function maskedScatter_(self: Tensor, mask: Tensor, source: Tensor): Tensor {
  checkArgs(self, mask, source);
  const bits = maskBits(mask, self.shape);
  checkInplace(self);
  scatterInto(self, bits, source);
  self.version.bump();
  const srcShape = source.shape;
  const srcNumel = source.numel;
  recordInplace(self, {
    name: "MaskedScatterBackward0",
    others: [source],
    backward: (g) => {
      const p = gradParts(g, bits, srcShape, srcNumel);
      return [p.self, p.source];
    },
  });
  return self;
}

/**
 * x.masked_scatter(mask, source): mask and self broadcast together (expand_outplace, so the
 * mask is tensor a in its message) before masked_scatter_ checks the dtypes.
 */
export function maskedScatter(x: Tensor, mask: Tensor, source: Tensor): Tensor {
  const shape = broadcastShapes(mask.shape, x.shape);
  checkArgs(x, mask, source);
  const bits = maskBits(mask, shape);
  const expanded = withNoGrad(() => expand(x, shape));
  const out = emptyLikePreserve(expanded);
  copyStrided(out, expanded);
  scatterInto(out, bits, source);
  const xShape = x.shape;
  const srcShape = source.shape;
  const srcNumel = source.numel;
  record([out], {
    name: "MaskedScatterBackward0",
    inputs: [x, source],
    backward: ([g]) => {
      const p = gradParts(g!, bits, srcShape, srcNumel);
      return [sumToShape(p.self, xShape), p.source];
    },
  });
  return out;
}
