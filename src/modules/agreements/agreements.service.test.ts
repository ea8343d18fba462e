import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  buildAgreementInput,
  buildOrganisationInput,
  buildUserActor,
  nationalGrant,
  systemActor,
} from "../../../tests/factories";
import { countStatements } from "../../../tests/statements";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import type { Actor } from "../access/access.schema";
import { listHistory } from "../audit";
import { createOrganisation, updateOrganisation } from "../organisations/organisations.service";
import { placeTable } from "../places/places.table";
import {
  BUILT_IN_THEMES,
  createTheme,
  deleteTheme,
  listThemes,
  loadBuiltInThemes,
  updateTheme,
} from "../themes";
import {
  addAgreementDocument,
  addAgreementOtherField,
  addCommitment,
  addProgressEntry,
  changeAgreementStatus,
  createAgreement,
  createAgreementsInBulk,
  deleteAgreement,
  getAgreement,
  getAgreementHistory,
  getCooperationOverview,
  listAgreementKeepers,
  listAgreements,
  removeCommitment,
  removeProgressEntry,
  updateAgreement,
  updateCommitment,
  updateProgressEntry,
} from ".";
import { selectDocuments } from "./agreement-documents.store";
import { toSummary } from "./agreement-list.store";
import { selectOtherFields } from "./agreement-other-fields.store";
import { type AgreementListQuery, AgreementSummarySchema } from "./agreements.schema";
import {
  selectAgreement,
  selectAmendments,
  selectAreas,
  selectPartiesOf,
  selectStatusChanges,
  selectThemesOf,
} from "./agreements.store";
import { selectCommitments } from "./commitments.store";
import { selectProgress } from "./progress-entries.store";

const TODAY = "2026-03-15";
/** A minimal PDF, as the documents' tests upload. */
const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const as = (actor: Actor, today = TODAY): ServiceContext => ({ db: handle.db, actor, today });
const admin = () => as(buildUserActor([nationalGrant("administrator")]));
const query = (q: Partial<AgreementListQuery> = {}): AgreementListQuery => ({
  sort: "signed_desc",
  limit: 50,
  offset: 0,
  ...q,
});

async function expectAppError(promise: Promise<unknown>, kind: AppError["kind"], path?: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).kind, (error as AppError).message).toBe(kind);
  if (path) expect((error as AppError).errors.map((e) => e.path)).toContain(path);
  return error as AppError;
}

async function placeId(code: string): Promise<string> {
  const [row] = await handle.db
    .select({ id: placeTable.id })
    .from(placeTable)
    .where(eq(placeTable.code, code));
  if (!row) throw new Error(`no place ${code}`);
  return row.id;
}

/** Every table of the database: equal before and after a refused request, so nothing was written. */
const footprint = () => databaseFootprint(handle.db);

async function organisation(overrides: Parameters<typeof buildOrganisationInput>[0] = {}) {
  return createOrganisation(admin(), buildOrganisationInput(overrides));
}

describe("the issue's scenario: seed row 4, Rwanda Bridges to Justice", () => {
  it("registers the MoU, its pending E-HUZA amendment and an overdue planned activity, and finds them", async () => {
    const ctx = admin();
    const rcs = await createOrganisation(ctx, {
      name: "Rwanda Correctional Service",
      acronym: "RCS",
      kind: "government",
    });
    const rbj = await createOrganisation(ctx, {
      name: "Rwanda Bridges to Justice",
      acronym: "RBJ",
      kind: "international_ngo",
      website: "www.ibi.org",
    });
    const mou = await createAgreement(ctx, {
      title: "MoU between RCS and Rwanda Bridges to Justice",
      kind: "mou",
      status: "active",
      signedOnText: "12/05/2020",
      purpose:
        "Early access to justice through a team of well-trained volunteer lawyers for indigent and vulnerable suspects.",
      keeperOrganisationId: rcs.id,
      parties: [
        { organisationId: rcs.id, role: "signatory" },
        { organisationId: rbj.id, role: "signatory" },
      ],
      themes: ["legal_aid"],
      areas: [{ placeSet: "all_correctional_facilities" }],
      commitments: [
        {
          text: "Deliver early access to justice through well-trained volunteer lawyers",
          responsibleOrganisationId: rbj.id,
          status: "ongoing",
        },
        {
          text: "Provide competent legal representation in criminal matters from the moment of arrest",
          responsibleOrganisationId: rbj.id,
        },
      ],
    });
    expect(mou).toMatchObject({
      status: "active",
      effectiveStatus: "active",
      signedOn: { text: "12/05/2020", year: 2020, month: 5, day: 12, precision: "day" },
      keeperOrganisationId: rcs.id,
      themes: ["legal_aid"],
      areas: [
        { placeId: null, placeSet: "all_correctional_facilities", label: "all_correctional_facilities" },
      ],
      allowedTransitions: ["under_revision", "expired", "terminated"],
      canEdit: true,
      canDelete: true,
      version: 1,
    });
    expect(mou.parties.map((p) => p.acronym).sort()).toEqual(["RBJ", "RCS"]);
    expect(mou.commitments.map((c) => [c.position, c.responsibleOrganisationName, c.status])).toEqual([
      [0, "Rwanda Bridges to Justice", "ongoing"],
      [1, "Rwanda Bridges to Justice", "not_started"],
    ]);
    expect(mou.statusHistory).toMatchObject([
      {
        fromStatus: null,
        toStatus: "active",
        reason: null,
        changedOn: TODAY,
        changedBy: ctx.actor.label,
      },
    ]);

    await addProgressEntry(ctx, mou.id, {
      kind: "achievement",
      text: "Working on the E-HUZA project for e-visits of inmates by call or video and management of inmates' money",
      entryDate: "2023-06-30",
    });
    const amendment = await createAgreement(ctx, {
      title: "Amendment of the RBJ MoU to include the E-Huza project",
      kind: "amendment",
      status: "awaiting_approval",
      amendsId: mou.id,
      parties: [
        { organisationId: rcs.id, role: "signatory" },
        { organisationId: rbj.id, role: "signatory" },
      ],
    });
    const planned = await addProgressEntry(ctx, mou.id, {
      kind: "planned",
      text: "Joint review meeting of the amendment by both parties",
      entryDate: "2026-01-20",
      dueOn: "2026-02-14",
    });
    expect(planned).toMatchObject({ overdue: true, done: false, createdBy: ctx.actor.label });

    const detail = await getAgreement(ctx, mou.id);
    expect(detail.amendments).toEqual([
      { id: amendment.id, title: amendment.title, status: "awaiting_approval" },
    ]);
    expect(detail.overduePlanned).toBe(1);
    expect(detail.progress.map((p) => [p.kind, p.overdue])).toEqual([
      ["planned", true],
      ["achievement", false],
    ]);
    expect((await getAgreement(ctx, amendment.id)).amends).toEqual({
      id: mou.id,
      title: mou.title,
      status: "active",
    });

    const overview = await getCooperationOverview(ctx, { expiringWithinDays: 90 });
    expect(overview.today).toBe(TODAY);
    expect(overview.overduePlanned).toMatchObject([
      { agreementId: mou.id, agreementTitle: mou.title, entry: { id: planned.id, overdue: true } },
    ]);
    expect(overview.byStatus).toEqual(
      expect.arrayContaining([
        { status: "active", count: 1 },
        { status: "awaiting_approval", count: 1 },
      ]),
    );
    expect(overview.byKind).toEqual(
      expect.arrayContaining([
        { kind: "mou", count: 1 },
        { kind: "amendment", count: 1 },
      ]),
    );
    expect(overview.recentProgress.map((r) => r.entry.id)[0]).toBe(planned.id);

    // The E-HUZA text of the MoU is in a progress entry, not in its title.
    const found = await listAgreements(ctx, query({ q: "e-huza" }));
    expect(found.items.map((a) => a.id)).toEqual(expect.arrayContaining([mou.id, amendment.id]));
    const byMisspelling = await listAgreements(ctx, query({ q: "bridges to justise" }));
    expect(byMisspelling.items.map((a) => a.id)).toContain(mou.id);

    const approved = await changeAgreementStatus(ctx, amendment.id, amendment.version, {
      status: "active",
      reason: "Approved by both parties",
      changedOn: "2026-03-10",
    });
    expect(approved).toMatchObject({ status: "active", version: amendment.version + 1 });
    expect(approved.statusHistory.map((s) => [s.fromStatus, s.toStatus, s.reason])).toEqual([
      ["awaiting_approval", "active", "Approved by both parties"],
      [null, "awaiting_approval", null],
    ]);

    // Each step is in the MoU's own history, newest first.
    const history = await getAgreementHistory(ctx, mou.id);
    expect(history.map((h) => [h.action, Object.keys(h.changes).sort().join(",")])).toEqual([
      ["update", "progress"],
      ["update", "amendment"],
      ["update", "progress"],
      ["create", expect.stringContaining("parties")],
    ]);
    // Kept structured, so each reader sees kinds, statuses and roles in their own language.
    expect(history[0]?.changes.progress?.after).toEqual({
      kind: "planned",
      text: "Joint review meeting of the amendment by both parties",
      dueOn: "2026-02-14",
      done: false,
    });
    expect(history[1]?.changes.amendment?.after).toEqual({
      title: amendment.title,
      status: "awaiting_approval",
    });
    expect(history[3]?.changes.parties?.after).toEqual([
      { name: "Rwanda Bridges to Justice", role: "signatory" },
      { name: "Rwanda Correctional Service", role: "signatory" },
    ]);
    const amendmentHistory = await getAgreementHistory(ctx, amendment.id);
    expect(amendmentHistory[0]?.changes.status).toEqual({ before: "awaiting_approval", after: "active" });
    expect(amendmentHistory[0]?.changes.statusReason?.after).toBe("Approved by both parties");
  });
});

