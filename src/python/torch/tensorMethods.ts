import { DTYPES, type DType } from "../../tensor/dtype";
import { runtimeError } from "../../tensor/errors";
import {
  add,
  div,
  floorDivide,
  mul,
  pow,
  reciprocal,
  remainder,
  sub,
  type RoundingMode,
} from "../../tensor/ops/binary";
import { to } from "../../tensor/ops/cast";
import { normalizeDim } from "../../tensor/shape";
import type { Scalar } from "../../tensor/convert";
import { eq, ge, gt, le, lt, ne } from "../../tensor/ops/compare";
import { allclose, equal } from "../../tensor/ops/compareAll";
import { clone, contiguous, copy_, detach } from "../../tensor/ops/copy";
import { full, ones, tensor as makeTensor, zeros } from "../../tensor/ops/create";
import {
  addbmm,
  addbmm_,
  addmm,
  addmm_,
  addmv,
  addmv_,
  baddbmm,
  baddbmm_,
} from "../../tensor/ops/addmm";
import { asStrided, asStrided_ } from "../../tensor/ops/asStrided";
import { clamp, clamp_, type ClampBound, clampMax, clampMin } from "../../tensor/ops/clamp";
import { fill_, zero_ } from "../../tensor/ops/fill";
import { squeeze_, t_, transpose_, unsqueeze_ } from "../../tensor/ops/inplaceViews";
import { resize_, resizeAs_ } from "../../tensor/ops/resize";
import {
  add_,
  bitwiseAnd_,
  bitwiseOr_,
  bitwiseXor_,
  div_,
  floorDivide_,
  mul_,
  pow_,
  remainder_,
  sub_,
} from "../../tensor/ops/inplaceArith";
import { UNARY_MATH, type UnaryMathName, unaryMath } from "../../tensor/ops/unaryMath";
import { UNARY_INPLACE_NAMES, unaryInplaceOp } from "../../tensor/ops/unaryInplace";
import { item, tolist } from "../../tensor/ops/item";
import {
  bitwiseAnd,
  bitwiseNot,
  bitwiseOr,
  bitwiseXor,
  logicalAnd,
  logicalNot,
  logicalOr,
  logicalXor,
} from "../../tensor/ops/logical";
import { maskedFill, maskedFill_ } from "../../tensor/ops/maskedFill";
import { bernoulliScalar_ } from "../../tensor/ops/bernoulli";
import { uniform_ } from "../../tensor/ops/random";
import { matmul, mm, mv } from "../../tensor/ops/matmul";
import { cummax, cummin } from "../../tensor/ops/cumextreme";
import { median, medianDim } from "../../tensor/ops/median";
import { outer } from "../../tensor/ops/outer";
import { unique } from "../../tensor/ops/unique";
import {
  all,
  any,
  argmax,
  argmin,
  max,
  mean,
  min,
  nansum,
  prod,
  sum,
} from "../../tensor/ops/reduce";
import { logSoftmax, softmax } from "../../tensor/ops/softmax";
import { tril, tril_, triu, triu_ } from "../../tensor/ops/triangular";
import {
  abs,
  exp,
  isfinite,
  isinf,
  isnan,
  log,
  neg,
  relu,
  sigmoid,
  sqrt,
  tanh,
} from "../../tensor/ops/unary";
import {
  expand,
  expandAs,
  flatten,
  mT,
  permute,
  reshape,
  squeeze,
  t as transpose2d,
  T,
  diagonal,
  movedim,
  transpose,
  unsqueeze,
  view,
} from "../../tensor/ops/views";
import { viewDtype } from "../../tensor/ops/viewDtype";
import { where } from "../../tensor/ops/where";
import { maskedSelect, nonzero, nonzeroTuple } from "../../tensor/ops/select";
import { flip, fliplr, flipud } from "../../tensor/ops/flip";
import { select } from "../../tensor/ops/indexing";
import { retainGrad } from "../../tensor/autograd/backward";
import { dot } from "../../tensor/ops/dot";
import { nanToNum, round, sign } from "../../tensor/ops/numeric";
import { cumprod, cumsum } from "../../tensor/ops/cumulative";
import {
  chunk,
  directionalSplit,
  narrow,
  split,
  splitWithSizes,
  tensorSplit,
  unbind,
} from "../../tensor/ops/slicing";
import {
  gather,
  indexFill,
  indexFill_,
  indexSelect,
  scatter,
  scatter_,
  scatterAdd,
  scatterAdd_,
} from "../../tensor/ops/gatherScatter";
import { repeat } from "../../tensor/ops/repeat";
import { maskedScatter, maskedScatter_ } from "../../tensor/ops/maskedScatter";
import { maximum, minimum } from "../../tensor/ops/binary";
import { isclose } from "../../tensor/ops/compareAll";
import {
  amax,
  amin,
  aminmax,
  countNonzero,
  logsumexp,
  norm,
  std,
  variance,
} from "../../tensor/ops/stats";
import { argsort, sort, topk } from "../../tensor/ops/sorting";
import { diag, roll } from "../../tensor/ops/shift";
import { bmm } from "../../tensor/ops/bmm";
import { inferSize } from "../../tensor/ops/views";
import type { Tensor } from "../../tensor/tensor";
import { isTensor } from "./types";
import { PyException, PyList, PyTuple, type Kwargs, type PyValue } from "../objects";
import { typeName } from "../runtime";
import {
  boolOf,
  dtypeOf,
  floatOf,
  intOf,
  intsOf,
  isScalar,
  nestedData,
  nestedToPy,
  scalarFor,
  scalarOf,
  tensorOf,
} from "./convert";
import { ArgParser } from "./argParser";
import { invoke, overloads, type Bound, type Overloads } from "./overloads";
import { PyReturnTypes } from "./returnTypes";
import { PySize } from "./size";
import { tensorBackward, wrap, type PyTensor } from "./tensorObject";
import { NORM_ACTIVATION_METHODS } from "./normActivations";

// Tensor methods, each with PyTorch's overloads in its schema syntax (so wrong calls fail with
// PyTorch's messages) and a small implementation over the core.

type M = Overloads<PyTensor>;
const m = (schemas: readonly string[], impl: (self: Tensor, a: Bound, i: number) => PyValue): M =>
  overloads<PyTensor>(schemas, (self, a, i) => impl(self.t, a, i));

const W = wrap;
const named = (name: string, impl: (t: Tensor) => Tensor): M => m([`${name}()`], (t) => W(impl(t)));

/** Operand: a Tensor parameter, or a Number one (Python scalar or 0-dim tensor). */
const operand = (v: PyValue | undefined): Tensor | bigint | number | boolean =>
  isScalar(v ?? null) ? (v as bigint | number | boolean) : tensorOf(v);

