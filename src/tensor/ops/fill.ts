import { recordInplace } from "../autograd/inplace";
import { checkInplace } from "../autograd/node";
import { float64 } from "../dtype";
import { converter, fillScalarToRaw, type Scalar } from "../convert";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { fillStrided, rawArray } from "./strided";
import { hasInternalOverlap, OVERLAP_MESSAGE } from "./overlap";

/**
 * tensor.fill_(value): writes every element and bumps the version. A Scalar is checked like
 * full() and reaches every alias of an expanded tensor; a 0-dim tensor is cast and copied in.
 */
export function fill_(self: Tensor, value: Scalar | Tensor): Tensor {
  checkInplace(self);
  let raw;
  if (value instanceof Tensor) {
    if (value.ndim !== 0)
      throw runtimeError(
        `fill_ only supports 0-dimension value tensor but got tensor with ${value.ndim} dimensions.`,
      );
    // A tensor value is written with copy_, which refuses a self with aliased elements.
    if (hasInternalOverlap(self)) throw runtimeError(OVERLAP_MESSAGE);
    raw = converter(value.dtype, self.dtype)(rawArray(value)[value.offset]);
  } else raw = fillScalarToRaw(value, self.dtype, self.numel);
  fillStrided(self, raw);
  self.version.bump();
  recordFill(self, value instanceof Tensor ? value : null);
  return self;
}

/** tensor.zero_(). */
export function zero_(self: Tensor): Tensor {
  checkInplace(self);
  fillStrided(self, converter(float64, self.dtype)(0));
  self.version.bump();
  // The old history receives a zero gradient: zero_ rebases self onto a fresh node.
  recordInplace(self, {
    name: "ZeroBackward0",
    others: [],
    backward: (g) => [Tensor.empty(g.shape, g.dtype)],
  });
  return self;
}

function recordFill(self: Tensor, value: Tensor | null): void {
  recordInplace(self, {
    name: value ? "FillBackward3" : "FillBackward2",
    others: value ? [value] : [],
    backward: (g) => {
      const zero = Tensor.empty(g.shape, g.dtype);
      if (!value) return [zero];
      let total = 0;
      const read = converter(g.dtype, float64);
      const G = rawArray(g);
      for (let i = 0; i < g.numel; i++) total += Number(read(G[g.storageIndex(i)]));
      const gv = Tensor.empty([], value.dtype);
      rawArray(gv)[0] = converter(float64, value.dtype)(total);
      return [zero, gv];
    },
  });
}
