// "Show code": the PyTorch code that rebuilds the lab's current state, in a disclosure. The
// code is only generated while the panel is open, so a closed panel costs nothing per edit.

import { useId, useState } from "react";
import { ls, type LabLang } from "../strings";

export function CodePanel({ getCode, lang }: { getCode: () => string; lang: LabLang }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  const id = useId();
  const code = open ? getCode() : "";
  const copy = () => {
    void navigator.clipboard?.writeText(code).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      },
      () => setCopied(false),
    );
  };
  return (
    <div className="lab-code">
      <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {ls(lang, open ? "hideCode" : "showCode")}
      </button>
      <figure id={id} hidden={!open} className="lab-code-figure">
        <figcaption className="visually-hidden">{ls(lang, "codeCaption")}</figcaption>
        {/* Long code scrolls; a focusable region lets keyboard users scroll it too. */}
        <pre className="lab-code-text" tabIndex={0}>
          <code className="language-python">{code}</code>
        </pre>
        <button type="button" className="small" onClick={copy}>
          {ls(lang, copied ? "copied" : "copy")}
        </button>
      </figure>
    </div>
  );
}
