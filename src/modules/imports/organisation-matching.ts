// Imported names against the register: exact name, acronym, alias, then trigram similarity ("Diocese Catholic/ BYUMBA" ≈ "Catholic Diocese of Byumba").
import { normaliseForSearch } from "../../shared/search-text";

export type KnownOrganisation = { id: string; name: string; acronym: string | null; aliases: string[] };

export type OrganisationMatch = {
  how: "exact" | "acronym" | "alias" | "similar" | "new";
  organisation: KnownOrganisation | null;
  candidates: { organisation: KnownOrganisation; score: number }[];
};

/** Similar enough to propose a merge; below it the preview proposes a new organisation. */
export const MERGE_THRESHOLD = 0.5;

/** "The Pentecostal church of Rwanda." → "pentecostal church of rwanda" */
export function nameKey(name: string): string {
  return normaliseForSearch(name).replace(/\./g, " ").replace(/\s+/g, " ").trim().replace(/^the /, "");
}

/** pg_trgm's trigrams: each word padded with two spaces before and one after. */
function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of nameKey(text).split(" ")) {
    if (word === "") continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

export function trigramSimilarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

export type OrganisationIndex = {
  byName: Map<string, KnownOrganisation>;
  byAcronym: Map<string, KnownOrganisation>;
  byAlias: Map<string, KnownOrganisation>;
  grams: { organisation: KnownOrganisation; grams: Set<string>[] }[];
};

export function indexOrganisations(organisations: readonly KnownOrganisation[]): OrganisationIndex {
  const index: OrganisationIndex = { byName: new Map(), byAcronym: new Map(), byAlias: new Map(), grams: [] };
  for (const o of organisations) addToIndex(index, o);
  return index;
}

export function addToIndex(index: OrganisationIndex, o: KnownOrganisation): void {
  index.byName.set(nameKey(o.name), o);
  if (o.acronym) index.byAcronym.set(o.acronym.toLowerCase(), o);
  for (const alias of o.aliases) index.byAlias.set(nameKey(alias), o);
  index.grams.push({ organisation: o, grams: [o.name, ...o.aliases].map(trigrams) });
}

/** The best reading of an imported organisation against the register, with the next best as candidates. */
export function matchOrganisation(
  imported: { name: string; acronym: string | null; aliases: readonly string[] },
  index: OrganisationIndex,
): OrganisationMatch {
  const names = [imported.name, ...imported.aliases];
  const ranked = rankCandidates(names, index);
  for (const name of names) {
    const exact = index.byName.get(nameKey(name));
    if (exact) return { how: "exact", organisation: exact, candidates: ranked };
  }
  const acronym = imported.acronym?.toLowerCase();
  const byAcronym =
    (acronym ? index.byAcronym.get(acronym) : undefined) ??
    index.byAcronym.get(imported.name.toLowerCase()) ??
    (acronym ? index.byName.get(acronym) : undefined);
  if (byAcronym) return { how: "acronym", organisation: byAcronym, candidates: ranked };
  for (const name of names) {
    const alias = index.byAlias.get(nameKey(name));
    if (alias) return { how: "alias", organisation: alias, candidates: ranked };
  }
  const best = ranked[0];
  if (best && best.score >= MERGE_THRESHOLD)
    return { how: "similar", organisation: best.organisation, candidates: ranked };
  return { how: "new", organisation: null, candidates: ranked };
}

function rankCandidates(names: readonly string[], index: OrganisationIndex): OrganisationMatch["candidates"] {
  const mine = names.map(trigrams);
  const scored: OrganisationMatch["candidates"] = [];
  for (const entry of index.grams) {
    let score = 0;
    for (const a of mine) for (const b of entry.grams) score = Math.max(score, trigramSimilarity(a, b));
    if (score >= 0.3) scored.push({ organisation: entry.organisation, score: Math.round(score * 100) / 100 });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, 5);
}
