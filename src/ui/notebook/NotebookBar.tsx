import { TIMEOUT_CHOICES } from "../engine/protocol";
import { engineText } from "../engine/strings";
import { t } from "../i18n";
import { useNotebook } from "./NotebookContext";

export function NotebookBar() {
  const nb = useNotebook();
  return (
    <div className="notebook-bar" role="toolbar" aria-label={t(nb.lang, "notebookToolbar")}>
      <button type="button" className="btn-run" onClick={() => void nb.runAll()}>
        <span aria-hidden="true">▶▶ </span>
        {t(nb.lang, "runAll")}
      </button>
      <button
        type="button"
        className="btn-quiet"
        onClick={() => void nb.restart()}
        title={t(nb.lang, "restartTitle")}
      >
        {t(nb.lang, "restart")}
      </button>
      <label className="time-limit">
        {engineText(nb.lang, "timeLimit")}{" "}
        <select
          value={nb.timeoutSeconds}
          onChange={(e) => nb.setTimeoutSeconds(Number(e.target.value))}
        >
          {[...new Set([...TIMEOUT_CHOICES, nb.timeoutSeconds])]
            .sort((a, b) => a - b)
            .map((s) => (
              <option key={s} value={s}>
                {s} {engineText(nb.lang, "seconds")}
              </option>
            ))}
        </select>
      </label>
      <span className="cell-hint">{t(nb.lang, "editHint")}</span>
    </div>
  );
}
