// A file's text is kept and searched in parts of a few pages (decision 035): PostgreSQL keeps at most 256 positions
// of a word in one search vector, and none past the 16,383rd word, so a phrase deep in a long report was never found
// in one vector of the whole; and an extract cut from a part reads a few kilobytes, not the whole report. Pure.

/** About a page and a half of text: a part's vector stays far below both limits (~650 words). */
export const PART_CHARACTERS = 4000;
/** Each part's vector also reads the end of the part before it, so a phrase cut by the split is still found. */
export const PART_OVERLAP_CHARACTERS = 200;

export type TextPart = {
  /** The text of this part; the parts' bodies joined with nothing give the whole text back. */
  body: string;
  /** The end of the part before (whole words), read into this part's vector only. */
  lead: string;
};

/**
 * Cuts `text` into parts of at most `size` characters (a word longer than that is cut where it must), ending each at
 * the last paragraph break, else line break, else space, in its second half. The empty text has no part.
 */
export function splitTextParts(text: string, size = PART_CHARACTERS): TextPart[] {
  const parts: TextPart[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const window = text.slice(start, end);
      const half = Math.floor(size / 2);
      for (const separator of ["\n\n", "\n", " "]) {
        const at = window.lastIndexOf(separator);
        if (at >= half) {
          end = start + at + separator.length;
          break;
        }
      }
    }
    const before = parts.at(-1)?.body ?? "";
    parts.push({ body: text.slice(start, end), lead: leadFrom(before) });
    start = end;
  }
  return parts;
}

/** The last whole words of `text`, up to PART_OVERLAP_CHARACTERS. */
function leadFrom(text: string): string {
  if (text.length <= PART_OVERLAP_CHARACTERS) return text;
  const tail = text.slice(-PART_OVERLAP_CHARACTERS);
  const space = tail.search(/\s/u);
  return space === -1 ? tail : tail.slice(space + 1);
}
