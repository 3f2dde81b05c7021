// The masked_fill lab: one tensor, one mask, one fill value, and two buttons whose difference
// shows up in the values, in `y is x`, in x._version and in the storage diagram.

import { useCallback, useMemo } from "react";
import { CodePanel } from "../common/CodePanel";
import {
  DtypeSelect,
  ErrorBox,
  Field,
  FillSelect,
  LabSection,
  SizeFields,
} from "../common/controls";
import {
  StorageDiagram,
  type DiagramName,
  type DiagramStorage,
  type DiagramTensor,
} from "../common/StorageDiagram";
import { Legend, ValueGrid } from "../common/ValueGrid";
import { MaskEditor } from "../mask/MaskEditor";
import { ls } from "../strings";
import type { LabProps } from "../types";
import { useLabState } from "../useLabState";
import { coerceValue } from "../values";
import type { Tensor } from "../../../tensor/tensor";
import {
  FILL_CHOICES,
  MAX_STEPS,
  fillCode,
  fillCodec,
  reshapeFill,
  runFill,
  type FillStep,
  type MaskMode,
} from "./model";

const SHAPES: readonly [number, number][] = [
  [1, 6],
  [2, 3],
  [3, 4],
  [4, 4],
  [6, 6],
  [8, 8],
];

function tensorLines(t: Tensor): string[] {
  return [`Tensor (${t.shape.join(", ")}) ${t.dtype.name}`, `_version ${t.version.value}`];
}

