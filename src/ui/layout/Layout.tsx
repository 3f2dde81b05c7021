import type { ReactNode } from "react";
import { LANG_STORAGE_KEY, otherLang, t } from "../i18n";
import { findLesson, lessonsIn } from "../content/lessons";
import { hrefTo, sameRouteIn, type Route } from "../routes";

export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const { lang } = route;
  const other = otherLang(lang);
  const target =
    route.kind === "lesson" && !findLesson(other, route.slug)
      ? ({ kind: "home", lang: other } as const)
      : sameRouteIn(route, other);
  const home: Route = { kind: "home", lang };
  const nav: { route: Route; label: string }[] = [
    { route: home, label: t(lang, "lessons") },
    { route: { kind: "playground", lang }, label: t(lang, "playground") },
    { route: { kind: "cheatsheet", lang }, label: t(lang, "cheatsheet") },
  ];
  const lessons = lessonsIn(lang);
  // The cheat sheet's table and the labs need the full width more than the lesson list.
  const showSidebar =
    (route.kind === "lesson" || route.kind === "playground") && lessons.length > 0;

  return (
    <>
      <a className="skip-link" href="#main">
        {t(lang, "skipToContent")}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <a className="brand" href={hrefTo(route, home)}>
            <span className="brand-mark" aria-hidden="true">
              ▦
            </span>
            {t(lang, "siteName")}
          </a>
          <nav className="top-nav" aria-label={t(lang, "mainNav")}>
            <ul>
              {nav.map((n) => (
                <li key={n.route.kind}>
                  <a
                    href={hrefTo(route, n.route)}
                    aria-current={n.route.kind === route.kind ? "page" : undefined}
                  >
                    {n.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <a
            className="lang-switch"
            href={hrefTo(route, target)}
            hrefLang={t(other, "htmlLang")}
            lang={t(other, "htmlLang")}
            aria-label={t(lang, "switchToLabel")}
            onClick={(e) => {
              // The same page in the other language, with this page's state (?s=, ?step=).
              e.currentTarget.search = window.location.search;
              try {
                localStorage.setItem(LANG_STORAGE_KEY, other);
              } catch {
                // Storage may be off (private mode); the link still works.
              }
            }}
          >
            <span aria-hidden="true">⇄ </span>
            {t(lang, "switchTo")}
          </a>
        </div>
      </header>
      <div className={`page ${showSidebar ? "with-sidebar" : ""} page-${route.kind}`}>
        {showSidebar && (
          <nav className="sidebar" aria-label={t(lang, "lessonNav")}>
            <ol>
              {lessons.map((l) => {
                const current = route.kind === "lesson" && route.slug === l.slug;
                return (
                  <li key={l.slug}>
                    <a
                      href={hrefTo(route, { kind: "lesson", lang, slug: l.slug })}
                      aria-current={current ? "page" : undefined}
                    >
                      {l.title}
                    </a>
                  </li>
                );
              })}
            </ol>
          </nav>
        )}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
      <footer className="site-footer">
        <p>{t(lang, "footer")}</p>
      </footer>
    </>
  );
}
