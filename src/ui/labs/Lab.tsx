import { Suspense } from "react";
import { LABS } from "./registry";
import { ls, type LabLang } from "./strings";
import type { LabKind } from "./types";
import { LAB_KINDS } from "./types";

/** `<Lab kind="fill" />` as lessons write it; unknown kinds render nothing. */
export function Lab({
  kind,
  lang,
  state,
  onStateChange,
}: {
  kind: LabKind;
  lang: LabLang;
  state?: string | null;
  onStateChange?: (encoded: string) => void;
}) {
  if (!LAB_KINDS.includes(kind)) return null;
  const Component = LABS[kind];
  return (
    <div className="lab-host" data-lab={kind}>
      <Suspense fallback={<p className="lab-loading">{ls(lang, "loading")}</p>}>
        <Component lang={lang} state={state} onStateChange={onStateChange} />
      </Suspense>
    </div>
  );
}
