import {
  type Kwargs,
  PyComplex,
  PyException,
  PyList,
  PyObject,
  PyTuple,
  type PyValue,
} from "../objects";
import { typeName } from "../runtime";
import { cppUnorderedMapOrder } from "./cppOrder";
import { requireCpu } from "./device";
import { PySize } from "./size";
import { builtinTypeDtype, isDtype, isTensor } from "./types";

// PyTorch binds Python calls to overloads with its own argument parser, and learners see its
// messages: "masked_fill() received an invalid combination of arguments - got (Tensor, str), …",
// "softmax() missing 1 required positional arguments: "dim"". Signatures are written in
// PyTorch's schema syntax (`softmax(int64_t dim, ScalarType? dtype=None)`), and matching and
// error texts follow the same rules, so any wrong call reads as PyTorch would print it.

type ParamKind =
  | "Tensor"
  | "Scalar"
  | "int64_t"
  | "double"
  | "bool"
  | "IntArrayRef"
  | "TensorList"
  | "ScalarType"
  | "std::string"
  | "PyObject*"
  | "Generator"
  | "Device"
  | "Layout"
  | "MemoryFormat";

const PRINTED: Record<ParamKind, string> = {
  Tensor: "Tensor",
  Scalar: "Number",
  int64_t: "int",
  double: "float",
  bool: "bool",
  IntArrayRef: "tuple of ints",
  TensorList: "tuple of Tensors",
  ScalarType: "torch.dtype",
  "std::string": "str",
  "PyObject*": "object",
  Generator: "torch.Generator",
  Device: "torch.device",
  Layout: "torch.layout",
  MemoryFormat: "torch.memory_format",
};

/** Functions whose Tensor parameters also take Python numbers (PyTorch keeps the same list). */
const NUMBERS_AS_TENSORS = new Set([
  "add",
  "add_",
  "sub",
  "sub_",
  "mul",
  "mul_",
  "div",
  "div_",
  "divide",
  "multiply",
  "subtract",
  "true_divide",
  "floor_divide",
  "floor_divide_",
  "to",
  "copy_",
]);

interface Param {
  name: string;
  kind: ParamKind;
  optional: boolean;
  allowNone: boolean;
  keywordOnly: boolean;
  /** Schema default text as PyTorch prints it ("None", "False", "1"). */
  defaultText: string | null;
  /** IntArrayRef[N]: a single int is accepted and repeated. */
  size: number;
}

const isPyInt = (v: PyValue): v is bigint => typeof v === "bigint";
const isScalarValue = (v: PyValue): boolean =>
  typeof v === "bigint" || typeof v === "number" || typeof v === "boolean";

function tensorScalarLike(v: PyValue, accept: "int" | "float"): boolean {
  if (!isTensor(v)) return false;
  const t = v.t;
  if (t.ndim !== 0 || t.requiresGrad) return false;
  return accept === "float" || t.dtype.kind === "int";
}

const isIntItem = (x: PyValue): boolean => isPyInt(x) || tensorScalarLike(x, "int");

/** PyTorch accepts an int list on the strength of its first element; the rest fail later. */
function isIntList(v: PyValue): boolean {
  if (!(v instanceof PyTuple || v instanceof PyList)) return false;
  return v.items.length === 0 || isIntItem(v.items[0]);
}

/** The unpacking that follows overload selection (bools pass here, as in PyTorch). */
function unpackIntList(fn: string, param: string, items: readonly PyValue[]): void {
  const bad = items.findIndex((x) => !(isIntItem(x) || typeof x === "boolean"));
  if (bad >= 0)
    throw new PyException(
      "TypeError",
      `${fn}(): argument '${param}' failed to unpack the object at pos ${bad + 1} with error "type must be tuple of ints,but got ${typeName(items[bad])}"`,
    );
}

function checkParam(p: Param, v: PyValue, allowNumbers: boolean, index: number): boolean {
  switch (p.kind) {
    case "Tensor":
      return isTensor(v) || (allowNumbers && isScalarValue(v));
    case "Scalar":
      return isScalarValue(v) || v instanceof PyComplex || tensorScalarLike(v, "float");
    case "int64_t":
      return isPyInt(v) || tensorScalarLike(v, "int");
    case "double":
      return typeof v === "number" || isPyInt(v) || tensorScalarLike(v, "float");
    case "bool":
      return typeof v === "boolean";
    case "IntArrayRef":
      return isIntList(v) || (p.size > 0 && isPyInt(v));
    case "TensorList": {
      if (!(v instanceof PyTuple || v instanceof PyList)) return false;
      // PyTorch raises on a bad element right away, even while still choosing an overload.
      const bad = v.items.findIndex((x) => !isTensor(x));
      if (bad >= 0)
        throw new PyException(
          "TypeError",
          `expected Tensor as element ${bad} in argument ${index}, but got ${typeName(v.items[bad])}`,
        );
      return true;
    }
    case "ScalarType":
      return isDtype(v) || builtinTypeDtype(v) !== undefined;
    case "std::string":
      return typeof v === "string";
    case "PyObject*":
      return true;
    case "Device":
      return typeof v === "string" || (v instanceof PyObject && v.pyType.name === "device");
    default:
      return false;
  }
}

