// Status changes of a recommendation: dated, appended to its history, with a note, evidence files and the follow-up
// visit that verified them; the recommendation's status and status day follow the latest change.
import { inTransaction, type ServiceContext, todayOf } from "../../kernel";
import { readUpload } from "../../kernel/files";
import { AppError, type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import { isInsider, sidesOf } from "./recommendation-access";
import { maySetStatus, statusDateProblem } from "./recommendation-status";
import { type Recommendation, StatusChangeInputSchema, type VerifyingVisits } from "./recommendations.schema";
import {
  loadReadable,
  presentRecommendation,
  recommendationReference,
  visitReference,
} from "./recommendations.service";
import {
  type EvidenceFile,
  insertEvidence,
  insertStatusChange,
  type RecommendationRow,
  selectConductedFollowUpVisits,
  selectEvidenceFile,
  selectLinkIds,
  selectStatusChanges,
  selectVisitFacts,
  updateRecommendationRow,
  type VisitFacts,
} from "./recommendations.store";

const DATE_MESSAGES = {
  in_future: "A status change cannot be dated in the future.",
  before_issued: "A status change cannot be dated before the recommendation was issued.",
  before_previous: "A status change cannot be dated before the latest one.",
} as const;

const bodyError = (path: string, message: string, code: string): FieldError => ({
  path,
  message,
  code,
  in: "body",
});

/**
 * The one rule for a verifying visit: a conducted follow-up visit of the same body, at one of the recommendation's
 * places (any place for all facilities), and — when the change's day is known — not begun after it.
 */
function isVerifyingVisit(
  row: RecommendationRow,
  placeIds: readonly string[],
  visit: VisitFacts,
  changedOn: string | null,
): boolean {
  return (
    visit.monitoringOrganisationId === row.monitoringOrganisationId &&
    visit.visitType === "follow_up" &&
    visit.status === "conducted" &&
    (changedOn === null || visit.startsOn <= changedOn) &&
    (row.allFacilities || placeIds.includes(visit.placeId))
  );
}

async function checkVerifyingVisit(
  ctx: ServiceContext,
  row: RecommendationRow,
  visitId: string,
  changedOn: string,
): Promise<void> {
  const visit = (await selectVisitFacts(ctx.db, [visitId])).get(visitId);
  const { placeIds } = await selectLinkIds(ctx.db, row.id);
  if (visit === undefined || !isVerifyingVisit(row, placeIds, visit, changedOn))
    throw invalid([
      bodyError(
        "visitId",
        "Name a conducted follow-up visit of the monitoring body, to a place the recommendation concerns, made by the day of the change.",
        "not_a_verifying_visit",
      ),
    ]);
}

/**
 * The visits a monitor of the body may name as verifying a status change of this recommendation, newest first.
 * Only the monitors choose one (403 for the addressee and readers): the body's visits are its own record.
 */
export async function listVerifyingVisits(ctx: ServiceContext, id: string): Promise<VerifyingVisits> {
  const row = await loadReadable(ctx, id);
  if (!sidesOf(ctx.actor, row, "update").includes("monitor"))
    throw new AppError("forbidden", "Only monitors of the monitoring body name a verifying visit.");
  const { placeIds } = await selectLinkIds(ctx.db, row.id);
  const candidates = await selectConductedFollowUpVisits(ctx.db, row.monitoringOrganisationId);
  return {
    items: candidates
      .filter((visit) => isVerifyingVisit(row, placeIds, visit, null))
      .map((visit) => ({
        id: visit.id,
        reference: visitReference(visit),
        placeId: visit.placeId,
        placeName: visit.placeName,
        startsOn: visit.startsOn,
        endsOn: visit.endsOn,
      })),
  };
}

/**
 * Records a status change. Monitors of the monitoring body record any status; the addressee's staff answer
 * (accepted, not accepted) and report progress (in progress); implementation is the monitors' assessment (403).
 */
export async function changeRecommendationStatus(
  ctx: ServiceContext,
  id: string,
  input: unknown,
): Promise<Recommendation> {
  const data = parseInput(StatusChangeInputSchema, input);
  return inTransaction(ctx, async (tx) => {
    const row = await loadReadable(tx, id, { forUpdate: true });
    const sides = sidesOf(tx.actor, row, "update");
    if (sides.length === 0)
      throw new AppError("forbidden", "Only the monitoring body and the addressee change this status.");
    if (!maySetStatus(sides, data.status))
      throw new AppError(
        "forbidden",
        "Whether a recommendation is partly or fully implemented is the monitors' assessment.",
      );
    const history = await selectStatusChanges(tx.db, id);
    const previous = history.at(-1)?.changedOn ?? null;
    const problem = statusDateProblem(data.changedOn, {
      issuedOn: row.issuedOn,
      previousChangeOn: previous,
      today: todayOf(tx),
    });
    if (problem) throw invalid([bodyError("changedOn", DATE_MESSAGES[problem], problem)]);
    if (data.visitId !== null) await checkVerifyingVisit(tx, row, data.visitId, data.changedOn);
    const changeId = await insertStatusChange(tx.db, {
      recommendationId: id,
      status: data.status,
      changedOn: data.changedOn,
      note: data.note === "" ? null : data.note,
      visitId: data.visitId,
      recordedBy: tx.actor.label,
      recordedByUserId: tx.actor.kind === "user" ? tx.actor.userId : null,
    });
    // The lock held since loading: the version cannot have moved.
    await updateRecommendationRow(tx.db, id, row.version, { status: data.status, statusOn: data.changedOn });
    await recordChange(tx.db, tx.actor, {
      action: "create",
      entityType: "recommendation_status_change",
      entityId: changeId,
      entityLabel: recommendationReference(row),
      before: { status: row.status, statusOn: row.statusOn },
      after: {
        recommendationId: id,
        status: data.status,
        changedOn: data.changedOn,
        visitId: data.visitId,
        side: sides,
      },
    });
    return presentRecommendation(tx, await loadReadable(tx, id));
  });
}

export type EvidenceUpload = { fileName: string; bytes: Uint8Array };

/** Adds an evidence file to a status change, by whoever may change the status; type read from the bytes. */
export async function addStatusEvidence(
  ctx: ServiceContext,
  id: string,
  changeId: string,
  upload: EvidenceUpload,
): Promise<Recommendation> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadReadable(tx, id, { forUpdate: true });
    if (sidesOf(tx.actor, row, "update").length === 0)
      throw new AppError("forbidden", "Only the monitoring body and the addressee add evidence.");
    const change = (await selectStatusChanges(tx.db, id)).find((c) => c.id === changeId);
    if (!change) throw notFound("The status change");
    const file = await readUpload(upload, tx.actor);
    await insertEvidence(tx.db, changeId, file);
    await recordChange(tx.db, tx.actor, {
      action: "create",
      entityType: "recommendation_evidence",
      entityId: changeId,
      entityLabel: recommendationReference(row),
      before: null,
      after: {
        statusChangeId: changeId,
        fileName: file.fileName,
        contentType: file.contentType,
        sha256: file.sha256,
      },
    });
    return presentRecommendation(tx, await loadReadable(tx, id));
  });
}

/** An evidence file for download: the two sides only (a published recommendation does not publish its evidence). */
export async function getStatusEvidenceFile(
  ctx: ServiceContext,
  id: string,
  evidenceId: string,
): Promise<EvidenceFile> {
  const row = await loadReadable(ctx, id);
  if (!isInsider(ctx.actor, row)) throw notFound("The evidence file");
  const file = await selectEvidenceFile(ctx.db, id, evidenceId);
  if (!file) throw notFound("The evidence file");
  return file;
}
