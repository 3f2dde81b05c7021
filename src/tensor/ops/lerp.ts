import { record, withNoGrad } from "../autograd/node";
import { bfloat16, float16, float32, float64, typeMetaName } from "../dtype";
import { notImplemented, runtimeError } from "../errors";
import { fmaf } from "../random/float32Math";
import { broadcastShapes } from "../shape";
import { Tensor } from "../tensor";
import { mul, rsub, sub } from "./binary";
import { fromCompute, toDtype } from "./elementwise";
import { inplace } from "./inplaceArith";
import { contiguousCopy } from "./strided";
import { sumToShape } from "./summation";
import { expand } from "./views";
import { fmad } from "./vecmath/expd";

// torch.lerp(start, end, weight) = start + weight * (end - start). PyTorch evaluates it from
// whichever end is nearer so that weight 0 gives start and weight 1 gives end exactly:
// |w| < 0.5 ? fma(w, end - start, start) : fma(-(end - start), 1 - w, end), one rounding per
// fused step. A number weight records LerpBackward0, a tensor weight LerpBackward1.

export type LerpWeight = number | Tensor;

/** t broadcast to shape, as contiguous compute values (16-bit floats widened to float32). */
function values(t: Tensor, shape: readonly number[]): ArrayLike<number> {
  const wide = t.dtype === float16 || t.dtype === bfloat16 ? toDtype(t, float32) : t;
  return contiguousCopy(expand(wide, shape)).storage.data as unknown as ArrayLike<number>;
}

function check(start: Tensor, end: Tensor, weight: LerpWeight): void {
  if (start.dtype.kind !== "float")
    throw notImplemented(
      `"lerp_kernel_${weight instanceof Tensor ? "tensor" : "scalar"}" not implemented for '${start.dtype.scalarName}'`,
    );
  if (end.dtype !== start.dtype)
    throw runtimeError(
      `expected dtype ${typeMetaName(start.dtype)} for \`end\` but got dtype ${typeMetaName(end.dtype)}`,
    );
}

function lerpValues(start: Tensor, end: Tensor, weight: LerpWeight): Tensor {
  check(start, end, weight);
  let shape = broadcastShapes(start.shape, end.shape);
  if (weight instanceof Tensor) shape = broadcastShapes(shape, weight.shape);
  const f64 = start.dtype === float64;
  const r = f64 ? (v: number) => v : Math.fround;
  const fma = f64 ? fmad : fmaf;
  const s = values(start, shape);
  const e = values(end, shape);
  const w = weight instanceof Tensor ? values(weight, shape) : null;
  const ws = r(weight instanceof Tensor ? 0 : weight);
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const wi = w === null ? ws : r(w[i]);
    const diff = r(e[i] - s[i]);
    out[i] = Math.abs(wi) < 0.5 ? fma(wi, diff, s[i]) : fma(-diff, r(1 - wi), e[i]);
  }
  return fromCompute(f64 ? out : Float32Array.from(out), shape, start.dtype);
}

export function lerp(start: Tensor, end: Tensor, weight: LerpWeight): Tensor {
  const out = lerpValues(start, end, weight);
  const wt = weight instanceof Tensor ? weight : null;
  record([out], {
    name: wt === null ? "LerpBackward0" : "LerpBackward1",
    inputs: [start, end, wt],
    save: [start, end, ...(wt === null ? [] : [wt])],
    backward: ([g], [s, e, w]) =>
      withNoGrad(() => {
        const wv: number | Tensor = w ?? (weight as number);
        const rest = wv instanceof Tensor ? rsub(wv, 1) : 1 - wv;
        return [
          sumToShape(mul(g!, rest), s.shape),
          sumToShape(mul(g!, wv), e.shape),
          w === undefined ? null : sumToShape(mul(g!, sub(e, s)), w.shape),
        ];
      }),
  });
  return out;
}

/** self.lerp_(end, weight): the same values written into self. */
export function lerp_(self: Tensor, end: Tensor, weight: LerpWeight): Tensor {
  check(self, end, weight);
  const wt = weight instanceof Tensor ? weight : null;
  return inplace(self, end, {
    name: wt === null ? "LerpBackward0" : "LerpBackward1",
    resultDtype: self.dtype,
    compute: () => lerpValues(self, end, weight),
    backward: (g) => [mul(g, wt === null ? 1 - (weight as number) : rsub(wt, 1)), mul(g, weight)],
  });
}
