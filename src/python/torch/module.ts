import { pyInt } from "../builtins";
import { gradMode } from "../../tensor/autograd/node";
import { allocation, DTYPES, type DType } from "../../tensor/dtype";
import { BFLOAT16_MAX, HALF_MAX } from "../../tensor/half";
import { oneHot } from "../../tensor/ops/oneHot";
import {
  getDefaultDtype,
  promoteTypes,
  resultType,
  setDefaultDtype,
  type Operand,
} from "../../tensor/ops/promote";
import { canCast } from "../../tensor/ops/inplaceArith";
import {
  arange,
  empty,
  emptyLike,
  eye,
  full,
  fullLike,
  ones,
  onesLike,
  tensor as makeTensor,
  zeros,
  zerosLike,
} from "../../tensor/ops/create";
import { add, div, floorDivide, mul, pow, remainder, sub } from "../../tensor/ops/binary";
import { bitwiseAnd, bitwiseOr, bitwiseXor } from "../../tensor/ops/logical";
import type { Scalar } from "../../tensor/convert";
import { cat, hstack, stack, vstack } from "../../tensor/ops/join";
import { manualSeed, rand, randint, randn, randperm } from "../../tensor/ops/random";
import { defaultGenerator } from "../../tensor/random/index";
import { where } from "../../tensor/ops/where";
import { broadcastTensors } from "../../tensor/ops/views";
import { nonzeroTuple } from "../../tensor/ops/select";
import { linspace } from "../../tensor/ops/linspace";
import { defaultPrintOptions } from "../../tensor/print/index";
import { equal } from "../../tensor/ops/compareAll";
import { constantPad } from "../../tensor/ops/shift";
import { einsum } from "../../tensor/ops/einsum";
import { scaledDotProductAttention } from "../../tensor/ops/attention";
import { PyDevice, parseDevice } from "./device";
import type { Tensor } from "../../tensor/tensor";
import {
  builtin,
  type CompareOp,
  type Kwargs,
  makeType,
  NotImplemented,
  type NotImplementedType,
  PyException,
  PyList,
  PyModule,
  PyObject,
  PyTuple,
  type PyType,
  type PyValue,
} from "../objects";
import { floatRepr } from "../../tensor/format/index";
import { formatFloatSpec } from "../../tensor/format/formatSpec";
import type { ModuleContext } from "../interpreter";
import { callValue, getAttr, repr, str, typeName } from "../runtime";
import {
  boolOf,
  guard,
  dtypeOf,
  floatOf,
  intOf,
  intsOf,
  isScalar,
  nestedData,
  scalarOf,
  tensorOf,
} from "./convert";
import { ArgParser } from "./argParser";
import { nnExports } from "./nn";
import { multiHeadAttentionForwardFunction } from "./nnAttention";
import { linear } from "../../tensor/ops/linear";
import { bernoulli, dropout } from "../../tensor/ops/bernoulli";
import { invoke, overloads, type Bound, type Overloads } from "./overloads";
import { PySize, sizeType } from "./size";
import { dtypeType, isDtype, PY_DTYPES, isTensor, tensorType } from "./types";
import { installTensorMethodDescriptors } from "./methodDescriptor";
import { TENSOR_METHODS } from "./tensorMethods";
import {
  anomalyMode,
  makeParameter,
  parameterType,
  printOptions,
  wrap,
  type PyTensor,
  TENSOR_DUNDERS,
} from "./tensorObject";
import { functionalNormActivations, NORM_ACTIVATION_FUNCTIONS } from "./normActivations";

// The `torch` module: factories, functional forms of the tensor methods, dtypes, finfo/iinfo,
// no_grad, and seeding. Functional forms reuse the method implementations on their first
// argument so the two spellings cannot drift apart.

type F = Overloads<null>;
const f = (schemas: readonly string[], impl: (a: Bound, i: number) => PyValue): F =>
  overloads<null>(schemas, (_s, a, i) => impl(a, i));
const W = wrap;

const FACTORY_KW =
  "ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False";

const createOpts = (dtype: PyValue | undefined, requiresGrad: PyValue | undefined) => ({
  dtype: dtypeOf(dtype),
  requiresGrad: boolOf(requiresGrad),
});

const TENSOR_OUT = "*, Tensor? out=None";

/**
 * torch.* forms whose overloads differ from the method's beyond a leading `Tensor input`
 * (recorded from PyTorch 2.13's own error listings); the others are derived from the method.
 */
