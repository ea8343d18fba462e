// The service-provider directory on both databases: filters by service and district, refusals naming the field,
// one entry per organisation, who may change what, and the audit of every change.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  buildUserActor,
  contextAs,
  createOrganisationFixture,
  nationalGrant,
  systemActor,
} from "../../../tests/factories";
import { createIncidentFixture, districtIds, orgGrant } from "../../../tests/incident-factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import type { ServiceProvider } from "./incidents.schema";
import { createReferral } from "./referrals.service";
import {
  createServiceProvider,
  deleteServiceProvider,
  getServiceProvider,
  listServiceProviders,
  updateServiceProvider,
} from "./service-providers.service";

let handle: DatabaseHandle;
let admin: ServiceContext;
let musanze: string;
let huye: string;
let gasabo: string;
let nationwide: ServiceProvider;
let inKigali: ServiceProvider;
let providerOrgId: string;

const LINKS = { publicUrl: "http://localhost:3000" };
const as = (...grants: Parameters<typeof buildUserActor>[0]) => contextAs(handle, buildUserActor(grants));

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = contextAs(handle, buildUserActor([nationalGrant("administrator")]));
  [musanze, huye, gasabo] = (await districtIds(handle.db, "Musanze", "Huye", "Gasabo")) as [
    string,
    string,
    string,
  ];
  const isange = await createOrganisationFixture(handle, { name: "Isange test centre", kind: "government" });
  const strive = await createOrganisationFixture(handle, { name: "Strive test foundation" });
  providerOrgId = strive.id;
  nationwide = await createServiceProvider(admin, {
    organisationId: isange.id,
    services: ["medical", "psychosocial", "legal_aid"],
    nationwide: true,
    contactEmail: "isange@example.org",
  });
  inKigali = await createServiceProvider(admin, {
    organisationId: strive.id,
    services: ["reintegration", "livelihood", "psychosocial"],
    districtIds: [gasabo],
    contactPhone: "  ",
    capacity: "Ten families a quarter",
  });
});
afterAll(async () => handle?.close());

