// A bar or line chart drawn with Observable Plot, which is loaded only when the first chart appears.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { asPicture } from "../ui/chart-picture";
import { type ChartTable, writeChartTableXlsx } from "./chart-table.export";
import { formatNumber } from "./ProgrammeBits";

/** One bar; bars of another `facet` (a unit: people, events) get a panel and a scale of their own. */
export type ChartDatum = { label: string; value: number; series?: string; facet?: string };

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
  /** Bar charts: each facet's name as its panel's heading, in the order the panels are drawn. */
  facetTitles?: { facet: string; title: string }[];
  /** Line charts: how an x value (a month "2012-03") is written under its bar. */
  xLabel?: (value: string) => string;
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
/** The label broken into lines of at most this many pixels; past `maxLines` the last one ends in "…" (the table beside
 * has it whole). */
export function wrapLabel(text: string, pixels: number, maxLines = 3, measure = textWidth): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= pixels || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const fitted = lines.slice(0, maxLines).map((l) => fitLabel(l, pixels, measure));
  if (lines.length > maxLines)
    fitted[maxLines - 1] = shorten((fitted[maxLines - 1] ?? "").replace(/…$/, ""), pixels, measure);
  return fitted;
}
/** The text cut to fit this many pixels, "…" included. */
function shorten(text: string, pixels: number, measure: (s: string) => number): string {
  let n = text.length;
  while (n > 1 && measure(`${text.slice(0, n).trimEnd()}…`) > pixels) n--;
  return `${text.slice(0, n).trimEnd()}…`;
}
function fitLabel(text: string, pixels: number, measure: (s: string) => number): string {
  return measure(text) <= pixels ? text : shorten(text, pixels, measure);
}

