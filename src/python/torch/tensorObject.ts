import { backward } from "../../tensor/autograd/backward";
import type { GradNode } from "../../tensor/autograd/node";
import { defaultPrintOptions, type PrintOptions, tensorRepr } from "../../tensor/print/index";
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
import { add, div, floorDivide, mul, pow, remainder, sub } from "../../tensor/ops/binary";
import { eq, ge, gt, le, lt, ne } from "../../tensor/ops/compare";
import { bitwiseAnd, bitwiseOr, bitwiseXor, invert } from "../../tensor/ops/logical";
import { getItem, type IndexItem, setItem } from "../../tensor/ops/indexing";
import { unbind } from "../../tensor/ops/slicing";
import { item } from "../../tensor/ops/item";
import { matmul } from "../../tensor/ops/matmul";
import { any } from "../../tensor/ops/reduce";
import { abs, neg } from "../../tensor/ops/unary";
import type { Scalar } from "../../tensor/convert";
import { floatToInt } from "../builtins";
import { data as dataOf, detach } from "../../tensor/ops/copy";
import { Tensor } from "../../tensor/tensor";
import { TorchError } from "../../tensor/errors";
import {
  type BinaryOp,
  builtin,
  type CompareOp,
  Ellipsis,
  type Kwargs,
  makeType,
  NotImplemented,
  type NotImplementedType,
  objectId,
  PyBuiltin,
  PyComplex,
  PyException,
  PyList,
  PyObject,
  PySlice,
  PyTuple,
  type PyType,
  type PyValue,
  type UnaryOp,
} from "../objects";
import { format as formatValue, repr, typeName, typeOf } from "../runtime";
import { tensor as makeTensor } from "../../tensor/ops/create";
import { guard, isScalar, nestedData, scalarFor, toPyException } from "./convert";
import { invoke } from "./overloads";
import { checkConvention, parseArgs } from "../args";
import { CPU } from "./device";
import { PySize } from "./size";
import { isTensor, pyDtype, tensorType, TensorBox } from "./types";
import { TENSOR_METHODS } from "./tensorMethods";

// torch.Tensor as Python sees it. The wrapper is cached per core tensor, so a method that
// returns its receiver (masked_fill_, add_) gives back the very same Python object and
// `y is x` holds, as in PyTorch.

/** One Python object per core object, so identity (`is`) survives round trips. */
function memo<K extends object, V>(make: (k: K) => V, cache = new WeakMap<K, V>()): (k: K) => V {
  return (k) => {
    let v = cache.get(k);
    if (v === undefined) {
      v = make(k);
      cache.set(k, v);
    }
    return v;
  };
}

const tensorObjects = new WeakMap<Tensor, PyTensor>();
export const wrap = memo((t: Tensor) => new PyTensor(t), tensorObjects);

/** C++ nodes are named with their namespace (torch::autograd::CopySlices); the class is not. */
const pyClassName = (nodeName: string): string => nodeName.slice(nodeName.lastIndexOf(":") + 1);

/** Each backward node is its own class in PyTorch: type(y.grad_fn).__name__ is its name. */
const gradFnTypes = new Map<string, PyType>();
function gradFnType(name: string): PyType {
  let t = gradFnTypes.get(name);
  if (t === undefined) {
    t = makeType(pyClassName(name));
    gradFnTypes.set(name, t);
  }
  return t;
}

/** `y.grad_fn`: prints as `<MaskedFillBackward0 object at 0x…>`, `.name()` gives the name. */
class PyGradFn extends PyObject {
  constructor(readonly node: GradNode) {
    super();
  }
  get pyType(): PyType {
    return gradFnType(this.node.name);
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "name") return builtin("name", () => this.node.name);
    if (name === "next_functions")
      return new PyTuple(
        this.node.next.map(
          (e) => new PyTuple([e.node === null ? null : wrapGradFn(e.node), BigInt(e.inputNr)]),
        ),
      );
    return undefined;
  }
  override repr(): string {
    return `<${pyClassName(this.node.name)} object at 0x${objectId(this).toString(16).padStart(12, "0")}>`;
  }
}

