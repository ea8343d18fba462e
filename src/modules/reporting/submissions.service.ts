// Submissions: an organisation's report for a period to one or several bodies; drafted, submitted, reviewed by
// each body on its own (returned with comments, accepted, reopened), every submitted version kept.
import {
  type Actor,
  assertAllowedOnResource,
  inTransaction,
  isAllowed,
  listScope,
  preconditionFailed,
  type ServiceContext,
  type TransactionContext,
} from "../../kernel";
import { AppError, conflict, type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import { feedSubmissionResults } from "../programmes";
import { selectObligations } from "./obligations.store";
import { comparePeriods, dueDate, parsePeriod, periodEnd, periodStart } from "./periods";
import {
  type Addressee,
  emptyContent,
  ReopenInputSchema,
  ReviewInputSchema,
  SECTION_KEYS,
  type SectionComments,
  type SectionKey,
  type Submission,
  type SubmissionContent,
  SubmissionContentSchema,
  type SubmissionInput,
  SubmissionInputSchema,
  type SubmissionList,
  SubmissionListQuerySchema,
  SubmissionPatchSchema,
  type SubmissionVersion,
} from "./reporting.schema";
import { bodyScope, submissionScope } from "./reporting-scope";
import { selectAttachments, summaryOf } from "./submission-attachments.store";
import { datesOutsidePeriod, isEditable, missingSections, submissionStatusOf } from "./submission-rules";
import {
  type AddresseeRow,
  deleteSubmissionRow,
  insertSubmission,
  insertVersion,
  type SubmissionRow,
  selectAddressees,
  selectExistingPlaceIds,
  selectIndicatorProgrammes,
  selectOwnProgrammeIds,
  selectSubmission,
  selectSubmissionPage,
  selectTakenObligations,
  selectVersion,
  selectVersions,
  updateAddresseeRow,
  updateResultsFeed,
  updateSubmissionRow,
  updateSubmissionStatus,
} from "./submissions.store";

export const ENTITY = "submission";
const LABEL = "The submission";
export const labelOf = (s: { organisationName: string; period: string }) =>
  `${s.organisationName} — ${s.period}`;

const reviewScopeOf = (a: AddresseeRow) =>
  bodyScope({ organisationId: a.bodyOrganisationId, districtId: a.districtId });

/** May the actor read it: as its organisation's staff, or as a reviewer of one of its bodies. */
function canRead(actor: Actor, s: SubmissionRow, addressees: readonly AddresseeRow[]): boolean {
  return (
    isAllowed(actor, "submission", "read", submissionScope(s)) ||
    addressees.some((a) => isAllowed(actor, "submission_review", "read", reviewScopeOf(a)))
  );
}

export type Loaded = { submission: SubmissionRow; addressees: AddresseeRow[] };

/** Loads a submission the actor may read (404 otherwise) and, for "update", may change (403 otherwise). */
export async function loadSubmission(
  ctx: ServiceContext,
  id: string,
  action: "read" | "update" | "delete",
  options: { forUpdate?: boolean } = {},
): Promise<Loaded> {
  const submission = await selectSubmission(ctx.db, id, options);
  if (!submission) throw notFound(LABEL);
  const addressees = await selectAddressees(ctx.db, [id], options);
  if (!canRead(ctx.actor, submission, addressees)) throw notFound(LABEL);
  if (action !== "read" && !isAllowed(ctx.actor, "submission", action, submissionScope(submission))) {
    throw new AppError("forbidden", "Only the reporting organisation's staff change its report.");
  }
  return { submission, addressees };
}

function requiredSectionsOf(addressees: readonly AddresseeRow[]): SectionKey[] {
  const all = new Set(addressees.flatMap((a) => a.sections));
  return SECTION_KEYS.filter((s) => all.has(s));
}

function toAddressee(actor: Actor, a: AddresseeRow): Addressee {
  return {
    id: a.id,
    bodyId: a.bodyId,
    bodyName: a.bodyName,
    obligationId: a.obligationId,
    status: a.status,
    dueDate: dueDate(a.period, a.dueDays),
    firstSubmittedAt: a.firstSubmittedAt,
    lastSubmittedAt: a.lastSubmittedAt,
    reviewedAt: a.reviewedAt,
    acceptedVersion: a.acceptedVersion,
    comments: a.comments,
    canReview: isAllowed(actor, "submission_review", "update", reviewScopeOf(a)),
    version: a.version,
  };
}

async function detailOf(ctx: ServiceContext, { submission, addressees }: Loaded): Promise<Submission> {
  const statuses = addressees.map((a) => a.status);
  return {
    ...submission,
    bodies: addressees.map((a) => ({ bodyId: a.bodyId, bodyName: a.bodyName, status: a.status })),
    requiredSections: requiredSectionsOf(addressees),
    addressees: addressees.map((a) => toAddressee(ctx.actor, a)),
    versions: await selectVersions(ctx.db, submission.id),
    attachments: await selectAttachments(ctx.db, submission.id),
    canEdit: isAllowed(ctx.actor, "submission", "update", submissionScope(submission)),
    editable: isEditable(statuses),
  };
}

/** Refuses content that names unknown places or indicators, or dates outside the period (422 with field paths). */
async function checkContent(
  ctx: ServiceContext,
  content: SubmissionContent,
  { period, organisationId }: { period: string; organisationId: string },
): Promise<void> {
  const errors: FieldError[] = datesOutsidePeriod(content, period).map((path) => ({
    path,
    message: `This date is outside the period ${period}.`,
    code: "outside_period",
    in: "body",
  }));
  const placeIds = [...content.activities.map((a) => a.placeId), ...content.hindrances.map((h) => h.placeId)];
  const known = await selectExistingPlaceIds(ctx.db, [...new Set(placeIds)]);
  content.activities.forEach((a, i) => {
    if (!known.has(a.placeId))
      errors.push({
        path: `content.activities.${i}.placeId`,
        message: "Unknown place.",
        code: "unknown_place",
        in: "body",
      });
  });
  content.hindrances.forEach((h, i) => {
    if (!known.has(h.placeId))
      errors.push({
        path: `content.hindrances.${i}.placeId`,
        message: "Unknown place.",
        code: "unknown_place",
        in: "body",
      });
  });
  const indicators = await selectIndicatorProgrammes(ctx.db, [
    ...new Set(content.indicators.map((v) => v.indicatorId)),
  ]);
  content.indicators.forEach((v, i) => {
    if (indicators.get(v.indicatorId) !== v.programmeId)
      errors.push({
        path: `content.indicators.${i}.indicatorId`,
        message: "No such indicator in this programme.",
        code: "unknown_indicator",
        in: "body",
      });
  });
  // Accepted values become the programme's results: an organisation reports only on the programmes it runs.
  const own = await selectOwnProgrammeIds(ctx.db, organisationId, [
    ...new Set(content.indicators.map((v) => v.programmeId)),
  ]);
  content.indicators.forEach((v, i) => {
    if (!own.has(v.programmeId))
      errors.push({
        path: `content.indicators.${i}.programmeId`,
        message: "Report only on the programmes your organisation leads or implements.",
        code: "not_own_programme",
        in: "body",
      });
  });
  if (errors.length > 0) throw invalid(errors);
}

export async function listSubmissions(ctx: ServiceContext, query: unknown): Promise<SubmissionList> {
  const q = parseInput(SubmissionListQuerySchema, query, "query");
  return selectSubmissionPage(ctx.db, q, {
    own: listScope(ctx.actor, "submission"),
    review: listScope(ctx.actor, "submission_review"),
  });
}

export async function getSubmission(ctx: ServiceContext, id: string): Promise<Submission> {
  return detailOf(ctx, await loadSubmission(ctx, id, "read"));
}

export async function getSubmissionVersion(
  ctx: ServiceContext,
  id: string,
  number: number,
): Promise<SubmissionVersion> {
  await loadSubmission(ctx, id, "read");
  const version = await selectVersion(ctx.db, id, number);
  if (!version) throw notFound("This version of the submission");
  return version;
}

/**
 * Starts the organisation's report for a period, addressed to every body it must report to for that period (or
 * those named). One report per obligation and period: a second is refused, naming the first.
 */
export async function createSubmission(ctx: ServiceContext, input: SubmissionInput): Promise<Submission> {
  const values = parseInput(SubmissionInputSchema, input);
  assertAllowedOnResource(ctx.actor, "submission", "create", submissionScope(values));
  const period = values.period;
  const periodType = parsePeriod(period)?.type;
  if (!periodType) throw invalid([{ path: "period", message: "Not a period.", in: "body" }]);
  const content = values.content ?? emptyContent();
  await checkContent(ctx, content, { period, organisationId: values.organisationId });
  const id = await inTransaction(ctx, async (tx) => {
    const running = (
      await selectObligations(tx.db, { organisationId: values.organisationId, periodType })
    ).filter(
      (o) =>
        o.bodyActive &&
        comparePeriods(o.startPeriod, period) <= 0 &&
        (o.endPeriod === null || comparePeriods(period, o.endPeriod) <= 0),
    );
    // A deactivated organisation owes the periods that began by the day of deactivation, no later one.
    const obligations = running.filter(
      (o) => o.organisationDeactivatedOn === null || periodStart(period) <= o.organisationDeactivatedOn,
    );
    const deactivatedOn = running.find(
      (o) => o.organisationDeactivatedOn !== null,
    )?.organisationDeactivatedOn;
    if (obligations.length === 0 && deactivatedOn)
      throw invalid([
        {
          path: "period",
          message: `This organisation was deactivated on ${deactivatedOn}: no report is expected for ${period}.`,
          code: "not_obliged",
          in: "body",
        },
      ]);
    const chosen = values.bodyIds
      ? obligations.filter((o) => values.bodyIds?.includes(o.bodyId))
      : obligations;
    const obligedBodies = new Set(obligations.map((o) => o.bodyId));
    const notObliged = (values.bodyIds ?? []).findIndex((b) => !obligedBodies.has(b));
    if (notObliged >= 0) {
      throw invalid([
        {
          path: `bodyIds.${notObliged}`,
          message: `This organisation has no obligation to report to this body for ${period}.`,
          code: "not_obliged",
          in: "body",
        },
      ]);
    }
    if (chosen.length === 0) {
      throw invalid([
        {
          path: "period",
          message: `This organisation has no running obligation to report for ${period} (${periodType.replace("_", "-")}).`,
          code: "not_obliged",
          in: "body",
        },
      ]);
    }
    const taken = await selectTakenObligations(
      tx.db,
      chosen.map((o) => o.id),
      period,
    );
    if (taken.length > 0) {
      const first = taken[0];
      throw conflict(`A report for ${period} to this body already exists; open it instead.`, [
        {
          path: "period",
          message: `Already started: submission ${first?.submissionId}.`,
          code: "duplicate",
          params: { submissionId: first?.submissionId ?? "" },
          in: "body",
        },
      ]);
    }
    const newId = await insertSubmission(
      tx.db,
      { organisationId: values.organisationId, period, periodType, content },
      chosen.map((o) => ({ obligationId: o.id, bodyId: o.bodyId })),
    );
    const created = await loadSubmission(tx, newId, "read");
    await recordChange(tx.db, ctx.actor, {
      action: "create",
      entityType: ENTITY,
      entityId: newId,
      entityLabel: labelOf(created.submission),
      before: null,
      after: { ...created.submission, bodies: chosen.map((o) => o.bodyName) },
    });
    return newId;
  });
  return getSubmission(ctx, id);
}

/** Saves the sections (If-Match): while a draft, or returned by some body. */
export async function updateSubmission(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Submission> {
  const { content } = parseInput(SubmissionPatchSchema, patch);
  return inTransaction(ctx, async (tx) => {
    const loaded = await loadSubmission(tx, id, "update", { forUpdate: true });
    const { submission, addressees } = loaded;
    if (submission.version !== expectedVersion) throw preconditionFailed(submission.version);
    if (!isEditable(addressees.map((a) => a.status))) {
      throw conflict(
        "This report was submitted and waits for review (or was accepted); nothing was changed. A body can return it or reopen it.",
      );
    }
    await checkContent(tx, content, submission);
    if (!(await updateSubmissionRow(tx.db, id, expectedVersion, { content })))
      throw preconditionFailed(submission.version);
    const after = await loadSubmission(tx, id, "read");
    await recordChange(tx.db, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: labelOf(submission),
      before: { content: submission.content },
      after: { content: after.submission.content },
    });
    return detailOf(tx, after);
  });
}

/**
 * When a submit or review happens: now, or noon in Kigali on the context's fixed day (tests and the example data
 * write reports over past quarters through these same use cases; timeliness reads the day of the first submit).
 */
const momentOf = (ctx: ServiceContext): Date =>
  ctx.today ? new Date(`${ctx.today}T12:00:00+02:00`) : new Date();

/** Sends it (If-Match) to every body that has it as a draft or returned it; keeps this version whole. */
export async function submitSubmission(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
): Promise<Submission> {
  return inTransaction(ctx, async (tx) => {
    const { submission, addressees } = await loadSubmission(tx, id, "update", { forUpdate: true });
    if (submission.version !== expectedVersion) throw preconditionFailed(submission.version);
    const targets = addressees.filter((a) => a.status === "draft" || a.status === "returned");
    if (targets.length === 0) {
      throw conflict(
        addressees.every((a) => a.status === "accepted")
          ? "This report was accepted; nothing was changed. A reviewer can reopen it."
          : "This report was already submitted and waits for review; nothing was changed.",
      );
    }
    const content = parseInput(SubmissionContentSchema, submission.content);
    const attachments = await selectAttachments(tx.db, id);
    const missing = missingSections(content, requiredSectionsOf(addressees), attachments.length);
    if (missing.length > 0) {
      throw invalid(
        missing.map((section) => ({
          path: `content.${section}`,
          message: "This section is required before submitting.",
          code: "section_required",
          params: { section },
          in: "body" as const,
        })),
        `Fill in ${missing.join(", ")} before submitting.`,
      );
    }
    await checkContent(tx, content, submission);
    const number = submission.submittedVersions + 1;
    const now = momentOf(ctx);
    await insertVersion(tx.db, {
      submissionId: id,
      number,
      content,
      attachments: attachments.map(summaryOf),
      submittedBy: ctx.actor.kind === "user" ? ctx.actor.userId : null,
    });
    for (const a of targets) {
      await updateAddresseeRow(tx.db, a.id, {
        status: a.status === "draft" ? "submitted" : "resubmitted",
        ...(a.firstSubmittedAt ? {} : { firstSubmittedAt: now }),
        lastSubmittedAt: now,
      });
    }
    const statuses = addressees.map((a) =>
      targets.includes(a) ? (a.status === "draft" ? "submitted" : "resubmitted") : a.status,
    );
    if (
      !(await updateSubmissionRow(tx.db, id, expectedVersion, {
        status: submissionStatusOf(statuses),
        submittedVersions: number,
      }))
    )
      throw preconditionFailed(submission.version);
    await recordChange(tx.db, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: labelOf(submission),
      before: { status: submission.status, submittedVersions: submission.submittedVersions },
      after: {
        status: submissionStatusOf(statuses),
        submittedVersions: number,
        submittedTo: targets.map((a) => a.bodyName),
      },
    });
    return detailOf(tx, await loadSubmission(tx, id, "read"));
  });
}