describe("bad input: a 422 naming the field, and nothing saved", () => {
  it("refuses each case of the issue and writes nothing", async () => {
    const ctx = admin();
    const a = await organisation();
    const b = await organisation();
    const existing = await createAgreement(ctx, buildAgreementInput([a.id, b.id], { status: "active" }));
    const before = await footprint();

    // Thunks: each call starts only when awaited, so no refusal goes unhandled meanwhile.
    const cases: [string, () => Promise<unknown>][] = [
      [
        "status",
        () =>
          changeAgreementStatus(ctx, existing.id, 1, {
            status: "draft",
            reason: "Back to the drawing board",
          }),
      ],
      [
        "parties.1.organisationId",
        () => createAgreement(ctx, buildAgreementInput([a.id, "00000000-0000-4000-8000-000000000000"])),
      ],
      ["amendsId", () => updateAgreement(ctx, existing.id, 1, { kind: "amendment", amendsId: existing.id })],
      ["amendsId", () => createAgreement(ctx, buildAgreementInput([a.id, b.id], { kind: "amendment" }))],
      ["amendsId", () => createAgreement(ctx, buildAgreementInput([a.id, b.id], { amendsId: existing.id }))],
      [
        "amendsId",
        () =>
          createAgreement(
            ctx,
            buildAgreementInput([a.id, b.id], {
              kind: "amendment",
              amendsId: "00000000-0000-4000-8000-000000000001",
            }),
          ),
      ],
      [
        "validUntil",
        () =>
          createAgreement(
            ctx,
            buildAgreementInput([a.id, b.id], { validFrom: "2024-01-01", validUntil: "2023-12-31" }),
          ),
      ],
      [
        "validUntil",
        () =>
          createAgreement(
            ctx,
            buildAgreementInput([a.id, b.id], { signedOnText: "June /2022", validUntil: "2022-05-31" }),
          ),
      ],
      [
        "areas.0.placeId",
        () =>
          createAgreement(
            ctx,
            buildAgreementInput([a.id, b.id], {
              areas: [{ placeId: "00000000-0000-4000-8000-000000000002" }],
            }),
          ),
      ],
      [
        "areas.1",
        () =>
          createAgreement(
            ctx,
            buildAgreementInput([a.id, b.id], {
              areas: [{ placeSet: "national" }, { placeSet: "national" }],
            }),
          ),
      ],
      [
        "themes.1",
        () => createAgreement(ctx, buildAgreementInput([a.id, b.id], { themes: ["legal_aid", "astrology"] })),
      ],
      [
        "parties.1",
        () =>
          createAgreement(ctx, {
            ...buildAgreementInput([a.id, b.id]),
            parties: [
              { organisationId: a.id, role: "signatory" },
              { organisationId: a.id, role: "signatory" },
              { organisationId: b.id, role: "funder" },
            ],
          }),
      ],
      [
        "parties",
        () =>
          createAgreement(ctx, {
            ...buildAgreementInput([a.id, b.id]),
            parties: [
              { organisationId: a.id, role: "signatory" },
              { organisationId: a.id, role: "funder" },
            ],
          }),
      ],
      [
        "keeperOrganisationId",
        () =>
          createAgreement(
            ctx,
            buildAgreementInput([a.id, b.id], {
              keeperOrganisationId: "00000000-0000-4000-8000-000000000003",
            }),
          ),
      ],
      [
        "commitments.0.responsibleOrganisationId",
        () =>
          createAgreement(
            ctx,
            buildAgreementInput([a.id, b.id], {
              commitments: [{ text: "Train staff", responsibleOrganisationId: existing.id }],
            }),
          ),
      ],
      ["parties", () => createAgreement(ctx, buildAgreementInput([a.id]))],
      ["title", () => createAgreement(ctx, buildAgreementInput([a.id, b.id], { title: " x " }))],
    ];
    for (const [path, call] of cases) {
      const error = await expectAppError(call(), "validation", path);
      expect(error.errors.every((e) => e.message.length > 0)).toBe(true);
    }
    expect(await footprint()).toEqual(before);

    const transition = await expectAppError(
      changeAgreementStatus(ctx, existing.id, 1, { status: "draft", reason: "Back to the drawing board" }),
      "validation",
      "status",
    );
    expect(transition.errors[0]?.message).toContain("from active to draft");
    const detail = await getAgreement(ctx, existing.id);
    expect(detail).toMatchObject({ status: "active", version: 1 });
    expect(detail.statusHistory).toHaveLength(1);
  });

  it("refuses an amendment loop on update", async () => {
    const ctx = admin();
    const a = await organisation();
    const b = await organisation();
    const first = await createAgreement(ctx, buildAgreementInput([a.id, b.id]));
    const second = await createAgreement(
      ctx,
      buildAgreementInput([a.id, b.id], { kind: "amendment", amendsId: first.id }),
    );
    const third = await createAgreement(
      ctx,
      buildAgreementInput([a.id, b.id], { kind: "amendment", amendsId: second.id }),
    );
    const self = await expectAppError(
      updateAgreement(ctx, third.id, 1, { amendsId: third.id }),
      "validation",
      "amendsId",
    );
    expect(self.errors[0]?.message).toContain("itself");
    await expectAppError(
      updateAgreement(ctx, first.id, 1, { kind: "amendment", amendsId: third.id }),
      "validation",
      "amendsId",
    );
    expect((await getAgreement(ctx, first.id)).amendsId).toBeNull();
  });

  it("refuses to drop a party that is responsible for a commitment", async () => {
    const ctx = admin();
    const [a, b, c] = [await organisation(), await organisation(), await organisation()];
    const agreement = await createAgreement(
      ctx,
      buildAgreementInput([a.id, b.id, c.id], {
        commitments: [{ text: "Provide trainers", responsibleOrganisationId: c.id }],
      }),
    );
    await expectAppError(
      updateAgreement(ctx, agreement.id, 1, {
        parties: [
          { organisationId: a.id, role: "signatory" },
          { organisationId: b.id, role: "signatory" },
        ],
      }),
      "validation",
      "parties",
    );
    expect((await getAgreement(ctx, agreement.id)).parties).toHaveLength(3);
  });
});

