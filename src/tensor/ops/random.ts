import { checkInplace } from "../autograd/node";
import { bfloat16, checkAllocation, type DType, float16, float32, float64, int64 } from "../dtype";
import { runtimeError, valueError } from "../errors";
import { contiguousStrides, numelOf } from "../shape";
import { Storage } from "../storage";
import { Tensor } from "../tensor";
import {
  defaultGenerator,
  type Generator,
  randBFloat16,
  randFloat16,
  randFloat32,
  randFloat64,
  randint as drawInts,
  randnFloat32,
  randnFloat64,
  randperm as drawPerm,
} from "../random/index";
import { fmaf } from "../random/float32Math";
import { normalDouble } from "../random/normal";
import { to } from "./cast";
import { getDefaultDtype } from "./promote";
import { checkSizes, type CreateOptions } from "./create";

// torch.rand / randn / randint / randperm as tensors. The samplers in random/ replay PyTorch's
// generator; this file only shapes their output and picks the dtype path.

function fromArray(
  data: Float32Array | Float64Array | BigInt64Array,
  shape: number[],
  d: DType,
): Tensor {
  return new Tensor(new Storage(data, d), shape, contiguousStrides(shape), 0);
}

function finish(t: Tensor, opts: CreateOptions): Tensor {
  if (opts.requiresGrad) {
    if (t.dtype.kind !== "float")
      throw runtimeError("Only Tensors of floating point and complex dtype can require gradients");
    t.requiresGrad = true;
  }
  return t;
}

function floatDtype(opts: CreateOptions, op: string): DType {
  const d = opts.dtype ?? getDefaultDtype();
  if (d.kind !== "float") throw runtimeError(`"${op}" not implemented for '${d.scalarName}'`);
  return d;
}

export function rand(
  shape: number[],
  opts: CreateOptions = {},
  g: Generator = defaultGenerator(),
): Tensor {
  checkSizes(shape, "rand");
  const d = floatDtype(opts, "check_uniform_bounds");
  const n = numelOf(shape);
  let t: Tensor;
  if (d === float64) t = fromArray(randFloat64(g, n), shape, float64);
  else if (d === float32) t = fromArray(randFloat32(g, n), shape, float32);
  else t = to(fromArray(d === float16 ? randFloat16(g, n) : randBFloat16(g, n), shape, float32), d);
  return finish(t, opts);
}

export function randn(
  shape: number[],
  opts: CreateOptions = {},
  g: Generator = defaultGenerator(),
): Tensor {
  checkSizes(shape, "randn");
  const d = floatDtype(opts, "normal_kernel_cpu");
  const n = numelOf(shape);
  checkAllocation(n);
  let t: Tensor;
  if (d === float64) t = fromArray(randnFloat64(g, n), shape, float64);
  else if (d === float32) t = fromArray(randnFloat32(g, n), shape, float32);
  else if (d === bfloat16 || d === float16)
    throw runtimeError(
      `MaskLab cannot yet draw normal samples directly in ${d.name}; draw float32 and convert with .to()`,
    );
  else throw runtimeError(`"normal_kernel_cpu" not implemented for '${d.scalarName}'`);
  return finish(t, opts);
}

export function randint(
  low: bigint,
  high: bigint,
  shape: number[],
  opts: CreateOptions = {},
  g: Generator = defaultGenerator(),
): Tensor {
  const n = numelOf(shape);
  checkAllocation(n);
  if (low >= high)
    throw runtimeError(
      `random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`,
    );
  const t = fromArray(drawInts(g, low, high, n), shape, int64);
  return finish(opts.dtype && opts.dtype !== int64 ? to(t, opts.dtype) : t, opts);
}

export function randperm(
  n: number,
  opts: CreateOptions = {},
  g: Generator = defaultGenerator(),
): Tensor {
  if (n < 0) throw runtimeError(`Trying to create tensor with negative dimension ${n}: [${n}]`);
  checkAllocation(n);
  const t = fromArray(drawPerm(g, n), [n], int64);
  return finish(opts.dtype && opts.dtype !== int64 ? to(t, opts.dtype) : t, opts);
}

/** torch.manual_seed: PyTorch raises ValueError for seeds outside [-2**63, 2**64). */
export function manualSeed(seed: bigint, g: Generator = defaultGenerator()): void {
  try {
    g.manualSeed(seed);
  } catch (e) {
    if (e instanceof RangeError) throw valueError(e.message);
    throw e;
  }
}

/**
 * self.uniform_(from, to) for float32 and float64: the draws of torch.rand of self's dtype, each
 * mapped to from + draw * (to - from) in self's precision, in memory order.
 */
export function uniform_(
  self: Tensor,
  from: number,
  to: number,
  g: Generator = defaultGenerator(),
): Tensor {
  checkInplace(self);
  if (!(from <= to))
    throw runtimeError(
      `uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`,
    );
  if (self.dtype !== float32 && self.dtype !== float64)
    throw runtimeError(`uniform_ on ${self.dtype.name} is not supported in MaskLab`);
  if (!self.isContiguous())
    throw runtimeError("uniform_ on a non-contiguous tensor is not supported in MaskLab");
  const d = self.storage.data as Float32Array | Float64Array;
  const o = self.offset;
  if (self.dtype === float64) {
    const u = randFloat64(g, self.numel);
    const w = to - from;
    for (let i = 0; i < u.length; i++) d[o + i] = u[i] * w + from;
  } else {
    const u = randFloat32(g, self.numel);
    const f = Math.fround(from);
    const w = Math.fround(Math.fround(to) - f);
    for (let i = 0; i < u.length; i++) d[o + i] = fmaf(u[i], w, f);
  }
  self.version.bump();
  return self;
}

/**
 * self.normal_(mean, std) for a contiguous float32 tensor, as nn.init.xavier_normal_ draws. 16
 * or more elements take randn's vectorised Box–Muller and one fused multiply-add in float;
 * fewer take the scalar sampler, scaled and shifted in double and then rounded.
 */
export function normalFloat32_(
  self: Tensor,
  mean: number,
  std: number,
  g: Generator = defaultGenerator(),
): Tensor {
  checkInplace(self);
  if (self.dtype !== float32 || !self.isContiguous())
    throw runtimeError("normal_ on this tensor is not supported in MaskLab");
  const d = self.storage.data as Float32Array;
  const n = self.numel;
  const o = self.offset;
  if (n < 16) for (let i = 0; i < n; i++) d[o + i] = normalDouble(g) * std + mean;
  else {
    const z = randnFloat32(g, n);
    const s = Math.fround(std);
    const m = Math.fround(mean);
    for (let i = 0; i < n; i++) d[o + i] = fmaf(z[i], s, m);
  }
  self.version.bump();
  return self;
}
