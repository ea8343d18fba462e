// Queries for library documents and their searchable text; lists never read the bytes.
import { and, eq, type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import type { StoredFileFields } from "../../kernel/files";
import { atVersion, nextVersion } from "../../kernel/versioned.store";
import { agreementDocumentTable } from "../agreements/agreements.table";
import { monitoringFindingFileTable } from "../monitoring/monitoring.table";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import type {
  LibraryDocumentKind,
  LibraryLanguage,
  TextNotExtractedReason,
  TextStatus,
} from "./library.schema";
import {
  lessonEvidenceTable,
  lessonTable,
  libraryDocumentTable,
  libraryTextPartTable,
  libraryTextTable,
} from "./library.table";
import { PART_OVERLAP_CHARACTERS, splitTextParts } from "./text-parts";

const d = libraryDocumentTable;
const t = libraryTextTable;
const p = libraryTextPartTable;

/** The text-search configuration of a language: English and French stemmed, Kinyarwanda as plain words. */
export const textConfig = (language: SQL | string) =>
  sql`(case ${language} when 'en' then 'english'::regconfig when 'fr' then 'french'::regconfig else 'simple'::regconfig end)`;

/**
 * A text's search vector: its words stemmed in its language (title weighted A, body B) and, for English and French,
 * the plain words too (C/D), so a prefix, a word of another language or a Kinyarwanda name in a French report is
 * found as typed.
 */
export function searchVector(language: SQL, title: SQL, body: SQL): SQL {
  const config = textConfig(language);
  return sql`(setweight(to_tsvector(${config}, ${title}), 'A') || setweight(to_tsvector(${config}, ${body}), 'B')
    || case when ${language} = 'rw' then ''::tsvector
       else setweight(to_tsvector('simple', ${title}), 'C') || setweight(to_tsvector('simple', ${body}), 'D') end)`;
}

/**
 * A part's vector (text-parts.ts): its words with their positions, stemmed in its language, read after the last words
 * of the part before (`lead`), so a phrase cut by the split is found in the later part; the first part's holds the
 * title too (weight A), so a phrase of the title is found. Phrases are matched on parts only (library-search.store.ts):
 * the plain words (`simple`) of the whole text's vector are not repeated here, which keeps a part's vector small.
 */
export function partVector(language: SQL, part: SQL, title: SQL, lead: SQL, body: SQL): SQL {
  const config = textConfig(language);
  return sql`(case when ${part} = 0 then setweight(to_tsvector(${config}, ${title}), 'A') else ''::tsvector end
    || setweight(to_tsvector(${config}, ${lead} || ${body}), 'B'))`;
}

/** A list of values as one SQL array (drizzle would spread a JS array into separate parameters). */
export const sqlArray = (values: readonly string[], type: "uuid" | "text"): SQL =>
  values.length === 0
    ? sql.raw(`'{}'::${type}[]`)
    : sql`array[${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )}]::${sql.raw(type)}[]`;

export type DocumentFields = {
  title: string;
  kind: LibraryDocumentKind;
  language: LibraryLanguage;
  description: string | null;
  organisationIds: string[];
  themeCodes: string[];
  placeIds: string[];
  periodStart: string | null;
  periodEnd: string | null;
};

export type DocumentRow = DocumentFields & {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: string;
  uploadedAt: string;
  version: number;
  textStatus: TextStatus;
  textReason: TextNotExtractedReason | null;
  textLength: number | null;
  organisations: { id: string; name: string }[];
  places: { id: string; name: string }[];
  lessons: { id: string; title: string }[];
};

/** Stores the file and its text row, pending: the extraction job reads it (document-text.service.ts). */
export async function insertLibraryDocument(
  db: Executor,
  fields: DocumentFields & StoredFileFields,
): Promise<string> {
  const [row] = await db
    .insert(d)
    .values({ ...fields, sizeBytes: fields.data.byteLength })
    .returning({ id: d.id });
  if (!row) throw new Error("insert returned no row");
  await db
    .insert(t)
    .values({ source: "document", sourceId: row.id, language: fields.language, title: fields.title });
  return row.id;
}

/** One document with its names and text state; `forUpdate` locks the row. */
export async function selectLibraryDocument(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<DocumentRow | null> {
  const rows = await queryRows<{
    id: string;
    title: string;
    kind: LibraryDocumentKind;
    language: LibraryLanguage;
    description: string | null;
    organisation_ids: string[];
    theme_codes: string[];
    place_ids: string[];
    period_start: string | null;
    period_end: string | null;
    file_name: string;
    content_type: string;
    size_bytes: number;
    uploaded_by: string;
    uploaded_at: string;
    version: number;
    text_status: TextStatus | null;
    text_reason: TextNotExtractedReason | null;
    text_length: number | null;
    organisations: { id: string; name: string }[];
    places: { id: string; name: string }[];
    lessons: { id: string; title: string }[];
  }>(
    db,
    sql`select ${d.id} as id, ${d.title} as title, ${d.kind} as kind, ${d.language} as language,
          ${d.description} as description, ${d.organisationIds} as organisation_ids, ${d.themeCodes} as theme_codes,
          ${d.placeIds} as place_ids, ${d.periodStart}::text as period_start, ${d.periodEnd}::text as period_end,
          ${d.fileName} as file_name, ${d.contentType} as content_type, ${d.sizeBytes} as size_bytes,
          ${d.uploadedBy} as uploaded_by,
          to_char(${d.uploadedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as uploaded_at,
          ${d.version} as version, ${t.status} as text_status, ${t.reason} as text_reason,
          case when ${t.status} = 'extracted' then (select coalesce(sum(length(${p.body})), 0)::int from ${p}
            where ${p.source} = 'document' and ${p.sourceId} = ${d.id}) end as text_length,
          (select coalesce(json_agg(json_build_object('id', o.id, 'name', o.name) order by o.name), '[]'::json)
             from ${organisationTable} o where o.id = any(${d.organisationIds})) as organisations,
          (select coalesce(json_agg(json_build_object('id', p.id, 'name', p.name) order by p.name), '[]'::json)
             from ${placeTable} p where p.id = any(${d.placeIds})) as places,
          (select coalesce(json_agg(json_build_object('id', l.id, 'title', l.title) order by l.title), '[]'::json)
             from ${lessonEvidenceTable} e join ${lessonTable} l on l.id = e.lesson_id
            where e.document_id = ${d.id}) as lessons
        from ${d} left join ${t} on ${t.source} = 'document' and ${t.sourceId} = ${d.id}
        where ${d.id} = ${id}
        ${options.forUpdate ? sql`for update of ${d}` : sql``}`,
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    language: r.language,
    description: r.description,
    organisationIds: r.organisation_ids,
    themeCodes: r.theme_codes,
    placeIds: r.place_ids,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    fileName: r.file_name,
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
    uploadedBy: r.uploaded_by,
    uploadedAt: r.uploaded_at,
    version: Number(r.version),
    textStatus: r.text_status ?? "pending",
    textReason: r.text_reason,
    textLength: r.text_length === null ? null : Number(r.text_length),
    organisations: r.organisations,
    places: r.places,
    lessons: r.lessons,
  };
}

export async function selectLibraryDocumentFile(
  db: Executor,
  id: string,
): Promise<{ fileName: string; contentType: string; data: Uint8Array } | null> {
  const [row] = await db
    .select({ fileName: d.fileName, contentType: d.contentType, data: d.data })
    .from(d)
    .where(eq(d.id, id));
  return row ?? null;
}

/** Writes the metadata at the version the client read, and the text row's title and language; false otherwise. */
export async function updateLibraryDocumentRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: DocumentFields,
): Promise<boolean> {
  const rows = await db
    .update(d)
    .set({ ...fields, ...nextVersion(d) })
    .where(atVersion(d, id, expectedVersion))
    .returning({ id: d.id });
  if (rows.length === 0) return false;
  // The whole text's vector again (its language or title changed), and each part's in the new language.
  const language = sql`${fields.language}::text`;
  await db.execute(sql`update ${t} set title = ${fields.title}, language = ${fields.language},
      search = ${searchVector(language, sql`${fields.title}::text`, wholeText("document", id))}
    where ${t.source} = 'document' and ${t.sourceId} = ${id}`);
  await db.execute(sql`update ${p} set search = ${partVector(language, sql`${p.part}`, sql`${fields.title}::text`, partLead(), sql`${p.body}`)}
    where ${p.source} = 'document' and ${p.sourceId} = ${id}`);
  return true;
}

export async function deleteLibraryDocumentRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(d)
    .where(atVersion(d, id, expectedVersion))
    .returning({ id: d.id });
  if (rows.length === 0) return false;
  await db.delete(t).where(and(eq(t.source, "document"), eq(t.sourceId, id)));
  return true;
}

