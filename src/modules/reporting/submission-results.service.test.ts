// Accepted reports feed the programmes' results (decision 017): only once every body accepted; written once per
// report and indicator, updated (not duplicated) on a new acceptance after a reopen; a value entered by hand for the
// same indicator and period is kept and the report's listed beside it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import {
  contextAs,
  createOrganisationFixture,
  createProgrammeFixture,
  systemActor,
} from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { addIndicator, addLogframeItem, addResult, listResults, removeResult } from "../programmes";
import { createBody } from "./bodies.service";
import { createObligation } from "./obligations.service";
import type { Submission, SubmissionContent } from "./reporting.schema";
import {
  createSubmission,
  reviewSubmission,
  submitSubmission,
  updateSubmission,
} from "./submissions.service";

let handle: DatabaseHandle;
let ctx: ServiceContext;
let programmeId: string;
/** The reporting organisation, which leads the programme (a report gives values of its own programmes only). */
let csoId: string;
let reached: string; // fed, then updated
let clinics: string; // entered by hand too
let dropped: string; // fed, then no longer reported
let bodyA: string;
let bodyB: string;
let submission: Submission;

const content = (values: Record<string, number>): Partial<SubmissionContent> => ({
  narrative: "Clinics in four sectors.",
  indicators: Object.entries(values).map(([indicatorId, value]) => ({ programmeId, indicatorId, value })),
});
const submit = async () => {
  submission = await submitSubmission(ctx, submission.id, submission.version);
};
const review = async (action: "accept" | "return" | "reopen", bodyId: string) => {
  submission = await reviewSubmission(
    ctx,
    submission.id,
    action,
    action === "reopen" ? { bodyId, reason: "The people reached were counted twice." } : { bodyId },
  );
};
const outcomes = () =>
  Object.fromEntries(submission.resultsFeed.map((e) => [e.indicatorId, [e.outcome, e.existingValues]]));

beforeAll(async () => {
  handle = await createTestDatabase();
  ctx = contextAs(handle, systemActor);
  const cso = await createOrganisationFixture(ctx, { name: "Legal Aid Feed" });
  csoId = cso.id;
  for (const name of ["Feed JADF", "Feed Secretariat"]) {
    const org = await createOrganisationFixture(ctx, { name });
    const body = await createBody(ctx, { organisationId: org.id, kind: "other" });
    await createObligation(ctx, {
      organisationId: cso.id,
      bodyId: body.id,
      periodType: "quarter",
      dueDays: 15,
      startPeriod: "2026-Q1",
      sections: ["narrative", "indicators"],
    });
    if (name === "Feed JADF") bodyA = body.id;
    else bodyB = body.id;
  }
  const programme = await createProgrammeFixture(ctx, {
    leadOrganisationId: cso.id,
    objective: "Access to justice for all",
  });
  programmeId = programme.id;
  const outcome = await addLogframeItem(ctx, programmeId, {
    parentId: programme.logframe[0]?.id ?? "",
    level: "outcome",
    text: "People know their rights",
  });
  const indicator = async (title: string) =>
    (await addIndicator(ctx, programmeId, { logframeItemId: outcome.id, title, unit: "people" })).id;
  reached = await indicator("People given legal advice");
  clinics = await indicator("People at mobile clinics");
  dropped = await indicator("Detainees visited");
  // An M&E officer already entered the clinics for the quarter by hand.
  await addResult(ctx, programmeId, {
    indicatorId: clinics,
    periodStart: "2026-01-01",
    periodEnd: "2026-03-31",
    valueKind: "exact",
    value: 55,
  });
  submission = await createSubmission(ctx, {
    organisationId: cso.id,
    period: "2026-Q1",
    content: { ...content({ [reached]: 120, [clinics]: 40, [dropped]: 7 }) } as SubmissionContent,
  });
  await submit();
});
afterAll(async () => handle?.close());