const FUNCTION_SCHEMAS: Record<string, string[]> = {
  sum: [
    "sum(Tensor input, *, ScalarType? dtype=None)",
    `sum(Tensor input, IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None, Tensor? out=None)`,
  ],
  mean: [
    "mean(Tensor input, *, ScalarType? dtype=None, Tensor? out=None)",
    "mean(Tensor input, IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None, Tensor? out=None)",
  ],
  prod: [
    "prod(Tensor input, *, ScalarType? dtype=None)",
    "prod(Tensor input, int64_t dim, bool keepdim=False, *, ScalarType? dtype=None, Tensor? out=None)",
  ],
  ...Object.fromEntries(
    ["any", "all"].map((n) => [
      n,
      [
        `${n}(Tensor input, ${TENSOR_OUT})`,
        `${n}(Tensor input, IntArrayRef? dim=None, bool keepdim=False, ${TENSOR_OUT})`,
        `${n}(Tensor input, int64_t dim, bool keepdim=False, ${TENSOR_OUT})`,
      ],
    ]),
  ),
  ...Object.fromEntries(
    ["max", "min"].map((n) => [
      n,
      [
        `${n}(Tensor input, ${TENSOR_OUT})`,
        `${n}(Tensor input, Tensor other, ${TENSOR_OUT})`,
        `${n}(Tensor input, int64_t dim, bool keepdim=False, *, TensorList? out=None)`,
      ],
    ]),
  ),
  ...Object.fromEntries(
    ["clamp", "clip"].map((n) => [
      n,
      [
        `${n}(Tensor input, Tensor? min=None, Tensor? max=None, ${TENSOR_OUT})`,
        `${n}(Tensor input, Scalar? min=None, Scalar? max=None, ${TENSOR_OUT})`,
      ],
    ]),
  ),
  mm: [
    `mm(Tensor input, Tensor mat2, ${TENSOR_OUT})`,
    `mm(Tensor input, Tensor mat2, ScalarType out_dtype, ${TENSOR_OUT})`,
  ],
  bmm: [
    `bmm(Tensor input, Tensor mat2, ${TENSOR_OUT})`,
    `bmm(Tensor input, Tensor mat2, ScalarType out_dtype, ${TENSOR_OUT})`,
  ],
  add: [`add(Tensor input, Tensor other, *, Scalar alpha=1, Tensor? out=None)`],
  sub: [`sub(Tensor input, Tensor other, *, Scalar alpha=1, Tensor? out=None)`],
  div: [
    `div(Tensor input, Tensor other, ${TENSOR_OUT})`,
    `div(Tensor input, Tensor other, *, std::string? rounding_mode, Tensor? out=None)`,
    `div(Tensor input, Scalar other, *, std::string? rounding_mode)`,
  ],
  floor_divide: [
    `floor_divide(Tensor input, Tensor other, ${TENSOR_OUT})`,
    `floor_divide(Tensor input, Scalar other)`,
  ],
  pow: [
    `pow(Tensor input, Tensor exponent, ${TENSOR_OUT})`,
    `pow(Scalar self, Tensor exponent, ${TENSOR_OUT})`,
    `pow(Tensor input, Scalar exponent, ${TENSOR_OUT})`,
  ],
  ...Object.fromEntries(
    ["bitwise_and", "bitwise_or", "bitwise_xor", "remainder"].map((n) => [
      n,
      [
        `${n}(Tensor input, Tensor other, ${TENSOR_OUT})`,
        `${n}(Scalar self, Tensor other)`,
        `${n}(Tensor input, Scalar other, ${TENSOR_OUT})`,
      ],
    ]),
  ),
  ...Object.fromEntries(
    ["eq", "ne", "lt", "le", "gt", "ge"].map((n) => [
      n,
      [
        `${n}(Tensor input, Tensor other, ${TENSOR_OUT})`,
        `${n}(Tensor input, Scalar other, ${TENSOR_OUT})`,
      ],
    ]),
  ),
};

type NumberFirst = (
  a: Operand,
  b: Operand,
  named: (param: string) => PyValue | undefined,
) => Tensor;

const alphaOf = (v: PyValue | undefined): Scalar =>
  v === undefined ? 1n : (v as bigint | number | boolean);

/**
 * PyTorch's wrapped number: the 0-dim tensor a Python number becomes in a Tensor parameter.
 * The op then runs as tensor-with-tensor (torch.sub(1, x) records SubBackward0, torch.div(1, x)
 * divides rather than multiplying by a reciprocal) while promoting like a scalar.
 */
function wrappedNumber(v: Scalar): Tensor {
  const t = makeTensor(v, typeof v === "number" ? { dtype: DTYPES.float64 } : {});
  t.wrappedNumber = true;
  return t;
}

const wrapFirst =
  (f: NumberFirst): NumberFirst =>
  (a, b, named) =>
    f(typeof a === "object" ? a : wrappedNumber(a), b, named);

/**
 * Binary torch.* functions that take a Python number as their first operand: as a Tensor
 * input (add ... floor_divide), or through their own `(Scalar self, Tensor other)` overload.
 */
const subFirst = wrapFirst((a, b, n) => sub(a, b, alphaOf(n("alpha"))));
const mulFirst = wrapFirst((a, b) => mul(a, b));
const divFirst = wrapFirst((a, b, n) => {
  const mode = n("rounding_mode");
  return div(a, b, mode === "floor" || mode === "trunc" ? mode : null);
});
const NUMBER_FIRST: Record<string, NumberFirst> = {
  add: wrapFirst((a, b, n) => add(a, b, alphaOf(n("alpha")))),
  sub: subFirst,
  mul: mulFirst,
  div: divFirst,
  floor_divide: wrapFirst((a, b) => floorDivide(a, b)),
  subtract: subFirst,
  multiply: mulFirst,
  divide: divFirst,
  true_divide: wrapFirst((a, b) => div(a, b)),
  remainder: (a, b) => remainder(a, b),
  pow: (a, b) => pow(a, b),
  bitwise_and: (a, b) => bitwiseAnd(a, b),
  bitwise_or: (a, b) => bitwiseOr(a, b),
  bitwise_xor: (a, b) => bitwiseXor(a, b),
};

/**
 * A torch.* function that runs the tensor method of the same name on its first argument. It
 * binds arguments with its own (functional) overloads first, so a wrong call reads as PyTorch's
 * `torch.masked_fill(...)` does, positions and all.
 */
function viaMethod(
  name: string,
  method = name,
): (args: PyValue[], kwargs: Kwargs | undefined) => PyValue {
  const own =
    FUNCTION_SCHEMAS[name] ??
    TENSOR_METHODS[method].parser.signatures.map(
      (s) =>
        `${name}(Tensor input${s.paramsText === "" ? "" : ", " + s.paramsText})${s.hidden ? "|hidden" : ""}`,
    );
  const parser = new ArgParser(own);
  return (args, kwargs) => {
    const { index, values } = parser.parse(args, kwargs);
    const sig = parser.signatures[index];
    const outAt = sig.params.findIndex((p) => p.name === "out");
    if (outAt >= 0 && values[outAt] !== undefined)
      throw new PyException("NotImplementedError", `${name}(out=...) is not supported by MaskLab`);
    const first = values[0]!;
    if (!isTensor(first)) {
      // A Python number where the input goes: PyTorch wraps it as a scalar operand, so it
      // promotes like one (torch.sub(1, int8_t) stays int8) instead of as an int64 tensor.
      const f = NUMBER_FIRST[name];
      if (f === undefined || !isScalar(first))
        throw new PyException(
          "NotImplementedError",
          `${name}() with a Python number first is not supported by MaskLab`,
        );
      const named = (n: string): PyValue | undefined => {
        const at = sig.params.findIndex((p) => p.name === n);
        return at < 0 ? undefined : values[at];
      };
      const other = values[1]!;
      const a = isScalar(other) ? wrappedNumber(first) : first;
      return guard(() => wrap(f(a, isTensor(other) ? other.t : (other as Scalar), named)));
    }
    const rest = args.length > 0 ? args.slice(1) : args;
    let kw = kwargs;
    if (kwargs?.has("input") || kwargs?.has("out")) {
      kw = new Map(kwargs);
      kw.delete("input");
      kw.delete("out");
    }
    return invoke(TENSOR_METHODS[method], first as PyTensor, rest, kw);
  };
}

