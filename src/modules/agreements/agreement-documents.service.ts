// Documents: files kept with the agreement, added and removed with its update right, read with its read right.

import {
  addChild,
  assertAllowed,
  type ChildDefinition,
  removeChild,
  type ServiceContext,
} from "../../kernel";
import { readUpload } from "../../kernel/files";
import { notFound } from "../../shared/app-errors";
import {
  type AgreementParent,
  agreementChild,
  DOCUMENT_ENTITY,
  documentLine,
  LABEL,
  loadCurrent,
  scopeOf,
} from "./agreement-detail.service";
import {
  type DocumentFile,
  deleteDocumentRow,
  insertDocument,
  selectDocument,
  selectDocumentFile,
} from "./agreement-documents.store";
import type { AgreementDocument, DocumentKind } from "./agreements.schema";

// Metadata only: the bytes stay out of the audit log.
const documentChild: ChildDefinition<AgreementParent, AgreementDocument> = {
  ...agreementChild,
  entityType: DOCUMENT_ENTITY,
  notFoundLabel: "The document",
  loadChild: (tx, parent, childId, options) => selectDocument(tx, parent.id, childId, options),
  label: (d) => d.fileName,
  historyKey: "document",
  historyLine: documentLine,
};

export type DocumentUpload = { kind: DocumentKind; fileName: string; bytes: Uint8Array };

/** Stores a file after reading its type from its bytes; nothing is written when it is refused. */
export async function addAgreementDocument(
  ctx: ServiceContext,
  id: string,
  upload: DocumentUpload,
): Promise<AgreementDocument> {
  return addChild(ctx, documentChild, id, async ({ db, actor }) =>
    insertDocument(db, id, { kind: upload.kind, ...(await readUpload(upload, actor)) }),
  );
}

/** The file with its bytes, for download: 404 when the agreement is outside the caller's reach. */
export async function getAgreementDocumentFile(
  ctx: ServiceContext,
  id: string,
  documentId: string,
): Promise<DocumentFile> {
  const current = await loadCurrent(ctx.db, id);
  if (!current) throw notFound(LABEL);
  assertAllowed(ctx.actor, "agreement", "read", scopeOf(current.parties, current.areas), LABEL);
  const file = await selectDocumentFile(ctx.db, id, documentId);
  if (!file) throw notFound("The document");
  return file;
}

/** Removes a document the client read at `expectedVersion` (412 otherwise). */
export async function removeAgreementDocument(
  ctx: ServiceContext,
  id: string,
  documentId: string,
  expectedVersion: number,
): Promise<void> {
  await removeChild(ctx, documentChild, id, documentId, expectedVersion, ({ db }) =>
    deleteDocumentRow(db, documentId, expectedVersion),
  );
}
