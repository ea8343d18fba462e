import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import {
  buildAgreementInput,
  buildOrganisationInput,
  buildUserActor,
  contextAs,
  nationalGrant,
  systemActor,
} from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import { AppError } from "../../shared/app-errors";
import { createAgreement } from "../agreements";
import { addMembership, removeMembership } from "./memberships.service";
import {
  createOrganisation,
  deleteOrganisation,
  getOrganisation,
  getOrganisationHistory,
  listOrganisations,
  updateOrganisation,
} from "./organisations.service";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const admin = () => contextAs(handle, buildUserActor([nationalGrant("administrator")]));
const listQuery = { limit: 50, offset: 0 };

async function expectAppError(promise: Promise<unknown>, kind: AppError["kind"], path?: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).kind).toBe(kind);
  if (path) expect((error as AppError).errors.map((e) => e.path)).toContain(path);
  return error as AppError;
}

describe("organisations", () => {
  it("creates an organisation with its contacts normalised and writes the audit entry", async () => {
    const ctx = admin();
    const created = await createOrganisation(ctx, {
      name: "  Rwanda Bridges to Justice ",
      acronym: "RBJ",
      kind: "international_ngo",
      website: "www.ibi.org",
      email: "Info@IBI.org",
      phone: "+250 788 000 000",
      aliases: ["Bridges to Justice"],
    });
    expect(created).toMatchObject({
      name: "Rwanda Bridges to Justice",
      acronym: "RBJ",
      website: "https://www.ibi.org/",
      email: "info@ibi.org",
      countryCode: "RW",
      version: 1,
    });
    const history = await getOrganisationHistory(ctx, created.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      action: "create",
      entityId: created.id,
      actorUserId: ctx.actor.kind === "user" ? ctx.actor.userId : null,
    });
    expect(history[0]?.changes.name).toEqual({ before: null, after: "Rwanda Bridges to Justice" });
  });

  it("finds organisations by misspelled, accentless or acronym search", async () => {
    const ctx = admin();
    await createOrganisation(ctx, { name: "Diocèse Catholique de Byumba", kind: "faith_based" });
    await createOrganisation(ctx, {
      name: "Association Rwandaise pour la Défense des Droits de l'Homme",
      acronym: "ARDHO",
      kind: "local_cso",
    });
    const names = async (q: string) =>
      (await listOrganisations(ctx, { ...listQuery, q })).items.map((o) => o.name);
    expect(await names("diocese catholic byumba")).toContain("Diocèse Catholique de Byumba");
    expect(await names("DIOCESE")).toContain("Diocèse Catholique de Byumba");
    expect(await names("Byumab")).toContain("Diocèse Catholique de Byumba");
    expect(await names("ardho")).toContain("Association Rwandaise pour la Défense des Droits de l'Homme");
    expect(await names("defense des droits")).toContain(
      "Association Rwandaise pour la Défense des Droits de l'Homme",
    );
    expect(await names("zzzz qqqq")).toEqual([]);
  });

  it("filters by kind and counts the total beyond the page", async () => {
    const ctx = admin();
    for (let i = 0; i < 3; i++) await createOrganisation(ctx, buildOrganisationInput({ kind: "academic" }));
    const page = await listOrganisations(ctx, { ...listQuery, kind: "academic", limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(3);
    expect(page.items.every((o) => o.kind === "academic")).toBe(true);
  });

  it("refuses a second organisation with the same name, whatever the case and accents", async () => {
    const ctx = admin();
    await createOrganisation(ctx, { name: "Sunlight Initiative Rwanda", kind: "local_cso" });
    const error = await expectAppError(
      createOrganisation(ctx, { name: "SUNLIGHT initiative rwanda", kind: "local_cso" }),
      "conflict",
      "name",
    );
    expect(error.message).toContain("Sunlight Initiative Rwanda");
  });

  it("rejects invalid input naming each field, and writes nothing", async () => {
    const ctx = admin();
    const before = (await listOrganisations(ctx, listQuery)).total;
    await expectAppError(
      createOrganisation(ctx, {
        name: "X",
        kind: "local_cso",
        email: "not-an-email",
        countryCode: "ZZ",
        website: "nope",
      }),
      "validation",
    ).then((e) =>
      expect(e.errors.map((f) => f.path).sort()).toEqual(["countryCode", "email", "name", "website"]),
    );
    expect((await listOrganisations(ctx, listQuery)).total).toBe(before);
  });

  it("updates with the expected version, refuses a stale one and keeps the other change", async () => {
    const ctx = admin();
    const created = await createOrganisation(ctx, buildOrganisationInput());
    const updated = await updateOrganisation(ctx, created.id, 1, { acronym: "NEW", phone: "0788 123 456" });
    expect(updated).toMatchObject({ acronym: "NEW", version: 2 });
    await expectAppError(updateOrganisation(ctx, created.id, 1, { acronym: "STALE" }), "precondition_failed");
    expect((await getOrganisation(ctx, created.id)).acronym).toBe("NEW");
    const history = await getOrganisationHistory(ctx, created.id);
    expect(history[0]?.action).toBe("update");
    expect(history[0]?.changes).toEqual({
      acronym: { before: null, after: "NEW" },
      phone: { before: null, after: "0788 123 456" },
    });
  });

  it("defaults the country to Rwanda, and lets an international association have none", async () => {
    const ctx = admin();
    expect((await createOrganisation(ctx, buildOrganisationInput())).countryCode).toBe("RW");
    const icpa = await createOrganisation(ctx, {
      name: "International Corrections and Prisons Association",
      acronym: "ICPA",
      kind: "association_network",
      countryCode: null,
    });
    expect(icpa.countryCode).toBeNull();
    const moved = await updateOrganisation(ctx, icpa.id, 1, { countryCode: "ca" });
    expect(moved.countryCode).toBe("CA");
    expect((await updateOrganisation(ctx, icpa.id, 2, { countryCode: "" })).countryCode).toBeNull();
  });

  it("clears a field with null or an empty string", async () => {
    const ctx = admin();
    const created = await createOrganisation(
      ctx,
      buildOrganisationInput({ email: "a@b.org", acronym: "AB" }),
    );
    const updated = await updateOrganisation(ctx, created.id, 1, { email: "", acronym: null });
    expect(updated.email).toBeNull();
    expect(updated.acronym).toBeNull();
  });

  it("deletes with the expected version and keeps the history readable", async () => {
    const ctx = admin();
    const created = await createOrganisation(ctx, buildOrganisationInput());
    await expectAppError(deleteOrganisation(ctx, created.id, 7), "precondition_failed");
    await deleteOrganisation(ctx, created.id, 1);
    await expectAppError(getOrganisation(ctx, created.id), "not_found");
    const history = await getOrganisationHistory(ctx, created.id);
    expect(history.map((h) => h.action)).toEqual(["delete", "create"]);
  });

  it("refuses (409) to delete an organisation that is a party to agreements, and deletes nothing", async () => {
    const ctx = admin();
    const party = await createOrganisation(ctx, buildOrganisationInput({ name: "Prison Fellowship Rwanda" }));
    const other = await createOrganisation(ctx, buildOrganisationInput());
    for (let i = 0; i < 2; i++) await createAgreement(ctx, buildAgreementInput([party.id, other.id]));
    const error = await expectAppError(deleteOrganisation(ctx, party.id, 1), "conflict");
    expect(error.message).toBe(
      "Prison Fellowship Rwanda is a party to 2 agreements; remove it from them first.",
    );
    expect((await getOrganisation(ctx, party.id)).version).toBe(1);
    expect((await getOrganisationHistory(ctx, party.id)).map((h) => h.action)).toEqual(["create"]);
  });

  it("keeps memberships in networks with roles and years, and shows them from both sides", async () => {
    const ctx = admin();
    const network = await createOrganisation(ctx, {
      name: "African Correctional Services Association",
      acronym: "ACSA",
      kind: "association_network",
    });
    const member = await createOrganisation(ctx, {
      name: "Rwanda Correctional Service",
      acronym: "RCS",
      kind: "government",
    });
    const chair = await addMembership(ctx, member.id, {
      networkId: network.id,
      role: "vice_regional_chair",
      roleNote: "for Eastern Africa",
    });
    await addMembership(ctx, member.id, {
      networkId: network.id,
      role: "chair",
      startYear: 2012,
      endYear: 2014,
    });
    const detail = await getOrganisation(ctx, member.id);
    expect(
      detail.memberships.map((m) => [m.networkName, m.role, m.roleNote, m.startYear, m.endYear]),
    ).toEqual(
      expect.arrayContaining([
        [
          "African Correctional Services Association",
          "vice_regional_chair",
          "for Eastern Africa",
          null,
          null,
        ],
        ["African Correctional Services Association", "chair", null, 2012, 2014],
      ]),
    );
    expect((await getOrganisation(ctx, network.id)).members).toHaveLength(2);
    await expectAppError(
      addMembership(ctx, member.id, { networkId: member.id, role: "member" }),
      "validation",
      "networkId",
    );
    await expectAppError(
      addMembership(ctx, member.id, {
        networkId: network.id,
        role: "member",
        startYear: 2020,
        endYear: 2010,
      }),
      "validation",
      "endYear",
    );
    await removeMembership(ctx, member.id, chair.id, chair.version);
    expect((await getOrganisation(ctx, member.id)).memberships).toHaveLength(1);
    const history = await getOrganisationHistory(ctx, member.id);
    expect(
      history.some(
        (h) =>
          h.changes.membership?.before === "African Correctional Services Association (vice_regional_chair)",
      ),
    ).toBe(true);
  });
});

describe("organisations: who may do what", () => {
  it("lets partner staff edit their own organisation only, answering 403 on another they can read", async () => {
    const ctx = admin();
    const own = await createOrganisation(ctx, buildOrganisationInput());
    const other = await createOrganisation(ctx, buildOrganisationInput());
    const editor = contextAs(
      handle,
      buildUserActor([{ role: "partner_editor", scopeType: "organisation", scopeId: own.id }], [own.id]),
    );
    expect((await updateOrganisation(editor, own.id, 1, { phone: "0788 000 111" })).version).toBe(2);
    await expectAppError(updateOrganisation(editor, other.id, 1, { phone: "0788 000 111" }), "forbidden");
    await expectAppError(createOrganisation(editor, buildOrganisationInput()), "forbidden");
    await expectAppError(deleteOrganisation(editor, own.id, 2), "forbidden");
    expect((await getOrganisation(editor, own.id)).canEdit).toBe(true);
    expect((await getOrganisation(editor, other.id)).canEdit).toBe(false);
    expect((await getOrganisation(ctx, other.id)).version).toBe(1);
  });

  it("lets a viewer read but not change, and denies a user with no role at all", async () => {
    const ctx = admin();
    const org = await createOrganisation(ctx, buildOrganisationInput());
    const viewer = contextAs(handle, buildUserActor([nationalGrant("viewer")]));
    expect((await getOrganisation(viewer, org.id)).name).toBe(org.name);
    await expectAppError(updateOrganisation(viewer, org.id, 1, { acronym: "V" }), "forbidden");
    const nobody = contextAs(handle, buildUserActor([]));
    await expectAppError(getOrganisation(nobody, org.id), "not_found");
    expect(await listOrganisations(nobody, listQuery)).toEqual({ items: [], total: 0 });
  });

  it("lets the system actor (CLI) do everything", async () => {
    const ctx = contextAs(handle, systemActor);
    const org = await createOrganisation(ctx, buildOrganisationInput());
    await deleteOrganisation(ctx, org.id, 1);
    const history = await getOrganisationHistory(ctx, org.id);
    expect(history[0]).toMatchObject({ actorUserId: null, actorLabel: "test" });
  });
});
