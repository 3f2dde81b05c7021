// A remark plugin that drops the line breaks a Chinese paragraph was wrapped at. Markdown keeps
// a soft break as whitespace and browsers draw it as a space, which Chinese text does not have
// between characters ("未来； 把" instead of "未来；把"). A break is removed only where the text
// on both sides is Chinese: a Han character or CJK punctuation, or a curly quote beside one.

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const QUOTE = /[“”‘’]/u;

function joins(before: string, after: string): boolean {
  const b = CJK.test(before);
  const a = CJK.test(after);
  return (b && (a || QUOTE.test(after))) || (a && QUOTE.test(before));
}

/** The text with its soft breaks between Chinese characters removed. */
export function joinCjkLines(text: string): string {
  return text.replace(
    /(.)[ \t]*\n[ \t]*(?=(.))/gu,
    (whole: string, before: string, after: string) => (joins(before, after) ? before : whole),
  );
}

export function remarkCjkLineBreaks() {
  return (tree: MdNode): void => {
    const visit = (node: MdNode) => {
      if (node.type === "text" && node.value !== undefined) node.value = joinCjkLines(node.value);
      node.children?.forEach(visit);
    };
    visit(tree);
  };
}
