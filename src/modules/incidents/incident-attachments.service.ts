// Files kept with an incident (a statement, a medical certificate, a photo): added and removed by those who may change
// the incident, downloaded by those who may read it — every download audited as a read. The audit keeps the file's
// type, size and hash, never its name (a file name often carries a person's name).

import type { z } from "zod";
import {
  addChild,
  type ChildDefinition,
  type ParentRecord,
  removeChild,
  type ServiceContext,
} from "../../kernel";
import { readUpload } from "../../kernel/files";
import { conflict, notFound } from "../../shared/app-errors";
import { recordRead } from "../audit";
import type { IncidentAttachmentSchema } from "./incidents.schema";
import { loadAuthorisedIncident } from "./incidents.service";
import {
  deleteAttachmentRow,
  incidentReference,
  insertAttachment,
  selectAttachment,
  selectAttachmentData,
} from "./incidents.store";

type Attachment = z.infer<typeof IncidentAttachmentSchema> & { sha256: string };

const attachmentChild: ChildDefinition<ParentRecord, Attachment> = {
  parentEntityType: "incident",
  entityType: "incident_attachment",
  notFoundLabel: "The file",
  parentKey: "incidentId",
  async loadParent(db, actor, id) {
    const { row } = await loadAuthorisedIncident({ db, actor }, id, "update");
    if (row.anonymisedAt !== null) throw conflict("This incident was anonymised: it can no longer change.");
    return { id: row.id, label: incidentReference(row) };
  },
  loadChild: (db, parent, childId, options) => selectAttachment(db, parent.id, childId, options),
  label: (a) => `file ${a.sha256.slice(0, 12)}`,
  snapshot: (a) => ({ contentType: a.contentType, sizeBytes: a.sizeBytes, sha256: a.sha256 }),
  historyKey: "attachment",
  historyLine: (a) => ({ contentType: a.contentType, sizeBytes: a.sizeBytes }),
};

export type IncidentUpload = { fileName: string; bytes: Uint8Array };

/** Stores a file after reading its type from its bytes (413/415 otherwise); nothing is written when refused. */
export async function addIncidentAttachment(
  ctx: ServiceContext,
  incidentId: string,
  upload: IncidentUpload,
): Promise<Attachment> {
  return addChild(ctx, attachmentChild, incidentId, async ({ db, actor }) => {
    const file = await readUpload(upload, actor);
    return insertAttachment(db, { incidentId, ...file, sizeBytes: file.data.byteLength });
  });
}

export async function getIncidentAttachmentFile(
  ctx: ServiceContext,
  incidentId: string,
  attachmentId: string,
): Promise<{ fileName: string; contentType: string; data: Uint8Array }> {
  const { row } = await loadAuthorisedIncident(ctx, incidentId, "read");
  const file = await selectAttachmentData(ctx.db, incidentId, attachmentId);
  if (!file) throw notFound("The file");
  await recordRead(ctx, {
    entityType: "incident",
    entityId: incidentId,
    entityLabel: incidentReference(row),
    reason: `file ${attachmentId}`,
  });
  return file;
}

export async function removeIncidentAttachment(
  ctx: ServiceContext,
  incidentId: string,
  attachmentId: string,
  expectedVersion: number,
): Promise<void> {
  await removeChild(ctx, attachmentChild, incidentId, attachmentId, expectedVersion, async ({ db }) =>
    deleteAttachmentRow(db, attachmentId, expectedVersion),
  );
}
