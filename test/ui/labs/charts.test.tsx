// The softmax lab's figure data: what a figure shows, when two data are the same figure (so it
// is not redrawn), and where the blocked / NaN marks go. The lazily edited value grid renders
// buttons instead of text fields past 64 cells.
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ValueGrid } from "../../../src/ui/labs/common/ValueGrid";
import {
  barsData,
  markSegments,
  sameBars,
  sameHeatmap,
  type HeatmapData,
} from "../../../src/ui/labs/softmax/charts";

// Row r, column c holds r + c / 10, so every number says where it came from.
const grid = (rows: number, cols: number) =>
  Array.from({ length: rows * cols }, (_, i) => Math.floor(i / cols) + (i % cols) / 10);

describe("bar chart data", () => {
  it("up to 6 rows shows every row as a facet", () => {
    const w = grid(3, 2);
    const d = barsData(w, [false, true, false, false, true, true], 3, 2, 1);
    expect(d.faceted).toBe(true);
    expect(d.shownRows).toEqual([0, 1, 2]);
    expect(d.w).toEqual([0, 0.1, 1, 1.1, 2, 2.1]);
    expect(d.blocked).toEqual([false, true, false, false, true, true]);
  });

  it("more rows shows only the chosen row", () => {
    const w = grid(7, 3);
    const blocked = w.map((_, i) => i % 2 === 0);
    const d = barsData(w, blocked, 7, 3, 4);
    expect(d.faceted).toBe(false);
    expect(d.shownRows).toEqual([4]);
    expect(d.w).toEqual([4, 4.1, 4.2]);
    // Flat indices 12, 13, 14: even, odd, even.
    expect(d.blocked).toEqual([true, false, true]);
  });

  it("a change in another row is the same chart; one in the charted row is not", () => {
    const w = grid(8, 4);
    const blocked = w.map(() => false);
    const before = barsData(w, blocked, 8, 4, 2);
    const otherRow = w.slice();
    otherRow[5 * 4 + 1] = 0.5;
    const otherBlocked = blocked.slice();
    otherBlocked[0] = true;
    expect(sameBars(before, barsData(otherRow, otherBlocked, 8, 4, 2))).toBe(true);
    const sameRow = w.slice();
    sameRow[2 * 4 + 3] = 0.5;
    expect(sameBars(before, barsData(sameRow, blocked, 8, 4, 2))).toBe(false);
    const blockedInRow = blocked.slice();
    blockedInRow[2 * 4] = true;
    expect(sameBars(before, barsData(w, blockedInRow, 8, 4, 2))).toBe(false);
    expect(sameBars(before, barsData(w, blocked, 8, 4, 3))).toBe(false);
  });

  it("NaN weights compare equal to NaN, so an all-masked row is not redrawn for nothing", () => {
    const w = [NaN, NaN, 0.5, 0.5];
    const blocked = [true, true, false, false];
    expect(sameBars(barsData(w, blocked, 2, 2, 0), barsData(w.slice(), blocked, 2, 2, 0))).toBe(
      true,
    );
  });
});

describe("heatmap data", () => {
  const base: HeatmapData = { rows: 2, cols: 2, w: [1, 0, 0.5, 0.5], blocked: [false, true] };
  it("is the same heatmap when every weight and flag is equal", () => {
    expect(sameHeatmap(base, { ...base, w: [1, 0, 0.5, 0.5] })).toBe(true);
    expect(sameHeatmap(base, { ...base, w: [1, 0, 0.25, 0.75] })).toBe(false);
    expect(sameHeatmap(base, { ...base, blocked: [false, false] })).toBe(false);
    expect(sameHeatmap(base, { ...base, rows: 1, cols: 4 })).toBe(false);
  });

  it("marks a blocked cell with an × centred on it and a NaN cell with a slashed circle", () => {
    // Cell (0, 0) is NaN; cell (0, 1) is blocked with weight 0; cell (1, *) is neither.
    const d: HeatmapData = {
      rows: 2,
      cols: 2,
      w: [NaN, 0, 0.5, 0.5],
      blocked: [true, true, false, false],
    };
    const { blocked, nan } = markSegments(d);
    // Two strokes for the one blocked cell, crossing at its centre (1.5, 0.5).
    expect(blocked).toHaveLength(2);
    for (const [[x0, y0], [x1, y1]] of blocked) {
      expect((x0 + x1) / 2).toBeCloseTo(1.5);
      expect((y0 + y1) / 2).toBeCloseTo(0.5);
      expect(Math.abs(x1 - x0)).toBeCloseTo(Math.abs(y1 - y0));
      // Inside the cell [1, 2] × [0, 1].
      for (const v of [x0, x1]) expect(v > 1 && v < 2).toBe(true);
      for (const v of [y0, y1]) expect(v > 0 && v < 1).toBe(true);
    }
    // A closed ring around the NaN cell's centre (0.5, 0.5), then the slash through it; the NaN
    // cell gets no × even though it is blocked too.
    expect(nan).toHaveLength(2);
    const [ring, slash] = nan;
    expect(ring[0][0]).toBeCloseTo(ring[ring.length - 1][0]);
    expect(ring[0][1]).toBeCloseTo(ring[ring.length - 1][1]);
    const radii = ring.map(([x, y]) => Math.hypot(x - 0.5, y - 0.5));
    for (const r of radii) expect(r).toBeCloseTo(radii[0]);
    expect(radii[0]).toBeLessThan(0.5);
    expect((slash[0][0] + slash[1][0]) / 2).toBeCloseTo(0.5);
    expect((slash[0][1] + slash[1][1]) / 2).toBeCloseTo(0.5);
  });
});

describe("editable value grid", () => {
  const render = (rows: number, cols: number) =>
    renderToString(
      <ValueGrid
        name="scores"
        values={grid(rows, cols)}
        rows={rows}
        cols={cols}
        dtype="float32"
        lang="en"
        onEdit={() => {}}
      />,
    );

  it("up to 64 cells, every cell is a text field named by tensor and index", () => {
    const html = render(8, 8);
    expect(html.match(/<input/g)).toHaveLength(64);
    expect(html).not.toContain("value-edit");
    expect(html).toContain('aria-label="scores[7, 3]"');
  });

  it("past 64 cells, every cell is a button named by index and value", () => {
    const html = render(9, 9);
    expect(html).not.toContain("<input");
    expect(html.match(/<button type="button" class="value-edit"/g)).toHaveLength(81);
    // Row 7, column 3 holds 7.3; a float32 grid of these values prints with 4 decimals.
    expect(html).toContain('aria-label="scores[7, 3]: 7.3000"');
  });
});
