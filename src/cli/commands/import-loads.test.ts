// `import loads` and `import redate` on PGlite or PostgreSQL, in this process: a load made the old way is listed,
// refused with the option named, tried with --dry-run, re-dated once, and found done the second time.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliDatabase, type CliRun, createCliDatabase, runCliInProcess } from "../../../tests/cli";
import { createAgreementFixture } from "../../../tests/factories";
import { queryRows } from "../../db/client";

const LOADED_AT = "2025-03-10T06:00:00.000000Z";
const WRITER = "cli:operator";
let database: CliDatabase;
let title = "";
const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);

beforeAll(async () => {
  database = await createCliDatabase("cli-import-loads");
  // Two entries and an agreement as `import status-report` wrote them before decision 038, on 10 March 2025.
  title = await database.withDatabase(async (handle) => {
    const agreement = await createAgreementFixture(handle);
    await handle.db.execute(
      sql`update agreement set created_at = ${LOADED_AT}::timestamptz where id = ${agreement.id}`,
    );
    await handle.db.execute(sql`update agreement_status_change set recorded_at = ${LOADED_AT}::timestamptz,
      changed_on = '2025-03-10', changed_by = ${WRITER} where agreement_id = ${agreement.id}`);
    await handle.db.execute(sql`insert into progress_entry (agreement_id, kind, text, entry_date, created_by, created_at, updated_at)
      values (${agreement.id}, 'achievement', 'Trained 40 staff', '2025-03-10', ${WRITER}, ${LOADED_AT}::timestamptz, ${LOADED_AT}::timestamptz),
             (${agreement.id}, 'ongoing', 'Building a workshop', '2025-03-10', ${WRITER}, ${LOADED_AT}::timestamptz, ${LOADED_AT}::timestamptz)`);
    return agreement.title;
  });
});

afterAll(async () => {
  await database?.close();
});

describe("import loads / import redate", () => {
  it("are in the usage text", async () => {
    const help = await cli("--help");
    expect(help.stdout).toContain("import loads [--json]");
    expect(help.stdout).toContain("import redate LOAD_ID --as-of YYYY-MM-DD");
  });

  it("lists the load, refuses a day after it naming --as-of, and --dry-run changes nothing", async () => {
    const listed = await cli("import", "loads");
    expect(listed.stderr).toBe("");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /^ID\s+LOADED \(UTC\)\s+DAY\s+BY\s+ENTRIES\s+AGREEMENTS\s+REGISTERED\s+TITLES$/m,
    );
    expect(listed.stdout).toContain(
      `2025-03-10 06:00:00  2025-03-10  ${WRITER}  2        1           1           ${title}`,
    );
    const json = JSON.parse((await cli("import", "loads", "--json")).stdout) as { items: { id: string }[] };
    const id = json.items[0]?.id ?? "";
    expect(id).toMatch(/^20250310T060000\.000000Z-[0-9a-f]{12}$/);

    const missing = await cli("import", "redate", id);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--as-of is required.");
    const badDay = await cli("import", "redate", id, "--as-of", "30/06/2024");
    expect(badDay.code).toBe(2);
    expect(badDay.stderr).toContain("--as-of: use a date such as 2024-06-30.");
    const after = await cli("import", "redate", id, "--as-of", "2025-03-11");
    expect(after.code).toBe(1);
    expect(after.stderr).toContain(
      "--as-of: A load holds a report as of its own day (2025-03-10) or before.",
    );

    const dry = await cli("import", "redate", id, "--as-of", "2024-06-30", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      `Would date 2 progress entries of 1 agreement, 1 agreement registered that day, loaded on 2025-03-10 by ${WRITER}, as of 2024-06-30 (date not reported). Nothing was changed.`,
    );
    const days = await database.withDatabase((handle) =>
      queryRows<{ entry_date: string }>(handle.db, sql`select distinct entry_date::text from progress_entry`),
    );
    expect(days).toEqual([{ entry_date: "2025-03-10" }]);
  });

  it("re-dates the load once; a second time says it is done", async () => {
    const id = (JSON.parse((await cli("import", "loads", "--json")).stdout) as { items: { id: string }[] })
      .items[0]?.id;
    if (!id) throw new Error("no load listed");
    const done = await cli("import", "redate", id, "--as-of", "2024-06-30");
    expect(done.stderr).toBe("");
    expect(done.code).toBe(0);
    expect(done.stdout).toBe(
      "Re-dated: 2 progress entries of 1 agreement now of 2024-06-30 (date not reported), 1 agreement registered on 2024-06-30.\n",
    );
    const again = await cli("import", "redate", id, "--as-of", "2024-06-30");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /Nothing in this load is left to re-date\. It was re-dated on .* \(report as of 2024-06-30\)\./,
    );
    expect((await cli("import", "loads")).stdout).toContain("No load is left to re-date");
  });
});
