// Fuzzes the organisations endpoints: no input may cause a 5xx, and a refused request changes nothing.
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { createTestServer, nationalGrant, type TestClient } from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { ORGANISATION_KINDS, type Organisation } from "./organisations.schema";
import { organisationTable } from "./organisations.table";

const NUM_RUNS = 150;

let handle: DatabaseHandle;
let admin: TestClient;
let target: Organisation;

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  const res = await admin.json<Organisation>("/api/organisations", {
    method: "POST",
    body: JSON.stringify({ name: "Fuzz Target Organisation", acronym: "FTO", kind: "local_cso" }),
  });
  if (res.status !== 201) throw new Error(`could not create the fuzz target: ${res.status}`);
  target = res.body;
});
afterAll(async () => {
  await handle?.close();
});

async function countOrganisations(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from organisation`);
  return Number(row?.n);
}

async function readTarget() {
  const [row] = await handle.db.select().from(organisationTable).where(eq(organisationTable.id, target.id));
  return row ?? null;
}

// Text a user could type, text no one should (controls, NUL, astral planes), and very long text.
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "Ab\u202eCd",
    "Ünïcödé ✓ 𝕏",
    "' or 1=1 --",
    "%_\\",
  ),
  fc.nat({ max: 300_000 }).map((n) => "é".repeat(n)),
);

// Plausible text with one character a database or a renderer may choke on.
const nasty = fc
  .tuple(
    fc.string({ maxLength: 20 }),
    fc.constantFrom("\u0000", "\ud800", "\udfff", "\u202e", "\u0007", "\ufeff", "\u2028", "\\", "'", '"'),
    fc.string({ maxLength: 20 }),
  )
  .map(([before, odd, after]) => `Ab${before}${odd}${after}`);

// Any JSON value where a field is expected: wrong types, nulls, nesting.
const anyField = fc.oneof(
  text,
  nasty,
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(text, { maxLength: 40 }),
  fc.jsonValue({ maxDepth: 2 }),
);

// Every field drawn from values near the valid ones, each field present or not.
const nearValidOrganisation = fc.record(
  {
    name: fc.oneof(
      fc.string({ minLength: 2, maxLength: 60 }),
      fc.string({ unit: "binary", minLength: 2, maxLength: 60 }),
      nasty,
      anyField,
    ),
    acronym: fc.oneof(fc.string({ maxLength: 30 }), nasty, anyField),
    aliases: fc.oneof(
      fc.array(fc.oneof(fc.string({ unit: "grapheme", maxLength: 60 }), nasty), { maxLength: 35 }),
      anyField,
    ),
    kind: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...ORGANISATION_KINDS) },
      { weight: 1, arbitrary: anyField },
    ),
    countryCode: fc.oneof(fc.constantFrom("RW", "rw", " ug ", "ZZ", "EU", "XX", "R"), anyField),
    email: fc.oneof(fc.emailAddress(), fc.constant(""), anyField),
    phone: fc.oneof(fc.constantFrom("+250 788 000 000", "0788", "()()()()", ""), anyField),
    website: fc.oneof(
      fc.webUrl(),
      fc.constantFrom("www.ibi.org", "javascript:alert(1)", "ftp://x.y"),
      anyField,
    ),
    address: fc.oneof(fc.string({ unit: "grapheme", maxLength: 600 }), nasty, anyField),
    description: fc.oneof(fc.string({ maxLength: 100 }), nasty, anyField),
  },
  { requiredKeys: [] },
);

// Fields that are valid on their own: a record of these is a body the API accepts.
const validFields = {
  name: fc.oneof(fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }), nasty).map((s) => `Org ${s}`),
  kind: fc.constantFrom(...ORGANISATION_KINDS),
  acronym: fc.option(fc.string({ maxLength: 30 }), { nil: null }),
  aliases: fc.array(fc.oneof(fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }), nasty), {
    maxLength: 5,
  }),
  countryCode: fc.constantFrom("RW", "UG", "fr", " ke "),
  email: fc.constantFrom("info@example.org", "Contact@Haguruka.org.rw", ""),
  phone: fc.constantFrom("+250 788 000 000", "0788 123 456", "", null),
  website: fc.constantFrom("www.ibi.org", "https://example.org/about", "", null),
  address: fc.option(fc.oneof(fc.string({ unit: "grapheme", maxLength: 200 }), nasty), { nil: null }),
  description: fc.option(fc.string({ unit: "grapheme", maxLength: 300 }), { nil: null }),
};
const FIELD_NAMES = Object.keys(validFields);

/** A record with up to two fields replaced by anything, or keys added (including "__proto__"). */
function mutated(base: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const key = fc.oneof(
    fc.constantFrom(...FIELD_NAMES, "__proto__", "id", "version"),
    fc.string({ maxLength: 12 }),
  );
  return fc.tuple(base, fc.array(fc.tuple(key, anyField), { maxLength: 2 })).map(([record, changes]) => {
    const copy: Record<string, unknown> = { ...record };
    // defineProperty, so that "__proto__" becomes an own key that JSON.stringify writes out.
    for (const [k, v] of changes)
      Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
    return copy;
  });
}

const withExtraKeys = fc
  .tuple(nearValidOrganisation, fc.dictionary(fc.string({ maxLength: 20 }), anyField, { maxKeys: 4 }))
  .map(([record, extra]) => ({ ...extra, ...record }));

/** A request body: mostly JSON close to valid, else JSON of any shape, or text that is not JSON at all. */
function bodyFrom(closeToValid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: closeToValid.map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: nearValidOrganisation.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: withExtraKeys.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.object().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.anything().map((v) => JSON.stringify(v) ?? "null") },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  );
}
const createBody = bodyFrom(mutated(fc.record(validFields, { requiredKeys: ["name", "kind"] })));
const patchBody = bodyFrom(mutated(fc.record(validFields, { requiredKeys: [] })));

const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "application/problem+json",
);

// Printable ASCII only: anything else cannot be put in a header by a client at all.
const headerText = fc.string({ maxLength: 30 }).filter((s) => /^[\x20-\x7e]*$/.test(s));

type IfMatch = "current" | "stale" | "older" | "missing" | { raw: string };
const ifMatch: fc.Arbitrary<IfMatch> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom<IfMatch>("current", "current", "stale", "older", "missing") },
  { weight: 1, arbitrary: headerText.map((raw): IfMatch => ({ raw })) },
);

function ifMatchHeader(choice: IfMatch, version: number): Record<string, string> {
  if (choice === "missing") return {};
  if (choice === "current") return { "if-match": `"${version}"` };
  if (choice === "stale") return { "if-match": `"${version + 1}"` };
  if (choice === "older") return { "if-match": `W/"${Math.max(0, version - 1)}"` };
  return { "if-match": choice.raw };
}

/** Counts responses by status, to check that a property exercised both outcomes. */
function statusTally() {
  const seen = new Map<number, number>();
  return {
    add: (status: number) => seen.set(status, (seen.get(status) ?? 0) + 1),
    count: (predicate: (status: number) => boolean) =>
      [...seen].filter(([status]) => predicate(status)).reduce((sum, [, n]) => sum + n, 0),
    toString: () => JSON.stringify(Object.fromEntries(seen)),
  };
}

describe("organisations API under fuzzing", () => {
  it("never answers 5xx to POST /api/organisations, and a refused one creates nothing", async () => {
    const tally = statusTally();
    await fc.assert(
      fc.asyncProperty(createBody, contentType, async (payload, type) => {
        const before = await countOrganisations();
        const res = await admin.request("/api/organisations", {
          method: "POST",
          headers: { "content-type": type },
          body: payload,
        });
        const responseText = await res.text();
        tally.add(res.status);
        expect(res.status, responseText).toBeLessThan(500);
        const after = await countOrganisations();
        if (res.status >= 400) {
          expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
          expect(after).toBe(before);
        } else {
          expect(res.status).toBe(201);
          expect(after).toBe(before + 1);
        }
      }),
      { numRuns: NUM_RUNS },
    );
    // The fuzz reached the database (some bodies were accepted) and the validation (some were not).
    expect(
      tally.count((s) => s === 201),
      tally.toString(),
    ).toBeGreaterThan(0);
    expect(
      tally.count((s) => s >= 400),
      tally.toString(),
    ).toBeGreaterThan(0);
  });

  it("never answers 5xx to PATCH /api/organisations/{id}, and a refused one leaves the row as it was", async () => {
    const tally = statusTally();
    await fc.assert(
      fc.asyncProperty(patchBody, ifMatch, async (payload, choice) => {
        const row = await readTarget();
        if (!row) throw new Error("the fuzz target disappeared");
        const count = await countOrganisations();
        const res = await admin.request(`/api/organisations/${target.id}`, {
          method: "PATCH",
          headers: ifMatchHeader(choice, row.version),
          body: payload,
        });
        const responseText = await res.text();
        tally.add(res.status);
        expect(res.status, responseText).toBeLessThan(500);
        expect(await countOrganisations()).toBe(count);
        const after = await readTarget();
        if (res.status >= 400) {
          expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
          expect(after).toEqual(row);
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

  it("never answers 5xx to GET /api/organisations with any query string", async () => {
    const key = fc.oneof(
      fc.constantFrom("q", "kind", "countryCode", "limit", "offset", "q[]", "__proto__", "constructor"),
      fc.string({ maxLength: 10 }),
    );
    const value = fc.oneof(
      text.filter((s) => s.length < 1000),
      nasty,
      fc.integer().map(String),
      fc.double().map(String),
      fc.constantFrom("-1", "0", "1e3", "201", "1000001", "NaN", "Infinity", "0x10", "", "%", "%zz"),
      fc.constantFrom(...ORGANISATION_KINDS),
    );
    const encoded = fc.array(fc.tuple(key, value), { maxLength: 6 }).map((pairs) => {
      const params = new URLSearchParams();
      for (const [k, v] of pairs) params.append(k, v);
      return params.toString();
    });
    // Raw query text, not encoded: stray %, &, =, and spaces as a careless client would send them.
    const raw = fc.string({ maxLength: 80 }).map((s) => s.replace(/#/g, "%23"));
    const before = await countOrganisations();
    const tally = statusTally();
    await fc.assert(
      fc.asyncProperty(fc.oneof(encoded, raw), async (query) => {
        const res = await admin.request(`/api/organisations?${query}`);
        const responseText = await res.text();
        tally.add(res.status);
        expect(res.status, responseText).toBeLessThan(500);
        if (res.status === 200) {
          const list = JSON.parse(responseText) as { items: unknown[]; total: number };
          expect(list.items.length).toBeLessThanOrEqual(200);
          expect(list.total).toBeGreaterThanOrEqual(list.items.length);
        } else {
          expect([400, 422]).toContain(res.status);
        }
      }),
      { numRuns: NUM_RUNS },
    );
    expect(
      tally.count((s) => s === 200),
      tally.toString(),
    ).toBeGreaterThan(0);
    expect(await countOrganisations()).toBe(before);
  });
});
