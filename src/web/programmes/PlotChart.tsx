// A bar or line chart drawn with Observable Plot, which is loaded only when the first chart appears.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

export type ChartDatum = { label: string; value: number; series?: string };

type Props = {
  title: string;
  data: ChartDatum[];
  kind: "bar" | "line";
  /** File name for the downloads, without extension. */
  fileName: string;
};

/** SVG text of the chart, with the namespace a stand-alone file needs. */
function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return new XMLSerializer().serializeToString(copy);
}

function download(href: string, name: string) {
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  a.click();
}

export function PlotChart({ title, data, kind, fileName }: Props) {
  const { t } = useTranslation();
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let cancelled = false;
    const el = holder.current;
    if (!el) return;
    import("@observablehq/plot").then((Plot) => {
      if (cancelled) return;
      const width = Math.max(280, Math.min(640, el.clientWidth || 320));
      const chart =
        kind === "bar"
          ? Plot.plot({
              width,
              marginLeft: Math.min(160, width / 2.5),
              height: Math.max(80, data.length * 26 + 40),
              x: { grid: true, label: null },
              // Long indicator titles would push the bars off a phone screen; the table beside has them whole.
              y: { label: null, tickFormat: (d: string) => (d.length > 28 ? `${d.slice(0, 27)}…` : d) },
              color: { legend: data.some((d) => d.series), scheme: "tableau10" },
              marks: [
                Plot.barX(data, {
                  y: "label",
                  x: "value",
                  fill: data.some((d) => d.series) ? "series" : "#2f6f4e",
                  sort: { y: "-x" },
                  tip: true,
                }),
                Plot.ruleX([0]),
              ],
            })
          : Plot.plot({
              width,
              height: 220,
              x: { label: null, type: "band" },
              y: { grid: true, label: null },
              marks: [
                Plot.barY(data, { x: "label", y: "value", fill: "#2f6f4e", tip: true }),
                Plot.ruleY([0]),
              ],
            });
      chart.setAttribute("role", "img");
      chart.setAttribute("aria-label", title);
      el.replaceChildren(chart);
    });
    return () => {
      cancelled = true;
    };
  }, [data, kind, title]);

  const svg = () => holder.current?.querySelector("svg");
  const exportSvg = () => {
    const el = svg();
    if (el)
      download(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText(el))}`, `${fileName}.svg`);
  };
  const exportPng = () => {
    const el = svg();
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = width * 2;
      canvas.height = height * 2;
      const ctx = canvas.getContext("2d");
      if (!ctx) return;
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.scale(2, 2);
      ctx.drawImage(image, 0, 0, width, height);
      download(canvas.toDataURL("image/png"), `${fileName}.png`);
    };
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText(el))}`;
  };
  return (
    <figure className="chart">
      <div ref={holder} className="chart-canvas" />
      <figcaption className="actions">
        <button type="button" className="link-button" onClick={exportPng}>
          {t("programmes.exportPng")}
        </button>
        <button type="button" className="link-button" onClick={exportSvg}>
          {t("programmes.exportSvg")}
        </button>
      </figcaption>
    </figure>
  );
}