/** Ids among `ids` that name no organisation, place or theme: the service refuses them with their paths. */
export async function selectUnknownReferences(
  db: Executor,
  refs: { organisationIds: string[]; placeIds: string[]; themeCodes: string[] },
): Promise<{ organisationIds: string[]; placeIds: string[]; themeCodes: string[] }> {
  const [row] = await queryRows<{ o: string[]; p: string[]; th: string[] }>(
    db,
    sql`select
      array(select x from unnest(${sqlArray(refs.organisationIds, "uuid")}) x
            where not exists (select 1 from organisation where id = x))::text[] as o,
      array(select x from unnest(${sqlArray(refs.placeIds, "uuid")}) x
            where not exists (select 1 from place where id = x))::text[] as p,
      array(select x from unnest(${sqlArray(refs.themeCodes, "text")}) x
            where not exists (select 1 from theme where code = x)) as th`,
  );
  return { organisationIds: row?.o ?? [], placeIds: row?.p ?? [], themeCodes: row?.th ?? [] };
}

// --- Searchable text (the extraction job's rows) ---

export type TextSource = "document" | "agreement_document" | "finding_file";
export type PendingText = { source: TextSource; sourceId: string; attempts: number };

/** Text rows waiting for extraction, oldest first. */
export async function selectPendingTexts(db: Executor, limit: number): Promise<PendingText[]> {
  const rows = await db
    .select({ source: t.source, sourceId: t.sourceId, attempts: t.attempts })
    .from(t)
    .where(eq(t.status, "pending"))
    .orderBy(t.updatedAt)
    .limit(limit);
  return rows.map((r) => ({ ...r, source: r.source as TextSource }));
}

