// The documents and lessons library: Zod schemas shared by the API, the pages and the CLI; browser-safe.
import { z } from "zod";
import { IsoDateSchema } from "../../shared/iso-date";

const NUL_MESSAGE = "Remove the invisible control character (U+0000).";
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes("\u0000"), NUL_MESSAGE);
const requiredText = (max: number) => text(max).pipe(z.string().min(1, "Write something here."));
const Uuid = z.uuid("Give the id of an existing record.");
const ThemeCode = z.string().max(64);

export const LIBRARY_DOCUMENT_KINDS = [
  "report",
  "evaluation",
  "guideline",
  "visit_report",
  "minutes",
  "other",
] as const;
export const LibraryDocumentKindSchema = z.enum(LIBRARY_DOCUMENT_KINDS);
export type LibraryDocumentKind = z.infer<typeof LibraryDocumentKindSchema>;

/** The languages text search reads: English and French stemmed; Kinyarwanda by plain words and prefixes. */
export const LIBRARY_LANGUAGES = ["en", "fr", "rw"] as const;
export const LibraryLanguageSchema = z.enum(LIBRARY_LANGUAGES);
export type LibraryLanguage = z.infer<typeof LibraryLanguageSchema>;

export const TEXT_STATUSES = ["pending", "extracted", "not_extracted"] as const;
export const TextStatusSchema = z.enum(TEXT_STATUSES);
export type TextStatus = z.infer<typeof TextStatusSchema>;

/** Why a stored file's text was not taken; the page words each in the reader's language. */
export const TEXT_NOT_EXTRACTED_REASONS = [
  "encrypted",
  "corrupt",
  "too_large",
  "no_text",
  "unsupported_type",
] as const;
export const TextNotExtractedReasonSchema = z.enum(TEXT_NOT_EXTRACTED_REASONS);
export type TextNotExtractedReason = z.infer<typeof TextNotExtractedReasonSchema>;

/**
 * Where a library entry comes from: a file uploaded to the library, a lesson, or a file kept with a record of another
 * module and shown with that record's access (agreement documents, evidence files of a monitoring visit's findings).
 */
export const LIBRARY_SOURCES = ["document", "lesson", "agreement_document", "finding_file"] as const;
export const LibrarySourceSchema = z.enum(LIBRARY_SOURCES);
export type LibrarySource = z.infer<typeof LibrarySourceSchema>;

const DocumentFieldsSchema = z.object({
  title: requiredText(300),
  kind: LibraryDocumentKindSchema,
  language: LibraryLanguageSchema,
  description: text(2000).optional(),
  organisationIds: z.array(Uuid).max(20),
  themeCodes: z.array(ThemeCode).max(20),
  placeIds: z.array(Uuid).max(50),
  periodStart: IsoDateSchema.optional(),
  periodEnd: IsoDateSchema.optional(),
});

export const LibraryDocumentMetadataSchema = DocumentFieldsSchema.extend({
  organisationIds: DocumentFieldsSchema.shape.organisationIds.default([]),
  themeCodes: DocumentFieldsSchema.shape.themeCodes.default([]),
  placeIds: DocumentFieldsSchema.shape.placeIds.default([]),
});
export type LibraryDocumentMetadata = z.input<typeof LibraryDocumentMetadataSchema>;

/**
 * A change names only what changes: no defaults here, or a missing list would empty the stored one. Null clears the
 * description or a date of the period.
 */
export const LibraryDocumentPatchSchema = DocumentFieldsSchema.extend({
  description: DocumentFieldsSchema.shape.description.unwrap().nullable(),
  periodStart: DocumentFieldsSchema.shape.periodStart.unwrap().nullable(),
  periodEnd: DocumentFieldsSchema.shape.periodEnd.unwrap().nullable(),
})
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, "Change at least one field.");
export type LibraryDocumentPatch = z.input<typeof LibraryDocumentPatchSchema>;

const Named = z.object({ id: z.string(), name: z.string() });

export const LibraryDocumentSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  kind: LibraryDocumentKindSchema,
  language: LibraryLanguageSchema,
  description: z.string().nullable(),
  organisations: z.array(Named),
  themeCodes: z.array(z.string()),
  places: z.array(Named),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  textStatus: TextStatusSchema,
  /** Set when textStatus is not_extracted. */
  textReason: TextNotExtractedReasonSchema.nullable(),
  /** Characters of text found, when extracted. */
  textLength: z.number().int().nullable(),
  lessons: z.array(z.object({ id: z.string(), title: z.string() })),
  /** Whether the reader may change or remove it. */
  canEdit: z.boolean(),
  version: z.number().int(),
});
export type LibraryDocument = z.infer<typeof LibraryDocumentSchema>;

const LessonFieldsSchema = z.object({
  title: requiredText(200),
  whatHappened: requiredText(4000),
  whatWasLearned: requiredText(4000),
  recommendation: text(4000).optional(),
  language: LibraryLanguageSchema,
  /** The organisation that learned it (the author's, for partner staff). */
  organisationId: Uuid,
  evidenceDocumentIds: z.array(Uuid).max(20),
  themeCodes: z.array(ThemeCode).max(20),
  placeIds: z.array(Uuid).max(50),
  programmeId: Uuid.optional(),
  agreementId: Uuid.optional(),
});

