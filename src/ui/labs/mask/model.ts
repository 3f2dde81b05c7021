// The mask lab's state: just a mask (up to 64×64) and the preset inputs that made it.

import { lines, maskAssign } from "../code";
import { causalMask, type MaskBits } from "./bits";
import { int, obj, packBits, unpackBits, withMaskSeed, type StateCodec } from "../state";

export interface MaskLabState {
  readonly mask: MaskBits;
}

export const maskCodec: StateCodec<MaskLabState> = {
  defaults: () => ({ mask: causalMask(8, 8) }),
  toJson: (s) => ({ r: s.mask.rows, c: s.mask.cols, m: packBits(s.mask), ms: s.mask.seed }),
  fromJson: (j) => {
    const o = obj(j);
    const r = int(o.r, 1, 64);
    const c = int(o.c, 1, 64);
    if (typeof o.m !== "string") throw new Error("bad mask");
    return { mask: withMaskSeed(unpackBits(o.m, r, c), o.ms) };
  },
};

export function maskCode(s: MaskLabState): string {
  return lines("import torch", "", ...maskAssign(s.mask), "print(mask.sum().item(), mask.shape)");
}
