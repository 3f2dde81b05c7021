// What every torch.nn module class shares: the per-instance registry of parameters, buffers and
// child modules, and the helper that installs a host-written method on a module class. Layers
// defined in other files (nnAttention.ts) build on these without importing nn.ts itself.

import { HostMethod, PyInstance, UserClass } from "../classes";
import { type Kwargs, PyException, type PyType, type PyValue } from "../objects";
import { typeName } from "../runtime";
import type { Tensor } from "../../tensor/tensor";

/** What nn needs from the tensor binding, handed in to keep the import graph acyclic. */
export interface NnHost {
  wrap(t: Tensor): PyValue;
  makeParameter(t: Tensor, requiresGrad: boolean): PyValue;
  parameterType: PyType;
}

export interface ModuleState {
  readonly params: Map<string, PyValue>;
  readonly modules: Map<string, PyValue>;
  readonly buffers: Map<string, PyValue>;
  /** Buffers registered with persistent=False, which state_dict() leaves out. */
  readonly transient: Set<string>;
}
export const states = new WeakMap<PyInstance, ModuleState>();

export const MODULE_PATH = "torch.nn.modules";

/** Whether v is an instance of a torch.nn.Module (any session's: each session has its own). */
export const isModule = (v: PyValue): v is PyInstance => v instanceof PyInstance && states.has(v);

export function method(
  owner: UserClass,
  name: string,
  fn: (self: PyInstance, args: PyValue[], kwargs: Kwargs | undefined) => PyValue,
): void {
  owner.attrs.set(
    name,
    new HostMethod(name, (args, kwargs) => {
      const self = args[0];
      if (!(self instanceof PyInstance) || !self.cls.isSubclassOf(owner))
        throw new PyException(
          "TypeError",
          `descriptor '${name}' requires a '${owner.name}' object but received a '${typeName(self ?? null)}'`,
        );
      return fn(self, args.slice(1), kwargs);
    }),
  );
}

export function stateOf(self: PyInstance): ModuleState {
  const s = states.get(self);
  if (!s)
    throw new PyException(
      "AttributeError",
      `'${self.cls.name}' object has no attribute '_modules'`,
    );
  return s;
}
