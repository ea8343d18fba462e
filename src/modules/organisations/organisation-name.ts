// "Name (ACR)" as written anywhere (a status report, an IATI narrative) → the name and its acronym, apart.

/** A run of capitals like "RCS", "UNHCR", "LoH" or "ADEPR". */
export function isAcronym(text: string): boolean {
  return /^[A-Z][A-Za-z0-9&.'-]{1,14}$/.test(text) && (text.match(/[A-Z]/g)?.length ?? 0) >= 2;
}

const GENERIC_SUFFIX = /^(?:church|ltd|limited|asbl|ngo|ong|rwanda)$/i;

/** Single spaces, no punctuation left at either end, no empty brackets. */
export const tidyName = (text: string) =>
  text
    .replace(/[\u00a0\u2007\u202f]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[\s.,;:/|–-]+|[\s.,;:/|–-]+$/g, "")
    .replace(/\(\s*\)/g, "")
    .trim();

/** "X (ACR)", "ACR (X)", "X ( ACR )", an unclosed "ACR (X"; a bracket that is no acronym becomes another name. */
export function splitNameAndAcronym(text: string): {
  name: string;
  acronym: string | null;
  aliases: string[];
} {
  const m = /^(.*?)\s*\(\s*([^)]*)\)?\s*(.*)$/.exec(text);
  if (!m || m[2] === undefined || m[2] === "") return { name: tidyName(text), acronym: null, aliases: [] };
  const outer = tidyName(`${m[1] ?? ""} ${m[3] ?? ""}`);
  const inner = tidyName(m[2]);
  if (isAcronym(inner) && outer !== "") return { name: outer, acronym: inner, aliases: [] };
  const innerWords = inner.split(/\s+/);
  // "(ADEPR CHURCH)": the acronym and a generic word
  if (innerWords.length === 2 && isAcronym(innerWords[0] ?? "") && GENERIC_SUFFIX.test(innerWords[1] ?? ""))
    return { name: outer, acronym: innerWords[0] ?? null, aliases: [inner] };
  if (isAcronym(outer) && inner !== "") return { name: inner, acronym: outer, aliases: [] };
  if (outer === "") return { name: inner, acronym: null, aliases: [] };
  return { name: outer, acronym: null, aliases: inner.length > 1 ? [inner] : [] };
}
