// A lesson's body, cut into steps, and the walkthrough mode that shows one step at a time for a
// projector: a step starts at each heading and at each <StepBreak />, and ends after a cell
// (with its recorded output), a <Predict> or a <Lab>. Outside the walkthrough the steps are
// `display: contents`, so the page reads exactly as before.

import {
  Children,
  isValidElement,
  useCallback,
  useEffect,
  useMemo,
  useState,
  type ReactElement,
  type ReactNode,
} from "react";
import type { MDXComponents, MDXContent } from "mdx/types";
import type { Lang } from "../i18n";
import { ClassroomContext, useClassroom, type Classroom } from "./context";
import { cs } from "./strings";
import { useClientValue } from "../embed/useClient";
import "./classroom.css";

/** `<StepBreak />` in a lesson: the walkthrough starts a new step here; the page shows nothing. */
export function StepBreak() {
  return null;
}

interface ElementProps {
  children?: ReactNode;
  "data-cell"?: unknown;
  "data-cell-of"?: unknown;
}

function innerProps(el: ReactElement): ElementProps | null {
  const child = (el.props as ElementProps).children;
  return isValidElement(child) ? (child.props as ElementProps) : null;
}

function textOf(node: ReactNode): string {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (isValidElement(node)) return textOf((node.props as ElementProps).children);
  return "";
}

interface Step {
  readonly title: string;
  readonly nodes: ReactNode[];
}

/** Groups the MDX content's top-level nodes into steps. */
export function groupSteps(nodes: readonly ReactNode[], components: MDXComponents): Step[] {
  const headings = new Set<unknown>(["h1", "h2", components.h1, components.h2]);
  const enders = new Set<unknown>([components.Predict, components.Lab]);
  interface Draft {
    title: string;
    nodes: ReactNode[];
    /** Holds something besides whitespace. */
    solid: boolean;
  }
  const steps: Draft[] = [];
  let current: Draft | null = null;
  let closed = false;
  let title = "";
  const open = (): Draft => {
    const d: Draft = { title, nodes: [], solid: false };
    steps.push(d);
    closed = false;
    return d;
  };
  for (const node of nodes) {
    if (!isValidElement(node)) {
      current?.nodes.push(node);
      continue;
    }
    const inner = innerProps(node);
    const recorded = inner?.["data-cell-of"] !== undefined;
    if (node.type === StepBreak) {
      if (current?.solid) current = open();
      continue;
    }
    if (headings.has(node.type)) {
      title = textOf((node.props as ElementProps).children).trim();
      if (!current || current.solid) current = open();
      else current.title = title;
    } else if (!current || (closed && !recorded)) current = open();
    current.nodes.push(node);
    current.solid = true;
    if (inner?.["data-cell"] !== undefined || enders.has(node.type)) closed = true;
  }
  return steps.map((s) => ({ title: s.title, nodes: s.nodes }));
}

function readStepParam(): number | null {
  const raw = new URLSearchParams(window.location.search).get("step");
  if (raw === null || !/^\d{1,4}$/.test(raw)) return null;
  return Number(raw) - 1;
}

function writeStepParam(step: number | null): void {
  const url = new URL(window.location.href);
  if (step === null) url.searchParams.delete("step");
  else url.searchParams.set("step", String(step + 1));
  window.history.replaceState(null, "", url);
}

/** Keys that belong to whatever has focus: editors, form controls, the mask grid. */
function ownedByFocus(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return !!target.closest(
    "input, textarea, select, [contenteditable=''], [contenteditable='true'], [role=grid], .cm-editor",
  );
}

