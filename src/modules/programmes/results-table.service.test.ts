// Results tables in: seed 001's people-reached table into the example programme, and tables of our own making in
// English (CSV), French (Excel) and Kinyarwanda (Word), each checked field by field; a bad row names file, row, column.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, createProgrammeFixture, nationalGrant } from "../../../tests/factories";
import { countStatements } from "../../../tests/statements";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import { createOrganisation } from "../organisations";
import { refreshProgrammeReach } from "./events.store";
import { refreshIndicatorRollup } from "./indicators.store";
import { readReach } from "./people-reached";
import { loadProgrammeDemo, readProgrammeSeed } from "./programme-demo";
import { getProgramme } from "./programmes.service";
import { listResults } from "./results.service";
import { importResultsTable } from "./results-table.service";

let handle: DatabaseHandle;
let ctx: ServiceContext;
let example: string;

const fixture = (name: string) => new Uint8Array(readFileSync(resolve("fixtures", name)));

async function counts() {
  const [row] = await queryRows<Record<string, number>>(
    handle.db,
    sql`select (select count(*) from programme)::int p, (select count(*) from programme_event)::int e,
      (select count(*) from result)::int r, (select count(*) from logframe_item)::int l, (select count(*) from indicator)::int i`,
  );
  return row;
}

describe("readReach", () => {
  it("reads counts by category, lower bounds and words", () => {
    expect(readReach("30 Stakeholders")).toEqual({
      kind: "exact",
      text: "30 Stakeholders",
      parts: [{ count: 30, category: "stakeholders", label: "Stakeholders" }],
    });
    expect(readReach("30 Officials / 30 Commanders")).toMatchObject({
      kind: "exact",
      parts: [
        { count: 30, category: "officials" },
        { count: 30, category: "commanders" },
      ],
    });
    expect(readReach("over 50,000")).toEqual({
      kind: "lower_bound",
      value: 50000,
      category: "other",
      text: "over 50,000",
    });
    expect(readReach("50 000+ élèves")).toMatchObject({
      kind: "lower_bound",
      value: 50000,
      category: "students",
    });
    expect(readReach("abarenga 1.200 abagororwa")).toMatchObject({
      kind: "lower_bound",
      value: 1200,
      category: "prisoners",
    });
    expect(readReach("Nationwide")).toEqual({ kind: "qualitative", text: "Nationwide" });
    expect(readReach("")).toEqual({ kind: "empty" });
  });
});