/** The bytes of a text row's file, from the table of its source; null when the file is gone. */
export async function selectSourceFile(
  db: Executor,
  source: TextSource,
  id: string,
): Promise<{ data: Uint8Array; contentType: string; sha256: string; fileName: string } | null> {
  const table =
    source === "document"
      ? libraryDocumentTable
      : source === "agreement_document"
        ? agreementDocumentTable
        : monitoringFindingFileTable;
  const [row] = await db
    .select({
      data: table.data,
      contentType: table.contentType,
      sha256: table.sha256,
      fileName: table.fileName,
    })
    .from(table)
    .where(eq(table.id, id));
  return row ?? null;
}

export type TextOutcome =
  | {
      status: "extracted";
      body: string;
      language: LibraryLanguage | null;
      /** Only this much of the text goes into the whole text's vector (PostgreSQL's 1 MB limit); parts keep all. */
      vectorCharacters?: number;
    }
  | { status: "not_extracted"; reason: TextNotExtractedReason; detail: string };

/** Writes what extraction found; the language given (linked files) replaces the row's. */
export async function writeTextOutcome(
  db: Executor,
  source: TextSource,
  id: string,
  sha256: string,
  outcome: TextOutcome,
): Promise<void> {
  const where = sql`${t.source} = ${source} and ${t.sourceId} = ${id}`;
  await db.transaction(async (tx) => {
    await tx.delete(p).where(and(eq(p.source, source), eq(p.sourceId, id)));
    if (outcome.status === "extracted") {
      const language = outcome.language ? sql`${outcome.language}::text` : sql`${t.language}`;
      // The whole text's words (a text past what one vector holds is read up to `vectorCharacters`).
      const words = outcome.body.slice(0, outcome.vectorCharacters ?? outcome.body.length);
      await tx.execute(sql`update ${t} set status = 'extracted', reason = null, detail = null, sha256 = ${sha256},
          language = ${language}, search = ${searchVector(language, sql`${t.title}`, sql`${words}::text`)},
          attempts = ${t.attempts} + 1, updated_at = now()
        where ${where}`);
      const parts = splitTextParts(outcome.body).map((part, n) => ({ n, ...part }));
      // A few hundred parts at a time: one statement's parameters stay small whatever the text's length.
      for (let at = 0; at < parts.length; at += 200) {
        const batch = JSON.stringify(parts.slice(at, at + 200));
        await tx.execute(sql`insert into ${p} (source, source_id, part, body, search)
          select ${t.source}, ${t.sourceId}, x.n, x.body,
            ${partVector(sql`${t.language}`, sql`x.n`, sql`${t.title}`, sql`x.lead`, sql`x.body`)}
          from ${t}, json_to_recordset(${batch}::json) as x(n int, body text, lead text)
          where ${where}`);
      }
    } else {
      await tx.execute(sql`update ${t} set status = 'not_extracted', reason = ${outcome.reason},
          detail = ${outcome.detail}, sha256 = ${sha256},
          search = ${searchVector(sql`${t.language}`, sql`${t.title}`, sql`''::text`)},
          attempts = ${t.attempts} + 1, updated_at = now()
        where ${where}`);
      // No text, but a first part with the title: a phrase of the title finds the file still.
      await tx.execute(sql`insert into ${p} (source, source_id, part, body, search)
        select ${t.source}, ${t.sourceId}, 0, '', ${partVector(sql`${t.language}`, sql`0`, sql`${t.title}`, sql`''`, sql`''`)}
        from ${t} where ${where}`);
    }
  });
}

