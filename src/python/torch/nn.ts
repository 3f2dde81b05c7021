// torch.nn's Module and the few layers attention code is built from (Linear, Dropout, Softmax,
// ReLU, Identity, Sequential). Module is a UserClass whose methods are written here, so a
// Python `class Attention(nn.Module)` subclasses it like any class, super().__init__() reaches
// it, and attribute assignment registers parameters and child modules as nn.Module does.

import { empty } from "../../tensor/ops/create";
import { embedding } from "../../tensor/ops/embedding";
import { linear } from "../../tensor/ops/linear";
import { randn, uniform_ } from "../../tensor/ops/random";
import { parseArgs } from "../args";
import { PyInstance, UserClass } from "../classes";
import type { ModuleContext } from "../interpreter";
import {
  type Kwargs,
  objectType,
  PyException,
  PyIterator,
  PyTuple,
  type PyValue,
} from "../objects";
import { PyOrderedDict } from "../orderedDict";
import { callValue, getAttr, hashKey, repr, setAttr, truthy, typeName } from "../runtime";
import { guard, tensorOf } from "./convert";
import { isTensor } from "./types";
import { defineMultiheadAttention } from "./nnAttention";
import { isModule, method, MODULE_PATH, type NnHost, stateOf, states } from "./nnCore";
import { normActivationLayers } from "./nnNormActivations";

/** (name, module) for self and every module below it, depth first, each module once. */
function namedModules(
  self: PyInstance,
  prefix = "",
  seen = new Set<PyInstance>(),
): [string, PyInstance][] {
  if (seen.has(self)) return [];
  seen.add(self);
  const out: [string, PyInstance][] = [[prefix, self]];
  for (const [k, m] of stateOf(self).modules)
    if (m instanceof PyInstance) out.push(...namedModules(m, prefix ? `${prefix}.${k}` : k, seen));
  return out;
}

/** Parameters or buffers under self, named by their module path, each tensor once. */
function namedMembers(
  self: PyInstance,
  which: "params" | "buffers",
  recurse: boolean,
): [string, PyValue][] {
  const seen = new Set<PyValue>();
  const out: [string, PyValue][] = [];
  const mods: [string, PyInstance][] = recurse ? namedModules(self) : [["", self]];
  for (const [prefix, m] of mods)
    for (const [k, v] of stateOf(m)[which]) {
      if (v === null || seen.has(v)) continue;
      seen.add(v);
      out.push([prefix ? `${prefix}.${k}` : k, v]);
    }
  return out;
}

const generator = (items: PyValue[]): PyIterator =>
  new PyIterator(items[Symbol.iterator](), "generator");

/** Lines after the first indented by two spaces, as nn.Module's repr nests its children. */
const addIndent = (s: string): string => s.split("\n").join("\n  ");

