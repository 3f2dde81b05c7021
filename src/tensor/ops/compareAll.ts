import { bool } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { GENERIC, runBinary } from "./binaryKernel";
import { roundToFloat } from "./elementwise";
import { eq } from "./compare";
import { floatResult } from "./promote";

// Whole-tensor comparisons that answer with a Python bool (allclose, equal) and the element-
// wise isclose they rest on.

export interface CloseOptions {
  rtol?: number;
  atol?: number;
  equalNan?: boolean;
}

/**
 * torch.isclose: |a - b| <= atol + rtol * |b|, evaluated in the inputs' own float precision
 * (integers in the default float dtype), plus exact equality so infinities match themselves.
 */
export function isclose(a: Tensor, b: Tensor, opts: CloseOptions = {}): Tensor {
  if (a.dtype !== b.dtype)
    throw runtimeError(`${a.dtype.scalarName} did not match ${b.dtype.scalarName}`);
  const rtol = opts.rtol ?? 1e-5;
  const atol = opts.atol ?? 1e-8;
  const equalNan = opts.equalNan ?? false;
  const d = floatResult(a.dtype);
  const r = (v: number): number => roundToFloat(v, d);
  const rt = r(rtol);
  const at = r(atol);
  return runBinary(a, b, d, bool, {
    code: GENERIC,
    num: (x, y) => {
      if (x === y) return 1;
      if (x !== x || y !== y) return equalNan && x !== x && y !== y ? 1 : 0;
      const actual = Math.abs(r(x - y));
      const allowed = r(at + Math.abs(r(rt * y)));
      return Number.isFinite(actual) && actual <= allowed ? 1 : 0;
    },
    big: (x, y) => x === y,
  });
}

/** torch.allclose: every element isclose (shapes must broadcast). */
export function allclose(a: Tensor, b: Tensor, opts: CloseOptions = {}): boolean {
  const c = isclose(a, b, opts).storage.data as Uint8Array;
  for (let i = 0; i < c.length; i++) if (c[i] === 0) return false;
  return true;
}

/** torch.equal: same shape and every element equal (after promotion); NaN is never equal. */
export function equal(a: Tensor, b: Tensor): boolean {
  if (a.ndim !== b.ndim || a.shape.some((s, i) => s !== b.shape[i])) return false;
  const c = eq(a, b).storage.data as Uint8Array;
  for (let i = 0; i < c.length; i++) if (c[i] === 0) return false;
  return true;
}
