// A programme's results table → events and results, into an existing programme or a new one; all or nothing.
// Activity | people reached rows become undated events of the matching logframe activity (counts by category,
// "Nationwide" kept as words, "over 50,000" as a lower bound); indicator | target | achieved rows become indicators,
// targets and results. The preview is the same reading without writing; errors name the file, row and column.
import { inTransaction, type ServiceContext } from "../../kernel";
import { parseOffThread } from "../../kernel/files";
import { codeModuleUrl } from "../../kernel/runtime-files";
import { AppError, type FieldError, invalid } from "../../shared/app-errors";
import { recordEvent } from "./events.service";
import { addIndicator } from "./indicators.service";
import { addLogframeItem } from "./logframe.service";
import { type MeasuredValue, type Reach, readMeasuredValue, readReach } from "./people-reached";
import type { EventKind, IndicatorUnit, ProgrammeDetail } from "./programmes.schema";
import { createProgramme, getProgramme } from "./programmes.service";
import { addResult } from "./results.service";
import type * as ResultsTableParser from "./results-table.import";
import type { ResultsTable, ResultsTableLayout, ResultsTableRow } from "./results-table.import";

const RESULTS_TABLE_PARSER = codeModuleUrl("modules/programmes/results-table.import.ts");

/** Into this programme, or a new one with these fields. */
export type ResultsTableTarget =
  | { programmeId: string }
  | {
      newProgramme: { title: string; leadOrganisationId: string; startDate: string; endDate: string };
    };

export type ResultsTableRowPlan = {
  location: string;
  name: string;
  /** activities: the reach read; indicators: the achieved value. */
  reach: Reach | MeasuredValue;
  target: MeasuredValue | null;
  /** The logframe activity or indicator of the programme it goes to; null: a new one is made. */
  matches: string | null;
};

export type ResultsTableOutcome = {
  file: string;
  layout: ResultsTableLayout;
  rows: ResultsTableRowPlan[];
  /** Set once written (confirm); null for a preview. */
  written: {
    programmeId: string;
    events: number;
    indicators: number;
    results: number;
    activities: number;
  } | null;
};

const squash = (s: string) =>
  s.normalize("NFKC").toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, " ").trim();

/** Title-length text: the whole row stays in the event's notes. */
const clipped = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

const EVENT_KIND_WORDS: readonly [RegExp, EventKind][] = [
  [/\b(radio|talk shows?|émissions?)\b/i, "radio_show"],
  [/\b(campaign|campagne|ubukangurambaga)\b/i, "campaign"],
  [/\b(schools?|écoles?|amashuri|ishuri)\b/i, "school_talk"],
  [/\b(umuganda|community|communautaire|villages?|inteko)\b/i, "community_meeting"],
  [/\b(workshops?|ateliers?)\b/i, "workshop"],
  [/\b(training|capacity building|formation|renforcement|amahugurwa)\b/i, "training"],
  [/\b(visits?|visites?|uruzinduko)\b/i, "visit"],
];
export function eventKindOf(activity: string): EventKind {
  for (const [pattern, kind] of EVENT_KIND_WORDS) if (pattern.test(activity)) return kind;
  return "meeting";
}

const EVENT_WORDS =
  /\b(events?|sessions?|trainings?|workshops?|meetings?|campaigns?|shows?|réunions?|ateliers?)\b/i;
function unitOf(name: string, target: MeasuredValue | null, achieved: MeasuredValue): IndicatorUnit {
  const values = [target, achieved].filter((v): v is Extract<MeasuredValue, { value: number }> =>
    Boolean(v && "value" in v),
  );
  if (values.some((v) => v.percent)) return "percent";
  if (values.length === 0) return "text";
  return EVENT_WORDS.test(name) ? "events" : "people";
}

