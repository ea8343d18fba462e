// Referrals on both databases: the consent gate and its override, refusals naming the field, forward-only transitions
// with one winner under concurrent answers, scope (404 elsewhere, absent from lists), the identity key for those who
// may see it, follow-ups, read audit, and a canary name that never reaches the audit log or the outbox.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, createOrganisationFixture, nationalGrant } from "../../../tests/factories";
import {
  addConsentFixture,
  createIncidentFixture,
  districtGrant,
  districtIds,
  type IncidentFixture,
  orgGrant,
  type PersonFixture,
} from "../../../tests/incident-factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { Grant, ServiceContext } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import type { Referral, ServiceProvider } from "./incidents.schema";
import {
  addReferralFollowUp,
  changeReferralStatus,
  createReferral,
  getReferral,
  listIncidentReferrals,
  listReferrals,
} from "./referrals.service";
import { selectOpenReferralCounts } from "./referrals.store";
import { createServiceProvider } from "./service-providers.service";

const TODAY = "2026-06-15";
const LINKS = { publicUrl: "https://ubufatanye.example.org" };
const CANARY_NAME = "Canary Mukamana-7Q";
const CANARY_CONTACT = "canary-7q@example.org";
const CANARY_NOTE = "Canary note 7Q: she sleeps at her aunt's in Kinigi";
const CANARY_DESCRIPTION = "Canary description 7Q: held past the legal limit";
const CANARIES = [CANARY_NAME, CANARY_CONTACT, "Canary", "7Q"];

let handle: DatabaseHandle;
let musanze: string;
let huye: string;
let csoId: string;
let isangeOrgId: string;
let striveOrgId: string;
let isange: ServiceProvider;
let strive: ServiceProvider;
let closedProvider: ServiceProvider;
let incident: IncidentFixture;

/** Persons of the incident, by what their consent records say. */
const P = {
  consenting: 0,
  none: 1,
  refused: 2,
  withdrawnBefore: 3,
  withdrawnTomorrow: 4,
  childAlone: 5,
  childWithGuardian: 6,
  overridden: 7,
  accepted: 8,
  concurrent: 9,
} as const;

const as = (grants: Grant[], organisationIds: string[] = []): ServiceContext => ({
  db: handle.db,
  actor: buildUserActor(grants, organisationIds),
  today: TODAY,
});
let csoCaseWorker: ServiceContext;
let csoEditor: ServiceContext;
let isangeCaseWorker: ServiceContext;
let isangeCaseWorker2: ServiceContext;
let striveCaseWorker: ServiceContext;
let huyeCaseWorker: ServiceContext;
let musanzeReviewer: ServiceContext;
let csoViewer: ServiceContext;

const personId = (i: number) => {
  const person = incident.persons[i];
  if (!person) throw new Error(`no person ${i} in the incident`);
  return person.id;
};
const referralInput = (person: number, extra: Record<string, unknown> = {}) => ({
  incidentId: incident.id,
  personId: personId(person),
  providerId: isange.id,
  service: "psychosocial",
  ...extra,
});