describe("the directory", () => {
  it("lists by service and district, a nationwide provider serving every district", async () => {
    const names = async (query: Record<string, string>) =>
      (await listServiceProviders(admin, query)).map((p) => p.organisationName);
    expect(await names({})).toEqual(["Isange test centre", "Strive test foundation"]);
    expect(await names({ service: "psychosocial" })).toEqual([
      "Isange test centre",
      "Strive test foundation",
    ]);
    expect(await names({ service: "reintegration" })).toEqual(["Strive test foundation"]);
    expect(await names({ districtId: gasabo })).toEqual(["Isange test centre", "Strive test foundation"]);
    expect(await names({ districtId: musanze })).toEqual(["Isange test centre"]);
    expect(await names({ districtId: huye, service: "reintegration" })).toEqual([]);
    expect(inKigali).toMatchObject({
      nationwide: false,
      districts: [{ id: gasabo, name: "Gasabo" }],
      contactPhone: null,
      capacity: "Ten families a quarter",
      acceptingReferrals: true,
      version: 1,
    });
  });

  it("refuses a filter on a district that does not exist, naming it", async () => {
    await expect(listServiceProviders(admin, { districtId: nationwide.id })).rejects.toMatchObject({
      kind: "validation",
      errors: [{ path: "districtId", in: "query", code: "unknown_district" }],
    });
    await expect(listServiceProviders(admin, { service: "massage" })).rejects.toMatchObject({
      errors: [{ path: "service" }],
    });
  });

  it("is read by every role, and by nobody without a grant", async () => {
    const viewer = as(nationalGrant("viewer"));
    expect(await listServiceProviders(viewer, {})).toHaveLength(2);
    expect((await getServiceProvider(viewer, nationwide.id)).organisationName).toBe("Isange test centre");
    expect(await listServiceProviders(as(), {})).toEqual([]);
    await expect(getServiceProvider(as(), nationwide.id)).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("adding a provider", () => {
  it("refuses an unknown organisation or district, naming the field, and writes nothing", async () => {
    const org = await createOrganisationFixture(handle);
    await expectNothingWritten(handle.db, async () => {
      await expect(
        createServiceProvider(admin, {
          organisationId: huye, // a place's id: no organisation has it
          services: ["medical"],
          nationwide: true,
        }),
      ).rejects.toMatchObject({
        kind: "validation",
        errors: [{ path: "organisationId", code: "unknown_organisation" }],
      });
      await expect(
        createServiceProvider(admin, {
          organisationId: org.id,
          services: ["medical"],
          districtIds: [musanze, org.id],
        }),
      ).rejects.toMatchObject({
        kind: "validation",
        errors: [
          { path: "districtIds.1", code: "unknown_district", message: `No district has the id ${org.id}.` },
        ],
      });
      await expect(
        createServiceProvider(admin, { organisationId: org.id, services: ["medical"] }),
      ).rejects.toMatchObject({ errors: [{ path: "districtIds", code: "no_district" }] });
      await expect(
        createServiceProvider(admin, {
          organisationId: org.id,
          services: ["medical"],
          nationwide: true,
          districtIds: [musanze],
        }),
      ).rejects.toMatchObject({ errors: [{ path: "districtIds", code: "nationwide_with_districts" }] });
      await expect(
        createServiceProvider(admin, { organisationId: org.id, services: [], nationwide: true }),
      ).rejects.toMatchObject({ errors: [{ path: "services" }] });
    });
  });

  it("refuses a second entry for the same organisation with 409", async () => {
    await expectNothingWritten(handle.db, () =>
      expect(
        createServiceProvider(admin, {
          organisationId: nationwide.organisationId,
          services: ["shelter"],
          nationwide: true,
        }),
      ).rejects.toMatchObject({ kind: "conflict", errors: [{ path: "organisationId", code: "duplicate" }] }),
    );
    await expect(
      createServiceProvider(admin, {
        organisationId: nationwide.organisationId,
        services: ["shelter"],
        nationwide: true,
      }),
    ).rejects.toThrow("Isange test centre is already in the directory of service providers.");
  });

  it("is for administrators and coordinators: a case worker or partner editor gets 403", async () => {
    const org = await createOrganisationFixture(handle);
    const input = { organisationId: org.id, services: ["medical"], nationwide: true };
    for (const ctx of [as(orgGrant("case_worker", org.id)), as(orgGrant("partner_editor", org.id))])
      await expect(createServiceProvider(ctx, input)).rejects.toMatchObject({ kind: "forbidden" });
    const created = await createServiceProvider(as(nationalGrant("coordinator")), input);
    expect(created).toMatchObject({ organisationName: org.name, nationwide: true, districts: [] });
  });
});

describe("changing and removing a provider", () => {
  it("lets the provider's own case worker keep its entry, at the version read, audited", async () => {
    const caseWorker = as(orgGrant("case_worker", providerOrgId));
    const updated = await updateServiceProvider(caseWorker, inKigali.id, inKigali.version, {
      acceptingReferrals: false,
      districtIds: [gasabo, huye, huye],
      contactEmail: "strive@example.org",
    });
    expect(updated).toMatchObject({
      acceptingReferrals: false,
      districts: [
        { id: gasabo, name: "Gasabo" },
        { id: huye, name: "Huye" },
      ],
      contactEmail: "strive@example.org",
      capacity: "Ten families a quarter",
      version: 2,
    });
    await expect(
      updateServiceProvider(caseWorker, inKigali.id, 1, { capacity: "Stale" }),
    ).rejects.toMatchObject({ kind: "precondition_failed" });
    // Another organisation's case worker reads the entry but may not change it.
    const other = as(orgGrant("case_worker", nationwide.organisationId));
    await expect(
      updateServiceProvider(other, inKigali.id, 2, { capacity: "Not theirs" }),
    ).rejects.toMatchObject({ kind: "forbidden" });
    const [entry] = await queryRows<{ action: string; changes: Record<string, { after: unknown }> }>(
      handle.db,
      sql`select action, changes from audit_log where entity_type = 'service_provider' and entity_id = ${inKigali.id}
          order by id desc limit 1`,
    );
    expect(entry?.action).toBe("update");
    expect(Object.keys(entry?.changes ?? {}).sort()).toEqual([
      "acceptingReferrals",
      "contactEmail",
      "districts",
    ]);
    inKigali = updated;
  });

  it("changes only the fields a patch names (no default resets nationwide or acceptingReferrals)", async () => {
    const kept = await updateServiceProvider(admin, nationwide.id, nationwide.version, {
      capacity: "Open daily",
    });
    expect(kept).toMatchObject({ nationwide: true, acceptingReferrals: true, capacity: "Open daily" });
    const closed = await updateServiceProvider(admin, inKigali.id, inKigali.version, {
      contactPhone: "+250 700 000 000",
    });
    expect(closed).toMatchObject({ acceptingReferrals: false, districts: inKigali.districts });
    nationwide = kept;
    inKigali = closed;
  });

  it("drops the districts of a provider that becomes nationwide", async () => {
    const updated = await updateServiceProvider(admin, inKigali.id, inKigali.version, { nationwide: true });
    expect(updated).toMatchObject({ nationwide: true, districts: [], version: inKigali.version + 1 });
    inKigali = updated;
  });

  it("keeps a provider that received referrals (409) and removes one that did not", async () => {
    const [csoId] = [(await createOrganisationFixture(handle)).id];
    const incident = await createIncidentFixture(handle.db, {
      reportingOrganisationId: csoId,
      districtId: musanze,
      persons: [{ consents: [{ givenOn: "2026-01-01" }] }],
    });
    await createReferral({ ...contextAs(handle, systemActor), today: "2026-06-01" }, LINKS, {
      incidentId: incident.id,
      personId: incident.persons[0]?.id,
      providerId: nationwide.id,
      service: "medical",
    });
    await expectNothingWritten(handle.db, async () => {
      const refusal = deleteServiceProvider(admin, nationwide.id, nationwide.version);
      await expect(refusal).rejects.toMatchObject({ kind: "conflict" });
      await expect(refusal).rejects.toThrow(
        "Isange test centre has received a referral, which keeps its entry. Mark it as not accepting referrals instead.",
      );
    });
    await expect(
      deleteServiceProvider(as(nationalGrant("coordinator")), inKigali.id, inKigali.version),
    ).rejects.toMatchObject({ kind: "forbidden" });
    await expect(deleteServiceProvider(admin, inKigali.id, inKigali.version - 1)).rejects.toMatchObject({
      kind: "precondition_failed",
    });
    await deleteServiceProvider(admin, inKigali.id, inKigali.version);
    await expect(getServiceProvider(admin, inKigali.id)).rejects.toMatchObject({ kind: "not_found" });
    const actions = await queryRows<{ action: string }>(
      handle.db,
      sql`select action from audit_log where entity_type = 'service_provider' and entity_id = ${inKigali.id} order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual(["create", "update", "update", "update", "delete"]);
  });
});
