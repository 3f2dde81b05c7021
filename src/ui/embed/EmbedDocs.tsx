// /{lang}/embed/: how to put a lab on another page, with both ways running live below the text.

import { createElement, useEffect, useRef } from "react";
import { cs } from "../classroom/strings";
import { rootPrefix, type Route } from "../routes";
import { elementSnippet, iframeSnippet, isHeightMessage, resizeScript } from "./protocol";
import { useClientValue } from "./useClient";

// What the snippets show before the page knows its own address (the prerendered HTML); once
// hydrated they name the site the reader is on, sub-path included, ready to paste.
const PLACEHOLDER_SITE = "https://example.org/masklab/";

const MESSAGES = `// embed → parent, after every change of the embed's content height
{ type: "masklab:height", kind: "fill" | "alias" | "softmax" | "autograd" | "mask", height: 612 }
// embed → parent, after every change of the lab's state
{ type: "masklab:state", kind: "fill", state: "eyJyb3dzIjozLCJjb2xzIjo0fQ" }`;

const readOrigin = () => window.location.origin;

/** The same checks the published parent script makes, written for this page's React. */
function useAutoHeight(frame: React.RefObject<HTMLIFrameElement | null>) {
  useEffect(() => {
    const listen = (event: MessageEvent) => {
      const el = frame.current;
      if (!el || event.origin !== window.location.origin) return;
      if (event.source !== el.contentWindow || !isHeightMessage(event.data)) return;
      el.style.height = `${event.data.height}px`;
    };
    window.addEventListener("message", listen);
    return () => window.removeEventListener("message", listen);
  }, [frame]);
}

export function EmbedDocs({ route }: { route: Route & { kind: "embedDocs" } }) {
  const { lang } = route;
  const root = rootPrefix(route);
  const frame = useRef<HTMLIFrameElement>(null);
  useAutoHeight(frame);
  const origin = useClientValue(readOrigin);
  const site = useClientValue(() => new URL(root, window.location.href).href) ?? PLACEHOLDER_SITE;

  useEffect(() => {
    // A module script with a 'self' URL is allowed by the site's CSP; inline code would not be.
    if (customElements.get("masklab-alias")) return;
    const script = document.createElement("script");
    script.type = "module";
    script.src = `${root}embed/masklab-elements.js`;
    document.head.append(script);
  }, [root]);

  return (
    <article className="embed-docs prose">
      <h1>{cs(lang, "embedDocs")}</h1>
      <p>{cs(lang, "embedDocsIntro")}</p>

      <h2 id="iframe">{cs(lang, "embedDocsIframeHead")}</h2>
      <p>{cs(lang, "embedDocsIframe")}</p>
      <pre tabIndex={0}>
        <code>
          {iframeSnippet(site, "fill", null, lang, cs(lang, "embedFrameTitle", { lab: "fill" }))}
        </code>
      </pre>
      <h3>{cs(lang, "embedDocsMessages")}</h3>
      <p>{cs(lang, "embedDocsMessagesText")}</p>
      <pre tabIndex={0}>
        <code>{MESSAGES}</code>
      </pre>
      <h3>{cs(lang, "embedDocsParent")}</h3>
      <p>{cs(lang, "embedDocsParentText")}</p>
      <pre tabIndex={0}>
        <code>{resizeScript(origin ?? new URL(PLACEHOLDER_SITE).origin)}</code>
      </pre>
      <p className="live-label">{cs(lang, "embedDocsLive")}</p>
      {/* Created only once this page's listener is in place, so no height message is missed. */}
      {origin !== undefined ? (
        <iframe
          ref={frame}
          className="embed-frame"
          src={`${root}embed/fill/?lang=${lang}`}
          title={cs(lang, "embedFrameTitle", { lab: "masked_fill" })}
        />
      ) : (
        <div className="embed-frame" />
      )}

      <h2 id="element">{cs(lang, "embedDocsElementHead")}</h2>
      <p>{cs(lang, "embedDocsElement")}</p>
      <pre tabIndex={0}>
        <code>{elementSnippet(site, "alias", null, lang)}</code>
      </pre>
      <h3>{cs(lang, "embedDocsAttributes")}</h3>
      <ul>
        <li>{cs(lang, "embedDocsAttrState")}</li>
        <li>{cs(lang, "embedDocsAttrLang")}</li>
      </ul>
      <p>{cs(lang, "embedDocsSizes")}</p>
      <p className="live-label">{cs(lang, "embedDocsLive")}</p>
      {createElement("masklab-alias", { lang, className: "embed-element" })}
    </article>
  );
}