function defineModule(ctx: ModuleContext, host: NnHost): Map<string, UserClass> {
  const isParameter = (v: PyValue): boolean =>
    v !== null && typeof v === "object" && v.pyType === host.parameterType;
  const moduleType = new UserClass("Module", "Module", [objectType], `${MODULE_PATH}.module`);
  method(moduleType, "__init__", (self) => {
    states.set(self, {
      params: new Map(),
      modules: new Map(),
      buffers: new Map(),
      transient: new Set(),
    });
    self.rawSet("training", true);
    return null;
  });
  method(moduleType, "__setattr__", (self, [name, value]) => {
    const key = name as string;
    const st = states.get(self);
    const forget = () => {
      self.dict.delete(key);
      st?.params.delete(key);
      st?.modules.delete(key);
      st?.buffers.delete(key);
    };
    if (isParameter(value!)) {
      if (!st)
        throw new PyException(
          "AttributeError",
          "cannot assign parameters before Module.__init__() call",
        );
      forget();
      st.params.set(key, value!);
    } else if (st?.params.has(key)) {
      if (value !== null)
        throw new PyException(
          "TypeError",
          `cannot assign '${qualifiedTypeName(value!)}' as parameter '${key}' (torch.nn.Parameter or None expected)`,
        );
      st.params.set(key, null);
    } else if (isModule(value!)) {
      if (!st)
        throw new PyException(
          "AttributeError",
          "cannot assign module before Module.__init__() call",
        );
      forget();
      st.modules.set(key, value!);
    } else if (st?.modules.has(key)) {
      if (value !== null)
        throw new PyException(
          "TypeError",
          `cannot assign '${qualifiedTypeName(value!)}' as child module '${key}' (torch.nn.Module or None expected)`,
        );
      st.modules.set(key, null);
    } else if (st?.buffers.has(key)) {
      if (value !== null && !isTensor(value!))
        throw new PyException(
          "TypeError",
          `cannot assign '${qualifiedTypeName(value!)}' as buffer '${key}' (torch.Tensor or None expected)`,
        );
      st.buffers.set(key, value!);
    } else self.rawSet(key, value!);
    return null;
  });
  method(moduleType, "__getattr__", (self, [name]) => {
    const st = states.get(self);
    const key = name as string;
    for (const m of st ? [st.params, st.buffers, st.modules] : [])
      if (m.has(key)) return m.get(key)!;
    throw new PyException("AttributeError", `'${self.cls.name}' object has no attribute '${key}'`);
  });
  method(moduleType, "__call__", (self, args, kwargs) =>
    callValue(getAttr(self, "forward"), args, kwargs),
  );
  method(moduleType, "forward", (self) => {
    throw new PyException(
      "NotImplementedError",
      `Module [${self.cls.name}] is missing the required "forward" function`,
    );
  });
  method(moduleType, "extra_repr", () => "");
  method(moduleType, "__repr__", (self) => {
    const extra = callValue(getAttr(self, "extra_repr"), []);
    const extraLines = typeof extra === "string" && extra !== "" ? extra.split("\n") : [];
    const childLines: string[] = [];
    for (const [k, m] of stateOf(self).modules) childLines.push(`(${k}): ${addIndent(repr(m))}`);
    const lines = [...extraLines, ...childLines];
    let main = `${self.cls.name}(`;
    if (lines.length) {
      if (extraLines.length === 1 && childLines.length === 0) main += extraLines[0];
      else main += "\n  " + lines.join("\n  ") + "\n";
    }
    return main + ")";
  });
  const registrar = (which: "params" | "buffers" | "modules", what: string) =>
    method(moduleType, what, (self, args, kwargs) => {
      const [name, value, persistent] = parseArgs(what, args, kwargs, [
        "name",
        which === "modules" ? "module" : which === "params" ? "param" : "tensor",
        ...(which === "buffers" ? [{ name: "persistent", default: true }] : []),
      ]);
      checkRegistration(which, self, name!, value!);
      const st = stateOf(self);
      st[which].set(name as string, value!);
      if (which === "buffers") {
        if (truthy(persistent!)) st.transient.delete(name as string);
        else st.transient.add(name as string);
      }
      return null;
    });
  /** PyTorch's checks before registering, in its order (add_module checks the value first). */
  const checkRegistration = (
    which: "params" | "buffers" | "modules",
    self: PyInstance,
    name: PyValue,
    value: PyValue,
  ): void => {
    const noun = { params: "parameter", buffers: "buffer", modules: "module" }[which];
    const st = states.get(self);
    const badValue =
      value !== null &&
      (which === "modules"
        ? !isModule(value)
        : which === "params"
          ? !isParameter(value)
          : !isTensor(value));
    if (which === "modules" && badValue)
      throw new PyException("TypeError", `${qualifiedTypeName(value)} is not a Module subclass`);
    if (!st)
      throw new PyException(
        "AttributeError",
        `cannot assign ${noun} before Module.__init__() call`,
      );
    if (typeof name !== "string")
      throw new PyException("TypeError", `${noun} name should be a string. Got ${typeName(name)}`);
    const exists =
      !st[which].has(name) &&
      (self.plainAttr(name) !== undefined ||
        [st.params, st.buffers, st.modules].some((m) => m.has(name)));
    const keyError = (msg: string) => PyException.withArgs("KeyError", [msg]);
    if (which === "modules" && exists) throw keyError(`attribute '${name}' already exists`);
    if (name.includes("."))
      throw keyError(
        `${noun} name can't contain "."${which === "modules" ? `, got: ${name}` : ""}`,
      );
    if (name === "") throw keyError(`${noun} name can't be empty string ""`);
    if (exists) throw keyError(`attribute '${name}' already exists`);
    if (badValue)
      throw new PyException(
        "TypeError",
        which === "buffers"
          ? `cannot assign '${qualifiedTypeName(value)}' object to buffer '${name}' (torch Tensor or None required)`
          : `cannot assign '${qualifiedTypeName(value)}' object to parameter '${name}' (torch.nn.Parameter or None required)`,
      );
  };
  registrar("buffers", "register_buffer");
  registrar("params", "register_parameter");
  registrar("modules", "add_module");
  const recurseArg = (what: string, args: PyValue[], kwargs: Kwargs | undefined) =>
    truthy(parseArgs(what, args, kwargs, [{ name: "recurse", default: true }])[0]!);
  method(moduleType, "parameters", (self, a, k) =>
    generator(namedMembers(self, "params", recurseArg("parameters", a, k)).map(([, v]) => v)),
  );
  method(moduleType, "named_parameters", (self, a, k) => {
    const [prefix, recurse] = parseArgs("named_parameters", a, k, [
      { name: "prefix", default: "" },
      { name: "recurse", default: true },
    ]);
    const pre = prefix as string;
    return generator(
      namedMembers(self, "params", truthy(recurse!)).map(
        ([n, v]) => new PyTuple([pre ? `${pre}.${n}` : n, v]),
      ),
    );
  });
  method(moduleType, "buffers", (self, a, k) =>
    generator(namedMembers(self, "buffers", recurseArg("buffers", a, k)).map(([, v]) => v)),
  );
  method(moduleType, "named_buffers", (self) =>
    generator(namedMembers(self, "buffers", true).map(([n, v]) => new PyTuple([n, v]))),
  );
  method(moduleType, "children", (self) =>
    generator([...stateOf(self).modules.values()].filter((m) => m !== null)),
  );
  method(moduleType, "named_children", (self) =>
    generator(
      [...stateOf(self).modules].filter(([, m]) => m !== null).map(([n, m]) => new PyTuple([n, m])),
    ),
  );
  method(moduleType, "modules", (self) => generator(namedModules(self).map(([, m]) => m)));
  method(moduleType, "named_modules", (self) =>
    generator(namedModules(self).map(([n, m]) => new PyTuple([n, m]))),
  );
  method(moduleType, "state_dict", (self, a, k) => {
    const [, prefix, keepVars] = parseArgs("state_dict", a, k, [
      { name: "destination", keywordOnly: true, default: null },
      { name: "prefix", keywordOnly: true, default: "" },
      { name: "keep_vars", keywordOnly: true, default: false },
    ]);
    const out = new PyOrderedDict();
    const keep = truthy(keepVars!);
    const put = (key: string, t: PyValue) =>
      out.put(hashKey(key), key, keep ? t : callValue(getAttr(t, "detach"), []));
    // Each module's own parameters, then its persistent buffers, then its children's, in turn.
    const visit = (m: PyInstance, pre: string): void => {
      const st = stateOf(m);
      for (const [n, p] of st.params) if (p !== null) put(pre + n, p);
      for (const [n, b] of st.buffers) if (b !== null && !st.transient.has(n)) put(pre + n, b);
      for (const [n, c] of st.modules) if (isModule(c)) visit(c, `${pre}${n}.`);
    };
    visit(self, String(prefix));
    return out;
  });
  method(moduleType, "train", (self, a, k) => {
    const [mode] = parseArgs("train", a, k, [{ name: "mode", default: true }]);
    if (typeof mode !== "boolean")
      throw new PyException("ValueError", "training mode is expected to be boolean");
    for (const [, m] of namedModules(self)) m.rawSet("training", mode);
    return self;
  });
  method(moduleType, "eval", (self) => callValue(getAttr(self, "train"), [false]));
  method(moduleType, "requires_grad_", (self, a, k) => {
    const [flag] = parseArgs("requires_grad_", a, k, [{ name: "requires_grad", default: true }]);
    for (const [, p] of namedMembers(self, "params", true))
      callValue(getAttr(p, "requires_grad_"), [flag!]);
    return self;
  });
  method(moduleType, "zero_grad", (self, a, k) => {
    const [toNone] = parseArgs("zero_grad", a, k, [{ name: "set_to_none", default: true }]);
    for (const [, p] of namedMembers(self, "params", true)) {
      const g = getAttr(p, "grad");
      if (g === null) continue;
      if (truthy(toNone!)) setAttr(p, "grad", null);
      else callValue(getAttr(g, "zero_"), []);
    }
    return null;
  });

  const layers = defineLayers(ctx, host, moduleType);
  layers.set("Module", moduleType);
  return layers;
}

