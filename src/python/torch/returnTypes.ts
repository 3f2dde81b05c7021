import { makeType, PyException, PyObject, PyTuple, type PyType, type PyValue } from "../objects";
import { getItem, repr } from "../runtime";

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
      t = makeType(this.name, { module: "torch.return_types" });
      types.set(this.name, t);
    }
    return t;
  }
  private tuple(): PyTuple {
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