type ReviewAction = "return" | "accept" | "reopen";

const ALLOWED_FROM: Record<ReviewAction, readonly string[]> = {
  return: ["submitted", "resubmitted"],
  accept: ["submitted", "resubmitted"],
  reopen: ["accepted"],
};

/** One body's review: return with comments, accept (locks it for that body), or reopen an accepted one with a reason. */
export async function reviewSubmission(
  ctx: ServiceContext,
  id: string,
  action: ReviewAction,
  input: unknown,
): Promise<Submission> {
  const parsed =
    action === "reopen"
      ? (() => {
          const r = parseInput(ReopenInputSchema, input);
          return {
            bodyId: r.bodyId,
            comments: { general: r.reason } as SectionComments,
            submittedVersion: undefined,
          };
        })()
      : parseInput(ReviewInputSchema, input);
  return inTransaction(ctx, async (tx: TransactionContext) => {
    const { submission, addressees } = await loadSubmission(tx, id, "read", { forUpdate: true });
    const addressee = addressees.find((a) => a.bodyId === parsed.bodyId);
    if (!addressee) {
      throw invalid([
        {
          path: "bodyId",
          message: "This report is not addressed to this body.",
          code: "not_addressed",
          in: "body",
        },
      ]);
    }
    if (!isAllowed(ctx.actor, "submission_review", "update", reviewScopeOf(addressee))) {
      throw new AppError(
        "forbidden",
        `Only ${addressee.bodyName}'s reviewers review its copy of this report.`,
      );
    }
    if (parsed.submittedVersion !== undefined && parsed.submittedVersion !== submission.submittedVersions) {
      throw new AppError(
        "precondition_failed",
        `The organisation submitted version ${submission.submittedVersions} since you read version ${parsed.submittedVersion}; read it again before reviewing.`,
      );
    }
    if (!ALLOWED_FROM[action].includes(addressee.status)) {
      throw conflict(
        `${addressee.bodyName} has this report as "${addressee.status}": it cannot be ${
          action === "return" ? "returned" : action === "accept" ? "accepted" : "reopened"
        } now; nothing was changed.`,
      );
    }
    const now = momentOf(ctx);
    const status = action === "accept" ? "accepted" : "returned";
    await updateAddresseeRow(tx.db, addressee.id, {
      status,
      reviewedAt: now,
      ...(action === "accept" ? { acceptedVersion: submission.submittedVersions } : {}),
      ...(action === "reopen" ? { acceptedVersion: null } : {}),
      ...(action !== "accept" ? { comments: parsed.comments ?? {} } : {}),
    });
    const statuses = addressees.map((a) => (a.id === addressee.id ? status : a.status));
    await updateSubmissionStatus(tx.db, id, submissionStatusOf(statuses));
    if (submissionStatusOf(statuses) === "accepted") await feedResults(tx, submission);
    await recordChange(tx.db, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: labelOf(submission),
      before: { body: addressee.bodyName, status: addressee.status },
      after: {
        body: addressee.bodyName,
        status,
        review: action,
        ...(action !== "accept"
          ? { comments: parsed.comments ?? {} }
          : { acceptedVersion: submission.submittedVersions }),
      },
    });
    return detailOf(tx, await loadSubmission(tx, id, "read"));
  });
}

