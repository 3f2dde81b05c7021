// A lab on its own page (/{lang}/labs/{kind}/). Its state follows the URL's ?s= parameter,
// read once on the client and replaced (not pushed) on every change.

import { useCallback, useSyncExternalStore } from "react";
import { Lab } from "./Lab";
import { ls, type LabKey, type LabLang } from "./strings";
import type { LabKind } from "./types";

const TITLE: Record<LabKind, LabKey> = {
  mask: "labMask",
  fill: "labFill",
  alias: "labAlias",
  softmax: "labSoftmax",
  autograd: "labAutograd",
};

export function labTitle(kind: LabKind, lang: LabLang): string {
  return ls(lang, TITLE[kind]);
}

const noSubscription = () => () => {};
const readUrlState = (): string | null => new URLSearchParams(window.location.search).get("s");

export function LabPage({ kind, lang }: { kind: LabKind; lang: LabLang }) {
  // undefined on the server and while hydrating, so both render the same "loading" line.
  const state = useSyncExternalStore(noSubscription, readUrlState, () => undefined);
  const follow = useCallback((encoded: string) => {
    const url = new URL(window.location.href);
    url.searchParams.set("s", encoded);
    window.history.replaceState(null, "", url);
  }, []);
  return (
    <div className="lab-page">
      <h1>{labTitle(kind, lang)}</h1>
      {state === undefined ? (
        <p className="lab-loading">{ls(lang, "loading")}</p>
      ) : (
        <Lab kind={kind} lang={lang} state={state} onStateChange={follow} />
      )}
    </div>
  );
}
