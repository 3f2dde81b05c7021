// Observable Plot, loaded on first use so it is split from the main bundle. Plot appends a
// <style> element to each figure; the site's CSP forbids inline styles, so it is removed
// before the figure enters the document and labs.css carries the equivalent rules.
//
// A figure is redrawn only when its data differs by value from what it shows: a mask toggle in
// the softmax lab changes one row of weights, so the bar chart of another row stays as it is.
// Once Plot is loaded the figure is drawn in the same commit as the data (a layout effect), so
// the lab never paints new numbers next to an old chart; until then, and while a draw is
// pending, the host says aria-busy.

import { useEffect, useLayoutEffect, useRef } from "react";

export type PlotModule = typeof import("@observablehq/plot");
let plotPromise: Promise<PlotModule> | null = null;
let plotModule: PlotModule | null = null;
export const loadPlot = (): Promise<PlotModule> =>
  (plotPromise ??= import("@observablehq/plot").then((m) => (plotModule = m)));

// Layout effects warn during server rendering; the figure is empty there anyway.
const useClientLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;

export interface PlotFigureProps<D> {
  data: D;
  /** A pure function of the data (keep it stable: a module-level function). */
  draw: (plot: PlotModule, data: D) => SVGSVGElement | HTMLElement;
  /** Value equality of two data; without it, any new data object redraws. */
  same?: (a: D, b: D) => boolean;
  label: string;
  className?: string;
}

export function PlotFigure<D>({ data, draw, same, label, className }: PlotFigureProps<D>) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = useRef<{ data: D; draw: PlotFigureProps<D>["draw"] } | null>(null);
  useClientLayoutEffect(() => {
    const host = ref.current;
    if (!host) return;
    const cur = shown.current;
    if (cur && cur.draw === draw && (cur.data === data || (same?.(cur.data, data) ?? false)))
      return;
    let live = true;
    const paint = (Plot: PlotModule) => {
      if (!live) return;
      const fig = draw(Plot, data);
      for (const s of Array.from(fig.querySelectorAll("style"))) s.remove();
      fig.setAttribute("aria-hidden", "true");
      host.replaceChildren(fig);
      host.removeAttribute("aria-busy");
      shown.current = { data, draw };
    };
    if (plotModule) {
      paint(plotModule);
      return;
    }
    host.setAttribute("aria-busy", "true");
    void loadPlot().then(paint);
    return () => {
      live = false;
    };
  }, [data, draw, same]);
  return <div ref={ref} className={`lab-plot ${className ?? ""}`} role="img" aria-label={label} />;
}
