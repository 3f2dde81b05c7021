import {
  type BinaryOp,
  type CompareOp,
  makeType,
  PyException,
  PyObject,
  PyTuple,
  tupleType,
  type PyType,
  type PyValue,
} from "../objects";
import { binaryOp, compare, getItem, repr } from "../runtime";

const types = new Map<string, PyType>();

/**
 * torch.return_types.max and friends: a named tuple of tensors that prints one field per line,
 * `torch.return_types.max(\nvalues=…,\nindices=…)`, and unpacks like a tuple.
 */
export class PyReturnTypes extends PyObject {
  constructor(
    readonly name: string,
    readonly fields: readonly [string, PyValue][],
  ) {
    super();
  }
  get pyType(): PyType {
    let t = types.get(this.name);
    if (!t) {
      // A structseq: isinstance(r, tuple) holds, as in PyTorch.
      t = makeType(this.name, { module: "torch.return_types", bases: [tupleType] });
      types.set(this.name, t);
    }
    return t;
  }
  tuple(): PyTuple {
    return new PyTuple(this.fields.map(([, v]) => v));
  }
  override getAttr(name: string): PyValue | undefined {
    return this.fields.find(([k]) => k === name)?.[1];
  }
  override getItem(key: PyValue): PyValue {
    return getItem(this.tuple(), key);
  }
  override len(): number {
    return this.fields.length;
  }
  // Arithmetic and comparisons are the tuple's: `r + (1,)`, `r == (values, indices)`.
  override binaryOp(op: BinaryOp, other: PyValue, reflected: boolean): PyValue {
    const o = asTuple(other);
    return reflected ? binaryOp(op, o, this.tuple()) : binaryOp(op, this.tuple(), o);
  }
  override compare(op: CompareOp, other: PyValue): PyValue {
    return compare(op, this.tuple(), asTuple(other));
  }
  override iter(): Iterator<PyValue> {
    return this.tuple().iter();
  }
  override setAttr(): boolean {
    throw new PyException("AttributeError", "readonly attribute");
  }
  override repr(): string {
    const body = this.fields.map(([k, v]) => `${k}=${repr(v)}`).join(",\n");
    return `torch.return_types.${this.name}(\n${body})`;
  }
}

const asTuple = (v: PyValue): PyValue => (v instanceof PyReturnTypes ? v.tuple() : v);