/** torch.typename(): a tensor's legacy type name ('torch.FloatTensor'), else the class's path. */
function qualifiedTypeName(v: PyValue): string {
  if (isTensor(v)) return v.t.dtype.legacyName;
  return v !== null && typeof v === "object" ? v.pyType.qualifiedName() : typeName(v);
}

/** A built-in layer: a UserClass under Module whose __init__ takes `spec`. */
function layer(
  moduleType: UserClass,
  name: string,
  file: string,
  spec: Parameters<typeof parseArgs>[3],
  init: (self: PyInstance, values: (PyValue | undefined)[]) => void,
  forward: (self: PyInstance, input: PyValue) => PyValue,
  extraRepr: (self: PyInstance) => string,
): UserClass {
  const cls = new UserClass(name, name, [moduleType], `${MODULE_PATH}.${file}`);
  method(cls, "__init__", (self, args, kwargs) => {
    const values = parseArgs(`${name}.__init__`, args, kwargs, spec);
    callValue(moduleType.attrs.get("__init__")!, [self]);
    init(self, values);
    return null;
  });
  method(cls, "forward", (self, args, kwargs) => {
    const [input] = parseArgs(`${name}.forward`, args, kwargs, ["input"]);
    return forward(self, input!);
  });
  method(cls, "extra_repr", (self) => extraRepr(self));
  return cls;
}

