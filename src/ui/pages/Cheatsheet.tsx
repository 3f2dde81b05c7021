// The cheat sheet renders whatever shape content/ provides: an MDX page (rendered with the
// lesson components) or data — rows of fields, each plain or per language ({ en, zh }) — shown
// as a table whose rows link to the lesson they name.

import type { MDXContent } from "mdx/types";
import type { ReactNode } from "react";
import { lessonComponents } from "../content/components";
import { findLesson } from "../content/lessons";
import { t, type Lang } from "../i18n";
import { NotebookProvider } from "../notebook/NotebookContext";
import { hrefTo, type Route } from "../routes";

export type CheatsheetModule = Record<string, unknown>;

const LINK_KEYS = ["slug", "lesson", "lessonSlug", "link", "href", "anchor", "id"];

type Row = Record<string, unknown>;

function localise(value: unknown, lang: Lang): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (lang in v) return v[lang];
    if ("en" in v) return v.en;
  }
  return value;
}

function findRows(mod: CheatsheetModule, lang: Lang): { rows: Row[]; headers: Row | null } | null {
  const candidates = [mod.default, mod.cheatsheet, mod.rows, ...Object.values(mod)];
  for (const c of candidates) {
    let data = localise(c, lang);
    let headers: Row | null = null;
    if (data && typeof data === "object" && !Array.isArray(data)) {
      const d = data as Record<string, unknown>;
      const h = localise(d.columns ?? d.headers, lang);
      if (h && typeof h === "object" && !Array.isArray(h)) headers = h as Row;
      data = localise(d.rows ?? d.entries ?? d.items, lang);
    }
    if (Array.isArray(data) && data.every((r) => r && typeof r === "object")) {
      return { rows: data as Row[], headers };
    }
  }
  return null;
}

/** Inline `code` spans become <code>; everything else stays text (never HTML). */
function inline(text: string): ReactNode[] {
  return text
    .split(/(`[^`]+`)/)
    .map((part, i) =>
      part.startsWith("`") && part.endsWith("`") && part.length > 1 ? (
        <code key={i}>{part.slice(1, -1)}</code>
      ) : (
        part
      ),
    );
}

function cellText(value: unknown, lang: Lang): string {
  const v = localise(value, lang);
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.map((x) => cellText(x, lang)).join(", ");
  return typeof v === "object" ? "" : String(v);
}

function DataTable({ route, mod }: { route: Route; mod: CheatsheetModule }) {
  const { lang } = route;
  const found = findRows(mod, lang);
  if (!found || found.rows.length === 0) return <p>{t(lang, "cheatsheetMissing")}</p>;
  const { rows, headers } = found;
  const columns: string[] = [];
  for (const r of rows) {
    for (const k of Object.keys(r))
      if (!LINK_KEYS.includes(k) && !columns.includes(k)) columns.push(k);
  }
  const label = (c: string): string => (headers ? cellText(headers[c], lang) || c : c);
  // On a narrow screen the rows stack as cards (styles.css) and each cell shows its column's
  // name from data-label, since the header row is out of sight by then.
  return (
    <div className="table-scroll">
      <table className="cheatsheet-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {label(c)}
              </th>
            ))}
            <th scope="col">{t(lang, "lesson")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const slugField = cellText(r.slug ?? r.lesson ?? r.lessonSlug, lang).replace(/#.*/, "");
            const lesson = slugField ? findLesson(lang, slugField) : undefined;
            const anchor = cellText(r.anchor, lang);
            return (
              <tr key={i}>
                {columns.map((c, j) =>
                  j === 0 ? (
                    <th scope="row" key={c}>
                      {inline(cellText(r[c], lang))}
                    </th>
                  ) : (
                    <td key={c} data-label={label(c)}>
                      {inline(cellText(r[c], lang))}
                    </td>
                  ),
                )}
                <td data-label={t(lang, "lesson")}>
                  {lesson ? (
                    <a
                      href={
                        hrefTo(route, { kind: "lesson", lang, slug: lesson.slug }) +
                        (anchor ? `#${encodeURIComponent(anchor)}` : "")
                      }
                    >
                      {lesson.title}
                    </a>
                  ) : (
                    slugField
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function Cheatsheet({
  route,
  mod,
}: {
  route: Route & { kind: "cheatsheet" };
  mod: CheatsheetModule | null;
}) {
  const { lang } = route;
  const Content = typeof mod?.default === "function" ? (mod.default as MDXContent) : null;
  return (
    <NotebookProvider lang={lang}>
      <div className="cheatsheet">
        <h1>{t(lang, "cheatsheet")}</h1>
        <p className="summary">{t(lang, "cheatsheetIntro")}</p>
        {!mod ? (
          <p>{t(lang, "cheatsheetMissing")}</p>
        ) : Content ? (
          <div className="prose">
            <Content components={lessonComponents} />
          </div>
        ) : (
          <DataTable route={route} mod={mod} />
        )}
      </div>
    </NotebookProvider>
  );
}
