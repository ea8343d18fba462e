// Recommendations on both databases: references checked field by field with nothing written, reach (monitoring body,
// addressee, published; 404 elsewhere, absent from lists), status changes by side and date with a verifying
// follow-up visit, the response, delete only while unanswered, follow-up actions, overdue and the tracker.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  buildUserActor,
  createOrganisationFixture,
  monitoringFindingRow,
  monitoringVisitRow,
  nationalGrant,
  systemActor,
} from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { Grant, ServiceContext } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import { placeTable } from "../places/places.table";
import { createFollowUpAction, listFollowUpActions, updateFollowUpAction } from "./follow-up-actions.service";
import { addStatusEvidence, changeRecommendationStatus } from "./recommendation-status-changes.service";
import { getRecommendationTracker } from "./recommendation-tracker.service";
import type { RecommendationInput } from "./recommendations.schema";
import {
  createRecommendation,
  deleteRecommendation,
  getRecommendation,
  listCitableFindings,
  listRecommendations,
  respondToRecommendation,
  updateRecommendation,
} from "./recommendations.service";

const TODAY = "2026-06-15";
let handle: DatabaseHandle;
let nchr: string;
let otherBody: string;
let rcs: string;
let rnp: string;
let prisonA: string;
let prisonB: string;
let district: string;
let visitA: string;
let findingA: string;
let otherBodyFinding: string;

const orgGrant = (role: Grant["role"], scopeId: string): Grant => ({
  role,
  scopeType: "organisation",
  scopeId,
});
const as = (grants: Grant[], organisationIds: string[] = []): ServiceContext => ({
  db: handle.db,
  actor: buildUserActor(grants, organisationIds),
  today: TODAY,
});
let monitor: ServiceContext;
let rcsEditor: ServiceContext;
let rnpEditor: ServiceContext;
let viewer: ServiceContext;
let otherMonitor: ServiceContext;

async function expectProblem(promise: Promise<unknown>, kind: AppError["kind"], paths: string[] = []) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.kind).toBe(kind);
  expect(appError.errors.map((e) => e.path).sort()).toEqual([...paths].sort());
}

const input = (overrides: Partial<RecommendationInput> = {}): RecommendationInput => ({
  monitoringOrganisationId: nchr,
  text: "Reduce the population of the prison to its capacity.",
  theme: "overcrowding",
  addresseeOrganisationId: rcs,
  priority: "high",
  issuedOn: "2026-02-01",
  deadline: "2026-05-31",
  findingIds: [findingA],
  placeIds: [prisonA],
  ...overrides,
});

beforeAll(async () => {
  handle = await createTestDatabase();
  const sys = { db: handle.db, actor: systemActor };
  nchr = (await createOrganisationFixture(sys, { kind: "government" })).id;
  otherBody = (await createOrganisationFixture(sys, { kind: "government" })).id;
  rcs = (await createOrganisationFixture(sys, { kind: "government" })).id;
  rnp = (await createOrganisationFixture(sys, { kind: "government" })).id;
  const places = await handle.db
    .select({ id: placeTable.id })
    .from(placeTable)
    .where(eq(placeTable.kind, "place_of_detention"))
    .orderBy(placeTable.code)
    .limit(2);
  [prisonA, prisonB] = places.map((p) => p.id) as [string, string];
  const [d] = await handle.db
    .select({ id: placeTable.id })
    .from(placeTable)
    .where(and(eq(placeTable.kind, "district")))
    .limit(1);
  district = d?.id ?? "";
  visitA = await monitoringVisitRow(handle.db, {
    monitoringOrganisationId: nchr,
    placeId: prisonA,
    startsOn: "2026-01-20",
    endsOn: "2026-01-22",
  });
  findingA = await monitoringFindingRow(handle.db, visitA);
  const otherVisit = await monitoringVisitRow(handle.db, {
    monitoringOrganisationId: otherBody,
    placeId: prisonA,
    startsOn: "2026-01-10",
  });
  otherBodyFinding = await monitoringFindingRow(handle.db, otherVisit);
  monitor = as([orgGrant("monitor", nchr)], [nchr]);
  otherMonitor = as([orgGrant("monitor", otherBody)], [otherBody]);
  rcsEditor = as([orgGrant("partner_editor", rcs)], [rcs]);
  rnpEditor = as([orgGrant("partner_editor", rnp)], [rnp]);
  viewer = as([nationalGrant("viewer")]);
});
afterAll(async () => handle?.close());