const wrapGradFn = memo((n: GradNode) => new PyGradFn(n));

/**
 * Methods torch/_tensor.py defines in Python: CPython checks their arity (counting self)
 * before PyTorch's argument parser sees the call.
 */
const PYTHON_DEFINED: Record<string, readonly string[]> = {
  split: ["self", "split_size", "dim?"],
  unflatten: ["self", "dim", "sizes"],
  backward: ["self", "gradient?", "retain_graph?", "create_graph?", "inputs?"],
};

/** Python subscript -> the core's index items. */
function indexItems(key: PyValue): IndexItem[] {
  const items = key instanceof PyTuple ? key.items : [key];
  return items.map(indexItem);
}

function indexItem(k: PyValue): IndexItem {
  if (typeof k === "bigint") return Number(k);
  if (k === null) return null;
  if (k === Ellipsis) return "ellipsis";
  if (k instanceof PySlice) {
    const part = (v: PyValue): number | null => {
      if (v === null) return null;
      if (typeof v === "bigint") return Number(v);
      if (typeof v === "boolean") return v ? 1 : 0;
      if (isTensor(v) && v.t.ndim === 0 && v.t.dtype.kind !== "float")
        return Number(guard(() => item(v.t)));
      throw new PyException(
        "TypeError",
        "slice indices must be integers or None or have an __index__ method",
      );
    };
    return { slice: [part(k.start), part(k.stop), part(k.step)] };
  }
  if (isTensor(k)) return k.t;
  // A str is a Python sequence, so PyTorch hands it to torch.tensor() as index data.
  if (typeof k === "string") throw new PyException("TypeError", "new(): invalid data type 'str'");
  if (typeof k === "boolean") return k;
  if (k instanceof PyList || k instanceof PyTuple) {
    const flat = k.items;
    if (flat.every((x) => typeof x === "bigint")) return flat.map((x) => Number(x));
    if (flat.every((x) => typeof x === "boolean"))
      return guard(() => listTensor(flat as boolean[]));
    return guard(() => nestedIndexTensor(k));
  }
  throw new PyException(
    "IndexError",
    "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got " +
      typeName(k) +
      ")",
  );
}

const listTensor = (bs: boolean[]): Tensor => makeTensor(bs);
const nestedIndexTensor = (k: PyValue): Tensor => makeTensor(nestedData(k));

type Binary = (
  a: Tensor | bigint | number | boolean,
  b: Tensor | bigint | number | boolean,
) => Tensor;
const BINARY: Partial<Record<BinaryOp, Binary>> = {
  "+": (a, b) => add(a, b),
  "-": (a, b) => sub(a, b),
  "*": mul,
  "/": (a, b) => div(a, b),
  "//": floorDivide,
  "%": remainder,
  "**": pow,
  "&": bitwiseAnd,
  "|": bitwiseOr,
  "^": bitwiseXor,
};

type Inplace = (self: Tensor, other: Tensor | bigint | number | boolean) => Tensor;
const INPLACE: Partial<Record<BinaryOp, Inplace>> = {
  "+": (s, o) => add_(s, o),
  "-": (s, o) => sub_(s, o),
  "*": mul_,
  "/": (s, o) => div_(s, o),
  "//": floorDivide_,
  "%": remainder_,
  "**": pow_,
  "&": bitwiseAnd_,
  "|": bitwiseOr_,
  "^": bitwiseXor_,
};

const COMPARE: Record<CompareOp, Binary> = {
  "==": eq,
  "!=": ne,
  "<": lt,
  "<=": le,
  ">": gt,
  ">=": ge,
};

