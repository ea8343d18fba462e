// Imported names against the register: identifiers, exact name, acronym, alias, reordered words, an acronym inside the
// name, then trigram similarity ("Diocese Catholic/ BYUMBA" ≈ "Catholic Diocese of Byumba") — but never across a
// different number or distinctive word ("Prison Project 2" is not "Prison Project 1").
import { normaliseForSearch } from "../../shared/search-text";
import { SMALL_WORDS } from "./organisation-names";

export type KnownOrganisation = {
  id: string;
  name: string;
  acronym: string | null;
  aliases: string[];
  /** Registration numbers and IATI organisation identifiers ("XM-DAC-41304", "RW-RGB-…"), when known. */
  identifiers?: readonly string[];
};

export type ImportedOrganisation = {
  name: string;
  acronym: string | null;
  aliases: readonly string[];
  identifiers?: readonly string[];
};

/** Why a name was matched (or deliberately not): a code the web translates, with its parameters. */
export type MatchReason = {
  code:
    | "identifier"
    | "exact"
    | "acronym"
    | "alias"
    | "reordered"
    | "acronym_in_name"
    | "similar"
    | "differs"
    | "identifier_differs";
  params: Record<string, string>;
};

export type OrganisationMatch = {
  how: "identifier" | "exact" | "acronym" | "alias" | "reordered" | "acronym_in_name" | "similar" | "new";
  organisation: KnownOrganisation | null;
  /** Set for every match, and for "new" when a close name was refused (it differs by a number or a word). */
  reason: MatchReason | null;
  candidates: { organisation: KnownOrganisation; score: number }[];
};

/** Similar enough to propose a merge; below it the preview proposes a new organisation. */
export const MERGE_THRESHOLD = 0.5;

/** Words that never make two names different organisations: the small words of names, elisions ("d'", "l'"), "&". */
const FILLER = new Set([...SMALL_WORDS, "d", "l", "&"]);

/** "The Pentecostal church of Rwanda." → "pentecostal church of rwanda" */
export function nameKey(name: string): string {
  return normaliseForSearch(name).replace(/\./g, " ").replace(/\s+/g, " ").trim().replace(/^the /, "");
}

/** The words that carry meaning: "Foundation X (XF)" → ["foundation", "x", "xf"]. */
function contentWords(name: string): string[] {
  return nameKey(name)
    .split(/[^\p{L}\p{N}&]+/u)
    .filter((w) => w !== "" && !FILLER.has(w));
}

const isNumber = (word: string) => /\d/.test(word) || /^(?:i{1,3}|iv|v|vi{1,3}|ix|x)$/.test(word);

/** "RW-RGB-123 " → "RW-RGB-123": identifiers compared without case or spaces. */
const identifierKey = (id: string) => id.replace(/\s+/g, "").toUpperCase();

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

/** Two spellings of one word ("catholic", "catholique"); numbers must be equal. */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (isNumber(a) || isNumber(b)) return false;
  if (a.length >= 4 && b.length >= 4 && (a.startsWith(b) || b.startsWith(a))) return true;
  // A shared stem of five letters is one word in two languages ("ministry", "ministère"), not a swapped word.
  let stem = 0;
  while (stem < a.length && a[stem] === b[stem]) stem++;
  if (stem >= 5) return true;
  return trigramSimilarity(trigrams(a), trigrams(b)) >= 0.5;
}

/**
 * What keeps two similar names apart: a number on either side the other lacks ("2" against "1"), or a word on each
 * side the other does not have (a word swapped, not merely added). Empty when nothing does.
 */
export function distinctiveDifferences(a: string, b: string): string[] {
  const wa = contentWords(a);
  const wb = contentWords(b);
  const onlyA = wa.filter((x) => !wb.some((y) => sameWord(x, y)));
  const onlyB = wb.filter((y) => !wa.some((x) => sameWord(x, y)));
  const numbers = [...onlyA, ...onlyB].filter(isNumber);
  if (numbers.length > 0) return [...new Set(numbers)];
  if (onlyA.length > 0 && onlyB.length > 0) return [...new Set([...onlyA, ...onlyB])];
  return [];
}