describe("writing a recommendation", () => {
  it("saves it with its reference, the finding's visit as a source, and an audit entry", async () => {
    const rec = await createRecommendation(monitor, input({ vulnerableGroups: ["women"] }));
    expect(rec.reference).toMatch(/^REC-2026-\d+$/);
    expect(rec.status).toBe("not_answered");
    expect(rec.statusOn).toBe("2026-02-01");
    expect(rec.places.map((p) => p.id)).toEqual([prisonA]);
    expect(rec.sources).toHaveLength(1);
    expect(rec.sources[0]?.visitId).toBe(visitA);
    expect(rec.sources[0]?.findings.map((f) => f.id)).toEqual([findingA]);
    expect(rec.can).toMatchObject({ edit: true, delete: true, respond: false });
    const audit = await queryRows<{ action: string }>(
      handle.db,
      sql`select action from audit_log where entity_type = 'recommendation' and entity_id = ${rec.id}`,
    );
    expect(audit.map((a) => a.action)).toEqual(["create"]);
  });

  it("names each field that does not fit and writes nothing", async () => {
    await expectNothingWritten(handle.db, () =>
      expectProblem(
        createRecommendation(
          monitor,
          input({
            addresseeOrganisationId: "00000000-0000-4000-8000-000000000000",
            findingIds: [findingA, otherBodyFinding],
            visitIds: ["00000000-0000-4000-8000-000000000001"],
            placeIds: [prisonA, district],
          }),
        ),
        "validation",
        ["addresseeOrganisationId", "findingIds.1", "visitIds.0", "placeIds.1"],
      ),
    );
    await expectNothingWritten(handle.db, () =>
      expectProblem(createRecommendation(monitor, input({ deadline: "2026-01-31" })), "validation", [
        "deadline",
      ]),
    );
    // Issued before the visit ended, with a deadline on the visit's first day: before the visit it comes from.
    await expectNothingWritten(handle.db, () =>
      expectProblem(
        createRecommendation(monitor, input({ issuedOn: "2026-01-20", deadline: "2026-01-21" })),
        "validation",
        ["deadline"],
      ),
    );
    await expectNothingWritten(handle.db, () =>
      expectProblem(createRecommendation(monitor, input({ placeIds: [] })), "validation", ["placeIds"]),
    );
    await expectNothingWritten(handle.db, () =>
      expectProblem(createRecommendation(monitor, input({ allFacilities: true })), "validation", [
        "placeIds",
      ]),
    );
  });

  it("refuses monitors of another body and the addressee's staff (403), writing nothing", async () => {
    await expectNothingWritten(handle.db, () =>
      expectProblem(createRecommendation(otherMonitor, input()), "forbidden"),
    );
    await expectNothingWritten(handle.db, () =>
      expectProblem(createRecommendation(rcsEditor, input()), "forbidden"),
    );
  });

  it("changes it at the version read (412 otherwise) and moves it to all facilities", async () => {
    const rec = await createRecommendation(monitor, input());
    const changed = await updateRecommendation(monitor, rec.id, rec.version, {
      allFacilities: true,
      priority: "medium",
    });
    expect(changed).toMatchObject({ allFacilities: true, priority: "medium", places: [] });
    await expectProblem(
      updateRecommendation(monitor, rec.id, rec.version, { priority: "low" }),
      "precondition_failed",
    );
    await expectProblem(
      updateRecommendation(rcsEditor, rec.id, changed.version, { priority: "low" }),
      "forbidden",
    );
  });
});