const SVG_NS = "http://www.w3.org/2000/svg";
/** Panels stacked into one picture, so the PNG and SVG downloads hold them all. */
function stackPanels(panels: SVGSVGElement[], width: number): SVGSVGElement {
  const outer = document.createElementNS(SVG_NS, "svg");
  let y = 0;
  for (const panel of panels) {
    const height = Number(panel.getAttribute("height")) || 0;
    panel.setAttribute("y", String(y));
    y += height;
    outer.append(panel);
  }
  outer.setAttribute("width", String(width));
  outer.setAttribute("height", String(y));
  outer.setAttribute("viewBox", `0 0 ${width} ${y}`);
  outer.setAttribute("fill", "currentColor");
  outer.setAttribute("font-family", "system-ui, sans-serif");
  outer.setAttribute("font-size", "10");
  return outer;
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

export function PlotChart({
  title,
  data,
  kind,
  fileName,
  table,
  series: seriesOrder,
  facetTitles,
  xLabel,
}: Props) {
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
      const monthLabel = xLabel ?? ((v: string) => v);
      const width = Math.max(260, Math.min(640, el.clientWidth || 320));
      let chart: SVGSVGElement | HTMLElement;
      if (kind === "bar") {
        const present = new Set(data.flatMap((d) => (d.series ? [d.series] : [])));
        const series = [
          ...(seriesOrder ?? []).map((s) => s.name).filter((name) => present.has(name)),
          ...[...present].filter((name) => !seriesOrder?.some((s) => s.name === name)),
        ];
        const colours = series.map((name) => seriesOrder?.find((s) => s.name === name)?.color);
        // The left margin holds the labels, up to 45 % of the width; longer ones wrap onto up to three lines.
        const allLabels = [...new Set(data.map((d) => d.label))];
        const longest = Math.max(0, ...allLabels.map(textWidth));
        const marginLeft = Math.round(Math.min(Math.max(40, longest + 14), width * 0.45));
        const lines = new Map(allLabels.map((l) => [l, wrapLabel(l, marginLeft - 12)]));
        // Panels: one per facet (unit), each with its own scale, so 5 events are not a sliver beside 1,542 people.
        const facets = [...new Set(data.map((d) => d.facet ?? ""))].sort((x, y) => {
          const order = facetTitles?.map((f) => f.facet) ?? [];
          return order.indexOf(x) - order.indexOf(y);
        });
        const titled = facets.length > 1 || facets.some((f) => facetTitles?.some((ft) => ft.facet === f));
        const panels = facets.map((facet, panelIndex) => {
          const rows = data.filter((d) => (d.facet ?? "") === facet);
          const labels = [...new Set(rows.map((d) => d.label))];
          const heading = titled ? (facetTitles?.find((f) => f.facet === facet)?.title ?? facet) : "";
          const withLegend = panelIndex === 0 && series.length > 0;
          const top = (withLegend ? 24 : 0) + (heading ? 20 : 0) + 8;
          const lineCount = Math.max(1, ...labels.map((l) => lines.get(l)?.length ?? 1));
          const band = Math.max(series.length > 1 ? 34 : 26, lineCount * 12 + 10);
          // The series legend is drawn inside the picture, so PNG and SVG downloads keep it.
          let x = 0;
          // A coloured square, then the name in the text colour (a light series colour would be hard to read).
          const legend = withLegend
            ? series.flatMap((name) => {
                const at = { frameAnchor: "top-left" as const, dy: -top + 14, textAnchor: "start" as const };
                const marks = [
                  Plot.text([name], {
                    ...at,
                    dx: x - marginLeft + 4,
                    text: () => "■",
                    fill: (d: string) => d,
                  }),
                  Plot.text([name], {
                    ...at,
                    dx: x - marginLeft + 16,
                    text: (d: string) => d,
                    fill: "currentColor",
                  }),
                ];
                x += textWidth(`■ ${name}`) + 18;
                return marks;
              })
            : [];
          const title = heading
            ? [
                Plot.text([heading], {
                  frameAnchor: "top-left",
                  dx: -marginLeft + 4,
                  dy: -12,
                  textAnchor: "start",
                  fontWeight: "bold",
                  fontSize: 11,
                  fill: "currentColor",
                }),
              ]
            : [];
          const highest = Math.max(0, ...rows.map((d) => d.value));
          const wholeTicks =
            rows.every((d) => Number.isInteger(d.value)) && highest <= 10
              ? { ticks: Array.from({ length: Math.ceil(highest) + 1 }, (_, i) => i) }
              : {};
          return Plot.plot({
            width,
            marginLeft,
            marginRight: 24,
            marginTop: top,
            height: labels.length * band + top + 30,
            x: { grid: true, label: null, tickFormat, ...wholeTicks },
            y: {
              label: null,
              domain: labels,
              tickFormat: (d: string) => (lines.get(d) ?? [d]).join("\n"),
            },
            color: colours.every(Boolean)
              ? { legend: false, domain: series, range: colours as string[] }
              : { legend: false, scheme: "tableau10", domain: series },
            marks: [
              // Several series overlay, each thinner than the one before: a result bar inside its target bar.
              ...(series.length > 0
                ? series.map((name, i) =>
                    Plot.barX(
                      rows.filter((d) => d.series === name),
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
                : [Plot.barX(rows, { y: "label", x: "value", fill: "#2f6f4e", tip: true })]),
              Plot.ruleX([0]),
              ...title,
              ...legend,
            ],
          }) as SVGSVGElement;
        });
        chart = panels.length === 1 && panels[0] ? panels[0] : stackPanels(panels, width);
      } else {
        // Month labels turn when they would not fit side by side.
        const widest = Math.max(0, ...data.map((d) => textWidth(monthLabel(d.label))));
        const turn = data.length * (widest + 12) > width - 64;
        chart = Plot.plot({
          width,
          height: turn ? 250 : 220,
          // A turned first label reaches left of its bar: the margin makes room for it.
          marginLeft: turn ? Math.max(44, Math.round(widest * 0.72)) : 44,
          marginRight: 20,
          marginBottom: turn ? Math.round(widest * 0.72) + 16 : 30,
          x: { label: null, type: "band", tickRotate: turn ? -45 : 0, tickFormat: monthLabel },
          y: { grid: true, label: null, tickFormat, ...ticks },
          marks: [Plot.barY(data, { x: "label", y: "value", fill: "#2f6f4e", tip: true }), Plot.ruleY([0])],
        });
      }
      asPicture(chart, title);
      el.replaceChildren(chart);
    });
    return () => {
      cancelled = true;
    };
  }, [data, kind, title, seriesOrder, facetTitles, xLabel, language]);

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
      <figcaption>
        <span className="chart-caption">{t("programmes.chartCaption", { title })}</span>
        <span className="actions">
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
        </span>
      </figcaption>
    </figure>
  );
}
