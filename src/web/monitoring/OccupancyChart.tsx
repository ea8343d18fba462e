// A place's occupancy rate over time, drawn with Observable Plot (loaded when the first chart appears), with the
// 100 % line: the table beside it carries the same figures for those who do not see the chart.
import { useEffect, useRef } from "react";
import { asPicture } from "../ui/chart-picture";

export type RatePoint = { asOf: string; rate: number };

export function OccupancyChart({ points, label }: { points: RatePoint[]; label: string }) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let cancelled = false;
    const el = holder.current;
    if (!el) return;
    import("@observablehq/plot").then((Plot) => {
      if (cancelled) return;
      const width = Math.max(260, Math.min(640, el.clientWidth || 320));
      const data = points.map((p) => ({ date: new Date(`${p.asOf}T00:00:00Z`), rate: p.rate }));
      const top = Math.max(110, ...data.map((d) => d.rate)) * 1.1;
      const chart = Plot.plot({
        width,
        height: 240,
        marginLeft: 44,
        marginRight: 16,
        x: { type: "utc", label: null, ticks: Math.max(2, Math.floor(width / 110)) },
        y: { grid: true, label: "%", domain: [0, top] },
        marks: [
          Plot.ruleY([100], { stroke: "#9b1c1c", strokeDasharray: "4 3" }),
          Plot.text([100], {
            y: (d: number) => d,
            text: () => "100 %",
            frameAnchor: "left",
            dy: -7,
            dx: 4,
            fill: "#9b1c1c",
          }),
          Plot.lineY(data, { x: "date", y: "rate", stroke: "#2f6f4e" }),
          Plot.dot(data, { x: "date", y: "rate", fill: "#2f6f4e", tip: true }),
        ],
      });
      asPicture(chart, label);
      el.replaceChildren(chart);
    });
    return () => {
      cancelled = true;
    };
  }, [points, label]);
  return <div ref={holder} className="chart-canvas occupancy-chart" />;
}
