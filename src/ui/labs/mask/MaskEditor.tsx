// A boolean grid up to 64×64. State lives in a Uint8Array; each row is a memoised component
// that re-renders only when its own bits or its focused column change, so a toggle touches
// one row of the DOM. One drag paints one value (decided by the first cell), pointer capture
// keeps the drag alive outside the grid, and the keyboard uses a roving tabindex.

import {
  memo,
  useCallback,
  useEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
} from "react";
import { ls, type LabLang } from "../strings";
import {
  causalMask,
  causalTMask,
  checkerMask,
  countOn,
  diagonalMask,
  emptyMask,
  invertMask,
  paddingMask,
  randomMask,
  type MaskBits,
} from "./bits";

export type MaskPreset =
  "causal" | "causalT" | "padding" | "diagonal" | "checker" | "random" | "clear" | "invert";
export const ALL_PRESETS: readonly MaskPreset[] = [
  "causal",
  "causalT",
  "padding",
  "diagonal",
  "checker",
  "random",
  "clear",
  "invert",
];

export interface MaskEditorProps {
  mask: MaskBits;
  onChange: (next: MaskBits) => void;
  lang: LabLang;
  /** Accessible name of the grid. */
  label: string;
  /** Words for a True / False cell in each cell's name. */
  onWord?: string;
  offWord?: string;
  presets?: readonly MaskPreset[];
  /** True cells mean "allowed": drawn with a check instead of a cross. */
  allowMarks?: boolean;
  /** Seed and lengths are part of the lab state; the editor reports them when used. */
  seed?: number;
  lengths?: string;
  onPresetInputs?: (p: { seed: number; lengths: string }) => void;
}

function sizeClass(cols: number, rows: number): string {
  const n = Math.max(cols, rows);
  return n <= 8 ? "mask-l" : n <= 16 ? "mask-m" : n <= 32 ? "mask-s" : "mask-xs";
}

export function parseLengths(text: string, rows: number, cols: number): number[] {
  const parts = text
    .split(/[\s,，]+/)
    .filter(Boolean)
    .map((p) => Math.max(0, Math.min(cols, Math.trunc(Number(p)) || 0)));
  const out: number[] = [];
  for (let i = 0; i < rows; i++) out.push(parts[i] ?? cols);
  return out;
}

interface RowProps {
  r: number;
  cols: number;
  bits: Uint8Array;
  focusCol: number;
  name: (r: number, c: number, on: boolean) => string;
}

function sameRow(a: RowProps, b: RowProps): boolean {
  if (a.r !== b.r || a.cols !== b.cols || a.focusCol !== b.focusCol || a.name !== b.name)
    return false;
  for (let i = 0; i < a.cols; i++) if (a.bits[i] !== b.bits[i]) return false;
  return true;
}

const MaskRow = memo(function MaskRow({ r, cols, bits, focusCol, name }: RowProps) {
  const cells = [];
  for (let c = 0; c < cols; c++) {
    const on = bits[c] === 1;
    cells.push(
      <div role="gridcell" key={c} className="mask-cell">
        <span
          role="checkbox"
          aria-checked={on}
          aria-label={name(r, c, on)}
          tabIndex={c === focusCol ? 0 : -1}
          data-r={r}
          data-c={c}
          className={on ? "mask-box on" : "mask-box"}
        />
      </div>,
    );
  }
  return (
    <div role="row" className="mask-row">
      {cells}
    </div>
  );
}, sameRow);

