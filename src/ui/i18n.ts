// Every string the interface shows, in both languages, in one table so the two cannot drift.
// Terms follow /design/GLOSSARY.md (张量, 掩码, 单元格, 运行 / 全部运行…).

export type Lang = "en" | "zh";
export const LANGS: readonly Lang[] = ["en", "zh"];

const en = {
  siteName: "MaskLab",
  htmlLang: "en",
  langName: "English",
  tagline: "See what PyTorch does when you mask a tensor.",
  homeIntro1:
    "MaskLab is a set of short notebooks about masked_fill() and masked_fill_(): what they return, what they overwrite, and what that does to views, attention scores, gradients and dtypes.",
  homeIntro2:
    "Every code cell runs in your browser, with no server and no install, and prints what PyTorch 2.13 prints. The outputs under each cell were recorded with real PyTorch, so you can read the lessons without running anything.",
  homeStart: "Start with the first lesson",
  lessons: "Lessons",
  noLessons: "No lessons in this build yet.",
  playground: "Playground",
  playgroundIntro:
    "An empty notebook. Paste any snippet or add an example, and run it with Shift+Enter; cells share one Python session and stay in this browser until you remove them.",
  addExample: "Add an example",
  chooseExample: "Choose an example…",
  copyCellsLink: "Copy link to these cells",
  cellsLink: "Link to these cells",
  cellsLinkCopied: "Link copied",
  cellsLinkCopyFailed: "Copy the link from the box",
  sharedCellsOpened: "You opened cells someone shared.",
  sharedCellsNotKept:
    "Edits to them are not kept until you add them to your own cells, which stay as they were.",
  keepSharedCells: "Add them to my cells",
  showOwnCells: "Back to my cells",
  sharedCellsUnreadable: "The link's cells could not be read; your own cells are shown.",
  cheatsheet: "Cheat sheet",
  cheatsheetIntro: "When to use which, at a glance. Each row links to the lesson that shows it.",
  cheatsheetMissing: "The cheat sheet is not part of this build yet.",
  labs: "Labs",
  home: "Home",
  mainNav: "Main",
  lessonNav: "Lessons",
  languageSwitch: "Language",
  switchTo: "中文",
  switchToLabel: "阅读中文版",
  skipToContent: "Skip to content",
  footer: "MaskLab. Recorded outputs come from PyTorch 2.13 on CPU; cells run in your browser.",
  previousLesson: "Previous",
  nextLesson: "Next",
  run: "Run",
  runAll: "Run all",
  restart: "Restart",
  restartTitle: "Forget every variable and start a fresh Python session",
  reset: "Reset",
  resetTitle: "Restore this cell's original code",
  editKept: "Edited: kept in this browser until you reset it",
  addCell: "Add cell",
  removeCell: "Remove cell",
  running: "Running…",
  queued: "Waiting…",
  done: "Done",
  failed: "Error",
  cell: "Cell",
  codeLabel: "Python code, cell",
  editHint: "Shift+Enter runs the cell",
  codePlaceholder: "Type or paste Python here",
  recordedOutput: "Output recorded with PyTorch 2.13",
  recordedError: "Error recorded with PyTorch 2.13",
  yourOutput: "Output of your run",
  matchesRecorded: "Same as the recorded output",
  differsFromRecorded: "Differs from the recorded output",
  traceback: "Traceback",
  engineCrashed: "EngineError: the Python engine stopped unexpectedly",
  noscript:
    "JavaScript is off, so you are reading the recorded outputs. Turn it on to run and edit the cells.",
  notebookToolbar: "Notebook",
  tensorLabel: "tensor",
  shape: "shape",
  row: "row",
  column: "column",
  index: "index",
  masked: "masked",
  changed: "changed since the previous run",
  gridTooLarge: "too many elements to show as a grid",
  gridLegend: "Legend",
  showGrids: "Show the {n} tensors as grids",
  legendNegInf: "−inf",
  legendNan: "NaN",
  legendMasked: "masked",
  legendChanged: "changed since the previous run",
  calloutNote: "Note",
  calloutPitfall: "Pitfall",
  calloutTip: "Tip",
  misconception: "Misconception",
  claim: "Claim",
  notFound: "Page not found",
  when: "When",
  use: "Use",
  lesson: "Lesson",
};

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  siteName: "MaskLab",
  htmlLang: "zh-CN",
  langName: "中文",
  tagline: "看清 PyTorch 在你给张量加掩码时做了什么。",
  homeIntro1:
    "MaskLab 是一组关于 masked_fill() 与 masked_fill_() 的简短笔记本：它们返回什么、覆盖了什么，以及这对视图、注意力分数、梯度和数据类型（dtype）意味着什么。",
  homeIntro2:
    "每个代码单元格都直接在你的浏览器里运行，无需服务器、无需安装，输出与 PyTorch 2.13 完全一致。每个单元格下方的输出都由真实的 PyTorch 记录，所以不运行也能读懂课程。",
  homeStart: "从第一课开始",
  lessons: "课程",
  noLessons: "此版本还没有课程。",
  playground: "练习场",
  playgroundIntro:
    "一个空白笔记本。粘贴任意代码或添加示例，按 Shift+Enter 运行；所有单元格共享同一个 Python 会话，并保存在这个浏览器里，直到你删除它们。",
  addExample: "添加示例",
  editKept: "已修改：保存在此浏览器中，直到你点击重置",
  chooseExample: "选择一个示例…",
  copyCellsLink: "复制这些单元格的链接",
  cellsLink: "这些单元格的链接",
  cellsLinkCopied: "链接已复制",
  cellsLinkCopyFailed: "请从文本框中复制链接",
  sharedCellsOpened: "你打开的是别人分享的单元格。",
  sharedCellsNotKept:
    "在你把它们加入自己的单元格之前，对它们的修改不会被保存；你自己的单元格保持原样。",
  keepSharedCells: "加入我的单元格",
  showOwnCells: "回到我的单元格",
  sharedCellsUnreadable: "无法读取链接中的单元格，显示的是你自己的单元格。",
  cheatsheet: "速查表",
  cheatsheetIntro: "一眼看清什么时候用哪个。每一行都链接到演示它的课程。",
  cheatsheetMissing: "此版本还没有速查表。",
  labs: "实验",
  home: "首页",
  mainNav: "主导航",
  lessonNav: "课程",
  languageSwitch: "语言",
  switchTo: "English",
  switchToLabel: "Read in English",
  skipToContent: "跳到正文",
  footer: "MaskLab。记录的输出来自 CPU 上的 PyTorch 2.13；单元格在你的浏览器中运行。",
  previousLesson: "上一课",
  nextLesson: "下一课",
  run: "运行",
  runAll: "全部运行",
  restart: "重新开始",
  restartTitle: "清空所有变量，开始一个新的 Python 会话",
  reset: "重置",
  resetTitle: "恢复此单元格的原始代码",
  addCell: "添加单元格",
  removeCell: "删除单元格",
  running: "运行中…",
  queued: "等待中…",
  done: "完成",
  failed: "出错",
  cell: "单元格",
  codeLabel: "Python 代码，单元格",
  editHint: "Shift+Enter 运行单元格",
  codePlaceholder: "在此输入或粘贴 Python 代码",
  recordedOutput: "PyTorch 2.13 记录的输出",
  recordedError: "PyTorch 2.13 记录的错误",
  yourOutput: "本次运行的输出",
  matchesRecorded: "与记录的输出一致",
  differsFromRecorded: "与记录的输出不同",
  traceback: "回溯（Traceback）",
  engineCrashed: "EngineError: Python 引擎意外停止",
  noscript: "JavaScript 已关闭，你看到的是记录的输出。开启 JavaScript 即可运行和编辑单元格。",
  notebookToolbar: "笔记本",
  tensorLabel: "张量",
  shape: "形状",
  row: "行",
  column: "列",
  index: "索引",
  masked: "已掩码",
  changed: "自上次运行以来已改变",
  gridTooLarge: "元素太多，无法以网格显示",
  gridLegend: "图例",
  showGrids: "以网格查看这 {n} 个张量",
  legendNegInf: "−inf",
  legendNan: "NaN",
  legendMasked: "已掩码",
  legendChanged: "自上次运行以来已改变",
  calloutNote: "说明",
  calloutPitfall: "陷阱",
  calloutTip: "提示",
  misconception: "常见误区",
  claim: "说法",
  notFound: "页面不存在",
  when: "场景",
  use: "用法",
  lesson: "课程",
};

const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, zh };

export function t(lang: Lang, key: MessageKey): string {
  return dictionaries[lang][key];
}

export function otherLang(lang: Lang): Lang {
  return lang === "en" ? "zh" : "en";
}

export function isLang(value: unknown): value is Lang {
  return value === "en" || value === "zh";
}

/** The first of the visitor's languages we have, or null if none is ours. */
export function pickLang(languages: readonly string[]): Lang | null {
  for (const l of languages) {
    const base = l.toLowerCase().split("-")[0];
    if (base === "zh") return "zh";
    if (base === "en") return "en";
  }
  return null;
}

export const LANG_STORAGE_KEY = "masklab.lang";
