import {
  cheatsheetFiles,
  cheatsheetLoaders,
  lessonLoaders,
  lessons,
  type LessonEntry,
} from "virtual:masklab-content";
import type { Lang } from "../i18n";

export type { LessonEntry };

export function lessonsIn(lang: Lang): LessonEntry[] {
  return lessons
    .filter((l) => l.lang === lang)
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
}

export function findLesson(lang: Lang, slug: string): LessonEntry | undefined {
  return lessons.find((l) => l.lang === lang && l.slug === slug);
}

export function loadLesson(lang: Lang, slug: string) {
  const load = lessonLoaders[`${lang}/${slug}`];
  if (!load) throw new Error(`no lesson ${lang}/${slug}`);
  return load();
}

export function cheatsheetSource(lang: Lang): string | null {
  return cheatsheetFiles[lang] ?? cheatsheetFiles.any ?? null;
}

export function loadCheatsheet(lang: Lang): Promise<Record<string, unknown>> | null {
  const load = cheatsheetLoaders[lang] ?? cheatsheetLoaders.any;
  return load ? load() : null;
}

export const allLessons: readonly LessonEntry[] = lessons;