describe("updates", () => {
  it("changes fields with the expected version, refuses a stale one (412), and keeps what a patch omits", async () => {
    const ctx = admin();
    const [a, b, c] = [await organisation(), await organisation(), await organisation()];
    const musanze = await placeId("RW-F-MUSANZE");
    const created = await createAgreement(
      ctx,
      buildAgreementInput([a.id, b.id], { themes: ["legal_aid", "health"], areas: [{ placeId: musanze }] }),
    );
    const updated = await updateAgreement(ctx, created.id, 1, {
      title: "Renamed agreement",
      signedOnText: "2022",
    });
    expect(updated).toMatchObject({
      title: "Renamed agreement",
      version: 2,
      themes: ["health", "legal_aid"],
      signedOn: { text: "2022", year: 2022, precision: "year" },
    });
    expect(updated.areas).toMatchObject([{ placeId: musanze, label: "Musanze Correctional Facility" }]);

    const before = await footprint();
    await expectAppError(
      updateAgreement(ctx, created.id, 1, { title: "Someone else's title" }),
      "precondition_failed",
    );
    expect(await footprint()).toEqual(before);
    expect((await getAgreement(ctx, created.id)).title).toBe("Renamed agreement");

    const replaced = await updateAgreement(ctx, created.id, 2, {
      parties: [
        { organisationId: a.id, role: "signatory" },
        { organisationId: c.id, role: "funder" },
      ],
      themes: [],
      areas: [{ placeSet: "national" }],
    });
    expect(replaced.parties.map((p) => p.organisationId).sort()).toEqual([a.id, c.id].sort());
    expect(replaced.themes).toEqual([]);
    expect(replaced.areas).toMatchObject([{ placeSet: "national", placeId: null }]);
    const [last] = await getAgreementHistory(ctx, created.id);
    expect(last?.changes.themes).toEqual({ before: ["health", "legal_aid"], after: null });
    expect(last?.changes.areas).toEqual({ before: ["Musanze Correctional Facility"], after: ["national"] });

    await expectAppError(
      updateAgreement(ctx, "00000000-0000-4000-8000-000000000009", 1, { title: "Nope" }),
      "not_found",
    );
    await expectAppError(updateAgreement(ctx, created.id, 3, { status: "active" }), "validation");
  });

  it("deletes with If-Match, unlinks its amendments and writes every removal in the history", async () => {
    const ctx = admin();
    const [a, b] = [await organisation(), await organisation()];
    const original = await createAgreement(
      ctx,
      buildAgreementInput([a.id, b.id], { commitments: [{ text: "Build a library" }] }),
    );
    const amendment = await createAgreement(
      ctx,
      buildAgreementInput([a.id, b.id], { kind: "amendment", amendsId: original.id }),
    );
    await addProgressEntry(ctx, original.id, { kind: "ongoing", text: "Excavation is done" });
    await expectAppError(deleteAgreement(ctx, original.id, 2), "precondition_failed");
    await deleteAgreement(ctx, original.id, 1);
    await expectAppError(getAgreement(ctx, original.id), "not_found");
    const orphan = await getAgreement(ctx, amendment.id);
    expect(orphan.amendsId).toBeNull();
    // Still editable, though an amendment without its target.
    expect((await updateAgreement(ctx, amendment.id, orphan.version, { purpose: "Kept" })).purpose).toBe(
      "Kept",
    );
    const [deleted] = await getAgreementHistory(ctx, original.id);
    expect(deleted?.action).toBe("delete");
    const orphanHistory = await getAgreementHistory(ctx, amendment.id);
    expect(orphanHistory.some((h) => h.changes.amendsId?.before === original.id)).toBe(true);
    const commitmentHistory = await listHistory(handle.db, "commitment", original.commitments[0]?.id ?? "");
    expect(commitmentHistory.map((h) => h.action)).toEqual(["delete", "create"]);
  });
});

describe("scope: partner staff keep the agreements their organisation is party to", () => {
  it("lets a partner editor edit its own agreements only, and create only agreements it is party to", async () => {
    const ctx = admin();
    const [own, other, third] = [await organisation(), await organisation(), await organisation()];
    const partner = as(
      buildUserActor([{ role: "partner_editor", scopeType: "organisation", scopeId: own.id }], [own.id]),
    );
    const mine = await createAgreement(partner, buildAgreementInput([own.id, other.id]));
    // Its own organisation is the one party of theirs: it keeps the record unless the input says otherwise.
    expect(mine).toMatchObject({ canEdit: true, canDelete: false, keeperOrganisationId: own.id });
    const theirs = await createAgreement(ctx, buildAgreementInput([other.id, third.id]));

    const before = await footprint();
    await expectAppError(createAgreement(partner, buildAgreementInput([other.id, third.id])), "forbidden");
    await expectAppError(
      updateAgreement(partner, theirs.id, 1, { title: "Not mine to change" }),
      "forbidden",
    );
    await expectAppError(
      changeAgreementStatus(partner, theirs.id, 1, { status: "negotiating", reason: "Started talks" }),
      "forbidden",
    );
    await expectAppError(addCommitment(partner, theirs.id, { text: "Something" }), "forbidden");
    await expectAppError(deleteAgreement(partner, mine.id, 1), "forbidden");
    // Moving its own agreement out of its reach is refused too.
    await expectAppError(
      updateAgreement(partner, mine.id, 1, {
        parties: [
          { organisationId: other.id, role: "signatory" },
          { organisationId: third.id, role: "signatory" },
        ],
      }),
      "forbidden",
    );
    expect(await footprint()).toEqual(before);

    expect((await getAgreement(partner, theirs.id)).canEdit).toBe(false);
    expect((await updateAgreement(partner, mine.id, 1, { title: "Ours, renamed" })).version).toBe(2);

    const viewer = as(buildUserActor([nationalGrant("viewer")]));
    await expectAppError(createAgreement(viewer, buildAgreementInput([own.id, other.id])), "forbidden");
    expect((await listAgreements(viewer, query({ organisationId: own.id }))).total).toBe(1);
  });
});

describe("one agreement's page", () => {
  it("is read in at most two statements, with what the per-part queries read", async () => {
    const ctx = admin();
    const [rcs, partner, funder] = [await organisation(), await organisation(), await organisation()];
    const parties = [
      { organisationId: rcs.id, role: "signatory" as const },
      { organisationId: partner.id, role: "implementer" as const },
      { organisationId: funder.id, role: "funder" as const },
    ];
    const agreement = await createAgreement(ctx, {
      ...buildAgreementInput([rcs.id, partner.id]),
      status: "active",
      validUntil: "2027-12-31",
      parties,
      themes: ["legal_aid", "health"],
      areas: [
        { placeSet: "national" },
        { placeId: await placeId("RW-D43") },
        { placeId: await placeId("RW-S4301") },
        { placeId: await placeId("RW-F-MUSANZE") },
      ],
      commitments: [
        { text: "Second in the list", responsibleOrganisationId: partner.id },
        { text: "No one answers for this one" },
      ],
    });
    const amendment = await createAgreement(ctx, {
      ...buildAgreementInput([rcs.id, partner.id]),
      kind: "amendment",
      amendsId: agreement.id,
    });
    await addProgressEntry(ctx, agreement.id, {
      kind: "planned",
      text: "Review overdue",
      entryDate: "2026-01-10",
      dueOn: "2026-02-01",
    });
    await addProgressEntry(ctx, agreement.id, {
      kind: "achievement",
      text: "Clinic held",
      entryDate: "2026-03-01",
    });
    await changeAgreementStatus(ctx, agreement.id, agreement.version, {
      status: "under_revision",
      reason: "Budget revised",
    });
    await addAgreementDocument(ctx, agreement.id, { kind: "report", fileName: "Report.pdf", bytes: PDF });
    await addAgreementOtherField(ctx, agreement.id, { label: "Focal person", value: "Jeanne Uwase" });

    const { result: detail, statements } = await countStatements(handle.db, (db) =>
      getAgreement({ ...ctx, db }, agreement.id),
    );
    expect(statements.length, statements.join("\n\n")).toBeLessThanOrEqual(2);

    // What the page showed when each part had its own query.
    const today = TODAY;
    const record = await selectAgreement(handle.db, agreement.id);
    if (!record) throw new Error("the agreement was not found");
    const progress = await selectProgress(handle.db, agreement.id, today);
    expect(detail).toEqual({
      ...toSummary(
        record,
        (await selectPartiesOf(handle.db, [agreement.id])).get(agreement.id) ?? [],
        (await selectThemesOf(handle.db, [agreement.id])).get(agreement.id) ?? [],
        progress.filter((p) => p.overdue).length,
        today,
      ),
      purpose: record.purpose,
      renewalTerms: record.renewalTerms,
      followUpBody: record.followUpBody,
      keeperOrganisationId: record.keeperOrganisationId,
      amends: null,
      amendments: await selectAmendments(handle.db, agreement.id),
      areas: (await selectAreas(handle.db, agreement.id)).map(({ districtId: _d, ...area }) => area),
      commitments: await selectCommitments(handle.db, agreement.id),
      progress,
      statusHistory: await selectStatusChanges(handle.db, agreement.id),
      documents: await selectDocuments(handle.db, agreement.id),
      otherFields: await selectOtherFields(handle.db, agreement.id),
      allowedTransitions: ["active", "awaiting_approval", "expired", "terminated"],
      canEdit: true,
      canDelete: true,
      createdAt: record.createdAt,
    });
    expect(detail.amendments.map((a) => a.id)).toEqual([amendment.id]);
    expect(detail.statusHistory).toHaveLength(2);
    expect(detail.documents).toHaveLength(1);
    expect(detail.otherFields.map((f) => [f.label, f.value])).toEqual([["Focal person", "Jeanne Uwase"]]);
    expect(detail.overduePlanned).toBe(1);
    expect((await getAgreement(ctx, amendment.id)).amends).toEqual({
      id: agreement.id,
      title: agreement.title,
      status: "under_revision",
    });
  });

  it("is not found, in one statement, when there is no such agreement or the reader may not see it", async () => {
    const { statements } = await countStatements(handle.db, (db) =>
      expectAppError(getAgreement({ ...admin(), db }, "00000000-0000-4000-8000-000000000000"), "not_found"),
    );
    expect(statements).toHaveLength(1);
  });
});

