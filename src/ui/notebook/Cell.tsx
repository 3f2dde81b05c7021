// One notebook cell. It is prerendered as a plain <pre> so the page reads without JavaScript
// and hydrates cheaply; CodeMirror replaces the <pre> once the visitor reaches for the cell.

import { useCallback, useEffect, useRef, useState } from "react";
import { engineText } from "../engine/strings";
import { t } from "../i18n";
import type { EditorHandle } from "./editor";
import { useClientValue } from "../embed/useClient";
import { LiveOutput } from "./Output";
import { readEdit, writeEdit } from "./savedEdits";
import { useCellState, useNotebook } from "./NotebookContext";

export interface CellProps {
  id: string;
  /** Position for "Run all". */
  order: number;
  /** 1-based number shown to the reader. */
  number: number;
  code: string;
  recordedOutput: string | null;
  recordedError: string | null;
  /** Load the editor straight away and focus it (a freshly added playground cell). */
  autoFocus?: boolean;
  onRemove?: () => void;
  /** Every edit's full text (the playground keeps its cells across reloads). */
  onCodeChange?: (code: string) => void;
}

type EditorWant = "none" | "load" | "focus";

export function Cell(props: CellProps) {
  const { id, order, number, recordedOutput, recordedError, autoFocus, onRemove, onCodeChange } =
    props;
  const nb = useNotebook();
  const { lang } = nb;
  const state = useCellState(id);
  const { editsKey } = nb;
  // An edit kept from an earlier visit shows once the page runs in the browser (the
  // prerendered page and hydration show the lesson's code); what the visitor types wins.
  const kept =
    useClientValue(() => (editsKey === null ? null : readEdit(editsKey, id, props.code))) ?? null;
  const [typed, setTyped] = useState<string | null>(null);
  const code = typed ?? kept ?? props.code;
  const codeRef = useRef(code);
  useEffect(() => {
    codeRef.current = code;
  }, [code]);
  const [want, setWant] = useState<EditorWant>(autoFocus ? "focus" : "none");
  const [editorReady, setEditorReady] = useState(false);
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<EditorHandle | null>(null);

  const onCodeChangeRef = useRef(onCodeChange);
  useEffect(() => {
    onCodeChangeRef.current = onCodeChange;
  });
  const original = props.code;
  const updateCode = useCallback(
    (text: string) => {
      codeRef.current = text;
      setTyped(text);
      if (editsKey !== null) writeEdit(editsKey, id, original, text);
      onCodeChangeRef.current?.(text);
    },
    [editsKey, id, original],
  );

  const run = useCallback(() => {
    void nb.runCell(id, codeRef.current);
  }, [nb, id]);

  useEffect(() => nb.register(id, { order, getCode: () => codeRef.current }), [nb, id, order]);

  const wantEditor = want !== "none";
  useEffect(() => {
    if (!wantEditor || editorRef.current) return;
    let cancelled = false;
    void import("./editor").then(({ mountEditor }) => {
      if (cancelled || !hostRef.current) return;
      editorRef.current = mountEditor(hostRef.current, {
        doc: codeRef.current,
        label: `${t(lang, "codeLabel")} ${number}`,
        placeholder: t(lang, "codePlaceholder"),
        onChange: updateCode,
        onRun: run,
      });
      setEditorReady(true);
    });
    return () => {
      cancelled = true;
    };
  }, [wantEditor, lang, number, run, updateCode]);

  useEffect(() => {
    if (editorReady) editorRef.current?.remeasure();
  }, [editorReady]);

  useEffect(() => {
    if (editorReady && want === "focus") editorRef.current?.focus();
  }, [editorReady, want]);

  useEffect(
    () => () => {
      editorRef.current?.destroy();
      editorRef.current = null;
    },
    [],
  );

  const reset = () => {
    updateCode(props.code);
    editorRef.current?.setDoc(props.code);
    nb.store.clear(id);
  };

  const busy = state.status === "running" || state.status === "queued";
  return (
    <div
      role="group"
      className={`cell${busy ? " is-busy" : ""}`}
      aria-label={`${t(lang, "cell")} ${number}`}
      data-cell-id={id}
      onPointerEnter={() => setWant((w) => (w === "none" ? "load" : w))}
    >
      <div className="cell-code">
        <pre
          className="cell-pre"
          hidden={editorReady}
          tabIndex={0}
          role="textbox"
          aria-multiline="true"
          aria-readonly="true"
          aria-label={`${t(lang, "codeLabel")} ${number}`}
          onFocus={() => setWant("focus")}
          onKeyDown={(e) => {
            if (e.key === "Enter" && e.shiftKey) {
              e.preventDefault();
              run();
            }
          }}
        >
          <code className="language-python" data-placeholder={t(lang, "codePlaceholder")}>
            {code}
          </code>
        </pre>
        <div className="cell-editor" ref={hostRef} hidden={!editorReady} />
      </div>
      <div className="cell-bar">
        <button type="button" className="btn-run" onClick={run} disabled={busy}>
          <span aria-hidden="true">▶ </span>
          {t(lang, "run")}
        </button>
        {onRemove ? (
          <button type="button" className="btn-quiet" onClick={onRemove}>
            {t(lang, "removeCell")}
          </button>
        ) : (
          <button type="button" className="btn-quiet" onClick={reset} title={t(lang, "resetTitle")}>
            {t(lang, "reset")}
          </button>
        )}
        <span className="cell-status" aria-live="polite">
          {state.status === "running"
            ? t(lang, "running")
            : state.status === "queued"
              ? t(lang, "queued")
              : state.result
                ? state.result.error === null
                  ? t(lang, "done")
                  : `${t(lang, "failed")}: ${state.result.error.split(":")[0]}`
                : ""}
        </span>
        {editsKey !== null && code !== props.code && (
          <span className="cell-edited">{t(lang, "editKept")}</span>
        )}
        <span className="cell-hint">{t(lang, "editHint")}</span>
      </div>
      {state.result?.engineRestarted && (
        <div className="engine-restarted" role="alert">
          <p>
            <strong>{engineText(lang, "engineRestarted")}</strong>{" "}
            {engineText(lang, "engineRestartedWhy")}
          </p>
          {order > 0 && (
            <button type="button" className="btn-quiet" onClick={() => void nb.runAbove(id)}>
              {engineText(lang, "rerunAbove")}
            </button>
          )}
        </div>
      )}
      {state.result && (
        <LiveOutput
          result={state.result}
          previous={state.previous}
          recordedOutput={recordedOutput}
          recordedError={recordedError}
          lang={lang}
        />
      )}
    </div>
  );
}
