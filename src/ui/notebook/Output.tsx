// What a run left behind: PyTorch's exact text, Python's error line with its traceback folded
// away, and one grid per tensor the cell displayed.

import type { RunResult } from "../engine/protocol";
import { TensorGrid } from "../grid/TensorGrid";
import { t, type Lang } from "../i18n";

export interface LiveOutputProps {
  result: RunResult;
  previous: RunResult | null;
  recordedOutput: string | null;
  recordedError: string | null;
  lang: Lang;
}

/** More grids than this fold away behind a summary, so prints do not bury the text. */
const MAX_OPEN_GRIDS = 2;

export function matchesRecorded(
  result: RunResult,
  recordedOutput: string | null,
  recordedError: string | null,
): boolean {
  return result.stdout === (recordedOutput ?? "") && result.error === recordedError;
}

export function LiveOutput({
  result,
  previous,
  recordedOutput,
  recordedError,
  lang,
}: LiveOutputProps) {
  const hasRecord = recordedOutput !== null || recordedError !== null;
  const error = result.error;
  const grids = result.displays.map((d, i) => (
    <TensorGrid
      key={i}
      snapshot={d}
      previous={previous?.displays[i] ?? null}
      lang={lang}
      fallbackLabel={`#${i + 1}`}
    />
  ));
  return (
    <div className="output live" role="group" aria-label={t(lang, "yourOutput")}>
      {hasRecord && (
        <p className="output-check">
          {matchesRecorded(result, recordedOutput, recordedError) ? (
            <span className="match">✓ {t(lang, "matchesRecorded")}</span>
          ) : (
            <span className="mismatch">≠ {t(lang, "differsFromRecorded")}</span>
          )}
        </p>
      )}
      {result.stdout !== "" && (
        // Focusable so a keyboard can scroll an output wider than the column.
        <pre className="stdout" tabIndex={0}>
          {result.stdout}
        </pre>
      )}
      {error !== null && (
        <div className="error">
          <pre className="error-line">{error}</pre>
          {result.traceback && (
            <details>
              <summary>{t(lang, "traceback")}</summary>
              <pre className="traceback">{result.traceback}</pre>
            </details>
          )}
        </div>
      )}
      {result.displays.length > 0 && result.displays.length <= MAX_OPEN_GRIDS && grids}
      {result.displays.length > MAX_OPEN_GRIDS && (
        <details className="grids">
          <summary>{t(lang, "showGrids").replace("{n}", String(result.displays.length))}</summary>
          {grids}
        </details>
      )}
    </div>
  );
}
