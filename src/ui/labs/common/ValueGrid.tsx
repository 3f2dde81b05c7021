// A small 2-D tensor as a table of cells, optionally editable. Special values and masked cells
// carry a symbol or pattern as well as a colour; changed cells flash (a static outline when
// the reader prefers reduced motion).

import { memo, useCallback, useEffect, useRef, useState } from "react";
import { chooseFormat } from "../../grid/format";
import { parseCustom } from "../values";
import { ls, type LabLang } from "../strings";

export interface ValueGridProps {
  name: string;
  values: readonly number[];
  rows: number;
  cols: number;
  dtype: string;
  lang: LabLang;
  /** Per cell, true where the (broadcast) mask selects it. */
  masked?: readonly boolean[] | null;
  changed?: readonly boolean[] | null;
  /** Bumped on each operation so changed cells flash again. */
  flashKey?: number;
  onEdit?: (index: number, value: number) => void;
  caption?: string;
  /** Small cells for large grids. */
  compact?: boolean;
  /** The tensor's real shape when it is not rows × cols (a 1-D tensor drawn as one row). */
  shape?: readonly number[];
}

export function specialClass(v: number): string {
  if (Number.isNaN(v)) return "lab-nan";
  if (v === -Infinity) return "lab-neginf";
  if (v === Infinity) return "lab-posinf";
  return "";
}

// Past this many cells a grid edits on demand: each cell is a button showing its value, and
// pressing it (click, Enter, Space) swaps in a text field. A 32×32 grid of live <input>s cost
// Chromium ~10 ms of layerization on every frame the lab painted, input or not.
const LAZY_EDIT_ABOVE = 64;