beforeAll(async () => {
  handle = await createTestDatabase();
  [musanze, huye] = (await districtIds(handle.db, "Musanze", "Huye")) as [string, string];
  csoId = (await createOrganisationFixture(handle, { name: "Musanze test CSO" })).id;
  isangeOrgId = (await createOrganisationFixture(handle, { name: "Isange test centre", kind: "government" }))
    .id;
  striveOrgId = (await createOrganisationFixture(handle, { name: "Strive test foundation" })).id;
  const closedOrgId = (await createOrganisationFixture(handle, { name: "Closed test shelter" })).id;
  const admin = as([nationalGrant("administrator")]);
  isange = await createServiceProvider(admin, {
    organisationId: isangeOrgId,
    services: ["medical", "psychosocial", "legal_aid"],
    nationwide: true,
    contactEmail: "isange@example.org",
  });
  strive = await createServiceProvider(admin, {
    organisationId: striveOrgId,
    services: ["reintegration", "psychosocial"],
    districtIds: [musanze],
    contactEmail: "strive@example.org",
  });
  closedProvider = await createServiceProvider(admin, {
    organisationId: closedOrgId,
    services: ["shelter"],
    nationwide: true,
    acceptingReferrals: false,
  });
  const consent = { givenOn: "2026-06-01" };
  const persons: PersonFixture[] = [
    { identity: { name: CANARY_NAME, contact: CANARY_CONTACT }, consents: [consent] },
    { consents: [{ givenOn: "2026-06-01", purposes: ["statistics"] }] },
    { consents: [{ givenOn: "2026-06-01", given: false }] },
    { consents: [{ givenOn: "2026-06-01", withdrawnOn: "2026-06-10" }] },
    { consents: [{ givenOn: "2026-06-01", withdrawnOn: "2026-06-16" }] },
    { ageGroup: "12-15", consents: [consent] },
    { ageGroup: "12-15", consents: [consent, { givenOn: "2026-06-02", givenBy: "guardian" }] },
    { ageGroup: "0-11" },
    { consents: [consent] },
    { consents: [consent] },
  ];
  incident = await createIncidentFixture(handle.db, {
    reportingOrganisationId: csoId,
    districtId: musanze,
    description: CANARY_DESCRIPTION,
    persons,
  });
  csoCaseWorker = as([orgGrant("case_worker", csoId)], [csoId]);
  csoEditor = as([orgGrant("partner_editor", csoId)], [csoId]);
  isangeCaseWorker = as([orgGrant("case_worker", isangeOrgId)], [isangeOrgId]);
  isangeCaseWorker2 = as([orgGrant("case_worker", isangeOrgId)], [isangeOrgId]);
  striveCaseWorker = as([orgGrant("case_worker", striveOrgId)], [striveOrgId]);
  huyeCaseWorker = as([districtGrant("case_worker", huye)]);
  musanzeReviewer = as([districtGrant("incident_reviewer", musanze)]);
  csoViewer = as([orgGrant("viewer", csoId)], [csoId]);
});
afterAll(async () => handle?.close());

async function auditRows(entityType: string, entityId: string) {
  return queryRows<{
    action: string;
    entity_label: string | null;
    changes: Record<string, { after: unknown }>;
  }>(
    handle.db,
    sql`select action, entity_label, changes from audit_log
        where entity_type = ${entityType} and entity_id = ${entityId} order by id`,
  );
}

