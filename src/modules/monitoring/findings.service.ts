// Findings of a visit (theme, vulnerable groups, severity, text), their evidence files, and the confidential incident
// an individual case is opened as. Written as children of the visit with the kernel helpers.
import {
  addChild,
  type ChildDefinition,
  changeChild,
  inTransaction,
  isAllowed,
  isForeignKeyViolation,
  type ParentRecord,
  preconditionFailed,
  removeChild,
  type ServiceContext,
  todayOf,
} from "../../kernel";
import { readUpload } from "../../kernel/files";
import { AppError, conflict, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import { createIncident } from "../incidents";
import {
  deleteFindingFileRow,
  deleteFindingRow,
  type FindingFileRow,
  type FindingRow,
  insertFinding,
  insertFindingFile,
  nextFindingPosition,
  selectFinding,
  selectFindingFile,
  selectFindingFileData,
  selectFindingFiles,
  setFindingIncident,
  updateFindingRow,
} from "./findings.store";
import {
  type Finding,
  FindingIncidentInputSchema,
  FindingInputSchema,
  FindingPatchSchema,
} from "./visits.schema";
import { loadAuthorisedVisit, recordConfidentialRead, VISIT_ENTITY } from "./visits.service";
import type { VisitRow } from "./visits.store";

type VisitParent = ParentRecord & { row: VisitRow };
const FINDING_LABEL = "The finding";
const excerpt = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

const findingChild: ChildDefinition<VisitParent, FindingRow> = {
  parentEntityType: VISIT_ENTITY,
  entityType: "monitoring_finding",
  notFoundLabel: FINDING_LABEL,
  parentKey: "visitId",
  async loadParent(db, actor, id) {
    const row = await loadAuthorisedVisit(db, actor, id, "update");
    return { id: row.id, label: row.reference, row };
  },
  loadChild: (db, parent, childId, options) => selectFinding(db, parent.id, childId, options),
  label: (f) => `${f.theme}: ${excerpt(f.text)}`,
  historyKey: "finding",
  historyLine: (f) => ({ theme: f.theme, severity: f.severity }),
};

/** Findings are what a visit found: the visit has to have taken place. */
function assertConducted(parent: VisitParent): void {
  if (parent.row.status !== "conducted")
    throw conflict("Mark the visit conducted before recording what it found.");
}

export function addFinding(ctx: ServiceContext, visitId: string, input: unknown): Promise<Finding> {
  const values = parseInput(FindingInputSchema, input);
  return withFiles(
    ctx,
    addChild(ctx, findingChild, visitId, async ({ db }, parent) => {
      assertConducted(parent);
      return insertFinding(db, visitId, {
        position: values.position ?? (await nextFindingPosition(db, visitId)),
        theme: values.theme,
        vulnerableGroups: values.vulnerableGroups,
        severity: values.severity,
        text: values.text,
      });
    }),
  );
}

export function updateFinding(
  ctx: ServiceContext,
  visitId: string,
  findingId: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Finding> {
  const changes = parseInput(FindingPatchSchema, patch);
  return withFiles(
    ctx,
    changeChild(ctx, findingChild, visitId, findingId, expectedVersion, ({ db }, current) =>
      updateFindingRow(db, findingId, expectedVersion, {
        position: changes.position ?? current.position,
        theme: changes.theme ?? current.theme,
        vulnerableGroups: changes.vulnerableGroups ?? current.vulnerableGroups,
        severity: changes.severity ?? current.severity,
        text: changes.text ?? current.text,
      }),
    ),
  );
}

export async function removeFinding(
  ctx: ServiceContext,
  visitId: string,
  findingId: string,
  expectedVersion: number,
): Promise<void> {
  try {
    await removeChild(ctx, findingChild, visitId, findingId, expectedVersion, ({ db }) =>
      deleteFindingRow(db, findingId, expectedVersion),
    );
  } catch (error) {
    if (error instanceof AppError || !isForeignKeyViolation(error)) throw error;
    // recommendation_finding restricts: a recommendation made from this finding keeps it.
    throw conflict("A recommendation comes from this finding: it cannot be removed.");
  }
}

/** The finding with its files, after a write (the files are not part of the child row). */
async function withFiles(ctx: ServiceContext, written: Promise<FindingRow>): Promise<Finding> {
  const row = await written;
  return { ...row, files: await selectFindingFiles(ctx.db, row.id) };
}

// ----- Evidence files -----

type FindingParent = ParentRecord & { visit: VisitRow };

/** Files are children of a finding; the visit is loaded and authorised first. */
function fileChildOf(visitId: string): ChildDefinition<FindingParent, FindingFileRow> {
  return {
    parentEntityType: "monitoring_finding",
    entityType: "monitoring_finding_file",
    notFoundLabel: "The file",
    parentKey: "findingId",
    async loadParent(db, actor, findingId) {
      const visit = await loadAuthorisedVisit(db, actor, visitId, "update");
      const finding = await selectFinding(db, visitId, findingId, { forUpdate: true });
      if (!finding) throw notFound(FINDING_LABEL);
      return { id: finding.id, label: `${visit.reference} ${finding.theme}`, visit };
    },
    loadChild: (db, parent, childId, options) => selectFindingFile(db, parent.id, childId, options),
    // The audit keeps the file's type, size and hash, never its name (a name can carry a person's).
    label: (file) => `file ${file.sha256.slice(0, 12)}`,
    snapshot: (file) => ({ contentType: file.contentType, sizeBytes: file.sizeBytes, sha256: file.sha256 }),
    historyKey: "file",
    historyLine: (file) => ({ contentType: file.contentType, sizeBytes: file.sizeBytes }),
  };
}

export type EvidenceUpload = { fileName: string; bytes: Uint8Array };

/** Keeps a file as evidence of a finding, its type read from its bytes (413/415 otherwise, nothing written). */
export async function addFindingFile(
  ctx: ServiceContext,
  visitId: string,
  findingId: string,
  upload: EvidenceUpload,
): Promise<Finding["files"][number]> {
  const {
    findingId: _finding,
    sha256: _hash,
    ...shown
  } = await addChild(ctx, fileChildOf(visitId), findingId, async ({ db, actor }) => {
    const file = await readUpload(upload, actor);
    return insertFindingFile(db, { findingId, ...file, sizeBytes: file.data.byteLength });
  });
  return shown;
}

export async function removeFindingFile(
  ctx: ServiceContext,
  visitId: string,
  findingId: string,
  fileId: string,
  expectedVersion: number,
): Promise<void> {
  await removeChild(ctx, fileChildOf(visitId), findingId, fileId, expectedVersion, ({ db }) =>
    deleteFindingFileRow(db, fileId, expectedVersion),
  );
}

/** A file's bytes for whoever may read the visit; a download from an unpublished visit is audited as a read. */
export async function getFindingFile(
  ctx: ServiceContext,
  visitId: string,
  findingId: string,
  fileId: string,
): Promise<{ fileName: string; contentType: string; data: Uint8Array }> {
  const visit = await loadAuthorisedVisit(ctx.db, ctx.actor, visitId, "read", { today: todayOf(ctx) });
  const finding = await selectFinding(ctx.db, visitId, findingId, { forUpdate: false });
  if (!finding) throw notFound(FINDING_LABEL);
  const file = await selectFindingFileData(ctx.db, findingId, fileId);
  if (!file) throw notFound("The file");
  await recordConfidentialRead(ctx, visit, `file ${fileId}`);
  return file;
}

// ----- Finding → confidential incident -----

/**
 * Opens an individual case as a confidential incident of the incidents module: a human-rights abuse at the place of
 * detention, reported by the monitoring body, described by the text the monitor writes for it — the finding's text
 * is not copied. The monitor needs the incident permission of the monitoring body (403 naming `incident` without it).
 */
export async function openFindingIncident(
  ctx: ServiceContext,
  visitId: string,
  findingId: string,
  input: unknown,
): Promise<Finding> {
  const { description } = parseInput(FindingIncidentInputSchema, input);
  return inTransaction(ctx, async (tx) => {
    const visit = await loadAuthorisedVisit(tx.db, tx.actor, visitId, "update", { today: todayOf(ctx) });
    const current = await selectFinding(tx.db, visitId, findingId, { forUpdate: true });
    if (!current) throw notFound(FINDING_LABEL);
    if (current.incidentId !== null) throw conflict("This finding was already opened as an incident.");
    const scope = {
      organisationIds: [visit.monitoringOrganisationId],
      districtIds: visit.districtId ? [visit.districtId] : [],
    };
    if (!isAllowed(tx.actor, "incident", "create", scope))
      throw new AppError(
        "forbidden",
        "Your role does not allow recording incidents for this monitoring body.",
        [
          {
            path: "incident",
            message: "Recording an incident needs the incident permission.",
            code: "forbidden",
          },
        ],
      );
    const incident = await createIncident(tx, {
      kind: "human_rights_abuse",
      occurredOn: visit.startsOn,
      placeKind: "detention",
      placeId: visit.placeId,
      description,
      reportingOrganisationId: visit.monitoringOrganisationId,
    });
    await setFindingIncident(tx.db, findingId, incident.id);
    const updated = await selectFinding(tx.db, visitId, findingId, { forUpdate: false });
    if (!updated) throw preconditionFailed(current.version);
    await recordChange(tx.db, tx.actor, {
      action: "update",
      entityType: "monitoring_finding",
      entityId: findingId,
      entityLabel: `${visit.reference} ${current.theme}`,
      before: { incidentId: null },
      after: { incidentId: incident.id },
    });
    return { ...updated, files: await selectFindingFiles(tx.db, findingId) };
  });
}