function EditCell({
  text,
  label,
  onCommit,
  lazy,
}: {
  text: string;
  label: string;
  onCommit: (v: number) => void;
  lazy: boolean;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  // Set when the field closes from the keyboard, so focus lands back on the cell's button.
  const refocus = useRef(false);
  // A field removed while focused may still report a blur; it must not commit a second time.
  const closed = useRef(false);
  useEffect(() => {
    if (editing || !refocus.current) return;
    refocus.current = false;
    button.current?.focus();
  }, [editing]);
  const commit = () => {
    if (draft === null) return;
    const v = parseCustom(draft);
    setDraft(null);
    if (v !== null) onCommit(Number(v));
  };
  const open = () => {
    closed.current = false;
    setEditing(true);
  };
  const close = (save: boolean, keyboard: boolean) => {
    if (closed.current) return;
    closed.current = true;
    if (save) commit();
    else setDraft(null);
    refocus.current = keyboard;
    setEditing(false);
  };
  if (lazy && !editing)
    return (
      <button
        ref={button}
        type="button"
        className="value-edit"
        aria-label={`${label}: ${text}`}
        onClick={open}
      >
        {text}
      </button>
    );
  return (
    <input
      className="value-input"
      type="text"
      inputMode="decimal"
      aria-label={label}
      autoFocus={lazy}
      value={draft ?? text}
      onChange={(e) => setDraft(e.target.value)}
      onFocus={(e) => e.target.select()}
      onBlur={() => (lazy ? close(true, false) : commit())}
      onKeyDown={(e) => {
        if (e.key !== "Enter" && e.key !== "Escape") return;
        if (!lazy) {
          if (e.key === "Enter") commit();
          else setDraft(null);
          return;
        }
        // Focus is back on the cell's button before this key's keypress, which would press it
        // and reopen the field; cancelling the keydown cancels that keypress.
        e.preventDefault();
        close(e.key === "Enter", true);
      }}
    />
  );
}

interface GridRowProps {
  r: number;
  name: string;
  lang: LabLang;
  texts: readonly string[];
  classes: readonly string[];
  keys: readonly string[];
  /** Stable across renders (or null): row memoisation must not see a fresh closure. */
  edit: ((index: number, value: number) => void) | null;
  lazy: boolean;
}

const sameItems = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

function sameGridRow(a: GridRowProps, b: GridRowProps): boolean {
  return (
    a.r === b.r &&
    a.name === b.name &&
    a.lang === b.lang &&
    a.edit === b.edit &&
    a.lazy === b.lazy &&
    sameItems(a.texts, b.texts) &&
    sameItems(a.classes, b.classes) &&
    sameItems(a.keys, b.keys)
  );
}

// One memoised component per row: a mask toggle in a 32×32 lab changes one row of scores and
// one row of weights, so only those rows are reconciled.
const GridRow = memo(function GridRow({
  r,
  name,
  lang,
  texts,
  classes,
  keys,
  edit,
  lazy,
}: GridRowProps) {
  const cols = texts.length;
  const cells = [];
  for (let c = 0; c < cols; c++) {
    const i = r * cols + c;
    const label = ls(lang, "valueCell", { name, r, c });
    cells.push(
      <td key={keys[c]} className={classes[c]}>
        {edit ? (
          <EditCell text={texts[c]} label={label} lazy={lazy} onCommit={(x) => edit(i, x)} />
        ) : (
          <span className="vtext">{texts[c]}</span>
        )}
      </td>,
    );
  }
  return (
    <tr>
      <th scope="row" className="vindex">
        {r}
      </th>
      {cells}
    </tr>
  );
}, sameGridRow);

// Memoised: a lab re-renders on every mask toggle, and a grid whose props did not change (the
// same result arrays, a stable onEdit) should cost nothing in that urgent render.
export const ValueGrid = memo(function ValueGrid(props: ValueGridProps) {
  const { name, values, rows, cols, dtype, lang, masked, changed, flashKey = 0, onEdit } = props;
  const editRef = useRef(onEdit);
  useEffect(() => {
    editRef.current = onEdit;
  }, [onEdit]);
  const stableEdit = useCallback((i: number, v: number) => editRef.current?.(i, v), []);
  const edit = onEdit ? stableEdit : null;
  const lazy = rows * cols > LAZY_EDIT_ABOVE;
  const fmt = chooseFormat(dtype, values);
  const body = [];
  for (let r = 0; r < rows; r++) {
    const texts: string[] = [];
    const classes: string[] = [];
    const keys: string[] = [];
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const v = values[i];
      texts.push(fmt.format(v));
      classes.push(
        [
          "vcell",
          specialClass(v),
          masked?.[i] ? "lab-masked" : "",
          changed?.[i] ? "lab-changed" : "",
        ]
          .filter(Boolean)
          .join(" "),
      );
      keys.push(changed?.[i] ? `${c}-${flashKey}` : String(c));
    }
    body.push(
      <GridRow
        key={r}
        r={r}
        name={name}
        lang={lang}
        texts={texts}
        classes={classes}
        keys={keys}
        edit={edit}
        lazy={lazy}
      />,
    );
  }
  const head = [];
  for (let c = 0; c < cols; c++)
    head.push(
      <th key={c} scope="col" className="vindex">
        {c}
      </th>,
    );
  return (
    <table className={props.compact ? "value-grid compact" : "value-grid"}>
      <caption>
        <code>{props.caption ?? name}</code>{" "}
        <span className="meta">
          {props.shape
            ? `(${props.shape.join(", ")}${props.shape.length === 1 ? "," : ""})`
            : `(${rows}, ${cols})`}{" "}
          {dtype}
        </span>
      </caption>
      <thead>
        <tr>
          <td />
          {head}
        </tr>
      </thead>
      <tbody>{body}</tbody>
    </table>
  );
});

export function Legend({ lang }: { lang: LabLang }) {
  return (
    <ul className="lab-legend" aria-label={ls(lang, "legend")}>
      <li>
        <span className="swatch lab-masked" aria-hidden="true" /> {ls(lang, "legendMasked")}
      </li>
      <li>
        <span className="swatch lab-neginf" aria-hidden="true" /> {ls(lang, "legendNegInf")}
      </li>
      <li>
        <span className="swatch lab-nan" aria-hidden="true" /> {ls(lang, "legendNan")}
      </li>
      <li>
        <span className="swatch lab-changed-static" aria-hidden="true" />{" "}
        {ls(lang, "legendChanged")}
      </li>
    </ul>
  );
}