function typeOfName(v: PyValue): string {
  if (v === null) return "NoneType";
  if (typeof v === "bigint") return "int";
  if (typeof v === "number") return "float";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "str";
  return v.pyType.name;
}

/**
 * torch.broadcast_shapes, a Python function in PyTorch (torch._refs._broadcast_shapes): its
 * message shows the offending argument as Python prints it (tuple, list or torch.Size), with
 * an int argument already turned into a 1-tuple and None arguments skipped.
 */
function broadcastShapeList(args: readonly PyValue[]): number[] {
  const shapes: { dims: number[]; text: string }[] = [];
  for (const a of args) {
    if (a === null) continue;
    if (typeof a === "bigint" || typeof a === "boolean") {
      const n = Number(a);
      shapes.push({ dims: [n], text: `(${repr(a)},)` });
    } else if (a instanceof PySize || a instanceof PyTuple || a instanceof PyList) {
      shapes.push({ dims: intsOf(a), text: repr(a) });
    } else {
      throw new PyException(
        "RuntimeError",
        `Input shapes should be of type ints, a tuple of ints, or a list of ints, got ${str(a)}`,
      );
    }
  }
  const rank = Math.max(0, ...shapes.map((s) => s.dims.length));
  const result = new Array<number>(rank).fill(1);
  shapes.forEach(({ dims: shape, text }, j) => {
    for (let i = -1; i >= -shape.length; i--) {
      const n = shape[shape.length + i];
      const r = result[rank + i];
      if (n === r) continue;
      if (r === 1) {
        if (n < 0)
          throw new PyException(
            "ValueError",
            "Attempting to broadcast a dimension with negative length!",
          );
        result[rank + i] = n;
        continue;
      }
      if (n !== 1)
        throw new PyException(
          "RuntimeError",
          `Attempting to broadcast a dimension of length ${n} at ${i}! Mismatching argument at index ${j} had ${text}; but expected shape should be broadcastable to [${result.join(", ")}]`,
        );
    }
  });
  return result;
}

const SET_PRINTOPTIONS = f(
  [
    "set_printoptions(int64_t? precision=None, double? threshold=None, int64_t? edgeitems=None, int64_t? linewidth=None, std::string? profile=None, bool? sci_mode=None)",
  ],
  (a) => {
    const o = printOptions;
    const profile = a[4];
    if (profile !== undefined) {
      Object.assign(o, defaultPrintOptions, { sciMode: o.sciMode });
      if (profile === "short") Object.assign(o, { precision: 2, edgeitems: 2 });
      else if (profile === "full") o.threshold = Infinity;
    }
    if (a[0] !== undefined) o.precision = intOf(a[0]);
    if (a[1] !== undefined) o.threshold = floatOf(a[1], o.threshold);
    if (a[2] !== undefined) o.edgeitems = intOf(a[2]);
    if (a[3] !== undefined) o.linewidth = intOf(a[3]);
    // PyTorch assigns sci_mode on every call, so leaving it out restores automatic mode.
    o.sciMode = a[5] === undefined ? null : boolOf(a[5]);
    return null;
  },
);