describe("findings to cite", () => {
  it("lists the body's findings by visit for its monitors only", async () => {
    const cited = await listCitableFindings(monitor, { monitoringOrganisationId: nchr });
    const visit = cited.items.find((v) => v.visitId === visitA);
    expect(visit?.findings.map((f) => f.id)).toContain(findingA);
    expect(cited.items.flatMap((v) => v.findings.map((f) => f.id))).not.toContain(otherBodyFinding);
    await expectProblem(listCitableFindings(rcsEditor, { monitoringOrganisationId: nchr }), "forbidden");
  });
});

describe("who reads it", () => {
  it("shows an unpublished one to its body and its addressee only; 404 and absent elsewhere", async () => {
    const rec = await createRecommendation(monitor, input({ text: "Unpublished one" }));
    expect((await getRecommendation(rcsEditor, rec.id)).can).toMatchObject({ respond: true, edit: false });
    for (const ctx of [rnpEditor, viewer, otherMonitor])
      await expectProblem(getRecommendation(ctx, rec.id), "not_found");
    const ids = async (ctx: ServiceContext) =>
      (await listRecommendations(ctx, { limit: "500" })).items.map((r) => r.id);
    expect(await ids(rcsEditor)).toContain(rec.id);
    expect(await ids(rnpEditor)).not.toContain(rec.id);
    expect(await ids(viewer)).not.toContain(rec.id);
  });

  it("shows a published one to every signed-in user, without notes, findings or evidence", async () => {
    const rec = await createRecommendation(monitor, input({ publishedOn: "2026-03-01" }));
    await changeRecommendationStatus(rcsEditor, rec.id, {
      status: "accepted",
      changedOn: "2026-03-02",
      note: "Internal note of the RCS",
    });
    const seen = await getRecommendation(viewer, rec.id);
    expect(seen.status).toBe("accepted");
    expect(seen.history[0]).toMatchObject({ status: "accepted", note: null });
    expect(seen.history[0]?.evidence).toBeUndefined();
    expect(seen.sources[0]?.findings).toEqual([]);
    expect((await getRecommendation(monitor, rec.id)).history[0]?.note).toBe("Internal note of the RCS");
    expect((await listRecommendations(rnpEditor, { limit: "500" })).items.map((r) => r.id)).toContain(rec.id);
    // Published in the future is not published yet.
    const later = await createRecommendation(monitor, input({ publishedOn: "2026-07-01" }));
    await expectProblem(getRecommendation(viewer, later.id), "not_found");
  });
});

describe("status changes", () => {
  it("lets the addressee answer but not assess implementation; dates checked; nothing written on refusal", async () => {
    const rec = await createRecommendation(monitor, input());
    await expectNothingWritten(handle.db, () =>
      expectProblem(
        changeRecommendationStatus(rcsEditor, rec.id, { status: "implemented", changedOn: "2026-03-01" }),
        "forbidden",
      ),
    );
    await expectProblem(
      changeRecommendationStatus(rnpEditor, rec.id, { status: "accepted", changedOn: "2026-03-01" }),
      "not_found",
    );
    for (const changedOn of ["2026-01-31", "2026-06-16"])
      await expectNothingWritten(handle.db, () =>
        expectProblem(
          changeRecommendationStatus(rcsEditor, rec.id, { status: "accepted", changedOn }),
          "validation",
          ["changedOn"],
        ),
      );
    await expectProblem(
      changeRecommendationStatus(rcsEditor, rec.id, { status: "accepted" } as never),
      "validation",
      ["changedOn"],
    );
    const accepted = await changeRecommendationStatus(rcsEditor, rec.id, {
      status: "accepted",
      changedOn: "2026-03-01",
    });
    expect(accepted).toMatchObject({ status: "accepted", statusOn: "2026-03-01", version: rec.version + 1 });
    await expectProblem(
      changeRecommendationStatus(monitor, rec.id, { status: "in_progress", changedOn: "2026-02-28" }),
      "validation",
      ["changedOn"],
    );
  });

  it("takes a conducted follow-up visit of the body at one of its places as verification, and nothing else", async () => {
    const rec = await createRecommendation(monitor, input());
    const followUp = await monitoringVisitRow(handle.db, {
      monitoringOrganisationId: nchr,
      placeId: prisonA,
      startsOn: "2026-04-10",
      visitType: "follow_up",
    });
    const elsewhere = await monitoringVisitRow(handle.db, {
      monitoringOrganisationId: nchr,
      placeId: prisonB,
      startsOn: "2026-04-10",
      visitType: "follow_up",
    });
    const planned = await monitoringVisitRow(handle.db, {
      monitoringOrganisationId: nchr,
      placeId: prisonA,
      startsOn: "2026-04-10",
      visitType: "follow_up",
      status: "planned",
    });
    for (const visitId of [elsewhere, planned, visitA])
      await expectNothingWritten(handle.db, () =>
        expectProblem(
          changeRecommendationStatus(monitor, rec.id, {
            status: "partly_implemented",
            changedOn: "2026-04-12",
            visitId,
          }),
          "validation",
          ["visitId"],
        ),
      );
    const verified = await changeRecommendationStatus(monitor, rec.id, {
      status: "partly_implemented",
      changedOn: "2026-04-12",
      visitId: followUp,
      note: "Two new blocks opened",
    });
    expect(verified.status).toBe("partly_implemented");
    expect(verified.history.at(-1)).toMatchObject({
      visitId: followUp,
      visitReference: expect.stringMatching(/^VIS-2026-/),
    });
    const changeId = verified.history.at(-1)?.id ?? "";
    const png = Uint8Array.from(
      Buffer.from(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
        "base64",
      ),
    );
    const withFile = await addStatusEvidence(monitor, rec.id, changeId, {
      fileName: "cells.png",
      bytes: png,
    });
    expect(withFile.history.at(-1)?.evidence?.map((e) => e.fileName)).toEqual(["cells.png"]);
  });
});

