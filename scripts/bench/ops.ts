// The rows of the table, in order; every runner times the ops it can under these names.

export const OPS = [
  "masked_fill_",
  "masked_fill",
  "masked_fill_ row mask",
  "masked_fill_ attn mask",
  "masked_fill_ transposed",
  "softmax",
  "softmax, half -inf",
  "copy floor",
] as const;

export type OpName = (typeof OPS)[number];
