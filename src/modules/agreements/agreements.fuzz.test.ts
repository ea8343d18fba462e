// Fuzzes creating and changing agreements: no input may cause a 5xx, and a refused request changes nothing.
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint, rowsIn } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import { createTestServer, nationalGrant, type TestClient } from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import type { Organisation } from "../organisations/organisations.schema";
import { placeTable } from "../places/places.table";
import { BUILT_IN_THEMES } from "../themes";
import {
  AGREEMENT_KINDS,
  AGREEMENT_STATUSES,
  type AgreementDetail,
  COMMITMENT_STATUSES,
  PARTY_ROLES,
  PLACE_SETS,
} from "./agreements.schema";
import { agreementTable } from "./agreements.table";

const NUM_RUNS = 60;
const UNKNOWN_ID = "00000000-0000-4000-8000-0000000000ff";

let handle: DatabaseHandle;
let admin: TestClient;
let organisationIds: string[] = [];
let placeIds: string[] = [];
let target: AgreementDetail;

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  for (const name of ["Fuzz Keeper", "Fuzz Partner", "Fuzz Funder"]) {
    const res = await admin.json<Organisation>("/api/organisations", {
      method: "POST",
      body: JSON.stringify({ name, kind: "local_cso" }),
    });
    if (res.status !== 201) throw new Error(`could not create ${name}: ${res.status}`);
    organisationIds.push(res.body.id);
  }
  placeIds = (await handle.db.select({ id: placeTable.id }).from(placeTable).limit(5)).map((p) => p.id);
  const res = await admin.json<AgreementDetail>("/api/agreements", {
    method: "POST",
    body: JSON.stringify({
      title: "Fuzz target agreement",
      kind: "mou",
      parties: organisationIds.slice(0, 2).map((organisationId) => ({ organisationId, role: "signatory" })),
    }),
  });
  if (res.status !== 201) throw new Error(`could not create the fuzz target: ${res.status}`);
  target = res.body;
});
afterAll(async () => {
  await handle?.close();
  organisationIds = [];
});

/** Every table of the database: equal before and after a refused request, so nothing was written. */
const footprint = () => databaseFootprint(handle.db);

async function readTarget() {
  const [row] = await handle.db.select().from(agreementTable).where(eq(agreementTable.id, target.id));
  return row ?? null;
}

const nasty = fc
  .tuple(
    fc.string({ maxLength: 20 }),
    fc.constantFrom("\u0000", "\ud800", "\u202e", "\u0007", "\ufeff", "\\", "'", '"', "%", "_"),
    fc.string({ maxLength: 20 }),
  )
  .map(([before, odd, after]) => `Abc${before}${odd}${after}`);

const anyField = fc.oneof(
  fc.string({ maxLength: 30 }),
  nasty,
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const date = fc.oneof(
  fc
    .date({ min: new Date("1990-01-01"), max: new Date("2040-12-31"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom("0000-01-01", "2024-02-30", "2024-13-01", "9999-12-31", "2024-1-1", "", "yesterday"),
);

// Mostly organisations that exist, sometimes one that does not or a malformed id.
const organisationId = () =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...organisationIds) },
    { weight: 1, arbitrary: fc.constantFrom(UNKNOWN_ID, "not-a-uuid", "") },
  );
const party = () => fc.record({ organisationId: organisationId(), role: fc.constantFrom(...PARTY_ROLES) });
const area = () =>
  fc.oneof(
    fc.record({ placeSet: fc.constantFrom(...PLACE_SETS) }),
    fc.record({ placeId: fc.oneof(fc.constantFrom(...placeIds), fc.constant(UNKNOWN_ID)) }),
    fc.record({ placeId: fc.constantFrom(...placeIds), placeSet: fc.constantFrom(...PLACE_SETS) }),
  );
const theme = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...BUILT_IN_THEMES.map((t) => t.code)) },
  { weight: 1, arbitrary: fc.constantFrom("astrology", "Legal Aid", "") },
);
const commitment = () =>
  fc.record(
    {
      text: fc.oneof(fc.string({ minLength: 2, maxLength: 60 }), nasty),
      responsibleOrganisationId: fc.option(organisationId(), { nil: null }),
      status: fc.constantFrom(...COMMITMENT_STATUSES),
      dueOn: fc.option(date, { nil: null }),
    },
    { requiredKeys: ["text"] },
  );

