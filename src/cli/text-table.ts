// Aligned plain-text tables for terminal output.

/** Width in terminal columns, near enough: code points of the NFC form (accents composed). */
function displayWidth(text: string): number {
  return [...text.normalize("NFC")].length;
}

/** Formats rows under headers, columns separated by two spaces; no trailing spaces. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows].map((row) => row.map((cell) => cell.normalize("NFC").replace(/\s+/g, " ")));
  const widths = headers.map((_, column) => Math.max(...all.map((row) => displayWidth(row[column] ?? ""))));
  return all
    .map((row) =>
      row
        .map((cell, column) =>
          column === row.length - 1 ? cell : cell + " ".repeat((widths[column] ?? 0) - displayWidth(cell)),
        )
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** "1 organisation", "3 organisations". */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
