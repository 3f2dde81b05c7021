// encodeState / decodeState for every lab kind: compact, URL-safe, and forgiving (malformed
// text decodes to the lab's defaults with a notice).

import { fillCodec } from "./fill/model";
import { maskCodec } from "./mask/model";
import { aliasCodec } from "./alias/model";
import { softmaxCodec } from "./softmax/model";
import { autogradCodec } from "./autograd/model";
import { decodeWith, encodeWith, type Decoded, type StateCodec } from "./state";
import type { LabKind } from "./types";

// Filled in as each lab's model lands; a kind without a codec has no state to carry.
const CODECS: Partial<Record<LabKind, StateCodec<unknown>>> = {
  fill: fillCodec as StateCodec<unknown>,
  mask: maskCodec as StateCodec<unknown>,
  alias: aliasCodec as StateCodec<unknown>,
  softmax: softmaxCodec as StateCodec<unknown>,
  autograd: autogradCodec as StateCodec<unknown>,
};

export function codecFor(kind: LabKind): StateCodec<unknown> {
  const c = CODECS[kind];
  if (!c) throw new Error(`no codec for lab ${kind}`);
  return c;
}

export function encodeState(kind: LabKind, state: unknown): string {
  return encodeWith(codecFor(kind), state);
}

export function decodeState(kind: LabKind, text: string | null | undefined): Decoded<unknown> {
  return decodeWith(codecFor(kind), text);
}
