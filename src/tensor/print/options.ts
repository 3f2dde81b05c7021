// PyTorch's print options (torch.set_printoptions); the defaults are what print() uses.

export interface PrintOptions {
  /** Digits after the point in fixed and scientific modes. */
  precision: number;
  /** Summarize when numel is above this (may be Infinity). */
  threshold: number;
  /** Items kept at each end of a summarized dimension. */
  edgeitems: number;
  /** Target line width for 1-D wrapping and suffix placement. */
  linewidth: number;
  /** null lets the formatter decide; true/false forces scientific mode on or off. */
  sciMode: boolean | null;
}

export const defaultPrintOptions: Readonly<PrintOptions> = Object.freeze({
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sciMode: null,
});