const fields = () => ({
  title: fc.oneof(
    fc.string({ minLength: 3, maxLength: 80 }).map((s) => `MoU ${s}`),
    nasty,
  ),
  reference: fc.option(fc.oneof(fc.string({ maxLength: 30 }), nasty), { nil: null }),
  kind: fc.constantFrom(...AGREEMENT_KINDS),
  purpose: fc.option(fc.string({ unit: "grapheme", maxLength: 200 }), { nil: null }),
  signedOnText: fc.option(
    fc.oneof(
      fc.constantFrom(
        "30/09/2019",
        "June /2022",
        "2022",
        "MoU signed on 3rd December 2020",
        "Letter of Agreement (LOA)",
        "31/02/2022",
      ),
      nasty,
    ),
    { nil: null },
  ),
  validFrom: fc.option(date, { nil: null }),
  validUntil: fc.option(date, { nil: null }),
  renewalTerms: fc.option(fc.string({ maxLength: 60 }), { nil: null }),
  followUpBody: fc.option(fc.constantFrom("Joint technical committee", "JPC", ""), { nil: null }),
  amendsId: fc.option(fc.constantFrom(UNKNOWN_ID, "not-a-uuid"), { nil: null }),
  keeperOrganisationId: fc.option(organisationId(), { nil: null }),
  parties: fc.array(party(), { minLength: 0, maxLength: 4 }),
  themes: fc.array(theme, { maxLength: 4 }),
  areas: fc.array(area(), { maxLength: 3 }),
});

// Fields that are valid on their own and together: a record of these is a body the API accepts.
const validFields = () => ({
  title: fc.oneof(fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }), nasty).map((s) => `MoU ${s}`),
  reference: fc.option(fc.string({ maxLength: 30 }), { nil: null }),
  kind: fc.constantFrom(...AGREEMENT_KINDS.filter((k) => k !== "amendment")),
  purpose: fc.option(fc.oneof(fc.string({ unit: "grapheme", maxLength: 200 }), nasty), { nil: null }),
  signedOnText: fc.option(
    fc.constantFrom(
      "30/09/2019",
      "June /2022",
      "2022",
      "MoU signed on 3rd December 2020",
      "Letter of Agreement (LOA)",
    ),
    { nil: null },
  ),
  validFrom: fc.option(fc.constantFrom("2023-01-01", "2024-06-30"), { nil: null }),
  validUntil: fc.option(fc.constantFrom("2026-12-31", "2030-01-01"), { nil: null }),
  followUpBody: fc.option(fc.constantFrom("Joint technical committee", ""), { nil: null }),
  parties: fc
    .shuffledSubarray(organisationIds, { minLength: 2 })
    .map((ids) =>
      ids.map((organisationId, i) => ({ organisationId, role: PARTY_ROLES[i % PARTY_ROLES.length] })),
    ),
  themes: fc.uniqueArray(fc.constantFrom(...BUILT_IN_THEMES.map((t) => t.code)), { maxLength: 3 }),
  areas: fc.uniqueArray(
    fc.oneof(
      fc.constantFrom(...PLACE_SETS).map((placeSet) => ({ placeSet })),
      fc.constantFrom(...placeIds).map((placeId) => ({ placeId })),
    ),
    {
      maxLength: 3,
      selector: (a) => JSON.stringify(a),
    },
  ),
});

/** Up to two fields replaced by anything, or unknown keys added (including "__proto__"). */
function mutated(
  base: fc.Arbitrary<Record<string, unknown>>,
  names: string[],
): fc.Arbitrary<Record<string, unknown>> {
  const key = fc.oneof(
    fc.constantFrom(...names, "__proto__", "id", "version", "status"),
    fc.string({ maxLength: 12 }),
  );
  return fc.tuple(base, fc.array(fc.tuple(key, anyField), { maxLength: 2 })).map(([record, changes]) => {
    const copy: Record<string, unknown> = { ...record };
    for (const [k, v] of changes)
      Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
    return copy;
  });
}

