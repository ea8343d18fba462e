// Incidents' use cases on both databases: break-the-glass over its three hours (a fixed clock), the retention job
// with a legal hold, statistics whose small cells no pair of filters reveals, and the subject-access export.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { createTestDatabase } from "../../../tests/database";
import {
  buildUserActor,
  contextAs,
  createOrganisationFixture,
  createUserFixture,
  nationalGrant,
  systemActor,
} from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { anonymiseExpiredIncidents } from "./incident-retention.service";
import type { IncidentStatistics, PublishedCount } from "./incident-statistics.schema";
import { getIncidentStatistics } from "./incident-statistics.service";
import type { IncidentInputSchema } from "./incidents.schema";

type IncidentInput = z.input<typeof IncidentInputSchema>;

import { breakGlassIncident, createIncident, getIncident, updateIncident } from "./incidents.service";
import { exportSubjectAccess } from "./subject-access.service";

let handle: DatabaseHandle;
let system: ServiceContext;
let cso: string;
let musanze: string;
let huye: string;

const district = async (name: string) =>
  (
    await queryRows<{ id: string }>(
      handle.db,
      sql`select id from place where kind = 'district' and name = ${name}`,
    )
  )[0]?.id as string;

const input = (over: Partial<IncidentInput> = {}): IncidentInput => ({
  kind: "hindrance_to_justice",
  occurredOn: "2026-10-03",
  placeKind: "district",
  placeId: musanze,
  description: "Held past the legal limit without a lawyer.",
  reportingOrganisationId: cso,
  persons: [{ role: "victim", sex: "male", ageGroup: "25-59", disability: "none" }],
  ...over,
});

beforeAll(async () => {
  handle = await createTestDatabase();
  system = contextAs(handle, systemActor);
  cso = (await createOrganisationFixture(handle, { name: "Musanze Rights Watch" })).id;
  musanze = await district("Musanze");
  huye = await district("Huye");
});

afterAll(async () => {
  await handle?.close();
});

describe("break-the-glass", () => {
  it("opens one incident to a reviewer of another district for three hours, with a reason, then 404 again", async () => {
    const incident = await createIncident(
      system,
      input({
        persons: [{ role: "victim", sex: "female", ageGroup: "18-24", identity: { name: "Glass Canary" } }],
      }),
    );
    const reviewer = await createUserFixture(handle, {
      grants: [{ role: "incident_reviewer", scopeType: "district", scopeId: huye }],
    });
    const at = (iso: string): ServiceContext => ({ ...reviewer.context, now: new Date(iso) });
    await expect(getIncident(at("2026-12-06T08:00:00Z"), incident.id)).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(
      breakGlassIncident(at("2026-12-06T08:00:00Z"), incident.id, { reason: "short" }),
    ).rejects.toMatchObject({ kind: "validation" });
    const opened = await breakGlassIncident(at("2026-12-06T08:00:00Z"), incident.id, {
      reason: "Survivor at Ruhengeri hospital, needs her file for treatment now",
    });
    expect(opened.breakGlassUntil).toBe("2026-12-06T11:00:00.000Z");
    expect(opened.persons[0]?.identity?.name).toBe("Glass Canary");
    const during = await getIncident(at("2026-12-06T10:59:00Z"), incident.id);
    expect(during.can.update).toBe(false);
    await expect(getIncident(at("2026-12-06T11:01:00Z"), incident.id)).rejects.toMatchObject({
      kind: "not_found",
    });
    const audited = await queryRows<{ action: string; reason: string | null }>(
      handle.db,
      sql`select action, changes -> 'reason' ->> 'after' as reason from audit_log
          where actor_user_id = ${reviewer.user.id} order by chain_seq`,
    );
    expect(audited.map((a) => a.action)).toEqual(["break_glass", "read", "read"]);
    expect(audited[0]?.reason).toContain("Ruhengeri");
  });

  it("answers 404 to anyone who may not break the glass, and 409 to one who can already read it", async () => {
    const incident = await createIncident(system, input());
    const caseWorker = await createUserFixture(handle, {
      grants: [{ role: "case_worker", scopeType: "district", scopeId: huye }],
    });
    await expect(
      breakGlassIncident(caseWorker.context, incident.id, { reason: "I would like to see it, please" }),
    ).rejects.toMatchObject({ kind: "not_found" });
    const local = await createUserFixture(handle, {
      grants: [{ role: "incident_reviewer", scopeType: "district", scopeId: musanze }],
    });
    await expect(
      breakGlassIncident(local.context, incident.id, { reason: "I would like to see it, please" }),
    ).rejects.toMatchObject({ kind: "conflict" });
  });
});

