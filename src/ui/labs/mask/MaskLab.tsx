import { useCallback, useId } from "react";
import { CodePanel } from "../common/CodePanel";
import { Field, Notice } from "../common/controls";
import { ls } from "../strings";
import type { LabProps } from "../types";
import { useLabState } from "../useLabState";
import { resizeMask } from "./bits";
import { MaskEditor } from "./MaskEditor";
import { maskCode, maskCodec } from "./model";

export default function MaskLab({ lang, state: encoded, onStateChange }: LabProps) {
  const [s, set, notice] = useLabState(maskCodec, encoded, onStateChange);
  const code = useCallback(() => maskCode(s), [s]);
  const titleId = useId();
  const size = (v: string) => Math.min(64, Math.max(1, Math.trunc(Number(v)) || 1));
  return (
    <section className="lab lab-mask" aria-labelledby={titleId}>
      <h2 id={titleId} className="lab-title">
        {ls(lang, "labMask")}
      </h2>
      <Notice notice={notice} lang={lang} />
      <div className="lab-controls">
        <Field label={ls(lang, "rows")}>
          {(id) => (
            <input
              id={id}
              type="number"
              min={1}
              max={64}
              className="narrow"
              value={s.mask.rows}
              onChange={(e) =>
                set((p) => ({ mask: resizeMask(p.mask, size(e.target.value), p.mask.cols) }))
              }
            />
          )}
        </Field>
        <Field label={ls(lang, "cols")}>
          {(id) => (
            <input
              id={id}
              type="number"
              min={1}
              max={64}
              className="narrow"
              value={s.mask.cols}
              onChange={(e) =>
                set((p) => ({ mask: resizeMask(p.mask, p.mask.rows, size(e.target.value)) }))
              }
            />
          )}
        </Field>
      </div>
      <MaskEditor
        lang={lang}
        label={`mask (${s.mask.rows}, ${s.mask.cols})`}
        mask={s.mask}
        seed={s.mask.seed}
        onChange={(mask) => set({ mask })}
      />
      <CodePanel getCode={code} lang={lang} />
    </section>
  );
}