export const LessonInputSchema = LessonFieldsSchema.extend({
  evidenceDocumentIds: LessonFieldsSchema.shape.evidenceDocumentIds.default([]),
  themeCodes: LessonFieldsSchema.shape.themeCodes.default([]),
  placeIds: LessonFieldsSchema.shape.placeIds.default([]),
  /** The lesson this one reuses (adapted from), if any. */
  reusedFromId: Uuid.optional(),
}).strict();
export type LessonInput = z.input<typeof LessonInputSchema>;

/**
 * A change names only what changes (no defaults: a missing list keeps the stored one). Null clears the recommendation
 * or unlinks the programme or agreement.
 */
export const LessonPatchSchema = LessonFieldsSchema.extend({
  recommendation: LessonFieldsSchema.shape.recommendation.unwrap().nullable(),
  programmeId: LessonFieldsSchema.shape.programmeId.unwrap().nullable(),
  agreementId: LessonFieldsSchema.shape.agreementId.unwrap().nullable(),
})
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, "Change at least one field.");
export type LessonPatch = z.input<typeof LessonPatchSchema>;

export const LessonCommentInputSchema = z.object({ body: requiredText(2000) }).strict();
export type LessonCommentInput = z.input<typeof LessonCommentInputSchema>;

export const LessonCommentSchema = z.object({
  id: z.uuid(),
  body: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
});
export type LessonComment = z.infer<typeof LessonCommentSchema>;

export const LessonSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  whatHappened: z.string(),
  whatWasLearned: z.string(),
  recommendation: z.string().nullable(),
  language: LibraryLanguageSchema,
  organisation: Named,
  evidenceDocuments: z.array(z.object({ id: z.string(), title: z.string() })),
  themeCodes: z.array(z.string()),
  places: z.array(Named),
  programme: Named.nullable(),
  agreement: Named.nullable(),
  reusedFrom: z.object({ id: z.string(), title: z.string() }).nullable(),
  /** Lessons that reuse this one. */
  reusedBy: z.array(z.object({ id: z.string(), title: z.string() })),
  comments: z.array(LessonCommentSchema),
  createdBy: z.string(),
  createdAt: z.string(),
  canEdit: z.boolean(),
  version: z.number().int(),
});
export type Lesson = z.infer<typeof LessonSchema>;

/**
 * A lesson as another page lists it (a partnership's): what it is called, who learned it, when, its themes, and how
 * it belongs there — written for one of the programmes or agreements there, or by one of the organisations.
 */
export const LessonRefSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  language: LibraryLanguageSchema,
  organisation: Named,
  themeCodes: z.array(z.string()),
  createdAt: z.string(),
  via: z.enum(["programme", "agreement", "organisation"]),
});
export type LessonRef = z.infer<typeof LessonRefSchema>;

const csv = <T extends string>(item: z.ZodType<T, string>, max: number) =>
  z
    .union([z.string().max(500), z.array(z.string().max(100)).max(20)])
    .transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter((s) => s !== ""))
    .pipe(z.array(item).max(max));

export const LibrarySearchQuerySchema = z.object({
  /** Words, "a phrase", -excluded, or OR; any characters are accepted. */
  q: z
    .string()
    .max(200)
    .refine((s) => !s.includes("\u0000"), NUL_MESSAGE)
    .optional(),
  kind: csv(LibraryDocumentKindSchema, LIBRARY_DOCUMENT_KINDS.length).optional(),
  source: csv(LibrarySourceSchema, LIBRARY_SOURCES.length).optional(),
  theme: ThemeCode.optional(),
  language: LibraryLanguageSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});
export type LibrarySearchQuery = z.input<typeof LibrarySearchQuerySchema>;

/** A piece of an extract: `match` pieces are the words the search found (shown highlighted). */
export const ExtractPartSchema = z.object({ text: z.string(), match: z.boolean() });
export type ExtractPart = z.infer<typeof ExtractPartSchema>;

export const LibraryHitSchema = z.object({
  source: LibrarySourceSchema,
  id: z.string(),
  title: z.string(),
  /** Document kind for library documents; null for lessons and linked files. */
  kind: LibraryDocumentKindSchema.nullable(),
  language: LibraryLanguageSchema,
  /** The record the file belongs to, for linked files (the agreement, the visit). */
  parent: z.object({ id: z.string(), title: z.string() }).nullable(),
  date: z.string(),
  rank: z.number(),
  /** Highlighted passages from the text; empty when listing without search words. */
  extract: z.array(ExtractPartSchema),
  textStatus: TextStatusSchema,
  textReason: TextNotExtractedReasonSchema.nullable(),
});
export type LibraryHit = z.infer<typeof LibraryHitSchema>;

export const LibrarySearchResultSchema = z.object({
  items: z.array(LibraryHitSchema),
  /** Whether more results follow (ask with offset + limit). */
  more: z.boolean(),
});
export type LibrarySearchResult = z.infer<typeof LibrarySearchResultSchema>;
