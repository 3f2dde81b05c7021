import { useState } from "react";
import { t } from "../i18n";
import { Cell } from "../notebook/Cell";
import { NotebookBar } from "../notebook/NotebookBar";
import { NotebookProvider, useNotebook } from "../notebook/NotebookContext";
import type { Route } from "../routes";

interface PlaygroundCell {
  readonly id: string;
  readonly fresh: boolean;
}

function Cells() {
  const nb = useNotebook();
  const { lang } = nb;
  const [cells, setCells] = useState<PlaygroundCell[]>([{ id: "p1", fresh: false }]);
  const [next, setNext] = useState(2);
  return (
    <>
      <NotebookBar />
      {cells.map((c, i) => (
        <Cell
          key={c.id}
          id={c.id}
          order={i}
          number={i + 1}
          code=""
          recordedOutput={null}
          recordedError={null}
          autoFocus={c.fresh}
          onRemove={
            cells.length > 1 ? () => setCells((cs) => cs.filter((x) => x.id !== c.id)) : undefined
          }
        />
      ))}
      <button
        type="button"
        className="btn-add"
        onClick={() => {
          setCells((cs) => [...cs, { id: `p${next}`, fresh: true }]);
          setNext((n) => n + 1);
        }}
      >
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