/** A text's parts joined back into the whole, in SQL. */
function wholeText(source: TextSource, id: string): SQL {
  return sql`(select coalesce(string_agg(x.body, '' order by x.part), '') from ${p} x
    where x.source = ${source} and x.source_id = ${id})`;
}

/** The last words of the part before (as splitTextParts gives them), read again from the table. */
function partLead(): SQL {
  return sql`coalesce((select case when length(x.body) <= ${PART_OVERLAP_CHARACTERS} then x.body
      else regexp_replace(right(x.body, ${PART_OVERLAP_CHARACTERS}), '^\\S*\\s', '') end from ${p} x
    where x.source = ${p.source} and x.source_id = ${p.sourceId} and x.part = ${p.part} - 1), '')`;
}

export async function deleteTextRow(db: Executor, source: TextSource, id: string): Promise<void> {
  await db.delete(t).where(and(eq(t.source, source), eq(t.sourceId, id)));
}

const DOCUMENT_TYPES = sql`('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')`;

/**
 * Brings the text rows of files kept by other modules up to date: agreement documents and the PDF or Word evidence
 * of monitoring findings get a pending row (new, or changed since read); rows whose file is gone are deleted. With
 * `all`, every row is read again (a new extractor). Returns how many rows wait.
 */
export async function syncTextRows(db: Executor, options: { all: boolean }): Promise<number> {
  await db.execute(sql`delete from ${t} where
      (${t.source} = 'document' and not exists (select 1 from ${d} where ${d.id} = ${t.sourceId}))
      or (${t.source} = 'agreement_document' and not exists
        (select 1 from ${agreementDocumentTable} a where a.id = ${t.sourceId}))
      or (${t.source} = 'finding_file' and not exists
        (select 1 from ${monitoringFindingFileTable} f where f.id = ${t.sourceId}
           and f.content_type in ${DOCUMENT_TYPES}))`);
  await db.execute(sql`insert into ${t} (source, source_id, language, title)
      select 'agreement_document', a.id, 'en', a.file_name from ${agreementDocumentTable} a
      union all
      select 'finding_file', f.id, 'en', f.file_name from ${monitoringFindingFileTable} f
        where f.content_type in ${DOCUMENT_TYPES}
      on conflict (source, source_id) do nothing`);
  await db.execute(sql`update ${t} set status = 'pending', attempts = 0, updated_at = now()
      where ${t.status} <> 'pending' and (${options.all ? sql`true` : sql`false`}
        or ${t.sha256} is distinct from (case ${t.source}
          when 'document' then (select x.sha256 from ${d} x where x.id = ${t.sourceId})
          when 'agreement_document' then (select a.sha256 from ${agreementDocumentTable} a where a.id = ${t.sourceId})
          else (select f.sha256 from ${monitoringFindingFileTable} f where f.id = ${t.sourceId}) end))`);
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${t} where ${t.status} = 'pending'`,
  );
  return Number(row?.n ?? 0);
}

/** Counts of text rows by source and status, for the CLI. */
export async function selectTextSummary(
  db: Executor,
): Promise<{ source: string; status: string; reason: string | null; n: number }[]> {
  const rows = await queryRows<{ source: string; status: string; reason: string | null; n: number }>(
    db,
    sql`select source, status, reason, count(*)::int as n from ${t} group by 1, 2, 3 order by 1, 2, 3`,
  );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
