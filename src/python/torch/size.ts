import { sizeRepr } from "../../tensor/print/index";
import {
  type BinaryOp,
  builtin,
  type CompareOp,
  makeType,
  NotImplemented,
  type NotImplementedType,
  PyException,
  PyList,
  PyObject,
  PySlice,
  PyTuple,
  type PyType,
  type PyValue,
  tupleType,
} from "../objects";
import { builtinMethod } from "../methods";
import { compare, getItem, hashKey, pyEq, toArray, typeName } from "../runtime";

export const sizeType: PyType = makeType("Size", { module: "torch", bases: [tupleType] });

/**
 * torch.Size: a tuple of ints that prints as `torch.Size([2, 3])` and compares equal to the
 * plain tuple with the same items.
 */
export class PySize extends PyObject {
  readonly items: readonly bigint[];
  constructor(shape: readonly number[]) {
    super();
    this.items = shape.map((s) => BigInt(s));
  }
  get pyType(): PyType {
    return sizeType;
  }
  get dims(): number[] {
    return this.items.map(Number);
  }
  private asTuple(): PyTuple {
    return new PyTuple(this.items);
  }
  override len(): number {
    return this.items.length;
  }
  override iter(): Iterator<PyValue> {
    return this.items[Symbol.iterator]();
  }
  override getItem(key: PyValue): PyValue {
    const r = getItem(this.asTuple(), key);
    if (key instanceof PySlice && r instanceof PyTuple) return new PySize(r.items.map(Number));
    return r;
  }
  override contains(item: PyValue): boolean {
    return this.items.some((x) => pyEq(x, item));
  }
  override compare(op: CompareOp, other: PyValue): PyValue | NotImplementedType {
    const o = other instanceof PySize ? other.asTuple() : other;
    if (!(o instanceof PyTuple || o instanceof PyList)) return NotImplemented;
    if (o instanceof PyList) return op === "!=" ? true : op === "==" ? false : NotImplemented;
    return compare(op, this.asTuple(), o);
  }
  override hashKey(): string | undefined {
    // Equal to the plain tuple's, so a Size finds a dict entry keyed by the tuple and back.
    return hashKey(this.asTuple());
  }
  override binaryOp(
    op: BinaryOp,
    other: PyValue,
    reflected: boolean,
  ): PyValue | NotImplementedType {
    // torch.Size keeps its type through concatenation and repetition, from either side.
    if (op === "*" && typeof other === "bigint") {
      const n = Math.max(0, Number(other));
      return new PySize(Array.from({ length: n }, () => this.dims).flat());
    }
    if (op !== "+") return NotImplemented;
    if (other instanceof PyList && !reflected)
      throw new PyException("TypeError", "can only concatenate tuple (not list) to torch.Size");
    if (!(other instanceof PyTuple || other instanceof PySize)) return NotImplemented;
    const o = other instanceof PySize ? other.items : (other.items as PyValue[]);
    const items = reflected ? [...o, ...this.items] : [...this.items, ...o];
    return items.every((v) => typeof v === "bigint")
      ? new PySize(items.map(Number))
      : new PyTuple(items);
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "numel") return numelMethod(this);
    // The tuple methods (index, count) work on the sizes as a plain tuple.
    return builtinMethod(this.asTuple(), name);
  }
  override call(): PyValue {
    throw new PyException("TypeError", "'torch.Size' object is not callable");
  }
  override setItem(): void {
    throw new PyException("TypeError", "'torch.Size' object does not support item assignment");
  }
  override repr(): string {
    return sizeRepr(this.dims);
  }
}

sizeType.construct = (args) => {
  if (args.length > 1)
    throw new PyException("TypeError", `Size() takes at most 1 argument (${args.length} given)`);
  const items = args.length === 0 ? [] : toArray(args[0]);
  return new PySize(
    items.map((v) => {
      if (typeof v !== "bigint")
        throw new PyException(
          "TypeError",
          `torch.Size() takes an iterable of 'int' (item 0 is '${typeName(v)}')`,
        );
      return Number(v);
    }),
  );
};

function numelMethod(s: PySize): PyValue {
  return builtin("numel", () => s.items.reduce((a, b) => a * b, 1n));
}
