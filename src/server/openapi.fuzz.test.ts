// Fuzzes every write endpoint (POST, PUT, PATCH, DELETE) and every query parameter the OpenAPI document declares:
// never a 5xx; a 400 or 422 names a field; a refused request writes nothing (databaseFootprint). Bodies are drawn
// from each operation's own schema (declared properties with near-valid and hostile values), so a new endpoint is
// fuzzed without a line here. Runs are kept few per operation: the budget is about 30 s per database.

import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint } from "../../tests/assertions";
import { createTestDatabase } from "../../tests/database";
import { createTestServer, nationalGrant, type TestClient } from "../../tests/factories";
import { type DatabaseHandle, queryRows } from "../db/client";

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  maxLength?: number;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
};
type Parameter = { name: string; in: string; schema?: Schema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type OpenApi = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};
type Problem = { errors?: { path: string; in?: string }[] };

/** Operations left out, each with why. */
const NOT_FUZZED: Record<string, string> = {
  "POST /api/demo/status-report": "loads the demo data set; takes no input",
  "POST /api/demo/programme": "loads the demo programme; takes no input",
  "POST /api/demo/reporting": "loads the reporting example; takes no input",
  // Described in the document for integrators (auth-docs.ts), answered by better-auth: its own refusals ("Invalid
  // email", 400) name no field; the length limits checked before it are tested in auth-hardening.routes.test.ts.
  "POST /api/auth/sign-in/email": "better-auth's endpoint; its 400s name no field",
  "POST /api/auth/sign-out": "better-auth's endpoint; takes no input",
};
const RUNS_PER_WRITE = 4;
const RUNS_PER_QUERY = 3;

let handle: DatabaseHandle;
let admin: TestClient;
let document: OpenApi;
/** Ids of real records, so that some requests reach past "not found" into validation and the database. */
const realIds: string[] = [];
/** Rate-limit counters and sessions move on any request. */
const footprint = () => databaseFootprint(handle.db, { except: ["rate_limit", "session"] });
/**
 * A GET may write one thing by design: the audit row of what it read (a user's activity looked up, a confidential
 * record opened). Everything else, and every audited change, must stay as it was.
 */
const readFootprint = () => databaseFootprint(handle.db, { except: ["rate_limit", "session", "audit_log"] });
const auditedChanges = async () =>
  (
    await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from audit_log where action in ('create', 'update', 'delete')`,
    )
  )[0]?.n;

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  document = (await admin.json<OpenApi>("/api/openapi.json")).body;
  const post = async (path: string, body: unknown) => {
    const res = await admin.json<{ id: string }>(path, { method: "POST", body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    realIds.push(res.body.id);
    return res.body.id;
  };
  const a = await post("/api/organisations", { name: "Fuzz organisation A", kind: "local_cso" });
  const b = await post("/api/organisations", { name: "Fuzz organisation B", kind: "government" });
  await post("/api/agreements", {
    title: "Fuzz agreement",
    kind: "mou",
    parties: [
      { organisationId: a, role: "signatory" },
      { organisationId: b, role: "signatory" },
    ],
  });
  await post("/api/programmes", {
    title: "Fuzz programme",
    leadOrganisationId: a,
    startDate: "2025-01-01",
    endDate: "2026-12-31",
  });
});
afterAll(async () => {
  await handle?.close();
});

function resolve(schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  return document.components?.schemas?.[schema.$ref.replace("#/components/schemas/", "")];
}

// Hostile text: NUL, lone surrogates, controls, right-to-left marks, formulas, SQL, very long text.
const hostileText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "Ab\u202eCd",
    "' or 1=1 --",
    "%_\\",
    '=HYPERLINK("x")',
  ),
  fc.nat({ max: 30_000 }).map((n) => "é".repeat(n)),
);
const anyValue = fc.oneof(
  hostileText,
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(hostileText, { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A value for a schema: often one of its own kind (enum values, real ids for uuids), else anything. */
function valueFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (!s || depth > 3) return anyValue;
  const options: fc.Arbitrary<unknown>[] = [anyValue];
  const union = [...(s.anyOf ?? []), ...(s.oneOf ?? [])];
  if (union.length > 0) options.push(fc.oneof(...union.map((u) => valueFor(u, depth + 1))));
  if (s.enum && s.enum.length > 0) options.push(fc.constantFrom(...s.enum));
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.includes("string")) {
    if (s.format === "uuid") options.push(fc.constantFrom(...realIds), fc.uuid());
    else if (s.format === "date") options.push(fc.constantFrom("2025-06-01", "2025-02-30", "0000-01-01"));
    else options.push(fc.string({ minLength: 3, maxLength: 40 }));
    if (s.maxLength !== undefined) options.push(fc.constant("x".repeat(s.maxLength + 1)));
  }
  if (types.includes("object") && s.properties) options.push(bodyFor(s, depth + 1));
  if (types.includes("array")) options.push(fc.array(valueFor(s.items, depth + 1), { maxLength: 3 }));
  if (types.includes("number") || types.includes("integer"))
    options.push(fc.oneof(fc.integer({ min: -2, max: 1000 }), fc.constantFrom(-1e308, 1e308, 0.5)));
  if (types.includes("boolean")) options.push(fc.boolean());
  return fc.oneof(...options);
}

/** An object with each declared property present or not, and sometimes a stray key. */
function bodyFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const s = resolve(schema);
  const properties = Object.entries(s?.properties ?? {});
  const record = fc.record(Object.fromEntries(properties.map(([k, v]) => [k, valueFor(v, depth)])), {
    requiredKeys: [],
  });
  return fc
    .tuple(record, fc.option(fc.tuple(fc.constantFrom("__proto__", "id", "version", "x"), anyValue)))
    .map(([r, extra]) => {
      const copy: Record<string, unknown> = { ...r };
      if (extra) Object.defineProperty(copy, extra[0], { value: extra[1], enumerable: true, writable: true });
      return copy;
    });
}

/** Every byte of the text's UTF-8 as %XX (a lone surrogate becomes U+FFFD's bytes, as a client would send). */
const percentEncoded = (text: string) =>
  [...new TextEncoder().encode(text)].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");

const pathValue = fc.oneof(
  { weight: 4, arbitrary: fc.constant<"real">("real") },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
);
const ifMatch = fc.constantFrom<string | null>('"1"', '"2"', null, "garbage", 'W/"1"');

function operations(methods: readonly string[]) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.includes(method))
      .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

function fillPath(path: string, values: readonly (string | "real")[], pick: number): string {
  let i = 0;
  return path.replace(/\{[^}]+\}/g, () => {
    const v = values[i++] ?? "real";
    return percentEncoded(v === "real" ? (realIds[(pick + i) % realIds.length] ?? "") : v);
  });
}

/** Checks one answer: no 5xx, a problem for every 4xx, and a field path on 400 and 422. */
async function expectHandled(res: Response, label: string): Promise<number> {
  const text = await res.text();
  expect(res.status, `${label} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get("content-type"), label).toMatch(/^application\/problem\+json/);
    if (res.status === 400 || res.status === 422) {
      const problem = JSON.parse(text) as Problem;
      // A body that is not JSON at all has no field to name; every other refusal names one.
      if (!/not valid JSON/.test(text))
        expect(problem.errors?.length ?? 0, `${label}: ${text.slice(0, 300)}`).toBeGreaterThan(0);
    }
  }
  return res.status;
}

