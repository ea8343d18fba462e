// Issue 19, decision 042: a register loaded before imports asked for the report's day has every entry dated with the
// day of loading. The load is found, re-dated as of the report's day, and the "as of" export then holds it.
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, contextAs, createAgreementFixture, nationalGrant } from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { AppError } from "../../shared/app-errors";
import { getAgreement, updateProgressEntry } from "../agreements";
import { listHistory } from "../audit";
import { exportStatusReport } from "../status-report";
import { applyStatusReportImport } from "./imports.service";
import { listStatusReportLoads, redateStatusReportLoad, STATUS_REPORT_LOAD_ENTITY } from "./redate.service";

const SEED = {
  name: "status-report-rcs-000.txt",
  bytes: new Uint8Array(
    readFileSync(new URL("../../../fixtures/status-report-rcs-000.txt", import.meta.url)),
  ),
};
const TODAY = "2026-12-07";
/** The old import's transaction: 08:00 in Kigali on 10 March 2025. */
const LOADED_AT = "2025-03-10T06:00:00.000000Z";
const LOAD_DAY = "2025-03-10";
const REPORT_DAY = "2024-06-30";
const POLYTECHNIC = "In partnership with the Rwanda Polytechnic, RCS Staff and inmates have been trained";

let handle: DatabaseHandle;
const admin = () => ({
  ...contextAs(handle, buildUserActor([nationalGrant("administrator")])),
  today: TODAY,
});
const csvAsOf = async (asOf: string) =>
  new TextDecoder().decode((await exportStatusReport(admin(), { format: "csv", lang: "en", asOf })).bytes);
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => {
      if (!(e instanceof AppError)) throw e;
      return e;
    },
  );
const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(handle.db, query);
const listSeq = async () =>
  (await rows<{ n: string }>(sql`select last_value::text as n from agreement_list_change_seq`))[0]?.n;

let importedEntries = 0;
let createdAgreements = 0;

beforeAll(async () => {
  handle = await createTestDatabase();
  // An import as it ran before decision 038: every entry of the day of loading and read as reported, every agreement
  // registered that day. Imported today, then moved whole to 10 March 2025 (each timestamp by the same interval, so
  // the bulk path's created_at a millisecond apart stay so), with the audit log as it was written.
  const result = await applyStatusReportImport(admin(), SEED, { institution: "Rwanda Correctional Service" });
  importedEntries = result.counts.progressEntries;
  const shift = sql`((select max(updated_at) from progress_entry) - ${LOADED_AT}::timestamptz)`;
  await handle.db.execute(sql`update progress_entry set date_reported = true, entry_date = ${LOAD_DAY}::date,
    created_at = created_at - ${shift}, updated_at = updated_at - ${shift}`);
  await handle.db.execute(sql`update agreement_status_change set changed_on = ${LOAD_DAY}::date,
    recorded_at = recorded_at - (select max(recorded_at) - ${LOADED_AT}::timestamptz from agreement_status_change)`);
  await handle.db.execute(sql`update agreement set
    created_at = created_at - (select max(created_at) - ${LOADED_AT}::timestamptz from agreement),
    updated_at = updated_at - (select max(updated_at) - ${LOADED_AT}::timestamptz from agreement)`);
  createdAgreements = (await rows<{ n: number }>(sql`select count(*)::int as n from agreement`))[0]?.n ?? 0;
});
afterAll(async () => {
  await handle?.close();
});

