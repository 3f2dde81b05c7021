// The one place where lesson MDX meets React: the closed set of components lessons may use,
// and the fence overrides that turn ```python into live cells and ```output / ```error into
// the recorded results under them.

import { Children, isValidElement, type ComponentProps, type ReactNode } from "react";
import type { MDXComponents } from "mdx/types";
import { t, type Lang, type MessageKey } from "../i18n";
import { Cell } from "../notebook/Cell";
import { NotebookBar } from "../notebook/NotebookBar";
import { useCellState, useNotebook } from "../notebook/NotebookContext";
import { useClassroom } from "../classroom/context";
import { Predict } from "../classroom/Predict";
import { StepBreak, WalkthroughButton } from "../classroom/Walkthrough";
import { SharedLab } from "../embed/LabTools";
import { LAB_KINDS, type LabKind } from "../labs/types";

export const cellId = (index: number): string => `cell-${index}`;

type CalloutKind = "note" | "pitfall" | "tip";
const calloutTitle: Record<CalloutKind, MessageKey> = {
  note: "calloutNote",
  pitfall: "calloutPitfall",
  tip: "calloutTip",
};

function Callout({ kind = "note", children }: { kind?: CalloutKind; children?: ReactNode }) {
  const { lang } = useNotebook();
  const k: CalloutKind = kind in calloutTitle ? kind : "note";
  return (
    <div role="note" className={`callout callout-${k}`} aria-label={t(lang, calloutTitle[k])}>
      <p className="callout-title">
        <span aria-hidden="true">{k === "pitfall" ? "⚠ " : k === "tip" ? "✦ " : "ℹ "}</span>
        {t(lang, calloutTitle[k])}
      </p>
      {children}
    </div>
  );
}

function Misconception({ claim, children }: { claim: string; children?: ReactNode }) {
  const { lang } = useNotebook();
  return (
    <div role="note" className="misconception" aria-label={t(lang, "misconception")}>
      <p className="misconception-claim">
        <span className="misconception-tag">{t(lang, "misconception")}</span>
        <span aria-hidden="true"> ✗ </span>
        <s className="claim-text">
          <span className="visually-hidden">{t(lang, "claim")}: </span>
          {claim}
        </s>
      </p>
      {children}
    </div>
  );
}

/** A recorded ```output or ```error block; hidden once its cell has run live. */
function Recorded({ kind, index, text }: { kind: "output" | "error"; index: number; text: string }) {
  const { lang } = useNotebook();
  const state = useCellState(cellId(index));
  if (state.result) return null;
  return (
    <figure className={`recorded recorded-${kind}`} data-cell-of={index}>
      <figcaption>{t(lang, kind === "output" ? "recordedOutput" : "recordedError")}</figcaption>
      <pre className={kind === "output" ? "stdout" : "error-line"} tabIndex={0}>
        {text}
      </pre>
    </figure>
  );
}

interface CodeElementProps {
  className?: string;
  children?: ReactNode;
  "data-cell"?: string | number;
  "data-cell-of"?: string | number;
  "data-recorded-output"?: string;
  "data-recorded-error"?: string;
}

function textOf(node: ReactNode): string {
  let out = "";
  Children.forEach(node, (child) => {
    if (typeof child === "string" || typeof child === "number") out += String(child);
  });
  return out.replace(/\n$/, "");
}

function Pre(props: ComponentProps<"pre">) {
  const child = Children.only(props.children);
  if (!isValidElement<CodeElementProps>(child)) return <pre {...props} />;
  const p = child.props;
  const lang = /(?:^|\s)language-(\S+)/.exec(p.className ?? "")?.[1];
  const text = textOf(p.children);
  if (lang === "python" && p["data-cell"] !== undefined) {
    const index = Number(p["data-cell"]);
    return (
      <Cell
        id={cellId(index)}
        order={index}
        number={index + 1}
        code={text}
        recordedOutput={p["data-recorded-output"] ?? null}
        recordedError={p["data-recorded-error"] ?? null}
      />
    );
  }
  if ((lang === "output" || lang === "error") && p["data-cell-of"] !== undefined) {
    return <Recorded kind={lang} index={Number(p["data-cell-of"])} text={text} />;
  }
  return <pre {...props} />;
}

/** The lesson's title, followed by the notebook's toolbar and the walkthrough button. */
function H1(props: ComponentProps<"h1">) {
  return (
    <>
      <h1 {...props} />
      <NotebookBar />
      <WalkthroughButton />
    </>
  );
}

/** `<Lab kind="fill" state="…" />`: a lab, optionally in a given (encoded) state. */
function LessonLab({ kind, state }: { kind: LabKind; state?: string }) {
  const { lang } = useNotebook();
  const classroom = useClassroom();
  if (!LAB_KINDS.includes(kind)) return null;
  return (
    <SharedLab kind={kind} lang={lang} state={state} rootPrefix={classroom?.rootPrefix ?? "../../"} />
  );
}

function Code(props: ComponentProps<"code">) {
  return <code {...props} />;
}

export const lessonComponents: MDXComponents = {
  Callout,
  Misconception,
  Predict,
  Lab: LessonLab,
  StepBreak,
  pre: Pre,
  code: Code,
  h1: H1,
};

export type { Lang };
