import { converter } from "../convert";
import { float64 } from "../dtype";
import { runtimeError } from "../errors";
import { shapeString } from "../shape";
import { Tensor } from "../tensor";
import { restride_ } from "./inplaceViews";
import { makeView } from "./views";

// x.as_strided(size, stride, storage_offset) and its in-place form: any geometry over x's
// storage (the offset counts from the storage's start, not from x's), checked to stay inside
// it. The gradient goes back through storage positions, so an output element that x itself
// never reached gets none, and a position x reaches k times shares its gradient k ways.

interface Strided {
  shape: readonly number[];
  strides: readonly number[];
  offset: number;
}

function checkGeometry(x: Tensor, g: Strided): void {
  const { shape, strides, offset } = g;
  if (shape.length !== strides.length)
    throw runtimeError("mismatch in length of strides and shape");
  if (strides.some((s) => s < 0))
    throw runtimeError(
      `as_strided: Negative strides are not supported at the moment, got strides: ${shapeString(strides)}`,
    );
  if (offset < 0) throw runtimeError(`Tensor: invalid storage offset ${offset}`);
  if (shape.some((s) => s < 0))
    throw runtimeError(
      `Storage size calculation overflowed with sizes=${shapeString(shape)} and strides=${shapeString(strides)}`,
    );
  const itemsize = x.dtype.itemsize;
  const needed = shape.includes(0)
    ? 0
    : (offset + shape.reduce((acc, s, i) => acc + (s - 1) * strides[i]!, 0) + 1) * itemsize;
  if (needed > x.storage.nbytes)
    throw runtimeError(
      `setStorage: sizes ${shapeString(shape)}, strides ${shapeString(strides)}, storage offset ${offset}, and itemsize ${itemsize} requiring a storage size of ${needed} are out of bounds for storage of size ${x.storage.nbytes}`,
    );
}

/** Storage index of every element of a geometry, row-major. */
function positions(x: Tensor, g: Strided): Float64Array {
  const v = new Tensor(x.storage, g.shape, g.strides, g.offset);
  const out = new Float64Array(v.numel);
  for (let i = 0; i < out.length; i++) out[i] = v.storageIndex(i);
  return out;
}

/** The gradient of an as_strided view `to` of the geometry `from`, at `from`'s shape. */
function asStridedGrad(grad: Tensor, x: Tensor, from: Strided, to: Strided): Tensor {
  const read = converter(grad.dtype, float64);
  const write = converter(float64, grad.dtype);
  const byPosition = new Map<number, number>();
  const outPos = positions(x, to);
  for (let i = 0; i < outPos.length; i++) {
    const v = read(grad.storage.data[grad.storageIndex(i)]) as number;
    byPosition.set(outPos[i]!, (byPosition.get(outPos[i]!) ?? 0) + v);
  }
  const inPos = positions(x, from);
  const uses = new Map<number, number>();
  for (const p of inPos) uses.set(p, (uses.get(p) ?? 0) + 1);
  const out = Tensor.empty(from.shape, grad.dtype);
  const data = out.storage.data as unknown as { [i: number]: number | bigint };
  for (let i = 0; i < inPos.length; i++)
    data[i] = write((byPosition.get(inPos[i]!) ?? 0) / uses.get(inPos[i]!)!);
  return out;
}

const geometryOf = (x: Tensor): Strided => ({
  shape: x.shape,
  strides: x.strides,
  offset: x.offset,
});

/**
 * x.as_strided(size, stride, storage_offset=x.storage_offset()) makes a view
 * (AsStridedBackward0); as_strided_ gives x itself the geometry (AsStridedBackward1) and
 * bumps its version.
 */
function asStridedOp(inPlace: boolean) {
  return (
    x: Tensor,
    shape: readonly number[],
    strides: readonly number[],
    offset: number = x.offset,
  ): Tensor => {
    const to = { shape: [...shape], strides: [...strides], offset };
    const from = geometryOf(x);
    const grad = (g: Tensor) => asStridedGrad(g, x, from, to);
    const checked = () => {
      checkGeometry(x, to);
      return to;
    };
    if (inPlace) return restride_(x, checked, "AsStridedBackward1", grad);
    checked();
    return makeView(x, to.shape, to.strides, offset, "AsStridedBackward0", grad);
  };
}

export const asStrided = asStridedOp(false);
export const asStrided_ = asStridedOp(true);