describe("the consent gate", () => {
  it("refers a person whose consent to referral is in force, and moves the incident to referred", async () => {
    const referral = await createReferral(
      csoCaseWorker,
      LINKS,
      referralInput(P.consenting, { note: CANARY_NOTE }),
    );
    expect(referral).toMatchObject({
      incidentId: incident.id,
      status: "pending",
      consentBasis: "consent",
      service: "psychosocial",
      fromOrganisationId: csoId,
      fromOrganisationName: "Musanze test CSO",
      providerOrganisationId: isangeOrgId,
      providerName: "Isange test centre",
      districtName: "Musanze",
      note: CANARY_NOTE,
      referredOn: TODAY,
      version: 1,
    });
    expect(referral.incidentReference).toMatch(/^INC-\d{4}-\d{5}$/);
    const [incidentRow] = await queryRows<{ status: string; version: number }>(
      handle.db,
      sql`select status, version from incident where id = ${incident.id}`,
    );
    expect(incidentRow).toEqual({ status: "referred", version: 2 });
    const incidentAudit = await auditRows("incident", incident.id);
    expect(incidentAudit).toHaveLength(1);
    expect(incidentAudit[0]?.changes.status?.after).toBe("referred");
    const [created] = await auditRows("referral", referral.id);
    expect(created).toMatchObject({
      action: "create",
      entity_label: `${referral.incidentReference} ${referral.person.code}`,
    });
    expect(created?.changes.note?.after).toBe("sealed");
    expect(created?.changes.consentBasis?.after).toBe("consent");
    // A second referral of the same incident leaves it as it is.
    await createReferral(csoCaseWorker, LINKS, referralInput(P.consenting, { service: "medical" }));
    expect(await auditRows("incident", incident.id)).toHaveLength(1);
  });

  const refusals: [string, number, string, RegExp][] = [
    ["no consent to referral", P.none, "consent_none", /No consent to referral is recorded/],
    ["a refusal", P.refused, "consent_refused", /refused to be referred/],
    ["a consent withdrawn before today", P.withdrawnBefore, "consent_withdrawn", /withdrew their consent/],
    [
      "a child's own consent only",
      P.childAlone,
      "consent_guardian_required",
      /a parent or guardian must consent/,
    ],
  ];
  for (const [what, person, code, message] of refusals) {
    it(`refuses ${what} with 422 on consent, and writes nothing`, async () => {
      await expectNothingWritten(handle.db, async () => {
        const refusal = createReferral(csoCaseWorker, LINKS, referralInput(person));
        await expect(refusal).rejects.toMatchObject({
          kind: "validation",
          errors: [{ path: "consent", code }],
        });
        const error: unknown = await refusal.catch((e: unknown) => e);
        expect(error instanceof AppError && error.errors[0]?.message).toMatch(message);
      });
    });
  }

  it("takes a consent withdrawn from tomorrow, and a guardian's for a child under 16", async () => {
    const tomorrow = await createReferral(csoCaseWorker, LINKS, referralInput(P.withdrawnTomorrow));
    expect(tomorrow.consentBasis).toBe("consent");
    const child = await createReferral(csoCaseWorker, LINKS, referralInput(P.childWithGuardian));
    expect(child).toMatchObject({ consentBasis: "consent", person: { ageGroup: "12-15" } });
    // The next day, the withdrawal is in force.
    await expect(
      createReferral({ ...csoCaseWorker, today: "2026-06-16" }, LINKS, referralInput(P.withdrawnTomorrow)),
    ).rejects.toMatchObject({ errors: [{ path: "consent", code: "consent_withdrawn" }] });
  });

  it("lets a case worker override missing consent on vital interest, with the reason sealed", async () => {
    const referral = await createReferral(
      csoCaseWorker,
      LINKS,
      referralInput(P.overridden, { service: "medical", vitalInterestReason: `${CANARY_NAME} is bleeding` }),
    );
    expect(referral).toMatchObject({
      consentBasis: "vital_interest",
      vitalInterestReason: `${CANARY_NAME} is bleeding`,
    });
    const [created] = await auditRows("referral", referral.id);
    expect(created?.changes.vitalInterestReason?.after).toBe("sealed");
    expect(created?.changes.consentBasis?.after).toBe("vital_interest");
    // An incident reviewer of the district may override consent, but refers nobody (the policy's referral rows).
    await expect(
      createReferral(
        musanzeReviewer,
        LINKS,
        referralInput(P.none, { service: "medical", vitalInterestReason: "Unconscious, needs care" }),
      ),
    ).rejects.toMatchObject({ kind: "forbidden" });
  });

  it("refuses the override to a partner editor with 403 naming vitalInterestReason", async () => {
    await expectNothingWritten(handle.db, () =>
      expect(
        createReferral(csoEditor, LINKS, referralInput(P.none, { vitalInterestReason: "Urgent" })),
      ).rejects.toMatchObject({ kind: "forbidden", errors: [{ path: "vitalInterestReason" }] }),
    );
    // With consent in force the same editor refers, and a reason given anyway overrides nothing.
    const referral = await createReferral(
      csoEditor,
      LINKS,
      referralInput(P.consenting, { service: "legal_aid", vitalInterestReason: "Not needed" }),
    );
    expect(referral).toMatchObject({ consentBasis: "consent", vitalInterestReason: null });
  });
});

