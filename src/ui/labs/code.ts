// Python expressions shared by the labs' "Show code" output.

import { randomSeedOf, recognisePattern, type MaskBits } from "./mask/bits";
import { pyNested } from "./pyLiteral";

/** The mask as the shortest faithful expression: a torch factory when it is a known pattern. */
export function maskPython(m: MaskBits, indent = 0): string {
  const { rows: r, cols: c } = m;
  switch (recognisePattern(m)) {
    case "clear":
      return `torch.zeros(${r}, ${c}, dtype=torch.bool)`;
    case "full":
      return `torch.ones(${r}, ${c}, dtype=torch.bool)`;
    case "causal":
      return `torch.triu(torch.ones(${r}, ${c}, dtype=torch.bool), diagonal=1)`;
    case "causalT":
      return `torch.tril(torch.ones(${r}, ${c}, dtype=torch.bool), diagonal=-1)`;
    case "diagonal":
      return `torch.eye(${r}, ${c}, dtype=torch.bool)`;
    default: {
      const pad = " ".repeat(indent + "torch.tensor(".length);
      return `torch.tensor(${pyNested(Array.from(m.bits), [r, c], "bool").replace(/\n/g, "\n" + pad)})`;
    }
  }
}

/**
 * `name = <mask>` as statements. A mask from the seeded random preset is written as the seed and
 * the draw, so the same bits come out of PyTorch; anything else is an expression.
 */
export function maskAssign(m: MaskBits, name = "mask"): string[] {
  const seed = randomSeedOf(m);
  if (seed !== null)
    return [`torch.manual_seed(${seed})`, `${name} = torch.rand(${m.rows}, ${m.cols}) > 0.5`];
  return [`${name} = ${maskPython(m, name.length + 3)}`];
}

export function lines(...parts: (string | false | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === "string").join("\n") + "\n";
}
