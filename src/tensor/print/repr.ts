// Port of _str_intern and _add_suffixes: "tensor(" + body + suffixes + ")".
import type { DType } from "../dtype";
import { defaultPrintOptions, type PrintOptions } from "./options";
import type { PrintSource, PrintSuffix } from "./source";
import { tensorBody } from "./tensorStr";
import { getDefaultDtype } from "../ops/promote";

export function dtypeRepr(d: DType): string {
  return "torch." + d.name;
}

/** Python's str(tuple(shape)): "(2, 3)", "(0,)", "()". */
export function shapeTupleRepr(shape: readonly number[]): string {
  if (shape.length === 1) return "(" + shape[0] + ",)";
  return "(" + shape.join(", ") + ")";
}

export function sizeRepr(shape: readonly number[]): string {
  return "torch.Size([" + shape.join(", ") + "])";
}

/**
 * Appends suffixes the way _add_suffixes does. Its measure of the last line is two more than
 * the line's length (rfind's -1 plus one), so a suffix wraps two columns earlier than it
 * would need to; that quirk is kept on purpose.
 */
function addSuffixes(
  text: string,
  suffixes: readonly string[],
  indent: number,
  linewidth: number,
): string {
  let out = text;
  let last = text.length - text.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    if (last + suffix.length + 2 > linewidth) {
      out += ",\n" + " ".repeat(indent) + suffix;
      last = indent + suffix.length;
    } else {
      out += ", " + suffix;
      last += suffix.length + 2;
    }
  }
  return out + ")";
}

/** repr(tensor), which is also str(tensor), for a CPU tensor. */
export function tensorRepr(
  t: PrintSource,
  suffix: PrintSuffix = {},
  options: PrintOptions = defaultPrintOptions,
): string {
  const prefix = "tensor(";
  const indent = prefix.length;
  const suffixes: string[] = [];
  let numel = 1;
  for (const n of t.shape) numel *= n;
  const name = t.dtype.name;
  // torch.set_default_dtype moves which float dtype goes unnamed.
  const defaultFloat = getDefaultDtype().name;
  let body: string;
  if (numel === 0) {
    // NumPy's convention: the shape is only implied when it is (0,).
    if (t.shape.length !== 1) suffixes.push("size=" + shapeTupleRepr(t.shape));
    // Nothing to infer the dtype from, so only the default float dtype goes unnamed.
    if (name !== defaultFloat) suffixes.push("dtype=" + dtypeRepr(t.dtype));
    body = "[]";
  } else {
    if (options.edgeitems === 0) suffixes.push("size=" + shapeTupleRepr(t.shape));
    if (name !== defaultFloat && name !== "int64" && name !== "bool") {
      suffixes.push("dtype=" + dtypeRepr(t.dtype));
    }
    body = tensorBody(t, indent, options);
  }
  if (suffix.gradFnName) suffixes.push("grad_fn=<" + suffix.gradFnName + ">");
  else if (suffix.requiresGrad) suffixes.push("requires_grad=True");
  return addSuffixes(prefix + body, suffixes, indent, options.linewidth);
}
