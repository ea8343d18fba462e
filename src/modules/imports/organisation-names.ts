// A partner cell → the organisations it names (a cell may name several), with acronym and contacts split out.
import { isAcronym, splitNameAndAcronym, tidyName } from "../organisations";
import { cleanText } from "./cell-blocks";
import type { SectionKind } from "./imports.schema";

export type NamedOrganisation = {
  name: string;
  acronym: string | null;
  /** Other spellings: the name as written when it was re-cased, the long form of an acronym. */
  aliases: string[];
  email: string | null;
  phone: string | null;
  website: string | null;
  kind: string;
  countryCode: string | null;
  /** The cell text this came from. */
  source: string;
};

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const WEBSITE = /\b(?:https?:\/\/)\S+|\bwww\.[\w-]+(?:\.[\w-]+)+(?:\/\S*)?/gi;
const FAX = /\bfax\s*:?\s*\+?[\d][\d\s]*/gi;
const PHONE = /(?:\b(?:tel|phone|t[ée]l[ée]phone|mob(?:ile)?)\s*:?\s*)?\+?\d[\d\s./-]{7,}\d/gi;
const HEREINAFTER =
  /["“]?\s*hereinafter\s+(?:called\s+|referred\s+to\s+as\s+)?["“]?([A-Z][\w&-]{1,15})["”]?\s*["”]?/i;
/** Articles, prepositions and conjunctions of organisation names (English, French, Kinyarwanda). */
export const SMALL_WORDS = new Set([
  "of",
  "and",
  "the",
  "in",
  "for",
  "to",
  "on",
  "de",
  "la",
  "le",
  "les",
  "des",
  "du",
  "et",
  "pour",
  "y",
  "ya",
  "wa",
  "na",
]);
function isAllCaps(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text);
}

/** "NETHERLAND EMBASSY IN RWANDA" → "Netherland Embassy in Rwanda". */
export function titleCase(text: string): string {
  return text
    .toLowerCase()
    .split(/(\s+)/)
    .map((word, i) =>
      i > 0 && SMALL_WORDS.has(word)
        ? word
        : word.replace(
            /(^|[-/(])(\p{L})/gu,
            (_, lead: string, letter: string) => lead + letter.toUpperCase(),
          ),
    )
    .join("");
}

const tidy = (text: string) => tidyName(cleanText(text));

/** Several parties in one cell: "MINECOFIN AND STIRLING FOUNDATION AND THE CHURCH OF …". */
function splitParties(text: string): string[] {
  const parts = text.split(/\s+(?:and|&|et|na)\s+(?=the\s)/i).map(tidy);
  const out: string[] = [];
  for (const part of parts) {
    // "ACR and Some Name": an acronym first, then another party
    const m = /^([A-Z][A-Z0-9&-]{1,11})\s+(?:and|&|et)\s+(.+)$/i.exec(part);
    if (m?.[1] && m[2] && isAllCaps(m[1]) && !/\(/.test(m[1])) {
      out.push(m[1], ...splitParties(m[2]));
      continue;
    }
    const list = part.split(/\s*,\s*|\s+(?:and|&|et)\s+/i);
    if (list.length > 1 && list.every((p) => isAcronym(p))) out.push(...list);
    else out.push(part);
  }
  return out.filter((p) => /\p{L}{2}/u.test(p));
}

/** The kind of an organisation, guessed from its name; the preview shows it and the register can correct it. */
export function guessKind(name: string, acronym: string | null, section: SectionKind): string {
  const text = `${name} ${acronym ?? ""}`
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
  if (
    /\b(?:embassy|ambassade|high commission|european union|union europeenne|usaid|giz|jica|kfw|foundation|fondation)\b/.test(
      text,
    )
  )
    return "embassy_donor";
  if (/\b(?:united nations|undp|unicef|unhcr|unitar|unodc|unfpa|un women|iom|oim|who)\b/.test(text))
    return "un_agency";
  if (
    /\b(?:diocese|church|eglise|fellowship|adepr|catholi\w*|pentecost\w*|mosque|islam\w*|itorero|anglican|adventist|presbyterian|caritas)\b/.test(
      text,
    )
  )
    return "faith_based";
  if (
    /\b(?:ministry|ministere|minisiteri|min[a-z]{3,}|government|gouvernement|commission|authority|rwanda correctional service|police|national)\b/.test(
      text,
    )
  )
    return "government";
  if (
    /\b(?:university|universite|kaminuza|polytechnic|college|institute of|school|academy|iprc)\b/.test(text)
  )
    return "academic";
  if (/\b(?:ltd|limited|company|sarl|plc|inc|arbitration|bank)\b/.test(text)) return "private";
  if (section === "foreign") return "foreign_correctional_service";
  if (
    section === "membership" ||
    /\b(?:association|network|reseau|coalition|forum|federation|friends of)\b/.test(text)
  )
    return section === "membership" ? "association_network" : "local_cso";
  if (/\b(?:international|interpeace|global|world)\b/.test(text)) return "international_ngo";
  return "local_cso";
}

/** The organisations a partner cell names, with the contacts written next to them. */
export function readPartnerCell(blocks: readonly string[], section: SectionKind): NamedOrganisation[] {
  const organisations: NamedOrganisation[] = [];
  const pending = {
    email: null as string | null,
    phone: null as string | null,
    website: null as string | null,
  };
  for (const block of blocks) {
    let text = block;
    const email = text.match(EMAIL)?.[0] ?? null;
    text = text.replace(EMAIL, " ");
    const website = text.match(WEBSITE)?.[0]?.replace(/[.,;]+$/, "") ?? null;
    text = text.replace(WEBSITE, " ").replace(FAX, " ");
    const phoneMatch = [...text.matchAll(PHONE)].find((m) => (m[0].match(/\d/g)?.length ?? 0) >= 9);
    const phone = phoneMatch ? cleanText(phoneMatch[0].replace(/^[^+\d]+/, "")) : null;
    if (phoneMatch) text = text.replace(phoneMatch[0], " ");
    let hereinafter: string | null = null;
    const h = HEREINAFTER.exec(text);
    if (h?.[1]) {
      hereinafter = h[1];
      text = text.replace(h[0], " ");
    }
    text = tidy(text.replace(/["“”]/g, " "));
    const names = text === "" ? [] : splitParties(text);
    if (names.length === 0) {
      // A paragraph of contacts only: they belong to the organisation before it (or the next one).
      const last = organisations.at(-1);
      if (last) {
        last.email ??= email;
        last.phone ??= phone;
        last.website ??= website;
      } else {
        pending.email ??= email;
        pending.phone ??= phone;
        pending.website ??= website;
      }
      continue;
    }
    names.forEach((written, i) => {
      const split = splitNameAndAcronym(written);
      let name = split.name;
      const aliases = [...split.aliases];
      let acronym = split.acronym ?? (i === names.length - 1 ? hereinafter : null);
      if (isAllCaps(name) && /\s/.test(name)) {
        aliases.unshift(name);
        name = titleCase(name);
      } else if (isAcronym(name) && !/\s/.test(name) && acronym === null) acronym = name;
      // Contacts follow the last party named in the paragraph.
      const last = i === names.length - 1;
      organisations.push({
        name,
        acronym,
        aliases: aliases.filter((a) => a !== name),
        email: last ? (email ?? pending.email) : null,
        phone: last ? (phone ?? pending.phone) : null,
        website: last ? (website ?? pending.website) : null,
        kind: guessKind(name, acronym, section),
        countryCode: section === "membership" ? null : "RW",
        source: block,
      });
    });
    pending.email = pending.phone = pending.website = null;
  }
  return organisations;
}
