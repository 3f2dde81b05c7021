import { converter } from "../convert";
import { float64 } from "../dtype";
import { Tensor } from "../tensor";
import { needsGrad, record } from "./node";

// History for in-place ops. On a plain tensor the op's node simply replaces its grad_fn. On a
// view, PyTorch rewrites the BASE's history instead: the base gets a CopySlices node that
// runs the op's backward on the view's region of the gradient, and the view itself gets an
// AsStridedBackward0 node reading that region back out of the base's new history.

export interface InplaceSpec {
  /** The op's node name, e.g. "MaskedFillBackward0". */
  name: string;
  /** Differentiable inputs besides self (e.g. a tensor fill value). */
  others: Tensor[];
  /** Tensors the backward reads; their versions are checked. */
  save?: Tensor[];
  /**
   * Given the gradient of the written tensor (self's shape), return the gradient for self's
   * previous value followed by one per `others` entry.
   */
  backward: (g: Tensor, saved: Tensor[]) => (Tensor | null)[];
}

/** Row-major logical index in `base` of every element of `view`, in the view's order. */
function positionsInBase(view: Tensor, base: Tensor): Float64Array {
  const byStorage = new Map<number, number>();
  for (let i = 0; i < base.numel; i++) byStorage.set(base.storageIndex(i), i);
  const out = new Float64Array(view.numel);
  for (let i = 0; i < view.numel; i++) out[i] = byStorage.get(view.storageIndex(i)) ?? 0;
  return out;
}

function contiguousFloat(g: Tensor): { t: Tensor; data: Float64Array } {
  const read = converter(g.dtype, float64);
  const data = new Float64Array(g.numel);
  for (let i = 0; i < g.numel; i++) data[i] = read(g.storage.data[g.storageIndex(i)]) as number;
  return { t: g, data };
}

function fromFloat(shape: readonly number[], data: Float64Array, like: Tensor): Tensor {
  const out = Tensor.empty(shape, like.dtype);
  const write = converter(float64, like.dtype);
  const d = out.storage.data as unknown as { [i: number]: number | bigint };
  for (let i = 0; i < data.length; i++) d[i] = write(data[i]);
  return out;
}

/** Record the autograd history of an in-place op that just wrote `self`. */
export function recordInplace(self: Tensor, spec: InplaceSpec): void {
  const nOthers = spec.others.length;
  if (!needsGrad(self, ...spec.others)) return;
  const base = self.base;
  if (base === null) {
    record([self], {
      name: spec.name,
      inputs: [self, ...spec.others],
      save: spec.save,
      backward: ([g], saved) => (g ? spec.backward(g, saved) : new Array(nOthers + 1).fill(null)),
    });
    return;
  }
  const pos = positionsInBase(self, base);
  const viewShape = self.shape;
  record([base], {
    name: "torch::autograd::CopySlices",
    inputs: [base, ...spec.others],
    save: spec.save,
    backward: ([g], saved) => {
      if (!g) return new Array(nOthers + 1).fill(null);
      const { data } = contiguousFloat(g);
      const region = new Float64Array(pos.length);
      for (let i = 0; i < pos.length; i++) region[i] = data[pos[i]];
      const [gSelf, ...gOthers] = spec.backward(fromFloat(viewShape, region, g), saved);
      const back = gSelf ? contiguousFloat(gSelf).data : new Float64Array(pos.length);
      for (let i = 0; i < pos.length; i++) data[pos[i]] = back[i];
      return [fromFloat(g.shape, data, g), ...gOthers];
    },
  });
  const baseShape = base.shape;
  record([self], {
    name: "AsStridedBackward0",
    inputs: [base],
    backward: ([g]) => {
      if (!g) return [null];
      const { data } = contiguousFloat(g);
      const full = new Float64Array(baseShape.reduce((a, b) => a * b, 1));
      for (let i = 0; i < pos.length; i++) full[pos[i]] += data[i];
      return [fromFloat(baseShape, full, g)];
    },
  });
}