function parseParam(text: string, keywordOnly: boolean): Param {
  const space = text.indexOf(" ");
  let typeText = text.slice(0, space);
  let rest = text.slice(space + 1);
  let allowNone = false;
  if (typeText.endsWith("?")) {
    allowNone = true;
    typeText = typeText.slice(0, -1);
  }
  let size = 0;
  const bracket = typeText.indexOf("[");
  if (bracket >= 0) {
    size = Number(typeText.slice(bracket + 1, -1));
    typeText = typeText.slice(0, bracket);
  }
  if (!(typeText in PRINTED)) throw new Error(`unknown parameter type in signature: ${text}`);
  let defaultText: string | null = null;
  const eq = rest.indexOf("=");
  if (eq >= 0) {
    defaultText = rest.slice(eq + 1);
    rest = rest.slice(0, eq);
    if (defaultText === "None") allowNone = true;
  }
  return {
    name: rest,
    kind: typeText as ParamKind,
    optional: defaultText !== null,
    allowNone,
    keywordOnly,
    defaultText,
    size,
  };
}

export class Signature {
  readonly name: string;
  /** Parameter list as written in the schema, without name and parentheses. */
  readonly paramsText: string;
  readonly params: Param[] = [];
  readonly hidden: boolean;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly maxPosArgs: number;
  private readonly allowNumbers: boolean;

  constructor(schema: string) {
    const open = schema.indexOf("(");
    const close = schema.lastIndexOf(")");
    this.name = schema.slice(0, open);
    this.hidden = schema.slice(close + 1) === "|hidden";
    const inner = schema.slice(open + 1, close);
    this.paramsText = inner;
    let keywordOnly = false;
    if (inner !== "")
      for (const part of inner.split(", ")) {
        if (part === "*") keywordOnly = true;
        else this.params.push(parseParam(part, keywordOnly));
      }
    this.maxArgs = this.params.length;
    this.minArgs = this.params.filter((p) => !p.optional).length;
    this.maxPosArgs = this.params.filter((p) => !p.keywordOnly).length;
    this.allowNumbers = NUMBERS_AS_TENSORS.has(this.name);
  }

  /** The overload as PyTorch lists it in "expected one of:". */
  toString(): string {
    const parts: string[] = [];
    let starred = false;
    for (const p of this.params) {
      let s = "";
      if (p.keywordOnly && !starred) {
        s += "*, ";
        starred = true;
      }
      s += `${PRINTED[p.kind]} ${p.name}`;
      if (p.defaultText !== null) s += ` = ${p.defaultText}`;
      parts.push(s);
    }
    return `(${parts.join(", ")})`;
  }

