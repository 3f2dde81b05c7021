import {
  type Kwargs,
  makeType,
  PyException,
  PyObject,
  type PyType,
  type PyValue,
} from "../objects";
import { getMethod, typeName } from "../runtime";
import { isTensor, tensorType } from "./types";

const methodDescriptorType = makeType("method_descriptor");

/**
 * `torch.Tensor.masked_fill`: the method looked up on the class, called with the tensor first
 * (`torch.Tensor.masked_fill(t, m, 0)`, or `f = torch.Tensor.sum; f(t)`). It binds through the
 * instance as a method call does, so argument errors and results are those of
 * `t.masked_fill(m, 0)`.
 */
class PyMethodDescriptor extends PyObject {
  constructor(readonly name: string) {
    super();
  }
  get pyType(): PyType {
    return methodDescriptorType;
  }
  override isCallable(): boolean {
    return true;
  }
  override call(args: PyValue[], kwargs: Kwargs | undefined): PyValue {
    if (args.length === 0)
      throw new PyException(
        "TypeError",
        `unbound method TensorBase.${this.name}() needs an argument`,
      );
    const self = args[0];
    if (!isTensor(self))
      throw new PyException(
        "TypeError",
        `descriptor '${this.name}' for 'torch._C.TensorBase' objects doesn't apply to a '${typeName(self)}' object`,
      );
    const bound = getMethod(self, this.name);
    if (!(bound instanceof PyObject)) throw new Error(`Tensor.${this.name} is not callable`);
    return bound.call(args.slice(1), kwargs);
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "__name__" || name === "__qualname__") return this.name;
    return undefined;
  }
  override repr(): string {
    return `<method '${this.name}' of 'torch._C.TensorBase' objects>`;
  }
}

/**
 * Puts the named Tensor methods on the torch.Tensor class. The caller passes the names:
 * tensorMethods.ts and tensorObject.ts import each other, and importing them from here would
 * change the order the binding's modules are evaluated in.
 */
export function installTensorMethodDescriptors(names: Iterable<string>): void {
  for (const name of names)
    if ((!name.startsWith("_") || name.startsWith("__")) && !tensorType.attrs.has(name))
      tensorType.attrs.set(name, new PyMethodDescriptor(name));
}