export default function FillLab({ lang, state: encoded, onStateChange }: LabProps) {
  const [s, set, notice] = useLabState(fillCodec, encoded, onStateChange);
  const result = useMemo(() => runFill(s), [s]);
  const code = useCallback(() => fillCode(s, result), [s, result]);
  const run = (step: FillStep) =>
    set((p) => ({ ...p, steps: [...p.steps, step].slice(-MAX_STEPS) }));
  const yIsX = result.y !== null && result.y === result.x;

  const diagram = useMemo(() => {
    const names: DiagramName[] = [{ name: "x", tensor: "tx" }];
    const tensors: DiagramTensor[] = [{ id: "tx", lines: tensorLines(result.x), storage: "sx" }];
    const storages: DiagramStorage[] = [
      {
        id: "sx",
        lines: [
          `${ls(lang, "storageWord")} #${result.x.storage.id}`,
          `${result.x.storage.nbytes} ${ls(lang, "bytesWord")}`,
        ],
      },
    ];
    if (result.y) {
      if (yIsX) names.push({ name: "y", tensor: "tx" });
      else {
        names.push({ name: "y", tensor: "ty" });
        tensors.push({ id: "ty", lines: tensorLines(result.y), storage: "sy" });
        storages.push({
          id: "sy",
          lines: [
            `${ls(lang, "storageWord")} #${result.y.storage.id}`,
            `${result.y.storage.nbytes} ${ls(lang, "bytesWord")}`,
          ],
          fresh: true,
        });
      }
    }
    names.push({ name: "mask", tensor: "tm" });
    tensors.push({ id: "tm", lines: tensorLines(result.mask), storage: "sm" });
    storages.push({
      id: "sm",
      lines: [
        `${ls(lang, "storageWord")} #${result.mask.storage.id}`,
        `${result.mask.storage.nbytes} ${ls(lang, "bytesWord")}`,
      ],
    });
    return { names, tensors, storages };
  }, [result, yIsX, lang]);

  const editable = s.steps.length === 0;
  const shapeKey = `${s.rows}x${s.cols}`;

  return (
    <LabSection kind="fill" title={ls(lang, "labFill")} notice={notice} lang={lang}>
      <div className="lab-controls">
        <DtypeSelect
          lang={lang}
          value={s.dtype}
          onChange={(dtype) => set((p) => ({ ...p, dtype, steps: [] }))}
        />
        <Field label={ls(lang, "shapePreset")}>
          {(id) => (
            <select
              id={id}
              value={SHAPES.some(([r, c]) => `${r}x${c}` === shapeKey) ? shapeKey : ""}
              onChange={(e) => {
                const [r, c] = e.target.value.split("x").map(Number);
                if (r && c) set((p) => reshapeFill(p, r, c));
              }}
            >
              {SHAPES.map(([r, c]) => (
                <option key={`${r}x${c}`} value={`${r}x${c}`}>
                  ({r}, {c})
                </option>
              ))}
            </select>
          )}
        </Field>
        <SizeFields
          lang={lang}
          rows={s.rows}
          cols={s.cols}
          min={1}
          max={8}
          onRows={(r) => set((p) => reshapeFill(p, r, p.cols))}
          onCols={(c) => set((p) => reshapeFill(p, p.rows, c))}
        />
        <Field label={ls(lang, "maskShape")}>
          {(id) => (
            <select
              id={id}
              value={s.maskMode}
              onChange={(e) =>
                set((p) =>
                  reshapeFill(
                    { ...p, values: p.values },
                    p.rows,
                    p.cols,
                    e.target.value as MaskMode,
                  ),
                )
              }
            >
              <option value="same">{ls(lang, "maskSame")}</option>
              <option value="row">{ls(lang, "maskRow")}</option>
              <option value="col">{ls(lang, "maskCol")}</option>
            </select>
          )}
        </Field>
        <FillSelect
          lang={lang}
          value={s.fill}
          dtype={s.dtype}
          choices={FILL_CHOICES}
          onChange={(fill) => set((p) => ({ ...p, fill, steps: [] }))}
        />
      </div>

      <div className="lab-row">
        <div className="lab-panel">
          <p className="lab-subtitle">
            mask{" "}
            <span className="meta">
              ({s.mask.rows}, {s.mask.cols})
            </span>
          </p>
          <MaskEditor
            lang={lang}
            label={`mask (${s.mask.rows}, ${s.mask.cols})`}
            mask={s.mask}
            seed={s.mask.seed}
            presets={
              s.maskMode === "same"
                ? ["causal", "diagonal", "checker", "random", "clear", "invert"]
                : ["checker", "clear", "invert"]
            }
            onChange={(mask) => set((p) => ({ ...p, mask, steps: [] }))}
          />
        </div>
        <div className="lab-panel">
          <ValueGrid
            name="x"
            caption={result.y && !yIsX ? ls(lang, "original") : "x"}
            values={result.xValues}
            rows={s.rows}
            cols={s.cols}
            dtype={s.dtype}
            lang={lang}
            masked={result.maskedCells}
            changed={yIsX ? result.changed : null}
            flashKey={result.done}
            onEdit={
              editable
                ? (i, v) =>
                    set((p) => {
                      const values = p.values.slice();
                      values[i] = coerceValue(v, p.dtype);
                      return { ...p, values };
                    })
                : undefined
            }
          />
        </div>
        {result.y && !yIsX && (
          <div className="lab-panel">
            <ValueGrid
              name="y"
              caption={ls(lang, "result")}
              values={result.yValues ?? []}
              rows={s.rows}
              cols={s.cols}
              dtype={s.dtype}
              lang={lang}
              masked={result.maskedCells}
              changed={result.changed}
              flashKey={result.done}
            />
          </div>
        )}
      </div>

      <div className="lab-actions">
        <button type="button" className="primary" onClick={() => run("out")}>
          <code>x.masked_fill(mask, value)</code>
        </button>
        <button type="button" className="primary" onClick={() => run("in")}>
          <code>x.masked_fill_(mask, value)</code>
        </button>
        <button
          type="button"
          onClick={() => set((p) => ({ ...p, steps: [] }))}
          disabled={s.steps.length === 0}
        >
          {ls(lang, "undo")}
        </button>
      </div>

      <ErrorBox text={result.error} lang={lang} />

      <dl className="lab-facts" aria-live="polite">
        {result.y === null ? (
          <div>
            <dt>{ls(lang, "history")}</dt>
            <dd>{ls(lang, "notRunYet")}</dd>
          </div>
        ) : (
          <>
            <div>
              <dt>
                <code>y is x</code>
              </dt>
              <dd>
                <code>{yIsX ? "True" : "False"}</code>
              </dd>
            </div>
            <div>
              <dt>
                <code>x._version</code>
              </dt>
              <dd>
                <code>{result.x.version.value}</code>
              </dd>
            </div>
            <div>
              <dt>{ls(lang, "bytes")}</dt>
              <dd>
                {result.bytes} ({ls(lang, yIsX ? "sameStorage" : "newStorage")})
              </dd>
            </div>
          </>
        )}
      </dl>

      <StorageDiagram lang={lang} {...diagram} />
      <Legend lang={lang} />
      <CodePanel getCode={code} lang={lang} />
    </LabSection>
  );
}