const FUNCTIONS: Record<string, F | PyValue> = {
  tensor: f(
    [
      `tensor(PyObject* data, *, ScalarType? dtype=None, Device? device=None, bool pin_memory=False, bool requires_grad=False)`,
    ],
    (a) => W(makeTensor(nestedData(a[0] ?? null), createOpts(a[1], a[4]))),
  ),
  as_tensor: f(
    [`as_tensor(PyObject* data, *, ScalarType? dtype=None, Device? device=None)`],
    (a) =>
      isTensor(a[0] ?? null) && a[1] === undefined
        ? (a[0] as PyValue)
        : W(
            makeTensor(nestedData(a[0] ?? null), {
              dtype: dtypeOf(a[1]),
            }),
          ),
  ),
  zeros: f([`zeros(IntArrayRef size, *, Tensor? out=None, ${FACTORY_KW})`], (a) =>
    W(zeros(intsOf(a[0]), createOpts(a[2], a[6]))),
  ),
  ones: f([`ones(IntArrayRef size, *, Tensor? out=None, ${FACTORY_KW})`], (a) =>
    W(ones(intsOf(a[0]), createOpts(a[2], a[6]))),
  ),
  empty: f(
    [
      `empty(IntArrayRef size, *, MemoryFormat? memory_format=None, Tensor? out=None, ${FACTORY_KW})`,
    ],
    (a) => W(empty(intsOf(a[0]), createOpts(a[3], a[7]))),
  ),
  full: f([`full(IntArrayRef size, Scalar fill_value, *, Tensor? out=None, ${FACTORY_KW})`], (a) =>
    W(full(intsOf(a[0]), scalarOf(a[1]), createOpts(a[3], a[7]))),
  ),
  zeros_like: f(
    [`zeros_like(Tensor input, *, MemoryFormat? memory_format=None, ${FACTORY_KW})`],
    (a) => W(zerosLike(tensorOf(a[0]), createOpts(a[2], a[6]))),
  ),
  ones_like: f(
    [`ones_like(Tensor input, *, MemoryFormat? memory_format=None, ${FACTORY_KW})`],
    (a) => W(onesLike(tensorOf(a[0]), createOpts(a[2], a[6]))),
  ),
  empty_like: f(
    [`empty_like(Tensor input, *, MemoryFormat? memory_format=None, ${FACTORY_KW})`],
    (a) => W(emptyLike(tensorOf(a[0]), createOpts(a[2], a[6]))),
  ),
  full_like: f(
    [
      `full_like(Tensor input, Scalar fill_value, *, MemoryFormat? memory_format=None, ${FACTORY_KW})`,
    ],
    (a) => W(fullLike(tensorOf(a[0]), scalarOf(a[1]), createOpts(a[3], a[7]))),
  ),
  arange: f(
    [
      `arange(Scalar end, *, Tensor? out=None, ${FACTORY_KW})`,
      `arange(Scalar start, Scalar end, *, ${FACTORY_KW})`,
      `arange(Scalar start, Scalar end, Scalar step=1, *, Tensor? out=None, ${FACTORY_KW})`,
    ],
    (a, i) => {
      if (i === 0) return W(arange(scalarOf(a[0]), null, 1n, createOpts(a[2], a[6])));
      if (i === 1) return W(arange(scalarOf(a[0]), scalarOf(a[1]), 1n, createOpts(a[2], a[6])));
      return W(
        arange(
          scalarOf(a[0]),
          scalarOf(a[1]),
          a[2] === undefined ? 1n : scalarOf(a[2]),
          createOpts(a[4], a[8]),
        ),
      );
    },
  ),
  eye: f(
    [
      `eye(int64_t n, *, Tensor? out=None, ${FACTORY_KW})`,
      `eye(int64_t n, int64_t m, *, Tensor? out=None, ${FACTORY_KW})`,
    ],
    (a, i) =>
      i === 0
        ? W(eye(intOf(a[0]), null, createOpts(a[2], a[6])))
        : W(eye(intOf(a[0]), intOf(a[1]), createOpts(a[3], a[7]))),
  ),
  cat: f([`cat(TensorList tensors, int64_t dim=0, *, Tensor? out=None)`], (a) =>
    W(cat(listOfTensors(a[0]), intOf(a[1], 0))),
  ),
  concat: f([`concat(TensorList tensors, int64_t dim=0, *, Tensor? out=None)`], (a) =>
    W(cat(listOfTensors(a[0]), intOf(a[1], 0))),
  ),
  stack: f([`stack(TensorList tensors, int64_t dim=0, *, Tensor? out=None)`], (a) =>
    W(stack(listOfTensors(a[0]), intOf(a[1], 0))),
  ),
  hstack: f([`hstack(TensorList tensors, *, Tensor? out=None)`], (a) =>
    W(hstack(listOfTensors(a[0]))),
  ),
  vstack: f([`vstack(TensorList tensors, *, Tensor? out=None)`], (a) =>
    W(vstack(listOfTensors(a[0]))),
  ),
  where: f(
    [
      "where(Tensor condition)",
      "where(Tensor condition, Tensor input, Tensor other, *, Tensor? out=None)",
      "where(Tensor condition, Scalar self, Tensor other)",
      "where(Tensor condition, Tensor input, Scalar other)",
      "where(Tensor condition, Scalar self, Scalar other)",
    ],
    (a, i) => {
      if (i === 0) return new PyTuple(nonzeroTuple(tensorOf(a[0])).map(W));
      const pick = (v: PyValue | undefined) =>
        isScalar(v ?? null) ? (v as bigint | number | boolean) : tensorOf(v);
      return W(where(tensorOf(a[0]), pick(a[1]), pick(a[2])));
    },
  ),
  rand: f(
    [
      `rand(IntArrayRef size, *, Generator? generator, Tensor? out=None, ${FACTORY_KW})`,
      `rand(IntArrayRef size, *, Tensor? out=None, ${FACTORY_KW})`,
    ],
    (a, i) => {
      const o = i === 0 ? 1 : 0;
      return W(rand(intsOf(a[0]), createOpts(a[2 + o], a[6 + o])));
    },
  ),
  randn: f(
    [
      `randn(IntArrayRef size, *, Generator? generator, Tensor? out=None, ${FACTORY_KW})`,
      `randn(IntArrayRef size, *, Tensor? out=None, ${FACTORY_KW})`,
    ],
    (a, i) => {
      const o = i === 0 ? 1 : 0;
      return W(randn(intsOf(a[0]), createOpts(a[2 + o], a[6 + o])));
    },
  ),
  randint: f(
    [
      `randint(int64_t high, IntArrayRef size, *, Generator? generator, Tensor? out=None, ${FACTORY_KW})`,
      `randint(int64_t high, IntArrayRef size, *, Tensor? out=None, ${FACTORY_KW})`,
      `randint(int64_t low, int64_t high, IntArrayRef size, *, Generator? generator, Tensor? out=None, ${FACTORY_KW})`,
      `randint(int64_t low, int64_t high, IntArrayRef size, *, Tensor? out=None, ${FACTORY_KW})`,
    ],
    (a, i) => {
      const two = i >= 2;
      const low = two ? BigInt(intOf(a[0])) : 0n;
      const high = BigInt(intOf(a[two ? 1 : 0]));
      const size = intsOf(a[two ? 2 : 1]);
      const o = (two ? 3 : 2) + (i % 2 === 0 ? 1 : 0);
      return W(randint(low, high, size, createOpts(a[o + 1], a[o + 5])));
    },
  ),
  randperm: f(
    [
      `randperm(int64_t n, *, Generator? generator, Tensor? out=None, ${FACTORY_KW})`,
      `randperm(int64_t n, *, Tensor? out=None, ${FACTORY_KW})`,
    ],
    (a, i) => {
      const o = i === 0 ? 1 : 0;
      return W(randperm(intOf(a[0]), createOpts(a[2 + o], a[6 + o])));
    },
  ),
  rand_like: f(
    [`rand_like(Tensor input, *, MemoryFormat? memory_format=None, ${FACTORY_KW})`],
    (a) => {
      const t = tensorOf(a[0]);
      return W(rand([...t.shape], { dtype: dtypeOf(a[2]) ?? t.dtype, requiresGrad: boolOf(a[6]) }));
    },
  ),
  randn_like: f(
    [`randn_like(Tensor input, *, MemoryFormat? memory_format=None, ${FACTORY_KW})`],
    (a) => {
      const t = tensorOf(a[0]);
      return W(
        randn([...t.shape], { dtype: dtypeOf(a[2]) ?? t.dtype, requiresGrad: boolOf(a[6]) }),
      );
    },
  ),
  manual_seed: f(["manual_seed(PyObject* seed)"], (a) => {
    // torch.manual_seed starts with `seed = int(seed)`.
    const seed = pyInt(a[0] ?? null) as bigint;
    manualSeed(seed);
    return generatorObject;
  }),
  initial_seed: f(["initial_seed()"], () => defaultGenerator().initialSeed()),
  seed: f(["seed()"], () => defaultGenerator().seed()),
  is_tensor: f(["is_tensor(PyObject* obj)"], (a) => isTensor(a[0] ?? null)),
  is_floating_point: f(
    ["is_floating_point(Tensor input)"],
    (a) => tensorOf(a[0]).dtype.kind === "float",
  ),
  numel: f(["numel(Tensor input)"], (a) => BigInt(tensorOf(a[0]).numel)),
  is_grad_enabled: f(["is_grad_enabled()"], () => gradMode.enabled),
  get_default_dtype: f(["get_default_dtype()"], () => pyDtype(getDefaultDtype())),
  linspace: f(
    [`linspace(Scalar start, Scalar end, int64_t steps, *, Tensor? out=None, ${FACTORY_KW})`],
    (a) =>
      W(
        linspace(Number(scalarOf(a[0])), Number(scalarOf(a[1])), intOf(a[2]), {
          ...createOpts(a[4], a[8]),
        }),
      ),
  ),
  broadcast_shapes: builtin("broadcast_shapes", (args) => new PySize(broadcastShapeList(args))),
  broadcast_tensors: builtin("broadcast_tensors", (args) => {
    const tensors = args.map((a) => tensorOf(a));
    return new PyTuple(guard(() => broadcastTensors(tensors)).map(W));
  }),
  set_printoptions: builtin("set_printoptions", (args, kwargs) =>
    invoke(SET_PRINTOPTIONS, null, args, kwargs),
  ),
  equal: f(["equal(Tensor input, Tensor other)"], (a) => equal(tensorOf(a[0]), tensorOf(a[1]))),
  bernoulli: f(["bernoulli(Tensor input, *, Generator? generator=None)"], (a) =>
    W(bernoulli(tensorOf(a[0]))),
  ),
  // The type-promotion queries: the dtype an op on these operands would compute in.
  promote_types: f(["promote_types(ScalarType type1, ScalarType type2)"], (a) =>
    pyDtype(promoteTypes(dtypeOf(a[0])!, dtypeOf(a[1])!)),
  ),
  result_type: f(
    [
      "result_type(Tensor tensor, Tensor other)",
      "result_type(Scalar scalar, Tensor tensor)",
      "result_type(Tensor tensor, Scalar other)",
      "result_type(Scalar scalar1, Scalar scalar2)",
    ],
    (a) => pyDtype(resultType(promoteOperand(a[0]), promoteOperand(a[1]))),
  ),
  can_cast: f(["can_cast(ScalarType from_, ScalarType to)"], (a) =>
    canCast(dtypeOf(a[0])!, dtypeOf(a[1])!),
  ),
  // A Python function in PyTorch: einsum(equation, *operands) or einsum(equation, [operands]).
  einsum: builtin("einsum", (args) => {
    const [equation, ...rest] = args;
    if (typeof equation !== "string")
      throw new PyException(
        "TypeError",
        "einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list",
      );
    const list = rest.length === 1 && (rest[0] instanceof PyList || rest[0] instanceof PyTuple);
    const operands = list ? (rest[0] as PyList | PyTuple).items : rest;
    const tensors = operands.map((o) => tensorOf(o));
    return W(guard(() => einsum(equation, tensors)));
  }),
  ...NORM_ACTIVATION_FUNCTIONS,
};