/** The same words in another order: "X Foundation" and "Foundation X". */
export function isReordered(a: string, b: string): boolean {
  const wa = contentWords(a).sort();
  const wb = contentWords(b).sort();
  return (
    wa.length >= 2 && wa.length === wb.length && wa.every((w, i) => w === wb[i]) && nameKey(a) !== nameKey(b)
  );
}

/** One organisation of the index, with what matching reads of it worked out once. */
type IndexEntry = { organisation: KnownOrganisation; position: number };

/**
 * The register, indexed so that matching one imported name reads the few organisations that share something with
 * it, not the whole register: an import of 2,000 names against 2,000 organisations compared every pair (issue 20).
 */
export type OrganisationIndex = {
  byName: Map<string, KnownOrganisation>;
  byAcronym: Map<string, KnownOrganisation>;
  /** When each acronym was first indexed: the order `byAcronym` is read in. */
  acronymOrder: Map<string, number>;
  byAlias: Map<string, KnownOrganisation>;
  byIdentifier: Map<string, KnownOrganisation>;
  entries: IndexEntry[];
  /** A spelling's content words sorted ("foundation x") → the spellings with those words: "reordered" reads it. */
  byWords: Map<string, { entry: number; spelling: number; key: string }[]>;
  /** A content word of the name of an organisation without an acronym (and of two words or more) → those organisations. */
  byNameWord: Map<string, number[]>;
  /** Trigram → the spellings holding it (numbers into `spellings`): trigram similarity by shared trigrams. */
  gramIds: Map<string, number>;
  postings: number[][];
  spellings: { entry: number; size: number }[];
};

export function indexOrganisations(organisations: readonly KnownOrganisation[]): OrganisationIndex {
  const index: OrganisationIndex = {
    byName: new Map(),
    byAcronym: new Map(),
    acronymOrder: new Map(),
    byAlias: new Map(),
    byIdentifier: new Map(),
    entries: [],
    byWords: new Map(),
    byNameWord: new Map(),
    gramIds: new Map(),
    postings: [],
    spellings: [],
  };
  for (const o of organisations) addToIndex(index, o);
  return index;
}

