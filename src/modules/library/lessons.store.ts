// Queries for lessons learned, their evidence documents and comments; the lesson's search vector is written here,
// with every write of its text, so it never lags.
import { eq, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel/versioned.store";
import { agreementTable } from "../agreements/agreements.table";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import { programmeTable } from "../programmes/programmes.table";
import type { LessonComment, LibraryLanguage } from "./library.schema";
import { searchVector, sqlArray } from "./library.store";
import { lessonCommentTable, lessonEvidenceTable, lessonTable, libraryDocumentTable } from "./library.table";
import { lessonText } from "./library-search.store";

const l = lessonTable;

export type LessonFields = {
  title: string;
  whatHappened: string;
  whatWasLearned: string;
  recommendation: string | null;
  language: LibraryLanguage;
  organisationId: string;
  themeCodes: string[];
  placeIds: string[];
  programmeId: string | null;
  agreementId: string | null;
};

export type LessonRow = LessonFields & {
  id: string;
  evidenceDocumentIds: string[];
  reusedFromId: string | null;
  createdBy: string;
  createdAt: string;
  version: number;
};

const refreshSearch = (db: Executor, id: string) =>
  db.execute(sql`update ${l} set search = ${searchVector(sql`${l.language}`, sql`${l.title}`, lessonText())}
    where ${l.id} = ${id}`);

async function replaceEvidence(db: Executor, id: string, documentIds: readonly string[]): Promise<void> {
  await db.delete(lessonEvidenceTable).where(eq(lessonEvidenceTable.lessonId, id));
  if (documentIds.length > 0)
    await db
      .insert(lessonEvidenceTable)
      .values([...new Set(documentIds)].map((documentId) => ({ lessonId: id, documentId })));
}

export async function insertLesson(
  db: Executor,
  fields: LessonFields & {
    evidenceDocumentIds: string[];
    reusedFromId: string | null;
    createdBy: string;
    createdByUserId: string | null;
  },
): Promise<string> {
  const { evidenceDocumentIds, ...values } = fields;
  const [row] = await db.insert(l).values(values).returning({ id: l.id });
  if (!row) throw new Error("insert returned no row");
  await replaceEvidence(db, row.id, evidenceDocumentIds);
  await refreshSearch(db, row.id);
  return row.id;
}

export async function updateLessonRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: LessonFields & { evidenceDocumentIds: string[] },
): Promise<boolean> {
  const { evidenceDocumentIds, ...values } = fields;
  const rows = await db
    .update(l)
    .set({ ...values, ...nextVersion(l) })
    .where(atVersion(l, id, expectedVersion))
    .returning({ id: l.id });
  if (rows.length === 0) return false;
  await replaceEvidence(db, id, evidenceDocumentIds);
  await refreshSearch(db, id);
  return true;
}

export async function deleteLessonRow(db: Executor, id: string, expectedVersion: number): Promise<boolean> {
  const rows = await db
    .delete(l)
    .where(atVersion(l, id, expectedVersion))
    .returning({ id: l.id });
  return rows.length > 0;
}

export async function selectLessonRow(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<LessonRow | null> {
  const query = db
    .select({
      id: l.id,
      title: l.title,
      whatHappened: l.whatHappened,
      whatWasLearned: l.whatWasLearned,
      recommendation: l.recommendation,
      language: l.language,
      organisationId: l.organisationId,
      themeCodes: l.themeCodes,
      placeIds: l.placeIds,
      programmeId: l.programmeId,
      agreementId: l.agreementId,
      reusedFromId: l.reusedFromId,
      createdBy: l.createdBy,
      createdAt: l.createdAt,
      version: l.version,
      evidenceDocumentIds: sql<string[]>`array(select e.document_id::text from ${lessonEvidenceTable} e
        where e.lesson_id = ${l.id} order by e.document_id)`,
    })
    .from(l)
    .where(eq(l.id, id));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) return null;
  return {
    ...row,
    language: row.language as LibraryLanguage,
    createdAt: row.createdAt.toISOString(),
  };
}

export type LessonNames = {
  organisation: { id: string; name: string };
  evidenceDocuments: { id: string; title: string }[];
  places: { id: string; name: string }[];
  programme: { id: string; name: string } | null;
  agreement: { id: string; name: string } | null;
  reusedFrom: { id: string; title: string } | null;
  reusedBy: { id: string; title: string }[];
};

