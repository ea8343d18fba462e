// Importing IATI activity files: the Netherlands sample gives its 13 activities without duplicate organisations;
// a file that fails the schema is reported by line and element, and nothing is half-imported.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, nationalGrant } from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { AppError } from "../../shared/app-errors";
import type { ServiceContext } from "../access/service-context";
import { importIati } from "./programmes.import";
import { getProgramme } from "./programmes.service";

const IATI_DIR = resolve(process.env.IATI_SHARED_DIR ?? "../shared/data/iati");
const SCHEMA = join(IATI_DIR, "schema/iati-activities-schema.xsd");
const SAMPLE = join(IATI_DIR, "samples/nl-mfa-dgis-human-rights-2.03.xml");
const ready = existsSync(SAMPLE) && existsSync(SCHEMA) && spawnSync("xmllint", ["--version"]).status === 0;
if (!ready) console.warn(`IATI import test skipped: needs ${SAMPLE}, ${SCHEMA} and xmllint.`);

let handle: DatabaseHandle;
let ctx: ServiceContext;

async function counts() {
  const [row] = await queryRows<{ programmes: number; organisations: number; audit: number }>(
    handle.db,
    sql`select (select count(*) from programme)::int as programmes, (select count(*) from organisation)::int as organisations,
      (select count(*) from audit_log)::int as audit`,
  );
  return row;
}

describe.skipIf(!ready)("IATI import", () => {
  beforeAll(async () => {
    handle = await createTestDatabase();
    ctx = { db: handle.db, actor: buildUserActor([nationalGrant("administrator")]) };
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("refuses a file that fails the schema, naming line and element, and imports nothing", async () => {
    const broken = readFileSync(SAMPLE, "utf8").replace("<activity-status", "<activity-state");
    const before = await counts();
    const error = await importIati(ctx, broken, { schemaPath: SCHEMA }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const paths = (error as AppError).errors.map((e) => e.path);
    expect(paths[0]).toMatch(/^line \d+, element activity-state$/);
    expect(await counts()).toEqual(before);
  });

  it("creates the 13 activities of the Netherlands sample, the ministry once", async () => {
    const before = await counts();
    const result = await importIati(ctx, readFileSync(SAMPLE, "utf8"), { schemaPath: SCHEMA });
    expect(result.programmes).toBe(13);
    const after = await counts();
    expect((after?.programmes ?? 0) - (before?.programmes ?? 0)).toBe(13);
    // The ministry (funding in all 13) and 12 different implementing organisations.
    expect(result.organisationsCreated).toBe(13);
    const [dgis] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from organisation where name = 'Ministry of Foreign Affairs (DGIS)'`,
    );
    expect(dgis?.n).toBe(1);
    const first = await getProgramme(ctx, result.programmeIds[0] ?? "");
    expect(first.iatiIdentifier).toBe("NL-1-PPR-24706");
    expect(first.narratives?.title).toEqual({ nl: "ICTJ 2013-2014" });
    expect(first.lead.name).toBe("ICTJ");
    expect(first.donors.map((d) => d.name)).toEqual(["Ministry of Foreign Affairs (DGIS)"]);
    expect([first.startDate, first.endDate, first.status]).toEqual(["2014-01-01", "2016-07-25", "completed"]);
    expect(first.themes).toEqual(["peacebuilding_reconciliation"]);
  });

  it("refuses to import the same activities twice, and changes nothing", async () => {
    const before = await counts();
    const error = await importIati(ctx, readFileSync(SAMPLE, "utf8"), { schemaPath: SCHEMA }).catch(
      (e: unknown) => e,
    );
    expect((error as AppError).errors).toHaveLength(13);
    expect((error as AppError).errors[0]?.message).toBe("This activity was imported already.");
    expect(await counts()).toEqual(before);
  });
});
