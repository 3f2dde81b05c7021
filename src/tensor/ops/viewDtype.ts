import type { DType } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";

// x.view(dtype): the same bytes read as another dtype. The result shares x's memory and
// version counter but is not a view for autograd (no _base, never requires grad). With a
// different element size the last dim absorbs the change, so it must be packed (stride 1),
// and growing elements must start and step on whole new elements.

export function viewDtype(x: Tensor, dtype: DType): Tensor {
  const from = x.dtype.itemsize;
  const to = dtype.itemsize;
  let shape = [...x.shape];
  let strides = [...x.strides];
  let offset = x.offset;
  if (from !== to) {
    const what = `to view ${x.dtype.scalarName} as ${dtype.scalarName} (different element sizes)`;
    const last = x.ndim - 1;
    const check = (ok: boolean, subject: string, value: number) => {
      if (!ok) throw runtimeError(`${subject} ${what}, but got ${value}`);
    };
    if (x.ndim === 0) throw runtimeError(`self.dim() cannot be 0 ${what}`);
    if (from > to) {
      const ratio = from / to;
      check(x.strides[last] === 1, "self.stride(-1) must be 1", x.strides[last]!);
      strides = strides.map((s, i) => (i === last ? s : s * ratio));
      shape[last]! *= ratio;
      offset *= ratio;
    } else {
      const ratio = to / from;
      const divisible = `must be divisible by ${ratio}`;
      check(x.shape[last]! % ratio === 0, `self.size(-1) ${divisible}`, x.shape[last]!);
      check(offset % ratio === 0, `self.storage_offset() ${divisible}`, offset);
      check(x.strides[last] === 1, "self.stride(-1) must be 1", x.strides[last]!);
      for (let d = 0; d < last; d++)
        check(x.strides[d]! % ratio === 0, `self.stride(${d}) ${divisible}`, x.strides[d]!);
      strides = strides.map((s, i) => (i === last ? s : s / ratio));
      shape = shape.map((s, i) => (i === last ? s / ratio : s));
      offset /= ratio;
    }
  }
  return new Tensor(x.storage.reinterpret(dtype), shape, strides, offset, x.version);
}