describe("every endpoint of the OpenAPI document under fuzzing", () => {
  it("write endpoints: never 5xx, 400/422 name a field, a refusal writes nothing", {
    timeout: 240_000,
  }, async () => {
    const writes = operations(["post", "put", "patch", "delete"]).filter(
      (o) => !NOT_FUZZED[`${o.method} ${o.path}`],
    );
    expect(writes.length).toBeGreaterThan(30);
    const statuses = new Map<number, number>();
    for (const { method, path, operation } of writes) {
      const [type, content] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
      const pathCount = (path.match(/\{/g) ?? []).length;
      const body =
        type === "multipart/form-data"
          ? bodyFor(content?.schema).map((fields) => {
              const form = new FormData();
              for (const [k, v] of Object.entries(fields))
                form.append(k, typeof v === "string" ? v : JSON.stringify(v));
              return form as BodyInit;
            })
          : fc.oneof(
              { weight: 5, arbitrary: bodyFor(content?.schema).map((b) => JSON.stringify(b) as BodyInit) },
              {
                weight: 1,
                arbitrary: fc.string({ unit: "binary", maxLength: 60 }).map((b) => b as BodyInit),
              },
            );
      await fc.assert(
        fc.asyncProperty(
          fc.array(pathValue, { minLength: pathCount, maxLength: pathCount }),
          fc.nat(),
          body,
          ifMatch,
          async (values, pick, payload, version) => {
            const url = fillPath(path, values, pick);
            const before = await footprint();
            const headers: Record<string, string> = {};
            if (version !== null) headers["if-match"] = version;
            const res = await admin.request(url, {
              method,
              headers,
              body: method === "DELETE" && version === "garbage" ? undefined : payload,
            });
            const status = await expectHandled(res, `${method} ${url}`);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (status >= 400) expect(await footprint(), `${method} ${url} → ${status}`).toEqual(before);
          },
        ),
        { numRuns: RUNS_PER_WRITE },
      );
    }
    // The fuzz reached validation (422) and the records themselves (not only 404).
    expect(statuses.get(422) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
  });

  it("every query parameter of every GET: never 5xx, 400/422 name it, nothing written", {
    timeout: 240_000,
  }, async () => {
    const gets = operations(["get"]).filter((o) =>
      (o.operation.parameters ?? []).some((p) => p.in === "query"),
    );
    const before = await readFootprint();
    const changesBefore = await auditedChanges();
    let checked = 0;
    for (const { path, operation } of gets) {
      const query = (operation.parameters ?? []).filter((p) => p.in === "query");
      const pairs = fc.array(
        fc.tuple(
          fc.constantFrom(...query.map((p) => p.name)),
          fc.oneof(
            hostileText.filter((t) => t.length < 2000),
            fc.constantFrom(
              "-1",
              "0",
              "1e3",
              "NaN",
              "%",
              "%zz",
              "%00",
              "%C3%28",
              "2025-02-30",
              "99999999999",
            ),
          ),
        ),
        { minLength: 1, maxLength: 4 },
      );
      await fc.assert(
        fc.asyncProperty(pairs, async (list) => {
          // Values with % are sent as written (raw escapes); the rest encoded.
          const qs = list
            .map(([k, v]) => `${encodeURIComponent(k)}=${/^%/.test(v) ? v : percentEncoded(v)}`)
            .join("&");
          const url = `${fillPath(path, [], 0)}?${qs}`;
          const res = await admin.request(url);
          const status = await expectHandled(res, `GET ${url}`);
          if (status === 400 || status === 422) checked++;
        }),
        { numRuns: RUNS_PER_QUERY },
      );
    }
    expect(checked).toBeGreaterThan(0);
    expect(await readFootprint()).toEqual(before);
    expect(await auditedChanges()).toBe(changesBefore);
  });
});