const roundingMode = (v: PyValue | undefined): RoundingMode => {
  if (v === undefined || v === null) return null;
  if (v === "floor" || v === "trunc") return v;
  throw new PyException(
    "RuntimeError",
    `div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${String(v)}'`,
  );
};

const dimsArg = (v: PyValue | undefined): number | number[] | null =>
  v === undefined || v === null ? null : typeof v === "bigint" ? Number(v) : intsOf(v);

function binary(name: string, fn: (a: Tensor, b: Tensor | bigint | number | boolean) => Tensor): M {
  return m([`${name}(Tensor other)`, `${name}(Scalar other)`], (t, [o]) => W(fn(t, operand(o))));
}

function inplace(
  name: string,
  fn: (a: Tensor, b: Tensor | bigint | number | boolean) => Tensor,
): M {
  return m([`${name}(Tensor other)`, `${name}(Scalar other)`], (t, [o]) => {
    fn(t, operand(o));
    return W(t);
  });
}

/** A Python number passed where a Tensor goes: 0-dim, double for floats as in PyTorch. */
const wrappedNumber = (v: Scalar): Tensor =>
  makeTensor(v, {
    dtype:
      typeof v === "number" ? DTYPES.float64 : typeof v === "bigint" ? DTYPES.int64 : DTYPES.bool,
  });

/**
 * add/sub and their in-place forms: PyTorch still binds the deprecated `(alpha, other)` order
 * as a hidden overload, which is why a wrong call lists a single overload without "one of".
 */
function alphaOp(
  name: string,
  fn: (t: Tensor, other: Tensor | bigint | number | boolean, alpha: Scalar) => PyValue,
): M {
  return m(
    [`${name}(Tensor other, *, Scalar alpha=1)`, `${name}(Scalar alpha, Tensor other)|hidden`],
    (t, a, i) => {
      const [other, alpha] = i === 0 ? [a[0], a[1]] : [a[1], a[0]];
      return fn(t, operand(other), alpha === undefined ? 1n : scalarOf(alpha));
    },
  );
}

function reduction(
  name: string,
  fn: (
    t: Tensor,
    o: { dim?: number | number[] | null; keepdim?: boolean; dtype?: DType },
  ) => Tensor,
): M {
  return m(
    [
      `${name}(*, ScalarType? dtype=None)`,
      `${name}(IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)`,
    ],
    (t, a, i) =>
      W(
        i === 0
          ? fn(t, { dtype: dtypeOf(a[0]) })
          : fn(t, { dim: dimsArg(a[0]), keepdim: boolOf(a[1]), dtype: dtypeOf(a[2]) }),
      ),
  );
}

/**
 * clamp and its spellings (clip, in place with a trailing _): optional bounds, each a Python
 * number or a tensor (PyTorch picks its Tensor overload when every bound is a tensor).
 */
function clampMethod(name: string, fn: (t: Tensor, lo: ClampBound, hi: ClampBound) => Tensor): M {
  const bound = (v: PyValue | undefined): ClampBound =>
    v === undefined || v === null ? null : isTensor(v) ? v.t : scalarOf(v);
  return m(
    [`${name}(Tensor? min=None, Tensor? max=None)`, `${name}(Scalar? min=None, Scalar? max=None)`],
    (t, a) => W(fn(t, bound(a[0]), bound(a[1]))),
  );
}

/** addmm, addmv, baddbmm, addbmm and their in-place forms: beta * self + alpha * product. */
function scaledProduct(
  name: string,
  operands: string,
  fn: (t: Tensor, a: Tensor, b: Tensor, beta: Scalar, alpha: Scalar) => Tensor,
): M {
  return m([`${name}(${operands}, *, Scalar beta=1, Scalar alpha=1)`], (t, a) =>
    W(
      fn(
        t,
        tensorOf(a[0]),
        tensorOf(a[1]),
        a[2] === undefined ? 1n : scalarOf(a[2]),
        a[3] === undefined ? 1n : scalarOf(a[3]),
      ),
    ),
  );
}

/** transpose and its spellings, in place or not: `word` names the two dims (dim0, axis0). */
function swapMethod(name: string, word: string, fn: typeof transpose): M {
  return m([`${name}(int64_t ${word}0, int64_t ${word}1)`], (t, a) =>
    W(fn(t, intOf(a[0]), intOf(a[1]))),
  );
}

/** as_strided and as_strided_: the storage offset defaults to the tensor's own. */
function asStridedMethod(name: string, fn: typeof asStrided): M {
  return m(
    [`${name}(IntArrayRef size, IntArrayRef stride, int64_t? storage_offset=None)`],
    (t, a) =>
      W(
        fn(
          t,
          intsOf(a[0]),
          intsOf(a[1]),
          a[2] === undefined || a[2] === null ? t.offset : intOf(a[2]),
        ),
      ),
  );
}

/** movedim / moveaxis: one dim or a sequence of dims each way. */
function movedimMethod(name: string): M {
  return m(
    [
      `${name}(int64_t source, int64_t destination)`,
      `${name}(IntArrayRef source, IntArrayRef destination)`,
    ],
    (t, a) => W(movedim(t, intsOf(a[0]), intsOf(a[1]))),
  );
}

function anyAll(name: string, fn: typeof any): M {
  return m(
    [
      `${name}()`,
      `${name}(IntArrayRef? dim=None, bool keepdim=False)`,
      `${name}(int64_t dim, bool keepdim=False)`,
    ],
    (t, a, i) => W(i === 0 ? fn(t) : fn(t, { dim: dimsArg(a[0]), keepdim: boolOf(a[1]) })),
  );
}

function extreme(name: "max" | "min"): M {
  const fn = name === "max" ? max : min;
  return m(
    [`${name}()`, `${name}(Tensor other)`, `${name}(int64_t dim, bool keepdim=False)`],
    (t, a, i) => {
      if (i === 0) return W(fn(t));
      if (i === 1) {
        const o = tensorOf(a[0]);
        return W(where(name === "max" ? ge(t, o) : le(t, o), t, o));
      }
      const r = fn(t, intOf(a[0]), boolOf(a[1]));
      return new PyReturnTypes(name, [
        ["values", W(r.values)],
        ["indices", W(r.indices)],
      ]);
    },
  );
}

const VECTOR_NORM = overloads<null>(
  [
    "linalg_vector_norm(Tensor input, Scalar ord=2, IntArrayRef[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)",
  ],
  (_self, a) =>
    W(
      norm(tensorOf(a[0]), {
        p: a[1] === undefined ? 2 : Number(scalarOf(a[1])),
        dim: a[2] === undefined || a[2] === null ? null : intsOf(a[2]),
        keepdim: boolOf(a[3]),
        dtype: dtypeOf(a[4]),
      }),
    ),
);

