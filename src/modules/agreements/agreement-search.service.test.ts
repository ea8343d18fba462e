// Searching the register (issue 22): relevance order, the corrections reported for "Showing results for …", and
// theme and place names among the searchable words; on PGlite and PostgreSQL.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import {
  buildAgreementInput,
  buildOrganisationInput,
  buildUserActor,
  createTestServer,
  nationalGrant,
} from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { createOrganisation } from "../organisations/organisations.service";
import { placeTable } from "../places/places.table";
import { createAgreement, listAgreements } from ".";
import type { AgreementInput, AgreementList, AgreementListQuery } from "./agreements.schema";

let handle: DatabaseHandle;
let ctx: ServiceContext;
let parties: string[];

beforeAll(async () => {
  handle = await createTestDatabase();
  ctx = { db: handle.db, actor: buildUserActor([nationalGrant("administrator")]), today: "2026-03-15" };
  parties = [
    (await createOrganisation(ctx, buildOrganisationInput({ name: "Rwanda Correctional Service" }))).id,
    (await createOrganisation(ctx, buildOrganisationInput({ name: "Association des Eglises de Pentecote" })))
      .id,
  ];
});
afterAll(async () => {
  await handle?.close();
});

const search = (q: string, more: Partial<AgreementListQuery> = {}) =>
  listAgreements(ctx, { sort: "signed_desc", limit: 50, offset: 0, q, ...more });
const titles = (list: AgreementList) => list.items.map((a) => a.title);
const agreement = async (title: string, fields: Partial<AgreementInput>) =>
  createAgreement(ctx, buildAgreementInput(parties, { title, ...fields }));

async function placeId(code: string): Promise<string> {
  const [row] = await handle.db
    .select({ id: placeTable.id })
    .from(placeTable)
    .where(eq(placeTable.code, code));
  if (!row) throw new Error(`no place ${code}`);
  return row.id;
}

describe("a misspelt word", () => {
  beforeAll(async () => {
    // Signed later: without ranking, the newest first would put it before the better match.
    await agreement("Chaplaincy MoU", {
      purpose: "The church brings chaplains to every facility",
      signedOnText: "2025",
    });
    await agreement("Family visits MoU", {
      purpose: "Building bridges between prisoners and their families",
      signedOnText: "2019",
    });
  });

  it("is searched as the known words closest to it, closer ones ranked first, and the corrections are said", async () => {
    const found = await search("bridgs");
    expect(titles(found)).toEqual(["Family visits MoU", "Chaplaincy MoU"]);
    expect(found.total).toBe(2);
    expect(found.corrections).toHaveLength(1);
    expect(found.corrections?.[0]?.typed).toBe("bridgs");
    expect(found.corrections?.[0]?.searchedFor.slice(0, 2)).toEqual(["bridges", "brings"]);
  });

  it("is not corrected when it matches something as typed", async () => {
    const found = await search("brings");
    expect(found.corrections).toEqual([]);
    expect(titles(found)).toEqual(["Chaplaincy MoU"]);
  });

  it("a list without a search says nothing of corrections", async () => {
    const listed = await listAgreements(ctx, { sort: "title", limit: 50, offset: 0 });
    expect(listed.corrections).toBeUndefined();
  });

  it("ranks a word found in the title before the same word found further down", async () => {
    await agreement("Chaplains training MoU", { signedOnText: "2010" });
    const found = await search("chaplains");
    expect(titles(found)).toEqual(["Chaplains training MoU", "Chaplaincy MoU"]);
  });
});

describe("themes and places", () => {
  beforeAll(async () => {
    await agreement("Clinics MoU", { themes: ["legal_aid"], areas: [{ placeId: await placeId("RW-D43") }] });
    await agreement("Health posts MoU", {
      themes: ["health"],
      areas: [{ placeId: await placeId("RW-S4301") }],
    });
    await agreement("Advice desks MoU", {
      themes: ["legal_aid"],
      areas: [{ placeId: await placeId("RW-D11") }],
    });
  });

  it("finds an agreement by its theme's name and its district's name ('legal aid Musanze')", async () => {
    expect(titles(await search("legal aid Musanze"))).toEqual(["Clinics MoU"]);
  });

  it("knows the theme's French and Kinyarwanda names", async () => {
    expect(titles(await search("aide juridique musanze"))).toEqual(["Clinics MoU"]);
    expect(titles(await search("ubufasha amategeko", { sort: "title" }))).toEqual([
      "Advice desks MoU",
      "Clinics MoU",
    ]);
  });

  it("finds the agreements of a district's sectors by the district's name", async () => {
    expect(titles(await search("musanze", { sort: "title" }))).toEqual(["Clinics MoU", "Health posts MoU"]);
  });

  it("corrects a misspelt place name against the places agreements name", async () => {
    const found = await search("legal aid musnze");
    expect(titles(found)).toEqual(["Clinics MoU"]);
    expect(found.corrections?.map((c) => [c.typed, c.searchedFor[0]])).toEqual([["musnze", "musanze"]]);
  });
});

describe("GET /api/agreements?q=", () => {
  it("answers the corrections beside the ranked page", async () => {
    const server = createTestServer(handle);
    const viewer = (await server.signInAs([nationalGrant("viewer")])).client;
    const res = await viewer.json<AgreementList>("/api/agreements?q=bridgs");
    expect(res.status).toBe(200);
    expect(res.body.items[0]?.title).toBe("Family visits MoU");
    expect(res.body.corrections?.[0]).toMatchObject({ typed: "bridgs" });
    expect(res.body.corrections?.[0]?.searchedFor[0]).toBe("bridges");
  });
});
