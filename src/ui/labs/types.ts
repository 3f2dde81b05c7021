import type { LabLang } from "./strings";

export type LabKind = "fill" | "alias" | "softmax" | "autograd" | "mask";
export const LAB_KINDS: readonly LabKind[] = ["mask", "fill", "alias", "softmax", "autograd"];

/** Props every lab component takes. */
export interface LabProps {
  lang: LabLang;
  /** An encoded state (from a URL); malformed text falls back to defaults with a notice. */
  state?: string | null;
  /** Called with the encoded state after each change, for a URL to follow. */
  onStateChange?: (encoded: string) => void;
}