function cumExtremeMethod(name: string, fn: typeof cummax): M {
  return m([`${name}(int64_t dim)`], (t, a) => {
    const r = fn(t, intOf(a[0]));
    return new PyReturnTypes(name, [
      ["values", W(r.values)],
      ["indices", W(r.indices)],
    ]);
  });
}

function argExtreme(name: string, fn: typeof argmax): M {
  return m([`${name}(int64_t? dim=None, bool keepdim=False)`], (t, a) =>
    W(fn(t, a[0] === undefined ? null : intOf(a[0]), boolOf(a[1]))),
  );
}

function cast(name: string, d: DType): M {
  return m([`${name}(*, MemoryFormat? memory_format=None)`], (t) => W(to(t, d)));
}

function softmaxLike(name: string, fn: typeof softmax): M {
  return m([`${name}(int64_t dim, ScalarType? dtype=None)`], (t, a) =>
    W(fn(t, intOf(a[0]), dtypeOf(a[1]))),
  );
}

function unary(name: string, fn: (t: Tensor) => Tensor): M {
  return named(name, fn);
}

function maskedFillMethod(name: string, inPlace: boolean): M {
  return m(
    [`${name}(Tensor mask, Tensor value)`, `${name}(Tensor mask, Scalar value)`],
    (t, a, i) => {
      const mask = tensorOf(a[0]);
      const value = i === 0 ? tensorOf(a[1]) : scalarFor(a[1], t.dtype);
      return W(inPlace ? maskedFill_(t, mask, value) : maskedFill(t, mask, value));
    },
  );
}

/** `.to(dtype)`, `.to(other)`, `.to("cpu")`, `.to("cpu", dtype)`. */
const toMethod = m(
  [
    "to(Device? device=None, ScalarType? dtype=None, bool non_blocking=False, bool copy=False, *, MemoryFormat? memory_format=None)",
    "to(ScalarType dtype, bool non_blocking=False, bool copy=False, *, MemoryFormat? memory_format=None)",
    "to(Tensor tensor, bool non_blocking=False, bool copy=False, *, MemoryFormat? memory_format=None)",
  ],
  (t, a, i) => {
    const d =
      i === 0 ? (dtypeOf(a[1]) ?? t.dtype) : i === 1 ? dtypeOf(a[0])! : tensorOf(a[0]).dtype;
    // `copy` follows the device and dtype in the first form, the dtype or tensor in the others.
    return W(to(t, d, { copy: boolOf(i === 0 ? a[3] : a[2]) }));
  },
);

const sizeMethod = m(["size(int64_t? dim=None)"], (t, a) => {
  if (a[0] === undefined) return new PySize(t.shape);
  const d = intOf(a[0]);
  const n = t.ndim;
  const span = Math.max(n, 1);
  if (d < -span || d >= span)
    throw new PyException(
      "IndexError",
      `Dimension out of range (expected to be in range of [${-span}, ${span - 1}], but got ${d})`,
    );
  return n === 0 ? 1n : BigInt(t.shape[d < 0 ? d + n : d]);
});

const strideMethod = m(["stride(int64_t? dim=None)"], (t, a) => {
  if (a[0] === undefined) return new PyTuple(t.strides.map((s) => BigInt(s)));
  const d = intOf(a[0]);
  const n = t.ndim;
  if (n === 0)
    throw new PyException("IndexError", `Dimension specified as ${d} but tensor has no dimensions`);
  if (d < -n || d >= n)
    throw new PyException(
      "IndexError",
      `Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${d})`,
    );
  return BigInt(t.strides[d < 0 ? d + n : d]);
});

/**
 * torch.autograd.backward turns `gradient` into a tuple (a lone Tensor is wrapped, anything
 * else goes through tuple()), then checks each entry is a Tensor or None.
 */
function gradientArg(v: PyValue | undefined): Tensor | null {
  if (v === undefined || v === null) return null;
  if (isTensor(v)) return v.t;
  let items: readonly PyValue[];
  if (v instanceof PyTuple || v instanceof PyList) items = v.items;
  else if (typeof v === "string") items = [...v];
  else throw new PyException("TypeError", `'${typeName(v)}' object is not iterable`);
  const first = items[0];
  if (first !== undefined && first !== null && !isTensor(first))
    throw new PyException(
      "TypeError",
      `gradients can be either Tensors or None, but got ${typeName(first)}`,
    );
  // Extra entries are dropped by a zip(); too few reach the engine's count check.
  if (first === undefined) throw new PyException("RuntimeError", "got 1 tensors and 0 gradients");
  return first === null ? null : tensorOf(first);
}

const backwardMethod = m(
  [
    "backward(PyObject* gradient=None, PyObject* retain_graph=None, PyObject* create_graph=False, PyObject* inputs=None)",
  ],
  (t, a) => {
    tensorBackward(t, gradientArg(a[0]), boolOf(a[1]));
    return null;
  },
);

const requiresGradMethod = m(["requires_grad_(bool requires_grad=True)"], (t, a) => {
  const value = boolOf(a[0], true);
  if (!t.isLeaf && !value)
    throw runtimeError(
      "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
    );
  if (value && t.dtype.kind !== "float")
    throw runtimeError("only Tensors of floating point dtype can require gradients");
  if (t.isLeaf) t.requiresGrad = value;
  return W(t);
});

const newFactory = (name: string, fill: (shape: number[], t: Tensor, a: Bound) => Tensor): M =>
  m(
    [
      `${name}(IntArrayRef size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)`,
    ],
    (t, a) => W(fill(intsOf(a[0]), t, a)),
  );

function cumulative(name: string, fn: typeof cumsum): M {
  return m([`${name}(int64_t dim, *, ScalarType? dtype=None)`], (t, a) =>
    W(fn(t, intOf(a[0]), dtypeOf(a[1]))),
  );
}

const tupleOf = (ts: Tensor[]): PyTuple => new PyTuple(ts.map(W));

function maskedScatterMethod(name: string, inPlace: boolean): M {
  return m([`${name}(Tensor mask, Tensor source)`], (t, a) =>
    W((inPlace ? maskedScatter_ : maskedScatter)(t, tensorOf(a[0]), tensorOf(a[1]))),
  );
}

function indexFillMethod(name: string, inPlace: boolean): M {
  return m(
    [
      `${name}(int64_t dim, Tensor index, Tensor value)`,
      `${name}(int64_t dim, Tensor index, Scalar value)`,
    ],
    (t, a, i) =>
      W(
        (inPlace ? indexFill_ : indexFill)(
          t,
          intOf(a[0]),
          tensorOf(a[1]),
          i === 0 ? tensorOf(a[2]) : scalarOf(a[2]),
        ),
      ),
  );
}