describe("commitments and progress entries", () => {
  it("adds, changes and removes commitments with their own versions, keeping what a patch omits", async () => {
    const ctx = admin();
    const [a, b, outsider] = [await organisation(), await organisation(), await organisation()];
    const agreement = await createAgreement(ctx, buildAgreementInput([a.id, b.id]));
    const first = await addCommitment(ctx, agreement.id, { text: "Provide wheelchairs", status: "ongoing" });
    const second = await addCommitment(ctx, agreement.id, {
      text: "Train staff on handling inmates with disabilities",
      responsibleOrganisationId: b.id,
      dueOn: "2026-12-31",
    });
    expect([first.position, second.position]).toEqual([0, 1]);
    expect(second.responsibleOrganisationName).toBe(b.name);
    await expectAppError(
      addCommitment(ctx, agreement.id, { text: "Not theirs", responsibleOrganisationId: outsider.id }),
      "validation",
      "responsibleOrganisationId",
    );

    const renamed = await updateCommitment(ctx, agreement.id, first.id, 1, {
      text: "Provide 40 velomobiles",
    });
    expect(renamed).toMatchObject({ text: "Provide 40 velomobiles", status: "ongoing", version: 2 });
    const done = await updateCommitment(ctx, agreement.id, first.id, 2, { status: "done" });
    expect(done).toMatchObject({ text: "Provide 40 velomobiles", status: "done", version: 3 });
    await expectAppError(
      updateCommitment(ctx, agreement.id, first.id, 2, { status: "dropped" }),
      "precondition_failed",
    );
    await expectAppError(
      updateCommitment(ctx, agreement.id, first.id, 3, { responsibleOrganisationId: outsider.id }),
      "validation",
      "responsibleOrganisationId",
    );
    expect((await listAgreements(ctx, query({ q: "velomobiles" }))).items.map((i) => i.id)).toEqual([
      agreement.id,
    ]);

    const entry = await addProgressEntry(ctx, agreement.id, {
      kind: "achievement",
      text: "Wheelchairs delivered",
      commitmentIds: [first.id],
    });
    await expectAppError(removeCommitment(ctx, agreement.id, first.id, 1), "precondition_failed");
    await removeCommitment(ctx, agreement.id, first.id, 3);
    const detail = await getAgreement(ctx, agreement.id);
    expect(detail.commitments.map((c) => c.id)).toEqual([second.id]);
    expect(detail.progress.find((p) => p.id === entry.id)?.commitmentIds).toEqual([]);
    expect((await listAgreements(ctx, query({ q: "velomobiles" }))).total).toBe(0);
    const history = await getAgreementHistory(ctx, agreement.id);
    expect(history.map((h) => Object.keys(h.changes).join(",")).slice(0, 2)).toEqual([
      "commitment",
      "progress",
    ]);
    expect(history[0]?.changes.commitment).toEqual({
      before: { text: "Provide 40 velomobiles", status: "done" },
      after: null,
    });
  });

  it("checks progress links, marks planned activities done, and defaults the entry date to today", async () => {
    const ctx = admin();
    const [a, b] = [await organisation(), await organisation()];
    const agreement = await createAgreement(
      ctx,
      buildAgreementInput([a.id, b.id], { commitments: [{ text: "Conduct legal aid clinics" }] }),
    );
    const other = await createAgreement(
      ctx,
      buildAgreementInput([a.id, b.id], { commitments: [{ text: "Someone else's commitment" }] }),
    );
    const ownCommitment = agreement.commitments[0]?.id ?? "";
    const foreignCommitment = other.commitments[0]?.id ?? "";
    const before = await footprint();
    await expectAppError(
      addProgressEntry(ctx, agreement.id, {
        kind: "ongoing",
        text: "Clinics",
        commitmentIds: [ownCommitment, foreignCommitment],
      }),
      "validation",
      "commitmentIds.1",
    );
    await expectAppError(
      addProgressEntry(ctx, agreement.id, {
        kind: "ongoing",
        text: "Clinics",
        placeIds: ["00000000-0000-4000-8000-000000000004"],
      }),
      "validation",
      "placeIds.0",
    );
    await expectAppError(
      addProgressEntry(ctx, agreement.id, { kind: "issue", text: "Delays", done: true }),
      "validation",
      "done",
    );
    await expectAppError(
      addProgressEntry(ctx, agreement.id, { kind: "issue", text: "Delays", dueOn: "2026-01-01" }),
      "validation",
      "dueOn",
    );
    expect(await footprint()).toEqual(before);

    const musanze = await placeId("RW-F-MUSANZE");
    const planned = await addProgressEntry(ctx, agreement.id, {
      kind: "planned",
      text: "Clinic at Musanze",
      dueOn: "2026-03-01",
      commitmentIds: [ownCommitment],
      placeIds: [musanze],
    });
    expect(planned).toMatchObject({ entryDate: TODAY, overdue: true, placeIds: [musanze] });
    // Due today is not overdue yet.
    expect(
      (await addProgressEntry(ctx, agreement.id, { kind: "planned", text: "Due today", dueOn: TODAY }))
        .overdue,
    ).toBe(false);
    expect((await listAgreements(ctx, query({ hasOverduePlanned: true }))).items.map((i) => i.id)).toContain(
      agreement.id,
    );

    const done = await updateProgressEntry(ctx, agreement.id, planned.id, 1, { done: true });
    expect(done).toMatchObject({ done: true, overdue: false, version: 2, text: "Clinic at Musanze" });
    await expectAppError(
      updateProgressEntry(ctx, agreement.id, planned.id, 1, { done: false }),
      "precondition_failed",
    );
    expect((await getAgreement(ctx, agreement.id)).overduePlanned).toBe(0);
    expect(
      (await listAgreements(ctx, query({ hasOverduePlanned: true }))).items.map((i) => i.id),
    ).not.toContain(agreement.id);

    const issue = await addProgressEntry(ctx, agreement.id, { kind: "issue", text: "Transport lacking" });
    await expectAppError(
      updateProgressEntry(ctx, agreement.id, issue.id, 1, { done: true }),
      "validation",
      "done",
    );
    await expectAppError(
      updateProgressEntry(ctx, other.id, issue.id, 1, { text: "Wrong agreement" }),
      "not_found",
    );
    await removeProgressEntry(ctx, agreement.id, issue.id, 1);
    expect((await getAgreement(ctx, agreement.id)).progress.map((p) => p.id)).not.toContain(issue.id);
  });
});