const pyDtype = (d: DType): PyValue => PY_DTYPES[d.name];

/** A result_type operand: a tensor, or a Python number (0-dim tensors stay tensors). */
const promoteOperand = (v: PyValue | undefined): Operand => {
  const x = v ?? null;
  return isTensor(x) ? x.t : scalarOf(x);
};

function listOfTensors(v: PyValue | undefined): Tensor[] {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map((x) => tensorOf(x));
  throw new PyException("TypeError", "expected a sequence of Tensors");
}

/** Functional spellings that are the same as the method on their first argument. */
const VIA_METHOD = `masked_fill softmax log_softmax sum mean prod any all max min argmax argmin
  transpose swapaxes permute unsqueeze squeeze flatten reshape clone detach triu tril exp log sigmoid
  sqrt tanh relu abs neg negative isnan isinf isfinite clamp matmul mm allclose logical_not
  logical_and logical_or logical_xor bitwise_not bitwise_and bitwise_or bitwise_xor add sub mul div
  floor_divide remainder pow eq ne lt le gt ge t masked_select nonzero flip sign round nan_to_num
  dot mv outer ger median cummax cummin cumsum cumprod index_select gather narrow unbind chunk split split_with_sizes masked_scatter
  tensor_split hsplit vsplit nansum select diagonal movedim moveaxis fliplr flipud
  clamp_ clip clip_ clamp_min clamp_max reciprocal subtract multiply divide true_divide
  index_fill scatter scatter_add unique maximum minimum isclose amax amin aminmax count_nonzero std var logsumexp norm roll
  unflatten sort argsort topk diag bmm tile broadcast_to as_strided swapdims
  addmm addmv baddbmm addbmm
  sin cos tan asin acos atan sinh cosh log1p expm1 log2 log10 exp2 rsqrt floor ceil trunc frac square
  erf erfc erf_ erfc_
  exp_ log_ sigmoid_ sqrt_ tanh_ abs_ neg_ relu_ sin_ cos_ floor_ ceil_ trunc_`.split(/\s+/);

// ---------------------------------------------------------------------------------------------
// finfo / iinfo

const finfoType = makeType("finfo", { module: "torch" });
const iinfoType = makeType("iinfo", { module: "torch" });

const FINFO: Partial<
  Record<DType["name"], [bits: number, eps: number, max: number, tiny: number, resolution: number]>
