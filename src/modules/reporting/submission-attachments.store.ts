// Queries for the files attached to a submission; lists never read the bytes.
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Executor } from "../../db/client";
import type { StoredFileFields } from "../../kernel/files";
import { atVersion, nextVersion } from "../../kernel/versioned.store";
import type { Attachment, AttachmentSummary } from "./reporting.schema";
import { submissionAttachmentTable } from "./reporting.table";

const metadataColumns = {
  id: submissionAttachmentTable.id,
  fileName: submissionAttachmentTable.fileName,
  contentType: submissionAttachmentTable.contentType,
  sizeBytes: submissionAttachmentTable.sizeBytes,
  uploadedBy: submissionAttachmentTable.uploadedBy,
  uploadedAt: submissionAttachmentTable.uploadedAt,
  version: submissionAttachmentTable.version,
};

const toAttachment = (row: Omit<Attachment, "uploadedAt"> & { uploadedAt: Date }): Attachment => ({
  ...row,
  uploadedAt: row.uploadedAt.toISOString(),
});

export type AttachmentFile = Attachment & { data: Uint8Array };

/** The files attached now (not those removed since a version listed them), oldest first. */
export async function selectAttachments(db: Executor, submissionId: string): Promise<Attachment[]> {
  const rows = await db
    .select(metadataColumns)
    .from(submissionAttachmentTable)
    .where(
      and(
        eq(submissionAttachmentTable.submissionId, submissionId),
        isNull(submissionAttachmentTable.removedAt),
      ),
    )
    .orderBy(asc(submissionAttachmentTable.uploadedAt), asc(submissionAttachmentTable.id));
  return rows.map(toAttachment);
}

export const summaryOf = ({ id, fileName, contentType, sizeBytes }: Attachment): AttachmentSummary => ({
  id,
  fileName,
  contentType,
  sizeBytes,
});

/** One attached file (null when it is not this submission's or was removed); `forUpdate` locks the row. */
export async function selectAttachment(
  db: Executor,
  submissionId: string,
  attachmentId: string,
  options: { forUpdate: boolean },
): Promise<Attachment | null> {
  const query = db
    .select(metadataColumns)
    .from(submissionAttachmentTable)
    .where(
      and(
        eq(submissionAttachmentTable.submissionId, submissionId),
        eq(submissionAttachmentTable.id, attachmentId),
        isNull(submissionAttachmentTable.removedAt),
      ),
    );
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ? toAttachment(row) : null;
}

/** The file with its bytes, removed or not: a submitted version may still list it. */
export async function selectAttachmentFile(
  db: Executor,
  submissionId: string,
  attachmentId: string,
): Promise<AttachmentFile | null> {
  const [row] = await db
    .select({ ...metadataColumns, data: submissionAttachmentTable.data })
    .from(submissionAttachmentTable)
    .where(
      and(
        eq(submissionAttachmentTable.submissionId, submissionId),
        eq(submissionAttachmentTable.id, attachmentId),
      ),
    );
  return row ? { ...toAttachment(row), data: row.data } : null;
}

export async function insertAttachment(
  db: Executor,
  submissionId: string,
  fields: StoredFileFields,
): Promise<string> {
  const [row] = await db
    .insert(submissionAttachmentTable)
    .values({ submissionId, sizeBytes: fields.data.byteLength, ...fields })
    .returning({ id: submissionAttachmentTable.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

/**
 * Removes the attachment at the version the client read (false when it is at another one): deleted when no
 * submitted version lists it, else only marked removed so that version keeps its file.
 */
export async function removeAttachmentRow(
  db: Executor,
  attachmentId: string,
  expectedVersion: number,
  keptByAVersion: boolean,
): Promise<boolean> {
  const where = atVersion(submissionAttachmentTable, attachmentId, expectedVersion);
  const rows = keptByAVersion
    ? await db
        .update(submissionAttachmentTable)
        .set({ removedAt: new Date(), ...nextVersion(submissionAttachmentTable) })
        .where(where)
        .returning({ id: submissionAttachmentTable.id })
    : await db.delete(submissionAttachmentTable).where(where).returning({ id: submissionAttachmentTable.id });
  return rows.length > 0;
}
