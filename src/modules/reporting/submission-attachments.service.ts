// Attachments: files kept with a report, added and removed by its organisation's staff while the report may be edited
// (a draft, or returned by a body), read by whoever may read the report. A submitted version keeps the files it listed.
import {
  addChild,
  type ChildDefinition,
  type ParentRecord,
  removeChild,
  type ServiceContext,
} from "../../kernel";
import { readUpload } from "../../kernel/files";
import { conflict, notFound } from "../../shared/app-errors";
import type { Attachment } from "./reporting.schema";
import {
  type AttachmentFile,
  insertAttachment,
  removeAttachmentRow,
  selectAttachment,
  selectAttachmentFile,
} from "./submission-attachments.store";
import { isEditable } from "./submission-rules";
import { ENTITY, labelOf, loadSubmission } from "./submissions.service";
import { selectVersionedAttachmentIds } from "./submissions.store";

type SubmissionParent = ParentRecord;

const attachmentChild: ChildDefinition<SubmissionParent, Attachment> = {
  parentEntityType: ENTITY,
  entityType: "submission_attachment",
  notFoundLabel: "The attachment",
  parentKey: "submissionId",
  async loadParent(db, actor, id) {
    const { submission, addressees } = await loadSubmission({ db, actor }, id, "update", { forUpdate: true });
    if (!isEditable(addressees.map((a) => a.status))) {
      throw conflict(
        "This report was submitted and waits for review (or was accepted): its attachments cannot change. A body can return it or reopen it.",
      );
    }
    return { id: submission.id, label: labelOf(submission) };
  },
  loadChild: (db, parent, childId, options) => selectAttachment(db, parent.id, childId, options),
  label: (a) => a.fileName,
  // Metadata only: the bytes stay out of the audit log.
  historyKey: "attachment",
  historyLine: (a) => a.fileName,
};

export type AttachmentUpload = { fileName: string; bytes: Uint8Array };

/** Stores a file after reading its type from its bytes; nothing is written when it is refused. */
export async function addSubmissionAttachment(
  ctx: ServiceContext,
  submissionId: string,
  upload: AttachmentUpload,
): Promise<Attachment> {
  return addChild(ctx, attachmentChild, submissionId, async ({ db, actor }) =>
    insertAttachment(db, submissionId, await readUpload(upload, actor)),
  );
}

/** The file with its bytes, for download (one a submitted version lists, even if removed since). */
export async function getSubmissionAttachmentFile(
  ctx: ServiceContext,
  submissionId: string,
  attachmentId: string,
): Promise<AttachmentFile> {
  await loadSubmission(ctx, submissionId, "read");
  const file = await selectAttachmentFile(ctx.db, submissionId, attachmentId);
  if (!file) throw notFound("The attachment");
  return file;
}

/** Removes an attachment the client read at `expectedVersion` (412 otherwise). */
export async function removeSubmissionAttachment(
  ctx: ServiceContext,
  submissionId: string,
  attachmentId: string,
  expectedVersion: number,
): Promise<void> {
  await removeChild(ctx, attachmentChild, submissionId, attachmentId, expectedVersion, async ({ db }) => {
    const kept = (await selectVersionedAttachmentIds(db, submissionId)).has(attachmentId);
    return removeAttachmentRow(db, attachmentId, expectedVersion, kept);
  });
}
