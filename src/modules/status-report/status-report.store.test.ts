// The status report prints parties, areas and progress in the order they were given, and that order is kept
// by the data (positions, a recorded sequence), not by where rows happen to lie on disk: it survives updates.
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import {
  buildAgreementInput,
  buildOrganisationInput,
  buildUserActor,
  contextAs,
  nationalGrant,
} from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { todayInKigali } from "../../shared/today";
import {
  changeAgreementStatus,
  createAgreement,
  createAgreementsInBulk,
  updateAgreement,
} from "../agreements";
import { addMembership, createOrganisation } from "../organisations";
import { buildStatusReportData } from "./status-report.export";
import { StatusReportQuerySchema } from "./status-report.schema";
import {
  selectReportAreasOf,
  selectReportMemberships,
  selectReportPartiesOf,
  selectReportProgressOf,
  selectReportStatusChangesOf,
} from "./status-report.store";

// The real day in Kigali: undated agreements count from the day they were recorded, which is the real one.
const TODAY = todayInKigali();
let handle: DatabaseHandle;
let admin: ServiceContext;
/** Partners in an order that is neither alphabetical nor the order they were created in. */
let partners: { id: string; name: string }[];
/** Three places, given in an order that is not their names' order. */
let places: { id: string; name: string }[];

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = { ...contextAs(handle, buildUserActor([nationalGrant("administrator")])), today: TODAY };
  const made = [];
  for (const name of ["Alpha Order Partner", "Mu Order Partner", "Zeta Order Partner"])
    made.push(await createOrganisation(admin, buildOrganisationInput({ name })));
  const [alpha, mu, zeta] = made.map((o) => ({ id: o.id, name: o.name }));
  if (!alpha || !mu || !zeta) throw new Error("three partners were created");
  partners = [zeta, alpha, mu];
  places = (
    await queryRows<{ id: string; name: string }>(
      handle.db,
      sql`select id, name from place where kind = 'district' order by name limit 3`,
    )
  ).reverse();
  expect(places).toHaveLength(3);
});
afterAll(async () => {
  await handle?.close();
});

const progress = ["First entry written", "Second entry written", "Third entry written"];

/** What the report prints for one agreement, in its order. */
async function printedOrder(agreementId: string) {
  const [parties, areas, entries] = [
    await selectReportPartiesOf(handle.db, [agreementId]),
    await selectReportAreasOf(handle.db, [agreementId]),
    await selectReportProgressOf(handle.db, [agreementId], TODAY),
  ];
  const data = await buildStatusReportData(
    admin,
    StatusReportQuerySchema.parse({ format: "docx", lang: "en", q: "Order Partner" }),
  );
  const row = data.rows.find((r) => r.agreementId === agreementId);
  return {
    parties: (parties.get(agreementId) ?? []).map((p) => p.name),
    areas: (areas.get(agreementId) ?? []).map(
      (a) => a.placeSet ?? places.find((p) => p.id === a.placeId)?.name,
    ),
    progress: (entries.get(agreementId) ?? []).map((e) => e.text),
    reportPartners: row?.partners.map((p) => p.name) ?? [],
  };
}

/** Physical order of the rows: what the report used to sort by, and what an UPDATE changes. */
async function physicalPartyOrder(agreementId: string): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    handle.db,
    sql`select o.name from agreement_party p join organisation o on o.id = p.organisation_id
        where p.agreement_id = ${agreementId}::uuid order by p.ctid`,
  );
  return rows.map((r) => r.name);
}

const expected = () => ({
  parties: partners.map((p) => p.name),
  areas: ["all_correctional_facilities", ...places.map((p) => p.name)],
  progress,
  reportPartners: partners.map((p) => p.name),
});

describe("status report order, agreements written in bulk", () => {
  const write = createAgreementsInBulk;
  let agreementId: string;

  it("is the order the parties, areas and progress entries were given in", async () => {
    const [id] = await handle.db.transaction(async (tx) =>
      write({ ...admin, db: tx }, [
        {
          agreement: buildAgreementInput(
            partners.map((p) => p.id),
            {
              status: "active",
              areas: [{ placeSet: "all_correctional_facilities" }, ...places.map((p) => ({ placeId: p.id }))],
            },
          ),
          progress: progress.map((text) => ({ kind: "achievement" as const, text, entryDate: "2026-01-15" })),
          amendment: null,
        },
      ]),
    );
    if (!id) throw new Error("the agreement was created");
    agreementId = id;
    expect(await printedOrder(agreementId)).toEqual(expected());
  });

  it("survives updates that move the rows on disk", async () => {
    const firstParty = partners[0]?.id ?? "";
    // Rewriting a row puts its new version elsewhere: the first party, area and entry now lie last.
    await handle.db.execute(
      sql`update agreement_party set role = role where agreement_id = ${agreementId}::uuid and organisation_id = ${firstParty}::uuid`,
    );
    await handle.db.execute(
      sql`update agreement_area set place_set = place_set where agreement_id = ${agreementId}::uuid and place_set is not null`,
    );
    await handle.db.execute(
      sql`update progress_entry set text = text where agreement_id = ${agreementId}::uuid and text = ${progress[0]}`,
    );
    // The test can fail: the rows' physical order did change.
    expect((await physicalPartyOrder(agreementId)).at(-1)).toBe(partners[0]?.name);
    expect(await printedOrder(agreementId)).toEqual(expected());
  });
});