> = {
  float16: [16, 0.0009765625, HALF_MAX, 6.103515625e-5, 0.001],
  bfloat16: [16, 0.0078125, BFLOAT16_MAX, 1.1754943508222875e-38, 0.01],
  float32: [32, 1.1920928955078125e-7, 3.4028234663852886e38, 1.1754943508222875e-38, 1e-6],
  float64: [64, 2.220446049250313e-16, Number.MAX_VALUE, 2.2250738585072014e-308, 1e-15],
};

/**
 * The reprs print through a C++ ostream, i.e. C's %g with 6 significant digits: correctly
 * rounded (0.0009765625 -> 0.000976562) and exponent form below 1e-4 (6.10352e-05), which is
 * exactly Python's format(x, "g").
 */
const g6 = (x: number): string => formatFloatSpec(x, "g");

/** finfo/iinfo objects compare equal when they describe the same dtype. */
abstract class PyTypeInfo extends PyObject {
  constructor(readonly dtype: DType) {
    super();
  }
  override compare(op: CompareOp, other: PyValue): PyValue | NotImplementedType {
    if ((op !== "==" && op !== "!=") || !(other instanceof PyTypeInfo)) return NotImplemented;
    const same = other.pyType === this.pyType && other.dtype === this.dtype;
    return op === "==" ? same : !same;
  }
}

class PyFinfo extends PyTypeInfo {
  get pyType(): PyType {
    return finfoType;
  }
  private get info() {
    return FINFO[this.dtype.name]!;
  }
  override getAttr(name: string): PyValue | undefined {
    const [bits, eps, max, tiny, resolution] = this.info;
    switch (name) {
      case "bits":
        return BigInt(bits);
      case "eps":
        return eps;
      case "max":
        return max;
      case "min":
        return -max;
      case "tiny":
      case "smallest_normal":
        return tiny;
      case "resolution":
        return resolution;
      case "dtype":
        return this.dtype.name;
    }
    return undefined;
  }
  override repr(): string {
    const [, eps, max, tiny, resolution] = this.info;
    return `finfo(resolution=${floatRepr(resolution)}, min=${g6(-max)}, max=${g6(max)}, eps=${g6(eps)}, smallest_normal=${g6(tiny)}, tiny=${g6(tiny)}, dtype=${this.dtype.name})`;
  }
}

const IINFO: Partial<Record<DType["name"], [bits: number, min: bigint, max: bigint]>> = {
  uint8: [8, 0n, 255n],
  int8: [8, -128n, 127n],
  int16: [16, -32768n, 32767n],
  int32: [32, -2147483648n, 2147483647n],
  int64: [64, -(2n ** 63n), 2n ** 63n - 1n],
};

class PyIinfo extends PyTypeInfo {
  get pyType(): PyType {
    return iinfoType;
  }
  override getAttr(name: string): PyValue | undefined {
    const [bits, min, max] = IINFO[this.dtype.name]!;
    if (name === "bits") return BigInt(bits);
    if (name === "min") return min;
    if (name === "max") return max;
    if (name === "dtype") return this.dtype.name;
    return undefined;
  }
  override repr(): string {
    const [, min, max] = IINFO[this.dtype.name]!;
    return `iinfo(min=${g6(Number(min))}, max=${g6(Number(max))}, dtype=${this.dtype.name})`;
  }
}

// PyTorch binds finfo/iinfo with its argument parser: `finfo(): argument 'type' (position 1)
// must be torch.dtype, not NoneType`. finfo() alone describes the default dtype.
const finfoArgs = new ArgParser(["finfo(ScalarType type)", "finfo()"]);
const iinfoArgs = new ArgParser(["iinfo(ScalarType type)"]);

const finfo = new (class extends PyObject {
  get pyType(): PyType {
    return finfoType;
  }
  override isCallable(): boolean {
    return true;
  }
  override call(args: PyValue[], kwargs?: Kwargs): PyValue {
    const { index, values } = finfoArgs.parse(args, kwargs);
    const d = index === 1 ? getDefaultDtype() : dtypeOf(values[0])!;
    if (FINFO[d.name] === undefined)
      throw new PyException(
        "TypeError",
        "torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'",
      );
    return new PyFinfo(d);
  }
  override repr(): string {
    return "<class 'torch.finfo'>";
  }
})();

const iinfo = new (class extends PyObject {
  get pyType(): PyType {
    return iinfoType;
  }
  override isCallable(): boolean {
    return true;
  }
  override call(args: PyValue[], kwargs?: Kwargs): PyValue {
    const d = dtypeOf(iinfoArgs.parse(args, kwargs).values[0])!;
    // bool has a C++ numeric_limits, but torch.iinfo refuses it by name.
    if (d.name === "bool")
      throw new PyException("TypeError", "torch.bool is not supported by torch.iinfo");
    if (IINFO[d.name] === undefined)
      throw new PyException(
        "TypeError",
        "torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'",
      );
    return new PyIinfo(d);
  }
  override repr(): string {
    return "<class 'torch.iinfo'>";
  }
})();

// ---------------------------------------------------------------------------------------------
// Grad-mode context managers

const gradModeType = makeType("no_grad", { module: "torch.autograd.grad_mode" });

class GradModeContext extends PyObject {
  private saved: boolean[] = [];
  constructor(
    readonly name: string,
    readonly enable: boolean,
  ) {
    super();
  }
  get pyType(): PyType {
    return gradModeType;
  }
  override enter(): PyValue {
    this.saved.push(gradMode.enabled);
    gradMode.enabled = this.enable;
    return null;
  }
  override exit(): boolean {
    gradMode.enabled = this.saved.pop() ?? true;
    return false;
  }
  override repr(): string {
    return `<torch.autograd.grad_mode.${this.name} object>`;
  }
  override isCallable(): boolean {
    return true;
  }
  /** As a decorator (`@torch.no_grad()`): the function runs in this grad mode, then the caller's. */
  override call(args: PyValue[]): PyValue {
    const fn = args[0];
    const name = fn === undefined ? undefined : getAttr(fn, "__name__");
    return builtin(typeof name === "string" ? name : this.name, (a, kw) => {
      this.enter();
      try {
        return callValue(fn, a, kw);
      } finally {
        this.exit();
      }
    });
  }
}

const setGradEnabledType = makeType("set_grad_enabled", { module: "torch.autograd.grad_mode" });

