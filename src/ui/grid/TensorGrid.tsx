// A tensor as a table of its values: 0-D to 2-D as one grid, higher dimensions as small
// multiples of 2-D slices labelled with their leading indices. Special values carry a pattern
// and their PyTorch text, never colour alone; masked and changed cells carry a marker too.

import { useRef, useState, type KeyboardEvent } from "react";
import { changedSince, type TensorSnapshot } from "../engine/snapshot";
import { t, type Lang } from "../i18n";
import { chooseFormat, type ElementFormat } from "./format";

export interface TensorGridProps {
  snapshot: TensorSnapshot;
  previous?: TensorSnapshot | null;
  lang: Lang;
  /** Used when the engine did not say what the tensor is called. */
  fallbackLabel: string;
}

/** Leading slices shown at most; each is a 2-D grid. */
const MAX_SLICES = 64;

export function shapeText(shape: readonly number[]): string {
  return shape.length === 0 ? "()" : shape.join("×");
}

export function valueClass(text: string): string {
  if (text === "-inf") return "v-neginf";
  if (text === "inf") return "v-posinf";
  if (text === "nan") return "v-nan";
  return "";
}

export function TensorGrid({ snapshot, previous, lang, fallbackLabel }: TensorGridProps) {
  const { shape, dtype, values } = snapshot;
  const label = snapshot.label ?? fallbackLabel;
  const caption = `${t(lang, "tensorLabel")} ${label}, ${t(lang, "shape")} ${shapeText(shape)}, ${dtype}`;
  if (!values) {
    return (
      <figure className="tgrid">
        <figcaption>{caption}</figcaption>
        <p className="tgrid-note">
          {t(lang, "gridTooLarge")} ({snapshot.numel})
        </p>
      </figure>
    );
  }
  const fmt = chooseFormat(dtype, values, shape);
  const changed = changedSince(snapshot, previous);
  const texts = values.map((v) => fmt.format(v));

  const rows = shape.length >= 2 ? shape[shape.length - 2] : 1;
  const cols = shape.length >= 1 ? shape[shape.length - 1] : 1;
  const lead = shape.slice(0, Math.max(0, shape.length - 2));
  const sliceCount = lead.reduce((a, b) => a * b, 1);
  const slices: { offset: number; index: number[] }[] = [];
  for (let s = 0; s < Math.min(sliceCount, MAX_SLICES); s++) {
    const index: number[] = [];
    let rest = s;
    for (let d = lead.length - 1; d >= 0; d--) {
      index.unshift(rest % lead[d]);
      rest = Math.floor(rest / lead[d]);
    }
    slices.push({ offset: s * rows * cols, index });
  }
  const hasSpecial = texts.some((x) => x === "-inf" || x === "inf" || x === "nan");
  const hasMask = snapshot.mask?.some(Boolean) ?? false;
  const hasChanged = changed?.some(Boolean) ?? false;

  return (
    <figure className="tgrid">
      <figcaption>
        <code>{label}</code> <span className="tgrid-meta">{shapeText(shape)}</span>{" "}
        <span className="tgrid-meta">{dtype}</span>
      </figcaption>
      <div className={lead.length > 0 ? "tgrid-multiples" : undefined}>
        {slices.map(({ offset, index }) => {
          const sliceName =
            lead.length > 0 ? `${label}[${[...index.map(String), ":", ":"].join(", ")}]` : label;
          return (
            <div className="tgrid-slice" key={offset}>
              {lead.length > 0 && <div className="tgrid-slice-label">{sliceName}</div>}
              <Grid2D
                name={
                  lead.length > 0
                    ? `${t(lang, "tensorLabel")} ${sliceName}, ${t(lang, "shape")} ${shapeText(shape)}, ${dtype}`
                    : caption
                }
                rows={rows}
                cols={cols}
                oneDim={shape.length <= 1}
                offset={offset}
                texts={texts}
                mask={snapshot.mask}
                changed={changed}
                lang={lang}
                fmt={fmt}
              />
            </div>
          );
        })}
      </div>
      {sliceCount > MAX_SLICES && (
        <p className="tgrid-note">
          … {sliceCount - MAX_SLICES} / {sliceCount}
        </p>
      )}
      {(hasSpecial || hasMask || hasChanged) && (
        <ul className="tgrid-legend" aria-label={t(lang, "gridLegend")}>
          {texts.includes("-inf") && (
            <li>
              <span className="swatch v-neginf" aria-hidden="true" /> {t(lang, "legendNegInf")}
            </li>
          )}
          {texts.includes("nan") && (
            <li>
              <span className="swatch v-nan" aria-hidden="true" /> {t(lang, "legendNan")}
            </li>
          )}
          {hasMask && (
            <li>
              <span className="swatch is-masked" aria-hidden="true" /> {t(lang, "legendMasked")}
            </li>
          )}
          {hasChanged && (
            <li>
              <span className="swatch is-changed" aria-hidden="true" /> {t(lang, "legendChanged")}
            </li>
          )}
        </ul>
      )}
    </figure>
  );
}

