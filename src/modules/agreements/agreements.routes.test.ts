// HTTP tests of the agreements API: status codes, ETags and If-Match, problems naming fields, nothing written on failure.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint, expectProblem, SIGN_IN_TABLES } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  buildAgreementInput,
  buildOrganisationInput,
  createTestServer,
  nationalGrant,
  TEST_ORIGIN,
  type TestClient,
} from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { AuditEntry } from "../audit";
import type { Organisation } from "../organisations/organisations.schema";
import type {
  AgreementDetail,
  AgreementKeeperList,
  AgreementList,
  Commitment,
  CooperationOverview,
  ProgressEntry,
  Theme,
} from "./agreements.schema";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let admin: TestClient;
let rcs: Organisation;
let rbj: Organisation;

const jsonInit = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers,
  body: JSON.stringify(body),
});

async function createOrganisationViaApi(overrides: Record<string, unknown> = {}): Promise<Organisation> {
  const res = await admin.json<Organisation>(
    "/api/organisations",
    jsonInit("POST", { ...buildOrganisationInput(), ...overrides }),
  );
  if (res.status !== 201) throw new Error(`organisation not created: ${res.status}`);
  return res.body;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  rcs = await createOrganisationViaApi({
    name: "Rwanda Correctional Service",
    acronym: "RCS",
    kind: "government",
  });
  rbj = await createOrganisationViaApi({
    name: "Rwanda Bridges to Justice",
    acronym: "RBJ",
    kind: "international_ngo",
  });
});
afterAll(async () => {
  await handle?.close();
});

/** Every table but sign-in's (some steps sign a new user in): equal before and after a refused request. */
const footprint = () => databaseFootprint(handle.db, { except: SIGN_IN_TABLES });

