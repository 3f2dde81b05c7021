// Port of _tensor_str / _tensor_str_with_formatter / _vector_str: the bracketed body of a
// tensor's repr, summarized with "..." when it has more than `threshold` elements.
import { Formatter } from "./formatter";
import type { PrintOptions } from "./options";
import type { PrintSource } from "./source";

/** Indices shown along a dimension of the given size. */
function shownRange(size: number, summarize: boolean, edge: number): number[] {
  if (summarize && size > 2 * edge) {
    const r: number[] = [];
    for (let i = 0; i < edge; i++) r.push(i);
    for (let i = size - edge; i < size; i++) r.push(i);
    return r;
  }
  return Array.from({ length: size }, (_, i) => i);
}

/** Row-major strides of a contiguous layout. */
function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

/** The values get_summarized_data keeps (every value when not summarizing). */
function* shownValues(
  t: PrintSource,
  strides: readonly number[],
  summarize: boolean,
  edge: number,
): Generator<number | bigint> {
  const shape = t.shape;
  if (shape.length === 0) {
    yield t.at(0);
    return;
  }
  // get_summarized_data drops everything when edgeitems is 0 and there are 2+ dims.
  if (summarize && edge === 0 && shape.length > 1) return;
  const ranges = shape.map((n) => shownRange(n, summarize, edge));
  const walk = function* (d: number, base: number): Generator<number | bigint> {
    const stride = strides[d];
    if (d === shape.length - 1) {
      for (const i of ranges[d]) yield t.at(base + i * stride);
      return;
    }
    for (const i of ranges[d]) yield* walk(d + 1, base + i * stride);
  };
  yield* walk(0, 0);
}

/** The body of repr(t) for a tensor with at least one element; `indent` is len("tensor("). */
export function tensorBody(t: PrintSource, indent: number, options: PrintOptions): string {
  const shape = t.shape;
  let numel = 1;
  for (const n of shape) numel *= n;
  if (numel === 0) return "[]";
  const summarize = numel > options.threshold;
  const strides = rowMajorStrides(shape);
  const edge = options.edgeitems;
  const formatter = new Formatter(t.dtype.kind, shownValues(t, strides, summarize, edge), options);
  if (shape.length === 0) return formatter.format(t.at(0));

  const vector = (base: number, ind: number): string => {
    const size = shape[shape.length - 1];
    const stride = strides[shape.length - 1];
    const perLine = Math.max(1, Math.floor((options.linewidth - ind) / (formatter.width + 2)));
    let items: string[];
    if (summarize && edge === 0) {
      items = ["..."];
    } else if (summarize && size > 2 * edge) {
      items = [];
      for (let i = 0; i < edge; i++) items.push(formatter.format(t.at(base + i * stride)));
      items.push(" ...");
      for (let i = size - edge; i < size; i++)
        items.push(formatter.format(t.at(base + i * stride)));
    } else {
      items = new Array<string>(size);
      for (let i = 0; i < size; i++) items[i] = formatter.format(t.at(base + i * stride));
    }
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine)
      lines.push(items.slice(i, i + perLine).join(", "));
    return "[" + lines.join(",\n" + " ".repeat(ind + 1)) + "]";
  };

  const nested = (d: number, base: number, ind: number): string => {
    if (d === shape.length - 1) return vector(base, ind);
    const size = shape[d];
    const stride = strides[d];
    const slices: string[] = [];
    if (summarize && size > 2 * edge) {
      for (let i = 0; i < edge; i++) slices.push(nested(d + 1, base + i * stride, ind + 1));
      slices.push("...");
      for (let i = size - edge; i < size; i++)
        slices.push(nested(d + 1, base + i * stride, ind + 1));
    } else {
      for (let i = 0; i < size; i++) slices.push(nested(d + 1, base + i * stride, ind + 1));
    }
    const dimsLeft = shape.length - d;
    return "[" + slices.join("," + "\n".repeat(dimsLeft - 1) + " ".repeat(ind + 1)) + "]";
  };

  return nested(0, 0, indent);
}
