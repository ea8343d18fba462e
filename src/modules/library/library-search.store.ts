// The library's search: documents, lessons and the files kept with agreements and monitoring visits, ranked by
// PostgreSQL text search with highlighted extracts. Every access rule is in the WHERE, before the LIMIT, with each
// owning module's own scope condition (as the recent-changes feed does, changes.store.ts).
import { type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import type { ListScope } from "../../kernel";
import { agreementDocumentTable, agreementTable } from "../agreements/agreements.table";
import { visitScopeCondition } from "../monitoring";
import {
  monitoringFindingFileTable,
  monitoringFindingTable,
  monitoringVisitTable,
} from "../monitoring/monitoring.table";
import { placeTable } from "../places/places.table";
import type {
  LibraryDocumentKind,
  LibraryLanguage,
  LibrarySource,
  TextNotExtractedReason,
  TextStatus,
} from "./library.schema";
import { textConfig } from "./library.store";
import { lessonTable, libraryDocumentTable, libraryTextPartTable, libraryTextTable } from "./library.table";
import { MATCH_END, MATCH_START } from "./search-words";

/** What the reader reaches, from the policy table and the owning modules' rules (library-search.service.ts). */
export type LibraryReach = {
  documents: boolean;
  lessons: boolean;
  /** Agreements are read across the sector: every grant reads all of them, or none. */
  agreements: boolean;
  visits: ListScope;
  today: string;
};

export type SearchFilter = {
  reach: LibraryReach;
  /** The text as typed (websearch syntax: "a phrase", -word, or), and its prefix form; null to list by date. */
  words: { typed: string; prefix: string | null } | null;
  kinds: readonly LibraryDocumentKind[];
  sources: readonly LibrarySource[];
  theme?: string;
  language?: LibraryLanguage;
  limit: number;
  offset: number;
};

export type HitRow = {
  source: LibrarySource;
  id: string;
  title: string;
  kind: LibraryDocumentKind | null;
  language: LibraryLanguage;
  parentId: string | null;
  parentTitle: string | null;
  date: string;
  rank: number;
  headline: string | null;
  textStatus: TextStatus;
  textReason: TextNotExtractedReason | null;
};

const d = libraryDocumentTable;
const t = libraryTextTable;
const p = libraryTextPartTable;
const l = lessonTable;
const v = monitoringVisitTable;

const HEADLINE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
const dateOf = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD')`;

/** The lesson's text for its vector and its extract. */
export const lessonText = (table = l) =>
  sql`concat_ws(E'\n', ${table.whatHappened}, ${table.whatWasLearned}, ${table.recommendation})`;

export async function searchLibrary(db: Executor, filter: SearchFilter): Promise<HitRow[]> {
  const { reach, words } = filter;
  const query = words
    ? sql`(websearch_to_tsquery('english', ${words.typed}) || websearch_to_tsquery('french', ${words.typed})
        || websearch_to_tsquery('simple', ${words.typed})
        ${words.prefix ? sql`|| to_tsquery('simple', ${words.prefix})` : sql``})`
    : null;
  const wants = (source: LibrarySource) => filter.sources.length === 0 || filter.sources.includes(source);
  const kindOnly = filter.kinds.length > 0;
  const textMatch = (search: SQL) => (query ? sql`and ${search} @@ ${query}` : sql``);
  const rank = (search: SQL) => (query ? sql`ts_rank(${search}, ${query}, 1)` : sql`0::real`);
  // A file's text matches by its whole text's words (a phrase: see holdsPhrase below).
  const fileHits = (source: LibrarySource, id: SQL) =>
    query ? sql`join text_hit th on th.source = ${source} and th.source_id = ${id}` : sql``;
  const fileRank = query ? sql`th.rank` : sql`0::real`;
  const language = filter.language ? filter.language : null;

  const branches: SQL[] = [];
  if (reach.documents && wants("document")) {
    branches.push(sql`select 'document' as source, ${d.id}::text as id, ${d.title} as title, ${d.kind} as kind,
        ${t.language} as language, null::text as parent_id, null::text as parent_title,
        ${dateOf(sql`${d.uploadedAt}`)} as date, ${fileRank} as rank,
        ${t.status} as text_status, ${t.reason} as text_reason
      from ${d} join ${t} on ${t.source} = 'document' and ${t.sourceId} = ${d.id}
        ${fileHits("document", sql`${d.id}`)}
      where true
        ${
          kindOnly
            ? sql`and ${d.kind} in (${sql.join(
                filter.kinds.map((k) => sql`${k}`),
                sql`, `,
              )})`
            : sql``
        }
        ${filter.theme ? sql`and ${d.themeCodes} @> array[${filter.theme}]::text[]` : sql``}
        ${language ? sql`and ${t.language} = ${language}` : sql``}`);
  }
  if (reach.lessons && wants("lesson") && !kindOnly) {
    branches.push(sql`select 'lesson', ${l.id}::text, ${l.title}, null, ${l.language}, null, null,
        ${dateOf(sql`${l.createdAt}`)}, ${rank(sql`${l.search}`)}, 'extracted', null
      from ${l} where true ${textMatch(sql`${l.search}`)}
        ${filter.theme ? sql`and ${l.themeCodes} @> array[${filter.theme}]::text[]` : sql``}
        ${language ? sql`and ${l.language} = ${language}` : sql``}`);
  }
  if (reach.agreements && wants("agreement_document") && !kindOnly) {
    const a = agreementDocumentTable;
    branches.push(sql`select 'agreement_document', ${a.id}::text, ${a.fileName}, null, ${t.language},
        ${agreementTable.id}::text, ${agreementTable.title}, ${dateOf(sql`${a.uploadedAt}`)}, ${fileRank},
        ${t.status}, ${t.reason}
      from ${a} join ${t} on ${t.source} = 'agreement_document' and ${t.sourceId} = ${a.id}
        ${fileHits("agreement_document", sql`${a.id}`)}
        join ${agreementTable} on ${agreementTable.id} = ${a.agreementId}
      where true
        ${filter.theme ? sql`and ${agreementTable.themeCodes} @> array[${filter.theme}]::text[]` : sql``}
        ${language ? sql`and ${t.language} = ${language}` : sql``}`);
  }
  if (wants("finding_file") && !kindOnly && !filter.theme) {
    // The visit's own scope (its monitoring body's monitors, or everyone once published): the monitoring module's.
    const visible = visitScopeCondition(reach.visits, reach.today);
    const f = monitoringFindingFileTable;
    branches.push(sql`select 'finding_file', ${f.id}::text, ${f.fileName}, null, ${t.language},
        ${v.id}::text, concat_ws(' ', ${placeTable.name}, ${v.startsOn}::text), ${dateOf(sql`${f.uploadedAt}`)},
        ${fileRank}, ${t.status}, ${t.reason}
      from ${f} join ${t} on ${t.source} = 'finding_file' and ${t.sourceId} = ${f.id}
        ${fileHits("finding_file", sql`${f.id}`)}
        join ${monitoringFindingTable} on ${monitoringFindingTable.id} = ${f.findingId}
        join ${v} on ${v.id} = ${monitoringFindingTable.visitId}
        join ${placeTable} on ${placeTable.id} = ${v.placeId}
      where ${visible ?? sql`true`}
        ${language ? sql`and ${t.language} = ${language}` : sql``}`);
  }
  if (branches.length === 0) return [];

  const union = sql.join(
    branches.map((b) => sql`(${b})`),
    sql` union all `,
  );
  // The extract is cut only for the page's hits, from their text read again by key (never carried through the sort):
  // a file's from its part that ranks best, a few kilobytes (cut from a whole report, it read ~12 ms each).
  // The query is written out where used: its functions are immutable, so it is folded to a constant and the GIN
  // indexes serve `@@`.
  // The extract marks the words as read in the text's own language (and the typed prefixes): the query of three
  // languages made ts_headline ~6× slower on a phrase of common words.
  const ownQuery =
    words &&
    sql`(websearch_to_tsquery(${textConfig(sql`h.language`)}, ${words.typed})
        ${words.prefix ? sql`|| to_tsquery('simple', ${words.prefix})` : sql``})`;
  const headline =
    query && ownQuery
      ? sql`ts_headline(${textConfig(sql`h.language`)},
        case h.source when 'lesson' then (select ${lessonText()} from ${l} where ${l.id} = h.id::uuid)
          else (select ${p.body} from ${p} where ${p.source} = h.source and ${p.sourceId} = h.id::uuid
                order by ts_rank(${p.search}, ${query}, 1) desc, ${p.part} limit 1) end,
        ${ownQuery}, ${HEADLINE_OPTIONS})`
      : sql`null`;
  // A phrase: one vector of a long text keeps only 256 places of a word (and none past the 16,383rd), so the whole
  // text's vector cannot say a phrase is absent. Files are then found by the phrase's words as if apart (`&` for
  // `<->`), ranked, and each, in rank order, is kept if its whole vector or one of its parts (text-parts.ts) holds
  // the phrase, until the page is full: a few parts read per hit, not every part holding the words (decision 035).
  // Folded to constants (immutable functions of the typed text), as `query` is.
  const hasPhrase = query ? sql`(${query}::text ~ '<[0-9-]+>')` : sql`false`;
  const wordsApart = query ? sql`regexp_replace(${query}::text, '<[0-9-]+>', '&', 'g')::tsquery` : sql``;
  const textHits = query
    ? sql`with text_hit as (
        select ${t.source} as source, ${t.sourceId} as source_id, ts_rank(${t.search}, ${wordsApart}, 1) as rank
        from ${t} where ${t.search} @@ ${wordsApart})`
    : sql``;
  const holdsPhrase = query
    ? sql`(not ${hasPhrase} or u.source = 'lesson'
        or exists (select 1 from ${t} where ${t.source} = u.source and ${t.sourceId} = u.id::uuid
                   and ${t.search} @@ ${query})
        or exists (select 1 from ${p} where ${p.source} = u.source and ${p.sourceId} = u.id::uuid
                   and ${p.search} @@ ${query}))`
    : sql`true`;
  const rows = await queryRows<{
    source: LibrarySource;
    id: string;
    title: string;
    kind: LibraryDocumentKind | null;
    language: LibraryLanguage;
    parent_id: string | null;
    parent_title: string | null;
    date: string;
    rank: number;
    text_status: TextStatus;
    text_reason: TextNotExtractedReason | null;
    headline: string | null;
  }>(
    db,
    sql`${textHits} select h.*, ${headline} as headline
      from (select u.* from (select * from (${union})
                as u(source, id, title, kind, language, parent_id, parent_title, date, rank, text_status, text_reason)
              order by u.rank desc, u.date desc, u.id offset 0) u
            where ${holdsPhrase}
            limit ${filter.limit} offset ${filter.offset}) h
      order by h.rank desc, h.date desc, h.id`,
  );
  return rows.map((r) => ({
    source: r.source,
    id: r.id,
    title: r.title,
    kind: r.kind,
    language: r.language,
    parentId: r.parent_id,
    parentTitle: r.parent_title,
    date: r.date,
    rank: Number(r.rank),
    headline: r.headline,
    textStatus: r.text_status,
    textReason: r.text_reason,
  }));
}
