// Argument binding for functions written in TypeScript, with CPython's error messages.

import { type Kwargs, type PyValue, PyException } from "./objects";

/** A parameter: "name" is required, "name?" optional (undefined when absent). */
export interface ArgSpec {
  name: string;
  /** Value used when the argument is absent; leave undefined to make it required. */
  default?: PyValue;
  optional?: boolean;
  keywordOnly?: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function quoteList(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length === 1) return q[0];
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(", ")}, and ${q[q.length - 1]}`;
}

/**
 * Bind positional and keyword arguments to `spec`, returning one slot per parameter (undefined for
 * an absent optional one). Raises TypeError exactly as CPython does for a def with this signature.
 */
export function parseArgs(
  fnName: string,
  args: readonly PyValue[],
  kwargs: Kwargs | undefined,
  spec: readonly (string | ArgSpec)[],
): (PyValue | undefined)[] {
  const params: ArgSpec[] = spec.map((s) =>
    typeof s === "string"
      ? s.endsWith("?")
        ? { name: s.slice(0, -1), optional: true }
        : { name: s }
      : s,
  );
  const positional = params.filter((p) => !p.keywordOnly);
  if (args.length > positional.length) {
    const required = positional.filter((p) => p.default === undefined && !p.optional).length;
    const takes =
      required === positional.length
        ? plural(positional.length, "positional argument")
        : `from ${required} to ${positional.length} positional arguments`;
    throw new PyException(
      "TypeError",
      `${fnName}() takes ${takes} but ${args.length} ${args.length === 1 ? "was" : "were"} given`,
    );
  }
  const out: (PyValue | undefined)[] = new Array(params.length).fill(undefined);
  const filled: boolean[] = new Array(params.length).fill(false);
  for (let i = 0; i < args.length; i++) {
    out[params.indexOf(positional[i])] = args[i];
    filled[params.indexOf(positional[i])] = true;
  }
  if (kwargs)
    for (const [k, v] of kwargs) {
      const i = params.findIndex((p) => p.name === k);
      if (i < 0)
        throw new PyException("TypeError", `${fnName}() got an unexpected keyword argument '${k}'`);
      if (filled[i])
        throw new PyException("TypeError", `${fnName}() got multiple values for argument '${k}'`);
      out[i] = v;
      filled[i] = true;
    }
  const missingPos: string[] = [];
  const missingKw: string[] = [];
  params.forEach((p, i) => {
    if (filled[i]) return;
    if (p.default !== undefined) out[i] = p.default;
    else if (!p.optional) (p.keywordOnly ? missingKw : missingPos).push(p.name);
  });
  if (missingPos.length)
    throw new PyException(
      "TypeError",
      `${fnName}() missing ${plural(missingPos.length, "required positional argument")}: ${quoteList(missingPos)}`,
    );
  if (missingKw.length)
    throw new PyException(
      "TypeError",
      `${fnName}() missing ${plural(missingKw.length, "required keyword-only argument")}: ${quoteList(missingKw)}`,
    );
  return out;
}

/** Reject any argument for a function that takes none. */
export function noArgs(fnName: string, args: readonly PyValue[], kwargs: Kwargs | undefined): void {
  parseArgs(fnName, args, kwargs, []);
}