async function createViaApi(overrides: Record<string, unknown> = {}): Promise<AgreementDetail> {
  const res = await admin.json<AgreementDetail>(
    "/api/agreements",
    jsonInit("POST", buildAgreementInput([rcs.id, rbj.id], overrides)),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe("agreements API", () => {
  it("answers 401 without a session and creates nothing", async () => {
    await expectProblem(await server.anonymous.request("/api/agreements"), 401);
    const before = await footprint();
    await expectProblem(
      await server.anonymous.request(
        "/api/agreements",
        jsonInit("POST", buildAgreementInput([rcs.id, rbj.id]), { origin: TEST_ORIGIN }),
      ),
      401,
    );
    expect(await footprint()).toEqual(before);
  });

  it("creates with 201, Location and ETag, and reads the detail with its ETag", async () => {
    const res = await admin.json<AgreementDetail>(
      "/api/agreements",
      jsonInit("POST", {
        title: "MoU between RCS and RBJ",
        kind: "mou",
        status: "active",
        signedOnText: "12/05/2020",
        keeperOrganisationId: rcs.id,
        parties: [
          { organisationId: rcs.id, role: "signatory" },
          { organisationId: rbj.id, role: "implementer" },
        ],
        themes: ["legal_aid"],
        areas: [{ placeSet: "all_correctional_facilities" }],
        commitments: [{ text: "Provide volunteer lawyers", responsibleOrganisationId: rbj.id }],
      }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/agreements/${res.body.id}`);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.body).toMatchObject({
      signedOn: { year: 2020, month: 5, day: 12, precision: "day" },
      status: "active",
      commitments: [{ text: "Provide volunteer lawyers", responsibleOrganisationName: rbj.name }],
    });
    // The service's internal district of each area is not part of the answer.
    expect(Object.keys(res.body.areas[0] ?? {}).sort()).toEqual(["kind", "label", "placeId", "placeSet"]);

    const detail = await admin.json<AgreementDetail>(res.headers.get("location") ?? "");
    expect(detail.status).toBe(200);
    expect(detail.headers.get("etag")).toBe('"1"');
    expect(detail.body.id).toBe(res.body.id);
  });

  it("answers 422 naming each field and writes nothing", async () => {
    const before = await footprint();
    const body = await expectProblem(
      await admin.request(
        "/api/agreements",
        jsonInit("POST", {
          ...buildAgreementInput([rcs.id, "00000000-0000-4000-8000-000000000000"]),
          validFrom: "2024-01-01",
          validUntil: "2023-01-01",
          areas: [{ placeId: "00000000-0000-4000-8000-000000000001" }],
        }),
      ),
      422,
    );
    expect(body.errors?.map((e) => e.path).sort()).toEqual(
      ["areas.0.placeId", "parties.1.organisationId", "validUntil"].sort(),
    );
    const schema = await expectProblem(
      await admin.request(
        "/api/agreements",
        jsonInit("POST", { title: "ok title", kind: "treaty", parties: [] }),
      ),
      422,
    );
    expect(schema.errors?.map((e) => e.path).sort()).toEqual(["kind", "parties"]);
    expect(schema.errors?.every((e) => e.in === "body")).toBe(true);
    expect(await footprint()).toEqual(before);
  });

  it("names each fault's code and limit in its 422, so that the form says which (a missing title, one party, a date)", async () => {
    const before = await footprint();
    const empty = await expectProblem(
      await admin.request("/api/agreements", jsonInit("POST", { title: "", kind: "mou", parties: [] })),
      422,
    );
    expect(empty.errors).toEqual(
      expect.arrayContaining([
        {
          path: "title",
          code: "too_small",
          params: { origin: "string", minimum: 3 },
          message: "A title has at least 3 characters.",
          in: "body",
        },
        {
          path: "parties",
          code: "too_small",
          params: { origin: "array", minimum: 2 },
          message: "An agreement has at least two parties.",
          in: "body",
        },
      ]),
    );
    const onlyOne = await expectProblem(
      await admin.request(
        "/api/agreements",
        jsonInit("POST", {
          ...buildAgreementInput([rcs.id, rbj.id]),
          parties: [{ organisationId: rcs.id, role: "signatory" }],
          title: "T".repeat(301),
          validFrom: "2023-02-31",
          validUntil: "1850-01-01",
        }),
      ),
      422,
    );
    const byPath = Object.fromEntries((onlyOne.errors ?? []).map((e) => [e.path, e]));
    expect(Object.keys(byPath).sort()).toEqual(["parties", "title", "validFrom", "validUntil"]);
    expect(byPath.parties).toMatchObject({ code: "too_small", params: { origin: "array", minimum: 2 } });
    expect(byPath.title).toMatchObject({ code: "too_big", params: { origin: "string", maximum: 300 } });
    expect(byPath.validFrom).toMatchObject({
      code: "date_does_not_exist",
      message: "This date does not exist.",
    });
    expect(byPath.validUntil).toMatchObject({
      code: "date_out_of_range",
      params: { minimum: 1900, maximum: 2199 },
    });
    expect(await footprint()).toEqual(before);
  });

  it("requires If-Match on PATCH (428), refuses a stale one (412) and a status in the patch (422)", async () => {
    const created = await createViaApi();
    const url = `/api/agreements/${created.id}`;
    const before = await footprint();
    await expectProblem(await admin.request(url, jsonInit("PATCH", { title: "No header" })), 428);
    await expectProblem(
      await admin.request(url, jsonInit("PATCH", { title: "Stale" }, { "if-match": '"7"' })),
      412,
    );
    await expectProblem(
      await admin.request(url, jsonInit("PATCH", { title: "Bad" }, { "if-match": "nope" })),
      422,
    );
    await expectProblem(
      await admin.request(url, jsonInit("PATCH", { status: "active" }, { "if-match": '"1"' })),
      422,
    );
    await expectProblem(await admin.request(url, jsonInit("PATCH", {}, { "if-match": '"1"' })), 422);
    expect(await footprint()).toEqual(before);

    const updated = await admin.json<AgreementDetail>(
      url,
      jsonInit("PATCH", { title: "Renamed by PATCH", themes: ["health"] }, { "if-match": '"1"' }),
    );
    expect(updated.status).toBe(200);
    expect(updated.headers.get("etag")).toBe('"2"');
    expect(updated.body).toMatchObject({ title: "Renamed by PATCH", themes: ["health"], version: 2 });
    expect(updated.body.parties).toHaveLength(2);
  });

  it("changes status with If-Match, refuses a disallowed transition naming status, and records it", async () => {
    const created = await createViaApi({ status: "awaiting_approval" });
    const url = `/api/agreements/${created.id}/status`;
    const before = await footprint();
    await expectProblem(
      await admin.request(url, jsonInit("POST", { status: "active", reason: "Signed" })),
      428,
    );
    await expectProblem(
      await admin.request(
        url,
        jsonInit("POST", { status: "active", reason: "Signed" }, { "if-match": '"2"' }),
      ),
      412,
    );
    const refused = await expectProblem(
      await admin.request(
        url,
        jsonInit("POST", { status: "expired", reason: "Too early" }, { "if-match": '"1"' }),
      ),
      422,
    );
    expect(refused.errors).toMatchObject([{ path: "status" }]);
    expect(refused.errors?.[0]?.message).toContain("awaiting_approval to expired");
    expect(await footprint()).toEqual(before);

    const changed = await admin.json<AgreementDetail>(
      url,
      jsonInit(
        "POST",
        { status: "active", reason: "Signed by both parties", changedOn: "2026-01-10" },
        { "if-match": '"1"' },
      ),
    );
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).toBe('"2"');
    expect(changed.body.statusHistory[0]).toMatchObject({
      fromStatus: "awaiting_approval",
      toStatus: "active",
      changedOn: "2026-01-10",
      reason: "Signed by both parties",
    });
    const history = await admin.json<{ items: AuditEntry[] }>(`/api/agreements/${created.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items[0]?.changes.status).toEqual({ before: "awaiting_approval", after: "active" });
  });

  it("answers 404 for unknown and malformed ids", async () => {
    await expectProblem(await admin.request("/api/agreements/00000000-0000-4000-8000-00000000000a"), 404);
    await expectProblem(await admin.request("/api/agreements/not-an-id"), 404);
    await expectProblem(
      await admin.request(
        "/api/agreements/00000000-0000-4000-8000-00000000000a",
        jsonInit("PATCH", { title: "Ghost" }, { "if-match": '"1"' }),
      ),
      404,
    );
    await expectProblem(
      await admin.request("/api/agreements/00000000-0000-4000-8000-00000000000a/history"),
      404,
    );
  });

  it("validates the list query and filters", async () => {
    const tagged = await createViaApi({ title: "Kinkajou vocational workshops", signedOnText: "June /2022" });
    for (const bad of [
      "limit=0",
      "limit=201",
      "status=pending",
      "signedYear=20x2",
      "hasOverduePlanned=yes",
      "sort=random",
    ]) {
      const problem = await expectProblem(await admin.request(`/api/agreements?${bad}`), 422);
      expect(problem.errors?.[0]?.in).toBe("query");
      expect(problem.errors?.[0]?.path).toBe(bad.split("=")[0]);
    }
    const list = await admin.json<AgreementList>(
      "/api/agreements?q=kinkajou&signedYear=2022&sort=title&limit=10",
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((i) => i.id)).toEqual([tagged.id]);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]?.parties.map((p) => p.acronym).sort()).toEqual(["RBJ", "RCS"]);
  });

  it("adds, changes and removes commitments and progress entries with their own ETags", async () => {
    const agreement = await createViaApi();
    const base = `/api/agreements/${agreement.id}`;
    const commitment = await admin.json<Commitment>(
      `${base}/commitments`,
      jsonInit("POST", { text: "Train RCS staff", responsibleOrganisationId: rcs.id }),
    );
    expect(commitment.status).toBe(201);
    expect(commitment.headers.get("etag")).toBe('"1"');
    const commitmentUrl = `${base}/commitments/${commitment.body.id}`;
    await expectProblem(await admin.request(commitmentUrl, jsonInit("PATCH", { status: "done" })), 428);
    const outsider = await createOrganisationViaApi();
    const notParty = await expectProblem(
      await admin.request(
        commitmentUrl,
        jsonInit("PATCH", { responsibleOrganisationId: outsider.id }, { "if-match": '"1"' }),
      ),
      422,
    );
    expect(notParty.errors?.[0]?.path).toBe("responsibleOrganisationId");
    const done = await admin.json<Commitment>(
      commitmentUrl,
      jsonInit("PATCH", { status: "done" }, { "if-match": '"1"' }),
    );
    expect(done.body).toMatchObject({ status: "done", text: "Train RCS staff", version: 2 });

    const entry = await admin.json<ProgressEntry>(
      `${base}/progress`,
      jsonInit("POST", {
        kind: "planned",
        text: "Refresher course",
        dueOn: "2020-01-31",
        commitmentIds: [commitment.body.id],
      }),
    );
    expect(entry.status).toBe(201);
    expect(entry.body).toMatchObject({ overdue: true, commitmentIds: [commitment.body.id] });
    const entryUrl = `${base}/progress/${entry.body.id}`;
    const marked = await admin.json<ProgressEntry>(
      entryUrl,
      jsonInit("PATCH", { done: true }, { "if-match": '"1"' }),
    );
    expect(marked.body).toMatchObject({ done: true, overdue: false, version: 2 });
    await expectProblem(
      await admin.request(entryUrl, { method: "DELETE", headers: { "if-match": '"1"' } }),
      412,
    );
    expect((await admin.request(entryUrl, { method: "DELETE", headers: { "if-match": '"2"' } })).status).toBe(
      204,
    );
    expect(
      (await admin.request(commitmentUrl, { method: "DELETE", headers: { "if-match": '"2"' } })).status,
    ).toBe(204);
    const detail = await admin.json<AgreementDetail>(base);
    expect(detail.body.commitments).toEqual([]);
    expect(detail.body.progress).toEqual([]);
  });

  it("deletes with If-Match (204), then answers 404; partner staff may not delete", async () => {
    const agreement = await createViaApi();
    const url = `/api/agreements/${agreement.id}`;
    const partner = (
      await server.signInAs(
        [{ role: "partner_editor", scopeType: "organisation", scopeId: rbj.id }],
        [rbj.id],
      )
    ).client;
    await expectProblem(
      await partner.request(url, { method: "DELETE", headers: { "if-match": '"1"' } }),
      403,
    );
    const edited = await partner.json<AgreementDetail>(
      url,
      jsonInit("PATCH", { purpose: "Ours" }, { "if-match": '"1"' }),
    );
    expect(edited.status).toBe(200);
    await expectProblem(await admin.request(url, { method: "DELETE" }), 428);
    expect((await admin.request(url, { method: "DELETE", headers: { "if-match": '"2"' } })).status).toBe(204);
    await expectProblem(await admin.request(url), 404);
  });

  it("serves the overview and the themes; adds a theme (201) and refuses a duplicate (409)", async () => {
    const overview = await admin.json<CooperationOverview>("/api/agreements/overview?expiringWithinDays=30");
    expect(overview.status).toBe(200);
    expect(overview.body.total).toBeGreaterThan(0);
    expect(overview.body.today).toMatch(/^\d{4}-\d\d-\d\d$/);
    await expectProblem(await admin.request("/api/agreements/overview?expiringWithinDays=0"), 422);

    const themes = await admin.json<{ items: Theme[] }>("/api/themes");
    expect(themes.status).toBe(200);
    expect(themes.body.items[0]).toMatchObject({ code: "vocational_training", builtIn: true });
    const theme = {
      code: "juvenile_justice",
      names: { en: "Juvenile justice", fr: "Justice juvénile", rw: "Ubutabera bw'abana" },
    };
    const created = await admin.json<Theme>("/api/themes", jsonInit("POST", theme));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: "juvenile_justice", builtIn: false });
    const before = await footprint();
    const duplicate = await expectProblem(await admin.request("/api/themes", jsonInit("POST", theme)), 409);
    expect(duplicate.errors?.[0]?.path).toBe("code");
    const viewer = (await server.signInAs([nationalGrant("viewer")])).client;
    await expectProblem(
      await viewer.request("/api/themes", jsonInit("POST", { ...theme, code: "sports" })),
      403,
    );
    expect(await footprint()).toEqual(before);
  });

  it("renames a theme with If-Match, refuses bad names, stale versions and other roles, deletes only unused added themes", async () => {
    const url = "/api/themes/legal_aid";
    const [legalAid] = (await admin.json<{ items: Theme[] }>("/api/themes")).body.items.filter(
      (t) => t.code === "legal_aid",
    );
    if (!legalAid) throw new Error("legal_aid is a built-in theme");
    const rename = { names: { rw: "Ubufasha mu by'amategeko (bwavuguruwe)" } };
    let before = await footprint();
    await expectProblem(await admin.request(url, jsonInit("PATCH", rename)), 428);
    const tooShort = await expectProblem(
      await admin.request(
        url,
        jsonInit("PATCH", { names: { fr: "x" } }, { "if-match": `"${legalAid.version}"` }),
      ),
      422,
    );
    expect(tooShort.errors?.map((e) => e.path)).toEqual(["names.fr"]);
    const coordinator = (await server.signInAs([nationalGrant("coordinator")])).client;
    await expectProblem(
      await coordinator.request(url, jsonInit("PATCH", rename, { "if-match": `"${legalAid.version}"` })),
      403,
    );
    await expectProblem(
      await admin.request("/api/themes/no_such_theme", jsonInit("PATCH", rename, { "if-match": '"1"' })),
      404,
    );
    expect(await footprint()).toEqual(before);

    const renamed = await admin.json<Theme>(
      url,
      jsonInit("PATCH", rename, { "if-match": `"${legalAid.version}"` }),
    );
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get("etag")).toBe(`"${legalAid.version + 1}"`);
    expect(renamed.body).toMatchObject({
      code: "legal_aid",
      builtIn: true,
      version: legalAid.version + 1,
      names: { en: legalAid.names.en, fr: legalAid.names.fr, rw: rename.names.rw },
    });
    before = await footprint();
    await expectProblem(
      await admin.request(url, jsonInit("PATCH", rename, { "if-match": `"${legalAid.version}"` })),
      412,
    );
    // Built in and in use: neither may go.
    const builtIn = await expectProblem(
      await admin.request(url, { method: "DELETE", headers: { "if-match": `"${legalAid.version + 1}"` } }),
      409,
    );
    expect(builtIn.errors?.[0]?.path).toBe("code");
    const added = await admin.json<Theme>(
      "/api/themes",
      jsonInit("POST", {
        code: "prison_arts",
        names: { en: "Prison arts", fr: "Arts en prison", rw: "Ubugeni" },
      }),
    );
    expect(added.headers.get("etag")).toBe('"1"');
    await createViaApi({ themes: ["prison_arts"] });
    before = await footprint();
    const inUse = await expectProblem(
      await admin.request("/api/themes/prison_arts", { method: "DELETE", headers: { "if-match": '"1"' } }),
      409,
    );
    expect(inUse.detail).toMatch(/^1 agreement/);
    expect(await footprint()).toEqual(before);
    const unused = await admin.json<Theme>(
      "/api/themes",
      jsonInit("POST", { code: "prison_music", names: { en: "Music", fr: "Musique", rw: "Umuziki" } }),
    );
    expect(unused.status).toBe(201);
    expect(
      (await admin.request("/api/themes/prison_music", { method: "DELETE", headers: { "if-match": '"1"' } }))
        .status,
    ).toBe(204);
    const codes = (await admin.json<{ items: Theme[] }>("/api/themes")).body.items.map((t) => t.code);
    expect(codes).toContain("prison_arts");
    expect(codes).not.toContain("prison_music");
  });

  it("keeps a new agreement in the signed-in officer's register unless told, and refuses a keeper that is no party", async () => {
    const officer = (await server.signInAs([nationalGrant("coordinator")], [rcs.id])).client;
    const kept = await officer.json<AgreementDetail>(
      "/api/agreements",
      jsonInit("POST", buildAgreementInput([rcs.id, rbj.id])),
    );
    expect(kept.status, JSON.stringify(kept.body)).toBe(201);
    expect(kept.body.keeperOrganisationId).toBe(rcs.id);
    const none = await officer.json<AgreementDetail>(
      "/api/agreements",
      jsonInit("POST", buildAgreementInput([rcs.id, rbj.id], { keeperOrganisationId: null })),
    );
    expect(none.status).toBe(201);
    expect(none.body.keeperOrganisationId).toBeNull();

    const outsider = await createOrganisationViaApi();
    const before = await footprint();
    const refused = await expectProblem(
      await officer.request(
        "/api/agreements",
        jsonInit("POST", buildAgreementInput([rcs.id, rbj.id], { keeperOrganisationId: outsider.id })),
      ),
      422,
    );
    expect(refused.errors).toEqual([
      {
        path: "keeperOrganisationId",
        code: "not_a_party",
        in: "body",
        message: "The institution keeping the register must be one of the parties.",
      },
    ]);
    expect(await footprint()).toEqual(before);
  });

  it("lists the keeping institutions with their counts, most first, and answers 401 without a session", async () => {
    await createViaApi({ keeperOrganisationId: rbj.id });
    const res = await admin.json<AgreementKeeperList>("/api/agreements/keepers");
    expect(res.status).toBe(200);
    const expected = await queryRows<{ id: string; n: number }>(
      handle.db,
      sql`select o.id, count(*)::int as n from agreement a join organisation o on o.id = a.keeper_organisation_id
        group by o.id, o.name order by 2 desc, o.name, o.id`,
    );
    expect(res.body.items.map((k) => [k.organisationId, k.agreementCount])).toEqual(
      expected.map((r) => [r.id, r.n]),
    );
    expect(res.body.items[0]).toMatchObject({
      organisationId: rcs.id,
      organisationName: "Rwanda Correctional Service",
      acronym: "RCS",
    });
    expect(res.body.items.map((k) => k.organisationId)).toContain(rbj.id);
    await expectProblem(await server.anonymous.request("/api/agreements/keepers"), 401);
  });

  it("documents the agreement endpoints in the OpenAPI document", async () => {
    const doc = await admin.json<{ paths: Record<string, unknown> }>("/api/openapi.json");
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        "/api/agreements",
        "/api/agreements/{id}",
        "/api/agreements/{id}/status",
        "/api/agreements/overview",
        "/api/agreements/keepers",
        "/api/themes",
        "/api/themes/{code}",
      ]),
    );
  });
});
