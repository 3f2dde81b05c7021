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
import { rootPrefix, type Route } from "./routes";
import { LabTools } from "./embed/LabTools";
import { EmbedDocs } from "./embed/EmbedDocs";
import { EmbedPage } from "./embed/EmbedPage";
import { isEmbedKind } from "./embed/protocol";

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
  // Embeds live in other people's pages: no header, no footer, no navigation.
  if (route.kind === "embed") return isEmbedKind(route.lab) ? <EmbedPage kind={route.lab} /> : null;
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
      return isLabKind(route.lab) ? (
        <>
          <LabPage kind={route.lab} lang={route.lang} />
          <LabTools
            kind={route.lab}
            lang={route.lang}
            rootPrefix={rootPrefix(route)}
            getState={labPageState}
          />
        </>
      ) : null;
    case "embedDocs":
      return <EmbedDocs route={route} />;
    case "embed":
      return null;
  }
}

export function isLabKind(kind: string): kind is LabKind {
  return (LAB_KINDS as readonly string[]).includes(kind);
}

// The lab page keeps its state in ?s= (replaced on every change), so the URL is the state.
const labPageState = (): string | null => new URLSearchParams(window.location.search).get("s");