// Operator dunders a program may call by name (`t.__iadd__(1)`, `torch.Tensor.__add__(t, 1)`).
const BINARY_DUNDERS: Record<string, BinaryOp> = {
  add: "+",
  sub: "-",
  mul: "*",
  truediv: "/",
  floordiv: "//",
  mod: "%",
  pow: "**",
  and: "&",
  or: "|",
  xor: "^",
  matmul: "@",
};
const COMPARE_DUNDERS: Record<string, CompareOp> = {
  eq: "==",
  ne: "!=",
  lt: "<",
  le: "<=",
  gt: ">",
  ge: ">=",
};
const UNARY_DUNDERS: Record<string, UnaryOp> = { neg: "-", invert: "~", pos: "+" };
const OTHER_DUNDERS = [
  "getitem",
  "setitem",
  "len",
  "contains",
  "int",
  "float",
  "index",
  "bool",
  "abs",
];

export const TENSOR_DUNDERS: readonly string[] = [
  ...Object.keys(BINARY_DUNDERS).flatMap((n) => [`__${n}__`, `__r${n}__`, `__i${n}__`]),
  ...Object.keys(COMPARE_DUNDERS).map((n) => `__${n}__`),
  ...Object.keys(UNARY_DUNDERS).map((n) => `__${n}__`),
  ...OTHER_DUNDERS.map((n) => `__${n}__`),
];

/** Python's NotImplemented is None in this interpreter. */
const orNone = (v: PyValue | NotImplementedType): PyValue => (v === NotImplemented ? null : v);

function dunderMethod(self: PyTensor, name: string): PyValue | undefined {
  const m = /^__(r|i)?(\w+?)__$/.exec(name);
  if (m === null) return undefined;
  const [, prefix, base] = m;
  const bin = BINARY_DUNDERS[base];
  if (bin !== undefined)
    return builtin(name, (args) => {
      const other = args[0] ?? null;
      if (prefix === "i") return orNone(self.inplaceOp(bin, other));
      return orNone(self.binaryOp(bin, other, prefix === "r"));
    });
  if (prefix !== undefined) return undefined;
  const cmp = COMPARE_DUNDERS[base];
  if (cmp !== undefined) return builtin(name, (args) => orNone(self.compare(cmp, args[0] ?? null)));
  const un = UNARY_DUNDERS[base];
  if (un !== undefined) return builtin(name, () => orNone(self.unaryOp(un)));
  switch (base) {
    case "getitem":
      return builtin(name, (args) => self.getItem(args[0] ?? null));
    case "setitem":
      return builtin(name, (args) => {
        self.setItem(args[0] ?? null, args[1] ?? null);
        return null;
      });
    case "len":
      return builtin(name, () => BigInt(self.len()));
    case "contains":
      return builtin(name, (args) => self.contains(args[0] ?? null));
  }
  return undefined;
}

const operand = (v: PyValue): Tensor | bigint | number | boolean | null =>
  isTensor(v) ? v.t : isScalar(v) ? v : null;

// Tensor properties Python code may read but not assign.
const READ_ONLY_ATTRS = new Set(
  ["shape", "dtype", "device", "ndim", "is_leaf", "grad_fn", "layout", "is_cuda"].concat([
    "T",
    "mT",
    "H",
    "itemsize",
    "nbytes",
    "_version",
    "_base",
  ]),
);

export class PyTensor extends TensorBox {
  /** Attributes a program set on this tensor (`x.name = ...`), like a Python instance dict. */
  private ownAttrs?: Map<string, PyValue>;
  constructor(readonly t: Tensor) {
    super();
  }
  get pyType(): PyType {
    return tensorType;
  }

  override getAttr(name: string): PyValue | undefined {
    return this.attribute(name, typeName(this));
  }

  /**
   * `x.name(...)`: CPython calls the type's method descriptor unbound, so a C method's arity
   * error names the class that defines it (TensorBase.t()); a bound method kept in a variable
   * names the object's own class instead (Tensor.t(), Parameter.t()).
   */
  override getMethod(name: string): PyValue | undefined {
    return this.attribute(name, "TensorBase");
  }

