import { record } from "../autograd/node";
import { float32 } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { contiguousCopy, rawArray } from "./strided";
import { mul } from "./binary";
import { decodeRaw, castNumberToRaw } from "../convert";

// torch.dot: the inner product of two 1-D tensors of one dtype.

export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1)
    throw runtimeError(`1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
  if (a.dtype !== b.dtype)
    throw runtimeError(
      `dot : expected both vectors to have same dtype, but found ${a.dtype.scalarName} and ${b.dtype.scalarName}`,
    );
  if (a.numel !== b.numel)
    throw runtimeError(
      `inconsistent tensor size, expected tensor [${a.numel}] and src [${b.numel}] to have the same number of elements, but got ${a.numel} and ${b.numel} elements respectively`,
    );
  const x = rawArray(contiguousCopy(a));
  const y = rawArray(contiguousCopy(b));
  const out = Tensor.empty([], a.dtype);
  const o = rawArray(out);
  if (a.dtype.kind === "int") {
    let acc = 0n;
    for (let i = 0; i < a.numel; i++)
      acc += BigInt(decodeRaw(x[i], a.dtype)) * BigInt(decodeRaw(y[i], a.dtype));
    o[0] = castNumberToRaw(Number(BigInt.asIntN(64, acc)), a.dtype);
  } else {
    // float32 accumulates in float32, one rounding per step (sequential, no FMA).
    const f32 = a.dtype === float32;
    let acc = 0;
    for (let i = 0; i < a.numel; i++) {
      const p = (decodeRaw(x[i], a.dtype) as number) * (decodeRaw(y[i], a.dtype) as number);
      acc = f32 ? Math.fround(acc + Math.fround(p)) : acc + p;
    }
    o[0] = castNumberToRaw(acc, a.dtype);
  }
  record([out], {
    name: "DotBackward0",
    inputs: [a, b],
    save: [a, b],
    backward: ([g], [sa, sb]) => [mul(g!, sb), mul(g!, sa)],
  });
  return out;
}
