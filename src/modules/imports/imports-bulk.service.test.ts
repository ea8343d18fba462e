// The import's bulk path writes what one service call per organisation, agreement and progress entry writes: the same rows in
// every table the import touches, and the same audit entries (compared with ids and timestamps left out).
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, contextAs, nationalGrant } from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { createOrganisationsInBulk } from "../organisations";
import { applyStatusReportImport } from "./imports.service";

const FIXTURE = {
  name: "status-report-rcs-000.txt",
  bytes: new Uint8Array(
    readFileSync(new URL("../../../fixtures/status-report-rcs-000.txt", import.meta.url)),
  ),
};
const OPTIONS = { institution: "Rwanda Correctional Service" };
const TODAY = "2026-11-30";

const TABLES = [
  "organisation",
  "membership",
  "agreement",
  "agreement_party",
  "agreement_theme",
  "agreement_area",
  "agreement_search",
  "commitment",
  "progress_entry",
  "agreement_status_change",
  "audit_log",
] as const;
/** Columns that differ between any two runs (generated keys, clocks). */
const VOLATILE = new Set(["id", "created_at", "updated_at", "occurred_at", "recorded_at", "version"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const wordsOf = (text: unknown) => String(text).split(" ").sort().join(" ");

/** Every row of the import's tables, with each id replaced by what names the record it points at. */
async function normalisedTables(h: DatabaseHandle, userId: string): Promise<Record<string, string[]>> {
  const names = new Map<string, string>([[userId, "the importing user"]]);
  const name = async (query: ReturnType<typeof sql>, prefix: string) => {
    for (const r of await queryRows<{ id: string; label: string }>(h.db, query))
      names.set(String(r.id), `${prefix}:${r.label}`);
  };
  await name(sql`select id, coalesce(code, name) as label from place`, "place");
  await name(sql`select id, name as label from organisation`, "organisation");
  await name(
    sql`select id, title || ' [' || coalesce(reference, '') || ']' as label from agreement`,
    "agreement",
  );
  await name(
    sql`select c.id, a.title || ' [' || coalesce(a.reference, '') || '] #' || c.position as label
        from commitment c join agreement a on a.id = c.agreement_id`,
    "commitment",
  );
  await name(
    sql`select p.id, a.title || ' [' || coalesce(a.reference, '') || '] ' || p.kind || ': ' || p.text as label
        from progress_entry p join agreement a on a.id = p.agreement_id`,
    "progress",
  );
  await name(
    sql`select m.id, o.name || ' in ' || n.name as label
        from membership m join organisation o on o.id = m.organisation_id join organisation n on n.id = m.network_id`,
    "membership",
  );
  const replaceIds = (value: unknown): unknown => {
    if (typeof value === "string") return UUID.test(value) ? (names.get(value) ?? "unknown id") : value;
    if (Array.isArray(value)) return value.map(replaceIds);
    if (value && typeof value === "object" && !(value instanceof Date))
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => !VOLATILE.has(k))
          .map(([k, v]) => [k, replaceIds(v)]),
      );
    return value;
  };
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const rows = await queryRows<Record<string, unknown>>(h.db, sql.raw(`select * from ${table}`));
    out[table] = rows
      .map((r) =>
        // One by one, progress entries written in one transaction share its time and fall in the order of
        // their random ids: the search text is compared as a set of words.
        table === "agreement_search" ? { ...r, search_text: wordsOf(r.search_text) } : r,
      )
      .map((r) => replaceIds(r) as Record<string, unknown>)
      // The database sorts the agreement's party facet by id: compared by what the ids name.
      .map((r) =>
        Array.isArray(r.party_organisation_ids)
          ? { ...r, party_organisation_ids: [...r.party_organisation_ids].sort() }
          : r,
      )
      .map((r) => JSON.stringify(r))
      .sort();
  }
  return out;
}

let bulk: DatabaseHandle;
beforeAll(async () => {
  bulk = await createTestDatabase();
});
afterAll(async () => {
  await bulk?.close();
});

const adminOf = (h: DatabaseHandle) => ({
  ...contextAs(h, buildUserActor([nationalGrant("administrator")])),
  today: TODAY,
});

describe("the import's bulk path", () => {
  it("writes the seed's rows and audit entries, every one pointing at a record it names", async () => {
    const actor = buildUserActor([nationalGrant("administrator")]);
    const bulkResult = await applyStatusReportImport(
      { ...contextAs(bulk, actor), today: TODAY },
      FIXTURE,
      OPTIONS,
    );
    expect(bulkResult.agreementIds).toHaveLength(26);
    expect(bulkResult.agreementIds.every((id) => id.length === 36)).toBe(true);

    if (actor.kind !== "user") throw new Error("the factory builds a user");
    const a = await normalisedTables(bulk, actor.userId);
    expect(a.agreement).toHaveLength(27); // 26 agreements and one amendment
    expect(a.progress_entry?.length).toBeGreaterThan(60);
    expect(a.audit_log?.length).toBeGreaterThan(200);
    expect(a.audit_log?.filter((r) => r.includes("unknown id"))).toEqual([]);
    for (const table of TABLES) expect(a[table]?.length, table).toBeGreaterThan(0);
  });

  it("refuses organisations given twice or already registered, naming which, and writes nothing", async () => {
    const h = await createTestDatabase();
    try {
      const ctx = adminOf(h);
      await createOrganisationsInBulk(ctx, [{ name: "Haguruka", kind: "local_cso" }]);
      const count = async () =>
        (await queryRows<{ n: number }>(h.db, sql`select count(*)::int as n from organisation`))[0]?.n;
      const twice = await createOrganisationsInBulk(ctx, [
        { name: "Legal Aid Forum", kind: "local_cso" },
        { name: "LEGAL AID FORUM", kind: "local_cso" },
      ]).catch((e: unknown) => e);
      expect(twice).toMatchObject({ kind: "conflict", errors: [{ path: "1.name", code: "duplicate" }] });
      const taken = await createOrganisationsInBulk(ctx, [
        { name: "Legal Aid Forum", kind: "local_cso" },
        { name: "haguruka", kind: "local_cso" },
      ]).catch((e: unknown) => e);
      expect(taken).toMatchObject({ kind: "conflict", errors: [{ path: "1.name", code: "duplicate" }] });
      const invalidEmail = await createOrganisationsInBulk(ctx, [
        { name: "Legal Aid Forum", kind: "local_cso", email: "not an address" },
      ]).catch((e: unknown) => e);
      expect(invalidEmail).toMatchObject({ kind: "validation", errors: [{ path: "0.email" }] });
      expect(await count()).toBe(1);
    } finally {
      await h.close();
    }
  });

  it("names the row and field of an invalid agreement, and writes nothing", async () => {
    const h = await createTestDatabase();
    try {
      const ctx = adminOf(h);
      const { createAgreementsInBulk } = await import("../agreements");
      const agreementsBefore = await queryRows<{ n: number }>(
        h.db,
        sql`select count(*)::int as n from agreement`,
      );
      const error = await createAgreementsInBulk(ctx, [
        {
          agreement: { title: "", kind: "mou", status: "active", parties: [] },
          progress: [],
          amendment: null,
        },
      ]).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: "validation" });
      expect((error as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(
        "0.agreement.title",
      );
      expect(await queryRows<{ n: number }>(h.db, sql`select count(*)::int as n from agreement`)).toEqual(
        agreementsBefore,
      );
    } finally {
      await h.close();
    }
  });
});