describe("the audit of a sealed description", () => {
  it("records an edit of the description alone, by a fingerprint of its sealed form, never its text", async () => {
    const incident = await createIncident(system, input());
    const updates = async () =>
      queryRows<{ changes: Record<string, { before: unknown; after: unknown }> }>(
        handle.db,
        sql`select changes from audit_log where entity_id = ${incident.id} and action = 'update' order by chain_seq`,
      );
    // The same text sent back (as the edit form does) is no change: nothing is sealed anew, nothing is audited.
    const same = await updateIncident(system, incident.id, incident.version, {
      description: "Held past the legal limit without a lawyer.",
    });
    expect(await updates()).toEqual([]);
    await updateIncident(system, incident.id, same.version, {
      description: "CANARY-SEAL-4410: released after nine days",
    });
    const rows = await updates();
    expect(rows).toHaveLength(1);
    const description = rows[0]?.changes.description;
    expect(description?.before).toMatch(/^sealed [0-9a-f]{12}$/);
    expect(description?.after).toMatch(/^sealed [0-9a-f]{12}$/);
    expect(description?.after).not.toBe(description?.before);
    expect(JSON.stringify(rows)).not.toContain("CANARY-SEAL-4410");
  });
});

describe("retention", () => {
  it("anonymises closed incidents past the period unless on legal hold; counts and audit survive", async () => {
    const old = await createIncident(
      system,
      input({
        description: "Retention canary text",
        persons: [
          { role: "victim", sex: "female", ageGroup: "16-17", identity: { name: "Retention Canary" } },
        ],
      }),
    );
    const held = await createIncident(
      system,
      input({ persons: [{ role: "victim", identity: { name: "Held Canary" } }] }),
    );
    const closedLongAgo = { ...system, today: "2020-01-15" };
    await updateIncident(closedLongAgo, old.id, old.version, { status: "closed", closureReason: "assisted" });
    const heldNow = await updateIncident(closedLongAgo, held.id, held.version, {
      status: "closed",
      closureReason: "resolved",
    });
    await updateIncident(system, held.id, heldNow.version, { legalHold: true });
    const before = await getIncidentStatistics(system, {});
    const report = await anonymiseExpiredIncidents(system, { days: 365 });
    expect(report.anonymised).toBe(1);
    expect((await anonymiseExpiredIncidents(system, { days: 365 })).anonymised).toBe(0);
    const after = await getIncident(system, old.id);
    expect(after.anonymised).toBe(true);
    expect(after).not.toHaveProperty("description");
    expect(after.persons[0]?.identity).toEqual({ name: null, contact: null });
    expect(after.persons[0]?.ageGroup).toBe("16-17");
    expect((await getIncident(system, held.id)).persons[0]?.identity?.name).toBe("Held Canary");
    expect(await getIncidentStatistics(system, {})).toEqual(before);
    const left = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from incident_person_identity x join incident_person p on p.id = x.person_id
          where p.incident_id = ${old.id}`,
    );
    expect(left[0]?.n).toBe(0);
    const history = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from audit_log where entity_id = ${old.id}`,
    );
    expect(history[0]?.n).toBeGreaterThanOrEqual(3);
  });
});

