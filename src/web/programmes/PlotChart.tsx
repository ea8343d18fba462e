// A bar or line chart drawn with Observable Plot, which is loaded only when the first chart appears.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ChartTable, writeChartTableXlsx } from "./chart-table.export";
import { formatNumber } from "./ProgrammeBits";

export type ChartDatum = { label: string; value: number; series?: string };

type Props = {
  title: string;
  data: ChartDatum[];
  kind: "bar" | "line";
  /** File name for the downloads, without extension. */
  fileName: string;
  /** The table beside the chart, as the Excel download writes it. */
  table: ChartTable;
  /** Series in drawing order with their colours: the first is the widest bar, each next one sits inside it. */
  series?: { name: string; color: string }[];
};

/** Plot's own font for tick labels: what the labels are measured with, so none is cut off. */
const TICK_FONT = "10px system-ui, sans-serif";
let measureContext: CanvasRenderingContext2D | null | undefined;
function textWidth(text: string): number {
  if (measureContext === undefined) measureContext = document.createElement("canvas").getContext("2d");
  if (!measureContext) return text.length * 6;
  measureContext.font = TICK_FONT;
  return measureContext.measureText(text).width;
}
/** The label shortened with "…" to fit this many pixels (the table beside has it whole). */
function fitLabel(text: string, pixels: number): string {
  if (textWidth(text) <= pixels) return text;
  let n = text.length;
  while (n > 1 && textWidth(`${text.slice(0, n).trimEnd()}…`) > pixels) n--;
  return `${text.slice(0, n).trimEnd()}…`;
}

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

export function PlotChart({ title, data, kind, fileName, table, series: seriesOrder }: Props) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const holder = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    const el = holder.current;
    if (!el) return;
    import("@observablehq/plot").then((Plot) => {
      if (cancelled) return;
      // Axis numbers as the reader writes them ("1 500" in French), as the table beside does.
      const tickFormat = (n: number) => formatNumber(n, language);
      // Counts are whole: with small ones (a tracker's 1 or 2 recommendations) Plot would tick 0.2, 0.4, …
      const counts = data.every((d) => Number.isInteger(d.value));
      const top = Math.max(0, ...data.map((d) => d.value));
      const ticks =
        counts && top <= 10 ? { ticks: Array.from({ length: Math.ceil(top) + 1 }, (_, i) => i) } : {};
      const width = Math.max(260, Math.min(640, el.clientWidth || 320));
      let chart: SVGSVGElement | HTMLElement;
      if (kind === "bar") {
        const labels = [...new Set(data.map((d) => d.label))];
        const present = new Set(data.flatMap((d) => (d.series ? [d.series] : [])));
        const series = [
          ...(seriesOrder ?? []).map((s) => s.name).filter((name) => present.has(name)),
          ...[...present].filter((name) => !seriesOrder?.some((s) => s.name === name)),
        ];
        const colours = series.map((name) => seriesOrder?.find((s) => s.name === name)?.color);
        // The left margin holds the longest label, up to 45 % of the width; longer ones end in "…".
        const longest = Math.max(0, ...labels.map(textWidth));
        const marginLeft = Math.round(Math.min(Math.max(40, longest + 14), width * 0.45));
        // The series legend is drawn inside the picture, so PNG and SVG downloads keep it.
        let x = 0;
        // A coloured square, then the name in the text colour (a light series colour would be hard to read).
        const legend = series.flatMap((name) => {
          const at = { frameAnchor: "top-left" as const, dy: -16, textAnchor: "start" as const };
          const marks = [
            Plot.text([name], { ...at, dx: x - marginLeft + 4, text: () => "■", fill: (d: string) => d }),
            Plot.text([name], {
              ...at,
              dx: x - marginLeft + 16,
              text: (d: string) => d,
              fill: "currentColor",
            }),
          ];
          x += textWidth(`■ ${name}`) + 18;
          return marks;
        });
        chart = Plot.plot({
          width,
          marginLeft,
          marginRight: 24,
          marginTop: series.length > 0 ? 28 : 20,
          height: Math.max(90, labels.length * (series.length > 1 ? 34 : 26) + 50),
          x: { grid: true, label: null, tickFormat, ...ticks },
          y: { label: null, domain: labels, tickFormat: (d: string) => fitLabel(d, marginLeft - 12) },
          color: colours.every(Boolean)
            ? { legend: false, domain: series, range: colours as string[] }
            : { legend: false, scheme: "tableau10", domain: series },
          marks: [
            // Several series overlay, each thinner than the one before: a result bar inside its target bar.
            ...(series.length > 0
              ? series.map((name, i) =>
                  Plot.barX(
                    data.filter((d) => d.series === name),
                    {
                      y: "label",
                      x: "value",
                      fill: "series",
                      insetTop: 2 + i * 6,
                      insetBottom: 2 + i * 6,
                      tip: true,
                    },
                  ),
                )
              : [Plot.barX(data, { y: "label", x: "value", fill: "#2f6f4e", tip: true })]),
            Plot.ruleX([0]),
            ...legend,
          ],
        });
      } else {
        // Month labels turn when they would not fit side by side.
        const turn = data.length * 56 > width - 60;
        chart = Plot.plot({
          width,
          height: turn ? 250 : 220,
          marginLeft: 44,
          marginRight: 20,
          marginBottom: turn ? 56 : 30,
          x: { label: null, type: "band", tickRotate: turn ? -45 : 0 },
          y: { grid: true, label: null, tickFormat, ...ticks },
          marks: [Plot.barY(data, { x: "label", y: "value", fill: "#2f6f4e", tip: true }), Plot.ruleY([0])],
        });
      }
      chart.setAttribute("role", "img");
      chart.setAttribute("aria-label", title);
      el.replaceChildren(chart);
    });
    return () => {
      cancelled = true;
    };
  }, [data, kind, title, seriesOrder, language]);

  // The picture itself, not a legend swatch inside it.
  const svg = () => holder.current?.querySelector<SVGSVGElement>(":scope > svg");
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
  const exportXlsx = () => {
    setFailed(false);
    writeChartTableXlsx(table).then(
      (blob) => {
        const url = URL.createObjectURL(blob);
        download(url, `${fileName}.xlsx`);
        // The click has handed the file to the browser; the address is not needed after this turn.
        setTimeout(() => URL.revokeObjectURL(url), 0);
      },
      () => setFailed(true),
    );
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
        <button type="button" className="link-button" onClick={exportXlsx}>
          {t("programmes.dashboardExport.xlsx")}
        </button>
        {failed ? (
          <span className="field-error" role="alert">
            {t("programmes.dashboardExport.failed")}
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}
