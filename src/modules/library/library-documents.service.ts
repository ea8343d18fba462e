// Library documents: uploaded with their metadata (the text is taken later by a background job), read by every
// signed-in user, changed and removed within the organisations they are by or about; each write audited.

import type { Executor } from "../../db/client";
import {
  type Actor,
  assertAllowed,
  assertAllowedOnResource,
  inTransaction,
  isAllowed,
  preconditionFailed,
  type RecordScope,
  type ServiceContext,
} from "../../kernel";
import { readUpload } from "../../kernel/files";
import { type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import { libraryTextJob } from "./document-text.service";
import {
  type LibraryDocument,
  type LibraryDocumentMetadata,
  LibraryDocumentMetadataSchema,
  LibraryDocumentPatchSchema,
} from "./library.schema";
import {
  type DocumentFields,
  type DocumentRow,
  deleteLibraryDocumentRow,
  insertLibraryDocument,
  selectLibraryDocument,
  selectLibraryDocumentFile,
  selectUnknownReferences,
  updateLibraryDocumentRow,
} from "./library.store";

const ENTITY = "library_document";
export const DOCUMENT_LABEL = "The document";

const scopeOf = (d: Pick<DocumentFields, "organisationIds">): RecordScope => ({
  organisationIds: d.organisationIds,
  districtIds: [],
});

/** The fields the audit log keeps: never the bytes. */
const auditView = (d: DocumentRow) => ({
  title: d.title,
  kind: d.kind,
  language: d.language,
  description: d.description,
  organisationIds: d.organisationIds,
  themeCodes: d.themeCodes,
  placeIds: d.placeIds,
  periodStart: d.periodStart,
  periodEnd: d.periodEnd,
  fileName: d.fileName,
  sizeBytes: d.sizeBytes,
});

function present(actor: Actor, row: DocumentRow): LibraryDocument {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    language: row.language,
    description: row.description,
    organisations: row.organisations,
    themeCodes: row.themeCodes,
    places: row.places,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    uploadedBy: row.uploadedBy,
    uploadedAt: row.uploadedAt,
    textStatus: row.textStatus,
    textReason: row.textReason,
    textLength: row.textLength,
    lessons: row.lessons,
    canEdit: isAllowed(actor, "library_document", "update", scopeOf(row)),
    version: row.version,
  };
}

/** Refuses ids of organisations, places and themes that do not exist, each with its path. */
export async function assertReferencesExist(
  db: Executor,
  refs: { organisationIds: string[]; placeIds: string[]; themeCodes: string[] },
  paths: { organisationIds: string; placeIds: string; themeCodes: string } = {
    organisationIds: "organisationIds",
    placeIds: "placeIds",
    themeCodes: "themeCodes",
  },
): Promise<void> {
  const unknown = await selectUnknownReferences(db, refs);
  const errors: FieldError[] = [];
  for (const key of ["organisationIds", "placeIds", "themeCodes"] as const)
    for (const value of unknown[key])
      errors.push({
        path: `${paths[key]}.${refs[key].indexOf(value)}`,
        message: "No such record exists.",
        in: "body",
      });
  if (errors.length > 0) throw invalid(errors);
}

function checkPeriod(fields: { periodStart: string | null; periodEnd: string | null }): void {
  if (fields.periodStart && fields.periodEnd && fields.periodStart > fields.periodEnd)
    throw invalid([{ path: "periodEnd", message: "The period ends before it starts.", in: "body" }]);
}

const fieldsOf = (values: ReturnType<typeof LibraryDocumentMetadataSchema.parse>): DocumentFields => ({
  title: values.title,
  kind: values.kind,
  language: values.language,
  description: values.description || null,
  organisationIds: [...new Set(values.organisationIds)],
  themeCodes: [...new Set(values.themeCodes)],
  placeIds: [...new Set(values.placeIds)],
  periodStart: values.periodStart ?? null,
  periodEnd: values.periodEnd ?? null,
});

