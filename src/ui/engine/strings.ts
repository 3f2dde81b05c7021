// Words for the engine's own events (time limit, restart), in both languages. Kept beside the
// engine client so notebooks and embeds say the same thing.

import type { Lang } from "../i18n";

const STRINGS = {
  en: {
    engineRestarted: "engine restarted: variables cleared",
    engineRestartedWhy:
      "This cell ran past its time limit, so the Python engine was stopped and started afresh. Variables defined by the cells above are gone.",
    rerunAbove: "Re-run the cells above",
    timeLimit: "Time limit per cell",
    seconds: "s",
  },
  zh: {
    engineRestarted: "引擎已重启：变量已清空",
    engineRestartedWhy:
      "这个单元格超出了运行时限，Python 引擎已被停止并重新启动。上方单元格定义的变量都已丢失。",
    rerunAbove: "重新运行上方的单元格",
    timeLimit: "每个单元格的时限",
    seconds: "秒",
  },
} as const;

export type EngineStringKey = keyof (typeof STRINGS)["en"];

export function engineText(lang: Lang, key: EngineStringKey): string {
  return STRINGS[lang][key];
}
