// The classroom and embed strings in both languages. Kept apart from src/ui/i18n.ts so the
// custom-element bundle can carry them without the whole site's table, and so the two helpers
// editing i18n.ts and this file at the same time never collide.

import type { Lang } from "../i18n";

const en = {
  // Walkthrough
  walkStart: "Walkthrough",
  walkStartTitle: "Present this lesson one step at a time, full screen (← → or Page Up/Down)",
  walkExit: "Exit walkthrough",
  walkPrev: "Previous step",
  walkNext: "Next step",
  walkStep: "Step {n} of {total}",
  walkJump: "Jump to step",
  walkBar: "Walkthrough controls",
  walkHelp: "← → or Page Up/Down move, Home/End jump to the ends, Esc leaves.",
  walkIntro: "Introduction",
  // Predict, then reveal
  predictTag: "Predict, then run",
  predictChoices: "Your prediction",
  predictReveal: "Lock in and reveal",
  predictPickFirst: "Pick a prediction first: committing before you look is the point.",
  predictCorrect: "You predicted it.",
  predictWrong: "Not quite: you picked “{choice}”.",
  predictAnswer: "What PyTorch does: {answer}",
  predictAgain: "Try again",
  predictResult: "The real result",
  predictProgress: "Predictions in this lesson: {done} of {total} answered, {right} right.",
  // Lab tools
  labTools: "Share this lab",
  copyLink: "Copy link",
  linkCopied: "Link copied",
  copyFailed: "Select the link and copy it",
  linkLabel: "Link to this lab in its current state",
  embed: "Embed",
  embedTitle: "Put this lab on your own page",
  embedIframe: "An iframe that sets its own height",
  embedIframeHelp:
    "Paste both parts. The script listens for the embed's height message and resizes the iframe; it accepts nothing else, and only from MaskLab's origin.",
  embedElement: "A custom element with one script tag",
  embedElementHelp:
    "The element renders the lab in your page, styles isolated in Shadow DOM. Attributes: state, lang.",
  copy: "Copy",
  copied: "Copied",
  embedDocsLink: "How embedding works",
  openInMaskLab: "Open in MaskLab",
  embedFrameTitle: "MaskLab: {lab}",
  // Docs page
  embedDocs: "Embedding MaskLab",
  embedDocsIntro:
    "Every lab can live on your own course page, in its current state, in English or Chinese. There are two ways, shown working below.",
  embedDocsIframeHead: "1. An iframe",
  embedDocsIframe:
    "The page /embed/{kind}/?state=…&lang=… shows one lab with minimal chrome. It runs entirely in the iframe, under MaskLab's own strict Content-Security-Policy, and tells its parent how tall it is so the iframe never needs a scrollbar.",
  embedDocsMessages: "Messages the embed sends to its parent",
  embedDocsMessagesText:
    "Only these two, both plain objects sent with postMessage. The embed listens for no messages at all.",
  embedDocsParent: "The parent-side script",
  embedDocsParentText:
    "Either include the script file (it works out MaskLab's origin from its own URL) or paste the same code inline with the origin written in.",
  embedDocsElementHead: "2. A custom element",
  embedDocsElement:
    "One module script defines <masklab-fill>, <masklab-alias>, <masklab-softmax>, <masklab-autograd> and <masklab-mask>. Its URLs are relative to the script itself, so the bundle works from any host path. Each element draws into its own Shadow DOM, so your page's styles and the lab's do not mix. Changing the state or lang attribute re-renders it, and it fires a masklab-state event with the encoded state after each change.",
  embedDocsLive: "Live",
  embedDocsAttributes: "Attributes",
  embedDocsAttrState:
    "state: an encoded lab state, as in the lab pages' ?s= parameter or the Embed button; omitted or unreadable means the defaults (with a notice).",
  embedDocsAttrLang: "lang: en or zh.",
  embedDocsKinds: "Labs",
  embedDocsSizes:
    "Each embed stays under 100 KB of gzipped JavaScript; Observable Plot is fetched only by the softmax lab.",
  // Embed page
  embedLang: "中文",
  embedLangLabel: "阅读中文版",
  embedFooter: "MaskLab",
};

export type ClassroomKey = keyof typeof en;

