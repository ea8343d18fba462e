// The seed 001 programme loaded from seeds/ reproduces the report's "people reached" table from the data.
import { readFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, nationalGrant } from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { listOrganisations } from "../organisations";
import { getProgrammeDashboard, getReachTable } from "./dashboard.service";
import { loadProgrammeDemo, readProgrammeSeed } from "./programme-demo";
import type { ParticipantCategory } from "./programmes.schema";
import { getProgramme } from "./programmes.service";

let handle: DatabaseHandle;
let ctx: ServiceContext;
let programmeId: string;

/** How the report names each category (the English labels of the browser app say the same). */
const LABEL: Partial<Record<ParticipantCategory, string>> = {
  stakeholders: "stakeholders",
  officers: "officers",
  media_professionals: "media professionals",
  students: "students",
  villagers: "villagers",
  officials: "officials",
  commanders: "commanders",
  service_providers: "service providers",
  field_staff: "field staff",
};

/** The report's table, read from the fixture: activity → people reached, as written. */
async function reportTable(): Promise<[string, string][]> {
  const text = await readFile(new URL("../../../fixtures/programme-iom-001.txt", import.meta.url), "utf8");
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith("Activity\tPeople Reached"));
  const rows: [string, string][] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.includes("\t")) break;
    const [activity = "", reached = ""] = line.split("\t");
    rows.push([activity.replace(/<\/?i>/g, ""), reached]);
  }
  return rows;
}

/** "30 Officials / 30 Commanders" → sorted, lower-case parts, so the comparison ignores order and case. */
const canonical = (reached: string) =>
  reached
    .split("/")
    .map((s) => s.trim().toLowerCase())
    .sort()
    .join(" / ");

beforeAll(async () => {
  handle = await createTestDatabase();
  ctx = { db: handle.db, actor: buildUserActor([nationalGrant("administrator")]) };
  programmeId = (await loadProgrammeDemo(ctx, await readProgrammeSeed())).programmeId;
});
afterAll(async () => {
  await handle?.close();
});

describe("seed 001 programme", () => {
  it("reproduces the people-reached table of the report from the events", async () => {
    const expected = await reportTable();
    expect(expected).toHaveLength(10);
    const rows = await getReachTable(ctx, programmeId);
    const actual = rows.map((r): [string, string] => [
      r.activity,
      canonical(
        [...r.counts.map((c) => `${c.people} ${LABEL[c.category] ?? c.category}`), ...r.notes].join(" / "),
      ),
    ]);
    expect(actual).toEqual(expected.map(([a, reached]) => [a, canonical(reached)]));
  });

  it("holds the logframe: one objective, four outcomes, four outputs, ten activities", async () => {
    const detail = await getProgramme(ctx, programmeId);
    const count = (level: string) => detail.logframe.filter((i) => i.level === level).length;
    expect([count("objective"), count("outcome"), count("output"), count("activity")]).toEqual([1, 4, 4, 10]);
    expect(detail.lead.acronym).toBe("IOM");
    expect(detail.donors.map((d) => [d.acronym, d.amount])).toEqual([["UN.GIFT", null]]);
  });

  it("adds up 1,542 people reached and keeps 'Nationwide' beside the number", async () => {
    const dash = await getProgrammeDashboard(ctx, programmeId);
    // 30 + 48 + 34 + 903 + 400 + 30 + 30 + 15 + 52
    expect(dash.peopleReached).toBe(1542);
    const people = dash.indicators.find((i) => i.unit === "people");
    expect(people?.actual).toEqual({
      kind: "exact",
      value: 1542,
      notes: ["Nationwide"],
      notReportedCount: 0,
    });
    expect(dash.reach.find((r) => r.districtName === "Kirehe")?.people).toBe(903);
    expect(dash.reach.find((r) => r.districtName === "Muhanga")?.people).toBe(400);
    expect(dash.indicators.find((i) => i.unit === "events")?.actual.value).toBe(5);
  });

  it("keeps events the report gives no date for off the timeline, as 'date not reported'", async () => {
    const detail = await getProgramme(ctx, programmeId);
    const undated = detail.events.filter((e) => !e.dateReported);
    // Six of the ten activities have no date in the report; they keep the programme period and say so.
    expect(undated.map((e) => [e.startDate, e.endDate])).toEqual(
      Array.from({ length: 6 }, () => ["2011-11-01", "2012-10-31"]),
    );
    expect(undated.every((e) => e.notes === null)).toBe(true);
    // Dated ones say their month by their dates: no English sentence is stored for French and Kinyarwanda readers.
    const dated = detail.events.filter((e) => e.dateReported);
    expect(dated.map((e) => [e.startDate, e.endDate, e.notes])).toEqual([
      ["2012-03-01", "2012-03-31", null],
      ["2012-06-01", "2012-06-30", null],
      ["2012-06-01", "2012-06-30", null],
      ["2012-09-01", "2012-09-30", null],
    ]);
    const dash = await getProgrammeDashboard(ctx, programmeId);
    // Nothing pretends to have happened in November 2011, the programme's first month.
    expect(dash.timeline).toEqual([
      { month: "2012-03", events: 1, people: 30 },
      { month: "2012-06", events: 2, people: 82 },
      { month: "2012-09", events: 1, people: 60 },
    ]);
    // 903 + 400 + 15 + 52, and two Nationwide events.
    expect(dash.undated).toEqual({ events: 6, people: 1370 });
    expect(dash.peopleReached).toBe(30 + 82 + 60 + 1370);
  });

  it("migration programme_iati flags demo events loaded before the flag existed", async () => {
    // The demo as it was loaded before: undated events at the programme period, said only in their notes.
    const OLD_NOTE = "The report gives no date: the programme period is shown.";
    await handle.db.execute(
      sql`update programme_event set date_reported = true, notes = ${OLD_NOTE} where not date_reported`,
    );
    const migration = await readFile(
      new URL("../../db/migrations/0013_programme_iati.sql", import.meta.url),
      "utf8",
    );
    const backfill = migration
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .find((s) => s.includes("UPDATE"));
    expect(backfill).toBeDefined();
    await handle.db.execute(sql.raw(backfill ?? ""));
    const rows = await queryRows<{ undated: number; old_notes: number }>(
      handle.db,
      sql`select count(*) filter (where not date_reported)::int as undated,
                 count(*) filter (where notes = ${OLD_NOTE})::int as old_notes
          from programme_event`,
    );
    expect(rows[0]).toEqual({ undated: 6, old_notes: 0 });
  });

  it("refuses to load twice and reuses organisations", async () => {
    await expect(loadProgrammeDemo(ctx, await readProgrammeSeed())).rejects.toThrow(/already loaded/);
    const iom = await listOrganisations(ctx, {
      q: "International Organization for Migration",
      limit: 10,
      offset: 0,
    });
    expect(iom.total).toBe(1);
  });
});