/** Reads each row; every problem at once, named by file, row and column. */
function planRows(
  file: string,
  table: ResultsTable,
  programme: ProgrammeDetail | null,
): ResultsTableRowPlan[] {
  const errors: FieldError[] = [];
  const at = (row: ResultsTableRow, column: string | null, message: string, code: string) =>
    errors.push({
      path: `${file}, ${row.location}${column ? `, column “${column}”` : ""}`,
      message,
      code,
      params: { file, location: row.location, column: column ?? "" },
    });
  const activities = new Map(
    (programme?.logframe ?? []).filter((i) => i.level === "activity").map((i) => [squash(i.text), i.id]),
  );
  const indicators = new Map((programme?.indicators ?? []).map((i) => [squash(i.title), i.id]));
  const rows = table.rows.map((row): ResultsTableRowPlan => {
    const name = row.cells.name;
    if (name.length < 3)
      at(
        row,
        row.columns.name,
        "Name the activity or indicator (at least 3 characters).",
        "results_table_no_name",
      );
    if (table.layout === "activities") {
      const reach = readReach(row.cells.reach);
      const count = reach.kind === "exact" ? reach.parts.reduce((s, p) => s + p.count, 0) : 0;
      if (count > 100_000_000)
        at(row, row.columns.reach, "This count is larger than the register keeps.", "results_table_count");
      return {
        location: row.location,
        name,
        reach,
        target: null,
        matches: activities.get(squash(name)) ?? null,
      };
    }
    const achieved = readMeasuredValue(row.cells.reach);
    const target = row.columns.target === null ? null : readMeasuredValue(row.cells.target);
    if (target?.kind === "qualitative")
      at(row, row.columns.target, "A target is a number (such as 500 or 80%).", "results_table_target");
    return {
      location: row.location,
      name,
      reach: achieved,
      target,
      matches: indicators.get(squash(name)) ?? null,
    };
  });
  if (rows.length === 0)
    errors.push({
      path: file,
      message: "The results table has no rows.",
      code: "results_table_empty",
      params: { file },
    });
  if (errors.length > 0) throw invalid(errors, `${file}: nothing was imported.`);
  return rows;
}

async function readTable(file: string, bytes: Uint8Array): Promise<ResultsTable> {
  return parseOffThread<ResultsTable>({
    module: RESULTS_TABLE_PARSER,
    exportName: "readResultsTable" satisfies keyof typeof ResultsTableParser,
    args: [file, bytes],
    file,
    field: "file",
  });
}

/** The objective, and a holder output for activities the logframe does not have (made once, when needed). */
async function holders(ctx: ServiceContext, p: ProgrammeDetail, file: string) {
  let objective = p.logframe.find((i) => i.level === "objective")?.id;
  const outputText = clipped(`Activities of the results table ${file} (it states no output for them)`, 2000);
  let output = p.logframe.find((i) => i.level === "output" && i.text === outputText)?.id ?? null;
  return {
    async objective(): Promise<string> {
      objective ??= (await addLogframeItem(ctx, p.id, { level: "objective", text: clipped(p.title, 2000) }))
        .id;
      return objective;
    },
    async output(): Promise<string> {
      if (output) return output;
      const outcome = await addLogframeItem(ctx, p.id, {
        parentId: await this.objective(),
        level: "outcome",
        text: clipped(`Activities of the results table ${file} (it states no outcome for them)`, 2000),
      });
      output = (
        await addLogframeItem(ctx, p.id, {
          parentId: outcome.id,
          level: "output",
          text: outputText,
        })
      ).id;
      return output;
    },
  };
}

async function writeActivities(
  ctx: ServiceContext,
  p: ProgrammeDetail,
  file: string,
  rows: ResultsTableRowPlan[],
) {
  const holder = await holders(ctx, p, file);
  const written = { events: 0, indicators: 0, results: 0, activities: 0 };
  // The programme's people indicator on its objective receives the counts; one is made when it has none.
  let people = p.indicators.find(
    (i) => i.unit === "people" && p.logframe.find((l) => l.id === i.logframeItemId)?.level === "objective",
  )?.id;
  const peopleIndicator = async () => {
    if (people) return people;
    people = (
      await addIndicator(ctx, p.id, {
        logframeItemId: await holder.objective(),
        title: "People reached",
        unit: "people",
        disaggregations: ["category"],
      })
    ).id;
    written.indicators++;
    return people;
  };
  for (const row of rows) {
    const reach = row.reach as Reach;
    let activityId = row.matches;
    if (!activityId) {
      activityId = (
        await addLogframeItem(ctx, p.id, {
          parentId: await holder.output(),
          level: "activity",
          text: clipped(row.name, 2000),
        })
      ).id;
      written.activities++;
    }
    const indicatorIds =
      reach.kind === "exact" || reach.kind === "qualitative" ? [await peopleIndicator()] : [];
    await recordEvent(ctx, p.id, {
      kind: eventKindOf(row.name),
      title: clipped(row.name.length >= 3 ? row.name : `${row.name}…`, 300),
      startDate: p.startDate,
      endDate: p.endDate,
      // The table gives no date: the programme's period, shown as "date not reported".
      dateReported: false,
      activityId,
      indicatorIds,
      participants:
        reach.kind === "exact"
          ? reach.parts.map((x) => ({ category: x.category, sex: "unknown" as const, count: x.count }))
          : [],
      reachNote:
        reach.kind === "qualitative" || reach.kind === "lower_bound" ? clipped(reach.text, 200) : null,
      notes:
        reach.kind === "empty"
          ? null
          : clipped(`${file}, ${row.location}: ${row.name} | ${reach.text}`, 4000),
    });
    written.events++;
    if (reach.kind === "exact" || reach.kind === "qualitative") written.results++;
    if (reach.kind === "lower_bound") {
      // "over 50,000" is at least 50,000 people: a lower bound of the people indicator, never an exact count.
      await addResult(ctx, p.id, {
        indicatorId: await peopleIndicator(),
        periodStart: p.startDate,
        periodEnd: p.endDate,
        valueKind: "lower_bound",
        value: reach.value,
        text: clipped(`${row.name}: ${reach.text}`, 1000),
      });
      written.results++;
    }
  }
  return written;
}

