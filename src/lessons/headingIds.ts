// Heading anchors, spelled the way GitHub spells them (lowercase, punctuation and symbols
// dropped, spaces to hyphens, CJK kept), so links like `masked-fill/#what-each-one-returns`
// written by hand in the cheat sheet land on the heading.

interface MdNode {
  type: string;
  depth?: number;
  value?: string;
  children?: MdNode[];
  data?: { hProperties?: Record<string, string | number> };
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
    .replace(/ /g, "-");
}

function textOf(node: MdNode): string {
  if (typeof node.value === "string") return node.value;
  return (node.children ?? []).map(textOf).join("");
}

/** Remark plugin: gives every heading an id; repeats get -1, -2… as on GitHub. */
export function remarkHeadingIds() {
  return (tree: MdNode): void => {
    const seen = new Map<string, number>();
    const visit = (node: MdNode) => {
      if (node.type === "heading") {
        const base = slugify(textOf(node));
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        node.data ??= {};
        node.data.hProperties = { ...node.data.hProperties, id: n === 0 ? base : `${base}-${n}` };
        return;
      }
      for (const child of node.children ?? []) visit(child);
    };
    visit(tree);
  };
}
