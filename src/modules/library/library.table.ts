// Tables of the documents and lessons library: uploaded documents, the searchable text of every library file
// (its own and those kept with agreements and monitoring visits), lessons learned with their evidence and comments.
import { sql } from "drizzle-orm";
import {
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { storedFileColumns } from "../../kernel/files/stored-file.table";
import { versionColumns } from "../../kernel/versioned.table";
import { agreementTable } from "../agreements/agreements.table";
import { organisationTable } from "../organisations/organisations.table";
import { programmeTable } from "../programmes/programmes.table";

/** A text-search vector; written only through the store's SQL (to_tsvector), never read into TypeScript. */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const libraryDocumentTable = pgTable(
  "library_document",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    /** report | evaluation | guideline | visit_report | minutes | other */
    kind: text("kind").notNull(),
    /** en | fr | rw: the text-search configuration its text is read with. */
    language: text("language").notNull(),
    description: text("description"),
    /** The organisations it is by or about: the scope of who may change it. */
    organisationIds: uuid("organisation_ids").array().notNull().default(sql`'{}'::uuid[]`),
    themeCodes: text("theme_codes").array().notNull().default(sql`'{}'::text[]`),
    placeIds: uuid("place_ids").array().notNull().default(sql`'{}'::uuid[]`),
    periodStart: date("period_start", { mode: "string" }),
    periodEnd: date("period_end", { mode: "string" }),
    ...storedFileColumns(),
    ...versionColumns(),
  },
  (t) => [
    index("library_document_uploaded_idx").on(t.uploadedAt),
    check("library_document_size", sql`${t.sizeBytes} = octet_length(${t.data})`),
    check(
      "library_document_kind",
      sql`${t.kind} in ('report', 'evaluation', 'guideline', 'visit_report', 'minutes', 'other')`,
    ),
    check("library_document_language", sql`${t.language} in ('en', 'fr', 'rw')`),
    check(
      "library_document_period",
      sql`${t.periodStart} is null or ${t.periodEnd} is null or ${t.periodStart} <= ${t.periodEnd}`,
    ),
  ],
);

/**
 * The searchable text of a library file, by source: "document" (library_document), "agreement_document",
 * "finding_file" (monitoring_finding_file). Derived data kept by the extraction job alone (document-text.service.ts,
 * decision 029); the search joins each row to its file, so a row whose file is gone is never shown and `documents
 * reindex` deletes it. Incident attachments are never a source.
 */
export const libraryTextTable = pgTable(
  "library_text",
  {
    source: text("source").notNull(),
    sourceId: uuid("source_id").notNull(),
    /** pending | extracted | not_extracted */
    status: text("status").notNull().default("pending"),
    /** encrypted | corrupt | too_large | no_text | unsupported_type, when not extracted. */
    reason: text("reason"),
    /** What the extractor said, for administrators (never shown to readers). */
    detail: text("detail"),
    language: text("language").notNull(),
    title: text("title").notNull(),
    /** The title and the whole text's words, for which files match (the text itself is in library_text_part). */
    search: tsvector("search").notNull().default(sql`''::tsvector`),
    /** The file's hash when its text was taken: a changed file is read again by reindex. */
    sha256: text("sha256"),
    attempts: integer("attempts").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.source, t.sourceId] }),
    index("library_text_search_idx").using("gin", t.search),
    index("library_text_pending_idx").on(t.updatedAt).where(sql`${t.status} = 'pending'`),
    check("library_text_source", sql`${t.source} in ('document', 'agreement_document', 'finding_file')`),
    check("library_text_status", sql`${t.status} in ('pending', 'extracted', 'not_extracted')`),
    check("library_text_language", sql`${t.language} in ('en', 'fr', 'rw')`),
  ],
);

/**
 * A file's text in parts of a few pages, in order (text-parts.ts, decision 035): the text itself, and a vector per
 * part that keeps every word's position, for phrases, ranking and the extract. Written with its library_text row.
 */
export const libraryTextPartTable = pgTable(
  "library_text_part",
  {
    source: text("source").notNull(),
    sourceId: uuid("source_id").notNull(),
    /** 0, 1, 2…: the parts' bodies in this order are the text. */
    part: integer("part").notNull(),
    body: text("body").notNull(),
    /** This part's words and the last words of the part before (so a phrase cut by the split is found). */
    search: tsvector("search").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.source, t.sourceId, t.part] }),
    foreignKey({
      columns: [t.source, t.sourceId],
      foreignColumns: [libraryTextTable.source, libraryTextTable.sourceId],
    }).onDelete("cascade"),
    index("library_text_part_search_idx").using("gin", t.search),
  ],
);

export const lessonTable = pgTable(
  "lesson",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    whatHappened: text("what_happened").notNull(),
    whatWasLearned: text("what_was_learned").notNull(),
    recommendation: text("recommendation"),
    language: text("language").notNull(),
    /** The organisation that learned it: the scope of who may change it. */
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    themeCodes: text("theme_codes").array().notNull().default(sql`'{}'::text[]`),
    placeIds: uuid("place_ids").array().notNull().default(sql`'{}'::uuid[]`),
    programmeId: uuid("programme_id").references(() => programmeTable.id, { onDelete: "set null" }),
    agreementId: uuid("agreement_id").references(() => agreementTable.id, { onDelete: "set null" }),
    reusedFromId: uuid("reused_from_id"),
    createdBy: text("created_by").notNull(),
    createdByUserId: text("created_by_user_id"),
    /** Kept by the lesson store on every write, from the fields above (lessons.store.ts). */
    search: tsvector("search").notNull().default(sql`''::tsvector`),
    ...versionColumns(),
  },
  (t) => [
    index("lesson_search_idx").using("gin", t.search),
    index("lesson_organisation_idx").on(t.organisationId),
    check("lesson_language", sql`${t.language} in ('en', 'fr', 'rw')`),
  ],
);

/** A library document a lesson cites as its evidence. */
export const lessonEvidenceTable = pgTable(
  "lesson_evidence",
  {
    lessonId: uuid("lesson_id")
      .notNull()
      .references(() => lessonTable.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => libraryDocumentTable.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.lessonId, t.documentId] }),
    index("lesson_evidence_document_idx").on(t.documentId),
  ],
);

export const lessonCommentTable = pgTable(
  "lesson_comment",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    lessonId: uuid("lesson_id")
      .notNull()
      .references(() => lessonTable.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    authorName: text("author_name").notNull(),
    authorUserId: text("author_user_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("lesson_comment_lesson_idx").on(t.lessonId, t.createdAt)],
);