  private attribute(name: string, owner: string): PyValue | undefined {
    const own = this.ownAttrs?.get(name);
    if (own !== undefined) return own;
    const t = this.t;
    switch (name) {
      case "shape":
        return new PySize(t.shape);
      case "dtype":
        return pyDtype(t.dtype);
      case "ndim":
        return BigInt(t.ndim);
      case "device":
        return CPU;
      case "is_cuda":
        return false;
      case "itemsize":
        return BigInt(t.dtype.itemsize);
      case "nbytes":
        return BigInt(t.numel * t.dtype.itemsize);
      case "requires_grad":
        return t.requiresGrad;
      case "is_leaf":
        return t.isLeaf;
      case "retains_grad":
        return t.retainsGrad;
      case "grad":
        return t.grad === null ? null : wrap(t.grad);
      case "grad_fn":
        return t.gradFn === null ? null : wrapGradFn(t.gradFn);
      case "data":
        return wrap(dataOf(t));
      case "_version":
        return BigInt(t.version.value);
      case "_base":
        return t.base === null ? null : wrap(t.base);
      case "T":
      case "mT":
      case "H":
        return this.callMethod(name === "T" ? "_T" : "_mT", [], undefined);
      case "__class__":
        return tensorType;
      case "__int__":
        return builtin(name, () => scalarToInt(this.scalar()));
      case "__float__":
        return builtin(name, () => scalarToFloat(this.scalar()));
      case "__index__":
        return builtin(name, () => this.index());
      case "__bool__":
        return builtin(name, () => this.bool());
      case "__abs__":
        return builtin(name, () => guard(() => wrap(abs(this.t))));
    }
    const m = TENSOR_METHODS[name];
    if (m === undefined) return name.startsWith("__") ? dunderMethod(this, name) : undefined;
    const sigs = m.parser.signatures;
    // PyTorch's code generator binds a method whose only schema has no parameters as a C
    // METH_NOARGS method, so CPython words its arity errors, not the argument parser.
    if (sigs.length === 1 && sigs[0].params.length === 0)
      return new PyBuiltin(
        name,
        (args, kwargs) => {
          checkConvention(`${owner}.${name}`, name, "NOARGS", args, kwargs);
          return invoke(m, this, args, kwargs);
        },
        this,
      );
    const def = PYTHON_DEFINED[name];
    if (def !== undefined)
      return new PyBuiltin(
        name,
        (args, kwargs) => {
          parseArgs(`Tensor.${name}`, [this, ...args], kwargs, def);
          return invoke(m, this, args, kwargs);
        },
        this,
      );
    return new PyBuiltin(name, (args, kwargs) => invoke(m, this, args, kwargs), this);
  }

  /** The one element of a single-element tensor of any rank, as int()/float() see it. */
  private scalar(): Scalar {
    if (this.t.numel !== 1)
      throw new PyException(
        "ValueError",
        "only one element tensors can be converted to Python scalars",
      );
    return guard(() => item(this.t));
  }

  /** `__index__`: only integral (or bool) single-element tensors stand in for a Python int. */
  private index(): bigint {
    if (this.t.numel !== 1 || this.t.dtype.kind === "float")
      throw new PyException(
        "TypeError",
        "only integer tensors of a single element can be converted to an index",
      );
    return scalarToInt(guard(() => item(this.t)));
  }

  callMethod(name: string, args: PyValue[], kwargs: Kwargs | undefined): PyValue {
    return invoke(TENSOR_METHODS[name], this, args, kwargs);
  }

  override setAttr(name: string, value: PyValue): boolean {
    const t = this.t;
    switch (name) {
      case "requires_grad":
        if (typeof value !== "boolean")
          throw new PyException("TypeError", "requires_grad must be a bool");
        guard(() => setRequiresGrad(t, value));
        return true;
      case "grad":
        if (value !== null && !isTensor(value))
          throw new PyException(
            "TypeError",
            `assigned grad expected to be a Tensor or None but got grad of type ${typeName(value)}`,
          );
        t.grad = value === null ? null : value.t;
        return true;
      case "data": {
        if (!isTensor(value))
          throw new PyException(
            "TypeError",
            "Variable data has to be a tensor, but got " + typeName(value),
          );
        guard(() => assignData(t, value.t));
        return true;
      }
    }
    if (READ_ONLY_ATTRS.has(name))
      throw new PyException(
        "AttributeError",
        `attribute '${name}' of 'torch._C.TensorBase' objects is not writable`,
      );
    (this.ownAttrs ??= new Map()).set(name, value);
    return true;
  }