/**
 * Once every body accepted it, the report's indicator values become the programmes' results for its period
 * (decision 017): the version they accepted, through the programmes module, in the acceptance's transaction.
 */
async function feedResults(tx: TransactionContext, submission: SubmissionRow): Promise<void> {
  const accepted = await selectVersion(tx.db, submission.id, submission.submittedVersions);
  if (!accepted)
    throw new Error(`submission ${submission.id} has no version ${submission.submittedVersions}`);
  const feed = await feedSubmissionResults(tx.db, tx.actor, {
    submissionId: submission.id,
    label: labelOf(submission),
    periodStart: periodStart(submission.period),
    periodEnd: periodEnd(submission.period),
    values: accepted.content.indicators,
  });
  await updateResultsFeed(tx.db, submission.id, feed);
}

/** A draft never submitted may be deleted (If-Match); a submitted report is kept. */
export async function deleteSubmission(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { submission } = await loadSubmission(tx, id, "delete", { forUpdate: true });
    if (submission.version !== expectedVersion) throw preconditionFailed(submission.version);
    if (submission.submittedVersions > 0) {
      throw conflict("This report was submitted: it is kept. Nothing was deleted.");
    }
    if (!(await deleteSubmissionRow(tx.db, id, expectedVersion)))
      throw preconditionFailed(submission.version);
    await recordChange(tx.db, ctx.actor, {
      action: "delete",
      entityType: ENTITY,
      entityId: id,
      entityLabel: labelOf(submission),
      before: submission,
      after: null,
    });
  });
}
