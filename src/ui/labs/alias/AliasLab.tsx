// Views versus copies: masked_fill_ through v (or through x) and watch which of the two change,
// with x's storage drawn as a strip showing the slots v reads.

import { useCallback, useMemo } from "react";
import { CodePanel } from "../common/CodePanel";
import { ErrorBox, Field, FillSelect, LabSection, SizeFields } from "../common/controls";
import { StorageDiagram } from "../common/StorageDiagram";
import { Legend, ValueGrid } from "../common/ValueGrid";
import { MaskEditor } from "../mask/MaskEditor";
import { ls } from "../strings";
import type { LabProps } from "../types";
import { useLabState } from "../useLabState";
import { StorageStrip } from "./StorageStrip";
import {
  ALIAS_FILLS,
  MAX_APPLIED,
  VIEW_KINDS,
  aliasCode,
  aliasCodec,
  runAlias,
  viewPython,
  withTarget,
  type ViewKind,
} from "./model";

function as2d(shape: readonly number[]): [number, number] {
  return shape.length === 2 ? [shape[0], shape[1]] : [1, shape[0] ?? 0];
}

export default function AliasLab({ lang, state: encoded, onStateChange }: LabProps) {
  const [s, set, notice] = useLabState(aliasCodec, encoded, onStateChange);
  const result = useMemo(() => runAlias(s), [s]);
  const code = useCallback(() => aliasCode(s, result), [s, result]);
  const [vr, vc] = as2d(result.v.shape);
  const changedSlots = useMemo(() => {
    const out = new Set<number>();
    if (result.xChanged) result.xChanged.forEach((c, i) => c && out.add(result.x.storageIndex(i)));
    return out;
  }, [result]);
  const maskCells = useMemo(() => Array.from(s.mask.bits, (b) => b === 1), [s.mask]);

  const diagram = useMemo(() => {
    const line = (t: typeof result.x) => [
      `Tensor (${t.shape.join(", ")}${t.ndim === 1 ? "," : ""})`,
      `offset ${t.offset}, stride (${t.strides.join(", ")}${t.ndim === 1 ? "," : ""})`,
    ];
    const tensors = [
      { id: "tx", lines: line(result.x), storage: "sx" },
      { id: "tv", lines: line(result.v), storage: result.shares ? "sx" : "sv" },
    ];
    const storages = [
      {
        id: "sx",
        lines: [
          `${ls(lang, "storageWord")} #${result.x.storage.id}`,
          `${result.x.storage.nbytes} ${ls(lang, "bytesWord")}`,
        ],
      },
    ];
    if (!result.shares)
      storages.push({
        id: "sv",
        lines: [
          `${ls(lang, "storageWord")} #${result.v.storage.id}`,
          `${result.v.storage.nbytes} ${ls(lang, "bytesWord")}`,
        ],
      });
    return {
      names: [
        { name: "x", tensor: "tx" },
        { name: "v", tensor: "tv" },
      ],
      tensors,
      storages,
    };
  }, [result, lang]);

  return (
    <LabSection kind="alias" title={ls(lang, "labAlias")} notice={notice} lang={lang}>
      <div className="lab-controls">
        <SizeFields
          lang={lang}
          rows={s.rows}
          cols={s.cols}
          min={2}
          max={6}
          onRows={(rows) => set((p) => withTarget(p, { rows }))}
          onCols={(cols) => set((p) => withTarget(p, { cols }))}
        />
        <Field label={ls(lang, "viewKind")}>
          {(id) => (
            <select
              id={id}
              value={s.view}
              onChange={(e) => set((p) => withTarget(p, { view: e.target.value as ViewKind }))}
            >
              {VIEW_KINDS.map((k) => (
                <option key={k} value={k}>
                  v = {viewPython(k, s.rows, s.cols)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={ls(lang, "target")}>
          {(id) => (
            <select
              id={id}
              value={s.target}
              onChange={(e) =>
                set((p) => withTarget(p, { target: e.target.value as "view" | "base" }))
              }
            >
              <option value="view">{ls(lang, "targetView")}</option>
              <option value="base">{ls(lang, "targetBase")}</option>
            </select>
          )}
        </Field>
        <FillSelect
          lang={lang}
          value={s.fill}
          dtype="float32"
          choices={ALIAS_FILLS}
          onChange={(fill) => set((p) => ({ ...p, fill, applied: 0 }))}
        />
      </div>

      <div className="lab-row">
        <ValueGrid
          name="x"
          values={result.xValues}
          rows={s.rows}
          cols={s.cols}
          dtype="float32"
          lang={lang}
          changed={result.xChanged}
          masked={s.target === "base" ? maskCells : null}
          flashKey={s.applied}
        />
        <ValueGrid
          name="v"
          caption={`v = ${viewPython(s.view, s.rows, s.cols)}`}
          values={result.vValues}
          rows={vr}
          cols={vc}
          shape={result.v.shape}
          dtype="float32"
          lang={lang}
          changed={result.vChanged}
          masked={s.target === "view" ? maskCells : null}
          flashKey={s.applied}
        />
        <div className="lab-panel">
          <p className="lab-subtitle">
            mask{" "}
            <span className="meta">
              (
              {s.mask.rows === 1 && (s.target === "view" ? result.v.ndim : 2) === 1
                ? `${s.mask.cols},`
                : `${s.mask.rows}, ${s.mask.cols}`}
              )
            </span>
          </p>
          <MaskEditor
            lang={lang}
            label={`mask ${s.target === "view" ? "v" : "x"}`}
            mask={s.mask}
            presets={["checker", "clear", "invert"]}
            onChange={(mask) => set((p) => ({ ...p, mask, applied: 0 }))}
          />
        </div>
      </div>

      <div className="lab-actions">
        <button
          type="button"
          className="primary"
          disabled={s.applied >= MAX_APPLIED}
          onClick={() => set((p) => ({ ...p, applied: p.applied + 1 }))}
        >
          <code>{s.target === "view" ? "v" : "x"}.masked_fill_(mask, value)</code>
        </button>
        <button
          type="button"
          disabled={s.applied === 0}
          onClick={() => set((p) => ({ ...p, applied: 0 }))}
        >
          {ls(lang, "undo")}
        </button>
      </div>
      <ErrorBox text={result.error} lang={lang} />
      {result.warning && (
        <p className="lab-warning">
          <strong>{ls(lang, "warning")}: </strong>
          <code>{result.warning}</code>
        </p>
      )}

      <dl className="lab-facts">
        <div>
          <dt>
            <code>v._base is x</code>
          </dt>
          <dd>
            <code>{result.isView ? "True" : "False"}</code>
          </dd>
        </div>
        <div>
          <dt>{ls(lang, "storages")}</dt>
          <dd>{ls(lang, result.shares ? "sharesStorage" : "ownStorage")}</dd>
        </div>
        <div>
          <dt>
            <code>x._version</code>
          </dt>
          <dd>
            <code>{result.x.version.value}</code>
          </dd>
        </div>
      </dl>

      <StorageStrip
        owner="x"
        storageOf={result.x}
        reader={result.v}
        readerName="v"
        covered={result.covered}
        changed={changedSlots}
        lang={lang}
      />
      {!result.shares && (
        <StorageStrip
          owner="v"
          storageOf={result.v}
          reader={result.v}
          readerName="v"
          covered={
            new Set(Array.from({ length: result.v.numel }, (_, i) => result.v.storageIndex(i)))
          }
          lang={lang}
        />
      )}
      <StorageDiagram lang={lang} {...diagram} />
      <Legend lang={lang} />
      <CodePanel getCode={code} lang={lang} />
    </LabSection>
  );
}