describe("the list: every filter and sort", () => {
  it("filters by place through sets and districts, by year across precisions, and sorts undated last", async () => {
    const ctx = as(buildUserActor([nationalGrant("coordinator")]), "2030-06-15");
    const rcs = await organisation({ kind: "government" });
    const cso = await organisation({ kind: "local_cso" });
    const church = await organisation({ kind: "faith_based" });
    const tag = "quokkaplatypus";
    const make = (title: string, overrides: Parameters<typeof buildAgreementInput>[1] = {}) =>
      createAgreement(ctx, buildAgreementInput([rcs.id, cso.id], { title: `${tag} ${title}`, ...overrides }));

    const [musanzeFacility, musanzeDistrict, musanzeSector, kigaliCentral, nyarugengeDistrict] = [
      await placeId("RW-F-MUSANZE"),
      await placeId("RW-D43"),
      await placeId("RW-S4301"),
      await placeId("RW-F-KIGALI-CENTRAL"),
      await placeId("RW-D11"),
    ];
    const allFacilities = await make("All facilities", {
      signedOnText: "28/6/2022",
      areas: [{ placeSet: "all_correctional_facilities" }],
      themes: ["legal_aid"],
      status: "active",
    });
    const facilityOnly = await make("Musanze facility only", {
      signedOnText: "June /2022",
      areas: [{ placeId: musanzeFacility }],
      kind: "letter_of_agreement",
    });
    const districtArea = await make("Musanze district", {
      signedOnText: "2022",
      areas: [{ placeId: musanzeDistrict }],
      status: "active",
      validFrom: "2022-01-01",
      validUntil: "2030-07-01",
    });
    const national = await make("National", {
      signedOnText: "Letter of Agreement (LOA)",
      areas: [{ placeSet: "national" }],
      status: "active",
      validUntil: "2030-06-01",
    });
    const nyarugenge = await createAgreement(
      ctx,
      buildAgreementInput([rcs.id, church.id], {
        title: `${tag} Nyarugenge`,
        signedOnText: "30/09/2019",
        areas: [{ placeId: nyarugengeDistrict }],
        themes: ["vocational_training"],
        status: "under_revision",
        validUntil: "2031-01-01",
      }),
    );
    const ids = async (q: Partial<AgreementListQuery>) =>
      (await listAgreements(ctx, query({ q: tag, limit: 200, ...q }))).items.map((a) => a.id);

    // A facility: its own area, its district's, the all-facilities set and national.
    expect((await ids({ placeId: musanzeFacility })).sort()).toEqual(
      [allFacilities.id, facilityOnly.id, districtArea.id, national.id].sort(),
    );
    // A district: its own area, places inside it, the set (it has an open facility), national.
    expect((await ids({ placeId: musanzeDistrict })).sort()).toEqual(
      [allFacilities.id, facilityOnly.id, districtArea.id, national.id].sort(),
    );
    // A sector: its district's area and national, not the facilities set.
    expect((await ids({ placeId: musanzeSector })).sort()).toEqual([districtArea.id, national.id].sort());
    // A closed prison is not in the set of open facilities.
    expect((await ids({ placeId: kigaliCentral })).sort()).toEqual([national.id, nyarugenge.id].sort());
    expect(await ids({ placeId: "00000000-0000-4000-8000-000000000005" })).toEqual([]);

    // Year filter across precisions: "28/6/2022", "June /2022" and "2022" all mean 2022.
    expect((await ids({ signedYear: 2022 })).sort()).toEqual(
      [allFacilities.id, facilityOnly.id, districtArea.id].sort(),
    );
    expect(await ids({ signedYear: 2019 })).toEqual([nyarugenge.id]);

    // Sorting: undated last both ways; coarser precision before finer within the same period.
    expect(await ids({ sort: "signed_desc" })).toEqual([
      allFacilities.id,
      facilityOnly.id,
      districtArea.id,
      nyarugenge.id,
      national.id,
    ]);
    expect(await ids({ sort: "signed_asc" })).toEqual([
      nyarugenge.id,
      districtArea.id,
      facilityOnly.id,
      allFacilities.id,
      national.id,
    ]);
    expect((await ids({ sort: "expiry" })).slice(0, 3)).toEqual([
      national.id,
      districtArea.id,
      nyarugenge.id,
    ]);
    expect(await ids({ sort: "title" })).toEqual([
      allFacilities.id,
      districtArea.id,
      facilityOnly.id,
      national.id,
      nyarugenge.id,
    ]);
    expect((await ids({ sort: "updated_desc" }))[0]).toBe(nyarugenge.id);

    expect(await ids({ kind: "letter_of_agreement" })).toEqual([facilityOnly.id]);
    expect(await ids({ theme: "vocational_training" })).toEqual([nyarugenge.id]);
    expect(await ids({ partyKind: "faith_based" })).toEqual([nyarugenge.id]);
    expect((await ids({ organisationId: cso.id })).length).toBe(4);

    // Status is what a reader sees: "national" ended on 2030-06-01 and shows as expired.
    expect(await ids({ status: "expired" })).toEqual([national.id]);
    expect((await ids({ status: "active" })).sort()).toEqual([allFacilities.id, districtArea.id].sort());
    expect(await ids({ status: "draft" })).toEqual([facilityOnly.id]);
    const summary = (await listAgreements(ctx, query({ q: tag, status: "expired" }))).items[0];
    expect(summary).toMatchObject({ status: "active", effectiveStatus: "expired", daysUntilExpiry: -14 });

    // Expiring within 30 days: active or under revision, ending between today and today + 30.
    expect(await ids({ expiringWithinDays: 30 })).toEqual([districtArea.id]);
    expect((await ids({ expiringWithinDays: 365 })).sort()).toEqual([districtArea.id, nyarugenge.id].sort());

    const page = await listAgreements(ctx, query({ q: tag, limit: 2, offset: 1, sort: "title" }));
    expect(page.total).toBe(5);
    expect(page.items.map((i) => i.id)).toEqual([districtArea.id, facilityOnly.id]);
    expect(page.items[0]?.parties).toHaveLength(2);

    const overview = await getCooperationOverview(ctx, { expiringWithinDays: 30 });
    expect(overview.expiringSoon.map((s) => s.id)).toContain(districtArea.id);
    expect(overview.expiringSoon.map((s) => s.id)).not.toContain(nyarugenge.id);
    expect(overview.byTheme).toEqual(expect.arrayContaining([{ theme: "vocational_training", count: 1 }]));
  });
});

describe("themes", () => {
  it("lists built-in themes first in their order, adds new ones, and refuses a duplicate code", async () => {
    const ctx = admin();
    expect(await loadBuiltInThemes(handle.db)).toBe(0);
    const created = await createTheme(ctx, {
      code: "juvenile_justice",
      names: { en: "Juvenile justice", fr: "Justice juvénile", rw: "Ubutabera bw'abana" },
    });
    expect(created).toMatchObject({ code: "juvenile_justice", builtIn: false });
    const themes = await listThemes(ctx);
    expect(themes.slice(0, BUILT_IN_THEMES.length).map((t) => t.code)).toEqual(
      BUILT_IN_THEMES.map((t) => t.code),
    );
    expect(themes.at(-1)?.code).toBe("juvenile_justice");
    await expectAppError(
      createTheme(ctx, { code: "legal_aid", names: { en: "Legal aid", fr: "Aide", rw: "Ubufasha" } }),
      "conflict",
      "code",
    );
    await expectAppError(
      createTheme(as(buildUserActor([nationalGrant("viewer")])), {
        code: "sports",
        names: { en: "Sports", fr: "Sports", rw: "Siporo" },
      }),
      "forbidden",
    );
    await expectAppError(createTheme(ctx, { code: "Bad Code", names: { en: "x" } }), "validation", "code");
    const a = await organisation();
    const b = await organisation();
    const agreement = await createAgreement(
      ctx,
      buildAgreementInput([a.id, b.id], { themes: ["juvenile_justice"] }),
    );
    expect(agreement.themes).toEqual(["juvenile_justice"]);
  });
});

