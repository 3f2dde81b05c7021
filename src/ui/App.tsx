// The page tree shared by the prerenderer and the browser: both load the same page data first
// and render the same element, so hydration matches.

import type { MDXContent } from "mdx/types";
import { loadCheatsheet, loadLesson } from "./content/lessons";
import { LAB_KINDS, LabPage, type LabKind } from "./labs";
import { Layout } from "./layout/Layout";
import { Cheatsheet, type CheatsheetModule } from "./pages/Cheatsheet";
import { Home } from "./pages/Home";
import { LessonPage } from "./pages/LessonPage";
import { Playground } from "./pages/Playground";
import type { Route } from "./routes";

export interface PageData {
  readonly lesson?: MDXContent;
  readonly cheatsheet?: CheatsheetModule | null;
}

export async function loadPageData(route: Route): Promise<PageData> {
  if (route.kind === "lesson")
    return { lesson: (await loadLesson(route.lang, route.slug)).default };
  if (route.kind === "cheatsheet")
    return { cheatsheet: (await loadCheatsheet(route.lang)) ?? null };
  return {};
}

export function App({ route, data }: { route: Route; data: PageData }) {
  return <Layout route={route}>{page(route, data)}</Layout>;
}

function page(route: Route, data: PageData) {
  switch (route.kind) {
    case "home":
      return <Home route={route} />;
    case "lesson":
      return data.lesson ? <LessonPage route={route} Content={data.lesson} /> : null;
    case "playground":
      return <Playground route={route} />;
    case "cheatsheet":
      return <Cheatsheet route={route} mod={data.cheatsheet ?? null} />;
    case "lab":
      return isLabKind(route.lab) ? <LabPage kind={route.lab} lang={route.lang} /> : null;
  }
}

export function isLabKind(kind: string): kind is LabKind {
  return (LAB_KINDS as readonly string[]).includes(kind);
}