/** "Foundation X" and "X Foundation" → "foundation x"; null below two words (never "reordered"). */
function sortedWordsKey(name: string): string | null {
  const words = contentWords(name);
  return words.length >= 2 ? words.sort().join(" ") : null;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function addToIndex(index: OrganisationIndex, o: KnownOrganisation): void {
  const position = index.entries.length;
  index.entries.push({ organisation: o, position });
  index.byName.set(nameKey(o.name), o);
  if (o.acronym) {
    const acronym = o.acronym.toLowerCase();
    index.byAcronym.set(acronym, o);
    if (!index.acronymOrder.has(acronym)) index.acronymOrder.set(acronym, index.acronymOrder.size);
  }
  for (const alias of o.aliases) index.byAlias.set(nameKey(alias), o);
  for (const id of o.identifiers ?? []) index.byIdentifier.set(identifierKey(id), o);
  for (const [spelling, known] of [o.name, ...o.aliases].entries()) {
    const key = sortedWordsKey(known);
    if (key !== null) pushTo(index.byWords, key, { entry: position, spelling, key: nameKey(known) });
    const grams = trigrams(known);
    const at = index.spellings.length;
    index.spellings.push({ entry: position, size: grams.size });
    for (const gram of grams) {
      let id = index.gramIds.get(gram);
      if (id === undefined) {
        id = index.postings.length;
        index.gramIds.set(gram, id);
        index.postings.push([]);
      }
      index.postings[id]?.push(at);
    }
  }
  const nameWords = contentWords(o.name);
  if (o.acronym === null && nameWords.length > 1)
    for (const word of new Set(nameWords)) pushTo(index.byNameWord, word, position);
}

/** Both sides carry identifiers and none is shared: a different organisation, whatever its name. */
function identifiersConflict(imported: ImportedOrganisation, known: KnownOrganisation): string | null {
  const mine = (imported.identifiers ?? []).map(identifierKey);
  const theirs = (known.identifiers ?? []).map(identifierKey);
  if (mine.length === 0 || theirs.length === 0 || mine.some((id) => theirs.includes(id))) return null;
  return mine[0] ?? null;
}

/** The best reading of an imported organisation against the register, with the next best as candidates. */
export function matchOrganisation(
  imported: ImportedOrganisation,
  index: OrganisationIndex,
): OrganisationMatch {
  const names = [imported.name, ...imported.aliases];
  const ranked = rankCandidates(names, index);
  const found = (
    how: Exclude<OrganisationMatch["how"], "new">,
    organisation: KnownOrganisation,
    params: Record<string, string> = {},
  ): OrganisationMatch => ({ how, organisation, reason: { code: how, params }, candidates: ranked });

  // Identifiers first: registration numbers and IATI references name one organisation whatever it is called.
  for (const id of imported.identifiers ?? []) {
    const byId = index.byIdentifier.get(identifierKey(id));
    if (byId) return found("identifier", byId, { identifier: id });
  }
  const refuse = (organisation: KnownOrganisation): MatchReason | null => {
    const conflict = identifiersConflict(imported, organisation);
    return conflict
      ? { code: "identifier_differs", params: { name: organisation.name, identifier: conflict } }
      : null;
  };
  let refused: MatchReason | null = null;
  const accept = (how: Exclude<OrganisationMatch["how"], "new">, o: KnownOrganisation, params = {}) => {
    const why = refuse(o);
    if (why) {
      refused ??= why;
      return null;
    }
    return found(how, o, params);
  };

  for (const name of names) {
    const exact = index.byName.get(nameKey(name));
    const m = exact && accept("exact", exact);
    if (m) return m;
  }
  const acronym = imported.acronym?.toLowerCase();
  const byAcronym =
    (acronym ? index.byAcronym.get(acronym) : undefined) ??
    index.byAcronym.get(imported.name.toLowerCase()) ??
    (acronym ? index.byName.get(acronym) : undefined);
  if (byAcronym) {
    const m = accept("acronym", byAcronym, { acronym: imported.acronym ?? imported.name });
    if (m) return m;
  }
  for (const name of names) {
    const alias = index.byAlias.get(nameKey(name));
    const m = alias && accept("alias", alias, { alias: name });
    if (m) return m;
  }
  for (const { organisation: o, spelling } of reorderedSpellings(names, index)) {
    const m = accept("reordered", o, { name: spelling });
    if (m) return m;
  }
  const inName = acronymInName(imported, index);
  if (inName) {
    const m = accept("acronym_in_name", inName.organisation, { acronym: inName.acronym });
    if (m) return m;
  }
  for (const candidate of ranked) {
    if (candidate.score < MERGE_THRESHOLD) break;
    const o = candidate.organisation;
    const differs = distinctiveDifferences(imported.name, o.name);
    if (differs.length > 0) {
      refused ??= { code: "differs", params: { name: o.name, words: differs.join(", ") } };
      continue;
    }
    const m = accept("similar", o, { score: String(candidate.score) });
    if (m) return m;
  }
  return { how: "new", organisation: null, reason: refused, candidates: ranked };
}

/**
 * The organisations with a spelling of the same words as one of `names` in another order (isReordered), in the
 * register's order, each with its first such spelling.
 */
function reorderedSpellings(
  names: readonly string[],
  index: OrganisationIndex,
): { organisation: KnownOrganisation; spelling: string }[] {
  const first = new Map<number, number>();
  for (const name of names) {
    const key = sortedWordsKey(name);
    if (key === null) continue;
    const own = nameKey(name);
    for (const found of index.byWords.get(key) ?? []) {
      if (found.key === own) continue;
      const known = first.get(found.entry);
      if (known === undefined || found.spelling < known) first.set(found.entry, found.spelling);
    }
  }
  return [...first]
    .sort(([a], [b]) => a - b)
    .flatMap(([position, spelling]) => {
      const o = index.entries[position]?.organisation;
      const known = o ? [o.name, ...o.aliases][spelling] : undefined;
      return o && known !== undefined ? [{ organisation: o, spelling: known }] : [];
    });
}

/**
 * A register acronym written as a word of the imported name ("LAF Rwanda" and Legal Aid Forum, LAF), or the imported
 * acronym written as a word of a registered name. Acronyms of two letters are too common to trust alone.
 */
function acronymInName(
  imported: ImportedOrganisation,
  index: OrganisationIndex,
): { organisation: KnownOrganisation; acronym: string } | null {
  const words = new Set(contentWords(imported.name));
  if (words.size > 1) {
    // The register's acronyms in the order they were indexed: the first one written in the name.
    let best: { order: number; acronym: string; o: KnownOrganisation } | null = null;
    for (const word of words) {
      const o = word.length >= 3 ? index.byAcronym.get(word) : undefined;
      const order = index.acronymOrder.get(word);
      if (o && order !== undefined && (best === null || order < best.order))
        best = { order, acronym: word, o };
    }
    if (best) return { organisation: best.o, acronym: best.o.acronym ?? best.acronym };
  }
  const mine = imported.acronym?.toLowerCase();
  if (mine && mine.length >= 3) {
    const position = index.byNameWord.get(mine)?.[0];
    const o = position === undefined ? undefined : index.entries[position]?.organisation;
    if (o) return { organisation: o, acronym: imported.acronym ?? mine };
  }
  return null;
}

/** Counters reused by rankCandidates, grown with the index: a Map per name was most of a 2,000-row import's plan. */
const scratchOf = new WeakMap<OrganisationIndex, { shared: Uint16Array; best: Float64Array }>();

function scratchFor(index: OrganisationIndex): { shared: Uint16Array; best: Float64Array } {
  const known = scratchOf.get(index);
  if (known && known.shared.length >= index.spellings.length && known.best.length >= index.entries.length)
    return known;
  const made = {
    shared: new Uint16Array(index.spellings.length),
    best: new Float64Array(index.entries.length),
  };
  scratchOf.set(index, made);
  return made;
}

/** The five organisations most similar to any of `names` (trigram similarity ≥ 0.3), best first, ties in register order. */
function rankCandidates(names: readonly string[], index: OrganisationIndex): OrganisationMatch["candidates"] {
  // Shared trigrams per spelling and best score per organisation in typed arrays, reset through the lists of what
  // was touched: the same counts as before, without a Map entry per spelling a common trigram reaches.
  const { shared, best } = scratchFor(index);
  const touchedSpellings: number[] = [];
  const touchedEntries: number[] = [];
  for (const name of names) {
    const mine = trigrams(name);
    if (mine.size === 0) continue;
    for (const gram of mine) {
      const id = index.gramIds.get(gram);
      if (id === undefined) continue;
      for (const at of index.postings[id] ?? []) {
        const count = shared[at] ?? 0;
        shared[at] = count + 1;
        if (count === 0) touchedSpellings.push(at);
      }
    }
    for (const at of touchedSpellings) {
      const n = shared[at] ?? 0;
      shared[at] = 0;
      const spelling = index.spellings[at];
      if (!spelling || spelling.size === 0) continue;
      const score = n / (mine.size + spelling.size - n);
      const was = best[spelling.entry] ?? 0;
      if (was === 0 && score > 0) touchedEntries.push(spelling.entry);
      if (score > was) best[spelling.entry] = score;
    }
    touchedSpellings.length = 0;
  }
  const scored: { position: number; score: number }[] = [];
  for (const position of touchedEntries) {
    const score = best[position] ?? 0;
    best[position] = 0;
    if (score >= 0.3) scored.push({ position, score: Math.round(score * 100) / 100 });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .slice(0, 5)
    .flatMap(({ position, score }) => {
      const organisation = index.entries[position]?.organisation;
      return organisation ? [{ organisation, score }] : [];
    });
}
