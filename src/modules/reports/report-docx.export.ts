// The report as a Word document: A4 landscape, one table per section, header row repeated on every page.
import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { ReportBlock, ReportCell, ReportDocument, ReportRun, ReportSection } from "./report-document";

const A4_LONG = 16838; // twips
const A4_SHORT = 11906;
const MARGIN = 720; // 1.27 cm
const USABLE_WIDTH = A4_LONG - 2 * MARGIN;
const BULLETS = "report-bullets";
const FONT_SIZE = 18; // half-points: 9 pt keeps seven columns readable on a landscape page
const HEADER_FILL = "D9E2F3";

// The size is the document's default (styles below): a size on every run would double the XML to write.
const runsOf = (runs: readonly ReportRun[], bold = false) =>
  runs.map((r) => (bold || r.bold ? new TextRun({ text: r.text, bold: true }) : new TextRun(r.text)));

function blockParagraphs(block: ReportBlock): Paragraph[] {
  if (block.kind === "paragraph")
    return [new Paragraph({ children: runsOf(block.runs), spacing: { after: 60 } })];
  return block.items.map(
    (item) =>
      new Paragraph({
        children: runsOf(item),
        numbering: { reference: BULLETS, level: 0 },
        spacing: { after: 40 },
      }),
  );
}

function cellParagraphs(cell: ReportCell): Paragraph[] {
  const paragraphs = cell.flatMap(blockParagraphs);
  // Word requires at least one paragraph in a cell.
  return paragraphs.length > 0 ? paragraphs : [new Paragraph({ children: [] })];
}

function sectionTable(section: ReportSection): Table {
  const total = section.columns.reduce((sum, c) => sum + c.width, 0);
  const widths = section.columns.map((c) => Math.floor((USABLE_WIDTH * c.width) / total));
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: section.columns.map(
      (column, i) =>
        new TableCell({
          width: { size: widths[i] ?? 0, type: WidthType.DXA },
          shading: { type: ShadingType.CLEAR, fill: HEADER_FILL, color: "auto" },
          children: [new Paragraph({ children: runsOf([{ text: column.header }], true) })],
        }),
    ),
  });
  const rows = section.rows.map(
    (row) =>
      new TableRow({
        children: row.map(
          (cell, i) =>
            new TableCell({
              width: { size: widths[i] ?? 0, type: WidthType.DXA },
              children: cellParagraphs(cell),
            }),
        ),
      }),
  );
  return new Table({
    width: { size: USABLE_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [header, ...rows],
  });
}

export function buildReportDocx(report: ReportDocument): Document {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: report.title, bold: true })],
    }),
    ...report.subtitle.map(
      (line) =>
        new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: line, size: 20 })] }),
    ),
  ];
  for (const section of report.sections) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        spacing: { before: 240, after: 120 },
        keepNext: true,
        children: [new TextRun({ text: section.title, bold: true })],
      }),
    );
    if (section.rows.length === 0)
      children.push(new Paragraph({ children: [new TextRun({ text: section.emptyText, italics: true })] }));
    else children.push(sectionTable(section));
  }
  return new Document({
    title: report.title,
    creator: "Ubufatanye",
    styles: {
      default: {
        document: { run: { font: "Calibri", size: FONT_SIZE }, paragraph: { spacing: { after: 50 } } },
      },
    },
    numbering: {
      config: [
        {
          reference: BULLETS,
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: "•",
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 240, hanging: 200 } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4_SHORT, height: A4_LONG, orientation: PageOrientation.LANDSCAPE },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
          },
        },
        children,
      },
    ],
  });
}

export async function writeReportDocx(report: ReportDocument): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toBuffer(buildReportDocx(report)));
}
