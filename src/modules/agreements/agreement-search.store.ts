// The agreement's search text (kept by TypeScript, decision 007) and the text search the list runs on it.
import { asc, inArray, type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import { buildSearchText, normaliseForSearch } from "../../shared/search-text";
import { agreementColumns, BULK_ROWS } from "./agreements.store";
import {
  agreementSearchTable,
  agreementSearchWordTable,
  agreementTable,
  commitmentTable,
  progressEntryTable,
} from "./agreements.table";

/** How many known words a misspelt query word may stand for. */
const MAX_WORD_VARIANTS = 10;
/** Shorter query words are too short to correct (too few trigrams): they match as prefixes only. */
const MIN_CORRECTED_WORD_LENGTH = 3;

/**
 * Rebuilds the agreement's own search text from its fields, commitments and progress; touches updated_at.
 * The parties' part (agreement_search.party_search_text) is the database's: triggers keep it.
 */
export async function refreshAgreementSearchText(db: Executor, id: string): Promise<void> {
  await refreshAgreementSearchTexts(db, [id]);
}

/**
 * Rebuilds the search texts of several agreements (as refreshAgreementSearchText does for one) with a
 * fixed number of statements; touches their updated_at.
 */
export async function refreshAgreementSearchTexts(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  for (let i = 0; i < ids.length; i += BULK_ROWS) {
    const slice = [...ids.slice(i, i + BULK_ROWS)];
    const agreements = await db
      .select(agreementColumns)
      .from(agreementTable)
      .where(inArray(agreementTable.id, slice));
    const commitments = await db
      .select({ agreementId: commitmentTable.agreementId, text: commitmentTable.text })
      .from(commitmentTable)
      .where(inArray(commitmentTable.agreementId, slice))
      .orderBy(asc(commitmentTable.agreementId), asc(commitmentTable.position));
    const progress = await db
      .select({ agreementId: progressEntryTable.agreementId, text: progressEntryTable.text })
      .from(progressEntryTable)
      .where(inArray(progressEntryTable.agreementId, slice))
      .orderBy(
        asc(progressEntryTable.agreementId),
        asc(progressEntryTable.entryDate),
        asc(progressEntryTable.createdAt),
      );
    const textsOf = (rows: { agreementId: string; text: string }[]) => {
      const out = new Map<string, string[]>();
      for (const r of rows) out.set(r.agreementId, [...(out.get(r.agreementId) ?? []), r.text]);
      return out;
    };
    const commitmentTexts = textsOf(commitments);
    const progressTexts = textsOf(progress);
    const values = agreements.map((agreement) => ({
      agreementId: agreement.id,
      titleText: normaliseForSearch(agreement.title),
      searchText: buildSearchText([
        agreement.title,
        agreement.reference,
        agreement.purpose,
        agreement.signedOnText,
        agreement.followUpBody,
        ...(commitmentTexts.get(agreement.id) ?? []),
        ...(progressTexts.get(agreement.id) ?? []),
      ]),
    }));
    if (values.length === 0) continue;
    await db
      .insert(agreementSearchTable)
      .values(values)
      .onConflictDoUpdate({
        target: agreementSearchTable.agreementId,
        set: { searchText: sql`excluded.search_text`, titleText: sql`excluded.title_text` },
      });
    await db.update(agreementTable).set({ updatedAt: new Date() }).where(inArray(agreementTable.id, slice));
  }
}

/** A search as the database runs it: every query word must match, as written or as a known word close to it. */
export type TextSearch = { matches: SQL; rank: SQL };

/** A lexeme of a tsquery, quoted (normaliseForSearch leaves no quote, but a query is never trusted). */
const lexeme = (word: string) => `'${word.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/**
 * Turns what the user typed into a full-text condition over search_vector. Each word matches as a prefix
 * ("rehab" finds "rehabilitation") or as one of the known words most similar to it ("rehabilitaton" finds
 * "rehabilitation"); words are ANDed. One query looks up the corrections for all words at once.
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
  const variants = new Map<string, string[]>();
  if (correctable.length > 0) {
    const w = agreementSearchWordTable.word;
    // `%` is the trigram similarity operator (threshold pg_trgm.similarity_threshold, 0.3): it uses the index.
    const rows = await queryRows<{ query_word: string; word: string }>(
      db,
      sql`select q.query_word, v.word from unnest(array[${sql.join(
        correctable.map((c) => sql`${c}`),
        sql`, `,
      )}]::text[]) as q(query_word)
        cross join lateral (
          select ${w} as word from ${agreementSearchWordTable}
          where ${w} % q.query_word and ${w} <> q.query_word
          order by similarity(${w}, q.query_word) desc, ${w}
          limit ${MAX_WORD_VARIANTS}
        ) v`,
    );
    for (const row of rows) variants.set(row.query_word, [...(variants.get(row.query_word) ?? []), row.word]);
  }
  const exact = words.map((w) => `${lexeme(w)}:*`).join(" & ");
  const corrected = words
    .map((w) => `(${[`${lexeme(w)}:*`, ...(variants.get(w) ?? []).map(lexeme)].join(" | ")})`)
    .join(" & ");
  const phrase = `%${words.join(" ").replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const vector = agreementSearchTable.searchVector;
  return {
    matches: sql`${vector} @@ ${corrected}::tsquery`,
    // Words as typed before corrected ones, then the words side by side in the title (the long texts are
    // not scanned again: a broad search ranks thousands of rows).
    rank: sql`(case when ${vector} @@ ${exact}::tsquery then 2 else 0 end)
      + (case when ${agreementSearchTable.titleText} like ${phrase} then 1 else 0 end)
      + ts_rank(${vector}, ${corrected}::tsquery)`,
  };
}