export function MaskEditor(props: MaskEditorProps) {
  const { mask, onChange, lang, label, presets = ALL_PRESETS } = props;
  const onWord = props.onWord ?? ls(lang, "masked");
  const offWord = props.offWord ?? ls(lang, "notMasked");
  const { rows, cols } = mask;
  const [focus, setFocus] = useState({ r: 0, c: 0 });
  const [seed, setSeed] = useState(props.seed ?? 0);
  const [lengths, setLengths] = useState(props.lengths ?? "");
  const gridRef = useRef<HTMLDivElement>(null);
  // Handlers read the newest mask even when several edits land before React re-renders.
  const latest = useRef(mask);
  useEffect(() => {
    latest.current = mask;
  }, [mask]);
  const drag = useRef<{ value: number; pointer: number } | null>(null);
  const wantFocus = useRef(false);

  const fr = Math.min(focus.r, rows - 1);
  const fc = Math.min(focus.c, cols - 1);

  const name = useCallback(
    (r: number, c: number, on: boolean) =>
      ls(lang, "maskCell", { r, c, state: on ? onWord : offWord }),
    [lang, onWord, offWord],
  );

  const commit = useCallback(
    (next: MaskBits) => {
      latest.current = next;
      onChange(next);
    },
    [onChange],
  );

  const setCell = useCallback(
    (r: number, c: number, value: number) => {
      const cur = latest.current;
      const k = r * cur.cols + c;
      if (cur.bits[k] === value) return;
      const bits = cur.bits.slice();
      bits[k] = value;
      commit({ rows: cur.rows, cols: cur.cols, bits });
    },
    [commit],
  );

  useEffect(() => {
    if (!wantFocus.current) return;
    wantFocus.current = false;
    gridRef.current?.querySelector<HTMLElement>(`[data-r="${fr}"][data-c="${fc}"]`)?.focus();
  }, [fr, fc]);

  const cellOf = (target: EventTarget | null): { r: number; c: number } | null => {
    const el = target instanceof Element ? target.closest<HTMLElement>("[data-r]") : null;
    if (!el || !gridRef.current?.contains(el)) return null;
    return { r: Number(el.dataset.r), c: Number(el.dataset.c) };
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    const cell = cellOf(e.target);
    if (!cell) return;
    e.preventDefault();
    const cur = latest.current;
    const value = cur.bits[cell.r * cur.cols + cell.c] ? 0 : 1;
    drag.current = { value, pointer: e.pointerId };
    e.currentTarget.setPointerCapture(e.pointerId);
    setCell(cell.r, cell.c, value);
    wantFocus.current = true;
    setFocus(cell);
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointer !== e.pointerId) return;
    // Under pointer capture the event target is the grid, so find the cell under the pointer.
    const cell = cellOf(document.elementFromPoint(e.clientX, e.clientY));
    if (cell) setCell(cell.r, cell.c, d.value);
  };

  const endDrag = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current?.pointer !== e.pointerId) return;
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId))
      e.currentTarget.releasePointerCapture(e.pointerId);
  };

  const onClick = (e: React.MouseEvent<HTMLDivElement>) => {
    // Pointer presses toggle on pointerdown; a click with detail 0 comes from assistive tech.
    if (e.detail !== 0) return;
    const cell = cellOf(e.target);
    if (!cell) return;
    const cur = latest.current;
    setCell(cell.r, cell.c, cur.bits[cell.r * cur.cols + cell.c] ? 0 : 1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const cell = cellOf(e.target);
    if (!cell) return;
    const { r, c } = cell;
    const cur = latest.current;
    let nr = r;
    let nc = c;
    switch (e.key) {
      case "ArrowUp":
        nr = Math.max(0, r - 1);
        break;
      case "ArrowDown":
        nr = Math.min(cur.rows - 1, r + 1);
        break;
      case "ArrowLeft":
        nc = Math.max(0, c - 1);
        break;
      case "ArrowRight":
        nc = Math.min(cur.cols - 1, c + 1);
        break;
      case "Home":
        nc = 0;
        if (e.ctrlKey) nr = 0;
        break;
      case "End":
        nc = cur.cols - 1;
        if (e.ctrlKey) nr = cur.rows - 1;
        break;
      case " ":
      case "Enter":
        e.preventDefault();
        setCell(r, c, cur.bits[r * cur.cols + c] ? 0 : 1);
        return;
      default:
        return;
    }
    e.preventDefault();
    if (e.shiftKey && e.key.startsWith("Arrow")) {
      // Shift paints: the cell moved onto takes the value of the cell moved from.
      setCell(nr, nc, cur.bits[r * cur.cols + c]);
    }
    wantFocus.current = true;
    setFocus({ r: nr, c: nc });
  };

  const applyPreset = (p: MaskPreset) => {
    const cur = latest.current;
    const { rows: R, cols: C } = cur;
    let next: MaskBits;
    switch (p) {
      case "causal":
        next = causalMask(R, C);
        break;
      case "causalT":
        next = causalTMask(R, C);
        break;
      case "padding":
        next = paddingMask(R, C, parseLengths(lengths, R, C));
        break;
      case "diagonal":
        next = diagonalMask(R, C);
        break;
      case "checker":
        next = checkerMask(R, C);
        break;
      case "random":
        next = randomMask(R, C, seed);
        break;
      case "clear":
        next = emptyMask(R, C);
        break;
      case "invert":
        next = invertMask(cur);
        break;
    }
    commit(next);
    props.onPresetInputs?.({ seed, lengths });
  };

  const presetKey = {
    causal: "presetCausal",
    causalT: "presetCausalT",
    padding: "presetPadding",
    diagonal: "presetDiagonal",
    checker: "presetChecker",
    random: "presetRandom",
    clear: "presetClear",
    invert: "presetInvert",
  } as const;

  const rowEls = [];
  for (let r = 0; r < rows; r++) {
    rowEls.push(
      <MaskRow
        key={r}
        r={r}
        cols={cols}
        bits={mask.bits.subarray(r * cols, (r + 1) * cols)}
        focusCol={r === fr ? fc : -1}
        name={name}
      />,
    );
  }

  return (
    <div className="mask-editor">
      {presets.length > 0 && (
        <div className="lab-toolbar" role="group" aria-label={ls(lang, "presets")}>
          {presets.map((p) => (
            <span key={p} className="preset">
              {p === "padding" && (
                <label className="inline-field">
                  <span>{ls(lang, "lengths")}</span>
                  <input
                    type="text"
                    inputMode="numeric"
                    size={8}
                    value={lengths}
                    placeholder={Array.from({ length: Math.min(rows, 4) }, (_, i) =>
                      Math.max(1, cols - i),
                    ).join(",")}
                    title={ls(lang, "lengthsHint")}
                    onChange={(e) => setLengths(e.target.value)}
                  />
                </label>
              )}
              {p === "random" && (
                <label className="inline-field">
                  <span>{ls(lang, "seed")}</span>
                  <input
                    type="number"
                    min={0}
                    max={2 ** 31 - 1}
                    value={seed}
                    className="narrow"
                    onChange={(e) => setSeed(Math.max(0, Math.trunc(Number(e.target.value)) || 0))}
                  />
                </label>
              )}
              <button type="button" onClick={() => applyPreset(p)}>
                {ls(lang, presetKey[p])}
              </button>
            </span>
          ))}
        </div>
      )}
      <div
        ref={gridRef}
        role="grid"
        aria-label={label}
        aria-rowcount={rows}
        aria-colcount={cols}
        className={`mask-grid ${sizeClass(cols, rows)}${props.allowMarks ? " mask-allow" : ""}`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onLostPointerCapture={() => {
          drag.current = null;
        }}
        onClick={onClick}
        onKeyDown={onKeyDown}
      >
        {rowEls}
      </div>
      <p className="lab-hint">
        {ls(lang, "maskCount", { n: countOn(mask), total: rows * cols })} {ls(lang, "maskHelp")}
      </p>
    </div>
  );
}
