import { type DType, bfloat16, float16, float32, float64 } from "../dtype";
import { runtimeError } from "../errors";
import { castNumberToRaw } from "../convert";
import { roundToFloat } from "./elementwise";
import { getDefaultDtype } from "./promote";
import { Tensor } from "../tensor";
import { rawArray } from "./strided";

// torch.linspace, with PyTorch's CPU rule: the first half counts up from start, the second half
// counts down from end (so both ends are exact), each element rounded once to the output dtype.

export function linspace(
  start: number,
  end: number,
  steps: number,
  opts: { dtype?: DType } = {},
): Tensor {
  if (steps < 0) throw runtimeError("number of steps must be non-negative");
  const dtype = opts.dtype ?? getDefaultDtype();
  const out = Tensor.empty([steps], dtype);
  const o = rawArray(out);
  if (steps === 0) return out;
  if (steps === 1) {
    o[0] = castNumberToRaw(start, dtype);
    return out;
  }
  if (dtype === float16 || dtype === bfloat16) {
    fillReduced(o, start, end, steps, dtype);
    return out;
  }
  const r = dtype === float64 || dtype.kind !== "float" ? (v: number) => v : Math.fround;
  const precise = dtype === float32 || dtype === float64 || dtype.kind !== "float";
  const f = precise ? r : Math.fround;
  const s = f(start);
  const e = f(end);
  const step = f((e - s) / (steps - 1));
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    // One rounding per element: the vectorised kernel fuses the multiply and the add.
    const v = i < half ? f(s + step * i) : f(e - step * (steps - i - 1));
    o[i] = castNumberToRaw(dtype.kind === "int" ? Math.trunc(v) : v, dtype);
  }
  return out;
}

/**
 * float16 / bfloat16: PyTorch keeps start, end and the step in the half type itself, and
 * c10::Half / c10::BFloat16 arithmetic rounds after every operation, so the step is rounded
 * twice ((end - start), then the division) and each element after its product and its sum.
 */
function fillReduced(
  o: ReturnType<typeof rawArray>,
  start: number,
  end: number,
  steps: number,
  dtype: DType,
): void {
  const h = (v: number) => roundToFloat(v, dtype);
  const s = h(start);
  const e = h(end);
  const step = h(h(e - s) / h(steps - 1));
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    const v = i < half ? h(s + h(step * h(i))) : h(e - h(step * h(steps - i - 1)));
    o[i] = castNumberToRaw(v, dtype);
  }
}
