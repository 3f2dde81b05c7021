import { describe, expect, it } from "vitest";
import { joinCjkLines, remarkCjkLineBreaks } from "../../src/lessons/cjkLineBreaks";

describe("joinCjkLines", () => {
  it("removes a soft break between Chinese characters and punctuation", () => {
    expect(joinCjkLines("它遮住的是未来；\n把同一个掩码")).toBe("它遮住的是未来；把同一个掩码");
    expect(joinCjkLines("所要的\n“允许”形式")).toBe("所要的“允许”形式");
    expect(joinCjkLines("“允许”\n形式")).toBe("“允许”形式");
  });

  it("keeps breaks that touch Latin text, numbers or code", () => {
    expect(joinCjkLines("the mask\nis blocked")).toBe("the mask\nis blocked");
    expect(joinCjkLines("过去和 token\n自己")).toBe("过去和 token\n自己");
    expect(joinCjkLines("an\n“allowed” mask")).toBe("an\n“allowed” mask");
    expect(joinCjkLines("张量\n2 个")).toBe("张量\n2 个");
  });

  it("rewrites the text nodes of a tree, not code", () => {
    const tree = {
      type: "root",
      children: [
        { type: "paragraph", children: [{ type: "text", value: "视图\n共享存储" }] },
        { type: "code", value: "# 注释\n注释" },
      ],
    };
    remarkCjkLineBreaks()(tree);
    expect(tree.children[0].children?.[0].value).toBe("视图共享存储");
    expect(tree.children[1].value).toBe("# 注释\n注释");
  });
});
