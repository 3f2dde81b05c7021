import {
  castNumberToRaw,
  castScalarToRaw,
  checkScalarRange,
  checkedScalarToRaw,
  converter,
  fillScalarToRaw,
  rawToScalar,
  type Raw,
  type Scalar,
} from "../convert";
import type { DType } from "../dtype";
import { float64, int64 } from "../dtype";
import { notImplemented, runtimeError, typeError, valueError } from "../errors";
import { numelOf, shapeString } from "../shape";
import { Tensor } from "../tensor";
import { getDefaultDtype, promoteTypes, scalarDtype } from "./promote";
import {
  copyStrided,
  emptyLikePreserve,
  emptyStrided,
  fillStrided,
  isNonOverlappingAndDense,
  rawArray,
} from "./strided";

/**
 * torch.tensor's data: Python scalars, tensors, and nested sequences of them. A sequence that
 * was not a Python list (a tuple, a range) carries its type name for error messages.
 */
export type NestedData = Scalar | Tensor | NestedSequence | ForeignLeaf;
export type NestedSequence = readonly NestedData[] & { readonly pyType?: string };

/**
 * A Python object torch.tensor cannot store (None, a dict, a str...): PyTorch reports it by its
 * type name, and which error it raises depends on where the object sits.
 */
export class ForeignLeaf {
  constructor(readonly pyType: string) {}
}

export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

function finish(t: Tensor, opts: CreateOptions): Tensor {
  if (opts.requiresGrad) {
    if (t.dtype.kind !== "float")
      throw runtimeError("Only Tensors of floating point and complex dtype can require gradients");
    t.requiresGrad = true;
  }
  return t;
}

