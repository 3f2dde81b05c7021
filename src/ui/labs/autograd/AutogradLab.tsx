// Leaf x -> op -> masked_fill(_) -> sum -> backward. Toggle requires_grad, no_grad and in
// place, and see x.grad or the exact error PyTorch raises, with the versions behind it.

import { useCallback, useMemo } from "react";
import { CodePanel } from "../common/CodePanel";
import { ErrorBox, Field, LabSection } from "../common/controls";
import { Legend, ValueGrid } from "../common/ValueGrid";
import { MaskEditor } from "../mask/MaskEditor";
import { ls } from "../strings";
import type { LabProps } from "../types";
import { useLabState } from "../useLabState";
import {
  AUTOGRAD_OPS,
  COLS,
  ROWS,
  autogradCode,
  autogradCodec,
  opPython,
  runAutograd,
  type AutogradOp,
  type AutogradState,
} from "./model";

export default function AutogradLab({ lang, state: encoded, onStateChange }: LabProps) {
  const [s, set, notice] = useLabState(autogradCodec, encoded, onStateChange);
  const r = useMemo(() => runAutograd(s), [s]);
  const code = useCallback(() => autogradCode(s, r), [s, r]);
  const change = (patch: Partial<AutogradState>) =>
    set((p) => ({ ...p, ...patch, backward: false }));
  const masked = Array.from(s.mask.bits, (b) => b === 1);
  const fillText = s.inPlace ? "h.masked_fill_(mask, 0.0)" : "h.masked_fill(mask, 0.0)";
  const versionNote =
    r.savesOutput && s.inPlace && r.forwardError === null && !s.noGrad
      ? `${r.gradFns.op ?? ""}: ${ls(lang, "savedAt", { v: r.versionBefore })}; h: ${ls(lang, "nowAt", { v: r.versionAfter })}`
      : null;

  return (
    <LabSection kind="autograd" title={ls(lang, "labAutograd")} notice={notice} lang={lang}>
      <div className="lab-controls">
        <Field label={ls(lang, "op")}>
          {(id) => (
            <select
              id={id}
              value={s.op}
              onChange={(e) => change({ op: e.target.value as AutogradOp })}
            >
              {AUTOGRAD_OPS.map((o) => (
                <option key={o} value={o}>
                  h = {opPython(o)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={ls(lang, "fillKind")}>
          {(id) => (
            <select
              id={id}
              value={s.inPlace ? "in" : "out"}
              onChange={(e) => change({ inPlace: e.target.value === "in" })}
            >
              <option value="out">{ls(lang, "outOfPlace")}</option>
              <option value="in">{ls(lang, "inPlace")}</option>
            </select>
          )}
        </Field>
        <label className="lab-check">
          <input
            type="checkbox"
            checked={s.requiresGrad}
            onChange={(e) => change({ requiresGrad: e.target.checked })}
          />{" "}
          <code>requires_grad=True</code>
        </label>
        <label className="lab-check">
          <input
            type="checkbox"
            checked={s.noGrad}
            onChange={(e) => change({ noGrad: e.target.checked })}
          />{" "}
          {ls(lang, "noGrad")}
        </label>
      </div>

      <div className="lab-row">
        <ValueGrid
          name="x"
          values={r.x ? Array.from({ length: ROWS * COLS }, (_, i) => r.x.atNumber(i)) : []}
          rows={ROWS}
          cols={COLS}
          dtype="float32"
          lang={lang}
          onEdit={(i, v) =>
            change({
              values: s.values.map((old, k) => (k === i ? v : old)),
            })
          }
        />
        <div className="lab-panel">
          <p className="lab-subtitle">
            mask{" "}
            <span className="meta">
              ({ROWS}, {COLS})
            </span>
          </p>
          <MaskEditor
            lang={lang}
            label={`mask (${ROWS}, ${COLS})`}
            mask={s.mask}
            presets={["diagonal", "clear", "invert"]}
            onChange={(mask) => change({ mask })}
          />
        </div>
      </div>

      <ol className="ag-graph" aria-label={ls(lang, "graph")}>
        <li className="ag-node">
          <code>x</code>
          <span className="ag-meta">
            {r.x.requiresGrad ? `${ls(lang, "leaf")}, requires_grad=True` : ls(lang, "notLeafGrad")}{" "}
            · _version {r.x.version.value}
          </span>
        </li>
        {s.op !== "none" && (
          <li className="ag-node">
            <code>h = {opPython(s.op)}</code>
            <span className="ag-meta">
              grad_fn={r.gradFns.op ?? "None"}
              {r.savesOutput && ` · ${ls(lang, "savesOutput")}`}
            </span>
          </li>
        )}
        <li className="ag-node">
          <code>y = {fillText}</code>
          <span className="ag-meta">
            grad_fn={r.gradFns.y ?? "None"}
            {s.inPlace && r.h && ` · y is h · h._version ${r.versionBefore} → ${r.versionAfter}`}
          </span>
        </li>
        <li className="ag-node">
          <code>loss = y.sum()</code>
          <span className="ag-meta">grad_fn={r.gradFns.loss ?? "None"}</span>
        </li>
      </ol>
      {s.noGrad && <p className="lab-hint">{ls(lang, "noGradNote")}</p>}

      <div className="lab-actions">
        <button
          type="button"
          className="primary"
          onClick={() => set((p) => ({ ...p, backward: true }))}
          disabled={r.forwardError !== null}
        >
          <code>loss.backward()</code>
        </button>
      </div>
      <ErrorBox text={r.forwardError ?? r.backwardError} lang={lang} />
      {versionNote && (r.backwardError || !s.backward) && (
        <p className="lab-hint ag-versions">
          <strong>{ls(lang, "versions")}:</strong> {versionNote}
        </p>
      )}

      <div className="lab-row">
        {r.yValues && (
          <ValueGrid
            name="y"
            values={r.yValues}
            rows={ROWS}
            cols={COLS}
            dtype="float32"
            lang={lang}
            masked={masked}
          />
        )}
        {r.grad && (
          <ValueGrid
            name="x.grad"
            values={r.grad}
            rows={ROWS}
            cols={COLS}
            dtype="float32"
            lang={lang}
            masked={masked}
            changed={r.grad.map(() => true)}
            flashKey={1}
          />
        )}
      </div>
      <Legend lang={lang} />
      <CodePanel getCode={code} lang={lang} />
    </LabSection>
  );
}