describe("results from an accepted report", () => {
  it("waits for every body: one acceptance writes nothing", async () => {
    await review("accept", bodyA);
    expect(submission.status).toBe("submitted");
    expect(submission.resultsFeed).toEqual([]);
    expect(await listResults(ctx, programmeId, reached)).toEqual([]);
  });

  it("writes each value as the programme's result once every body accepted, keeping the one entered by hand", async () => {
    await review("accept", bodyB);
    expect(submission.status).toBe("accepted");
    expect(outcomes()).toEqual({
      [reached]: ["written", []],
      [clinics]: ["kept_existing", [55]],
      [dropped]: ["written", []],
    });
    const [result, ...more] = await listResults(ctx, programmeId, reached);
    expect(more).toEqual([]);
    expect(result).toMatchObject({
      value: 120,
      periodStart: "2026-01-01",
      periodEnd: "2026-03-31",
      submissionId: submission.id,
    });
    // The hand-entered value is untouched and no second clinics result was written.
    const clinicResults = await listResults(ctx, programmeId, clinics);
    expect(clinicResults.map((r) => [r.value, r.submissionId])).toEqual([[55, null]]);
    // A result from a report changes only through the report.
    await expect(
      removeResult(ctx, programmeId, result?.id ?? "", result?.version ?? 0),
    ).rejects.toMatchObject({ kind: "validation", errors: [{ code: "from_submission" }] });
  });

  it("updates rather than duplicates when accepted again after a reopen, and withdraws a value no longer given", async () => {
    const [before] = await listResults(ctx, programmeId, reached);
    await review("reopen", bodyA);
    expect(submission.status).toBe("returned");
    // Until accepted again, the accepted values stay the programme's results.
    expect((await listResults(ctx, programmeId, reached)).map((r) => r.value)).toEqual([120]);
    submission = await updateSubmission(ctx, submission.id, submission.version, {
      content: { ...submission.content, ...content({ [reached]: 95, [clinics]: 40 }) },
    });
    await submit();
    await review("accept", bodyA);
    expect(outcomes()[reached]).toEqual(["updated", []]);
    const after = await listResults(ctx, programmeId, reached);
    expect(after.map((r) => [r.id, r.value])).toEqual([[before?.id, 95]]);
    expect(after[0]?.version).toBe((before?.version ?? 0) + 1);
    expect(await listResults(ctx, programmeId, dropped)).toEqual([]);
    expect(outcomes()[clinics]).toEqual(["kept_existing", [55]]);
    // Accepted once more with nothing changed: the same results, unchanged.
    await review("reopen", bodyB);
    await submit();
    await review("accept", bodyB);
    expect(outcomes()[reached]).toEqual(["unchanged", []]);
    expect((await listResults(ctx, programmeId, reached)).map((r) => r.value)).toEqual([95]);
  });

  it("refuses a value the programme's rules refuse, saying why, and writes the others", async () => {
    // An earlier obligation of the same organisation to a third body, so that a report of 2024 can be made.
    const body = await createBody(ctx, {
      organisationId: (await createOrganisationFixture(ctx, { name: "Feed Ministry" })).id,
      kind: "other",
    });
    await createObligation(ctx, {
      organisationId: csoId,
      bodyId: body.id,
      periodType: "quarter",
      dueDays: 15,
      startPeriod: "2024-Q1",
      sections: ["narrative"],
    });
    submission = await createSubmission(ctx, {
      organisationId: csoId,
      period: "2024-Q4",
      // The programme runs from 2025: a 2024 value is outside it; a negative count is never a result.
      content: { ...content({ [reached]: 10, [clinics]: -4 }) } as SubmissionContent,
    });
    await submit();
    await review("accept", body.id);
    expect(submission.resultsFeed.map((e) => e.outcome)).toEqual(["refused", "refused"]);
    expect(submission.resultsFeed[0]?.reason).toContain("outside the programme");
    expect((await listResults(ctx, programmeId, reached)).map((r) => r.value)).toEqual([95]);
  });
});
