import { useCallback, useEffect, useId, useRef, useState } from "react";
import examplesFile from "../../../content/playground-examples.json";
import { t, type Lang } from "../i18n";
import { useHydrated } from "../embed/useClient";
import { useClipboard } from "../layout/useClipboard";
import { Cell } from "../notebook/Cell";
import { NotebookBar } from "../notebook/NotebookBar";
import { NotebookProvider, useNotebook } from "../notebook/NotebookContext";
import {
  CELLS_PARAM,
  blank,
  decodeCells,
  encodeCells,
  loadSaved,
  save,
} from "../notebook/savedCells";
import type { Route } from "../routes";

interface PlaygroundCell {
  readonly id: string;
  /** The code the cell starts with; the live text is kept in Cells' `live` map. */
  readonly code: string;
  readonly fresh: boolean;
}

interface Example {
  readonly id: string;
  readonly title: Record<Lang, string>;
  readonly code: Record<Lang, string>;
}

const EXAMPLES = (examplesFile as { examples: Example[] }).examples;

const sameCells = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((c, i) => c === b[i]);

/** What the playground starts with once it runs in the browser. */
interface Start {
  /** False for the prerendered start, which must never overwrite what the browser saved. */
  readonly browser: boolean;
  readonly cells: readonly string[];
  /** The visitor's own saved cells (null: none saved, or storage refused). */
  readonly own: string[] | null;
  /**
   * "shared": cells from a link, shown unsaved beside the visitor's own; "adopted": cells from
   * a link that became the visitor's (they had none of their own, or the same); "unreadable":
   * the link held nothing MaskLab could read.
   */
  readonly arrival: "shared" | "adopted" | "unreadable" | null;
}

const SERVER_START: Start = { browser: false, cells: [""], own: null, arrival: null };

function readStart(): Start {
  const own = loadSaved();
  const param = new URL(window.location.href).searchParams.get(CELLS_PARAM);
  if (param === null) return { browser: true, cells: own ?? [""], own, arrival: null };
  const shared = decodeCells(param);
  if (shared === null) return { browser: true, cells: own ?? [""], own, arrival: "unreadable" };
  if (own === null || blank(own) || sameCells(own, shared))
    return { browser: true, cells: shared, own, arrival: "adopted" };
  return { browser: true, cells: shared, own, arrival: "shared" };
}

function dropCellsParam(): void {
  const url = new URL(window.location.href);
  url.searchParams.delete(CELLS_PARAM);
  window.history.replaceState(window.history.state, "", url.href);
}

function ExamplePicker({ lang, onPick }: { lang: Lang; onPick: (code: string) => void }) {
  const id = useId();
  return (
    <div className="example-picker">
      <label htmlFor={id}>{t(lang, "addExample")}</label>
      <select
        id={id}
        value=""
        onChange={(e) => {
          const ex = EXAMPLES.find((x) => x.id === e.target.value);
          if (ex) onPick(ex.code[lang]);
        }}
      >
        <option value="">{t(lang, "chooseExample")}</option>
        {EXAMPLES.map((ex) => (
          <option key={ex.id} value={ex.id}>
            {ex.title[lang]}
          </option>
        ))}
      </select>
    </div>
  );
}

function LinkTool({ lang, cells }: { lang: Lang; cells: () => string[] }) {
  const id = useId();
  const [link, setLink] = useState<string | null>(null);
  const [status, copyText] = useClipboard();
  const copy = () => {
    const url = new URL(window.location.href);
    url.search = "";
    url.hash = "";
    url.searchParams.set(CELLS_PARAM, encodeCells(cells()));
    setLink(url.href);
    copyText(url.href);
  };
  return (
    <div className="cells-link">
      <button type="button" className="btn-quiet" onClick={copy}>
        {t(lang, "copyCellsLink")}
      </button>
      <span className="copy-status" role="status">
        {status === "copied"
          ? t(lang, "cellsLinkCopied")
          : status === "failed"
            ? t(lang, "cellsLinkCopyFailed")
            : ""}
      </span>
      {link !== null && (
        <div className="copy-field">
          <label htmlFor={id}>{t(lang, "cellsLink")}</label>
          <input
            id={id}
            readOnly
            value={link}
            spellCheck={false}
            onFocus={(e) => e.target.select()}
          />
        </div>
      )}
    </div>
  );
}

