// Port of _Formatter in torch/_tensor_str.py: one scan over the values that will be shown picks
// the mode (int / fixed / scientific for floats) and a single column width for all of them.
import type { DTypeKind } from "../dtype";
import { formatExp, formatFixed } from "../format";
import type { PrintOptions } from "./options";

export type FloatMode = "int" | "fixed" | "sci";

export class Formatter {
  readonly kind: DTypeKind;
  readonly precision: number;
  /** Only meaningful for floats. */
  readonly mode: FloatMode;
  readonly width: number;

  /** `values` are exactly the elements the printer will show (all, or the summarized edges). */
  constructor(kind: DTypeKind, values: Iterable<number | bigint>, options: PrintOptions) {
    this.kind = kind;
    this.precision = options.precision;
    let width = 1;
    let mode: FloatMode = "int";
    if (kind !== "float") {
      for (const v of values) {
        const len = kind === "bool" ? (v ? 4 : 5) : String(v).length;
        if (len > width) width = len;
      }
    } else {
      // Zeros, infinities and NaNs neither set the mode nor the width, which is why columns
      // holding them can come out misaligned.
      const shown: number[] = [];
      let intMode = true;
      let mn = Infinity;
      let mx = 0;
      for (const raw of values) {
        const v = Number(raw);
        if (v === 0 || !Number.isFinite(v)) continue;
        shown.push(v);
        const a = Math.abs(v);
        if (a < mn) mn = a;
        if (a > mx) mx = a;
        if (intMode && v !== Math.ceil(v)) intMode = false;
      }
      // With nothing to scan PyTorch returns early, before even a forced sci_mode applies.
      if (shown.length > 0) {
        const sci = options.sciMode ?? (mx / mn > 1000 || mx > 1e8 || mn < 1e-4);
        mode = sci ? "sci" : intMode ? "int" : "fixed";
        for (const v of shown) {
          const len =
            mode === "sci"
              ? formatExp(v, this.precision).length
              : mode === "int"
                ? formatFixed(v, 0).length + 1
                : formatFixed(v, this.precision).length;
          if (len > width) width = len;
        }
      }
    }
    this.mode = mode;
    this.width = width;
  }

  format(value: number | bigint): string {
    let s: string;
    if (this.kind === "bool") {
      s = value ? "True" : "False";
    } else if (this.kind === "int") {
      s = String(value);
    } else {
      const v = Number(value);
      if (this.mode === "sci") s = formatExp(v, this.precision);
      else if (this.mode === "int")
        s = Number.isFinite(v) ? formatFixed(v, 0) + "." : formatFixed(v, 0);
      else s = formatFixed(v, this.precision);
    }
    return s.length < this.width ? " ".repeat(this.width - s.length) + s : s;
  }
}
