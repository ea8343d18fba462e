// Normalises text for matching and search: lower case, accents removed, punctuation as spaces.

/** "Diocèse Catholique / BYUMBA" → "diocese catholique byumba" */
export function normaliseForSearch(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}@.]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Joins the given parts into one searchable string, skipping empty ones. */
export function buildSearchText(parts: ReadonlyArray<string | null | undefined>): string {
  return parts
    .filter((p): p is string => typeof p === "string")
    .map(normaliseForSearch)
    .filter((p) => p !== "")
    .join(" ");
}
