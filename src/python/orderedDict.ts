// collections.OrderedDict as far as nn.Module.state_dict() needs it: a dict (same methods and
// order) that prints as CPython 3.11 prints an OrderedDict.

import { dictType, PyDict, PyList, PyTuple, PyType } from "./objects";
import { repr } from "./runtime";

export const orderedDictType = new PyType("OrderedDict", [dictType], undefined, "collections");

export class PyOrderedDict extends PyDict {
  override get pyType(): PyType {
    return orderedDictType;
  }
  override repr(): string {
    if (this.entries.size === 0) return "OrderedDict()";
    const items = [...this.entries.values()].map((e) => new PyTuple(e));
    return `OrderedDict(${repr(new PyList(items))})`;
  }
}
