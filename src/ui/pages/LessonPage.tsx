import type { MDXContent } from "mdx/types";
import { lessonComponents } from "../content/components";
import { findLesson, lessonsIn } from "../content/lessons";
import { t } from "../i18n";
import { NotebookBar } from "../notebook/NotebookBar";
import { NotebookProvider } from "../notebook/NotebookContext";
import { hrefTo, rootPrefix, type Route } from "../routes";
import { LessonBody } from "../classroom/Walkthrough";

export function LessonPage({
  route,
  Content,
}: {
  route: Route & { kind: "lesson" };
  Content: MDXContent;
}) {
  const { lang } = route;
  const entry = findLesson(lang, route.slug);
  const all = lessonsIn(lang);
  const at = all.findIndex((l) => l.slug === route.slug);
  const prev = at > 0 ? all[at - 1] : null;
  const next = at >= 0 && at < all.length - 1 ? all[at + 1] : null;
  return (
    <NotebookProvider lang={lang} editsKey={`${lang}/${route.slug}`}>
      <article className="lesson">
        {!entry?.hasTitle && (
          <header className="lesson-head">
            <h1>{entry?.title ?? route.slug}</h1>
            <NotebookBar />
          </header>
        )}
        <div className="prose">
          <LessonBody
            Content={Content}
            components={lessonComponents}
            lang={lang}
            slug={route.slug}
            rootPrefix={rootPrefix(route)}
          />
        </div>
        <nav
          className="pager"
          aria-label={`${t(lang, "previousLesson")} / ${t(lang, "nextLesson")}`}
        >
          {prev ? (
            <a rel="prev" href={hrefTo(route, { kind: "lesson", lang, slug: prev.slug })}>
              ← {t(lang, "previousLesson")}: {prev.title}
            </a>
          ) : (
            <span />
          )}
          {next && (
            <a rel="next" href={hrefTo(route, { kind: "lesson", lang, slug: next.slug })}>
              {t(lang, "nextLesson")}: {next.title} →
            </a>
          )}
        </nav>
      </article>
    </NotebookProvider>
  );
}