describe("refusals naming the field", () => {
  it("names an unknown provider, a service it does not offer, one not taking referrals, a person elsewhere", async () => {
    const other = await createIncidentFixture(handle.db, {
      reportingOrganisationId: csoId,
      districtId: musanze,
      persons: [{ consents: [{ givenOn: "2026-06-01" }] }],
    });
    await expectNothingWritten(handle.db, async () => {
      await expect(
        createReferral(csoCaseWorker, LINKS, referralInput(P.consenting, { providerId: csoId })),
      ).rejects.toMatchObject({
        kind: "validation",
        errors: [{ path: "providerId", code: "unknown_provider", params: { provider: csoId } }],
      });
      await expect(
        createReferral(
          csoCaseWorker,
          LINKS,
          referralInput(P.consenting, { providerId: strive.id, service: "shelter" }),
        ),
      ).rejects.toMatchObject({
        errors: [
          {
            path: "service",
            code: "service_not_offered",
            message: "Strive test foundation does not offer shelter (it offers reintegration, psychosocial).",
          },
        ],
      });
      await expect(
        createReferral(
          csoCaseWorker,
          LINKS,
          referralInput(P.consenting, { providerId: closedProvider.id, service: "shelter" }),
        ),
      ).rejects.toMatchObject({ errors: [{ path: "providerId", code: "provider_not_accepting" }] });
      await expect(
        createReferral(csoCaseWorker, LINKS, {
          ...referralInput(P.consenting),
          personId: other.persons[0]?.id,
        }),
      ).rejects.toMatchObject({ errors: [{ path: "personId", code: "person_not_in_incident" }] });
      await expect(
        createReferral(csoCaseWorker, LINKS, referralInput(P.consenting, { service: "massage" })),
      ).rejects.toMatchObject({ errors: [{ path: "service" }] });
    });
  });

  it("answers 404 for an incident the actor may not read, and 403 for one they only read", async () => {
    await expectNothingWritten(handle.db, async () => {
      for (const ctx of [huyeCaseWorker, isangeCaseWorker])
        await expect(createReferral(ctx, LINKS, referralInput(P.consenting))).rejects.toMatchObject({
          kind: "not_found",
          errors: [{ path: "incidentId" }],
        });
      await expect(
        createReferral(csoCaseWorker, LINKS, referralInput(P.consenting, { incidentId: csoId })),
      ).rejects.toMatchObject({ kind: "not_found" });
      await expect(createReferral(csoViewer, LINKS, referralInput(P.consenting))).rejects.toMatchObject({
        kind: "forbidden",
      });
    });
  });

  it("refuses a closed incident with 409", async () => {
    const closed = await createIncidentFixture(handle.db, {
      reportingOrganisationId: csoId,
      districtId: musanze,
      status: "closed",
      persons: [{ consents: [{ givenOn: "2026-06-01" }] }],
    });
    await expect(
      createReferral(csoCaseWorker, LINKS, {
        ...referralInput(P.consenting),
        incidentId: closed.id,
        personId: closed.persons[0]?.id,
      }),
    ).rejects.toMatchObject({ kind: "conflict", errors: [{ path: "incidentId", code: "incident_closed" }] });
  });
});