  /**
   * Bind args to parameters. Returns one value per parameter (undefined when omitted or None
   * for an optional one), or null when `raise` is false and the call does not fit.
   */
  parse(
    args: PyValue[],
    kwargs: Kwargs | undefined,
    raise: boolean,
  ): (PyValue | undefined)[] | null {
    const nargs = args.length;
    let remainingKwargs = kwargs?.size ?? 0;
    const first = this.params[0];
    const varargsIntList = this.maxPosArgs === 1 && first?.kind === "IntArrayRef";
    if (nargs > this.maxPosArgs && !varargsIntList) {
      if (raise) this.extraArgs(nargs);
      return null;
    }
    const out: (PyValue | undefined)[] = [];
    let argPos = 0;
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i];
      let obj: PyValue | undefined;
      let isKwd = false;
      if (argPos < nargs) {
        if (p.keywordOnly) {
          if (raise) this.extraArgs(nargs);
          return null;
        }
        obj = args[argPos];
      } else if (kwargs) {
        obj = kwargs.get(p.name);
        if (obj === undefined && p.name === "dim") obj = kwargs.get("axis");
        if (obj === undefined && p.name === "keepdim") obj = kwargs.get("keepdims");
        isKwd = true;
      }
      // torch.Size is a tuple subclass in PyTorch: wherever a tuple of ints goes, so does a Size.
      if (obj instanceof PySize && p.kind === "IntArrayRef") obj = new PyTuple(obj.items);
      const varargsEligible = varargsIntList && argPos === 0 && !isKwd;
      if ((obj === undefined && p.optional) || (obj === null && p.allowNone)) {
        out.push(undefined);
      } else if (obj === undefined) {
        if (raise) this.missingArgs(i);
        return null;
      } else if (checkParam(p, obj, this.allowNumbers, i)) {
        if (p.kind === "IntArrayRef" && (obj instanceof PyTuple || obj instanceof PyList))
          unpackIntList(this.name, p.name, obj.items);
        if (p.kind === "Device") requireCpu(obj);
        out.push(obj);
      } else if (varargsEligible && isIntItem(args[0])) {
        unpackIntList(this.name, p.name, args);
        out.push(new PyTuple(args));
        argPos = nargs;
        continue;
      } else {
        if (!raise) return null;
        if (isKwd)
          throw new PyException(
            "TypeError",
            `${this.name}(): argument '${p.name}' must be ${PRINTED[p.kind]}, not ${typeName(obj)}`,
          );
        const listLike = obj instanceof PyTuple || obj instanceof PyList;
        if ((p.kind === "IntArrayRef" && listLike) || (varargsEligible && nargs > 1)) {
          const seq = listLike ? (obj as PyTuple | PyList).items : args;
          const bad = seq.findIndex((x) => !(isPyInt(x) || tensorScalarLike(x, "int")));
          if (bad >= 0)
            throw new PyException(
              "TypeError",
              `${this.name}(): argument '${p.name}' (position ${argPos + 1}) must be ${PRINTED[p.kind]}, but found element of type ${typeName(seq[bad])} at pos ${bad}`,
            );
        }
        throw new PyException(
          "TypeError",
          `${this.name}(): argument '${p.name}' (position ${argPos + 1}) must be ${PRINTED[p.kind]}, not ${typeName(obj)}`,
        );
      }
      if (!isKwd) argPos++;
      else if (obj !== undefined) remainingKwargs--;
    }
    // Positionals left over once every parameter is bound: `reshape((2, 3), 1)`.
    if (argPos < nargs) {
      if (raise) this.extraArgs(nargs);
      return null;
    }
    if (remainingKwargs > 0) {
      if (raise) this.extraKwargs(kwargs!, nargs);
      return null;
    }
    return out;
  }

  private extraArgs(nargs: number): never {
    if (this.minArgs !== this.maxPosArgs)
      throw new PyException(
        "TypeError",
        `${this.name}() takes from ${this.minArgs} to ${this.maxPosArgs} positional arguments but ${nargs} were given`,
      );
    throw new PyException(
      "TypeError",
      `${this.name}() takes ${this.maxPosArgs} positional argument${this.maxPosArgs === 1 ? "" : "s"} but ${nargs} ${nargs === 1 ? "was" : "were"} given`,
    );
  }

  private missingArgs(idx: number): never {
    const names = this.params
      .slice(idx)
      .filter((p) => !p.optional)
      .map((p) => `"${p.name}"`);
    // PyTorch's own pluralisation, reproduced as printed: "1 required positional arguments".
    throw new PyException(
      "TypeError",
      `${this.name}() missing ${names.length} required positional argument${names.length === 1 ? "s" : ""}: ${names.join(", ")}`,
    );
  }

  private extraKwargs(kwargs: Kwargs, nargs: number): never {
    for (const key of kwargs.keys()) {
      const idx = this.params.findIndex(
        (p) =>
          p.name === key ||
          (p.name === "dim" && key === "axis") ||
          (p.name === "keepdim" && key === "keepdims"),
      );
      if (idx < 0)
        throw new PyException(
          "TypeError",
          `${this.name}() got an unexpected keyword argument '${key}'`,
        );
      if (idx < nargs)
        throw new PyException(
          "TypeError",
          `${this.name}() got multiple values for argument '${key}'`,
        );
    }
    throw new PyException("TypeError", "invalid keyword arguments");
  }
}

/** The type names format_invalid_args prints for a value: lists show their element types. */
function describe(v: PyValue): string {
  if (v instanceof PyTuple) {
    const inner = v.items.map((x) => typeName(x)).join(", ");
    return `tuple of (${inner}${v.items.length === 1 ? "," : ""})`;
  }
  if (v instanceof PyList) return `list of [${v.items.map((x) => typeName(x)).join(", ")}]`;
  return typeName(v);
}

/** Py_TYPE(v)->tp_name: C types of the torch module carry their module prefix. */
function tpName(v: PyValue): string {
  if (v instanceof PyObject) {
    const t = v.pyType;
    return t.module === "torch" && t.name !== "Tensor" ? `torch.${t.name}` : t.name;
  }
  return typeName(v);
}

