// The report as a PDF (pdfmake): A4 landscape, header row repeated on each page, fonts from the pdfmake
// package itself (Roboto), so nothing on the system is needed and nothing is fetched.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import pdfMake from "pdfmake";
import type { Content, TableCell, TDocumentDefinitions } from "pdfmake/interfaces";
import type { ReportCell, ReportDocument, ReportRun, ReportSection } from "./report-document";

const fontFolder = join(
  dirname(createRequire(import.meta.url).resolve("pdfmake/build/fonts/Roboto/Roboto-Regular.ttf")),
);
pdfMake.setFonts({
  Roboto: {
    normal: join(fontFolder, "Roboto-Regular.ttf"),
    bold: join(fontFolder, "Roboto-Medium.ttf"),
    italics: join(fontFolder, "Roboto-Italic.ttf"),
    bolditalics: join(fontFolder, "Roboto-MediumItalic.ttf"),
  },
});
// The report holds no images or links to fetch: only the bundled fonts may be read.
pdfMake.setUrlAccessPolicy(() => false);
pdfMake.setLocalAccessPolicy((path) => path.startsWith(fontFolder));

const USABLE_WIDTH = 841.89 - 2 * 28; // A4 landscape in points, less the margins

const textOf = (runs: readonly ReportRun[]) => runs.map((r) => ({ text: r.text, bold: r.bold === true }));

function cellContent(cell: ReportCell): TableCell {
  const stack: Content[] = cell.map((block) =>
    block.kind === "paragraph"
      ? { text: textOf(block.runs), margin: [0, 0, 0, 2] }
      : { ul: block.items.map((item) => ({ text: textOf(item) })), margin: [0, 0, 0, 2] },
  );
  return { stack };
}

function sectionContent(section: ReportSection): Content[] {
  const title: Content = { text: section.title, style: "section", headlineLevel: 1 };
  if (section.rows.length === 0) return [title, { text: section.emptyText, italics: true }];
  const total = section.columns.reduce((sum, c) => sum + c.width, 0);
  // Cell padding (4 pt a side) is outside pdfmake's widths.
  const widths = section.columns.map((c) => ((USABLE_WIDTH - section.columns.length * 8) * c.width) / total);
  return [
    title,
    {
      table: {
        headerRows: 1,
        dontBreakRows: false,
        widths,
        body: [
          section.columns.map((c) => ({ text: c.header, bold: true, fillColor: "#D9E2F3" })),
          ...section.rows.map((row) => row.map(cellContent)),
        ],
      },
      layout: {
        hLineWidth: () => 0.5,
        vLineWidth: () => 0.5,
        hLineColor: () => "#888888",
        vLineColor: () => "#888888",
      },
    },
  ];
}

export function reportPdfDefinition(report: ReportDocument): TDocumentDefinitions {
  return {
    pageSize: "A4",
    pageOrientation: "landscape",
    pageMargins: [28, 28, 28, 32],
    info: { title: report.title, creator: "Ubufatanye", producer: "Ubufatanye" },
    language: report.language,
    defaultStyle: { font: "Roboto", fontSize: 8, lineHeight: 1.1 },
    styles: {
      title: { fontSize: 14, bold: true, alignment: "center", margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 9, alignment: "center" },
      section: { fontSize: 11, bold: true, margin: [0, 12, 0, 6] },
    },
    footer: (page, pages) => ({
      text: `${page} / ${pages}`,
      alignment: "center",
      fontSize: 7,
      margin: [0, 8, 0, 0],
    }),
    content: [
      { text: report.title, style: "title" },
      ...report.subtitle.map((line): Content => ({ text: line, style: "subtitle" })),
      ...report.sections.flatMap(sectionContent),
    ],
  };
}

export async function writeReportPdf(report: ReportDocument): Promise<Uint8Array> {
  const buffer = await pdfMake.createPdf(reportPdfDefinition(report)).getBuffer();
  return new Uint8Array(buffer);
}