function defineLayers(
  ctx: ModuleContext,
  host: NnHost,
  moduleType: UserClass,
): Map<string, UserClass> {
  const { wrap, makeParameter } = host;
  const layers = new Map<string, UserClass>();
  const F = () => ctx.importModule("torch.nn.functional");
  const get = (self: PyInstance, name: string) => getAttr(self, name);
  const pyBool = (v: PyValue) => (truthy(v) ? "True" : "False");

  layers.set(
    "Linear",
    layer(
      moduleType,
      "Linear",
      "linear",
      [
        "in_features",
        "out_features",
        { name: "bias", default: true },
        { name: "device", default: null },
        { name: "dtype", default: null },
      ],
      (self, [inF, outF, bias]) => {
        const nIn = Number(inF);
        const nOut = Number(outF);
        self.rawSet("in_features", inF!);
        self.rawSet("out_features", outF!);
        // kaiming_uniform_(weight, a=sqrt(5)) then uniform_ for the bias, in torch.nn.init's
        // double arithmetic, drawn from the global generator in this order.
        const gain = Math.sqrt(2 / (1 + Math.sqrt(5) ** 2));
        const bound = Math.sqrt(3) * (gain / Math.sqrt(nIn));
        // uniform_ draws in place, so each parameter (sharing the version counter) shows 1.
        setAttr(self, "weight", makeParameter(uniform_(empty([nOut, nIn]), -bound, bound), true));
        const b = nIn > 0 ? 1 / Math.sqrt(nIn) : 0;
        if (truthy(bias!))
          setAttr(self, "bias", makeParameter(uniform_(empty([nOut]), -b, b), true));
        else stateOf(self).params.set("bias", null);
      },
      (self, input) => {
        const bias = get(self, "bias");
        return guard(() =>
          wrap(
            linear(
              tensorOf(input),
              tensorOf(get(self, "weight")),
              bias === null ? null : tensorOf(bias),
            ),
          ),
        );
      },
      (self) =>
        `in_features=${repr(get(self, "in_features"))}, out_features=${repr(get(self, "out_features"))}, bias=${pyBool(get(self, "bias") !== null)}`,
    ),
  );
  layers.set(
    "Embedding",
    layer(
      moduleType,
      "Embedding",
      "sparse",
      [
        "num_embeddings",
        "embedding_dim",
        { name: "padding_idx", default: null },
        { name: "max_norm", default: null },
        { name: "norm_type", default: 2 },
        { name: "scale_grad_by_freq", default: false },
        { name: "sparse", default: false },
        { name: "_weight", default: null },
        { name: "_freeze", default: false },
        { name: "device", default: null },
        { name: "dtype", default: null },
      ],
      (self, [num, dim, pad, maxNorm]) => {
        const n = Number(num);
        if (maxNorm !== null)
          throw new PyException(
            "NotImplementedError",
            "Embedding(max_norm=...) is not supported in MaskLab",
          );
        let padding: PyValue = null;
        if (pad !== null && pad !== undefined) {
          let p = Number(pad);
          if (p >= n)
            throw new PyException("AssertionError", "Padding_idx must be within num_embeddings");
          if (p < -n)
            throw new PyException("AssertionError", "Padding_idx must be within num_embeddings");
          if (p < 0) p += n;
          padding = BigInt(p);
        }
        self.rawSet("num_embeddings", num!);
        self.rawSet("embedding_dim", dim!);
        self.rawSet("padding_idx", padding);
        // normal_ in place (version 1), then the padding row zeroed in place (version 2).
        const w = drawn(makeParameter(randn([n, Number(dim)]), true));
        if (padding !== null) {
          const t = tensorOf(w);
          const data = t.storage.data as Float32Array;
          data.fill(0, Number(padding) * t.shape[1], (Number(padding) + 1) * t.shape[1]);
          t.version.bump();
        }
        setAttr(self, "weight", w);
      },
      (self, input) => {
        const pad = get(self, "padding_idx");
        return guard(() =>
          wrap(
            embedding(
              tensorOf(get(self, "weight")),
              tensorOf(input),
              pad === null ? null : Number(pad),
            ),
          ),
        );
      },
      (self) => {
        const pad = get(self, "padding_idx");
        return `${repr(get(self, "num_embeddings"))}, ${repr(get(self, "embedding_dim"))}${pad === null ? "" : `, padding_idx=${repr(pad)}`}`;
      },
    ),
  );
  layers.set(
    "Dropout",
    layer(
      moduleType,
      "Dropout",
      "dropout",
      [
        { name: "p", default: 0.5 },
        { name: "inplace", default: false },
      ],
      (self, [p, inplace]) => {
        const pv = Number(p);
        if (pv < 0 || pv > 1)
          throw new PyException(
            "ValueError",
            `dropout probability has to be between 0 and 1, but got ${repr(p!)}`,
          );
        self.rawSet("p", p!);
        self.rawSet("inplace", inplace!);
      },
      (self, input) =>
        callValue(getAttr(F(), "dropout"), [
          input,
          get(self, "p"),
          get(self, "training"),
          get(self, "inplace"),
        ]),
      (self) => `p=${repr(get(self, "p"))}, inplace=${pyBool(get(self, "inplace"))}`,
    ),
  );
  layers.set(
    "Softmax",
    layer(
      moduleType,
      "Softmax",
      "activation",
      [{ name: "dim", default: null }],
      (self, [dim]) => self.rawSet("dim", dim!),
      (self, input) => callValue(getAttr(F(), "softmax"), [input, get(self, "dim")]),
      (self) => `dim=${repr(get(self, "dim"))}`,
    ),
  );
  layers.set(
    "ReLU",
    layer(
      moduleType,
      "ReLU",
      "activation",
      [{ name: "inplace", default: false }],
      (self, [inplace]) => self.rawSet("inplace", inplace!),
      (_self, input) => callValue(getAttr(F(), "relu"), [input]),
      (self) => (truthy(get(self, "inplace")) ? "inplace=True" : ""),
    ),
  );
  for (const [name, cls] of defineMultiheadAttention(host, moduleType, layers.get("Linear")!))
    layers.set(name, cls);
  const identity = new UserClass("Identity", "Identity", [moduleType], `${MODULE_PATH}.linear`);
  method(identity, "__init__", (self) => callValue(moduleType.attrs.get("__init__")!, [self]));
  method(
    identity,
    "forward",
    (_self, args, kwargs) => parseArgs("Identity.forward", args, kwargs, ["input"])[0]!,
  );
  layers.set("Identity", identity);

  const sequential = new UserClass(
    "Sequential",
    "Sequential",
    [moduleType],
    `${MODULE_PATH}.container`,
  );
  method(sequential, "__init__", (self, args) => {
    callValue(moduleType.attrs.get("__init__")!, [self]);
    args.forEach((m, i) => {
      if (!isModule(m) && m !== null)
        throw new PyException("TypeError", `${qualifiedTypeName(m)} is not a Module subclass`);
      stateOf(self).modules.set(String(i), m);
    });
    return null;
  });
  method(sequential, "forward", (self, args, kwargs) => {
    let [x] = parseArgs("Sequential.forward", args, kwargs, ["input"]);
    for (const m of stateOf(self).modules.values()) x = callValue(m, [x!]);
    return x!;
  });
  method(sequential, "__len__", (self) => BigInt(stateOf(self).modules.size));
  method(sequential, "__iter__", (self) => generator([...stateOf(self).modules.values()]));
  method(sequential, "__getitem__", (self, [idx]) => {
    const mods = [...stateOf(self).modules.values()];
    let i = Number(idx);
    if (typeof idx !== "bigint")
      throw new PyException("TypeError", "Sequential indices must be integers");
    if (i < 0) i += mods.length;
    if (i < 0 || i >= mods.length)
      throw new PyException("IndexError", `index ${idx} is out of range`);
    return mods[i];
  });
  layers.set("Sequential", sequential);
  const normAct = normActivationLayers({
    layer: (...a) => layer(moduleType, ...a),
    host,
    F,
    noParameter: (self, name) => stateOf(self).params.set(name, null),
  });
  for (const [name, cls] of normAct) layers.set(name, cls);
  return layers;
}

/** A parameter after its in-place initialising draw, which bumped its version once. */
function drawn(p: PyValue): PyValue {
  tensorOf(p).version.bump();
  return p;
}

/** The names torch.nn adds to its module: Module and the layers above. */
export function nnExports(ctx: ModuleContext, host: NnHost): Record<string, PyValue> {
  return Object.fromEntries(defineModule(ctx, host));
}