describe("search", () => {
  it("ANDs the words, takes prefixes, corrects misspellings, and only words that match nothing as typed", async () => {
    const ctx = admin();
    const unique = `zq${Date.now().toString(36)}`;
    const rbj = await organisation({ name: `Bridges Trust ${unique}`, acronym: null, aliases: [] });
    const other = await organisation();
    const legal = await createAgreement(
      ctx,
      buildAgreementInput([rbj.id, other.id], {
        title: `Legal representation ${unique}`,
        commitments: [{ text: "Rehabilitation of juvenile offenders in Musanze" }],
      }),
    );
    const vocational = await createAgreement(
      ctx,
      buildAgreementInput([other.id, rbj.id], { title: `Vocational training ${unique}` }),
    );
    await addProgressEntry(ctx, vocational.id, { kind: "achievement", text: "Tailoring workshop opened" });

    const ids = async (q: string) => (await listAgreements(ctx, query({ q }))).items.map((a) => a.id);
    // Every word must match somewhere: title, commitments, progress, parties.
    expect(await ids(`${unique} musanze`)).toEqual([legal.id]);
    expect(await ids(`${unique} tailoring`)).toEqual([vocational.id]);
    expect(await ids(`${unique} musanze tailoring`)).toEqual([]);
    // A word is also a prefix; misspelt words are corrected against the words the register knows.
    expect(await ids(`${unique} rehab`)).toEqual([legal.id]);
    expect(await ids(`${unique} rehabilitaton juvenil`)).toEqual([legal.id]);
    expect(await ids(`${unique} tailorng workshp`)).toEqual([vocational.id]);
    // A word that matches as typed is not corrected (issue 22: "tailoring" no longer brings "tailors" along).
    const tailors = await createAgreement(
      ctx,
      buildAgreementInput([other.id, rbj.id], { title: `Support to tailors ${unique}` }),
    );
    expect(await ids(`${unique} tailoring`)).toEqual([vocational.id]);
    expect(await ids(`${unique} tailors`)).toEqual([tailors.id]);
    expect((await ids(unique)).sort()).toEqual([legal.id, vocational.id, tailors.id].sort());
    // Nothing close: nothing found, rather than everything.
    expect(await ids(`${unique} xylophone`)).toEqual([]);
    // Only punctuation is no search at all.
    const all = await listAgreements(ctx, query({ q: "!!! --" }));
    expect(all.total).toBe((await listAgreements(ctx, query())).total);
  });

  it("follows renamed organisations and new aliases into their agreements", async () => {
    const ctx = admin();
    const unique = `zr${Date.now().toString(36)}`;
    const party = await organisation({ name: `Diocese Catholic ${unique}`, acronym: null, aliases: [] });
    const other = await organisation();
    const mou = await createAgreement(ctx, buildAgreementInput([party.id, other.id]));
    const ids = async (q: string) => (await listAgreements(ctx, query({ q }))).items.map((a) => a.id);
    expect(await ids(`catholic ${unique}`)).toEqual([mou.id]);

    const renamed = await updateOrganisation(ctx, party.id, party.version, {
      name: `Catholic Diocese of Byumba ${unique}`,
      aliases: [`Byumba ${unique} diocese office`],
    });
    expect(renamed.name).toContain("Byumba");
    expect(await ids(`byumba ${unique}`)).toEqual([mou.id]);
    expect(await ids(`office ${unique}`)).toEqual([mou.id]);

    // A party removed from the agreement is no longer what finds it.
    const detail = await getAgreement(ctx, mou.id);
    const third = await organisation();
    await updateAgreement(ctx, mou.id, detail.version, {
      parties: [
        { organisationId: other.id, role: "signatory" },
        { organisationId: third.id, role: "implementer" },
      ],
    });
    expect(await ids(`byumba ${unique}`)).toEqual([]);
  });
});

describe("list totals", () => {
  it("follow every change that moves an agreement in or out of a filter, however often the list is read", async () => {
    const ctx = admin();
    const cso = await organisation({ kind: "local_cso" });
    const other = await organisation({ kind: "government" });
    const total = async (q: Partial<AgreementListQuery>) => (await listAgreements(ctx, query(q))).total;
    const byKind = { partyKind: "academic" as const };
    const byTheme = { theme: "disability" };
    const [kindBefore, themeBefore, overdueBefore] = [
      await total(byKind),
      await total(byTheme),
      await total({ hasOverduePlanned: true }),
    ];

    const created = await createAgreement(
      ctx,
      buildAgreementInput([cso.id, other.id], { themes: ["disability"] }),
    );
    expect(await total(byTheme)).toBe(themeBefore + 1);
    expect(await total(byKind)).toBe(kindBefore);

    // The organisation's kind is not the agreement's, yet the filter on it follows.
    const renamed = await updateOrganisation(ctx, cso.id, cso.version, { kind: "academic" });
    expect(renamed.kind).toBe("academic");
    expect(await total(byKind)).toBe(kindBefore + 1);

    const planned = await addProgressEntry(ctx, created.id, {
      kind: "planned",
      text: "Training of trainers",
      entryDate: "2026-01-10",
      dueOn: "2026-02-01",
    });
    expect(await total({ hasOverduePlanned: true })).toBe(overdueBefore + 1);
    await updateProgressEntry(ctx, created.id, planned.id, planned.version, { done: true });
    expect(await total({ hasOverduePlanned: true })).toBe(overdueBefore);

    const detail = await getAgreement(ctx, created.id);
    await updateAgreement(ctx, created.id, detail.version, { themes: ["health"] });
    expect(await total(byTheme)).toBe(themeBefore);
    const again = await getAgreement(ctx, created.id);
    await deleteAgreement(ctx, created.id, again.version);
    expect(await total(byKind)).toBe(kindBefore);
  });
});

describe("search totals", () => {
  it("follow the texts searched, whatever writes them, however often the search is read", async () => {
    const ctx = admin();
    const a = await organisation({ kind: "local_cso" });
    const b = await organisation({ kind: "government" });
    const total = async (q: string, more: Partial<AgreementListQuery> = {}) =>
      (await listAgreements(ctx, query({ q, ...more }))).total;
    expect(await total("quagmirewords")).toBe(0);
    const created = await createAgreement(
      ctx,
      buildAgreementInput([a.id, b.id], { title: "Quagmirewords first", themes: ["health"] }),
    );
    expect(await total("quagmirewords")).toBe(1);
    expect(await total("quagmirewords", { theme: "health" })).toBe(1);
    expect(await total("quagmirewords", { theme: "disability" })).toBe(0);
    // Search texts written straight to their table (as a bulk load would): the total follows.
    await handle.db.execute(
      sql`update agreement_search set search_text = search_text || ' zephyrine' where agreement_id = ${created.id}`,
    );
    expect(await total("zephyrine")).toBe(1);
    await handle.db.execute(
      sql`update agreement_search set search_text = replace(search_text, 'quagmirewords', '')
        where agreement_id = ${created.id}`,
    );
    expect(await total("quagmirewords")).toBe(0);
  });
});