interface Grid2DProps {
  name: string;
  rows: number;
  cols: number;
  oneDim: boolean;
  offset: number;
  texts: readonly string[];
  mask: readonly boolean[] | null;
  changed: readonly boolean[] | null;
  lang: Lang;
  fmt: ElementFormat;
}

function Grid2D({
  name,
  rows,
  cols,
  oneDim,
  offset,
  texts,
  mask,
  changed,
  lang,
  fmt,
}: Grid2DProps) {
  const [active, setActive] = useState<[number, number]>([0, 0]);
  const tableRef = useRef<HTMLTableElement>(null);
  const numeric = fmt.mode !== "bool";

  const move = (r: number, c: number) => {
    const nr = Math.max(0, Math.min(rows - 1, r));
    const nc = Math.max(0, Math.min(cols - 1, c));
    setActive([nr, nc]);
    tableRef.current?.querySelector<HTMLElement>(`[data-r="${nr}"][data-c="${nc}"]`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const [r, c] = active;
    const keys: Record<string, [number, number]> = {
      ArrowRight: [r, c + 1],
      ArrowLeft: [r, c - 1],
      ArrowDown: [r + 1, c],
      ArrowUp: [r - 1, c],
      Home: e.ctrlKey ? [0, 0] : [r, 0],
      End: e.ctrlKey ? [rows - 1, cols - 1] : [r, cols - 1],
    };
    const target = keys[e.key];
    if (!target) return;
    e.preventDefault();
    move(target[0], target[1]);
  };

  const header = [];
  for (let c = 0; c < cols; c++) {
    header.push(
      <th role="columnheader" scope="col" key={c}>
        {c}
      </th>,
    );
  }

  const body = [];
  for (let r = 0; r < rows; r++) {
    const cells = [];
    for (let c = 0; c < cols; c++) {
      const i = offset + r * cols + c;
      const text = texts[i];
      const isMasked = mask?.[i] ?? false;
      const isChanged = changed?.[i] ?? false;
      const where = oneDim
        ? `${t(lang, "index")} ${c}`
        : `${t(lang, "row")} ${r}, ${t(lang, "column")} ${c}`;
      const flags = [isMasked ? t(lang, "masked") : "", isChanged ? t(lang, "changed") : ""]
        .filter(Boolean)
        .join(", ");
      const classes = [
        valueClass(text),
        isMasked ? "is-masked" : "",
        isChanged ? "is-changed" : "",
        numeric ? "num" : "",
      ]
        .filter(Boolean)
        .join(" ");
      const isActive = active[0] === r && active[1] === c;
      cells.push(
        <td
          role="gridcell"
          key={c}
          data-r={r}
          data-c={c}
          className={classes || undefined}
          tabIndex={isActive ? 0 : -1}
          aria-label={`${where}: ${text}${flags ? ` (${flags})` : ""}`}
          onFocus={() => {
            if (!isActive) setActive([r, c]);
          }}
        >
          {text}
        </td>,
      );
    }
    body.push(
      <tr role="row" key={r}>
        {!oneDim && (
          <th role="rowheader" scope="row">
            {r}
          </th>
        )}
        {cells}
      </tr>,
    );
  }

  return (
    <div className="tgrid-scroll">
      <table role="grid" aria-label={name} ref={tableRef} onKeyDown={onKeyDown}>
        <thead>
          <tr role="row">
            {!oneDim && <td className="corner" aria-hidden="true" />}
            {header}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
    </div>
  );
}
