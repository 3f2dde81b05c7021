// Small labelled controls the labs share: every control has a visible, programmatic name.

import { useId, type ReactNode } from "react";
import type { DTypeName } from "../../../tensor/dtype";
import { ls, type LabLang } from "../strings";
import { DTYPE_NAMES, type FillChoice, type FillSpec } from "../values";

export function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="lab-field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

export function DtypeSelect({
  value,
  onChange,
  lang,
  options = DTYPE_NAMES,
}: {
  value: DTypeName;
  onChange: (d: DTypeName) => void;
  lang: LabLang;
  options?: readonly DTypeName[];
}) {
  return (
    <Field label={ls(lang, "dtype")}>
      {(id) => (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value as DTypeName)}>
          {options.map((d) => (
            <option key={d} value={d}>
              torch.{d}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

const FILL_TEXT: Record<FillChoice, string> = {
  "-inf": "float('-inf')",
  inf: "float('inf')",
  nan: "float('nan')",
  "-1e9": "-1e9",
  min: "finfo(dtype).min",
  "0": "0",
  custom: "…",
};

export function FillSelect({
  value,
  onChange,
  lang,
  choices,
  dtype,
}: {
  value: FillSpec;
  onChange: (f: FillSpec) => void;
  lang: LabLang;
  choices: readonly FillChoice[];
  dtype: DTypeName;
}) {
  const customId = useId();
  const isInt = dtype !== "bool" && !dtype.startsWith("float") && dtype !== "bfloat16";
  return (
    <div className="lab-field-group">
      <Field label={ls(lang, "fillValue")}>
        {(id) => (
          <select
            id={id}
            value={value.choice}
            onChange={(e) => onChange({ ...value, choice: e.target.value as FillChoice })}
          >
            {choices.map((c) => (
              <option key={c} value={c} disabled={c === "min" && dtype === "bool"}>
                {c === "min" && isInt
                  ? "iinfo(dtype).min"
                  : c === "custom"
                    ? ls(lang, "customValue")
                    : FILL_TEXT[c]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {value.choice === "custom" && (
        <div className="lab-field">
          <label htmlFor={customId}>{ls(lang, "customValue")}</label>
          <input
            id={customId}
            type="text"
            inputMode="decimal"
            size={10}
            maxLength={40}
            value={value.custom}
            onChange={(e) => onChange({ ...value, custom: e.target.value })}
          />
        </div>
      )}
    </div>
  );
}

export function ErrorBox({ text, lang }: { text: string | null; lang: LabLang }) {
  return (
    <div role="status" aria-live="polite" className="lab-live">
      {text && (
        <p className="lab-error">
          <strong>{ls(lang, "error")}: </strong>
          <code>{text}</code>
        </p>
      )}
    </div>
  );
}

export function Notice({ notice, lang }: { notice: string | null; lang: LabLang }) {
  if (!notice) return null;
  return (
    <p className="lab-notice" role="note">
      {ls(lang, "stateNotice")}
    </p>
  );
}

/**
 * A lab's frame: a section named by its heading, then the notice shown when the state in the
 * URL could not be read. `id` lets a lab tie its own controls (radio groups) to the section.
 */
export function LabSection({
  kind,
  title,
  notice,
  lang,
  children,
}: {
  kind: string;
  title: string;
  notice: string | null;
  lang: LabLang;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <section className={`lab lab-${kind}`} aria-labelledby={titleId}>
      <h2 id={titleId} className="lab-title">
        {title}
      </h2>
      <Notice notice={notice} lang={lang} />
      {children}
    </section>
  );
}

/** Rows and columns as two number fields; what is typed is clamped to [min, max]. */
export function SizeFields({
  lang,
  rows,
  cols,
  min,
  max,
  onRows,
  onCols,
}: {
  lang: LabLang;
  rows: number;
  cols: number;
  min: number;
  max: number;
  onRows: (rows: number) => void;
  onCols: (cols: number) => void;
}) {
  const clamp = (v: string) => Math.min(max, Math.max(min, Math.trunc(Number(v)) || min));
  const field = (label: string, value: number, onChange: (n: number) => void) => (
    <Field label={label}>
      {(id) => (
        <input
          id={id}
          type="number"
          min={min}
          max={max}
          className="narrow"
          value={value}
          onChange={(e) => onChange(clamp(e.target.value))}
        />
      )}
    </Field>
  );
  return (
    <>
      {field(ls(lang, "rows"), rows, onRows)}
      {field(ls(lang, "cols"), cols, onCols)}
    </>
  );
}
