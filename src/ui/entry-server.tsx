// Used only at build time by scripts/prerender.mjs: lists the routes and renders each to HTML.

import { renderToString } from "react-dom/server";
import { App, loadPageData } from "./App";
import { LAB_KINDS, labTitle } from "./labs";
import { allLessons as lessons, cheatsheetSource } from "./content/lessons";
import { LANGS, t } from "./i18n";
import { cs } from "./classroom/strings";
import { EMBED_KINDS } from "./embed/protocol";
import { routeDataAttributes, routePath, rootPrefix, type Route } from "./routes";

export function listRoutes(): Route[] {
  const routes: Route[] = [];
  for (const lang of LANGS) {
    routes.push({ kind: "home", lang });
    for (const l of lessons)
      if (l.lang === lang) routes.push({ kind: "lesson", lang, slug: l.slug });
    routes.push({ kind: "playground", lang }, { kind: "cheatsheet", lang });
    for (const lab of LAB_KINDS) routes.push({ kind: "lab", lang, lab });
    routes.push({ kind: "embedDocs", lang });
  }
  for (const lab of EMBED_KINDS) routes.push({ kind: "embed", lang: "en", lab });
  return routes;
}

export interface RenderedPage {
  readonly path: string;
  readonly prefix: string;
  readonly html: string;
  readonly htmlLang: string;
  readonly title: string;
  readonly description: string;
  readonly noscript: string;
  readonly rootAttributes: Record<string, string>;
  /** Source files whose chunks this page loads before hydrating (keys of Vite's manifest). */
  readonly sources: readonly string[];
  /** The client entry (a key of Vite's manifest) when it is not the site's usual one. */
  readonly entry?: string;
}

export async function renderRoute(route: Route): Promise<RenderedPage> {
  const data = await loadPageData(route);
  const html = renderToString(<App route={route} data={data} />);
  const { lang } = route;
  const site = t(lang, "siteName");
  let title = `${site} — ${t(lang, "tagline")}`;
  let description = t(lang, "homeIntro1");
  const sources: string[] = [];
  let entry: string | undefined;
  if (route.kind === "lesson") {
    const entry = lessons.find((l) => l.lang === lang && l.slug === route.slug);
    title = `${entry?.title ?? route.slug} · ${site}`;
    description = entry?.summary || description;
    if (entry) sources.push(entry.file);
  } else if (route.kind === "playground") {
    title = `${t(lang, "playground")} · ${site}`;
    description = t(lang, "playgroundIntro");
  } else if (route.kind === "lab") {
    title = `${labTitle(route.lab as (typeof LAB_KINDS)[number], lang)} · ${site}`;
  } else if (route.kind === "embed") {
    title = `${labTitle(route.lab as (typeof LAB_KINDS)[number], lang)} · ${site}`;
    entry = "src/ui/embed/entry-embed.tsx";
  } else if (route.kind === "embedDocs") {
    title = `${cs(lang, "embedDocs")} · ${site}`;
    description = cs(lang, "embedDocsIntro");
  } else if (route.kind === "cheatsheet") {
    title = `${t(lang, "cheatsheet")} · ${site}`;
    description = t(lang, "cheatsheetIntro");
    const src = cheatsheetSource(lang);
    if (src) sources.push(src);
  }
  return {
    path: routePath(route),
    prefix: rootPrefix(route),
    html,
    htmlLang: t(lang, "htmlLang"),
    title,
    description,
    noscript: t(lang, "noscript"),
    rootAttributes: routeDataAttributes(route),
    sources,
    entry,
  };
}
