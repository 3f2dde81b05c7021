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

/** The spec with its "name?" shorthands spelled out. */
function normalize(spec: readonly (string | ArgSpec)[]): ArgSpec[] {
  return spec.map((s) =>
    typeof s === "string"
      ? s.endsWith("?")
        ? { name: s.slice(0, -1), optional: true }
        : { name: s }
      : s,
  );
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
  const params = normalize(spec);
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

/**
 * How CPython checks a C-implemented builtin's arguments, which decides the wording of its
 * arity errors (a `def`-style signature is what parseArgs reports):
 * - "O": exactly one positional argument (`len`, `list.append`);
 * - "NOARGS": none at all (`str.upper`, `dict.keys`);
 * - "VARARGS": any number of positional arguments, no keywords (`set.union`);
 * - `expected`: a positional-only Argument Clinic signature (`sorted`, `dict.get`), with
 *   `keywords` when keyword arguments follow the positional ones (sorted's key=);
 * - `takes`: an older PyArg_ParseTuple signature (`str.find`, `str.startswith`).
 * Signatures with keyword parameters use parseClinicArgs instead.
 */
export type Convention =
  | "O"
  | "NOARGS"
  | "VARARGS"
  | { expected: readonly [number, number]; keywords?: boolean }
  | { takes: readonly [number, number] };

/**
 * Raise CPython's TypeError when `args`/`kwargs` do not fit `conv`. `qualName` is how the
 * "()"-style messages name the callee (`list.append`), `name` how the "expected" ones do.
 */
export function checkConvention(
  qualName: string,
  name: string,
  conv: Convention,
  args: readonly PyValue[],
  kwargs: Kwargs | undefined,
): void {
  const n = args.length;
  const keywords = typeof conv === "object" && "expected" in conv && conv.keywords;
  if (kwargs?.size && !keywords)
    throw new PyException("TypeError", `${qualName}() takes no keyword arguments`);
  if (conv === "VARARGS") return;
  if (conv === "O") {
    if (n !== 1)
      throw new PyException("TypeError", `${qualName}() takes exactly one argument (${n} given)`);
    return;
  }
  if (conv === "NOARGS") {
    if (n !== 0)
      throw new PyException("TypeError", `${qualName}() takes no arguments (${n} given)`);
    return;
  }
  const [min, max] = "expected" in conv ? conv.expected : conv.takes;
  if (n >= min && n <= max) return;
  const bound = min === max ? min : n < min ? min : max;
  const which = min === max ? "" : n < min ? "at least " : "at most ";
  throw new PyException(
    "TypeError",
    "expected" in conv
      ? `${name} expected ${which}${plural(bound, "argument")}, got ${n}`
      : `${name}() takes ${which || "exactly "}${plural(bound, "argument")} (${n} given)`,
  );
}

/**
 * parseArgs for a builtin whose Argument Clinic signature takes its parameters by position or
 * by keyword (`round(number, ndigits)`, `str.split(sep, maxsplit)`): same binding, but the
 * TypeErrors are worded the way such C functions word them.
 */
export const parseClinicArgs: typeof parseArgs = (fnName, args, kwargs, spec) => {
  const params = normalize(spec);
  const names = params.map((p) => p.name);
  if (args.length > names.length)
    throw new PyException(
      "TypeError",
      `${fnName}() takes at most ${plural(names.length, "argument")} (${args.length} given)`,
    );
  for (const k of kwargs?.keys() ?? []) {
    const i = names.indexOf(k);
    if (i < 0)
      throw new PyException("TypeError", `'${k}' is an invalid keyword argument for ${fnName}()`);
    if (i < args.length)
      throw new PyException(
        "TypeError",
        `argument for ${fnName}() given by name ('${k}') and position (${i + 1})`,
      );
  }
  params.forEach((p, i) => {
    if (p.default === undefined && !p.optional && i >= args.length && !kwargs?.has(p.name))
      throw new PyException(
        "TypeError",
        `${fnName}() missing required argument '${p.name}' (pos ${i + 1})`,
      );
  });
  return parseArgs(fnName, args, kwargs, spec);
};