async function writeIndicators(
  ctx: ServiceContext,
  p: ProgrammeDetail,
  file: string,
  rows: ResultsTableRowPlan[],
) {
  const holder = await holders(ctx, p, file);
  const written = { events: 0, indicators: 0, results: 0, activities: 0 };
  for (const row of rows) {
    const achieved = row.reach as MeasuredValue;
    let indicatorId = row.matches;
    if (!indicatorId) {
      const target = row.target && "value" in row.target ? row.target.value : null;
      indicatorId = (
        await addIndicator(ctx, p.id, {
          logframeItemId: await holder.objective(),
          title: clipped(row.name, 500),
          unit: unitOf(row.name, row.target, achieved),
          targets: target === null ? [] : [{ periodStart: p.startDate, periodEnd: p.endDate, value: target }],
        })
      ).id;
      written.indicators++;
    }
    if (achieved.kind === "empty") continue;
    await addResult(ctx, p.id, {
      indicatorId,
      periodStart: p.startDate,
      periodEnd: p.endDate,
      ...(achieved.kind === "qualitative"
        ? { valueKind: "qualitative" as const, text: clipped(achieved.text, 1000) }
        : {
            valueKind: achieved.kind,
            value: achieved.value,
            text: achieved.kind === "lower_bound" ? clipped(achieved.text, 1000) : null,
          }),
    });
    written.results++;
  }
  return written;
}

/** An AppError from a service, its paths prefixed with the file and row it came from. */
function inRow(file: string, row: ResultsTableRowPlan) {
  return (error: unknown): never => {
    if (error instanceof AppError)
      throw new AppError(
        error.kind,
        `${file}: nothing was imported.`,
        error.errors.map((e) => ({ ...e, path: `${file}, ${row.location}: ${e.path}` })),
      );
    throw error;
  };
}

/** Reads the table and, with `confirm`, writes it; without, says what it would write (nothing is written). */
export async function importResultsTable(
  ctx: ServiceContext,
  input: { file: string; bytes: Uint8Array; target: ResultsTableTarget; confirm: boolean },
): Promise<ResultsTableOutcome> {
  const table = await readTable(input.file, input.bytes);
  const existing = "programmeId" in input.target ? await getProgramme(ctx, input.target.programmeId) : null;
  const rows = planRows(input.file, table, existing);
  if (!input.confirm) return { file: input.file, layout: table.layout, rows, written: null };
  const written = await inTransaction(ctx, async (inner) => {
    const programme =
      existing ??
      ("newProgramme" in input.target
        ? await createProgramme(inner, {
            ...input.target.newProgramme,
            status: "ongoing",
            objective: input.target.newProgramme.title,
          })
        : null);
    if (!programme) throw new Error("unreachable: a target is a programme or a new one");
    if (existing && !existing.canEdit)
      throw new AppError("forbidden", "Your role does not allow changing this programme.");
    // Each row through the services, so their rules hold; the first refusal names its row and undoes them all.
    const write = table.layout === "activities" ? writeActivities : writeIndicators;
    let counts = { events: 0, indicators: 0, results: 0, activities: 0 };
    for (const row of rows) {
      const one = await write(inner, await getProgramme(inner, programme.id), input.file, [row]).catch(
        inRow(input.file, row),
      );
      counts = {
        events: counts.events + one.events,
        indicators: counts.indicators + one.indicators,
        results: counts.results + one.results,
        activities: counts.activities + one.activities,
      };
    }
    return { programmeId: programme.id, ...counts };
  });
  return { file: input.file, layout: table.layout, rows, written };
}