describe("statistics", () => {
  let stats: IncidentStatistics;
  let hindrancesOnly: IncidentStatistics;
  let year2026: IncidentStatistics;
  const shown = (cell: PublishedCount | undefined) => (cell?.suppressed === null ? cell.count : null);

  beforeAll(async () => {
    const db = await createTestDatabase();
    const ctx = contextAs(db, systemActor);
    const org = (await createOrganisationFixture(db, { name: "Counting Org" })).id;
    const place = (
      await queryRows<{ id: string }>(
        db.db,
        sql`select id from place where kind = 'district' and name = 'Musanze'`,
      )
    )[0]?.id as string;
    const add = (kind: IncidentInput["kind"], sex: "female" | "male", n: number) =>
      Promise.all(
        Array.from({ length: n }, () =>
          createIncident(ctx, {
            kind,
            occurredOn: "2026-05",
            placeKind: "district",
            placeId: place,
            description: "counted",
            reportingOrganisationId: org,
            persons: [{ role: "victim", sex, ageGroup: "25-59", disability: "none" }],
          }),
        ),
      );
    // Musanze: 9 hindrances (6 male, 3 female victims) and 2 abuses (male): female and abuses are small.
    await add("hindrance_to_justice", "male", 6);
    await add("hindrance_to_justice", "female", 3);
    await add("human_rights_abuse", "male", 2);
    stats = await getIncidentStatistics(ctx, { districtId: place });
    hindrancesOnly = await getIncidentStatistics(ctx, { districtId: place, kind: "hindrance_to_justice" });
    year2026 = await getIncidentStatistics(ctx, { districtId: place, year: 2026 });
    await db.close();
  });

  it("gives nothing away by differencing two filters", () => {
    // Total − hindrances would give the abuses (2): one of the two figures is hidden.
    const total = shown(stats.incidents);
    const hindrances = shown(hindrancesOnly.incidents);
    expect(total === null || hindrances === null).toBe(true);
    // Female victims by kind filter against all kinds: the same hidden cells, whichever filter is asked.
    const femaleAll = stats.bySex.find((i) => i.key === "female")?.cell;
    const femaleHindrance = hindrancesOnly.bySex.find((i) => i.key === "female")?.cell;
    expect(femaleAll?.suppressed).not.toBeNull();
    expect(femaleHindrance?.suppressed).not.toBeNull();
    // The same district by year (all its incidents are of 2026): the same cells, the same figures.
    expect(year2026.incidents).toEqual(stats.incidents);
    expect(year2026.bySex).toEqual(stats.bySex);
  });

  it("shows small cells as small and hides a complement, so the total cannot reveal them", () => {
    const female = stats.bySex.find((i) => i.key === "female")?.cell;
    const male = stats.bySex.find((i) => i.key === "male")?.cell;
    expect(female).toEqual({ count: null, suppressed: "small" });
    // 11 victims: if the total is shown, male (8) must be hidden too, or 11 − 8 = 3 is out.
    expect(shown(stats.victims) === null || shown(male) === null).toBe(true);
    const abuses = stats.byKind.find((i) => i.key === "human_rights_abuse")?.cell;
    expect(abuses).toEqual({ count: null, suppressed: "small" });
  });

  it("answers a district officer for their district only, and 404 for another", async () => {
    const officer = await createUserFixture(handle, {
      grants: [{ role: "district_officer", scopeType: "district", scopeId: huye }],
    });
    const mine = await getIncidentStatistics(officer.context, {});
    expect(mine.filters.districtId).toBe(huye);
    await expect(getIncidentStatistics(officer.context, { districtId: musanze })).rejects.toMatchObject({
      kind: "not_found",
    });
    const editor = await createUserFixture(handle, {
      grants: [{ role: "partner_editor", scopeType: "organisation", scopeId: cso }],
    });
    await expect(getIncidentStatistics(editor.context, {})).rejects.toMatchObject({ kind: "forbidden" });
  });
});

describe("subject access", () => {
  it("gives a case holder everything about one person code and who accessed it; 404 elsewhere", async () => {
    const caseWorker = await createUserFixture(handle, {
      grants: [{ role: "case_worker", scopeType: "organisation", scopeId: cso }],
      organisationIds: [cso],
    });
    const incident = await createIncident(
      caseWorker.context,
      input({
        persons: [{ role: "victim", sex: "female", ageGroup: "18-24", identity: { name: "Subject Canary" } }],
      }),
    );
    await getIncident(caseWorker.context, incident.id);
    const code = incident.persons[0]?.code as string;
    const data = await exportSubjectAccess(caseWorker.context, code);
    expect(data.person.identity?.name).toBe("Subject Canary");
    expect(data.incident.reference).toBe(incident.reference);
    expect(data.accesses.some((a) => a.action === "read")).toBe(true);
    const viewer = await createUserFixture(handle, { grants: [nationalGrant("viewer")] });
    await expect(exportSubjectAccess(viewer.context, code)).rejects.toMatchObject({ kind: "forbidden" });
    const other = contextAs(
      handle,
      buildUserActor([{ role: "case_worker", scopeType: "district", scopeId: huye }]),
    );
    await expect(exportSubjectAccess(other, code)).rejects.toMatchObject({ kind: "not_found" });
  });
});
