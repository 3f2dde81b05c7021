// "Copy link" and "Embed" under a lab. Both read the lab's current encoded state when used, so
// they cost nothing while the learner plays.

import { useCallback, useEffect, useId, useRef, useState, type RefObject } from "react";
import { Lab, labTitle } from "../labs";
import { flushLabStates } from "../labs/useLabState";
import type { LabKind } from "../labs";
import type { Lang } from "../i18n";
import { cs } from "../classroom/strings";
import { elementSnippet, iframeSnippet, isEmbedKind } from "./protocol";
import { useClipboard } from "../layout/useClipboard";
import { useHydrated } from "./useClient";
import "./embed.css";

/**
 * True once the element has come within about a screen of the viewport (then stays true); true
 * at once where IntersectionObserver is missing.
 */
function useNearViewport(ref: RefObject<HTMLElement | null>): boolean {
  const [near, setNear] = useState(() => typeof IntersectionObserver === "undefined");
  useEffect(() => {
    const el = ref.current;
    if (near || !el) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setNear(true);
      },
      { rootMargin: "100% 0px" },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [near, ref]);
  return near;
}

/** MaskLab's root as an absolute URL, from the page's relative path back to it. */
export function siteUrl(rootPrefix: string): string {
  return new URL(rootPrefix || "./", window.location.href).href;
}

export function labLink(site: string, lang: Lang, kind: LabKind, state: string | null): string {
  return `${site}${lang}/labs/${kind}/${state ? `?s=${encodeURIComponent(state)}` : ""}`;
}

function CopyField({
  label,
  value,
  lang,
  multiline,
}: {
  label: string;
  value: string;
  lang: Lang;
  multiline?: boolean;
}) {
  const id = useId();
  const [status, copyText] = useClipboard();
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const copy = () => {
    ref.current?.select();
    copyText(value);
  };
  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea id={id} ref={ref} readOnly rows={4} value={value} spellCheck={false} />
      ) : (
        <input id={id} ref={ref} readOnly value={value} spellCheck={false} />
      )}
      <button type="button" className="btn-quiet" onClick={copy}>
        {cs(lang, "copy")}
      </button>
      <span className="copy-status" role="status">
        {status === "copied"
          ? cs(lang, "copied")
          : status === "failed"
            ? cs(lang, "copyFailed")
            : ""}
      </span>
    </div>
  );
}

export function LabTools({
  kind,
  lang,
  rootPrefix,
  getState,
}: {
  kind: LabKind;
  lang: Lang;
  /** Relative path from this page back to the site root ("../../"). */
  rootPrefix: string;
  getState: () => string | null;
}) {
  const [panel, setPanel] = useState<"none" | "link" | "embed">("none");
  const [snapshot, setSnapshot] = useState<{ site: string; state: string | null } | null>(null);
  const [copied, copyText] = useClipboard();
  const panelId = useId();

  const take = () => {
    flushLabStates();
    const s = { site: siteUrl(rootPrefix), state: getState() };
    setSnapshot(s);
    return s;
  };

  const copyLink = () => {
    const s = take();
    setPanel("link");
    copyText(labLink(s.site, lang, kind, s.state));
  };

  const toggleEmbed = () => {
    take();
    setPanel((p) => (p === "embed" ? "none" : "embed"));
  };

  const title = cs(lang, "embedFrameTitle", { lab: labTitle(kind, lang) });
  return (
    <div className="lab-tools" role="group" aria-label={cs(lang, "labTools")}>
      <div className="lab-tools-bar">
        <button type="button" className="btn-quiet" onClick={copyLink}>
          {cs(lang, "copyLink")}
        </button>
        {isEmbedKind(kind) && (
          <button
            type="button"
            className="btn-quiet"
            aria-expanded={panel === "embed"}
            aria-controls={panelId}
            onClick={toggleEmbed}
          >
            {cs(lang, "embed")}
          </button>
        )}
        <span className="copy-status" role="status">
          {panel === "link" && copied === "copied" ? cs(lang, "linkCopied") : ""}
        </span>
      </div>
      {panel === "link" && snapshot && (
        <div className="lab-tools-panel">
          <CopyField
            label={cs(lang, "linkLabel")}
            value={labLink(snapshot.site, lang, kind, snapshot.state)}
            lang={lang}
          />
        </div>
      )}
      <div id={panelId} className="lab-tools-panel" hidden={panel !== "embed"}>
        {panel === "embed" && snapshot && isEmbedKind(kind) && (
          <>
            <p className="lab-tools-title">{cs(lang, "embedTitle")}</p>
            <CopyField
              label={cs(lang, "embedIframe")}
              value={iframeSnippet(snapshot.site, kind, snapshot.state, lang, title)}
              lang={lang}
              multiline
            />
            <p className="hint">{cs(lang, "embedIframeHelp")}</p>
            <CopyField
              label={cs(lang, "embedElement")}
              value={elementSnippet(snapshot.site, kind, snapshot.state, lang)}
              lang={lang}
              multiline
            />
            <p className="hint">{cs(lang, "embedElementHelp")}</p>
            <p>
              <a href={`${rootPrefix}${lang}/embed/`}>{cs(lang, "embedDocsLink")}</a>
            </p>
          </>
        )}
      </div>
    </div>
  );
}

/** A lab with its sharing tools, as lessons and walkthrough steps show it. */
export function SharedLab({
  kind,
  lang,
  state,
  rootPrefix,
}: {
  kind: LabKind;
  lang: Lang;
  state?: string | null;
  rootPrefix: string;
}) {
  const current = useRef<string | null>(state ?? null);
  const follow = useCallback((encoded: string) => {
    current.current = encoded;
  }, []);
  const getState = useCallback(() => current.current, []);
  // A lab's code loads when its place comes near the screen (or on a click of the placeholder),
  // not with the lesson: a reader who never scrolls there never downloads it. Prerendered pages
  // and hydration show the placeholder, so both render the same markup.
  const host = useRef<HTMLDivElement>(null);
  const near = useNearViewport(host);
  const [asked, setAsked] = useState(false);
  const live = useHydrated() && (near || asked);
  return (
    <div className="shared-lab" data-lab-kind={kind} ref={host}>
      {live ? (
        <Lab kind={kind} lang={lang} state={state ?? null} onStateChange={follow} />
      ) : (
        <p className="lab-loading">
          <button type="button" className="btn-quiet" onClick={() => setAsked(true)}>
            {labTitle(kind, lang)}…
          </button>
        </p>
      )}
      <LabTools kind={kind} lang={lang} rootPrefix={rootPrefix} getState={getState} />
    </div>
  );
}