/**
 * One overload as PyTorch's invalid-arguments formatter re-reads it from its printed form: it
 * splits on ", " and takes the last word as the name, so `*` counts as an argument and a
 * parameter printed with a default ("bool keepdim = False") is named "False" and has a type
 * that no value matches. Only "float" and "int" accept more than their own type name.
 */
interface Option {
  names: string[];
  matches: ((v: PyValue) => boolean)[];
}

function reparse(printed: string): Option {
  const names: string[] = [];
  const matches: ((v: PyValue) => boolean)[] = [];
  for (const arg of printed.slice(1, -1).split(", ")) {
    const space = arg.lastIndexOf(" ");
    const type = space < 0 ? arg : arg.slice(0, space);
    names.push(arg.slice(space + 1));
    const accepted = type === "float" ? ["float", "int"] : type === "int" ? ["int"] : [type];
    matches.push((v) => accepted.includes(tpName(v)));
  }
  return { names, matches };
}

export class ArgParser {
  readonly signatures: Signature[];
  constructor(schemas: readonly string[]) {
    this.signatures = schemas.map((s) => new Signature(s));
  }

  /** Returns the index of the matching overload and its bound parameter values. */
  parse(
    args: PyValue[],
    kwargs: Kwargs | undefined,
  ): { index: number; values: (PyValue | undefined)[] } {
    if (this.signatures.length === 1) {
      return { index: 0, values: this.signatures[0].parse(args, kwargs, true)! };
    }
    for (let i = 0; i < this.signatures.length; i++) {
      const values = this.signatures[i].parse(args, kwargs, false);
      if (values) return { index: i, values };
    }
    this.printError(args, kwargs);
  }

  private printError(args: PyValue[], kwargs: Kwargs | undefined): never {
    const nargs = args.length + (kwargs?.size ?? 0);
    const plausible = this.signatures.filter(
      (s) => !s.hidden && nargs >= s.minArgs && nargs <= s.maxArgs,
    );
    if (plausible.length === 1) plausible[0].parse(args, kwargs, true);
    const visible = this.signatures.filter((s) => !s.hidden);
    const name = this.signatures[0].name;
    const keys = cppUnorderedMapOrder([...(kwargs?.keys() ?? [])]);
    // Each entry ends with ", "; only the last one goes, and only when there were positionals.
    const list = (cells: string[]) => {
      const text = cells.map((c) => c + ", ").join("");
      return `(${args.length > 0 ? text.slice(0, -2) : text})`;
    };
    const got = list([
      ...args.map((a) => tpName(a)),
      ...keys.map((k) => `${k}=${tpName(kwargs!.get(k)!)}`),
    ]);
    const unmatchedKeys = (option: Option) => {
      const start = Math.max(0, option.names.length - keys.length);
      return keys.filter((k) => !option.names.slice(start).includes(k));
    };
    const marked = (option: Option) => {
      const cells: string[] = [];
      for (let i = 0; i < nargs; i++) {
        const isKw = i >= args.length;
        const v = isKw ? kwargs!.get(option.names[i])! : args[i];
        const label = (isKw ? `${option.names[i]}=` : "") + describe(v);
        cells.push(option.matches[i](v) ? label : `!${label}!`);
      }
      return list(cells);
    };
    let msg = `${name}() received an invalid combination of arguments - `;
    if (visible.length === 1) {
      // One public overload: no list, and no trailing newline.
      const printed = visible[0].toString();
      const option = reparse(printed);
      const unmatched = unmatchedKeys(option);
      if (unmatched.length > 0)
        msg += `got unrecognized keyword arguments: ${unmatched.join(", ")}`;
      else
        msg += `got ${nargs === option.names.length ? marked(option) : got}, but expected ${printed}`;
      throw new PyException("TypeError", msg);
    }
    msg += `got ${got}, but expected one of:\n`;
    for (const sig of visible) {
      const printed = sig.toString();
      msg += ` * ${printed}\n`;
      const option = reparse(printed);
      if (nargs !== option.names.length) continue;
      const unmatched = unmatchedKeys(option);
      if (unmatched.length > 0) {
        msg += `      didn't match because some of the keywords were incorrect: ${unmatched.join(", ")}\n`;
        continue;
      }
      msg += `      didn't match because some of the arguments have invalid types: ${marked(option)}\n`;
    }
    // PyTorch's message ends with a newline; tracebacks strip it, str(e) keeps it.
    throw new PyException("TypeError", msg);
  }
}
