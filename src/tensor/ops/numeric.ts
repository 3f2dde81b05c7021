import { record } from "../autograd/node";
import { bool, float32, int64 } from "../dtype";
import { floatMax } from "../convert";
import { notImplemented } from "../errors";
import type { Tensor } from "../tensor";
import { runUnary, runUnaryBig } from "./binaryKernel";
import { mul } from "./binary";
import { zerosLike } from "./create";
import { contiguousCopy } from "./strided";

// sign, round and nan_to_num: element-wise ops whose gradient is zero or a 0/1 mask.

const zeroGrad = (g: Tensor): Tensor => zerosLike(g);

/** torch.sign; NaN and both zeros give +0, as in PyTorch. */
export function sign(x: Tensor): Tensor {
  let out: Tensor;
  if (x.dtype === bool) out = contiguousCopy(x);
  else if (x.dtype === int64) out = runUnaryBig(x, int64, (v) => (v > 0n ? 1n : v < 0n ? -1n : 0n));
  else out = runUnary(x, x.dtype, x.dtype, (v) => (v > 0 ? 1 : v < 0 ? -1 : 0));
  record([out], { name: "SignBackward0", inputs: [x], backward: ([g]) => [zeroGrad(g!)] });
  return out;
}

function roundHalfEven(v: number): number {
  if (!Number.isFinite(v)) return v;
  const r = Math.round(v);
  // Math.round sends ties up; nearbyint sends them to even.
  const tie = r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
  return tie === 0 && (v < 0 || Object.is(v, -0)) ? -0 : tie;
}

/** torch.round(x, decimals=0): ties to even, computed in the tensor's own float precision. */
export function round(x: Tensor, decimals: number | null = null): Tensor {
  if (x.dtype.kind !== "float") {
    // round() copies integers, but bool has no kernel; round(decimals=...) runs the kernel.
    if (decimals === null && x.dtype.kind === "int") return contiguousCopy(x);
    const kernel = decimals === null || decimals === 0 ? "round_vml_cpu" : "round_cpu";
    throw notImplemented(`"${kernel}" not implemented for '${x.dtype.scalarName}'`);
  }
  if (decimals === null) decimals = 0;
  const f32 = x.dtype !== float32 && x.dtype.itemsize > 4 ? (v: number) => v : Math.fround;
  let fn: (v: number) => number = roundHalfEven;
  if (decimals !== 0) {
    const ten = f32(10 ** Math.abs(decimals));
    fn =
      decimals > 0
        ? (v) => f32(roundHalfEven(f32(v * ten)) / ten)
        : (v) => f32(roundHalfEven(f32(v / ten)) * ten);
  }
  const out = runUnary(x, x.dtype, x.dtype, fn);
  record([out], { name: "RoundBackward0", inputs: [x], backward: ([g]) => [zeroGrad(g!)] });
  return out;
}

/** torch.nan_to_num: NaN -> nan, +inf -> posinf (dtype max), -inf -> neginf (dtype lowest). */
export function nanToNum(
  x: Tensor,
  nan = 0,
  posinf: number | null = null,
  neginf: number | null = null,
): Tensor {
  if (x.dtype.kind !== "float") return contiguousCopy(x);
  const hi = posinf ?? floatMax(x.dtype);
  const lo = neginf ?? -floatMax(x.dtype);
  const out = runUnary(x, x.dtype, x.dtype, (v) =>
    Number.isNaN(v) ? nan : v === Infinity ? hi : v === -Infinity ? lo : v,
  );
  record([out], {
    name: "NanToNumBackward0",
    inputs: [x],
    save: [x],
    backward: ([g], [s]) => [
      mul(
        g!,
        runUnary(s, s.dtype, s.dtype, (v) => (Number.isFinite(v) ? 1 : 0)),
      ),
    ],
  });
  return out;
}