describe("answering a referral", () => {
  let referral: Referral;
  beforeAll(async () => {
    referral = await createReferral(csoCaseWorker, LINKS, referralInput(P.accepted));
  });

  it("is the provider's: the referring case worker may not accept (403), a wrong step is 409 naming status", async () => {
    await expectNothingWritten(handle.db, async () => {
      await expect(
        changeReferralStatus(csoCaseWorker, referral.id, 1, { status: "accepted" }),
      ).rejects.toMatchObject({ kind: "forbidden", errors: [{ path: "status" }] });
      await expect(
        changeReferralStatus(isangeCaseWorker, referral.id, 1, { status: "completed" }),
      ).rejects.toMatchObject({
        kind: "conflict",
        errors: [
          { path: "status", code: "transition_not_allowed", params: { from: "pending", to: "completed" } },
        ],
      });
      await expect(
        changeReferralStatus(isangeCaseWorker, referral.id, 1, { status: "declined" }),
      ).rejects.toMatchObject({ kind: "validation", errors: [{ path: "reason", code: "reason_required" }] });
      await expect(
        changeReferralStatus(isangeCaseWorker, referral.id, 7, { status: "accepted" }),
      ).rejects.toMatchObject({ kind: "precondition_failed" });
    });
  });

  it("accepts, takes follow-ups (the first moves it to in progress), completes, and never goes back", async () => {
    const accepted = await changeReferralStatus(isangeCaseWorker, referral.id, 1, { status: "accepted" });
    expect(accepted).toMatchObject({
      status: "accepted",
      version: 2,
      can: { respond: false, followUp: true },
    });
    expect(accepted.respondedAt).not.toBeNull();
    await expect(
      addReferralFollowUp(csoCaseWorker, referral.id, { on: TODAY, note: "Called" }),
    ).rejects.toMatchObject({ kind: "forbidden" });
    await expect(
      addReferralFollowUp(isangeCaseWorker, referral.id, { on: "2026-06-16", note: "Tomorrow" }),
    ).rejects.toMatchObject({ errors: [{ path: "on", code: "date_in_future" }] });
    await expect(
      addReferralFollowUp(isangeCaseWorker, referral.id, { on: "2026-06-14", note: "Before" }),
    ).rejects.toMatchObject({ errors: [{ path: "on", code: "date_before_referral" }] });
    const followed = await addReferralFollowUp(isangeCaseWorker, referral.id, {
      on: TODAY,
      note: `${CANARY_NAME} came to the first session`,
    });
    expect(followed).toMatchObject({ status: "in_progress", version: 3 });
    expect(followed.followUps).toMatchObject([
      { on: TODAY, note: `${CANARY_NAME} came to the first session` },
    ]);
    const second = await addReferralFollowUp(isangeCaseWorker, referral.id, {
      on: TODAY,
      note: "Second session",
    });
    expect(second).toMatchObject({ status: "in_progress", version: 4 });
    expect(second.followUps).toHaveLength(2);
    const completed = await changeReferralStatus(isangeCaseWorker2, referral.id, 4, { status: "completed" });
    expect(completed.status).toBe("completed");
    await expect(
      addReferralFollowUp(isangeCaseWorker, referral.id, { on: TODAY, note: "Late" }),
    ).rejects.toMatchObject({ kind: "conflict" });
    await expect(
      changeReferralStatus(isangeCaseWorker, referral.id, 5, { status: "in_progress" }),
    ).rejects.toMatchObject({ kind: "conflict", errors: [{ path: "status" }] });
    // Either side closes: here the referring case worker.
    const closed = await changeReferralStatus(csoCaseWorker, referral.id, 5, { status: "closed" });
    expect(closed).toMatchObject({ status: "closed", version: 6 });
    const history = await auditRows("referral", referral.id);
    expect(history.map((h) => [h.action, h.changes.status?.after ?? null])).toEqual([
      ["create", "pending"],
      ["update", "accepted"],
      ["update", "in_progress"],
      ["update", null],
      ["update", "completed"],
      ["update", "closed"],
    ]);
    expect(history[3]?.changes.followUps?.after).toBe(2);
  });

  it("has exactly one winner when accept and decline arrive together at the same version", async () => {
    const contested = await createReferral(csoCaseWorker, LINKS, referralInput(P.concurrent));
    const results = await Promise.allSettled([
      changeReferralStatus(isangeCaseWorker, contested.id, 1, { status: "accepted" }),
      changeReferralStatus(isangeCaseWorker2, contested.id, 1, {
        status: "declined",
        reason: "Full this week",
      }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ kind: "precondition_failed" });
    const updates = (await auditRows("referral", contested.id)).filter((h) => h.action === "update");
    expect(updates).toHaveLength(1);
    const now = await getReferral(isangeCaseWorker, contested.id);
    expect(now.version).toBe(2);
    expect(now.status).toBe((won[0] as PromiseFulfilledResult<Referral>).value.status);
  });
});

describe("who sees a referral", () => {
  let referral: Referral;
  beforeAll(async () => {
    const [first] = (await listReferrals(csoCaseWorker, { direction: "sent" })).items.filter(
      (r) => r.personCode === incident.persons[P.consenting]?.code && r.service === "psychosocial",
    );
    if (!first) throw new Error("the first referral is missing");
    referral = await getReferral(csoCaseWorker, first.id);
  });

  it("shows the name and contact to case workers of either side, and leaves the key out for others", async () => {
    expect((await getReferral(isangeCaseWorker, referral.id)).person.identity).toEqual({
      name: CANARY_NAME,
      contact: CANARY_CONTACT,
    });
    expect(referral.person.identity?.name).toBe(CANARY_NAME);
    for (const reader of [csoEditor, musanzeReviewer]) {
      const seen = await getReferral(reader, referral.id);
      expect("identity" in seen.person).toBe(false);
      expect(JSON.stringify(seen)).not.toContain(CANARY_NAME);
      expect(seen.person.code).toBe(referral.person.code);
      // Notes go to every reader of the referral.
      expect(seen.note).toBe(CANARY_NOTE);
      expect(seen.can).toEqual({ respond: false, followUp: false });
    }
    expect((await getReferral(isangeCaseWorker, referral.id)).can.respond).toBe(true);
  });

  it("answers 404 to another district, another provider and a viewer, and lists nothing for them", async () => {
    for (const outsider of [huyeCaseWorker, striveCaseWorker, csoViewer]) {
      await expect(getReferral(outsider, referral.id)).rejects.toMatchObject({ kind: "not_found" });
      await expect(
        changeReferralStatus(outsider, referral.id, referral.version, { status: "closed" }),
      ).rejects.toMatchObject({ kind: "not_found" });
      await expect(
        addReferralFollowUp(outsider, referral.id, { on: TODAY, note: "x" }),
      ).rejects.toMatchObject({ kind: "not_found" });
      expect(await listReferrals(outsider, {})).toEqual({ items: [], total: 0 });
    }
    await expect(listIncidentReferrals(huyeCaseWorker, incident.id)).rejects.toMatchObject({
      kind: "not_found",
    });
  });

  it("lists received, sent and all in scope, newest first, paged, with every list read audited", async () => {
    const all = await listReferrals(csoCaseWorker, {});
    const sent = await listReferrals(csoCaseWorker, { direction: "sent" });
    const received = await listReferrals(csoCaseWorker, { direction: "received" });
    expect(sent.total).toBe(all.total);
    expect(received).toEqual({ items: [], total: 0 });
    const isangeReceived = await listReferrals(isangeCaseWorker, { direction: "received" });
    expect(isangeReceived.total).toBe(all.total);
    expect(new Set(isangeReceived.items.map((r) => r.providerName))).toEqual(new Set(["Isange test centre"]));
    const dates = all.items.map((r) => r.id);
    const page = await listReferrals(csoCaseWorker, { limit: 2, offset: 1 });
    expect(page.items.map((r) => r.id)).toEqual(dates.slice(1, 3));
    expect(page.total).toBe(all.total);
    const pending = await listReferrals(musanzeReviewer, { status: "pending" });
    expect(pending.items.every((r) => r.status === "pending")).toBe(true);
    expect(pending.total).toBeGreaterThan(0);
    expect(Object.keys(all.items[0] ?? {}).sort()).toEqual(
      [
        "id",
        "incidentId",
        "incidentReference",
        "incidentKind",
        "districtName",
        "fromOrganisationName",
        "providerName",
        "service",
        "status",
        "referredOn",
        "version",
        "personCode",
      ].sort(),
    );
    const [listRead] = await queryRows<{
      changes: Record<string, { after: unknown }>;
      actor_user_id: string;
    }>(
      handle.db,
      sql`select changes, actor_user_id from audit_log where entity_type = 'referral_list' and action = 'read'
          and actor_user_id = ${csoCaseWorker.actor.kind === "user" ? csoCaseWorker.actor.userId : ""}
          order by id desc limit 1`,
    );
    expect(listRead?.changes.ids?.after).toEqual(dates.slice(1, 3));
    // The incident's own list: for the referring side, and for the provider who cannot read the incident.
    expect((await listIncidentReferrals(csoCaseWorker, incident.id)).length).toBe(all.total);
    expect((await listIncidentReferrals(isangeCaseWorker, incident.id)).length).toBe(all.total);
  });

  it("writes one read row per referral read, labelled with codes", async () => {
    const before = (await auditRows("referral", referral.id)).filter((r) => r.action === "read").length;
    await getReferral(musanzeReviewer, referral.id);
    const reads = (await auditRows("referral", referral.id)).filter((r) => r.action === "read");
    expect(reads).toHaveLength(before + 1);
    expect(reads.at(-1)?.entity_label).toBe(`${referral.incidentReference} ${referral.person.code}`);
  });
});

describe("what leaves the case", () => {
  it("keeps the canary name, contact, note and description out of the audit log", async () => {
    const rows = await queryRows<{ text: string }>(
      handle.db,
      sql`select changes::text || ' ' || coalesce(entity_label, '') || ' ' || actor_label as text from audit_log`,
    );
    expect(rows.length).toBeGreaterThan(20);
    for (const canary of CANARIES) expect(rows.filter((r) => r.text.includes(canary))).toEqual([]);
  });

  it("emails the provider that a referral arrived, with nothing of the person or the case", async () => {
    const messages = await queryRows<{ kind: string; recipient: string; subject: string; body_text: string }>(
      handle.db,
      sql`select kind, recipient, subject, body_text from outbox_message order by created_at`,
    );
    expect(messages.length).toBeGreaterThan(5);
    expect(new Set(messages.map((m) => m.kind))).toEqual(new Set(["referral_received"]));
    expect(new Set(messages.map((m) => m.recipient))).toEqual(new Set(["isange@example.org"]));
    const first = messages[0];
    expect(first?.subject).toBe("New referral for psychosocial support from Musanze test CSO");
    expect(first?.body_text).toMatch(
      /^Hello,\n\nMusanze test CSO has referred someone to Isange test centre/,
    );
    expect(first?.body_text).toMatch(/https:\/\/ubufatanye\.example\.org\/referrals\/[0-9a-f-]{36}\n/);
    const codes = incident.persons.map((p) => p.code);
    for (const m of messages) {
      const text = `${m.subject}\n${m.body_text}`;
      for (const canary of [...CANARIES, ...codes, "INC-"]) expect(text).not.toContain(canary);
    }
  });

  it("names the consent records a later consent relies on", async () => {
    // A consent recorded today for the person without one: the next referral rests on it.
    const consentId = await addConsentFixture(handle.db, personId(P.none), { givenOn: TODAY });
    const referral = await createReferral(
      csoCaseWorker,
      LINKS,
      referralInput(P.none, { service: "legal_aid" }),
    );
    const [row] = await queryRows<{ consent_id: string; consent_basis: string }>(
      handle.db,
      sql`select consent_id, consent_basis from referral where id = ${referral.id}`,
    );
    expect(row).toEqual({ consent_id: consentId, consent_basis: "consent" });
  });

  it("counts an incident's open referrals (pending, accepted, in progress) for its summary", async () => {
    const all = await listIncidentReferrals(csoCaseWorker, incident.id);
    const open = all.filter((r) => ["pending", "accepted", "in_progress"].includes(r.status)).length;
    expect(open).toBeLessThan(all.length);
    const counts = await selectOpenReferralCounts(handle.db, [incident.id, csoId]);
    expect([...counts]).toEqual([[incident.id, open]]);
  });
});
