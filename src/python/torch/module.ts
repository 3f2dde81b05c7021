import { gradMode } from "../../tensor/autograd/node";
import { DTYPES, type DType } from "../../tensor/dtype";
import { BFLOAT16_MAX, HALF_MAX } from "../../tensor/half";
import { getDefaultDtype } from "../../tensor/ops/promote";
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
import { cat, stack } from "../../tensor/ops/join";
import { manualSeed, rand, randint, randn, randperm } from "../../tensor/ops/random";
import { defaultGenerator } from "../../tensor/random/index";
import { where } from "../../tensor/ops/where";
import { equal } from "../../tensor/ops/compareAll";
import type { Tensor } from "../../tensor/tensor";
import {
  builtin,
  type Kwargs,
  makeType,
  PyException,
  PyList,
  PyModule,
  PyObject,
  PyTuple,
  type PyType,
  type PyValue,
} from "../objects";
import { floatRepr } from "../../tensor/format/index";
import type { ModuleContext } from "../interpreter";
import {
  boolOf,
  dtypeOf,
  intOf,
  intsOf,
  isScalar,
  nestedData,
  scalarOf,
  tensorOf,
} from "./convert";
import { invoke, overloads, type Bound, type Overloads } from "./overloads";
import { sizeType } from "./size";
import { PY_DTYPES, isTensor, tensorType } from "./types";
import { TENSOR_METHODS } from "./tensorMethods";
import { wrap, type PyTensor } from "./tensorObject";

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

/** A function that forwards to the tensor method of the same name on its first argument. */
function viaMethod(
  name: string,
  method = name,
): (args: PyValue[], kwargs: Kwargs | undefined) => PyValue {
  return (args, kwargs) => {
    const first = args.length > 0 ? args[0] : kwargs?.get("input");
    if (!isTensor(first ?? null)) {
      const got = [
        ...args.map((a) => typeOfName(a)),
        ...[...(kwargs?.keys() ?? [])].map((k) => `${k}=…`),
      ];
      throw new PyException(
        "TypeError",
        `${name}(): argument 'input' (position 1) must be Tensor, not ${got[0] ?? "nothing"}`,
      );
    }
    const rest = args.length > 0 ? args.slice(1) : args;
    let kw = kwargs;
    if (args.length === 0 && kwargs) {
      kw = new Map(kwargs);
      kw.delete("input");
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

const FUNCTIONS: Record<string, F> = {
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
        : W(makeTensor(nestedData(a[0] ?? null), { dtype: dtypeOf(a[1]) })),
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
  where: f(
    [
      "where(Tensor condition)",
      "where(Tensor condition, Tensor input, Tensor other, *, Tensor? out=None)",
      "where(Tensor condition, Scalar self, Tensor other)",
      "where(Tensor condition, Tensor input, Scalar other)",
      "where(Tensor condition, Scalar self, Scalar other)",
    ],
    (a, i) => {
      if (i === 0)
        throw new PyException(
          "NotImplementedError",
          "torch.where(condition) with one argument is not supported by MaskLab",
        );
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
    const s = a[0];
    if (typeof s !== "bigint" && typeof s !== "number" && typeof s !== "boolean")
      throw new PyException(
        "TypeError",
        `manual_seed expected a long, but got ${typeOfName(s ?? null)}`,
      );
    const seed =
      typeof s === "bigint" ? s : typeof s === "boolean" ? BigInt(s) : BigInt(Math.trunc(s));
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
  get_default_dtype: f(["get_default_dtype()"], () => PY_DTYPES[getDefaultDtype().name]),
  equal: f(["equal(Tensor input, Tensor other)"], (a) => equal(tensorOf(a[0]), tensorOf(a[1]))),
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
  floor_divide remainder pow eq ne lt le gt ge t`.split(/\s+/);

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

/** repr uses C's %g with 6 significant digits. */
function g6(x: number): string {
  const s = x.toPrecision(6);
  const [mant, exp] = s.split("e");
  const m = mant.includes(".") ? mant.replace(/0+$/, "").replace(/\.$/, "") : mant;
  if (exp === undefined) return m;
  const e = Number(exp);
  return `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

class PyFinfo extends PyObject {
  constructor(readonly dtype: DType) {
    super();
  }
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
  bool: [8, 0n, 1n],
};

class PyIinfo extends PyObject {
  constructor(readonly dtype: DType) {
    super();
  }
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

const finfo = new (class extends PyObject {
  get pyType(): PyType {
    return finfoType;
  }
  override isCallable(): boolean {
    return true;
  }
  override call(args: PyValue[]): PyValue {
    const d = args.length === 0 ? getDefaultDtype() : dtypeOf(args[0]);
    if (d === undefined || FINFO[d.name] === undefined)
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
  override call(args: PyValue[]): PyValue {
    const d = dtypeOf(args[0]);
    if (d === undefined || IINFO[d.name] === undefined)
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
}

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
  const attrs: Record<string, PyValue> = {};
  for (const d of Object.values(DTYPES)) attrs[d.name] = PY_DTYPES[d.name];
  for (const [alias, name] of Object.entries(ALIASES)) attrs[alias] = PY_DTYPES[name];
  for (const [name, o] of Object.entries(FUNCTIONS))
    attrs[name] = builtin(name, (args, kwargs) => invoke(o, null, args, kwargs));
  for (const name of VIA_METHOD) if (!(name in attrs)) attrs[name] = builtin(name, viaMethod(name));
  Object.assign(attrs, {
    Tensor: tensorType,
    Size: sizeType,
    finfo,
    iinfo,
    no_grad: builtin("no_grad", () => new GradModeContext("no_grad", false)),
    enable_grad: builtin("enable_grad", () => new GradModeContext("enable_grad", true)),
    inf: Infinity,
    nan: NaN,
    pi: Math.PI,
    e: Math.E,
    __version__: "2.13.0+cpu",
  });
  return new PyModule("torch", attrs, (name) =>
    name === "nn" ? ctx.importModule("torch.nn") : undefined,
  );
}

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
  });
}

export function makeNn(ctx: ModuleContext): PyModule {
  return new PyModule("torch.nn", {}, (name) =>
    name === "functional" ? ctx.importModule("torch.nn.functional") : undefined,
  );
}