/**
 * torch.set_grad_enabled(mode): switches grad mode at once (a plain call is how scripts turn it
 * off for good); as a context manager it restores the previous mode on exit, and as a
 * decorator it restores it at once and switches only while the function runs.
 */
class SetGradEnabled extends PyObject {
  private readonly previous = gradMode.enabled;
  constructor(readonly mode: boolean) {
    super();
    gradMode.enabled = mode;
  }
  get pyType(): PyType {
    return setGradEnabledType;
  }
  override enter(): PyValue {
    return null;
  }
  override exit(): boolean {
    gradMode.enabled = this.previous;
    return false;
  }
  override repr(): string {
    return `torch.autograd.grad_mode.set_grad_enabled(mode=${this.mode ? "True" : "False"})`;
  }
  override isCallable(): boolean {
    return true;
  }
  override call(args: PyValue[]): PyValue {
    gradMode.enabled = this.previous;
    return new GradModeContext("set_grad_enabled", this.mode).call(args);
  }
}

/** torch.no_grad / enable_grad: a context manager, or with a function a decorated function. */
const gradModeFactory = (name: string, enable: boolean) =>
  builtin(name, (args) =>
    args.length > 0
      ? new GradModeContext(name, enable).call(args)
      : new GradModeContext(name, enable),
  );

const generatorType = makeType("Generator", { module: "torch._C" });
const generatorObject = new (class extends PyObject {
  get pyType(): PyType {
    return generatorType;
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "initial_seed")
      return builtin("initial_seed", () => defaultGenerator().initialSeed());
    return undefined;
  }
  override repr(): string {
    return "<torch._C.Generator object>";
  }
})();

// ---------------------------------------------------------------------------------------------
// Modules

const ALIASES: Record<string, DType["name"]> = {
  float: "float32",
  double: "float64",
  half: "float16",
  long: "int64",
  int: "int32",
  short: "int16",
  bool: "bool",
};

export function makeTorch(ctx: ModuleContext): PyModule {
  // A session stands for one Python process: its print options, grad mode and anomaly mode
  // start fresh (a cell that called torch.set_grad_enabled(False) does not outlive a restart).
  Object.assign(printOptions, defaultPrintOptions);
  anomalyMode.enabled = false;
  gradMode.enabled = true;
  setDefaultDtype(DTYPES.float32);
  allocation.maxElements = ctx.options.maxTensorElements;
  installTensorMethodDescriptors([...Object.keys(TENSOR_METHODS), ...TENSOR_DUNDERS]);
  const attrs: Record<string, PyValue> = {};
  for (const d of Object.values(DTYPES)) attrs[d.name] = PY_DTYPES[d.name];
  for (const [alias, name] of Object.entries(ALIASES)) attrs[alias] = PY_DTYPES[name];
  for (const [name, o] of Object.entries(FUNCTIONS))
    attrs[name] = isOverloads(o)
      ? builtin(name, (args, kwargs) => invoke(o, null, args, kwargs))
      : o;
  attrs.autograd = makeAutograd();
  for (const name of VIA_METHOD) if (!(name in attrs)) attrs[name] = builtin(name, viaMethod(name));
  Object.assign(attrs, {
    Tensor: tensorType,
    Size: sizeType,
    dtype: dtypeType,
    finfo,
    iinfo,
    no_grad: gradModeFactory("no_grad", false),
    enable_grad: gradModeFactory("enable_grad", true),
    set_default_dtype: builtin("set_default_dtype", (args) => {
      if (args.length === 0)
        throw new PyException(
          "TypeError",
          "set_default_dtype() missing 1 required positional argument: 'd'",
        );
      const d = args[0];
      const message = "only floating-point types are supported as the default type";
      if (!isDtype(d)) throw new PyException("TypeError", `invalid dtype object: ${message}`);
      if (d.dtype.kind !== "float") throw new PyException("TypeError", message);
      setDefaultDtype(d.dtype);
      return null;
    }),
    set_grad_enabled: builtin("set_grad_enabled", (args) => {
      if (typeof args[0] !== "boolean")
        throw new PyException(
          "TypeError",
          `set_grad_enabled(): argument 'enabled' (position 1) must be bool, not ${typeName(args[0])}`,
        );
      return new SetGradEnabled(args[0]);
    }),
    inf: Infinity,
    nan: NaN,
    pi: Math.PI,
    e: Math.E,
    __version__: "2.13.0+cpu",
    device: builtin("device", (args) => {
      const [spec, index] = args;
      if (spec instanceof PyDevice) return spec;
      if (typeof spec !== "string")
        throw new PyException("TypeError", "device() received an invalid combination of arguments");
      return parseDevice(spec, typeof index === "bigint" ? Number(index) : null);
    }),
  });
  return new PyModule("torch", attrs, (name) =>
    name === "nn" || name === "cuda" ? ctx.importModule(`torch.${name}`) : undefined,
  );
}

/** torch.cuda as a CPU-only build has it: nothing available. */
export function makeCuda(): PyModule {
  return new PyModule("torch.cuda", {
    is_available: builtin("is_available", () => false),
    device_count: builtin("device_count", () => 0n),
  });
}

const LINEAR = f(["linear(Tensor input, Tensor weight, Tensor? bias=None)"], (a) =>
  wrap(
    linear(
      tensorOf(a[0]),
      tensorOf(a[1]),
      a[2] === undefined || a[2] === null ? null : tensorOf(a[2]),
    ),
  ),
);

const DROPOUT = f(
  ["dropout(Tensor input, double p=0.5, bool training=True, bool inplace=False)"],
  (a) => {
    const p = floatOf(a[1], 0.5);
    if (p < 0 || p > 1)
      throw new PyException(
        "ValueError",
        `dropout probability has to be between 0 and 1, but got ${floatRepr(p)}`,
      );
    // Evaluation mode hands the input back untouched, as F.dropout does.
    if (!boolOf(a[2], true)) return a[0] as PyValue;
    if (boolOf(a[3], false))
      throw new PyException(
        "NotImplementedError",
        "dropout(inplace=True) in training mode is not supported by MaskLab",
      );
    const x = tensorOf(a[0]);
    const out = guard(() => dropout(x, p));
    return out === x ? (a[0] as PyValue) : W(out);
  },
);

