// A printed report as data: titled sections of tables whose cells hold paragraphs and bullet lists.
// Every writer (Word, Excel, PDF, CSV) renders this one shape, so a new report needs no writer of its own.

/** A piece of text, bold or not. */
export type ReportRun = { text: string; bold?: boolean };

/** A cell holds paragraphs (each a line of runs) and bullet lists (each item a line of runs). */
export type ReportBlock =
  | { kind: "paragraph"; runs: ReportRun[] }
  | { kind: "bullets"; items: ReportRun[][] };

export type ReportCell = ReportBlock[];

export type ReportColumn = {
  header: string;
  /** Relative width: the writers share the page (or sheet) width in these proportions. */
  width: number;
};

export type ReportSection = {
  /** Printed above the table ("1. MoUs with local partners"). */
  title: string;
  /** A short name for a spreadsheet tab (at most 31 characters, none of []:*?/\). */
  sheetName: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
  /** Printed instead of the table when there are no rows. */
  emptyText: string;
};

export type ReportDocument = {
  title: string;
  /** Lines under the title: what the report covers, as of when, which filters. */
  subtitle: string[];
  sections: ReportSection[];
  /** BCP 47 language of the text (en, fr, rw), for the document's metadata. */
  language: string;
};

export const paragraph = (text: string, bold = false): ReportBlock => ({
  kind: "paragraph",
  runs: [{ text, bold }],
});

/** One item: a paragraph; several: a bullet list; none: an empty cell. */
export function paragraphOrBullets(items: readonly string[]): ReportCell {
  const texts = items.map((s) => s.trim()).filter((s) => s !== "");
  if (texts.length === 0) return [];
  if (texts.length === 1) return [paragraph(texts[0] as string)];
  return [{ kind: "bullets", items: texts.map((text) => [{ text }]) }];
}

export const BULLET = "•";

/** A cell as plain text: paragraphs on their own lines, bullets as "• item". */
export function cellText(cell: ReportCell): string {
  const lines: string[] = [];
  for (const block of cell) {
    if (block.kind === "paragraph") lines.push(block.runs.map((r) => r.text).join(""));
    else for (const item of block.items) lines.push(`${BULLET} ${item.map((r) => r.text).join("")}`);
  }
  return lines.join("\n");
}