export type LibraryUpload = { fileName: string; bytes: Uint8Array };

/**
 * Stores a document and queues the reading of its text (in the same transaction: the job exists only if the
 * document does). Partner staff add documents of their own organisation.
 */
export async function uploadLibraryDocument(
  ctx: ServiceContext,
  metadata: LibraryDocumentMetadata,
  upload: LibraryUpload,
): Promise<LibraryDocument> {
  const values = parseInput(LibraryDocumentMetadataSchema, metadata);
  const fields = fieldsOf(values);
  checkPeriod(fields);
  assertAllowedOnResource(ctx.actor, "library_document", "create", scopeOf(fields));
  const file = await readUpload(upload, ctx.actor);
  return inTransaction(ctx, async (tx) => {
    await assertReferencesExist(tx.db, fields);
    const id = await insertLibraryDocument(tx.db, { ...fields, ...file });
    const created = await selectLibraryDocument(tx.db, id);
    if (!created) throw notFound(DOCUMENT_LABEL);
    await recordChange(tx.db, tx.actor, {
      action: "create",
      entityType: ENTITY,
      entityId: id,
      entityLabel: created.title,
      before: null,
      after: auditView(created),
    });
    if (ctx.jobs) await ctx.jobs.send(libraryTextJob, {}, { tx: tx.db });
    return present(tx.actor, created);
  });
}

async function loadAuthorised(db: Executor, actor: Actor, id: string, action: "read" | "update" | "delete") {
  const row = await selectLibraryDocument(db, id, { forUpdate: action !== "read" });
  if (!row) throw notFound(DOCUMENT_LABEL);
  assertAllowed(actor, "library_document", action, scopeOf(row), DOCUMENT_LABEL);
  return row;
}

export async function getLibraryDocument(ctx: ServiceContext, id: string): Promise<LibraryDocument> {
  return present(ctx.actor, await loadAuthorised(ctx.db, ctx.actor, id, "read"));
}

export async function getLibraryDocumentFile(
  ctx: ServiceContext,
  id: string,
): Promise<{ fileName: string; contentType: string; data: Uint8Array }> {
  await loadAuthorised(ctx.db, ctx.actor, id, "read");
  const file = await selectLibraryDocumentFile(ctx.db, id);
  if (!file) throw notFound(DOCUMENT_LABEL);
  return file;
}

/** Changes the metadata at the version the client read; moving it out of one's own organisations is refused. */
export async function updateLibraryDocument(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<LibraryDocument> {
  const changes = parseInput(LibraryDocumentPatchSchema, patch);
  return inTransaction(ctx, async (tx) => {
    const current = await loadAuthorised(tx.db, tx.actor, id, "update");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    const merged = { ...current, ...changes };
    const fields = fieldsOf({
      ...merged,
      description: merged.description ?? undefined,
      periodStart: merged.periodStart ?? undefined,
      periodEnd: merged.periodEnd ?? undefined,
    });
    checkPeriod(fields);
    assertAllowedOnResource(tx.actor, "library_document", "update", scopeOf(fields));
    await assertReferencesExist(tx.db, fields);
    if (!(await updateLibraryDocumentRow(tx.db, id, expectedVersion, fields)))
      throw preconditionFailed(current.version);
    const updated = await selectLibraryDocument(tx.db, id);
    if (!updated) throw notFound(DOCUMENT_LABEL);
    await recordChange(tx.db, tx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: updated.title,
      before: auditView(current),
      after: auditView(updated),
    });
    return present(tx.actor, updated);
  });
}

export async function deleteLibraryDocument(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const current = await loadAuthorised(tx.db, tx.actor, id, "delete");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    if (!(await deleteLibraryDocumentRow(tx.db, id, expectedVersion)))
      throw preconditionFailed(current.version);
    await recordChange(tx.db, tx.actor, {
      action: "delete",
      entityType: ENTITY,
      entityId: id,
      entityLabel: current.title,
      before: auditView(current),
      after: null,
    });
  });
}