export function checkSizes(shape: readonly number[], op: string): void {
  const bad = shape.find((s) => s < 0);
  if (bad === undefined) return;
  // zeros() checks its sizes itself; the other factories fail in the allocator.
  if (op === "zeros") throw runtimeError("zeros: Dimension size must be non-negative.");
  throw runtimeError(
    `Trying to create tensor with negative dimension ${bad}: ${shapeString(shape)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// torch.tensor

/** The scalar type torch.tensor infers: promote_types over every leaf (floats as default). */
function inferDtype(data: NestedData): DType {
  let found: DType | null = null;
  const visit = (x: NestedData): void => {
    let d: DType;
    if (Array.isArray(x)) {
      // An empty list stands for the default dtype in PyTorch's inference.
      if (x.length === 0) d = getDefaultDtype();
      else {
        for (const y of x) visit(y);
        return;
      }
    } else if (x instanceof Tensor) d = x.dtype;
    else if (x instanceof ForeignLeaf) {
      if (x.pyType === "str") throw typeError("new(): invalid data type 'str'");
      throw runtimeError(`Could not infer dtype of ${x.pyType}`);
    } else d = scalarDtype(x as Scalar);
    found = found === null ? d : promoteTypes(found, d);
  };
  visit(data);
  return found ?? getDefaultDtype();
}

function inferShape(data: NestedData): number[] {
  const shape: number[] = [];
  let x: NestedData = data;
  while (Array.isArray(x)) {
    shape.push(x.length);
    if (x.length === 0) break;
    x = x[0];
  }
  // A str is a sequence whose first item is a str again, so PyTorch's walk down first items
  // runs past its 64-dim limit.
  if (x instanceof ForeignLeaf && x.pyType === "str") throw valueError("too many dimensions 'str'");
  return shape;
}

const pyTypeName = (x: NestedData): string =>
  Array.isArray(x)
    ? ((x as NestedSequence).pyType ?? "list")
    : x instanceof ForeignLeaf
      ? x.pyType
      : x instanceof Tensor
        ? "Tensor"
        : typeof x === "number"
          ? "float"
          : typeof x === "bigint"
            ? "int"
            : "bool";

/** One element as torch.tensor stores it: ints are checked against the dtype's range. */
function storeLeaf(x: NestedData, dtype: DType): Raw {
  if (Array.isArray(x) || x instanceof ForeignLeaf) {
    if (dtype.kind === "float") throw typeError(`must be real number, not ${pyTypeName(x)}`);
    throw typeError(`'${pyTypeName(x)}' object cannot be interpreted as an integer`);
  }
  let v: Scalar;
  if (x instanceof Tensor) {
    // A float target reads the tensor through __float__; int and bool ones through __index__.
    if (dtype.kind !== "float" && (x.numel !== 1 || x.dtype.kind === "float"))
      throw typeError("only integer tensors of a single element can be converted to an index");
    if (x.numel !== 1)
      throw valueError("only one element tensors can be converted to Python scalars");
    v = rawToScalar(rawArray(x)[x.storageIndex(0)], x.dtype);
  } else v = x as Scalar;
  if (dtype.kind !== "float" && typeof v === "bigint" && (v >= 2n ** 63n || v < -(2n ** 63n)))
    throw valueError("Overflow when unpacking long long");
  if (dtype.kind === "int") return checkedScalarToRaw(v, dtype, dtype.name);
  if (typeof v === "boolean") return castNumberToRaw(v ? 1 : 0, dtype);
  if (typeof v === "bigint") return converter(int64, dtype)(v);
  return castNumberToRaw(v, dtype);
}

function unbindRows(x: Tensor): Tensor[] {
  const rows: Tensor[] = [];
  for (let i = 0; i < x.shape[0]; i++)
    rows.push(
      new Tensor(x.storage, x.shape.slice(1), x.strides.slice(1), x.offset + i * x.strides[0]),
    );
  return rows;
}

/** torch.tensor(data, dtype=None, requires_grad=False): always a fresh contiguous copy. */
export function tensor(data: NestedData, opts: CreateOptions = {}): Tensor {
  // torch.tensor(t) is t.detach().to(dtype).clone(): any shape, an unchecked cast, and the
  // clone keeps a dense layout such as a transpose's.
  if (data instanceof Tensor) {
    const out = emptyLikePreserve(data, opts.dtype ?? data.dtype);
    copyStrided(out, data);
    return finish(out, opts);
  }
  const shape = inferShape(data);
  const dtype = opts.dtype ?? inferDtype(data);
  const out = Tensor.empty(shape, dtype);
  if (out.numel > 0) {
    const d = rawArray(out);
    let k = 0;
    const walk = (x: NestedData, dim: number): void => {
      // Below the top, PyTorch iterates a tensor like any other sequence.
      if (dim < shape.length && x instanceof Tensor && x.ndim > 0) x = unbindRows(x);
      if (dim === shape.length || !Array.isArray(x)) {
        if (dim < shape.length) throw typeError("not a sequence");
        d[k++] = storeLeaf(x, dtype);
        return;
      }
      if (x.length !== shape[dim])
        throw valueError(
          `expected sequence of length ${shape[dim]} at dim ${dim} (got ${x.length})`,
        );
      for (const y of x) walk(y, dim + 1);
    };
    walk(data, 0);
  }
  return finish(out, opts);
}

// ---------------------------------------------------------------------------------------------
// Filled factories

export function empty(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  checkSizes(shape, "empty");
  return finish(Tensor.empty(shape, opts.dtype ?? getDefaultDtype()), opts);
}

export function zeros(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  checkSizes(shape, "zeros");
  return finish(Tensor.empty(shape, opts.dtype ?? getDefaultDtype()), opts);
}

export function ones(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  checkSizes(shape, "ones");
  const dtype = opts.dtype ?? getDefaultDtype();
  const t = Tensor.empty(shape, dtype);
  fillStrided(t, castNumberToRaw(1, dtype));
  return finish(t, opts);
}

/** torch.full: the dtype follows the fill value (float -> default, int -> int64, bool -> bool). */
export function full(shape: readonly number[], value: Scalar, opts: CreateOptions = {}): Tensor {
  checkScalarRange(value);
  checkSizes(shape, "full");
  const dtype = opts.dtype ?? scalarDtype(value);
  const raw = fillScalarToRaw(value, dtype, numelOf(shape));
  const t = Tensor.empty(shape, dtype);
  fillStrided(t, raw);
  return finish(t, opts);
}

/** *_like keep dtype and, for dense inputs, the input's strides (preserve_format). */
function emptyLikeOf(t: Tensor, dtype: DType): Tensor {
  if (isNonOverlappingAndDense(t)) return emptyStrided(t.shape, t.strides, dtype);
  return Tensor.empty(t.shape, dtype);
}

export function emptyLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  return finish(emptyLikeOf(t, opts.dtype ?? t.dtype), opts);
}

export function zerosLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  return finish(emptyLikeOf(t, opts.dtype ?? t.dtype), opts);
}

export function onesLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  const dtype = opts.dtype ?? t.dtype;
  const out = emptyLikeOf(t, dtype);
  fillStrided(out, castNumberToRaw(1, dtype));
  return finish(out, opts);
}

export function fullLike(t: Tensor, value: Scalar, opts: CreateOptions = {}): Tensor {
  const dtype = opts.dtype ?? t.dtype;
  const raw = fillScalarToRaw(value, dtype, t.numel);
  const out = emptyLikeOf(t, dtype);
  fillStrided(out, raw);
  return finish(out, opts);
}

// ---------------------------------------------------------------------------------------------
// arange, eye

const toDouble = (s: Scalar): number => (typeof s === "boolean" ? (s ? 1 : 0) : Number(s));

function formatRangeValue(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return String(x);
}

/**
 * torch.arange(end) / arange(start, end, step=1). Integer arguments give int64, any float
 * gives the default dtype. Float lengths are ceil((end - start) / step) in double.
 */
export function arange(
  startOrEnd: Scalar,
  end: Scalar | null = null,
  step: Scalar = 1n,
  opts: CreateOptions = {},
): Tensor {
  let start: Scalar = 0n;
  let stop: Scalar = startOrEnd;
  if (end !== null) {
    start = startOrEnd;
    stop = end;
  }
  for (const s of [start, stop, step]) checkScalarRange(s);
  const anyFloat = [start, stop, step].some((s) => typeof s === "number");
  const dtype = opts.dtype ?? (anyFloat ? getDefaultDtype() : int64);
  if (dtype.kind === "bool") throw notImplemented(`"arange_cpu" not implemented for 'Bool'`);
  // The range is validated in double; integer kernels then take start and step through a
  // checked cast to int64 (truncating), so arange(0, 1, 0.3, dtype=int32) is four zeros.
  const xs = toDouble(start);
  const xe = toDouble(stop);
  const xstep = toDouble(step);
  if (!(xstep > 0 || xstep < 0)) throw runtimeError("step must be nonzero");
  if (!Number.isFinite(xs) || !Number.isFinite(xe))
    throw runtimeError(`unsupported range: ${formatRangeValue(xs)} -> ${formatRangeValue(xe)}`);
  if (!((xstep > 0 && xe >= xs) || (xstep < 0 && xe <= xs)))
    throw runtimeError("upper bound and lower bound inconsistent with step sign");
  const asInt64 = (s: Scalar): bigint => checkedScalarToRaw(s, int64) as bigint;
  let size: number;
  if (dtype === int64) {
    // int64 counts its length in integers too: arange(-1.5, 2, dtype=int64) is [-1, 0, 1].
    const bs = asInt64(start);
    const be = asInt64(stop);
    const bstep = asInt64(step);
    if (bstep === 0n) throw valueError("step must be nonzero");
    const sgn = bstep > 0n ? 1n : -1n;
    size = Number((be - bs + bstep - sgn) / bstep);
  } else {
    size = Math.ceil((xe - xs) / xstep);
    if (!(size <= 2 ** 63)) throw runtimeError("invalid size, possible overflow?");
  }
  const out = Tensor.empty([size], dtype);
  if (dtype.kind === "int") {
    const bs = asInt64(start);
    const bstep = asInt64(step);
    asInt64(stop);
    const d = rawArray(out);
    if (dtype === int64) for (let i = 0; i < size; i++) d[i] = bs + bstep * BigInt(i);
    else for (let i = 0; i < size; i++) d[i] = castScalarToRaw(bs + bstep * BigInt(i), dtype);
    return finish(out, opts);
  }
  const d = rawArray(out);
  const conv = converter(float64, dtype);
  for (let i = 0; i < size; i++) d[i] = conv(xs + xstep * i);
  return finish(out, opts);
}

/** torch.eye(n, m=None): ones on the main diagonal. */
export function eye(n: number, m: number | null = null, opts: CreateOptions = {}): Tensor {
  if (n < 0) throw runtimeError(`n must be greater or equal to 0, got ${n}`);
  const cols = m ?? n;
  if (cols < 0) throw runtimeError(`m must be greater or equal to 0, got ${cols}`);
  const dtype = opts.dtype ?? getDefaultDtype();
  const out = Tensor.empty([n, cols], dtype);
  const d = rawArray(out);
  const one = castNumberToRaw(1, dtype);
  for (let i = 0; i < Math.min(n, cols); i++) d[i * cols + i] = one;
  return finish(out, opts);
}
