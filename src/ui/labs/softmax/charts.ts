// The softmax lab's two figures as pure functions of plain data, so a figure can tell by value
// whether it must be redrawn. The heatmap is one raster image (a pixel per cell, scaled up
// without smoothing) with white grid lines and, on larger grids, the blocked and NaN marks as
// a single geo path: a 32×32 heatmap is a few dozen SVG nodes instead of about two thousand
// rects and texts, which is what kept a redraw over its frame budget.

import type { PlotModule } from "../common/PlotFigure";

export interface HeatmapData {
  readonly rows: number;
  readonly cols: number;
  /** Row-major softmax weights; NaN where a row had nothing left to attend to. */
  readonly w: readonly number[];
  readonly blocked: readonly boolean[];
}

export interface BarsData {
  readonly cols: number;
  /** The rows drawn: one chosen row, or every row as a facet when there are few. */
  readonly shownRows: readonly number[];
  readonly faceted: boolean;
  /** Weights and blocked flags of the shown rows, row after row. */
  readonly w: readonly number[];
  readonly blocked: readonly boolean[];
}

const sameNumbers = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
const sameFlags = (a: readonly boolean[], b: readonly boolean[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

export const sameHeatmap = (a: HeatmapData, b: HeatmapData): boolean =>
  a.rows === b.rows &&
  a.cols === b.cols &&
  sameNumbers(a.w, b.w) &&
  sameFlags(a.blocked, b.blocked);

export const sameBars = (a: BarsData, b: BarsData): boolean =>
  a.cols === b.cols &&
  a.faceted === b.faceted &&
  sameNumbers(a.shownRows, b.shownRows) &&
  sameNumbers(a.w, b.w) &&
  sameFlags(a.blocked, b.blocked);

/** Up to 6 rows every row gets its own facet; beyond that one chosen row is drawn. */
export function barsData(
  w: readonly number[],
  blocked: readonly boolean[],
  rows: number,
  cols: number,
  row: number,
): BarsData {
  const faceted = rows <= 6;
  const shownRows = faceted ? Array.from({ length: rows }, (_, r) => r) : [row];
  const lo = faceted ? 0 : row * cols;
  const hi = faceted ? rows * cols : (row + 1) * cols;
  return { cols, shownRows, faceted, w: w.slice(lo, hi), blocked: blocked.slice(lo, hi) };
}

type Segment = [number, number][];

/**
 * The marks drawn over larger heatmaps, in cell units (x = column, y = row, cell (r, c) spans
 * [c, c+1] × [r, r+1]): an × on a blocked cell, a slashed circle (∅) on a NaN cell.
 */
export function markSegments(d: HeatmapData): { blocked: Segment[]; nan: Segment[] } {
  const blocked: Segment[] = [];
  const nan: Segment[] = [];
  const a = 0.16;
  for (let r = 0; r < d.rows; r++)
    for (let c = 0; c < d.cols; c++) {
      const i = r * d.cols + c;
      const x = c + 0.5;
      const y = r + 0.5;
      if (Number.isNaN(d.w[i])) {
        const ring: [number, number][] = [];
        for (let k = 0; k <= 8; k++) {
          const t = (k * Math.PI) / 4;
          ring.push([x + a * Math.cos(t), y + a * Math.sin(t)]);
        }
        nan.push(ring, [
          [x - 1.4 * a, y + 1.4 * a],
          [x + 1.4 * a, y - 1.4 * a],
        ]);
      } else if (d.blocked[i]) {
        blocked.push(
          [
            [x - a, y - a],
            [x + a, y + a],
          ],
          [
            [x - a, y + a],
            [x + a, y - a],
          ],
        );
      }
    }
  return { blocked, nan };
}

const NAN_FILL = "#d4d4d8";
const indices = (n: number) => Array.from({ length: n }, (_, i) => i);

export function drawHeatmap(Plot: PlotModule, d: HeatmapData): SVGSVGElement | HTMLElement {
  const { rows, cols } = d;
  const small = cols <= 8 && rows <= 8;
  const size = cols <= 8 ? 44 : cols <= 16 ? 26 : 18;
  // Cell (r, c) spans [c, c+1] × [r, r+1]; ticks sit on the centres and read as indices.
  const centres = (n: number) => indices(n).map((i) => i + 0.5);
  const label = (v: number) => String(Math.floor(v));
  const { blocked, nan } = small ? { blocked: [], nan: [] } : markSegments(d);
  const cells = small
    ? indices(rows * cols).map((i) => ({
        x: (i % cols) + 0.5,
        y: Math.floor(i / cols) + 0.5,
        w: d.w[i],
        blocked: d.blocked[i],
      }))
    : [];
  return Plot.plot({
    width: 40 + cols * size,
    height: 30 + rows * size,
    marginLeft: 30,
    marginRight: 10,
    marginTop: 24,
    marginBottom: 6,
    x: { domain: [0, cols], axis: "top", label: null, ticks: centres(cols), tickFormat: label },
    y: { domain: [0, rows], reverse: true, label: null, ticks: centres(rows), tickFormat: label },
    color: { type: "linear", domain: [0, 1], range: ["#ffffff", "#1f4e8c"], unknown: NAN_FILL },
    marks: [
      Plot.raster(d.w, {
        width: cols,
        height: rows,
        x1: 0,
        x2: cols,
        y1: 0,
        y2: rows,
        fill: (v: number) => v,
        imageRendering: "pixelated",
      }),
      Plot.gridX(indices(cols + 1), { stroke: "white", strokeOpacity: 1 }),
      Plot.gridY(indices(rows + 1), { stroke: "white", strokeOpacity: 1 }),
      small
        ? Plot.text(cells, {
            x: "x",
            y: "y",
            text: (c: { w: number; blocked: boolean }) =>
              (Number.isNaN(c.w) ? "NaN" : c.w.toFixed(2)) + (c.blocked ? "×" : ""),
            fill: (c: { w: number }) => (c.w > 0.55 ? "white" : "#1c1e21"),
            fontSize: 11,
          })
        : null,
      blocked.length
        ? Plot.geo({ type: "MultiLineString", coordinates: blocked }, { stroke: "#6b7280" })
        : null,
      nan.length
        ? Plot.geo({ type: "MultiLineString", coordinates: nan }, { stroke: "#6b2d8a" })
        : null,
    ],
  });
}

/** Tick labels on every index up to 12, then on every 4th, so they never collide. */
const thin = (n: number) => (d: number) => (n <= 12 || d % 4 === 0 ? String(d) : "");

export function drawBars(Plot: PlotModule, d: BarsData): SVGSVGElement | HTMLElement {
  const { cols, shownRows, faceted } = d;
  const values = d.w.map((w, i) => ({
    row: shownRows[Math.floor(i / cols)],
    col: i % cols,
    v: Number.isNaN(w) ? 0 : w,
    nan: Number.isNaN(w),
    blocked: d.blocked[i],
  }));
  type Bar = (typeof values)[number];
  return Plot.plot({
    width: Math.max(260, 40 + cols * (cols <= 8 ? 34 : 18)),
    height: faceted ? 40 + shownRows.length * 70 : 150,
    marginLeft: 40,
    x: { type: "band", label: null, domain: indices(cols), tickFormat: thin(cols) },
    y: { domain: [0, 1], label: null, ticks: [0, 1] },
    fy: faceted ? { label: null, padding: 0.3, domain: shownRows } : undefined,
    marks: [
      Plot.barY(values, {
        x: "col",
        y: "v",
        fy: faceted ? "row" : undefined,
        fill: (b: Bar) => (b.blocked ? "#9ca3af" : "#1f4e8c"),
      }),
      Plot.text(
        values.filter((b) => b.nan),
        {
          x: "col",
          y: 0.15,
          fy: faceted ? "row" : undefined,
          text: () => "NaN",
          fill: "#6b2d8a",
          fontSize: 10,
        },
      ),
      Plot.ruleY([0]),
    ],
  });
}
