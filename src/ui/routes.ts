// Routes and relative links. Every URL the site emits is relative to the page it is on, so a
// build works unchanged at a host's root or under any sub-path.

import type { Lang } from "./i18n";

export type Route =
  | { readonly kind: "home"; readonly lang: Lang }
  | { readonly kind: "lesson"; readonly lang: Lang; readonly slug: string }
  | { readonly kind: "playground"; readonly lang: Lang }
  | { readonly kind: "cheatsheet"; readonly lang: Lang }
  | { readonly kind: "lab"; readonly lang: Lang; readonly lab: string }
  /** An embeddable lab: one page per kind, its language chosen by ?lang= at run time. */
  | { readonly kind: "embed"; readonly lang: Lang; readonly lab: string }
  | { readonly kind: "embedDocs"; readonly lang: Lang };

/** Path of a route below the site root, "" for the root itself; always ends in "/" otherwise. */
export function routePath(route: Route): string {
  switch (route.kind) {
    case "home":
      return route.lang === "en" ? "" : `${route.lang}/`;
    case "lesson":
      return `${route.lang}/${route.slug}/`;
    case "playground":
      return `${route.lang}/playground/`;
    case "cheatsheet":
      return `${route.lang}/cheatsheet/`;
    case "lab":
      return `${route.lang}/labs/${route.lab}/`;
    case "embed":
      return `embed/${route.lab}/`;
    case "embedDocs":
      return `${route.lang}/embed/`;
  }
}

/** "../" repeated once per directory level, taking a page back to the site root. */
export function rootPrefix(route: Route): string {
  const depth = routePath(route).split("/").filter(Boolean).length;
  return "../".repeat(depth);
}

export function hrefTo(from: Route, to: Route): string {
  const href = rootPrefix(from) + routePath(to);
  return href === "" ? "./" : href;
}

export function sameRouteIn(route: Route, lang: Lang): Route {
  return { ...route, lang };
}

/** Reads a route back from the data-* attributes the prerenderer puts on the root element. */
export function routeFromDataset(data: DOMStringMap): Route | null {
  const lang = data.lang;
  if (lang !== "en" && lang !== "zh") return null;
  switch (data.kind) {
    case "home":
    case "playground":
    case "cheatsheet":
    case "embedDocs":
      return { kind: data.kind, lang };
    case "lesson":
      return data.slug ? { kind: "lesson", lang, slug: data.slug } : null;
    case "lab":
      return data.lab ? { kind: "lab", lang, lab: data.lab } : null;
    case "embed":
      return data.lab ? { kind: "embed", lang, lab: data.lab } : null;
    default:
      return null;
  }
}

export function routeDataAttributes(route: Route): Record<string, string> {
  const attrs: Record<string, string> = { "data-kind": route.kind, "data-lang": route.lang };
  if (route.kind === "lesson") attrs["data-slug"] = route.slug;
  if (route.kind === "lab" || route.kind === "embed") attrs["data-lab"] = route.lab;
  return attrs;
}

/**
 * Reads a route from a URL path whose tail is one of ours ("…/zh/masked-fill/"). Only the dev
 * server needs it: built pages say their route in data attributes.
 */
export function routeFromPath(pathname: string): Route {
  const parts = pathname.split("/").filter(Boolean);
  const embedAt = parts.indexOf("embed");
  if (embedAt >= 0 && parts[embedAt + 1] && (embedAt === 0 || !isLangPart(parts[embedAt - 1])))
    return { kind: "embed", lang: "en", lab: parts[embedAt + 1] };
  const at = parts.findIndex((p) => p === "en" || p === "zh");
  if (at < 0) return { kind: "home", lang: "en" };
  const lang = parts[at] as Lang;
  const rest = parts[at + 1];
  if (!rest) return { kind: "home", lang };
  if (rest === "playground" || rest === "cheatsheet") return { kind: rest, lang };
  if (rest === "embed") return { kind: "embedDocs", lang };
  if (rest === "labs" && parts[at + 2]) return { kind: "lab", lang, lab: parts[at + 2] };
  return { kind: "lesson", lang, slug: rest };
}

function isLangPart(part: string | undefined): boolean {
  return part === "en" || part === "zh";
}