const isOverloads = (o: F | PyValue): o is F =>
  typeof o === "object" && o !== null && !(o instanceof PyObject) && "parser" in o;

const anomalyType = makeType("set_detect_anomaly", { module: "torch.autograd.anomaly_mode" });

/** set_detect_anomaly(mode) takes effect at once and, used with `with`, restores on exit. */
class AnomalyContext extends PyObject {
  constructor(readonly previous: boolean) {
    super();
  }
  get pyType(): PyType {
    return anomalyType;
  }
  override enter(): PyValue {
    return null;
  }
  override exit(): boolean {
    anomalyMode.enabled = this.previous;
    return false;
  }
}

const SET_DETECT_ANOMALY = f(["set_detect_anomaly(bool mode, bool check_nan=True)"], (a) => {
  const ctx = new AnomalyContext(anomalyMode.enabled);
  anomalyMode.enabled = boolOf(a[0]);
  return ctx;
});

function makeAutograd(): PyModule {
  return new PyModule("torch.autograd", {
    set_detect_anomaly: builtin("set_detect_anomaly", (args, kwargs) =>
      invoke(SET_DETECT_ANOMALY, null, args, kwargs),
    ),
    is_anomaly_enabled: builtin("is_anomaly_enabled", () => anomalyMode.enabled),
  });
}

const ONE_HOT = f(["one_hot(Tensor input, int64_t num_classes=-1)"], (a) =>
  wrap(oneHot(tensorOf(a[0]), intOf(a[1], -1))),
);

const PAD = f(
  ['pad(Tensor input, IntArrayRef pad, std::string mode="constant", double? value=None)'],
  (a) => {
    const mode = a[2] ?? "constant";
    if (mode !== "constant")
      throw new PyException(
        "NotImplementedError",
        `F.pad(mode='${String(mode)}') is not supported by MaskLab`,
      );
    const value = a[3] === undefined || a[3] === null ? 0 : floatOf(a[3], 0);
    return W(constantPad(tensorOf(a[0]), intsOf(a[1]), value));
  },
);

const SDPA = f(
  [
    "scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask=None, double dropout_p=0.0, bool is_causal=False, *, double? scale=None, bool enable_gqa=False)",
  ],
  (a) => {
    const dropout = a[4] === undefined ? 0 : floatOf(a[4], 0);
    if (dropout !== 0)
      throw new PyException(
        "NotImplementedError",
        "scaled_dot_product_attention with dropout_p > 0 is not supported by MaskLab",
      );
    return W(
      scaledDotProductAttention(tensorOf(a[0]), tensorOf(a[1]), tensorOf(a[2]), {
        mask: a[3] === undefined || a[3] === null ? null : tensorOf(a[3]),
        isCausal: boolOf(a[5], false),
        scale: a[6] === undefined || a[6] === null ? null : floatOf(a[6], 0),
      }),
    );
  },
);

export function makeFunctional(ctx: ModuleContext): PyModule {
  void ctx;
  const softmaxLike = (name: "softmax" | "log_softmax") =>
    builtin(name, (args, kwargs) => {
      const spec = ["input", "dim", "_stacklevel", "dtype"];
      const bound: (PyValue | undefined)[] = [...args];
      for (const [k, v] of kwargs ?? []) {
        const i = spec.indexOf(k);
        if (i < 0)
          throw new PyException("TypeError", `${name}() got an unexpected keyword argument '${k}'`);
        bound[i] = v;
      }
      const input = bound[0];
      if (!isTensor(input ?? null))
        throw new PyException(
          "TypeError",
          `${name}(): argument 'input' (position 1) must be Tensor, not ${typeOfName(input ?? null)}`,
        );
      const t = input as PyTensor;
      let dim = bound[1];
      if (dim === undefined || dim === null) {
        const nd = t.t.ndim;
        dim = BigInt(nd === 0 || nd === 1 || nd === 3 ? 0 : 1);
      }
      const rest: PyValue[] = [dim];
      const kw: Kwargs | undefined =
        bound[3] !== undefined && bound[3] !== null ? new Map([["dtype", bound[3]]]) : undefined;
      return invoke(TENSOR_METHODS[name], t, rest, kw);
    });
  return new PyModule("torch.nn.functional", {
    softmax: softmaxLike("softmax"),
    log_softmax: softmaxLike("log_softmax"),
    relu: builtin("relu", viaMethod("relu")),
    sigmoid: builtin("sigmoid", viaMethod("sigmoid")),
    tanh: builtin("tanh", viaMethod("tanh")),
    dropout: builtin("dropout", (args, kwargs) => invoke(DROPOUT, null, args, kwargs)),
    linear: builtin("linear", (args, kwargs) => invoke(LINEAR, null, args, kwargs)),
    pad: builtin("pad", (args, kwargs) => invoke(PAD, null, args, kwargs)),
    one_hot: builtin("one_hot", (args, kwargs) => invoke(ONE_HOT, null, args, kwargs)),
    scaled_dot_product_attention: builtin("scaled_dot_product_attention", (args, kwargs) =>
      invoke(SDPA, null, args, kwargs),
    ),
    multi_head_attention_forward: builtin("multi_head_attention_forward", (args, kwargs) =>
      multiHeadAttentionForwardFunction({ wrap, makeParameter, parameterType }, args, kwargs),
    ),
    ...functionalNormActivations(),
  });
}

export function makeNn(ctx: ModuleContext): PyModule {
  const parameter = f(["Parameter(Tensor? data=None, bool requires_grad=True)"], (a) =>
    makeParameter(a[0] === undefined ? makeTensor([]) : tensorOf(a[0]), boolOf(a[1], true)),
  );
  parameterType.construct = (args, kwargs) => invoke(parameter, null, args, kwargs);
  const host = { wrap, makeParameter, parameterType };
  return new PyModule("torch.nn", { Parameter: parameterType, ...nnExports(ctx, host) }, (name) =>
    name === "functional" ? ctx.importModule("torch.nn.functional") : undefined,
  );
}