describe("the list facets on the agreement row", () => {
  it("equal what the parties, themes, areas and planned entries say, after every kind of write", async () => {
    const ctx = admin();
    const a = await organisation({ kind: "local_cso" });
    const b = await organisation({ kind: "government" });
    const c = await organisation({ kind: "faith_based" });
    const musanze = await placeId("RW-F-MUSANZE");
    const created = await createAgreement(
      ctx,
      buildAgreementInput([a.id, b.id], {
        themes: ["legal_aid", "health"],
        areas: [{ placeId: musanze }, { placeSet: "all_correctional_facilities" }],
      }),
    );
    const [facets] = await queryRows<{ party_kinds: string[]; area_keys: string[]; theme_codes: string[] }>(
      handle.db,
      sql`select party_kinds, area_keys, theme_codes from agreement where id = ${created.id}`,
    );
    expect(facets).toEqual({
      party_kinds: ["government", "local_cso"],
      area_keys: [musanze, "set:all_correctional_facilities"].sort(),
      theme_codes: ["health", "legal_aid"],
    });
    const detail = await getAgreement(ctx, created.id);
    await updateAgreement(ctx, created.id, detail.version, {
      parties: [
        { organisationId: b.id, role: "signatory" },
        { organisationId: c.id, role: "implementer" },
      ],
      areas: [{ placeSet: "national" }],
    });
    const planned = await addProgressEntry(ctx, created.id, {
      kind: "planned",
      text: "Visit",
      entryDate: "2026-01-10",
      dueOn: "2026-03-01",
    });
    await addProgressEntry(ctx, created.id, {
      kind: "planned",
      text: "Later",
      entryDate: "2026-01-10",
      dueOn: "2026-05-01",
    });
    await removeProgressEntry(ctx, created.id, planned.id, planned.version);
    await updateOrganisation(ctx, c.id, c.version, { kind: "academic" });
    // A rename reaches the parties the list shows.
    const renamed = await updateOrganisation(ctx, b.id, b.version, {
      name: `${b.name} (renamed)`,
      acronym: "RNMD",
    });

    // The whole table, against the same facts read from the child tables.
    const drift = await queryRows<{ id: string }>(
      handle.db,
      sql`select a.id from agreement a where
        a.theme_codes is distinct from coalesce((select array_agg(t.theme_code order by t.theme_code)
          from agreement_theme t where t.agreement_id = a.id), '{}')
        or a.party_kinds is distinct from coalesce((select array_agg(distinct o.kind order by o.kind)
          from agreement_party p join organisation o on o.id = p.organisation_id where p.agreement_id = a.id), '{}')
        or a.party_organisation_ids is distinct from coalesce((select array_agg(distinct p.organisation_id
          order by p.organisation_id) from agreement_party p where p.agreement_id = a.id), '{}')
        or a.area_keys is distinct from coalesce((select array_agg(coalesce(ar.place_id::text, 'set:' || ar.place_set)
          order by coalesce(ar.place_id::text, 'set:' || ar.place_set)) from agreement_area ar where ar.agreement_id = a.id), '{}')
        or a.next_planned_due is distinct from (select min(pe.due_on) from progress_entry pe
          where pe.agreement_id = a.id and pe.kind = 'planned' and not pe.done)
        or a.open_planned_dues is distinct from coalesce((select array_agg(pe.due_on order by pe.due_on)
          from progress_entry pe where pe.agreement_id = a.id and pe.kind = 'planned' and not pe.done
          and pe.due_on is not null), '{}')
        or a.party_list::text is distinct from coalesce((select json_agg(json_build_object(
            'organisationId', o.id, 'organisationName', o.name, 'acronym', o.acronym,
            'organisationKind', o.kind, 'role', p.role) order by o.name_key, p.role)
          from agreement_party p join organisation o on o.id = p.organisation_id where p.agreement_id = a.id),
          '[]'::json)::text`,
    );
    expect(drift).toEqual([]);
    const [listed] = (await listAgreements(ctx, query({ organisationId: b.id }))).items.filter(
      (i) => i.id === created.id,
    );
    expect(listed?.parties.find((p) => p.organisationId === b.id)).toMatchObject({
      organisationName: renamed.name,
      acronym: "RNMD",
    });
    const [after] = await queryRows<{ party_kinds: string[]; area_keys: string[]; next_planned_due: string }>(
      handle.db,
      sql`select party_kinds, area_keys, next_planned_due::text from agreement where id = ${created.id}`,
    );
    expect(after).toEqual({
      party_kinds: ["academic", "government"],
      area_keys: ["set:national"],
      next_planned_due: "2026-05-01",
    });
    // And the filters read them: by organisation, by a facility (national scope covers it), by party kind.
    const found = async (q: Partial<AgreementListQuery>) =>
      (await listAgreements(ctx, query(q))).items.some((i) => i.id === created.id);
    expect(await found({ organisationId: c.id })).toBe(true);
    expect(await found({ organisationId: a.id })).toBe(false);
    expect(await found({ placeId: musanze })).toBe(true);
    expect(await found({ partyKind: "academic" })).toBe(true);
    expect(await found({ partyKind: "local_cso" })).toBe(false);
    // The list row brings the agreement's own parties, themes and overdue count, not its neighbours'.
    await addProgressEntry(ctx, created.id, {
      kind: "planned",
      text: "Late",
      entryDate: "2026-01-10",
      dueOn: "2026-02-01",
    });
    const row = (await listAgreements(ctx, query({ organisationId: c.id }))).items.find(
      (i) => i.id === created.id,
    );
    expect(row?.parties.map((p) => [p.organisationId, p.role, p.organisationKind]).sort()).toEqual(
      [
        [b.id, "signatory", "government"],
        [c.id, "implementer", "academic"],
      ].sort(),
    );
    expect(row?.themes).toEqual(["health", "legal_aid"]);
    expect(row?.overduePlanned).toBe(1);
    // A ranked search brings the same row.
    const searched = (await listAgreements(ctx, query({ q: created.title }))).items.find(
      (i) => i.id === created.id,
    );
    expect(searched).toEqual(row);
  });

  it("follows a facility closing at the very next page, though the place filter's facts are cached (its district's too)", async () => {
    const ctx = admin();
    const rcs = await organisation({ kind: "government" });
    const cso = await organisation({ kind: "local_cso" });
    const facility = await placeId("RW-F-NYAGATARE");
    const everyFacility = await createAgreement(
      ctx,
      buildAgreementInput([rcs.id, cso.id], { areas: [{ placeSet: "all_correctional_facilities" }] }),
    );
    const listed = async (q: Partial<AgreementListQuery>) =>
      (await listAgreements(ctx, query({ organisationId: cso.id, placeId: facility, ...q }))).items.map(
        (i) => i.id,
      );
    const searched = () => listed({ q: everyFacility.title });
    // Its district, Nyagatare, lists "all facilities" while its one facility is open: the district's places and
    // that fact are cached with its facts too.
    const district = await placeId("RW-D52");
    const inDistrict = () => listed({ placeId: district });
    // Read twice: the second page uses the cached facts.
    expect(await listed({})).toEqual([everyFacility.id]);
    expect(await listed({})).toEqual([everyFacility.id]);
    expect(await searched()).toEqual([everyFacility.id]);
    expect(await inDistrict()).toEqual([everyFacility.id]);
    expect(await inDistrict()).toEqual([everyFacility.id]);
    try {
      // A closed facility is no longer one of "all facilities".
      await handle.db.execute(sql`update place set is_open = false where id = ${facility}`);
      expect(await listed({})).toEqual([]);
      expect(await searched()).toEqual([]);
      expect(await inDistrict()).toEqual([]);
    } finally {
      await handle.db.execute(sql`update place set is_open = true where id = ${facility}`);
    }
    expect(await listed({})).toEqual([everyFacility.id]);
    expect(await searched()).toEqual([everyFacility.id]);
    expect(await inDistrict()).toEqual([everyFacility.id]);
  });

  it("brings, for every agreement, the summary its own page gives, field for field", async () => {
    // The list builds its rows in SQL (one JSON value each); the page builds the same summary in TypeScript.
    const ctx = admin();
    const listed = await listAgreements(ctx, query({ limit: 200, sort: "updated_desc" }));
    expect(listed.items.length).toBeGreaterThan(5);
    expect(listed.items.some((i) => i.signedOn.precision !== "none" && i.validUntil !== null)).toBe(true);
    for (const item of listed.items) {
      const page = AgreementSummarySchema.parse(await getAgreement(ctx, item.id));
      expect({ ...item, parties: byOrganisation(item.parties) }).toEqual({
        ...page,
        parties: byOrganisation(page.parties),
      });
      expect(AgreementSummarySchema.parse(item)).toEqual(item);
    }
  });
});

const byOrganisation = <T extends { organisationId: string; role: string }>(parties: T[]) =>
  [...parties].sort((x, y) => `${x.organisationId}${x.role}`.localeCompare(`${y.organisationId}${y.role}`));