describe("loads made before imports asked for the report's day", () => {
  it("lists the old import as one load: when, by whom, what is still re-datable", async () => {
    const { items, today } = await listStatusReportLoads(admin());
    expect(today).toBe(TODAY);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      loadedAt: LOADED_AT,
      loadDay: LOAD_DAY,
      progressEntries: importedEntries,
      agreements: createdAgreements,
      registrations: createdAgreements,
    });
    expect(items[0]?.id).toMatch(/^20250310T060000\.000000Z-[0-9a-f]{12}$/);
    expect(items[0]?.agreementTitles).toHaveLength(3);
    expect(items[0]?.loadedBy).toMatch(/^test user /);
    expect(items[0]?.loadedByName).toBe(items[0]?.loadedBy);
    // As loaded, a report as of its own day has no achievements.
    expect(await csvAsOf(REPORT_DAY)).not.toContain(POLYTECHNIC);
  });

  it("lists rows written directly the old way; a single entry typed in by hand is not a load", async () => {
    const [agreement] = await rows<{ id: string }>(
      sql`select agreement_id as id from progress_entry where text like ${`${POLYTECHNIC}%`} limit 1`,
    );
    if (!agreement) throw new Error("the fixture has the Rwanda Polytechnic agreement");
    const at = "2025-01-20T09:30:00.123456Z";
    await handle.db.execute(sql`insert into progress_entry (agreement_id, kind, text, entry_date, created_by, created_at, updated_at)
      values (${agreement.id}, 'achievement', 'Old load, first', '2025-01-20', 'Old Importer <old@example.org>', ${at}::timestamptz, ${at}::timestamptz),
             (${agreement.id}, 'ongoing', 'Old load, second', '2025-01-20', 'Old Importer <old@example.org>', ${at}::timestamptz, ${at}::timestamptz),
             (${agreement.id}, 'achievement', 'Typed in by hand', '2025-02-01', 'Hand Typist <hand@example.org>', '2025-02-01T10:00:00Z', '2025-02-01T10:00:00Z')`);
    const { items } = await listStatusReportLoads(admin());
    expect(
      items.map((i) => [i.loadDay, i.loadedByName, i.progressEntries, i.agreements, i.registrations]),
    ).toEqual([
      [LOAD_DAY, expect.any(String), importedEntries, createdAgreements, createdAgreements],
      ["2025-01-20", "Old Importer", 2, 1, 0],
    ]);
    expect(items[1]?.id).toMatch(/^20250120T093000\.123456Z-/);

    // Re-dated as of its own day: the entries read "date not reported", nothing is registered anew.
    const id = items[1]?.id ?? "";
    const result = await redateStatusReportLoad(admin(), id, { reportDate: "2025-01-20" });
    expect(result).toMatchObject({
      progressEntries: 2,
      agreements: 1,
      registrations: 0,
      registrationsKept: 0,
    });
    expect(
      await rows(sql`select text, entry_date::text, date_reported, version from progress_entry
        where agreement_id = ${agreement.id} and text in ('Old load, first', 'Old load, second', 'Typed in by hand') order by text`),
    ).toEqual([
      { text: "Old load, first", entry_date: "2025-01-20", date_reported: false, version: 2 },
      { text: "Old load, second", entry_date: "2025-01-20", date_reported: false, version: 2 },
      { text: "Typed in by hand", entry_date: "2025-02-01", date_reported: true, version: 1 },
    ]);
  });

  it("refuses a report day after the load day, naming the field, and writes nothing", async () => {
    const [load] = (await listStatusReportLoads(admin())).items;
    const refused = await expectNothingWritten(handle.db, () =>
      refusal(redateStatusReportLoad(admin(), load?.id ?? "", { reportDate: "2025-03-11" })),
    );
    expect(refused.kind).toBe("validation");
    expect(refused.errors).toEqual([
      expect.objectContaining({
        path: "reportDate",
        code: "report_date_after_load",
        params: { loadDay: LOAD_DAY },
        in: "body",
      }),
    ]);
    const malformed = await refusal(
      redateStatusReportLoad(admin(), load?.id ?? "", { reportDate: "30/06/2024" }),
    );
    expect(malformed.errors.map((e) => e.path)).toEqual(["reportDate"]);
  });

  it("lets only those who may import see or re-date loads", async () => {
    const [load] = (await listStatusReportLoads(admin())).items;
    const [rcs] = await rows<{ id: string }>(sql`select id from organisation where acronym = 'RCS'`);
    const editor = buildUserActor(
      [{ role: "partner_editor", scopeType: "organisation", scopeId: rcs?.id ?? null }],
      [rcs?.id ?? ""],
    );
    for (const actor of [editor, buildUserActor([nationalGrant("viewer")])]) {
      const ctx = { ...contextAs(handle, actor), today: TODAY };
      expect((await refusal(listStatusReportLoads(ctx))).kind).toBe("forbidden");
      const refused = await expectNothingWritten(handle.db, () =>
        refusal(redateStatusReportLoad(ctx, load?.id ?? "", { reportDate: REPORT_DAY })),
      );
      expect(refused.kind).toBe("forbidden");
    }
  });

  it("answers 404 for an id no list gave out", async () => {
    for (const id of [
      "nonsense",
      "20250310T060000.000000Z-000000000000",
      "20250310T060001.000000Z-ffffffffffff",
    ]) {
      const refused = await refusal(redateStatusReportLoad(admin(), id, { reportDate: REPORT_DAY }));
      expect(refused.kind, id).toBe("not_found");
    }
  });

  it("re-dates the load: entries of the report's day, agreements registered then, edits left alone, all audited", async () => {
    const [load] = (await listStatusReportLoads(admin())).items;
    if (!load) throw new Error("no load listed");
    // Someone corrected one entry by hand since it was loaded: it is theirs now, and keeps its day.
    const [edited] = await rows<{ id: string; agreement_id: string }>(
      sql`select id, agreement_id from progress_entry where text not like ${`${POLYTECHNIC}%`}
        and created_by = ${load.loadedBy} order by recorded_seq limit 1`,
    );
    if (!edited) throw new Error("no entry to edit");
    await updateProgressEntry(admin(), edited.agreement_id, edited.id, 1, { text: "Corrected by hand" });
    // Another editor has an entry and an agreement open at the version they read.
    const [stale] = await rows<{ id: string; agreement_id: string }>(
      sql`select id, agreement_id from progress_entry where version = 1 and created_by = ${load.loadedBy} limit 1`,
    );
    if (!stale) throw new Error("no entry left");
    const before = await getAgreement(admin(), stale.agreement_id);

    // The list counted what was there when it was read: the confirmation no longer holds, nothing changes.
    const changed = await expectNothingWritten(handle.db, () =>
      refusal(
        redateStatusReportLoad(admin(), load.id, {
          reportDate: REPORT_DAY,
          expectedProgressEntries: load.progressEntries,
        }),
      ),
    );
    expect(changed.kind).toBe("conflict");
    expect(changed.message).toContain(`${importedEntries - 1} re-datable progress entries`);

    const seq = await listSeq();
    const result = await redateStatusReportLoad(admin(), load.id, {
      reportDate: REPORT_DAY,
      expectedProgressEntries: importedEntries - 1,
    });
    expect(result).toEqual({
      id: load.id,
      loadDay: LOAD_DAY,
      reportDate: REPORT_DAY,
      progressEntries: importedEntries - 1,
      agreements: createdAgreements,
      registrations: createdAgreements,
      registrationsKept: 0,
    });
    expect(
      await rows(sql`select entry_date::text, date_reported, version, count(*)::int as n from progress_entry
        where created_by = ${load.loadedBy} group by 1, 2, 3 order by 1`),
    ).toEqual([
      { entry_date: REPORT_DAY, date_reported: false, version: 2, n: importedEntries - 1 },
      { entry_date: LOAD_DAY, date_reported: true, version: 2, n: 1 },
    ]);
    expect(
      await rows(sql`select min(changed_on)::text as first, count(distinct agreement_id)::int as n
        from agreement_status_change where from_status is null`),
    ).toEqual([{ first: REPORT_DAY, n: createdAgreements }]);
    // The agreements list's cached totals and facts are told the register changed.
    expect(await listSeq()).not.toBe(seq);

    // Edits made on what was read before get 412, as elsewhere.
    expect((await getAgreement(admin(), stale.agreement_id)).version).toBe(before.version + 1);
    const staleEdit = await refusal(
      updateProgressEntry(admin(), stale.agreement_id, stale.id, 1, { text: "Too late" }),
    );
    expect(staleEdit.kind).toBe("precondition_failed");

    // The history: the operation in counts, each agreement's registration and progress day, each entry's day.
    const [operation, ...more] = await listHistory(handle.db, STATUS_REPORT_LOAD_ENTITY, load.id);
    expect(more).toHaveLength(0);
    expect(operation?.changes).toMatchObject({
      entryDate: { before: LOAD_DAY, after: REPORT_DAY },
      dateReported: { before: true, after: false },
      registeredOn: { before: LOAD_DAY, after: REPORT_DAY },
      progressEntries: { before: null, after: importedEntries - 1 },
      agreements: { before: null, after: createdAgreements },
    });
    expect(JSON.stringify(operation)).not.toContain("Polytechnic");
    const [agreementLine] = await listHistory(handle.db, "agreement", stale.agreement_id);
    expect(agreementLine?.changes).toEqual({
      progressEntryDate: { before: LOAD_DAY, after: REPORT_DAY },
      registeredOn: { before: LOAD_DAY, after: REPORT_DAY },
    });
    const [entryLine] = await listHistory(handle.db, "progress_entry", stale.id);
    expect(entryLine?.changes).toEqual({
      entryDate: { before: LOAD_DAY, after: REPORT_DAY },
      dateReported: { before: true, after: false },
    });

    // The report as of the day it described holds its achievements again, and its agreements.
    const asOfReportDay = await csvAsOf(REPORT_DAY);
    expect(asOfReportDay).toContain(POLYTECHNIC);
    expect(await csvAsOf("2024-06-29")).not.toContain(POLYTECHNIC);
  });

  it("finds nothing left the second time: no longer listed, 409 naming the re-dating, nothing written", async () => {
    const { items } = await listStatusReportLoads(admin());
    expect(items).toEqual([]);
    const [operation] = await rows<{ entity_id: string }>(
      sql`select entity_id from audit_log where entity_type = ${STATUS_REPORT_LOAD_ENTITY} order by id desc limit 1`,
    );
    const again = await expectNothingWritten(handle.db, () =>
      refusal(redateStatusReportLoad(admin(), operation?.entity_id ?? "", { reportDate: "2024-01-31" })),
    );
    expect(again.kind).toBe("conflict");
    expect(again.message).toContain(`(report as of ${REPORT_DAY})`);
  });
  it("keeps a registration on the load day when a later status change of its agreement is dated before the report's", async () => {
    const agreement = await createAgreementFixture(handle);
    const at = "2025-05-05T07:00:00.000000Z";
    const writer = "May Importer <may@example.org>";
    await handle.db.execute(
      sql`update agreement set created_at = ${at}::timestamptz where id = ${agreement.id}`,
    );
    await handle.db.execute(sql`update agreement_status_change set recorded_at = ${at}::timestamptz,
      changed_on = '2025-05-05', changed_by = ${writer} where agreement_id = ${agreement.id}`);
    // Recorded later, but of a day before the report's: the registration cannot move after it.
    await handle.db.execute(sql`insert into agreement_status_change (agreement_id, from_status, to_status, changed_on, changed_by)
      values (${agreement.id}, ${agreement.status}, 'expired', '2024-05-01', 'Someone <someone@example.org>')`);
    await handle.db.execute(sql`insert into progress_entry (agreement_id, kind, text, entry_date, created_by, created_at, updated_at)
      values (${agreement.id}, 'achievement', 'May load', '2025-05-05', ${writer}, ${at}::timestamptz, ${at}::timestamptz)`);
    const [load] = (await listStatusReportLoads(admin())).items;
    expect(load).toMatchObject({ loadDay: "2025-05-05", progressEntries: 1, registrations: 1 });
    const result = await redateStatusReportLoad(admin(), load?.id ?? "", { reportDate: REPORT_DAY });
    expect(result).toMatchObject({ progressEntries: 1, registrations: 0, registrationsKept: 1 });
    expect(
      await rows(sql`select changed_on::text from agreement_status_change where agreement_id = ${agreement.id}
        order by recorded_seq`),
    ).toEqual([{ changed_on: "2025-05-05" }, { changed_on: "2024-05-01" }]);
    expect((await getAgreement(admin(), agreement.id)).version).toBe(agreement.version);
  });
});
