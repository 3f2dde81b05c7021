// Python's `gc` module. MaskLab has no reference counts: a tensor nobody can reach any more is
// freed whenever the JavaScript engine next collects. `gc.collect()` asks the host to collect
// now when it can (the CLI and the bench can; a page cannot) and, like CPython's, returns a
// count of what it found, which MaskLab does not know: always 0.

import { builtin, type Kwargs, PyModule, type PyValue } from "./objects";
import { raise, toInt, typeName } from "./runtime";

function noArguments(name: string, args: readonly PyValue[], kwargs?: Kwargs): void {
  if (kwargs && kwargs.size > 0) raise("TypeError", `gc.${name}() takes no keyword arguments`);
  if (args.length > 0) raise("TypeError", `gc.${name}() takes no arguments (${args.length} given)`);
}

function generationArg(args: readonly PyValue[], kwargs?: Kwargs): bigint {
  const given = args.length + (kwargs?.size ?? 0);
  if (given > 1)
    raise(
      "TypeError",
      args.length === 0
        ? `collect() takes at most 1 keyword argument (${given} given)`
        : `collect() takes at most 1 argument (${given} given)`,
    );
  let value: PyValue | undefined = args[0];
  for (const [k, v] of kwargs ?? []) {
    if (k !== "generation")
      raise("TypeError", `'${k}' is an invalid keyword argument for collect()`);
    value = v;
  }
  if (value === undefined) return 2n;
  if (typeof value !== "bigint" && typeof value !== "boolean")
    raise("TypeError", `'${typeName(value)}' object cannot be interpreted as an integer`);
  const generation = toInt(value);
  if (generation < 0n || generation > 2n) raise("ValueError", "invalid generation");
  return generation;
}

/** `collect`: the host's collector, when it has one to offer. */
export function makeGcModule(collect?: () => void): PyModule {
  let enabled = true;
  return new PyModule("gc", {
    collect: builtin("collect", (args, kwargs) => {
      generationArg(args, kwargs);
      collect?.();
      return 0n;
    }),
    enable: builtin("enable", (args, kwargs) => {
      noArguments("enable", args, kwargs);
      enabled = true;
      return null;
    }),
    disable: builtin("disable", (args, kwargs) => {
      noArguments("disable", args, kwargs);
      enabled = false;
      return null;
    }),
    isenabled: builtin("isenabled", (args, kwargs) => {
      noArguments("isenabled", args, kwargs);
      return enabled;
    }),
  });
}