describe("results table import", () => {
  beforeAll(async () => {
    handle = await createTestDatabase();
    ctx = { db: handle.db, actor: buildUserActor([nationalGrant("administrator")]) };
    example = (await loadProgrammeDemo(ctx, await readProgrammeSeed())).programmeId;
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("previews seed 001's table against the example programme's activities, writing nothing", async () => {
    const before = await counts();
    const preview = await importResultsTable(ctx, {
      file: "programme-iom-001.txt",
      bytes: fixture("programme-iom-001.txt"),
      target: { programmeId: example },
      confirm: false,
    });
    expect(preview.written).toBeNull();
    expect(preview.layout).toBe("activities");
    expect(preview.rows).toHaveLength(10);
    // Every row names an activity of the example's logframe (the italics of "Ba Maso" dropped).
    expect(preview.rows.every((r) => r.matches !== null)).toBe(true);
    expect(preview.rows[3]).toMatchObject({
      location: "line 75",
      name: "Ba Maso multi-media campaign",
      reach: { kind: "qualitative", text: "Nationwide" },
    });
    expect(await counts()).toEqual(before);
  });

  it("imports seed 001's table into the example programme: counts by category, words kept as words", async () => {
    const before = await counts();
    const p0 = await getProgramme(ctx, example);
    const done = await importResultsTable(ctx, {
      file: "programme-iom-001.txt",
      bytes: fixture("programme-iom-001.txt"),
      target: { programmeId: example },
      confirm: true,
    });
    // The demo already holds the field staff training as the table gives it (undated, 52 field staff, under its
    // activity with the activity's words as title): that row is left as it is, not recorded twice.
    expect(done.rows.map((r) => r.change)).toEqual([...Array(9).fill("new"), "unchanged"]);
    expect(done.written).toEqual({
      programmeId: example,
      events: 9,
      indicators: 0,
      results: 9,
      activities: 0,
      updated: 0,
      unchanged: 1,
    });
    const after = await counts();
    expect([(after?.e ?? 0) - (before?.e ?? 0), (after?.l ?? 0) - (before?.l ?? 0)]).toEqual([9, 0]);
    const p = await getProgramme(ctx, example);
    const activityText = new Map(p.logframe.map((i) => [i.id, i.text]));
    const added = p.events.filter((e) => !p0.events.some((old) => old.id === e.id));
    const people = p.indicators.find((i) => i.unit === "people")?.id;
    const view = added.map((e) => ({
      activity: activityText.get(e.activityId ?? ""),
      kind: e.kind,
      dates: [e.startDate, e.endDate, e.dateReported],
      participants: e.participants.map((x) => `${x.category} ${x.count}`).sort(),
      reachNote: e.reachNote,
      indicators: e.indicatorIds,
    }));
    const period = ["2011-11-01", "2012-10-31", false];
    expect(view).toEqual(
      [
        ["Stakeholders' training on human trafficking", "training", ["stakeholders 30"], null],
        ["Capacity building for law enforcement and immigration officers", "training", ["officers 48"], null],
        ["Workshop for national media outlets", "workshop", ["media_professionals 34"], null],
        ["Ba Maso multi-media campaign", "campaign", [], "Nationwide"],
        ["School presentations", "school_talk", ["students 903"], null],
        ["Umuganda community meeting in Muhanga", "community_meeting", ["villagers 400"], null],
        ["Radio talk shows", "radio_show", [], "Nationwide"],
        [
          "Training of district labour officials and district police commanders",
          "training",
          ["commanders 30", "officials 30"],
          null,
        ],
        [
          "Service providers' training on direct assistance for victims of trafficking",
          "training",
          ["service_providers 15"],
          null,
        ],
      ].map(([activity, kind, participants, reachNote]) => ({
        activity,
        kind,
        dates: period,
        participants,
        reachNote,
        indicators: [people],
      })),
    );
  });

  it("imports an English CSV into a new programme, keeping “over 50,000” as a lower bound", async () => {
    const lead = await createOrganisation(ctx, { name: "Haguruka", kind: "local_cso" });
    const done = await importResultsTable(ctx, {
      file: "results-table-activities-en.csv",
      bytes: fixture("results-table-activities-en.csv"),
      target: {
        newProgramme: {
          title: "Hotline and prison outreach 2023",
          leadOrganisationId: lead.id,
          startDate: "2023-01-01",
          endDate: "2023-12-31",
        },
      },
      confirm: true,
    });
    // A new programme has no activities yet: each row makes one, under a holder output; one people indicator.
    expect(done.written).toMatchObject({ events: 5, indicators: 1, activities: 5, results: 5 });
    const p = await getProgramme(ctx, done.written?.programmeId ?? "");
    const people = p.indicators[0];
    expect([people?.title, people?.unit, people?.actual.kind]).toEqual([
      "People reached",
      "people",
      "lower_bound",
    ]);
    // 30 + 60 + 120 counted, and at least 50,000 from the campaign: at least 50,210.
    expect(people?.actual.value).toBe(50210);
    expect(people?.actual.notes).toEqual(["Nationwide"]);
    const values = await listResults(ctx, p.id, people?.id ?? "");
    expect(values.find((v) => v.valueKind === "lower_bound")).toMatchObject({
      value: 50000,
      text: "Awareness campaign on the hotline, all districts: over 50,000",
      periodStart: "2023-01-01",
      periodEnd: "2023-12-31",
    });
    const campaign = p.events.find((e) => e.title.startsWith("Awareness campaign"));
    expect([campaign?.kind, campaign?.reachNote, campaign?.participants]).toEqual([
      "campaign",
      "over 50,000",
      [],
    ]);
    expect(p.events.find((e) => e.title === "Prison visits by paralegals")?.participants).toMatchObject([
      { category: "prisoners", count: 120 },
    ]);
  });

  it("imports a French Excel table after a title row: categories, “Plus de 50 000”, “Tout le pays”", async () => {
    const preview = await importResultsTable(ctx, {
      file: "results-table-activites-fr.xlsx",
      bytes: fixture("results-table-activites-fr.xlsx"),
      target: { programmeId: example },
      confirm: false,
    });
    expect(preview.rows.map((r) => [r.location, r.name, r.reach])).toEqual([
      [
        "sheet Résultats, row 4",
        "Formation des agents pénitentiaires",
        { kind: "exact", text: "25 agents", parts: [{ count: 25, category: "officers", label: "agents" }] },
      ],
      [
        "sheet Résultats, row 5",
        "Campagne radio nationale",
        { kind: "lower_bound", value: 50000, category: "other", text: "Plus de 50 000" },
      ],
      [
        "sheet Résultats, row 6",
        "Présentations dans les écoles",
        { kind: "qualitative", text: "Tout le pays" },
      ],
      [
        "sheet Résultats, row 7",
        "Atelier avec les journalistes",
        {
          kind: "exact",
          text: "18 journalistes et 4 enseignants",
          parts: [
            { count: 18, category: "media_professionals", label: "journalistes" },
            { count: 4, category: "teachers", label: "enseignants" },
          ],
        },
      ],
    ]);
  });

  it("imports a Kinyarwanda Word table of indicator | target | achieved as indicators, targets and results", async () => {
    const lead = await createOrganisation(ctx, { name: "Rwanda Correctional Service", kind: "government" });
    const done = await importResultsTable(ctx, {
      file: "results-table-ibipimo-rw.docx",
      bytes: fixture("results-table-ibipimo-rw.docx"),
      target: {
        newProgramme: {
          title: "Amahugurwa y'abagororwa 2024",
          leadOrganisationId: lead.id,
          startDate: "2024-01-01",
          endDate: "2024-12-31",
        },
      },
      confirm: true,
    });
    expect(done.layout).toBe("indicators");
    expect(done.written).toMatchObject({ indicators: 3, results: 3, events: 0 });
    const p = await getProgramme(ctx, done.written?.programmeId ?? "");
    expect(
      p.indicators.map((i) => [
        i.title,
        i.unit,
        i.targets.map((t) => t.value),
        i.actual.kind,
        i.actual.value,
        i.actual.notes,
      ]),
    ).toEqual([
      ["Umubare w'abagororwa bahuguwe", "people", [200], "exact", 180, []],
      ["Abaturage bagezweho n'ubukangurambaga", "people", [10000], "lower_bound", 12000, []],
      [
        "Uburyo bwo kohereza abahohotewe burakora",
        "text",
        [],
        "qualitative",
        null,
        ["Burakora mu turere twose"],
      ],
    ]);
  });

  it("re-imports the same tables without recording anything twice; a changed row updates what it recorded", async () => {
    // Seed 001's table again into the example programme (imported above): every row is already there.
    const before = await counts();
    const again = await importResultsTable(ctx, {
      file: "programme-iom-001 (copy).txt",
      bytes: fixture("programme-iom-001.txt"),
      target: { programmeId: example },
      confirm: false,
    });
    expect(again.rows.map((r) => r.change)).toEqual(Array(10).fill("unchanged"));
    const seedAgain = await importResultsTable(ctx, {
      file: "programme-iom-001 (copy).txt",
      bytes: fixture("programme-iom-001.txt"),
      target: { programmeId: example },
      confirm: true,
    });
    expect(seedAgain.written).toEqual({
      programmeId: example,
      events: 0,
      indicators: 0,
      results: 0,
      activities: 0,
      updated: 0,
      unchanged: 10,
    });
    expect(await counts()).toEqual(before);

    // The English CSV (counts, words and a lower bound) into a new programme, then again, then changed.
    const lead = await createOrganisation(ctx, { name: "Legal Aid Forum", kind: "local_cso" });
    const first = await importResultsTable(ctx, {
      file: "results-table-activities-en.csv",
      bytes: fixture("results-table-activities-en.csv"),
      target: {
        newProgramme: {
          title: "Legal aid outreach 2023",
          leadOrganisationId: lead.id,
          startDate: "2023-01-01",
          endDate: "2023-12-31",
        },
      },
      confirm: true,
    });
    const id = first.written?.programmeId ?? "";
    const afterFirst = await counts();
    const second = await importResultsTable(ctx, {
      file: "results-table-activities-en.csv",
      bytes: fixture("results-table-activities-en.csv"),
      target: { programmeId: id },
      confirm: true,
    });
    expect(second.rows.map((r) => r.change)).toEqual(Array(5).fill("unchanged"));
    expect(second.written).toMatchObject({
      events: 0,
      results: 0,
      activities: 0,
      indicators: 0,
      unchanged: 5,
    });
    expect(await counts()).toEqual(afterFirst);
    const p1 = await getProgramme(ctx, id);

    // The same table with one count changed and the bound raised: two rows update, nothing is added.
    const changed = readFileSync(resolve("fixtures", "results-table-activities-en.csv"), "utf8")
      .replace("120 prisoners", "150 prisoners")
      .replace("over 50,000", "over 60,000");
    expect(changed).toContain("150 prisoners");
    expect(changed).toContain("over 60,000");
    const preview = await importResultsTable(ctx, {
      file: "results-table-activities-en.csv",
      bytes: new TextEncoder().encode(changed),
      target: { programmeId: id },
      confirm: false,
    });
    expect(preview.rows.map((r) => [r.name, r.change])).toEqual([
      ["Stakeholders' training on human trafficking", "unchanged"],
      ["Radio talk shows", "unchanged"],
      ["Training of district labour officials and district police commanders", "unchanged"],
      ["Awareness campaign on the hotline, all districts", "update"],
      ["Prison visits by paralegals", "update"],
    ]);
    // An update says what it replaces; a row left as it is says nothing.
    expect(preview.rows.map((r) => r.was)).toEqual([
      null,
      null,
      null,
      {
        participants: [],
        reachNote: "over 50,000",
        result: {
          valueKind: "lower_bound",
          value: 50000,
          text: "Awareness campaign on the hotline, all districts: over 50,000",
        },
      },
      { participants: [{ category: "prisoners", count: 120 }], reachNote: null, result: null },
    ]);
    const third = await importResultsTable(ctx, {
      file: "results-table-activities-en.csv",
      bytes: new TextEncoder().encode(changed),
      target: { programmeId: id },
      confirm: true,
    });
    expect(third.written).toMatchObject({ events: 0, activities: 0, updated: 2, unchanged: 3 });
    expect(await counts()).toEqual(afterFirst);
    const p2 = await getProgramme(ctx, id);
    expect(p2.events.map((e) => e.id).sort()).toEqual(p1.events.map((e) => e.id).sort());
    expect(p2.events.find((e) => e.title === "Prison visits by paralegals")?.participants).toMatchObject([
      { category: "prisoners", count: 150 },
    ]);
    const people = p2.indicators.find((i) => i.unit === "people");
    expect([people?.actual.kind, people?.actual.value]).toEqual(["lower_bound", 60240]);
    const bounds = (await listResults(ctx, id, people?.id ?? "")).filter(
      (v) => v.valueKind === "lower_bound",
    );
    expect(bounds.map((b) => [b.value, b.text])).toEqual([
      [60000, "Awareness campaign on the hotline, all districts: over 60,000"],
    ]);
  });

  it("re-imports an indicator table: its results are not recorded twice, a changed one is replaced", async () => {
    const lead = await createOrganisation(ctx, { name: "Prison Fellowship Rwanda", kind: "local_cso" });
    const first = await importResultsTable(ctx, {
      file: "results-table-ibipimo-rw.docx",
      bytes: fixture("results-table-ibipimo-rw.docx"),
      target: {
        newProgramme: {
          title: "Ibipimo 2024",
          leadOrganisationId: lead.id,
          startDate: "2024-01-01",
          endDate: "2024-12-31",
        },
      },
      confirm: true,
    });
    const id = first.written?.programmeId ?? "";
    const before = await counts();
    const again = await importResultsTable(ctx, {
      file: "results-table-ibipimo-rw.docx",
      bytes: fixture("results-table-ibipimo-rw.docx"),
      target: { programmeId: id },
      confirm: true,
    });
    expect(again.rows.map((r) => r.change)).toEqual(["unchanged", "unchanged", "unchanged"]);
    expect(again.written).toMatchObject({ indicators: 0, results: 0, updated: 0, unchanged: 3 });
    expect(await counts()).toEqual(before);
    const p = await getProgramme(ctx, id);
    expect(p.indicators.map((i) => [i.actual.kind, i.actual.value])).toEqual([
      ["exact", 180],
      ["lower_bound", 12000],
      ["qualitative", null],
    ]);
  });

  it("writes a long table with each rollup refreshed once, per-row statements that do not grow, and progress", async () => {
    const newProgramme = async (title: string) => (await createProgrammeFixture(ctx, { title })).id;
    const id = await newProgramme("Generated table programme");
    const reach = (i: number) =>
      i % 3 === 0
        ? `${10 + i} Stakeholders / ${1 + i} Officials`
        : i % 3 === 1
          ? `over ${1000 + i}`
          : "Nationwide";
    const table = (n: number, prefix: string) =>
      new TextEncoder().encode(
        `Activity,People reached\n${Array.from({ length: n }, (_, i) => `${prefix} activity ${i},"${reach(i)}"`).join("\n")}\n`,
      );
    const run = async (n: number, programmeId: string, prefix = "Generated") => {
      const progress: [number, number][] = [];
      const { result, statements } = await countStatements(handle.db, (db) =>
        importResultsTable(
          { ...ctx, db },
          { file: "generated.csv", bytes: table(n, prefix), target: { programmeId }, confirm: true },
          (done, total) => {
            progress.push([done, total]);
          },
        ),
      );
      const count = (pattern: RegExp) => statements.filter((s) => pattern.test(s)).length;
      return {
        result,
        progress,
        total: statements.length,
        rollups: count(/update indicator_rollup/),
        reach: count(/insert into programme_reach/),
        resultReads: count(/from "result" left join "place"/),
      };
    };
    const small = await run(30, id);
    expect(small.result.written).toMatchObject({ events: 30, results: 30, activities: 30 });
    // Once each, after the last row: the people indicator's rollup and the programme's people reached.
    // Results are read twice before the rows, for the plan and in the transaction (not here: the programme had no
    // indicator yet), then once for each lower bound added (the result as its history entry keeps it), not once a row.
    expect([small.rollups, small.reach, small.resultReads]).toEqual([1, 1, 10]);
    expect(small.progress[0]).toEqual([0, 30]);
    expect(small.progress.at(-1)).toEqual([30, 30]);
    expect(small.progress.map(([done]) => done)).toEqual(Array.from({ length: 31 }, (_, i) => i));
    // Thrice the rows into a programme that already holds the first table's: no more statements a row.
    const other = await newProgramme("Generated table programme, larger");
    await run(30, other);
    const large = await run(90, other, "Further");
    expect(large.result.written).toMatchObject({ events: 90, results: 90, activities: 90 });
    expect([large.rollups, large.reach, large.resultReads]).toEqual([1, 1, 2 + 30]);
    expect(large.total / 90).toBeLessThanOrEqual(small.total / 30);
    // The rollups refreshed at the end are what refreshing them after every row gave.
    const stored = async () =>
      queryRows(
        handle.db,
        sql`select (select json_agg(r order by r.category, r.sex) from programme_reach r where r.programme_id = ${other}) reach,
          (select json_agg(u order by i.title) from indicator_rollup u join indicator i on i.id = u.indicator_id
            where i.programme_id = ${other}) rollups`,
      );
    const asImported = await stored();
    const p = await getProgramme(ctx, other);
    for (const i of p.indicators) await refreshIndicatorRollup(handle.db, i.id);
    await refreshProgrammeReach(handle.db, other);
    expect(await stored()).toEqual(asImported);
    expect(p.indicators.find((i) => i.unit === "people")?.actual).toMatchObject({ kind: "lower_bound" });
    // Imported again, every row is unchanged: the results are read once, whatever the number of rows.
    const again = await run(90, other, "Further");
    expect(again.result.written).toMatchObject({ unchanged: 90, events: 0, results: 0 });
    expect(again.total).toBeLessThan(90);
    expect(again.progress.at(-1)).toEqual([90, 90]);
  });

  it("refuses a table with a nameless row, naming file, row and column; nothing is written", async () => {
    const before = await counts();
    const csv = "Activity;People reached\nRadio talk shows;Nationwide\n;40 teachers\n";
    const error = await importResultsTable(ctx, {
      file: "broken.csv",
      bytes: new TextEncoder().encode(csv),
      target: { programmeId: example },
      confirm: true,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).errors.map((e) => [e.path, e.code])).toEqual([
      ["broken.csv, row 3, column “Activity”", "results_table_no_name"],
    ]);
    expect(await counts()).toEqual(before);
    const pdf = await importResultsTable(ctx, {
      file: "scan.pdf",
      bytes: new TextEncoder().encode("%PDF-1.4 …"),
      target: { programmeId: example },
      confirm: false,
    }).catch((e: unknown) => e);
    expect((pdf as AppError).errors[0]).toMatchObject({
      code: "not_a_table",
      params: { file: "scan.pdf", kind: "PDF" },
    });
  });
});
