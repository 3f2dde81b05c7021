import { useEffect } from "react";
import { LANG_STORAGE_KEY, isLang, pickLang, t } from "../i18n";
import { lessonsIn } from "../content/lessons";
import { LAB_KINDS, labTitle } from "../labs";
import { hrefTo, type Route } from "../routes";

/**
 * The root page is prerendered in English. Once it hydrates, a visitor who chose Chinese
 * before, or whose browser prefers it, is sent to the Chinese home; readers without
 * JavaScript keep the English page and the visible 中文 link.
 */
function readStoredLang(): string | null {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    // Storage can be off (private mode, strict settings): then only the browser decides.
    return null;
  }
}

function useLanguageRedirect(route: Route) {
  useEffect(() => {
    if (route.kind !== "home" || route.lang !== "en") return;
    const stored = readStoredLang();
    const wanted = isLang(stored) ? stored : pickLang(navigator.languages ?? []);
    if (wanted === "zh") location.replace(hrefTo(route, { kind: "home", lang: "zh" }));
  }, [route]);
}

export function Home({ route }: { route: Route & { kind: "home" } }) {
  const { lang } = route;
  useLanguageRedirect(route);
  const lessons = lessonsIn(lang);
  return (
    <div className="home">
      <section className="hero">
        <h1>{t(lang, "siteName")}</h1>
        <p className="tagline">{t(lang, "tagline")}</p>
        <p>{t(lang, "homeIntro1")}</p>
        <p>{t(lang, "homeIntro2")}</p>
        {lessons.length > 0 && (
          <p>
            <a
              className="button-link"
              href={hrefTo(route, { kind: "lesson", lang, slug: lessons[0].slug })}
            >
              {t(lang, "homeStart")} →
            </a>
          </p>
        )}
      </section>
      <section aria-labelledby="lesson-list">
        <h2 id="lesson-list">{t(lang, "lessons")}</h2>
        {lessons.length === 0 ? (
          <p>{t(lang, "noLessons")}</p>
        ) : (
          <ol className="lesson-list">
            {lessons.map((l) => (
              <li key={l.slug}>
                <a href={hrefTo(route, { kind: "lesson", lang, slug: l.slug })}>{l.title}</a>
                {l.summary && <p>{l.summary}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="more">
        <h2>
          <a href={hrefTo(route, { kind: "playground", lang })}>{t(lang, "playground")}</a>
        </h2>
        <p>{t(lang, "playgroundIntro")}</p>
        <h2>
          <a href={hrefTo(route, { kind: "cheatsheet", lang })}>{t(lang, "cheatsheet")}</a>
        </h2>
        <p>{t(lang, "cheatsheetIntro")}</p>
        <h2>{t(lang, "labs")}</h2>
        <ul className="lab-list">
          {LAB_KINDS.map((lab) => (
            <li key={lab}>
              <a href={hrefTo(route, { kind: "lab", lang, lab })}>{labTitle(lab, lang)}</a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
