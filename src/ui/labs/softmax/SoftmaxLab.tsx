// Scores -> mask (either polarity) -> fill -> softmax, with the weights as a heatmap and as
// per-row bars. Plot draws them (lazily loaded); a table carries the same numbers for readers
// who do not see the charts.

import { useCallback, useDeferredValue, useId, useMemo, useState } from "react";
import { CodePanel } from "../common/CodePanel";
import {
  DtypeSelect,
  ErrorBox,
  Field,
  FillSelect,
  LabSection,
  SizeFields,
} from "../common/controls";
import { PlotFigure } from "../common/PlotFigure";
import { ValueGrid } from "../common/ValueGrid";
import { MaskEditor } from "../mask/MaskEditor";
import { ls } from "../strings";
import type { LabProps } from "../types";
import { useLabState } from "../useLabState";
import { FLOAT_DTYPE_NAMES } from "../values";
import { barsData, drawBars, drawHeatmap, sameBars, sameHeatmap, type HeatmapData } from "./charts";
import {
  MAX_SIDE,
  SOFTMAX_FILLS,
  resizeSoftmax,
  runSoftmax,
  softmaxCode,
  softmaxCodec,
  withScoreSource,
  type Polarity,
} from "./model";

export default function SoftmaxLab({ lang, state: encoded, onStateChange }: LabProps) {
  const [s, set, notice] = useLabState(softmaxCodec, encoded, onStateChange);
  // Charts and tables follow a deferred copy so painting the mask stays immediate.
  const ds = useDeferredValue(s);
  // Until the deferred copy catches up, the figures and tables show the previous state.
  const stale = ds !== s;
  const result = useMemo(() => runSoftmax(ds), [ds]);
  const code = useCallback(() => softmaxCode(ds, result), [ds, result]);
  const titleId = useId();
  const [chartRow, setChartRow] = useState(0);
  const [numbersOpen, setNumbersOpen] = useState(false);
  const { rows, cols } = ds;
  const row = Math.min(chartRow, rows - 1);
  const small = cols <= 8 && rows <= 8;
  const weights = result.weightValues;
  const heat = useMemo<HeatmapData | null>(
    () => weights && { rows, cols, w: weights, blocked: result.blocked },
    [weights, result.blocked, rows, cols],
  );
  const bars = useMemo(
    () => weights && barsData(weights, result.blocked, rows, cols, row),
    [weights, result.blocked, rows, cols, row],
  );
  const scoreValues = result.scoreValues;
  // Stable between results, so the memoised score grid skips the urgent render of a toggle.
  const editScore = useCallback(
    (i: number, v: number) =>
      set((p) => {
        const scores = p.source.kind === "values" ? p.scores.slice() : scoreValues.slice();
        scores[i] = v;
        return { ...p, scores, source: { kind: "values" } };
      }),
    [set, scoreValues],
  );

  const numbers = result.weightValues && (
    <div className="lab-row">
      <div className="grid-scroll">
        <ValueGrid
          name="weights"
          values={result.weightValues}
          rows={rows}
          cols={cols}
          dtype={ds.dtype}
          lang={lang}
          masked={result.blocked}
          compact={!small}
        />
      </div>
      <table className="value-grid row-sums">
        <caption>{ls(lang, "rowSums")}</caption>
        <tbody>
          {(result.rowSums ?? []).map((v, r) => (
            <tr key={r}>
              <th scope="row" className="vindex">
                {r}
              </th>
              <td className={result.nanRows[r] ? "vcell lab-nan" : "vcell"}>
                {Number.isNaN(v) ? "nan" : v.toFixed(4)}
              </td>
              <td className="nan-flag">{result.nanRows[r] ? ls(lang, "nanRow") : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  const setSize = (r: number, c: number) => set((p) => resizeSoftmax(p, r, c));

  return (
    <LabSection kind="softmax" title={ls(lang, "labSoftmax")} notice={notice} lang={lang}>
      <div className="lab-controls">
        <SizeFields
          lang={lang}
          rows={s.rows}
          cols={s.cols}
          min={1}
          max={MAX_SIDE}
          onRows={(r) => setSize(r, s.cols)}
          onCols={(c) => setSize(s.rows, c)}
        />
        <DtypeSelect
          lang={lang}
          value={s.dtype}
          options={FLOAT_DTYPE_NAMES}
          onChange={(dtype) => set((p) => ({ ...p, dtype }))}
        />
        <FillSelect
          lang={lang}
          value={{ choice: s.fill, custom: "" }}
          dtype={s.dtype}
          choices={SOFTMAX_FILLS}
          onChange={(f) => set((p) => ({ ...p, fill: f.choice }))}
        />
        <Field label={`${ls(lang, "temperature")}: ${s.temperature}`}>
          {(id) => (
            <input
              id={id}
              type="range"
              min={0.1}
              max={5}
              step={0.1}
              value={s.temperature}
              onChange={(e) =>
                set((p) => ({ ...p, temperature: Math.round(Number(e.target.value) * 10) / 10 }))
              }
            />
          )}
        </Field>
      </div>
      <fieldset className="lab-radio">
        <legend>{ls(lang, "polarity")}</legend>
        {(["blocked", "allowed"] as Polarity[]).map((p) => (
          <label key={p}>
            <input
              type="radio"
              name={`${titleId}-pol`}
              checked={s.polarity === p}
              onChange={() => set((q) => ({ ...q, polarity: p }))}
            />{" "}
            {ls(lang, p === "blocked" ? "polarityBlocked" : "polarityAllowed")}
          </label>
        ))}
      </fieldset>

      <div className="lab-toolbar" role="group" aria-label={ls(lang, "scores")}>
        <label className="inline-field">
          <span>{ls(lang, "seed")}</span>
          <input
            type="number"
            className="narrow"
            min={0}
            value={s.seed}
            onChange={(e) =>
              set((p) => ({ ...p, seed: Math.max(0, Math.trunc(Number(e.target.value)) || 0) }))
            }
          />
        </label>
        <button
          type="button"
          onClick={() => set((p) => withScoreSource(p, { kind: "randn", seed: p.seed }))}
        >
          {ls(lang, "presetSeeded")}
        </button>
        <button
          type="button"
          onClick={() => set((p) => withScoreSource(p, { kind: "qk", seed: p.seed }))}
        >
          {ls(lang, "presetQK")}
        </button>
      </div>

      <div className="lab-row">
        <div className="lab-panel grid-scroll">
          <ValueGrid
            name="scores"
            values={result.scoreValues}
            rows={rows}
            cols={cols}
            dtype={ds.dtype}
            lang={lang}
            masked={result.blocked}
            compact={!small}
            onEdit={editScore}
          />
        </div>
        <div className="lab-panel">
          <p className="lab-subtitle">
            mask{" "}
            <span className="meta">
              ({s.rows}, {s.cols})
            </span>
          </p>
          <MaskEditor
            lang={lang}
            label={`mask (${s.mask.rows}, ${s.mask.cols})`}
            onWord={ls(lang, s.polarity === "blocked" ? "blocked" : "allowed")}
            offWord={ls(lang, s.polarity === "blocked" ? "allowed" : "blocked")}
            mask={s.mask}
            seed={s.mask.seed}
            allowMarks={s.polarity === "allowed"}
            onChange={(mask) => set((p) => ({ ...p, mask }))}
          />
        </div>
      </div>

      <ErrorBox text={result.error} lang={lang} />
      {s.fill === "0" && <p className="lab-warning">{ls(lang, "zeroMistake")}</p>}

      {heat && bars && (
        <>
          <h3 className="lab-subtitle">{ls(lang, "weights")}</h3>
          <div className="lab-row" aria-busy={stale || undefined}>
            <PlotFigure
              data={heat}
              draw={drawHeatmap}
              same={sameHeatmap}
              label={ls(lang, "heatmap")}
            />
            <div className="lab-panel">
              {rows > 6 && (
                <Field label={ls(lang, "chooseRow")}>
                  {(id) => (
                    <select
                      id={id}
                      value={row}
                      onChange={(e) => setChartRow(Number(e.target.value))}
                    >
                      {Array.from({ length: rows }, (_, i) => (
                        <option key={i} value={i}>
                          {i}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              )}
              <PlotFigure
                data={bars}
                draw={drawBars}
                same={sameBars}
                label={ls(lang, "rowBars", { r: rows > 6 ? row : "0…" + (rows - 1) })}
              />
            </div>
          </div>
          {result.nanRows.some(Boolean) && (
            <p className="lab-warning">
              {ls(lang, "nanRowsList", {
                rows: result.nanRows.flatMap((nan, r) => (nan ? [r] : [])).join(", "),
              })}
            </p>
          )}
          {small ? (
            numbers
          ) : (
            // Closed, the tables stay unrendered: 2×1024 cells a toggle need not reconcile.
            <details className="lab-details" onToggle={(e) => setNumbersOpen(e.currentTarget.open)}>
              <summary>{ls(lang, "weightsAsNumbers")}</summary>
              {numbersOpen && numbers}
            </details>
          )}
        </>
      )}
      <CodePanel getCode={code} lang={lang} />
    </LabSection>
  );
}