function scatterMethod(name: string, inPlace: boolean): M {
  return m(
    [
      `${name}(int64_t dim, Tensor index, Tensor src)`,
      `${name}(int64_t dim, Tensor index, Tensor src, *, std::string reduce)`,
      `${name}(int64_t dim, Tensor index, Scalar value)`,
      `${name}(int64_t dim, Tensor index, Scalar value, *, std::string reduce)`,
    ],
    (t, a, i) => {
      if (i === 1 || i === 3)
        throw new PyException(
          "NotImplementedError",
          `${name}(reduce=...) is not supported by MaskLab`,
        );
      return W(
        (inPlace ? scatter_ : scatter)(
          t,
          intOf(a[0]),
          tensorOf(a[1]),
          i === 0 ? tensorOf(a[2]) : scalarOf(a[2]),
        ),
      );
    },
  );
}

/**
 * Tensor.split is Python code in PyTorch: an int goes to split, anything else to
 * split_with_sizes, whose parser (with self as its first argument) reports a wrong type.
 */
const SPLIT_WITH_SIZES = new ArgParser([
  "split_with_sizes(Tensor input, IntArrayRef split_sizes, int64_t dim=0)",
]);

function amaxAmin(name: string, fn: typeof amax): M {
  return m([`${name}(IntArrayRef[1] dim=[], bool keepdim=False)`], (t, a) =>
    W(fn(t, { dim: dimsArg(a[0]), keepdim: boolOf(a[1]) })),
  );
}

function varStd(name: string, fn: typeof std): M {
  return m(
    [
      `${name}(IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False)`,
      `${name}(IntArrayRef[1]? dim=None, *, Scalar? correction=None, bool keepdim=False)`,
      `${name}(bool unbiased=True)`,
    ],
    (t, a, i) => {
      if (i === 2) return W(fn(t, { correction: boolOf(a[0], true) ? 1 : 0 }));
      const dim = dimsArg(a[0]);
      const keepdim = boolOf(a[2]);
      if (i === 0) return W(fn(t, { dim, keepdim, correction: boolOf(a[1], true) ? 1 : 0 }));
      const c = a[1] === undefined || a[1] === null ? 1 : Number(scalarOf(a[1]));
      return W(fn(t, { dim, keepdim, correction: c }));
    },
  );
}

/** sort / topk results print as torch.return_types.<name>(values=…, indices=…). */
const valuesIndices = (name: string, r: { values: Tensor; indices: Tensor }): PyReturnTypes =>
  new PyReturnTypes(name, [
    ["values", W(r.values)],
    ["indices", W(r.indices)],
  ]);