function bodyFrom(
  closeToValid: fc.Arbitrary<Record<string, unknown>>,
  nearValid: fc.Arbitrary<Record<string, unknown>>,
): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: closeToValid.map((v) => JSON.stringify(v)) },
    { weight: 3, arbitrary: nearValid.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.object().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 100 }) },
  );
}

function statusTally() {
  const seen = new Map<number, number>();
  return {
    add: (status: number) => seen.set(status, (seen.get(status) ?? 0) + 1),
    count: (predicate: (status: number) => boolean) =>
      [...seen].filter(([status]) => predicate(status)).reduce((sum, [, n]) => sum + n, 0),
    toString: () => JSON.stringify(Object.fromEntries(seen)),
  };
}

describe("agreements API under fuzzing", () => {
  it("never answers 5xx to POST /api/agreements, and a refused one writes nothing", async () => {
    const extra = { status: fc.constantFrom(...AGREEMENT_STATUSES) };
    const valid = { ...validFields(), ...extra };
    const near = { ...fields(), ...extra, commitments: fc.array(commitment(), { maxLength: 3 }) };
    const body = bodyFrom(
      mutated(fc.record(valid, { requiredKeys: ["title", "kind", "parties"] }), Object.keys(near)),
      fc.record(near, { requiredKeys: ["title", "kind", "parties"] }),
    );
    const tally = statusTally();
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const before = await footprint();
        const res = await admin.request("/api/agreements", { method: "POST", body: payload });
        const text = await res.text();
        tally.add(res.status);
        expect(res.status, text).toBeLessThan(500);
        const after = await footprint();
        if (res.status >= 400) {
          expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
          expect(after).toEqual(before);
        } else {
          expect(res.status).toBe(201);
          expect(rowsIn(after, "agreement")).toBe(rowsIn(before, "agreement") + 1);
        }
      }),
      { numRuns: NUM_RUNS },
    );
    expect(
      tally.count((s) => s === 201),
      tally.toString(),
    ).toBeGreaterThan(0);
    expect(
      tally.count((s) => s >= 400),
      tally.toString(),
    ).toBeGreaterThan(0);
  });

  it("never answers 5xx to PATCH /api/agreements/{id}, and a refused one leaves it as it was", async () => {
    const near = fields();
    const body = bodyFrom(
      mutated(fc.record(validFields(), { requiredKeys: [] }), Object.keys(near)),
      fc.record(near, { requiredKeys: [] }),
    );
    const ifMatch = fc.constantFrom("current", "current", "current", "stale", "missing");
    const tally = statusTally();
    await fc.assert(
      fc.asyncProperty(body, ifMatch, async (payload, choice) => {
        const row = await readTarget();
        if (!row) throw new Error("the fuzz target disappeared");
        const before = await footprint();
        const headers: Record<string, string> =
          choice === "missing"
            ? {}
            : { "if-match": `"${choice === "current" ? row.version : row.version + 3}"` };
        const res = await admin.request(`/api/agreements/${target.id}`, {
          method: "PATCH",
          headers,
          body: payload,
        });
        const text = await res.text();
        tally.add(res.status);
        expect(res.status, text).toBeLessThan(500);
        const after = await readTarget();
        if (res.status >= 400) {
          expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
          expect(after).toEqual(row);
          expect(await footprint()).toEqual(before);
        } else {
          expect(res.status).toBe(200);
          expect(choice).toBe("current");
          expect(after?.version).toBe(row.version + 1);
        }
      }),
      { numRuns: NUM_RUNS },
    );
    expect(
      tally.count((s) => s === 200),
      tally.toString(),
    ).toBeGreaterThan(0);
    expect(
      tally.count((s) => s === 412 || s === 428),
      tally.toString(),
    ).toBeGreaterThan(0);
  });
});
