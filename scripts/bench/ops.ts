// The rows of the table, in order; every runner times the ops it can under these names.
// "clone" (a copy into a new tensor) is informative: it is what every out-of-place op pays for
// its output's fresh pages, PyTorch's clone as much as MaskLab's.

export const OPS = [
  "masked_fill_",
  "masked_fill",
  "masked_fill_ row mask",
  "masked_fill_ attn mask",
  "masked_fill_ transposed",
  "softmax",
  "softmax, half -inf",
  "copy floor",
  "clone",
] as const;

export type OpName = (typeof OPS)[number];