export const TENSOR_METHODS: Record<string, M> = {
  amax: amaxAmin("amax", amax),
  amin: amaxAmin("amin", amin),
  count_nonzero: m(["count_nonzero(int64_t? dim=None)", "count_nonzero(IntArrayRef dim)"], (t, a) =>
    W(countNonzero(t, dimsArg(a[0]))),
  ),
  std: varStd("std", std),
  var: varStd("var", variance),
  logsumexp: m(["logsumexp(IntArrayRef[1] dim, bool keepdim=False)"], (t, a) =>
    W(logsumexp(t, intsOf(a[0]), boolOf(a[1]))),
  ),
  norm: m(
    ['norm(PyObject* p="fro", PyObject* dim=None, PyObject* keepdim=False, PyObject* dtype=None)'],
    (t, a) => {
      // Tensor.norm is Python in PyTorch: it turns an int dim into a list and sends "fro" and
      // numeric orders to linalg.vector_norm, whose parser then checks the arguments.
      const dim = a[1] ?? null;
      const dims = typeof dim === "bigint" || typeof dim === "boolean" ? new PyList([dim]) : dim;
      let p = a[0] ?? 2;
      if (typeof p === "string") {
        const dimCount = dims instanceof PyList || dims instanceof PyTuple ? dims.items.length : 0;
        if (p !== "fro" || dimCount > 2) {
          if (p === "nuc" || p === "fro")
            throw new PyException("NotImplementedError", "MaskLab has no matrix norms");
          throw new PyException("RuntimeError", `linalg.matrix_norm: Order ${p} not supported.`);
        }
        p = 2n;
      }
      const kw: Kwargs | undefined =
        a[3] === undefined || a[3] === null ? undefined : new Map([["dtype", a[3]]]);
      return invoke(VECTOR_NORM, null, [W(t), p, dims, a[2] ?? false], kw);
    },
  ),
  roll: m(["roll(IntArrayRef[1] shifts, IntArrayRef[1] dims=[])"], (t, a) =>
    W(roll(t, intsOf(a[0]), a[1] === undefined ? [] : intsOf(a[1]))),
  ),
  unflatten: m(["unflatten(int64_t dim, IntArrayRef sizes)"], (t, a) => {
    const nd = t.ndim;
    const d0 = intOf(a[0]);
    const d = normalizeDim(d0, nd);
    const sizes = intsOf(a[1]);
    if (sizes.length === 0) throw runtimeError("unflatten: sizes must be non-empty");
    const size = nd === 0 ? 1 : t.shape[d];
    if (!sizes.includes(-1) && sizes.reduce((p, q) => p * q, 1) !== size)
      throw runtimeError(
        `unflatten: Provided sizes [${sizes.join(", ")}] don't multiply up to the size of dim ${d0} (${size}) in the input tensor`,
      );
    const inner = inferSize(sizes, size);
    return W(view(t, [...t.shape.slice(0, d), ...inner, ...t.shape.slice(d + 1)]));
  }),
  sort: m(
    [
      "sort(*, bool? stable, int64_t dim=-1, bool descending=False)",
      "sort(int64_t dim=-1, bool descending=False)",
    ],
    (t, a, i) =>
      valuesIndices(
        "sort",
        i === 0 ? sort(t, intOf(a[1], -1), boolOf(a[2])) : sort(t, intOf(a[0], -1), boolOf(a[1])),
      ),
  ),
  argsort: m(
    [
      "argsort(*, bool stable, int64_t dim=-1, bool descending=False)",
      "argsort(int64_t dim=-1, bool descending=False)",
    ],
    (t, a, i) =>
      W(
        i === 0
          ? argsort(t, intOf(a[1], -1), boolOf(a[2]))
          : argsort(t, intOf(a[0], -1), boolOf(a[1])),
      ),
  ),
  topk: m(["topk(int64_t k, int64_t dim=-1, bool largest=True, bool sorted=True)"], (t, a) =>
    valuesIndices("topk", topk(t, intOf(a[0]), intOf(a[1], -1), boolOf(a[2], true))),
  ),
  diag: m(["diag(int64_t diagonal=0)"], (t, a) => W(diag(t, intOf(a[0], 0)))),
  bmm: m(["bmm(Tensor mat2)"], (t, a) => W(bmm(t, tensorOf(a[0])))),
  cumsum: cumulative("cumsum", cumsum),
  cumprod: cumulative("cumprod", cumprod),
  repeat: m(["repeat(IntArrayRef repeats)"], (t, a) => W(repeat(t, intsOf(a[0])))),
  tile: m(["tile(IntArrayRef dims)"], (t, a) => {
    // tile pads the repeat counts with leading 1s up to the tensor's rank, then repeats.
    const dims = intsOf(a[0]);
    const pad = new Array<number>(Math.max(0, t.ndim - dims.length)).fill(1);
    return W(repeat(t, [...pad, ...dims]));
  }),
  index_select: m(["index_select(int64_t dim, Tensor index)"], (t, a) =>
    W(indexSelect(t, intOf(a[0]), tensorOf(a[1]))),
  ),
  gather: m(["gather(int64_t dim, Tensor index, *, bool sparse_grad=False)"], (t, a) =>
    W(gather(t, intOf(a[0]), tensorOf(a[1]))),
  ),
  narrow: m(
    [
      "narrow(int64_t dim, Tensor start, int64_t length)",
      "narrow(int64_t dim, int64_t start, int64_t length)",
    ],
    (t, a) => W(narrow(t, intOf(a[0]), intOf(a[1]), intOf(a[2]))),
  ),
  select: m(["select(int64_t dim, int64_t index)"], (t, a) =>
    W(select(t, intOf(a[0]), intOf(a[1]))),
  ),
  diagonal: m(["diagonal(int64_t offset=0, int64_t dim1=0, int64_t dim2=1)"], (t, a) =>
    W(diagonal(t, intOf(a[0], 0), intOf(a[1], 0), intOf(a[2], 1))),
  ),
  unbind: m(["unbind(int64_t dim=0)"], (t, a) => tupleOf(unbind(t, intOf(a[0], 0)))),
  chunk: m(["chunk(int64_t chunks, int64_t dim=0)"], (t, a) =>
    tupleOf(chunk(t, intOf(a[0]), intOf(a[1], 0))),
  ),
  split: m(["split(PyObject* split_size, int64_t dim=0)"], (t, a) => {
    const dim = intOf(a[1], 0);
    if (typeof a[0] === "bigint") return tupleOf(split(t, Number(a[0]), dim));
    const { values } = SPLIT_WITH_SIZES.parse([W(t), a[0] ?? null, BigInt(dim)], undefined);
    return tupleOf(splitWithSizes(t, intsOf(values[1]), dim));
  }),
  tensor_split: m(
    [
      "tensor_split(IntArrayRef indices, int64_t dim=0)",
      "tensor_split(Tensor tensor_indices_or_sections, int64_t dim=0)",
      "tensor_split(int64_t sections, int64_t dim=0)",
    ],
    (t, a, i) => {
      const spec = a[0] ?? null;
      // A 0-dim tensor holds a number of sections, a 1-D one the split indices.
      const how =
        i === 1 && isTensor(spec)
          ? spec.t.ndim === 0
            ? intOf(spec)
            : Array.from({ length: spec.t.numel }, (_, k) => spec.t.atNumber(k))
          : i === 2
            ? intOf(spec)
            : intsOf(spec);
      return tupleOf(tensorSplit(t, how, intOf(a[1], 0)));
    },
  ),
  hsplit: m(["hsplit(int64_t sections)", "hsplit(IntArrayRef indices)"], (t, a, i) =>
    tupleOf(directionalSplit(t, "hsplit", i === 0 ? intOf(a[0]) : intsOf(a[0]))),
  ),
  vsplit: m(["vsplit(int64_t sections)", "vsplit(IntArrayRef indices)"], (t, a, i) =>
    tupleOf(directionalSplit(t, "vsplit", i === 0 ? intOf(a[0]) : intsOf(a[0]))),
  ),
  split_with_sizes: m(["split_with_sizes(IntArrayRef split_sizes, int64_t dim=0)"], (t, a) =>
    tupleOf(splitWithSizes(t, intsOf(a[0]), intOf(a[1], 0))),
  ),
  masked_scatter: maskedScatterMethod("masked_scatter", false),
  masked_scatter_: maskedScatterMethod("masked_scatter_", true),
  index_fill: indexFillMethod("index_fill", false),
  index_fill_: indexFillMethod("index_fill_", true),
  unique: m(
    [
      "unique(PyObject* sorted=True, PyObject* return_inverse=False, PyObject* return_counts=False, PyObject* dim=None)",
    ],
    (t, a) => {
      const r = unique(t, a[3] === undefined || a[3] === null ? null : intOf(a[3]));
      const inverse = boolOf(a[1]);
      const counts = boolOf(a[2]);
      if (!inverse && !counts) return W(r.values);
      return new PyTuple([
        W(r.values),
        ...(inverse ? [W(r.inverse)] : []),
        ...(counts ? [W(r.counts)] : []),
      ]);
    },
  ),
  scatter: scatterMethod("scatter", false),
  scatter_add: m(["scatter_add(int64_t dim, Tensor index, Tensor src)"], (t, a) =>
    W(scatterAdd(t, intOf(a[0]), tensorOf(a[1]), tensorOf(a[2]))),
  ),
  scatter_add_: m(["scatter_add_(int64_t dim, Tensor index, Tensor src)"], (t, a) =>
    W(scatterAdd_(t, intOf(a[0]), tensorOf(a[1]), tensorOf(a[2]))),
  ),
  scatter_: scatterMethod("scatter_", true),
  maximum: m(["maximum(Tensor other)"], (t, a) => W(maximum(t, tensorOf(a[0])))),
  minimum: m(["minimum(Tensor other)"], (t, a) => W(minimum(t, tensorOf(a[0])))),
  type_as: m(["type_as(Tensor other)"], (t, a) => W(to(t, tensorOf(a[0]).dtype))),
  isclose: m(
    ["isclose(Tensor other, double rtol=1e-05, double atol=1e-08, bool equal_nan=False)"],
    (t, a) =>
      W(
        isclose(t, tensorOf(a[0]), {
          rtol: floatOf(a[1], 1e-5),
          atol: floatOf(a[2], 1e-8),
          equalNan: boolOf(a[3]),
        }),
      ),
  ),
  masked_fill: maskedFillMethod("masked_fill", false),
  masked_fill_: maskedFillMethod("masked_fill_", true),
  softmax: softmaxLike("softmax", softmax),
  log_softmax: softmaxLike("log_softmax", logSoftmax),
  sum: reduction("sum", sum),
  mean: reduction("mean", mean),
  // One overload with every argument optional, unlike sum's two.
  nansum: m(
    ["nansum(IntArrayRef[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)"],
    (t, a) => W(nansum(t, { dim: dimsArg(a[0]), keepdim: boolOf(a[1]), dtype: dtypeOf(a[2]) })),
  ),
  prod: m(
    [
      "prod(*, ScalarType? dtype=None)",
      "prod(int64_t dim, bool keepdim=False, *, ScalarType? dtype=None)",
    ],
    (t, a, i) =>
      W(
        i === 0
          ? prod(t, { dtype: dtypeOf(a[0]) })
          : prod(t, { dim: intOf(a[0]), keepdim: boolOf(a[1]), dtype: dtypeOf(a[2]) }),
      ),
  ),
  any: anyAll("any", any),
  all: anyAll("all", all),
  median: m(["median()", "median(int64_t dim, bool keepdim=False)"], (t, a, i) => {
    if (i === 0) return W(median(t));
    const r = medianDim(t, intOf(a[0]), boolOf(a[1]));
    return new PyReturnTypes("median", [
      ["values", W(r.values)],
      ["indices", W(r.indices)],
    ]);
  }),
  aminmax: m(["aminmax(*, int64_t? dim=None, bool keepdim=False)"], (t, a) => {
    const dim = a[0] === undefined || a[0] === null ? null : intOf(a[0]);
    const r = aminmax(t, { dim, keepdim: boolOf(a[1]) });
    return new PyReturnTypes("aminmax", [
      ["min", W(r.min)],
      ["max", W(r.max)],
    ]);
  }),
  cummax: cumExtremeMethod("cummax", cummax),
  cummin: cumExtremeMethod("cummin", cummin),
  max: extreme("max"),
  min: extreme("min"),
  argmax: argExtreme("argmax", argmax),
  argmin: argExtreme("argmin", argmin),
  view: m(
    ["view(ScalarType dtype)", "view(SymIntArrayRef size)"].map((s) =>
      s.replace("SymIntArrayRef", "IntArrayRef"),
    ),
    (t, a, i) => {
      return W(i === 0 ? viewDtype(t, dtypeOf(a[0])!) : view(t, intsOf(a[0])));
    },
  ),
  view_as: m(["view_as(Tensor other)"], (t, a) => W(view(t, tensorOf(a[0]).shape))),
  reshape: m(["reshape(IntArrayRef shape)"], (t, a) => W(reshape(t, intsOf(a[0])))),
  reshape_as: m(["reshape_as(Tensor other)"], (t, a) => W(reshape(t, tensorOf(a[0]).shape))),
  flatten: m(["flatten(int64_t start_dim=0, int64_t end_dim=-1)"], (t, a) =>
    W(flatten(t, intOf(a[0], 0), intOf(a[1], -1))),
  ),
  t: named("t", transpose2d),
  _T: named("T", T),
  _mT: named("mT", mT),
  transpose: swapMethod("transpose", "dim", transpose),
  swapaxes: swapMethod("swapaxes", "axis", transpose),
  swapdims: swapMethod("swapdims", "dim", transpose),
  t_: named("t_", t_),
  transpose_: swapMethod("transpose_", "dim", transpose_),
  swapdims_: swapMethod("swapdims_", "dim", transpose_),
  swapaxes_: swapMethod("swapaxes_", "axis", transpose_),
  unsqueeze_: m(["unsqueeze_(int64_t dim)"], (t, a) => W(unsqueeze_(t, intOf(a[0])))),
  squeeze_: m(["squeeze_()", "squeeze_(int64_t dim)", "squeeze_(IntArrayRef dim)"], (t, a, i) =>
    W(i === 0 ? squeeze_(t) : squeeze_(t, i === 1 ? intOf(a[0]) : intsOf(a[0]))),
  ),
  resize_: m(["resize_(IntArrayRef size, *, MemoryFormat? memory_format=None)"], (t, a) =>
    W(resize_(t, intsOf(a[0]))),
  ),
  resize_as_: m(["resize_as_(Tensor the_template, *, MemoryFormat? memory_format=None)"], (t, a) =>
    W(resizeAs_(t, tensorOf(a[0]))),
  ),
  addmm: scaledProduct("addmm", "Tensor mat1, Tensor mat2", addmm),
  addmm_: scaledProduct("addmm_", "Tensor mat1, Tensor mat2", addmm_),
  addmv: scaledProduct("addmv", "Tensor mat, Tensor vec", addmv),
  addmv_: scaledProduct("addmv_", "Tensor mat, Tensor vec", addmv_),
  baddbmm: scaledProduct("baddbmm", "Tensor batch1, Tensor batch2", baddbmm),
  baddbmm_: scaledProduct("baddbmm_", "Tensor batch1, Tensor batch2", baddbmm_),
  addbmm: scaledProduct("addbmm", "Tensor batch1, Tensor batch2", addbmm),
  addbmm_: scaledProduct("addbmm_", "Tensor batch1, Tensor batch2", addbmm_),
  as_strided: asStridedMethod("as_strided", asStrided),
  as_strided_: asStridedMethod("as_strided_", asStrided_),
  movedim: movedimMethod("movedim"),
  moveaxis: movedimMethod("moveaxis"),
  permute: m(["permute(IntArrayRef dims)"], (t, a) => W(permute(t, intsOf(a[0])))),
  unsqueeze: m(["unsqueeze(int64_t dim)"], (t, a) => W(unsqueeze(t, intOf(a[0])))),
  squeeze: m(["squeeze()", "squeeze(int64_t dim)", "squeeze(IntArrayRef dim)"], (t, a, i) =>
    W(i === 0 ? squeeze(t) : i === 1 ? squeeze(t, intOf(a[0])) : squeeze(t, intsOf(a[0]))),
  ),
  expand: m(["expand(IntArrayRef size, *, bool implicit=False)"], (t, a) =>
    W(expand(t, intsOf(a[0]))),
  ),
  expand_as: m(["expand_as(Tensor other)"], (t, a) => W(expandAs(t, tensorOf(a[0])))),
  broadcast_to: m(["broadcast_to(IntArrayRef size)"], (t, a) => W(expand(t, intsOf(a[0])))),
  contiguous: m(["contiguous(*, MemoryFormat memory_format=contiguous_format)"], (t) =>
    W(contiguous(t)),
  ),
  clone: m(["clone(*, MemoryFormat? memory_format=None)"], (t) => W(clone(t))),
  detach: named("detach", detach),
  detach_: m(["detach_()"], (t) => {
    if (t.base !== null)
      throw runtimeError(
        "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.",
      );
    t.gradFn = null;
    t.requiresGrad = false;
    return W(t);
  }),
  fill_: m(["fill_(Tensor value)", "fill_(Scalar value)"], (t, a, i) =>
    W(fill_(t, i === 0 ? tensorOf(a[0]) : scalarOf(a[0]))),
  ),
  zero_: m(["zero_()"], (t) => W(zero_(t))),
  uniform_: m(["uniform_(double from=0, double to=1, *, Generator? generator=None)"], (t, a) =>
    W(uniform_(t, floatOf(a[0], 0), floatOf(a[1], 1))),
  ),
  bernoulli_: m(["bernoulli_(double p=0.5, *, Generator? generator=None)"], (t, a) =>
    W(bernoulliScalar_(t, floatOf(a[0], 0.5))),
  ),
  copy_: m(
    [
      "copy_(Tensor other, bool non_blocking=False)",
      "copy_(Tensor other, bool async=False)|hidden",
    ],
    (t, a) => W(copy_(t, isScalar(a[0] ?? null) ? wrappedNumber(a[0] as Scalar) : tensorOf(a[0]))),
  ),
  add: alphaOp("add", (t, o, alpha) => W(add(t, o, alpha))),
  sub: alphaOp("sub", (t, o, alpha) => W(sub(t, o, alpha))),
  add_: alphaOp("add_", (t, o, alpha) => {
    add_(t, o, alpha);
    return W(t);
  }),
  sub_: alphaOp("sub_", (t, o, alpha) => {
    sub_(t, o, alpha);
    return W(t);
  }),
  mul: m(["mul(Tensor other)"], (t, a) => W(mul(t, operand(a[0])))),
  mul_: m(["mul_(Tensor other)"], (t, a) => {
    mul_(t, operand(a[0]));
    return W(t);
  }),
  div: m(
    [
      "div(Tensor other)",
      "div(Tensor other, *, std::string? rounding_mode)",
      "div(Scalar other, *, std::string? rounding_mode)",
    ],
    (t, a) => W(div(t, operand(a[0]), roundingMode(a[1]))),
  ),
  div_: m(
    [
      "div_(Tensor other)",
      "div_(Tensor other, *, std::string? rounding_mode)",
      "div_(Scalar other, *, std::string? rounding_mode)",
    ],
    (t, a) => {
      div_(t, operand(a[0]), roundingMode(a[1]));
      return W(t);
    },
  ),
  // PyTorch's longer spellings of the arithmetic methods.
  subtract: m(["subtract(Tensor other, *, Scalar alpha=1)"], (t, a) =>
    W(sub(t, operand(a[0]), a[1] === undefined ? 1n : scalarOf(a[1]))),
  ),
  multiply: m(["multiply(Tensor other)"], (t, a) => W(mul(t, operand(a[0])))),
  divide: m(
    [
      "divide(Tensor other)",
      "divide(Tensor other, *, std::string? rounding_mode)",
      "divide(Scalar other, *, std::string? rounding_mode)",
    ],
    (t, a) => W(div(t, operand(a[0]), roundingMode(a[1]))),
  ),
  true_divide: m(["true_divide(Tensor other)", "true_divide(Scalar other)"], (t, a) =>
    W(div(t, operand(a[0]))),
  ),
  floor_divide: binary("floor_divide", floorDivide),
  floor_divide_: inplace("floor_divide_", floorDivide_),
  remainder: binary("remainder", remainder),
  remainder_: inplace("remainder_", remainder_),
  pow: m(["pow(Tensor exponent)", "pow(Scalar exponent)"], (t, [o]) => W(pow(t, operand(o)))),
  pow_: m(["pow_(Tensor exponent)", "pow_(Scalar exponent)"], (t, [o]) => {
    pow_(t, operand(o));
    return W(t);
  }),
  eq: binary("eq", eq),
  ne: binary("ne", ne),
  lt: binary("lt", lt),
  le: binary("le", le),
  gt: binary("gt", gt),
  ge: binary("ge", ge),
  logical_not: unary("logical_not", logicalNot),
  logical_and: m(["logical_and(Tensor other)"], (t, a) => W(logicalAnd(t, tensorOf(a[0])))),
  logical_or: m(["logical_or(Tensor other)"], (t, a) => W(logicalOr(t, tensorOf(a[0])))),
  logical_xor: m(["logical_xor(Tensor other)"], (t, a) => W(logicalXor(t, tensorOf(a[0])))),
  bitwise_not: unary("bitwise_not", bitwiseNot),
  bitwise_and: binary("bitwise_and", bitwiseAnd),
  bitwise_or: binary("bitwise_or", bitwiseOr),
  bitwise_xor: binary("bitwise_xor", bitwiseXor),
  bitwise_and_: inplace("bitwise_and_", bitwiseAnd_),
  bitwise_or_: inplace("bitwise_or_", bitwiseOr_),
  bitwise_xor_: inplace("bitwise_xor_", bitwiseXor_),
  neg: unary("neg", neg),
  negative: unary("negative", neg),
  abs: unary("abs", abs),
  exp: unary("exp", exp),
  log: unary("log", log),
  sigmoid: unary("sigmoid", sigmoid),
  sqrt: unary("sqrt", sqrt),
  tanh: unary("tanh", tanh),
  relu: unary("relu", relu),
  reciprocal: unary("reciprocal", reciprocal),
  isnan: unary("isnan", isnan),
  isinf: unary("isinf", isinf),
  isfinite: unary("isfinite", isfinite),
  clamp: clampMethod("clamp", clamp),
  clamp_: clampMethod("clamp_", clamp_),
  clip: clampMethod("clip", clamp),
  clip_: clampMethod("clip_", clamp_),
  clamp_min: m(["clamp_min(Tensor min)", "clamp_min(Scalar min)"], (t, a, i) =>
    W(clampMin(t, i === 0 ? tensorOf(a[0]) : scalarOf(a[0]))),
  ),
  clamp_max: m(["clamp_max(Tensor max)", "clamp_max(Scalar max)"], (t, a, i) =>
    W(clampMax(t, i === 0 ? tensorOf(a[0]) : scalarOf(a[0]))),
  ),
  where: m(
    ["where(Tensor condition, Tensor other)", "where(Tensor condition, Scalar other)"],
    (t, a) => W(where(tensorOf(a[0]), t, operand(a[1]))),
  ),
  masked_select: m(["masked_select(Tensor mask)"], (t, a) => W(maskedSelect(t, tensorOf(a[0])))),
  nonzero: m(["nonzero()", "nonzero(*, bool as_tuple)"], (t, a, i) =>
    i === 1 && boolOf(a[0]) ? new PyTuple(nonzeroTuple(t).map(W)) : W(nonzero(t)),
  ),
  flip: m(["flip(IntArrayRef dims)"], (t, a) => W(flip(t, intsOf(a[0])))),
  fliplr: named("fliplr", fliplr),
  flipud: named("flipud", flipud),
  sign: unary("sign", sign),
  round: m(["round()", "round(*, int64_t decimals)"], (t, a, i) =>
    W(round(t, i === 1 ? intOf(a[0]) : null)),
  ),
  nan_to_num: m(
    ["nan_to_num(double? nan=None, double? posinf=None, double? neginf=None)"],
    (t, a) =>
      W(
        nanToNum(
          t,
          floatOf(a[0], 0),
          a[1] === undefined ? null : floatOf(a[1], 0),
          a[2] === undefined ? null : floatOf(a[2], 0),
        ),
      ),
  ),
  dot: m(["dot(Tensor tensor)"], (t, a) => W(dot(t, tensorOf(a[0])))),
  matmul: m(["matmul(Tensor other)"], (t, a) => W(matmul(t, tensorOf(a[0])))),
  mm: m(["mm(Tensor mat2)"], (t, a) => W(mm(t, tensorOf(a[0])))),
  mv: m(["mv(Tensor vec)"], (t, a) => W(mv(t, tensorOf(a[0])))),
  outer: m(["outer(Tensor vec2)"], (t, a) => W(outer(t, tensorOf(a[0])))),
  ger: m(["ger(Tensor vec2)"], (t, a) => W(outer(t, tensorOf(a[0])))),
  triu: m(["triu(int64_t diagonal=0)"], (t, a) => W(triu(t, intOf(a[0], 0)))),
  tril: m(["tril(int64_t diagonal=0)"], (t, a) => W(tril(t, intOf(a[0], 0)))),
  triu_: m(["triu_(int64_t diagonal=0)"], (t, a) => W(triu_(t, intOf(a[0], 0)))),
  tril_: m(["tril_(int64_t diagonal=0)"], (t, a) => W(tril_(t, intOf(a[0], 0)))),
  allclose: m(
    ["allclose(Tensor other, double rtol=1e-05, double atol=1e-08, bool equal_nan=False)"],
    (t, a) =>
      allclose(t, tensorOf(a[0]), {
        rtol: floatOf(a[1], 1e-5),
        atol: floatOf(a[2], 1e-8),
        equalNan: boolOf(a[3]),
      }),
  ),
  equal: m(["equal(Tensor other)"], (t, a) => equal(t, tensorOf(a[0]))),
  item: m(["item()"], (t) => item(t)),
  tolist: m(["tolist()"], (t) => nestedToPy(tolist(t))),
  // PyTorch without NumPy installed, as the recorded outputs come from: no NumPy in a browser.
  numpy: m(["numpy(*, bool force=False)"], () => {
    throw new PyException("RuntimeError", "Numpy is not available");
  }),
  numel: m(["numel()"], (t) => BigInt(t.numel)),
  nelement: m(["nelement()"], (t) => BigInt(t.numel)),
  dim: m(["dim()"], (t) => BigInt(t.ndim)),
  ndimension: m(["ndimension()"], (t) => BigInt(t.ndim)),
  size: sizeMethod,
  stride: strideMethod,
  storage_offset: m(["storage_offset()"], (t) => BigInt(t.offset)),
  data_ptr: m(["data_ptr()"], (t) => BigInt(t.dataPtr())),
  element_size: m(["element_size()"], (t) => BigInt(t.dtype.itemsize)),
  _is_view: m(["_is_view()"], (t) => t.base !== null),
  is_contiguous: m(["is_contiguous(*, MemoryFormat memory_format=contiguous_format)"], (t) =>
    t.isContiguous(),
  ),
  is_floating_point: m(["is_floating_point()"], (t) => t.dtype.kind === "float"),
  to: toMethod,
  type: m(["type(ScalarType? dtype=None, bool non_blocking=False)"], (t, a) => {
    const d = dtypeOf(a[0]);
    return d === undefined
      ? t.dtype.legacyName.replace(/^CPU(\w+)Type$/, "torch.$1Tensor")
      : W(to(t, d));
  }),
  float: cast("float", DTYPES.float32),
  double: cast("double", DTYPES.float64),
  half: cast("half", DTYPES.float16),
  bfloat16: cast("bfloat16", DTYPES.bfloat16),
  long: cast("long", DTYPES.int64),
  int: cast("int", DTYPES.int32),
  short: cast("short", DTYPES.int16),
  char: cast("char", DTYPES.int8),
  byte: cast("byte", DTYPES.uint8),
  bool: cast("bool", DTYPES.bool),
  cpu: m(["cpu(*, MemoryFormat? memory_format=None)"], (t) => W(t)),
  cuda: m(
    ["cuda(Device? device=None, bool non_blocking=False, *, MemoryFormat? memory_format=None)"],
    () => {
      throw new PyException("AssertionError", "Torch not compiled with CUDA enabled");
    },
  ),
  requires_grad_: requiresGradMethod,
  retain_grad: m(["retain_grad()"], (t) => {
    retainGrad(t);
    return null;
  }),
  backward: backwardMethod,
  new_zeros: newFactory("new_zeros", (s, t, a) => zeros(s, { dtype: dtypeOf(a[1]) ?? t.dtype })),
  new_ones: newFactory("new_ones", (s, t, a) => ones(s, { dtype: dtypeOf(a[1]) ?? t.dtype })),
  // MaskLab's empty memory is zeroed, which is one of the values PyTorch's may hold.
  new_empty: newFactory("new_empty", (s, t, a) => zeros(s, { dtype: dtypeOf(a[1]) ?? t.dtype })),
  new_full: m(
    [
      "new_full(IntArrayRef size, Scalar fill_value, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)",
    ],
    (t, a) => W(full(intsOf(a[0]), scalarOf(a[1]), { dtype: dtypeOf(a[2]) ?? t.dtype })),
  ),
  new_tensor: m(
    [
      "new_tensor(PyObject* data, *, ScalarType? dtype=None, Device? device=None, bool requires_grad=False)",
    ],
    (t, a) =>
      W(
        makeTensor(nestedData(a[0] ?? null), {
          dtype: dtypeOf(a[1]) ?? t.dtype,
          requiresGrad: boolOf(a[3]),
        }),
      ),
  ),
};

// x.sin(), x.floor(), ... and every in-place form x.exp_(), x.relu_(), x.sin_().
for (const name of Object.keys(UNARY_MATH) as UnaryMathName[])
  TENSOR_METHODS[name] = named(name, (t) => unaryMath(name, t));
for (const name of UNARY_INPLACE_NAMES)
  TENSOR_METHODS[`${name}_`] = named(`${name}_`, (t) => unaryInplaceOp(name, t));
Object.assign(TENSOR_METHODS, NORM_ACTIVATION_METHODS);
TENSOR_METHODS.square = m(["square()"], (t) => W(pow(t, 2n)));
TENSOR_METHODS.square_ = m(["square_()"], (t) => {
  pow_(t, 2n);
  return W(t);
});
