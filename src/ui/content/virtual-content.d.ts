// Written by the masklabContent plugin in vite.config.ts from the files under content/.
declare module "virtual:masklab-content" {
  import type { MDXContent } from "mdx/types";

  export interface LessonEntry {
    readonly slug: string;
    readonly lang: "en" | "zh";
    readonly title: string;
    readonly summary: string;
    readonly order: number;
    /** The lesson's MDX has its own top-level heading. */
    readonly hasTitle: boolean;
    /** Source path relative to the project root, as Vite's manifest keys it. */
    readonly file: string;
  }
  export const lessons: readonly LessonEntry[];
  export const lessonLoaders: Readonly<Record<string, () => Promise<{ default: MDXContent }>>>;
  /** Keyed "en", "zh" or "any" (one file for both languages); empty without a cheat sheet. */
  export const cheatsheetLoaders: Readonly<Record<string, () => Promise<Record<string, unknown>>>>;
  export const cheatsheetFiles: Readonly<Record<string, string>>;
}
