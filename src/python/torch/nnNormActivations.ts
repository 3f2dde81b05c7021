// torch.nn's LayerNorm and the activation layers (GELU, SiLU, LeakyReLU, ELU), defined with
// nn.ts's `layer` helper and handed back to it as one table, so nn.ts gains a single line.

import { ones, zeros } from "../../tensor/ops/create";
import type { PyInstance, UserClass } from "../classes";
import { type Kwargs, PyException, PyList, PyTuple, type PyValue } from "../objects";
import { callValue, getAttr, repr, setAttr, truthy, typeName } from "../runtime";
import { tensorOf } from "./convert";
import { PySize } from "./size";
import type { NnHost } from "./nnCore";

/** nn.ts's layer(): a built-in Module subclass from a spec, init, forward and extra_repr. */
export type LayerFactory = (
  name: string,
  file: string,
  spec: (string | { name: string; default: PyValue })[],
  init: (self: PyInstance, values: (PyValue | undefined)[]) => void,
  forward: (self: PyInstance, input: PyValue) => PyValue,
  extraRepr: (self: PyInstance) => string,
) => UserClass;

export interface NormActivationDeps {
  layer: LayerFactory;
  host: NnHost;
  /** torch.nn.functional, imported lazily. */
  F: () => PyValue;
  /** Sets a parameter slot to None (register_parameter(name, None)). */
  noParameter: (self: PyInstance, name: string) => void;
}

const kw = (entries: [string, PyValue][]): Kwargs => new Map(entries);

/** The `inplace=True` suffix the activation reprs add only when it is set. */
const inplaceSuffix = (self: PyInstance, lead: string): string => {
  const inplace = truthy(getAttr(self, "inplace"));
  if (lead === "") return inplace ? "inplace=True" : "";
  return inplace ? `${lead}, inplace=True` : lead;
};

export function normActivationLayers(deps: NormActivationDeps): Map<string, UserClass> {
  const { layer, host, F, noParameter } = deps;
  const call = (name: string, args: PyValue[], kwargs?: Kwargs) =>
    callValue(getAttr(F(), name), args, kwargs);
  const get = (self: PyInstance, name: string) => getAttr(self, name);
  const layers = new Map<string, UserClass>();

  layers.set(
    "LayerNorm",
    layer(
      "LayerNorm",
      "normalization",
      [
        "normalized_shape",
        { name: "eps", default: 1e-5 },
        { name: "elementwise_affine", default: true },
        { name: "bias", default: true },
        { name: "device", default: null },
        { name: "dtype", default: null },
      ],
      (self, [shape, eps, affine, bias]) => {
        let dims: PyValue[];
        if (typeof shape === "bigint") dims = [shape];
        else if (shape instanceof PyTuple || shape instanceof PyList) dims = [...shape.items];
        else if (shape instanceof PySize) dims = shape.dims.map((d) => BigInt(d));
        else throw new PyException("TypeError", `'${typeName(shape!)}' object is not iterable`);
        const sizes = dims.map((d) => Number(d));
        self.rawSet("normalized_shape", new PyTuple(dims));
        self.rawSet("eps", eps!);
        self.rawSet("elementwise_affine", affine!);
        // reset_parameters fills them in place (ones_ / zeros_), so each shows version 1.
        const param = (fill: typeof ones) => {
          const p = host.makeParameter(fill(sizes), true);
          tensorOf(p).version.bump();
          return p;
        };
        if (truthy(affine!)) {
          setAttr(self, "weight", param(ones));
          if (truthy(bias!)) setAttr(self, "bias", param(zeros));
          else noParameter(self, "bias");
        } else {
          noParameter(self, "weight");
          noParameter(self, "bias");
        }
      },
      (self, input) =>
        call("layer_norm", [
          input,
          get(self, "normalized_shape"),
          get(self, "weight"),
          get(self, "bias"),
          get(self, "eps"),
        ]),
      (self) =>
        `${repr(get(self, "normalized_shape"))}, eps=${repr(get(self, "eps"))}, elementwise_affine=${truthy(get(self, "elementwise_affine")) ? "True" : "False"}, bias=${get(self, "bias") !== null ? "True" : "False"}`,
    ),
  );
  layers.set(
    "GELU",
    layer(
      "GELU",
      "activation",
      [{ name: "approximate", default: "none" }],
      (self, [approximate]) => self.rawSet("approximate", approximate!),
      (self, input) => call("gelu", [input], kw([["approximate", get(self, "approximate")]])),
      (self) => `approximate=${repr(get(self, "approximate"))}`,
    ),
  );
  layers.set(
    "SiLU",
    layer(
      "SiLU",
      "activation",
      [{ name: "inplace", default: false }],
      (self, [inplace]) => self.rawSet("inplace", inplace!),
      (self, input) => call("silu", [input], kw([["inplace", get(self, "inplace")]])),
      (self) => inplaceSuffix(self, ""),
    ),
  );
  layers.set(
    "LeakyReLU",
    layer(
      "LeakyReLU",
      "activation",
      [
        { name: "negative_slope", default: 0.01 },
        { name: "inplace", default: false },
      ],
      (self, [slope, inplace]) => {
        self.rawSet("negative_slope", slope!);
        self.rawSet("inplace", inplace!);
      },
      (self, input) =>
        call("leaky_relu", [input, get(self, "negative_slope"), get(self, "inplace")]),
      (self) => inplaceSuffix(self, `negative_slope=${repr(get(self, "negative_slope"))}`),
    ),
  );
  layers.set(
    "ELU",
    layer(
      "ELU",
      "activation",
      [
        { name: "alpha", default: 1.0 },
        { name: "inplace", default: false },
      ],
      (self, [alpha, inplace]) => {
        self.rawSet("alpha", alpha!);
        self.rawSet("inplace", inplace!);
      },
      (self, input) => call("elu", [input, get(self, "alpha"), get(self, "inplace")]),
      (self) => inplaceSuffix(self, `alpha=${repr(get(self, "alpha"))}`),
    ),
  );
  return layers;
}
