// The mask lab's state: just a mask (up to 64×64) and the preset inputs that made it.

import { lines, maskPython } from "../code";
import { causalMask, type MaskBits } from "./bits";
import { int, obj, packBits, unpackBits, type StateCodec } from "../state";

export interface MaskLabState {
  readonly mask: MaskBits;
}

export const maskCodec: StateCodec<MaskLabState> = {
  defaults: () => ({ mask: causalMask(8, 8) }),
  toJson: (s) => ({ r: s.mask.rows, c: s.mask.cols, m: packBits(s.mask) }),
  fromJson: (j) => {
    const o = obj(j);
    const r = int(o.r, 1, 64);
    const c = int(o.c, 1, 64);
    if (typeof o.m !== "string") throw new Error("bad mask");
    return { mask: unpackBits(o.m, r, c) };
  },
};

export function maskCode(s: MaskLabState): string {
  return lines(
    "import torch",
    "",
    `mask = ${maskPython(s.mask, 7)}`,
    "print(mask.sum().item(), mask.shape)",
  );
}
