// What an embed says to the page around it, and the snippets a teacher pastes. Pure: the docs
// page, the Embed button, the elements build (which writes the resize script to a file) and
// the tests all read the same text from here.

export const EMBED_KINDS = ["fill", "alias", "softmax", "autograd", "mask"] as const;
export type EmbedKind = (typeof EMBED_KINDS)[number];

export function isEmbedKind(kind: unknown): kind is EmbedKind {
  return typeof kind === "string" && (EMBED_KINDS as readonly string[]).includes(kind);
}

/** Sent to the parent whenever the embed's content height changes. */
export interface HeightMessage {
  readonly type: "masklab:height";
  readonly kind: EmbedKind;
  /** CSS pixels, an integer. */
  readonly height: number;
}

/** Sent to the parent after each change of the lab's state (debounced by the lab). */
export interface StateMessage {
  readonly type: "masklab:state";
  readonly kind: EmbedKind;
  /** The encoded state, the same text the `state` parameter takes. */
  readonly state: string;
}

export type EmbedMessage = HeightMessage | StateMessage;

/** Heights beyond this are refused: no lab is that tall, and a hostile page could try. */
export const MAX_HEIGHT = 20000;
/** Encoded states beyond this are refused, so a link never grows without bound. */
export const MAX_STATE_LENGTH = 4096;

export function isHeightMessage(data: unknown): data is HeightMessage {
  if (typeof data !== "object" || data === null) return false;
  const d = data as Record<string, unknown>;
  return (
    d.type === "masklab:height" &&
    isEmbedKind(d.kind) &&
    typeof d.height === "number" &&
    Number.isInteger(d.height) &&
    d.height > 0 &&
    d.height <= MAX_HEIGHT
  );
}

/** The state text as the embed URL and the elements accept it; anything else is ignored. */
export function cleanState(text: string | null | undefined): string | null {
  if (!text) return null;
  // "!" is outside the encoding's alphabet, so an overlong state decodes to the defaults with
  // the lab's notice, exactly like any other unreadable one.
  return text.length > MAX_STATE_LENGTH ? "!" : text;
}

/**
 * The parent-side listener. With `origin` it is the inline form (the origin written in); without,
 * it is the file form, which takes MaskLab's origin from its own script URL. ES5 on purpose: it
 * runs on course pages of any age.
 */
export function resizeScript(origin?: string): string {
  const originLine = origin
    ? `  var ORIGIN = ${JSON.stringify(origin)};`
    : `  var ORIGIN = new URL(document.currentScript.src).origin;`;
  return `(function () {
  // MaskLab embeds report {type: "masklab:height", kind, height}; set that iframe's height.
${originLine}
  var KINDS = ["fill", "alias", "softmax", "autograd", "mask"];
  window.addEventListener("message", function (event) {
    if (event.origin !== ORIGIN) return;
    var d = event.data;
    if (!d || typeof d !== "object" || d.type !== "masklab:height") return;
    if (KINDS.indexOf(d.kind) < 0) return;
    if (typeof d.height !== "number" || d.height % 1 !== 0 || d.height <= 0 || d.height > ${MAX_HEIGHT}) return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) frames[i].style.height = d.height + "px";
    }
  });
})();
`;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** The iframe and its listener, ready to paste. `siteUrl` is MaskLab's root, ending in "/". */
export function iframeSnippet(
  siteUrl: string,
  kind: EmbedKind,
  state: string | null,
  lang: string,
  title: string,
): string {
  const src = embedUrl(siteUrl, kind, state, lang);
  // The script comes first: it runs before the iframe exists, so no height message is missed.
  return `<script src="${escapeAttr(siteUrl)}embed/masklab-resize.js"></script>
<iframe src="${escapeAttr(src)}" title="${escapeAttr(title)}" width="100%" height="600" loading="lazy"></iframe>`;
}

export function embedUrl(siteUrl: string, kind: EmbedKind, state: string | null, lang: string) {
  const q = new URLSearchParams();
  if (state) q.set("state", state);
  q.set("lang", lang);
  return `${siteUrl}embed/${kind}/?${q.toString()}`;
}

export function elementSnippet(
  siteUrl: string,
  kind: EmbedKind,
  state: string | null,
  lang: string,
): string {
  const stateAttr = state ? ` state="${escapeAttr(state)}"` : "";
  return `<script type="module" src="${escapeAttr(siteUrl)}embed/masklab-elements.js"></script>
<masklab-${kind}${stateAttr} lang="${escapeAttr(lang)}"></masklab-${kind}>`;
}
