// A remark plugin that numbers a lesson's python cells in document order (the same numbering
// as parseLesson) and links each recorded ```output / ```error fence to its cell. The numbers
// travel as data-* attributes on the <code> element, where the page's `pre` override reads them;
// the cell's recorded text rides along so the live cell can compare its run with it.

interface MdNode {
  type: string;
  lang?: string | null;
  value?: string;
  children?: MdNode[];
  data?: { hProperties?: Record<string, string | number> };
}

export function remarkCells() {
  return (tree: MdNode): void => {
    let next = 0;
    const visit = (parent: MdNode) => {
      const kids = parent.children;
      if (!kids) return;
      let current: MdNode | null = null;
      let currentIndex = -1;
      for (const node of kids) {
        const lang = node.type === "code" ? (node.lang ?? "").toLowerCase() : "";
        if (lang === "python") {
          current = node;
          currentIndex = next++;
          setProps(node, { dataCell: currentIndex });
        } else if ((lang === "output" || lang === "error") && current) {
          setProps(node, { dataCellOf: currentIndex });
          setProps(current, {
            [lang === "output" ? "dataRecordedOutput" : "dataRecordedError"]:
              lang === "output" ? (node.value ?? "") + "\n" : (node.value ?? ""),
          });
        } else {
          current = null;
          visit(node);
        }
      }
    };
    visit(tree);
  };
}

function setProps(node: MdNode, props: Record<string, string | number>): void {
  node.data ??= {};
  node.data.hProperties = { ...node.data.hProperties, ...props };
}
