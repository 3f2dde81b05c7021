import type { Kwargs, PyValue } from "../objects";
import { ArgParser } from "./argParser";
import { guard } from "./convert";

// A bound PyTorch entry point: its overloads in PyTorch's schema syntax, and the code that runs
// once the argument parser has picked one.

export type Bound = (PyValue | undefined)[];

export interface Overloads<Self> {
  readonly parser: ArgParser;
  readonly impl: (self: Self, args: Bound, overload: number) => PyValue;
}

export function overloads<Self>(
  schemas: readonly string[],
  impl: (self: Self, args: Bound, overload: number) => PyValue,
): Overloads<Self> {
  return { parser: new ArgParser(schemas), impl };
}

/** Parse then run, with core errors surfacing as Python exceptions. */
export function invoke<Self>(
  o: Overloads<Self>,
  self: Self,
  args: PyValue[],
  kwargs: Kwargs | undefined,
): PyValue {
  const { index, values } = o.parser.parse(args, kwargs);
  return guard(() => o.impl(self, values, index));
}