describe("response and deletion", () => {
  it("lets the addressee respond at the version read, and then the recommendation stays", async () => {
    const rec = await createRecommendation(monitor, input());
    await expectProblem(
      respondToRecommendation(monitor, rec.id, rec.version, { response: "x", respondedOn: "2026-03-01" }),
      "forbidden",
    );
    await expectProblem(
      respondToRecommendation(rcsEditor, rec.id, rec.version, { response: "x", respondedOn: "2026-07-01" }),
      "validation",
      ["respondedOn"],
    );
    const answered = await respondToRecommendation(rcsEditor, rec.id, rec.version, {
      response: "We will open two blocks by May.",
      respondedOn: "2026-03-01",
    });
    expect(answered).toMatchObject({
      response: "We will open two blocks by May.",
      respondedOn: "2026-03-01",
    });
    await expectProblem(deleteRecommendation(monitor, rec.id, answered.version), "conflict");
    const fresh = await createRecommendation(monitor, input());
    await deleteRecommendation(monitor, fresh.id, fresh.version);
    await expectProblem(getRecommendation(monitor, fresh.id), "not_found");
  });
});

describe("follow-up actions", () => {
  it("serve several recommendations addressed to the acting organisation; monitors read them", async () => {
    const one = await createRecommendation(monitor, input());
    const two = await createRecommendation(monitor, input({ theme: "food_and_water" }));
    const toRnp = await createRecommendation(monitor, input({ addresseeOrganisationId: rnp }));
    await expectNothingWritten(handle.db, () =>
      expectProblem(
        createFollowUpAction(rcsEditor, {
          organisationId: rcs,
          title: "Build",
          recommendationIds: [one.id, toRnp.id],
        }),
        "validation",
        ["recommendationIds.1"],
      ),
    );
    await expectProblem(
      createFollowUpAction(rnpEditor, { organisationId: rcs, title: "Build", recommendationIds: [one.id] }),
      "forbidden",
    );
    const action = await createFollowUpAction(rcsEditor, {
      organisationId: rcs,
      title: "Build two blocks at the prison",
      dueOn: "2026-09-30",
      recommendationIds: [one.id, two.id],
    });
    expect(action.recommendations.map((r) => r.id).sort()).toEqual([one.id, two.id].sort());
    const moved = await updateFollowUpAction(rcsEditor, action.id, action.version, {
      status: "in_progress",
      progress: 40,
      progressNote: "Foundations laid",
    });
    expect(moved).toMatchObject({ progress: 40, status: "in_progress", can: { edit: true } });
    const seen = await listFollowUpActions(monitor, { recommendationId: two.id });
    expect(seen.items.map((a) => a.id)).toEqual([action.id]);
    expect(seen.items[0]?.can.edit).toBe(false);
    expect((await listFollowUpActions(rnpEditor, {})).items.map((a) => a.id)).not.toContain(action.id);
    await expectProblem(
      updateFollowUpAction(monitor, action.id, moved.version, { progress: 50 }),
      "forbidden",
    );
    await expectProblem(deleteRecommendation(monitor, one.id, one.version), "conflict");
  });
});

