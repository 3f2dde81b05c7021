import { useCallback } from "react";
import { CodePanel } from "../common/CodePanel";
import { LabSection, SizeFields } from "../common/controls";
import { ls } from "../strings";
import type { LabProps } from "../types";
import { useLabState } from "../useLabState";
import { resizeMask } from "./bits";
import { MaskEditor } from "./MaskEditor";
import { maskCode, maskCodec } from "./model";

export default function MaskLab({ lang, state: encoded, onStateChange }: LabProps) {
  const [s, set, notice] = useLabState(maskCodec, encoded, onStateChange);
  const code = useCallback(() => maskCode(s), [s]);
  return (
    <LabSection kind="mask" title={ls(lang, "labMask")} notice={notice} lang={lang}>
      <div className="lab-controls">
        <SizeFields
          lang={lang}
          rows={s.mask.rows}
          cols={s.mask.cols}
          min={1}
          max={64}
          onRows={(r) => set((p) => ({ mask: resizeMask(p.mask, r, p.mask.cols) }))}
          onCols={(c) => set((p) => ({ mask: resizeMask(p.mask, p.mask.rows, c) }))}
        />
      </div>
      <MaskEditor
        lang={lang}
        label={`mask (${s.mask.rows}, ${s.mask.cols})`}
        mask={s.mask}
        seed={s.mask.seed}
        onChange={(mask) => set({ mask })}
      />
      <CodePanel getCode={code} lang={lang} />
    </LabSection>
  );
}