export function LessonBody({
  Content,
  components,
  lang,
  slug,
  rootPrefix,
}: {
  Content: MDXContent;
  components: MDXComponents;
  lang: Lang;
  slug: string;
  rootPrefix: string;
}) {
  // Called as a function, not rendered as an element, to reach its top-level nodes: compiled MDX
  // without a wrapper returns one fragment holding them, and uses no hooks.
  const tree = Content({ components });
  const steps = useMemo(() => {
    const top = isValidElement(tree)
      ? Children.toArray((tree.props as ElementProps).children)
      : [tree];
    return groupSteps(top, components);
  }, [tree, components]);
  const count = steps.length;
  // A link with ?step=N opens the walkthrough there (full screen needs a click, so not that).
  // The URL is only known in the browser: undefined while prerendering and hydrating.
  const urlStep = useClientValue(readStepParam);
  const [mode, setMode] = useState<{ walking: boolean; at: number } | null>(null);
  const clamp = useCallback((n: number) => Math.max(0, Math.min(count - 1, n)), [count]);
  const walking = mode ? mode.walking : urlStep !== null && urlStep !== undefined;
  const current = clamp(mode ? mode.at : (urlStep ?? 0));

  const go = useCallback((n: number) => setMode({ walking: true, at: clamp(n) }), [clamp]);

  const start = useCallback(
    (at = 0) => {
      go(at);
      const root = document.documentElement;
      if (!document.fullscreenElement && root.requestFullscreen)
        root.requestFullscreen().catch(() => {
          // Refused (no user gesture, or not allowed here): the walkthrough works without it.
        });
    },
    [go],
  );

  const stop = useCallback(() => {
    setMode((m) => ({ walking: false, at: m?.at ?? 0 }));
    writeStepParam(null);
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
  }, []);

  useEffect(() => {
    if (walking) writeStepParam(current);
  }, [walking, current]);

  useEffect(() => {
    const root = document.documentElement;
    root.classList.toggle("is-walkthrough", walking);
    return () => root.classList.remove("is-walkthrough");
  }, [walking]);

  useEffect(() => {
    if (!walking) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || ownedByFocus(e.target))
        return;
      let next: number | null = null;
      if (e.key === "ArrowRight" || e.key === "PageDown") next = current + 1;
      else if (e.key === "ArrowLeft" || e.key === "PageUp") next = current - 1;
      else if (e.key === "Home") next = 0;
      else if (e.key === "End") next = count - 1;
      else if (e.key === "Escape") {
        e.preventDefault();
        stop();
        return;
      }
      if (next === null) return;
      e.preventDefault();
      go(next);
      window.scrollTo(0, 0);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [walking, current, count, go, stop]);

  const classroom = useMemo<Classroom>(
    () => ({ lang, slug, rootPrefix, walking, start }),
    [lang, slug, rootPrefix, walking, start],
  );

  return (
    <ClassroomContext.Provider value={classroom}>
      <div className={`steps${walking ? " is-walking" : ""}`}>
        {steps.map((s, i) => (
          <section
            key={i}
            className={`step${walking && i === current ? " is-current" : ""}`}
            data-step={i + 1}
            aria-label={walking ? cs(lang, "walkStep", { n: i + 1, total: count }) : undefined}
          >
            {s.nodes}
          </section>
        ))}
      </div>
      {walking && (
        <WalkBar
          lang={lang}
          steps={steps}
          current={current}
          go={(n) => {
            go(n);
            window.scrollTo(0, 0);
          }}
          stop={stop}
        />
      )}
    </ClassroomContext.Provider>
  );
}

function WalkBar({
  lang,
  steps,
  current,
  go,
  stop,
}: {
  lang: Lang;
  steps: readonly Step[];
  current: number;
  go: (n: number) => void;
  stop: () => void;
}) {
  const count = steps.length;
  return (
    <div className="walk-bar" role="toolbar" aria-label={cs(lang, "walkBar")}>
      <button
        type="button"
        className="walk-prev"
        onClick={() => go(current - 1)}
        disabled={current === 0}
        aria-label={cs(lang, "walkPrev")}
      >
        ←
      </button>
      <span className="walk-counter" aria-live="polite">
        <span className="visually-hidden">
          {cs(lang, "walkStep", { n: current + 1, total: count })}
        </span>
        <span aria-hidden="true">
          {current + 1} / {count}
        </span>
      </span>
      <button
        type="button"
        className="walk-next"
        onClick={() => go(current + 1)}
        disabled={current === count - 1}
        aria-label={cs(lang, "walkNext")}
      >
        →
      </button>
      <label className="walk-jump">
        <span className="visually-hidden">{cs(lang, "walkJump")}</span>
        <select value={current} onChange={(e) => go(Number(e.target.value))}>
          {steps.map((s, i) => (
            <option key={i} value={i}>
              {i + 1}. {s.title || cs(lang, "walkIntro")}
            </option>
          ))}
        </select>
      </label>
      <span className="walk-help">{cs(lang, "walkHelp")}</span>
      <button type="button" className="walk-exit" onClick={stop}>
        {cs(lang, "walkExit")}
      </button>
    </div>
  );
}

/** The button that starts the walkthrough, shown under the lesson's title. */
export function WalkthroughButton() {
  const classroom = useClassroom();
  if (!classroom || classroom.walking) return null;
  return (
    <button
      type="button"
      className="btn-quiet walk-start"
      onClick={() => classroom.start(0)}
      title={cs(classroom.lang, "walkStartTitle")}
    >
      <span aria-hidden="true">▣ </span>
      {cs(classroom.lang, "walkStart")}
    </button>
  );
}
