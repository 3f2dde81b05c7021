// The few words an /embed/ page shows besides its lab, kept tiny on purpose: every byte here
// counts against an embed's JavaScript budget.

import type { LabLang } from "../labs/strings";

const words = {
  en: { open: "Open in MaskLab", other: "中文", otherLabel: "阅读中文版", htmlLang: "en" },
  zh: {
    open: "在 MaskLab 中打开",
    other: "English",
    otherLabel: "Read in English",
    htmlLang: "zh-CN",
  },
} as const;

export function embedWords(lang: LabLang) {
  return words[lang];
}