describe("overdue and the tracker", () => {
  it("flags overdue recommendations, filters them, and counts by theme, place and year with days to implementation", async () => {
    const body = (
      await createOrganisationFixture({ db: handle.db, actor: systemActor }, { kind: "government" })
    ).id;
    const m = as([orgGrant("monitor", body)], [body]);
    const mk = (o: Partial<RecommendationInput>) =>
      createRecommendation(m, input({ monitoringOrganisationId: body, findingIds: [], ...o }));
    const late = await mk({ deadline: "2026-05-31" });
    const done = await mk({ theme: "food_and_water", issuedOn: "2025-03-01", deadline: "2025-06-30" });
    await changeRecommendationStatus(m, done.id, { status: "implemented", changedOn: "2025-03-31" });
    const everywhere = await mk({ placeIds: [], allFacilities: true, deadline: null });
    const both = await mk({ placeIds: [prisonA, prisonB], deadline: "2026-12-31" });
    expect((await getRecommendation(m, late.id)).overdue).toBe(true);
    expect((await getRecommendation(m, done.id)).overdue).toBe(false);
    const overdueIds = (
      await listRecommendations(m, { overdue: "true", monitoringOrganisationId: body })
    ).items.map((r) => r.id);
    expect(overdueIds).toEqual([late.id]);
    expect((await listRecommendations(m, { overdue: "false", monitoringOrganisationId: body })).total).toBe(
      3,
    );

    const byTheme = await getRecommendationTracker(m, { by: "theme", monitoringOrganisationId: body });
    expect(byTheme.total).toMatchObject({
      total: 4,
      implemented: 1,
      overdue: 1,
      averageDaysToImplementation: 30,
    });
    const food = byTheme.rows.find((r) => r.key === "food_and_water");
    expect(food).toMatchObject({ total: 1, implemented: 1, averageDaysToImplementation: 30 });
    expect(byTheme.rows.find((r) => r.key === "overcrowding")).toMatchObject({
      total: 3,
      overdue: 1,
      averageDaysToImplementation: null,
      byStatus: expect.objectContaining({ not_answered: 3, implemented: 0 }),
    });

    const byPlace = await getRecommendationTracker(m, { by: "place", monitoringOrganisationId: body });
    const count = (key: string) => byPlace.rows.find((r) => r.key === key)?.total;
    expect(count(prisonA)).toBe(3);
    expect(count(prisonB)).toBe(1);
    expect(count("all_facilities")).toBe(1);
    expect(byPlace.rows.find((r) => r.key === prisonA)?.label).not.toBe(prisonA);

    const byYear = await getRecommendationTracker(m, {
      by: "year",
      fromYear: "2026",
      monitoringOrganisationId: body,
    });
    expect(byYear.rows.map((r) => [r.key, r.total])).toEqual([["2026", 3]]);
    const placeFilter = await getRecommendationTracker(m, {
      by: "addressee",
      placeId: prisonB,
      monitoringOrganisationId: body,
    });
    expect(placeFilter.total.total).toBe(2); // prisonB named, plus all facilities
    expect(placeFilter.rows[0]?.label).not.toBe(rcs);
    expect([everywhere.id, both.id]).toHaveLength(2);

    // Another organisation's editor reaches none of this body's unpublished recommendations.
    expect(
      (await getRecommendationTracker(rnpEditor, { by: "theme", monitoringOrganisationId: body })).total
        .total,
    ).toBe(0);
  });
});
