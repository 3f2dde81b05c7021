// Observable Plot, loaded on first use so it is split from the main bundle. Plot appends a
// <style> element to each figure; the site's CSP forbids inline styles, so it is removed
// before the figure enters the document and labs.css carries the equivalent rules.

import { useEffect, useRef } from "react";

type PlotModule = typeof import("@observablehq/plot");
let plotPromise: Promise<PlotModule> | null = null;
export const loadPlot = (): Promise<PlotModule> => (plotPromise ??= import("@observablehq/plot"));

export function PlotFigure({
  render,
  label,
  className,
}: {
  render: (plot: PlotModule) => SVGSVGElement | HTMLElement;
  label: string;
  className?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let live = true;
    void loadPlot().then((Plot) => {
      const host = ref.current;
      if (!live || !host) return;
      const fig = render(Plot);
      for (const s of Array.from(fig.querySelectorAll("style"))) s.remove();
      fig.setAttribute("aria-hidden", "true");
      host.replaceChildren(fig);
    });
    return () => {
      live = false;
    };
  }, [render]);
  return <div ref={ref} className={`lab-plot ${className ?? ""}`} role="img" aria-label={label} />;
}
