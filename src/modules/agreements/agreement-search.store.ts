// The agreement's search text (kept by TypeScript, decision 007) and the text search the list runs on it.
import { asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { arrayParam, type Executor, queryRows } from "../../db/client";
import { insertRows, ROWS_PER_INSERT } from "../../db/insert-rows";
import { buildSearchText, normaliseForSearch } from "../../shared/search-text";
import { placeTable } from "../places/places.table";
import { themeTable } from "../themes/themes.table";
import type { SearchCorrection } from "./agreements.schema";
import { agreementColumns } from "./agreements.store";
import {
  agreementAreaTable,
  agreementSearchTable,
  agreementSearchWordTable,
  agreementTable,
  agreementThemeTable,
  commitmentTable,
  progressEntryTable,
} from "./agreements.table";

/** How many known words a misspelt query word may stand for. */
const MAX_WORD_VARIANTS = 10;
/** Shorter query words are too short to correct (too few trigrams): they match as prefixes only. */
const MIN_CORRECTED_WORD_LENGTH = 3;

/** The places an area's place lies in that a search by place name should find: a sector's or a facility's district. */
const PLACE_KINDS_NAMED_WITH_DISTRICT = ["sector", "place_of_detention"];

/**
 * Rebuilds the agreement's own search text from its fields, themes (their names in the three languages), areas of
 * implementation (each place's names and aliases, and a sector's or facility's district), commitments and
 * progress; touches updated_at.
 * The parties' part (agreement_search.party_search_text) is the database's: triggers keep it.
 */
export async function refreshAgreementSearchText(db: Executor, id: string): Promise<void> {
  await refreshAgreementSearchTexts(db, [id]);
}

/**
 * Rebuilds the search texts of several agreements (as refreshAgreementSearchText does for one) with a
 * fixed number of statements; touches their updated_at unless they were just inserted (`touch: false`).
 */
export async function refreshAgreementSearchTexts(
  db: Executor,
  agreementIds: readonly string[],
  { touch = true }: { touch?: boolean } = {},
): Promise<void> {
  if (agreementIds.length === 0) return;
  for (let i = 0; i < agreementIds.length; i += ROWS_PER_INSERT) {
    const slice = agreementIds.slice(i, i + ROWS_PER_INSERT);
    // One array parameter for the slice's ids in every read (a parameter per id cost more to build and plan).
    const ids = arrayParam(slice, "uuid");
    const agreements = await db
      .select(agreementColumns)
      .from(agreementTable)
      .where(sql`${agreementTable.id} = any(${ids})`);
    const commitments = await db
      .select({ agreementId: commitmentTable.agreementId, text: commitmentTable.text })
      .from(commitmentTable)
      .where(sql`${commitmentTable.agreementId} = any(${ids})`)
      .orderBy(asc(commitmentTable.agreementId), asc(commitmentTable.position));
    const progress = await db
      .select({ agreementId: progressEntryTable.agreementId, text: progressEntryTable.text })
      .from(progressEntryTable)
      .where(sql`${progressEntryTable.agreementId} = any(${ids})`)
      .orderBy(
        asc(progressEntryTable.agreementId),
        asc(progressEntryTable.entryDate),
        asc(progressEntryTable.createdAt),
      );
    // Theme and place names as they are now: a later rename of a theme or place reaches an agreement's search
    // words at its next change (decision 003, addendum 4).
    const themes = await db
      .select({ agreementId: agreementThemeTable.agreementId, names: themeTable.names })
      .from(agreementThemeTable)
      .innerJoin(themeTable, eq(themeTable.code, agreementThemeTable.themeCode))
      .where(sql`${agreementThemeTable.agreementId} = any(${ids})`)
      .orderBy(asc(agreementThemeTable.agreementId), asc(agreementThemeTable.themeCode));
    const district = alias(placeTable, "district");
    const places = await db
      .select({
        agreementId: agreementAreaTable.agreementId,
        text: placeTable.searchText,
        districtText: sql<
          string | null
        >`case when ${inArray(placeTable.kind, PLACE_KINDS_NAMED_WITH_DISTRICT)} then ${district.searchText} end`,
      })
      .from(agreementAreaTable)
      .innerJoin(placeTable, eq(placeTable.id, agreementAreaTable.placeId))
      .leftJoin(district, eq(district.id, placeTable.parentId))
      .where(sql`${agreementAreaTable.agreementId} = any(${ids})`)
      .orderBy(asc(agreementAreaTable.agreementId), asc(agreementAreaTable.position));
    const textsOf = (rows: { agreementId: string; text: string }[]) => {
      const out = new Map<string, string[]>();
      for (const r of rows) out.set(r.agreementId, [...(out.get(r.agreementId) ?? []), r.text]);
      return out;
    };
    const commitmentTexts = textsOf(commitments);
    const progressTexts = textsOf(progress);
    const themeTexts = textsOf(
      themes.map((t) => ({ agreementId: t.agreementId, text: `${t.names.en} ${t.names.fr} ${t.names.rw}` })),
    );
    const placeTexts = textsOf(
      places.map((p) => ({ agreementId: p.agreementId, text: `${p.text} ${p.districtText ?? ""}` })),
    );
    const values = agreements.map((agreement) => ({
      agreementId: agreement.id,
      titleText: normaliseForSearch(agreement.title),
      searchText: buildSearchText([
        agreement.title,
        agreement.reference,
        agreement.purpose,
        agreement.signedOnText,
        agreement.followUpBody,
        ...(themeTexts.get(agreement.id) ?? []),
        ...(placeTexts.get(agreement.id) ?? []),
        ...(commitmentTexts.get(agreement.id) ?? []),
        ...(progressTexts.get(agreement.id) ?? []),
      ]),
    }));
    if (values.length === 0) continue;
    await insertRows(db, agreementSearchTable, values, {
      onConflict: sql`on conflict (agreement_id) do update
        set search_text = excluded.search_text, title_text = excluded.title_text`,
    });
    if (touch)
      await db
        .update(agreementTable)
        .set({ updatedAt: new Date() })
        .where(sql`${agreementTable.id} = any(${ids})`);
  }
}

/**
 * A search as the database runs it: every query word must match, as written or as a known word close to it; the
 * rank puts closer readings first; `corrections` says which words were searched for instead of which typed ones.
 */
export type TextSearch = { matches: SQL; rank: SQL; corrections: SearchCorrection[] };

/** A lexeme of a tsquery, quoted (normaliseForSearch leaves no quote, but a query is never trusted). */
const lexeme = (word: string) => `'${word.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
/** A LIKE pattern matching `text` literally. */
const literally = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Turns what the user typed into a full-text condition over search_vector. Each word matches as a prefix
 * ("rehab" finds "rehabilitation"); a word of three letters or more that matches nothing so is replaced by the known
 * words most similar to it ("rehabilitaton" finds "rehabilitation"), never a word that matches something as typed.
 * Words are ANDed. One query looks up, for all words at once, whether each matches and its corrections.
 *
 * The rank: for each corrected word, the similarity of the closest of its corrections the agreement has (so
 * "bridgs" lists agreements on bridges before those that only bring something); half a point for each word (as
 * typed, or its closest correction) that begins a word of the title; one point when they all stand side by side in
 * the title.
 */
export async function buildTextSearch(db: Executor, q: string): Promise<TextSearch | null> {
  const words = [
    ...new Set(
      normaliseForSearch(q)
        .split(" ")
        .filter((w) => w !== ""),
    ),
  ];
  if (words.length === 0) return null;
  const correctable = words.filter((w) => w.length >= MIN_CORRECTED_WORD_LENGTH);
  const variants = new Map<string, { word: string; similarity: number }[]>();
  if (correctable.length > 0) {
    const w = agreementSearchWordTable.word;
    const s = agreementSearchTable;
    // `%` is the trigram similarity operator (threshold pg_trgm.similarity_threshold, 0.3): it uses the index. The
    // word as typed is looked for first (the GIN index on the vectors): one that matches is not corrected.
    const rows = await queryRows<{ query_word: string; word: string; similarity: number }>(
      db,
      sql`select q.query_word, v.word, v.similarity from unnest(array[${sql.join(
        correctable.map((c) => sql`${c}`),
        sql`, `,
      )}]::text[], array[${sql.join(
        correctable.map((c) => sql`${`${lexeme(c)}:*`}`),
        sql`, `,
      )}]::text[]) as q(query_word, as_typed)
        cross join lateral (
          select ${w} as word, similarity(${w}, q.query_word)::float8 as similarity
          from ${agreementSearchWordTable}
          where not exists (select 1 from ${s} where ${s.searchVector} @@ q.as_typed::tsquery)
            and ${w} % q.query_word and ${w} <> q.query_word
          order by similarity(${w}, q.query_word) desc, ${w}
          limit ${MAX_WORD_VARIANTS}
        ) v`,
    );
    for (const row of rows) {
      const known = variants.get(row.query_word) ?? [];
      known.push({ word: row.word, similarity: Number(row.similarity) });
      variants.set(row.query_word, known);
    }
  }
  const vector = agreementSearchTable.searchVector;
  const title = agreementSearchTable.titleText;
  const condition = words
    .map((w) => {
      const corrected = variants.get(w);
      return `(${corrected ? corrected.map((v) => lexeme(v.word)).join(" | ") : `${lexeme(w)}:*`})`;
    })
    .join(" & ");
  // Each word as read: as typed, or its closest correction.
  const reading = words.map((w) => variants.get(w)?.[0]?.word ?? w);
  const closeness = [...variants.values()].map(
    (corrected) =>
      sql`(case ${sql.join(
        corrected.map((v) => sql`when ${vector} @@ ${lexeme(v.word)}::tsquery then ${v.similarity}::float8`),
        sql` `,
      )} else 0 end)`,
  );
  const inTitle = reading.map(
    (w) => sql`(case when ' ' || ${title} like ${`% ${literally(w)}%`} then 0.5 else 0 end)`,
  );
  const phrase = `%${literally(reading.join(" "))}%`;
  return {
    matches: sql`${vector} @@ ${condition}::tsquery`,
    rank: sql`(${sql.join([...closeness, ...inTitle], sql` + `)}
      + (case when ${title} like ${phrase} then 1 else 0 end))`,
    corrections: [...variants].map(([typed, corrected]) => ({
      typed,
      searchedFor: corrected.map((v) => v.word),
    })),
  };
}
