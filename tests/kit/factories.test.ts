// The fixtures save real records through the services: read back, audited, scope-checked when given a context.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/client";
import { getAgreement } from "../../src/modules/agreements";
import { getOrganisation } from "../../src/modules/organisations";
import { getProgramme } from "../../src/modules/programmes";
import { databaseFootprint, rowsIn } from "../assertions";
import { createTestDatabase } from "../database";
import {
  contextAs,
  createAgreementFixture,
  createOrganisationFixture,
  createProgrammeFixture,
  createTestServer,
  createUserFixture,
  nationalGrant,
  systemActor,
} from "../factories";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("fixtures saved through the services", () => {
  it("saves an organisation with the overrides given, and audits it", async () => {
    const before = await databaseFootprint(handle.db, { tables: ["organisation", "audit_log"] });
    const made = await createOrganisationFixture(handle, { name: "Haguruka", kind: "local_cso" });
    const read = await getOrganisation(contextAs(handle, systemActor), made.id);
    expect(read).toMatchObject({ id: made.id, name: "Haguruka", kind: "local_cso" });
    const after = await databaseFootprint(handle.db, { tables: ["organisation", "audit_log"] });
    expect(rowsIn(after, "organisation")).toBe(rowsIn(before, "organisation") + 1);
    expect(rowsIn(after, "audit_log")).toBeGreaterThan(rowsIn(before, "audit_log"));
  });

  it("saves an agreement between two new organisations, or between the parties given", async () => {
    const organisationsBefore = rowsIn(
      await databaseFootprint(handle.db, { tables: ["organisation"] }),
      "organisation",
    );
    const made = await createAgreementFixture(handle, { title: "MoU on legal aid in prisons" });
    const read = await getAgreement(contextAs(handle, systemActor), made.id);
    expect(read.title).toBe("MoU on legal aid in prisons");
    expect(read.parties).toHaveLength(2);
    const organisationsAfter = rowsIn(
      await databaseFootprint(handle.db, { tables: ["organisation"] }),
      "organisation",
    );
    expect(organisationsAfter).toBe(organisationsBefore + 2);

    const [a, b] = made.parties;
    if (!a || !b) throw new Error("the agreement has fewer than two parties");
    const again = await createAgreementFixture(handle, {
      parties: [
        { organisationId: a.organisationId, role: "signatory" },
        { organisationId: b.organisationId, role: "signatory" },
      ],
    });
    expect(again.parties.map((p) => p.organisationId).sort()).toEqual(
      [a.organisationId, b.organisationId].sort(),
    );
  });

  it("saves a programme led by a new organisation, or by the one given", async () => {
    const made = await createProgrammeFixture(handle);
    const read = await getProgramme(contextAs(handle, systemActor), made.id);
    expect(read.id).toBe(made.id);
    const lead = await createOrganisationFixture(handle, { name: "IOM Rwanda", kind: "un_agency" });
    const led = await createProgrammeFixture(handle, {
      leadOrganisationId: lead.id,
      title: "Counter trafficking",
    });
    expect(led).toMatchObject({ title: "Counter trafficking", lead: { id: lead.id } });
  });

  it("saves a user who holds the grants given and can sign in", async () => {
    const organisation = await createOrganisationFixture(handle);
    const { user, actor, context, password } = await createUserFixture(handle, {
      grants: [nationalGrant("coordinator")],
      organisationIds: [organisation.id],
    });
    expect(user.grants).toEqual([nationalGrant("coordinator")]);
    expect(actor).toMatchObject({ kind: "user", userId: user.id, organisationIds: [organisation.id] });
    expect(context.actor).toEqual(actor);
    const server = createTestServer(handle);
    expect((await server.signIn(user.email, password)).status).toBe(200);
    expect((await server.signIn(user.email, "not the password at all")).status).toBe(401);
  });

  it("writes as the context's actor, so a fixture made as a viewer is refused", async () => {
    const { context } = await createUserFixture(handle, { grants: [nationalGrant("viewer")] });
    const before = await databaseFootprint(handle.db);
    await expect(createOrganisationFixture(context)).rejects.toThrow();
    await expect(createAgreementFixture(context)).rejects.toThrow();
    expect(await databaseFootprint(handle.db)).toEqual(before);
  });
});