describe("renamed built-in themes", () => {
  it("keep the administrator's names across restarts, and the other built-in names are still refreshed", async () => {
    const ctx = admin();
    const [health] = (await listThemes(ctx)).filter((t) => t.code === "health");
    if (!health) throw new Error("health is built in");
    const renamed = await updateTheme(ctx, "health", health.version, {
      names: { rw: "Ubuzima (bwahinduwe)" },
    });
    expect(renamed.names).toEqual({ ...health.names, rw: "Ubuzima (bwahinduwe)" });
    // A built-in theme whose names drifted is put back; the renamed one is left alone.
    await handle.db.execute(
      sql`update theme set names = '{"en":"x","fr":"x","rw":"x"}' where code = 'disability'`,
    );
    expect(await loadBuiltInThemes(handle.db)).toBe(1);
    const after = await listThemes(ctx);
    expect(after.find((t) => t.code === "health")?.names.rw).toBe("Ubuzima (bwahinduwe)");
    expect(after.find((t) => t.code === "disability")?.names).toEqual(
      BUILT_IN_THEMES.find((t) => t.code === "disability")?.names,
    );
    expect(await loadBuiltInThemes(handle.db)).toBe(0);
    await expectAppError(deleteTheme(ctx, "health", renamed.version), "conflict", "code");
    await expectAppError(
      updateTheme(ctx, "health", health.version, { names: { en: "Stale" } }),
      "precondition_failed",
    );
  });
});

describe("the status filter", () => {
  it("returns exactly the agreements a reader sees in that status, expiry included", async () => {
    const ctx = admin();
    const a = await organisation();
    const b = await organisation();
    const tag = `zs${Date.now().toString(36)}`;
    const cases = [
      { status: "active", validUntil: "2026-01-31" }, // ended: expired
      { status: "active", validUntil: TODAY }, // last day: still active
      { status: "active", validUntil: null },
      { status: "under_revision", validUntil: "2025-12-31" },
      { status: "under_revision", validUntil: "2027-01-01" },
      { status: "draft", validUntil: "2020-01-01" }, // a draft does not expire
      { status: "expired", validUntil: null },
      { status: "terminated", validUntil: "2020-01-01" },
    ] as const;
    for (const c of cases) {
      await createAgreement(
        ctx,
        buildAgreementInput([a.id, b.id], {
          title: `${tag} ${c.status}`,
          status: c.status,
          validUntil: c.validUntil,
        }),
      );
    }
    const all = (await listAgreements(ctx, query({ q: tag }))).items;
    expect(all).toHaveLength(cases.length);
    for (const status of ["draft", "active", "under_revision", "expired", "terminated"] as const) {
      const filtered = (await listAgreements(ctx, query({ q: tag, status }))).items.map((x) => x.id).sort();
      const expected = all
        .filter((x) => x.effectiveStatus === status)
        .map((x) => x.id)
        .sort();
      expect(filtered, status).toEqual(expected);
    }
    expect(all.filter((x) => x.effectiveStatus === "expired")).toHaveLength(3);
  });
});

describe("the institution keeping the register", () => {
  it("defaults a new agreement's keeper to the officer's own organisation when it is the one party of theirs", async () => {
    const [keeper, partner, second, third] = [
      await organisation({ kind: "government" }),
      await organisation(),
      await organisation(),
      await organisation(),
    ];
    const officer = as(buildUserActor([nationalGrant("coordinator")], [keeper.id]));
    const kept = await createAgreement(officer, buildAgreementInput([keeper.id, partner.id]));
    expect(kept.keeperOrganisationId).toBe(keeper.id);
    expect((await getAgreement(admin(), kept.id)).keeperOrganisationId).toBe(keeper.id);
    const [created] = await getAgreementHistory(admin(), kept.id);
    expect(created?.changes.keeperOrganisationId).toEqual({ before: null, after: keeper.id });

    // An explicit choice wins: null is "none", another party is that party.
    const none = await createAgreement(
      officer,
      buildAgreementInput([keeper.id, partner.id], { keeperOrganisationId: null }),
    );
    expect(none.keeperOrganisationId).toBeNull();
    const theirs = await createAgreement(
      officer,
      buildAgreementInput([keeper.id, partner.id], { keeperOrganisationId: partner.id }),
    );
    expect(theirs.keeperOrganisationId).toBe(partner.id);

    // No guess when none, or more than one, of the officer's organisations is a party, nor for the system.
    const outside = await createAgreement(officer, buildAgreementInput([partner.id, second.id]));
    expect(outside.keeperOrganisationId).toBeNull();
    const twoOfMine = as(buildUserActor([nationalGrant("coordinator")], [keeper.id, partner.id]));
    const ambiguous = await createAgreement(
      twoOfMine,
      buildAgreementInput([keeper.id, partner.id, third.id]),
    );
    expect(ambiguous.keeperOrganisationId).toBeNull();
    const bySystem = await createAgreement(as(systemActor), buildAgreementInput([keeper.id, partner.id]));
    expect(bySystem.keeperOrganisationId).toBeNull();

    // An update that does not mention the keeper keeps it; one that names a non-party is refused at the field.
    const renamed = await updateAgreement(officer, kept.id, kept.version, { title: "Renamed, same keeper" });
    expect(renamed.keeperOrganisationId).toBe(keeper.id);
    const before = await footprint();
    const refused = await expectAppError(
      updateAgreement(officer, kept.id, renamed.version, { keeperOrganisationId: third.id }),
      "validation",
      "keeperOrganisationId",
    );
    expect(refused.errors).toContainEqual(
      expect.objectContaining({ path: "keeperOrganisationId", code: "not_a_party" }),
    );
    expect(await footprint()).toEqual(before);
  });

  it("applies the same default to agreements created in bulk, amendments included", async () => {
    const [keeper, partner] = [await organisation({ kind: "government" }), await organisation()];
    const officer = as(buildUserActor([nationalGrant("coordinator")], [keeper.id]));
    const [id] = await createAgreementsInBulk(officer, [
      {
        agreement: buildAgreementInput([keeper.id, partner.id], { status: "active" }),
        progress: [],
        amendment: buildAgreementInput([keeper.id, partner.id], { kind: "amendment" }),
      },
    ]);
    const main = await getAgreement(officer, id ?? "");
    expect(main.keeperOrganisationId).toBe(keeper.id);
    const [amendment] = main.amendments;
    expect((await getAgreement(officer, amendment?.id ?? "")).keeperOrganisationId).toBe(keeper.id);
  });

  it("lists the keeping institutions with how many agreements each keeps, most first, to every reader", async () => {
    const ctx = admin();
    const [big, small, partner, unkept] = [
      await organisation({ name: `Keeper big ${Date.now()}`, acronym: "KB" }),
      await organisation({ name: `Keeper small ${Date.now()}` }),
      await organisation(),
      await organisation(),
    ];
    for (let i = 0; i < 3; i++) {
      await createAgreement(ctx, buildAgreementInput([big.id, partner.id], { keeperOrganisationId: big.id }));
    }
    await createAgreement(
      ctx,
      buildAgreementInput([small.id, partner.id], { keeperOrganisationId: small.id }),
    );
    await createAgreement(ctx, buildAgreementInput([unkept.id, partner.id]));

    const viewer = as(buildUserActor([nationalGrant("viewer")]));
    const { items } = await listAgreementKeepers(viewer);
    const counts = items.map((k) => k.agreementCount);
    expect(counts).toEqual([...counts].sort((x, y) => y - x));
    const ids = items.map((k) => k.organisationId);
    expect(items.find((k) => k.organisationId === big.id)).toEqual({
      organisationId: big.id,
      organisationName: big.name,
      acronym: "KB",
      agreementCount: 3,
    });
    expect(items.find((k) => k.organisationId === small.id)?.agreementCount).toBe(1);
    expect(ids.indexOf(big.id)).toBeLessThan(ids.indexOf(small.id));
    // Parties that keep nothing are not keepers.
    expect(ids).not.toContain(partner.id);
    expect(ids).not.toContain(unkept.id);
  });
});