describe("status report order after an edit of the agreement", () => {
  it("follows the order the edit gives", async () => {
    const [id] = await createAgreementsInBulk(admin, [
      {
        agreement: buildAgreementInput(
          partners.map((p) => p.id),
          { status: "active", areas: places.map((p) => ({ placeId: p.id })) },
        ),
        progress: [],
        amendment: null,
      },
    ]);
    if (!id) throw new Error("the agreement was created");
    const reversed = [...partners].reverse();
    await updateAgreement(admin, id, 1, {
      parties: reversed.map((p) => ({ organisationId: p.id, role: "signatory" })),
      areas: [...places].reverse().map((p) => ({ placeId: p.id })),
    });
    const printed = await printedOrder(id);
    expect(printed.parties).toEqual(reversed.map((p) => p.name));
    expect(printed.areas).toEqual([...places].reverse().map((p) => p.name));
  });
});

describe("status changes and memberships recorded in one transaction", () => {
  it("keep the order they were recorded in after updates of their rows", async () => {
    const inOneTransaction = <T>(body: (ctx: ServiceContext) => Promise<T>) =>
      handle.db.transaction((tx) => body({ ...admin, db: tx }));
    const partner = partners[0]?.id ?? "";
    const network = await createOrganisation(
      admin,
      buildOrganisationInput({ name: "Order Network", kind: "association_network" }),
    );
    const other = await createOrganisation(
      admin,
      buildOrganisationInput({ name: "Another Order Network", kind: "association_network" }),
    );
    const agreementId = await inOneTransaction(async (ctx) => {
      const created = await createAgreement(ctx, buildAgreementInput([partner, partners[1]?.id ?? ""]));
      const negotiating = await changeAgreementStatus(ctx, created.id, created.version, {
        status: "negotiating",
        reason: "Talks started",
        changedOn: "2026-01-10",
      });
      await changeAgreementStatus(ctx, created.id, negotiating.version, {
        status: "awaiting_approval",
        reason: "Text agreed",
        changedOn: "2026-02-10",
      });
      // Network first, then the other: the report lists them so.
      await addMembership(ctx, partner, { networkId: network.id, role: "chair" });
      await addMembership(ctx, partner, { networkId: other.id, role: "member" });
      return created.id;
    });
    const read = async () => ({
      changes: (await selectReportStatusChangesOf(handle.db, [agreementId]))
        .get(agreementId)
        ?.map((c) => c.toStatus),
      memberships: (await selectReportMemberships(handle.db, [partner])).map((m) => m.networkName),
    });
    const before = await read();
    expect(before).toEqual({
      changes: ["draft", "negotiating", "awaiting_approval"],
      memberships: ["Order Network", "Another Order Network"],
    });
    await handle.db.execute(
      sql`update agreement_status_change set reason = reason where agreement_id = ${agreementId}::uuid and to_status = 'draft'`,
    );
    await handle.db.execute(
      sql`update membership set role = role where organisation_id = ${partner}::uuid and network_id = ${network.id}::uuid`,
    );
    expect(await read()).toEqual(before);
  });
});

describe("migration report_order", () => {
  it("numbers the parties and areas already in the register in the order the report printed them", async () => {
    const migration = readFileSync(
      new URL("../../db/migrations/0014_report_order.sql", import.meta.url),
      "utf8",
    );
    const backfill = migration
      .slice(migration.indexOf("-- Edited by hand"))
      .split("--> statement-breakpoint")
      .map((statement) => statement.trim())
      .filter((statement) => /^(?:--.*\n)*\s*UPDATE/i.test(statement));
    expect(backfill).toHaveLength(2);
    const rollback = new Error("roll back");
    const outcome = await handle.db
      .transaction(async (tx) => {
        // As a register written before the migration: every position 0, rows in the order they were written.
        await tx.execute(sql`update agreement_party set position = 0`);
        await tx.execute(sql`update agreement_area set position = 0`);
        for (const statement of backfill) await tx.execute(sql.raw(statement));
        const wrong = await queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from (
                select position, row_number() over (partition by agreement_id order by ctid) - 1 as expected
                from agreement_party
                union all
                select position, row_number() over (partition by agreement_id order by ctid) - 1
                from agreement_area) t
              where position <> expected`,
        );
        const numbered = await queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from agreement_party where position > 0`,
        );
        expect(wrong[0]?.n).toBe(0);
        expect(numbered[0]?.n).toBeGreaterThan(0);
        throw rollback;
      })
      .catch((e: unknown) => e);
    expect(outcome).toBe(rollback);
  });
});