/** The names a lesson's page shows beside its ids. */
export async function selectLessonNames(db: Executor, row: LessonRow): Promise<LessonNames> {
  const [names] = await queryRows<{
    organisation: string;
    evidence: { id: string; title: string }[];
    places: { id: string; name: string }[];
    programme: string | null;
    agreement: string | null;
    reused_from: string | null;
    reused_by: { id: string; title: string }[];
  }>(
    db,
    sql`select
      (select name from ${organisationTable} where id = ${row.organisationId}) as organisation,
      (select coalesce(json_agg(json_build_object('id', d.id, 'title', d.title) order by d.title), '[]'::json)
         from ${libraryDocumentTable} d where d.id = any(${sqlArray(row.evidenceDocumentIds, "uuid")})) as evidence,
      (select coalesce(json_agg(json_build_object('id', p.id, 'name', p.name) order by p.name), '[]'::json)
         from ${placeTable} p where p.id = any(${sqlArray(row.placeIds, "uuid")})) as places,
      (select title from ${programmeTable} where id = ${row.programmeId}) as programme,
      (select title from ${agreementTable} where id = ${row.agreementId}) as agreement,
      (select title from ${l} where id = ${row.reusedFromId}) as reused_from,
      (select coalesce(json_agg(json_build_object('id', x.id, 'title', x.title) order by x.created_at), '[]'::json)
         from ${l} x where x.reused_from_id = ${row.id}) as reused_by`,
  );
  return {
    organisation: { id: row.organisationId, name: names?.organisation ?? "" },
    evidenceDocuments: names?.evidence ?? [],
    places: names?.places ?? [],
    programme: row.programmeId && names?.programme ? { id: row.programmeId, name: names.programme } : null,
    agreement: row.agreementId && names?.agreement ? { id: row.agreementId, name: names.agreement } : null,
    reusedFrom:
      row.reusedFromId && names?.reused_from ? { id: row.reusedFromId, title: names.reused_from } : null,
    reusedBy: names?.reused_by ?? [],
  };
}

/** Which of these ids name a programme, an agreement, a lesson, library documents: the service refuses the rest. */
export async function selectLessonLinksFound(
  db: Executor,
  ids: {
    programmeId: string | null;
    agreementId: string | null;
    reusedFromId: string | null;
    documentIds: string[];
  },
): Promise<{ programme: boolean; agreement: boolean; reusedFrom: boolean; missingDocumentIds: string[] }> {
  const [row] = await queryRows<{
    programme: boolean;
    agreement: boolean;
    reused_from: boolean;
    missing: string[];
  }>(
    db,
    sql`select
      exists (select 1 from ${programmeTable} where id = ${ids.programmeId}) as programme,
      exists (select 1 from ${agreementTable} where id = ${ids.agreementId}) as agreement,
      exists (select 1 from ${l} where id = ${ids.reusedFromId}) as reused_from,
      array(select x::text from unnest(${sqlArray(ids.documentIds, "uuid")}) x
            where not exists (select 1 from ${libraryDocumentTable} where id = x)) as missing`,
  );
  return {
    programme: row?.programme ?? false,
    agreement: row?.agreement ?? false,
    reusedFrom: row?.reused_from ?? false,
    missingDocumentIds: row?.missing ?? [],
  };
}

export async function selectLessonComments(db: Executor, lessonId: string): Promise<LessonComment[]> {
  const rows = await db
    .select({
      id: lessonCommentTable.id,
      body: lessonCommentTable.body,
      authorName: lessonCommentTable.authorName,
      createdAt: lessonCommentTable.createdAt,
    })
    .from(lessonCommentTable)
    .where(eq(lessonCommentTable.lessonId, lessonId))
    .orderBy(lessonCommentTable.createdAt, lessonCommentTable.id);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function insertLessonComment(
  db: Executor,
  lessonId: string,
  fields: { body: string; authorName: string; authorUserId: string | null },
): Promise<LessonComment> {
  const [row] = await db
    .insert(lessonCommentTable)
    .values({ lessonId, ...fields })
    .returning({
      id: lessonCommentTable.id,
      body: lessonCommentTable.body,
      authorName: lessonCommentTable.authorName,
      createdAt: lessonCommentTable.createdAt,
    });
  if (!row) throw new Error("insert returned no row");
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export type LinkedLessonRow = {
  id: string;
  title: string;
  language: LibraryLanguage;
  organisationId: string;
  organisationName: string;
  themeCodes: string[];
  createdAt: string;
  via: "programme" | "agreement" | "organisation";
};

/**
 * Lessons written for one of `programmeIds` or `agreementIds`, or by one of `organisationIds`, newest first: the
 * closest link is named (a programme's before an agreement's before its author's).
 */
export async function selectLessonsLinkedTo(
  db: Executor,
  links: {
    organisationIds: readonly string[];
    programmeIds: readonly string[];
    agreementIds: readonly string[];
  },
  limit: number,
): Promise<LinkedLessonRow[]> {
  const uuids = (ids: readonly string[]) => sqlArray(ids, "uuid");
  const rows = await queryRows<Omit<LinkedLessonRow, "createdAt"> & { createdAt: Date | string }>(
    db,
    sql`select ${l.id}::text as "id", ${l.title} as "title", ${l.language} as "language",
        ${l.organisationId}::text as "organisationId", ${organisationTable.name} as "organisationName",
        ${l.themeCodes} as "themeCodes", ${l.createdAt} as "createdAt",
        case when ${l.programmeId} = any(${uuids(links.programmeIds)}) then 'programme'
             when ${l.agreementId} = any(${uuids(links.agreementIds)}) then 'agreement'
             else 'organisation' end as "via"
      from ${l} join ${organisationTable} on ${organisationTable.id} = ${l.organisationId}
      where ${l.programmeId} = any(${uuids(links.programmeIds)})
        or ${l.agreementId} = any(${uuids(links.agreementIds)})
        or ${l.organisationId} = any(${uuids(links.organisationIds)})
      order by ${l.createdAt} desc, ${l.id}
      limit ${limit}`,
  );
  return rows.map((r) => ({
    ...r,
    createdAt: (r.createdAt instanceof Date ? r.createdAt : new Date(r.createdAt)).toISOString(),
  }));
}