  override binaryOp(
    op: BinaryOp,
    other: PyValue,
    reflected: boolean,
  ): PyValue | NotImplementedType {
    const o = operand(other);
    if (o === null) return NotImplemented;
    if (op === "@") {
      if (!(o instanceof Tensor)) return NotImplemented;
      return guard(() => wrap(reflected ? matmul(o, this.t) : matmul(this.t, o)));
    }
    const f = BINARY[op];
    if (f === undefined) return NotImplemented;
    return guard(() => wrap(reflected ? f(o, this.t) : f(this.t, o)));
  }

  override inplaceOp(op: BinaryOp, other: PyValue): PyValue | NotImplementedType {
    const o = operand(other);
    const f = INPLACE[op];
    if (o === null || f === undefined) return NotImplemented;
    guard(() => f(this.t, o));
    return this;
  }

  override unaryOp(op: UnaryOp): PyValue | NotImplementedType {
    if (op === "-") return guard(() => wrap(neg(this.t)));
    if (op === "~") return guard(() => wrap(invert(this.t)));
    return this;
  }

  override compare(op: CompareOp, other: PyValue): PyValue | NotImplementedType {
    const o = operand(other);
    if (o === null) return NotImplemented;
    return guard(() => wrap(COMPARE[op](this.t, o)));
  }

  override getItem(key: PyValue): PyValue {
    const items = indexItems(key);
    return guard(() => wrap(getItem(this.t, items, { tuple: key instanceof PyTuple })));
  }

  override setItem(key: PyValue, value: PyValue): void {
    // A complex number is a Scalar to PyTorch's setitem: it lands when its imaginary part is 0.
    const v = isTensor(value)
      ? value.t
      : isScalar(value) || value instanceof PyComplex
        ? scalarFor(value, this.t.dtype)
        : null;
    if (v === null)
      throw new PyException(
        "TypeError",
        `can't assign a ${typeName(value)} to a ${tensorTypeString(this.t)}`,
      );
    const items = indexItems(key);
    guard(() => setItem(this.t, items, v, { tuple: key instanceof PyTuple }));
  }

  override contains(element: PyValue): boolean {
    // Tensor.__contains__: `(element == self).any()`, for a tensor or a Python number only.
    const o = operand(element);
    if (o === null)
      throw new PyException(
        "RuntimeError",
        `Tensor.__contains__ only supports Tensor or scalar, but you passed in a ${repr(typeOf(element))}.`,
      );
    const equal = () => (o instanceof Tensor ? eq(o, this.t) : eq(this.t, o));
    return guard(() => item(any(equal()))) === true;
  }

  override len(): number {
    if (this.t.ndim === 0) throw new PyException("TypeError", "len() of a 0-d tensor");
    return this.t.shape[0];
  }

  override iter(): Iterator<PyValue> {
    const t = this.t;
    if (t.ndim === 0) throw new PyException("TypeError", "iteration over a 0-d tensor");
    // As PyTorch's Tensor.__iter__: iter(self.unbind(0)), one node for every row.
    const rows = guard(() => unbind(t, 0));
    let i = 0;
    return {
      next: () =>
        i < rows.length
          ? { value: wrap(rows[i++]), done: false }
          : { value: undefined, done: true as const },
    };
  }

  override bool(): boolean {
    const n = this.t.numel;
    if (n === 0)
      throw new PyException("RuntimeError", "Boolean value of Tensor with no values is ambiguous");
    if (n > 1)
      throw new PyException(
        "RuntimeError",
        "Boolean value of Tensor with more than one value is ambiguous",
      );
    const v = guard(() => item(this.t));
    return typeof v === "boolean" ? v : typeof v === "bigint" ? v !== 0n : v !== 0;
  }