function Cells() {
  // The prerendered page shows one empty cell. In the browser, saved or shared cells replace
  // it by a fresh mount (nothing read from storage reaches hydration); with none, the same
  // cell stays, so a visitor who already clicked into it keeps their place.
  const start = useHydrated() ? readStart() : SERVER_START;
  const untouched = start.arrival === null && sameCells(start.cells, SERVER_START.cells);
  return <PlaygroundCells key={untouched ? "empty" : "restored"} start={start} />;
}

function PlaygroundCells({ start }: { start: Start }) {
  const nb = useNotebook();
  const { lang } = nb;
  const nextId = useRef(start.cells.length + 1);
  const [cells, setCells] = useState<PlaygroundCell[]>(() =>
    start.cells.map((code, i) => ({ id: `p${i + 1}`, code, fresh: false })),
  );
  const live = useRef(new Map(start.cells.map((code, i) => [`p${i + 1}`, code])));
  const order = useRef(start.cells.map((_, i) => `p${i + 1}`));
  /** Shared cells are not saved until the visitor adds them to their own. */
  const [arrival, setArrival] = useState(start.arrival);
  const saving = start.browser && arrival !== "shared";

  const current = useCallback(() => order.current.map((id) => live.current.get(id) ?? ""), []);
  const persist = useCallback(() => {
    if (saving) save(current());
  }, [saving, current]);

  useEffect(() => {
    if (start.arrival === "adopted") dropCellsParam();
  }, [start.arrival]);

  useEffect(persist, [cells, persist]);

  const place = (codes: readonly string[], focusLast = false) => {
    const made = codes.map((code, i) => ({
      id: `p${nextId.current++}`,
      code,
      fresh: focusLast && i === codes.length - 1,
    }));
    live.current = new Map(made.map((c) => [c.id, c.code]));
    order.current = made.map((c) => c.id);
    setCells(made);
  };

  const add = (code: string) => {
    const id = `p${nextId.current++}`;
    live.current.set(id, code);
    order.current = [...order.current, id];
    setCells((cs) => [...cs, { id, code, fresh: true }]);
  };

  const remove = (id: string) => {
    live.current.delete(id);
    order.current = order.current.filter((x) => x !== id);
    setCells((cs) => cs.filter((c) => c.id !== id));
  };

  const leaveShared = (keep: boolean) => {
    dropCellsParam();
    const mine = start.own ?? [];
    place(keep ? [...mine, ...current()] : mine.length ? mine : [""]);
    setArrival(null);
  };

  const pickExample = (code: string) => {
    if (blank(current())) place([code], true);
    else add(code);
  };

  return (
    <>
      {arrival === "shared" && (
        <div className="shared-cells" role="region" aria-label={t(lang, "sharedCellsOpened")}>
          <p>
            <strong>{t(lang, "sharedCellsOpened")}</strong> {t(lang, "sharedCellsNotKept")}
          </p>
          <button type="button" className="btn-run" onClick={() => leaveShared(true)}>
            {t(lang, "keepSharedCells")}
          </button>{" "}
          <button type="button" className="btn-quiet" onClick={() => leaveShared(false)}>
            {t(lang, "showOwnCells")}
          </button>
        </div>
      )}
      {arrival === "unreadable" && (
        <p className="shared-cells" role="alert">
          {t(lang, "sharedCellsUnreadable")}
        </p>
      )}
      <NotebookBar />
      <div className="playground-tools">
        <ExamplePicker lang={lang} onPick={pickExample} />
        <LinkTool lang={lang} cells={current} />
      </div>
      {cells.map((c, i) => (
        <Cell
          key={c.id}
          id={c.id}
          order={i}
          number={i + 1}
          code={c.code}
          recordedOutput={null}
          recordedError={null}
          autoFocus={c.fresh}
          onCodeChange={(text) => {
            live.current.set(c.id, text);
            persist();
          }}
          onRemove={cells.length > 1 ? () => remove(c.id) : undefined}
        />
      ))}
      <button type="button" className="btn-add" onClick={() => add("")}>
        + {t(lang, "addCell")}
      </button>
    </>
  );
}

export function Playground({ route }: { route: Route & { kind: "playground" } }) {
  return (
    <NotebookProvider lang={route.lang}>
      <div className="playground">
        <h1>{t(route.lang, "playground")}</h1>
        <p className="summary">{t(route.lang, "playgroundIntro")}</p>
        <Cells />
      </div>
    </NotebookProvider>
  );
}
