// /embed/{kind}/?state=…&lang=…: one lab, minimal chrome, made to sit in an iframe. It tells its
// parent two things only, its height and its state (see ./protocol.ts); it listens to nothing.

import { useCallback, useEffect, useRef, useState } from "react";
import { Lab, labTitle, type LabKind } from "../labs";
import type { LabLang as Lang } from "../labs/strings";
import { embedWords } from "./strings";
import { cleanState, type EmbedKind, type EmbedMessage } from "./protocol";
import { useClientValue } from "./useClient";

interface EmbedQuery {
  readonly lang: Lang;
  readonly state: string | null;
}

let cachedSearch = "";
let cachedQuery: EmbedQuery = { lang: "en", state: null };
function readQuery(): EmbedQuery {
  // useSyncExternalStore wants the same object back while nothing changed.
  if (window.location.search === cachedSearch) return cachedQuery;
  const q = new URLSearchParams(window.location.search);
  cachedSearch = window.location.search;
  cachedQuery = { lang: q.get("lang") === "zh" ? "zh" : "en", state: cleanState(q.get("state")) };
  return cachedQuery;
}

function post(message: EmbedMessage): void {
  // The height and the state are all an embed ever says, so any parent may hear them.
  if (window.parent !== window) window.parent.postMessage(message, "*");
}

export function EmbedPage({ kind }: { kind: EmbedKind }) {
  const query = useClientValue(readQuery);
  const lang: Lang = query?.lang ?? "en";
  const ref = useRef<HTMLElement>(null);
  const lastHeight = useRef(0);
  const [changed, setChanged] = useState<string | null>(null);
  const current = changed ?? query?.state ?? null;

  useEffect(() => {
    document.documentElement.lang = embedWords(lang).htmlLang;
    document.documentElement.classList.add("embed-doc");
    document.title = `${labTitle(kind as LabKind, lang)} · MaskLab`;
  }, [kind, lang]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const report = () => {
      const style = getComputedStyle(document.body);
      const height = Math.ceil(
        el.getBoundingClientRect().height +
          parseFloat(style.marginTop) +
          parseFloat(style.marginBottom),
      );
      if (height <= 0 || height === lastHeight.current) return;
      lastHeight.current = height;
      post({ type: "masklab:height", kind, height });
    };
    const observer = new ResizeObserver(report);
    observer.observe(el);
    report();
    return () => observer.disconnect();
  }, [kind]);

  const follow = useCallback(
    (encoded: string) => {
      setChanged(encoded);
      const url = new URL(window.location.href);
      url.searchParams.set("state", encoded);
      window.history.replaceState(null, "", url);
      post({ type: "masklab:state", kind, state: encoded });
    },
    [kind],
  );

  const site = "../../";
  const other: Lang = lang === "en" ? "zh" : "en";
  const stateQuery = (l: Lang, key: string) => {
    const q = new URLSearchParams();
    if (current) q.set(key, current);
    if (key === "state") q.set("lang", l);
    const s = q.toString();
    return s ? `?${s}` : "";
  };
  return (
    <main
      className="embed"
      ref={ref}
      data-embed={kind}
      aria-label={labTitle(kind as LabKind, lang)}
    >
      <h1 className="visually-hidden">{labTitle(kind as LabKind, lang)}</h1>
      {query === undefined ? (
        <p className="lab-loading">{labTitle(kind as LabKind, lang)}…</p>
      ) : (
        <Lab kind={kind as LabKind} lang={lang} state={query.state} onStateChange={follow} />
      )}
      <footer className="embed-footer">
        <a
          href={`${site}${lang}/labs/${kind}/${stateQuery(lang, "s")}`}
          target="_blank"
          rel="noopener"
        >
          {embedWords(lang).open} ↗
        </a>
        <a
          href={`./${stateQuery(other, "state")}`}
          hrefLang={embedWords(other).htmlLang}
          lang={embedWords(other).htmlLang}
          aria-label={embedWords(lang).otherLabel}
        >
          ⇄ {embedWords(lang).other}
        </a>
      </footer>
    </main>
  );
}
