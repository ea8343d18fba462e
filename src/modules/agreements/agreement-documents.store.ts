// Queries for the files kept with an agreement; lists never read the bytes.
import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "../../db/client";
import type { StoredFileFields } from "../../kernel/files";
import { atVersion } from "../../kernel/versioned.store";
import type { AgreementDocument, DocumentKind } from "./agreements.schema";
import { agreementDocumentTable } from "./agreements.table";

const metadataColumns = {
  id: agreementDocumentTable.id,
  kind: agreementDocumentTable.kind,
  fileName: agreementDocumentTable.fileName,
  contentType: agreementDocumentTable.contentType,
  sizeBytes: agreementDocumentTable.sizeBytes,
  uploadedBy: agreementDocumentTable.uploadedBy,
  uploadedAt: agreementDocumentTable.uploadedAt,
  version: agreementDocumentTable.version,
};

type MetadataRow = {
  id: string;
  kind: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: string;
  uploadedAt: Date;
  version: number;
};

const toDocument = (row: MetadataRow): AgreementDocument => ({
  ...row,
  kind: row.kind as DocumentKind,
  uploadedAt: row.uploadedAt.toISOString(),
});

export type DocumentFile = AgreementDocument & { sha256: string; data: Uint8Array };

export type DocumentFields = StoredFileFields & { kind: DocumentKind };

/** Newest first. */
export async function selectDocuments(db: Executor, agreementId: string): Promise<AgreementDocument[]> {
  const rows = await db
    .select(metadataColumns)
    .from(agreementDocumentTable)
    .where(eq(agreementDocumentTable.agreementId, agreementId))
    .orderBy(desc(agreementDocumentTable.uploadedAt), desc(agreementDocumentTable.id));
  return rows.map(toDocument);
}

export async function selectDocumentFile(
  db: Executor,
  agreementId: string,
  documentId: string,
): Promise<DocumentFile | null> {
  const [row] = await db
    .select({ ...metadataColumns, sha256: agreementDocumentTable.sha256, data: agreementDocumentTable.data })
    .from(agreementDocumentTable)
    .where(
      and(eq(agreementDocumentTable.agreementId, agreementId), eq(agreementDocumentTable.id, documentId)),
    );
  return row ? { ...toDocument(row), sha256: row.sha256, data: row.data } : null;
}

/** One document's metadata (null when it is not this agreement's); `forUpdate` locks the row. */
export async function selectDocument(
  db: Executor,
  agreementId: string,
  documentId: string,
  options: { forUpdate: boolean },
): Promise<AgreementDocument | null> {
  const query = db
    .select(metadataColumns)
    .from(agreementDocumentTable)
    .where(
      and(eq(agreementDocumentTable.agreementId, agreementId), eq(agreementDocumentTable.id, documentId)),
    );
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ? toDocument(row) : null;
}

export async function insertDocument(
  db: Executor,
  agreementId: string,
  fields: DocumentFields,
): Promise<string> {
  const [row] = await db
    .insert(agreementDocumentTable)
    .values({ agreementId, sizeBytes: fields.data.byteLength, ...fields })
    .returning({ id: agreementDocumentTable.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

/** Deletes the document at the version the client read; false when it is at another one. */
export async function deleteDocumentRow(
  db: Executor,
  documentId: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(agreementDocumentTable)
    .where(atVersion(agreementDocumentTable, documentId, expectedVersion))
    .returning({ id: agreementDocumentTable.id });
  return rows.length > 0;
}