  override repr(): string {
    const t = this.t;
    return tensorRepr(
      t,
      {
        gradFnName: t.gradFn === null ? null : pyClassName(t.gradFn.name),
        requiresGrad: t.requiresGrad,
      },
      printOptions,
    );
  }

  override format(spec: string): string {
    if (this.t.ndim === 0)
      return formatValue(
        guard(() => item(this.t)),
        spec,
      );
    if (spec === "") return this.repr();
    throw new PyException("TypeError", "unsupported format string passed to Tensor.__format__");
  }
}

function scalarToInt(v: Scalar): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "boolean") return v ? 1n : 0n;
  return floatToInt(v);
}

const scalarToFloat = (v: Scalar): number =>
  typeof v === "number" ? v : typeof v === "boolean" ? (v ? 1 : 0) : Number(v);

function tensorTypeString(t: Tensor): string {
  return t.dtype.legacyName.startsWith("torch.") ? t.dtype.legacyName : "Tensor";
}

function setRequiresGrad(t: Tensor, value: boolean): void {
  if (!t.isLeaf) {
    if (!value)
      throw new TorchError(
        "RuntimeError",
        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
      );
    return;
  }
  if (value && t.dtype.kind !== "float")
    throw new TorchError(
      "RuntimeError",
      "only Tensors of floating point and complex dtype can require gradients",
    );
  t.requiresGrad = value;
}

/** `x.data = y`: x keeps its identity but takes y's storage, shape and dtype. */
function assignData(t: Tensor, src: Tensor): void {
  Object.assign(t as unknown as Record<string, unknown>, {
    storage: src.storage,
    shape: src.shape,
    strides: src.strides,
    offset: src.offset,
  });
}

/** torch.set_printoptions state (per process, as in PyTorch). */
export const printOptions: PrintOptions = { ...defaultPrintOptions };

/** torch.autograd.set_detect_anomaly state. */
export const anomalyMode = { enabled: false };

const ANOMALY_HINT =
  "Hint: the backtrace further above shows the operation that failed to compute its gradient. The variable in question was changed in there or anywhere later. Good luck!";

export function tensorBackward(t: Tensor, gradient: Tensor | null, retainGraph: boolean): void {
  try {
    backward(t, gradient, retainGraph);
  } catch (e) {
    const pe = toPyException(e);
    if (!(pe instanceof PyException)) throw pe;
    // With anomaly mode on, PyTorch names the forward op (Exp, not ExpBackward0) and, having
    // printed the forward traceback as a warning, replaces the hint.
    const m = pe.args[0];
    if (anomalyMode.enabled && typeof m === "string" && m.includes("Hint: enable anomaly"))
      pe.args = [
        m
          .replace(/(which is output \d+ of \w+?)Backward\d+,/, "$1,")
          .replace(/Hint: enable anomaly.*$/, ANOMALY_HINT),
      ];
    throw pe;
  }
}

export const parameterType = makeType("Parameter", {
  module: "torch.nn.parameter",
  bases: [tensorType],
});

/** torch.nn.Parameter: a Tensor subclass whose repr announces itself. */
class PyParameter extends PyTensor {
  override get pyType(): PyType {
    return parameterType;
  }
  override repr(): string {
    return "Parameter containing:\n" + super.repr();
  }
}

/** `nn.Parameter(data, requires_grad=True)`: a fresh leaf sharing data's storage. */
export function makeParameter(data: Tensor, requiresGrad: boolean): PyTensor {
  const t = guard(() => detach(data));
  if (requiresGrad && t.dtype.kind !== "float")
    throw new PyException(
      "RuntimeError",
      "Only Tensors of floating point and complex dtype can require gradients",
    );
  t.requiresGrad = requiresGrad;
  const p = new PyParameter(t);
  tensorObjects.set(t, p);
  return p;
}