const zh: Record<ClassroomKey, string> = {
  walkStart: "演示模式",
  walkStartTitle: "全屏逐步演示本课（← → 或 Page Up/Down 翻页）",
  walkExit: "退出演示",
  walkPrev: "上一步",
  walkNext: "下一步",
  walkStep: "第 {n} 步，共 {total} 步",
  walkJump: "跳到第几步",
  walkBar: "演示控制",
  walkHelp: "← → 或 Page Up/Down 翻页，Home/End 跳到首尾，Esc 退出。",
  walkIntro: "引言",
  predictTag: "先预测，再运行",
  predictChoices: "你的预测",
  predictReveal: "确定并揭晓",
  predictPickFirst: "请先选一个预测：先下结论再看结果，才有收获。",
  predictCorrect: "预测正确。",
  predictWrong: "不太对：你选了“{choice}”。",
  predictAnswer: "PyTorch 的实际行为：{answer}",
  predictAgain: "重新预测",
  predictResult: "真实结果",
  predictProgress: "本课的预测题：已答 {done} / {total}，答对 {right} 题。",
  labTools: "分享这个实验",
  copyLink: "复制链接",
  linkCopied: "链接已复制",
  copyFailed: "请选中链接后手动复制",
  linkLabel: "指向此实验当前状态的链接",
  embed: "嵌入",
  embedTitle: "把这个实验放到你自己的页面上",
  embedIframe: "自动调整高度的 iframe",
  embedIframeHelp:
    "两部分都要粘贴。脚本监听嵌入页发出的高度消息并调整 iframe 高度；它只接受这一种消息，而且只接受来自 MaskLab 源的消息。",
  embedElement: "只需一个 script 标签的自定义元素",
  embedElementHelp: "该元素直接在你的页面中渲染实验，样式隔离在 Shadow DOM 中。属性：state、lang。",
  copy: "复制",
  copied: "已复制",
  embedDocsLink: "嵌入说明",
  openInMaskLab: "在 MaskLab 中打开",
  embedFrameTitle: "MaskLab：{lab}",
  embedDocs: "嵌入 MaskLab",
  embedDocsIntro:
    "每个实验都可以按当前状态、以中文或英文放进你自己的课程页面。有两种方式，下面都有可运行的示例。",
  embedDocsIframeHead: "1. iframe",
  embedDocsIframe:
    "页面 /embed/{kind}/?state=…&lang=… 只显示一个实验和极少的界面元素。它完全在 iframe 中运行，遵循 MaskLab 自己严格的内容安全策略（CSP），并把自己的高度告诉父页面，因此 iframe 不需要滚动条。",
  embedDocsMessages: "嵌入页发给父页面的消息",
  embedDocsMessagesText:
    "只有下面两种，都是用 postMessage 发送的普通对象。嵌入页本身不接收任何消息。",
  embedDocsParent: "父页面脚本",
  embedDocsParentText:
    "可以引入脚本文件（它根据自己的 URL 得出 MaskLab 的源），也可以把同样的代码内联粘贴，并写明源。",
  embedDocsElementHead: "2. 自定义元素",
  embedDocsElement:
    "一个模块脚本定义了 <masklab-fill>、<masklab-alias>、<masklab-softmax>、<masklab-autograd> 和 <masklab-mask>。其中的 URL 都相对于脚本本身，所以放在任何路径下都能工作。每个元素都绘制在自己的 Shadow DOM 中，你的页面样式和实验样式互不影响。修改 state 或 lang 属性会重新渲染，每次状态改变后都会触发带有编码状态的 masklab-state 事件。",
  embedDocsLive: "实时示例",
  embedDocsAttributes: "属性",
  embedDocsAttrState:
    "state：编码后的实验状态，与实验页面的 ?s= 参数或“嵌入”按钮给出的相同；省略或无法读取时使用默认状态（并显示提示）。",
  embedDocsAttrLang: "lang：en 或 zh。",
  embedDocsKinds: "实验",
  embedDocsSizes:
    "每个嵌入的 JavaScript 经 gzip 后都小于 100 KB；只有 softmax 实验才会加载 Observable Plot。",
  embedLang: "English",
  embedLangLabel: "Read in English",
  embedFooter: "MaskLab",
};

const tables: Record<Lang, Record<ClassroomKey, string>> = { en, zh };

/** A classroom string, with {name} placeholders filled from `vars`. */
export function cs(lang: Lang, key: ClassroomKey, vars?: Record<string, string | number>): string {
  let s = tables[lang][key];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}
