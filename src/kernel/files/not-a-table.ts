// Files that are something other than a table, known by their first bytes whatever their name says: every table
// import (documents, occupancy, the 3W) refuses them once, for what they are ("report.pdf is a PDF file, not a
// table"), rather than with the table it did not find in them.

export type NotATable = {
  /** What the file is, as a person names it ("PDF", "JPEG"). */
  kind: string;
  /** What to import instead, ending an English sentence: "…of the document it was made from". */
  advice: string;
};

/** Each kind's possible first bytes; null matches any byte. */
const NOT_TABLES: (NotATable & { starts: (number | null)[][] })[] = [
  { kind: "PDF", starts: [[0x25, 0x50, 0x44, 0x46]], advice: "the document it was made from" },
  { kind: "PNG", starts: [[0x89, 0x50, 0x4e, 0x47]], advice: "the document the picture shows" },
  { kind: "JPEG", starts: [[0xff, 0xd8, 0xff]], advice: "the document the picture shows" },
  { kind: "GIF", starts: [[0x47, 0x49, 0x46, 0x38]], advice: "the document the picture shows" },
  // "RIFF", a size, "WEBP": RIFF alone is also how "RIFFLE Association,…" starts.
  {
    kind: "WebP",
    starts: [[0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50]],
    advice: "the document the picture shows",
  },
  // Word 97–2003 (.doc) and Excel 97–2003 (.xls) share the OLE container.
  { kind: "DOC/XLS", starts: [[0xd0, 0xcf, 0x11, 0xe0]], advice: "it saved again as .docx or .xlsx" },
  { kind: "RTF", starts: [[0x7b, 0x5c, 0x72, 0x74, 0x66]], advice: "it saved again as .docx" },
];

/** What the bytes are when they are a known kind of file that holds no table; null otherwise. */
export function whatIsNoTable(bytes: Uint8Array): NotATable | null {
  const found = NOT_TABLES.find((n) =>
    n.starts.some((start) => start.every((b, i) => b === null || bytes[i] === b)),
  );
  return found ? { kind: found.kind, advice: found.advice } : null;
}

/**
 * The same for a file the browser already read as UTF-8 text (the 3W import sends its CSV as text): the signatures
 * that are ASCII survive, and a byte that is no UTF-8 became U+FFFD, so "\uFFFDPNG" is a PNG and a JPEG or an OLE
 * file starts with replacement characters, which no CSV does.
 */
export function whatTextIsNoTable(text: string): NotATable | null {
  const head = text.charCodeAt(0) === 0xfeff ? text.slice(1, 16) : text.slice(0, 16);
  // Characters past ASCII become 0xff: no signature has it where a text character could be.
  const ascii = Uint8Array.from(head, (c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : 0xff));
  const byAscii = whatIsNoTable(ascii);
  if (byAscii) return byAscii;
  if (head.startsWith("\uFFFDPNG")) return whatIsNoTable(Uint8Array.of(0x89, 0x50, 0x4e, 0x47));
  if (head.startsWith("\uFFFD\uFFFD\uFFFD"))
    return {
      kind: head.includes("JFIF") || head.includes("Exif") ? "JPEG" : "binary",
      advice: "the document it was made from",
    };
  return null;
}
