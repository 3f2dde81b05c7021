import { createContext, useContext } from "react";
import type { Lang } from "../i18n";

export interface Classroom {
  readonly lang: Lang;
  /** The lesson's slug; prediction progress is kept per lesson and question. */
  readonly slug: string;
  /** Relative path from the lesson page back to the site root. */
  readonly rootPrefix: string;
  readonly walking: boolean;
  /** Starts the walkthrough (full screen if the browser allows) at step `at`, 0-based. */
  start(at?: number): void;
}

export const ClassroomContext = createContext<Classroom | null>(null);

export function useClassroom(): Classroom | null {
  return useContext(ClassroomContext);
}
