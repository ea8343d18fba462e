// A programme's results table → events and results, into an existing programme or a new one; all or nothing.
// Activity | people reached rows become undated events of the matching logframe activity (counts by category,
// "Nationwide" kept as words, "over 50,000" as a lower bound); indicator | target | achieved rows become indicators,
// targets and results. The preview is the same reading without writing; errors name the file, row and column.
// Importing the same table again records nothing twice: a row an earlier import recorded is left as it is, or
// changed to what the file now says (decision 034).
import { inTransaction, type ServiceContext } from "../../kernel";
import { parseOffThread } from "../../kernel/files";
import { codeModuleUrl } from "../../kernel/runtime-files";
import { AppError, type FieldError, invalid } from "../../shared/app-errors";
import { recordEvent, updateEvent } from "./events.service";
import { refreshProgrammeReach } from "./events.store";
import { addIndicator } from "./indicators.service";
import { collectRollups, refreshIndicatorRollup } from "./indicators.store";
import { addLogframeItem } from "./logframe.service";
import { type MeasuredValue, type Reach, readMeasuredValue, readReach } from "./people-reached";
import type {
  EventKind,
  IndicatorUnit,
  ProgrammeDetail,
  ProgrammeEvent,
  Result,
  ResultInput,
} from "./programmes.schema";
import { checkNewProgramme, createProgramme, getProgramme } from "./programmes.service";
import { addResult, removeResult } from "./results.service";
import { selectResultsOfIndicators } from "./results.store";
import type * as ResultsTableParser from "./results-table.import";
import type { ResultsTable, ResultsTableRow } from "./results-table.import";
import type {
  RecordedRow,
  ResultsTableOutcome,
  ResultsTableRowPlan,
  RowChange,
} from "./results-table.schema";

const RESULTS_TABLE_PARSER = codeModuleUrl("modules/programmes/results-table.import.ts");

/** Into this programme, or a new one with these fields. */
export type ResultsTableTarget =
  | { programmeId: string }
  | {
      newProgramme: { title: string; leadOrganisationId: string; startDate: string; endDate: string };
    };

export type { ResultsTableOutcome, ResultsTableRowPlan };

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
): Omit<ResultsTableRowPlan, "change" | "was">[] {
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
  const rows = table.rows.map((row): Omit<ResultsTableRowPlan, "change" | "was"> => {
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

/** The programme's people indicator on its objective: it receives the counts of an activities table. */
const peopleIndicatorOf = (p: ProgrammeDetail) =>
  p.indicators.find(
    (i) => i.unit === "people" && p.logframe.find((l) => l.id === i.logframeItemId)?.level === "objective",
  )?.id ?? null;

const eventTitle = (name: string) => clipped(name.length >= 3 ? name : `${name}…`, 300);
/** A lower bound's result names its row, so a second import finds it: "Ba Maso campaign: over 50,000". */
const boundText = (row: Pick<ResultsTableRowPlan, "name">, reach: { text: string }) =>
  clipped(`${row.name}: ${reach.text}`, 1000);
const boundPrefix = (row: Pick<ResultsTableRowPlan, "name">) => `${row.name}: `;

/** What a table's row records, and what an earlier import of the same row recorded (found by what it names). */
type Recorded = {
  /** activities: the undated event of this activity with this title. */
  event: ProgrammeEvent | null;
  /** activities: the lower bound result this row gave; indicators: the result for the programme's period. */
  result: Result | null;
};

function recordedFor(
  p: ProgrammeDetail,
  results: ReadonlyMap<string, Result[]>,
  layout: ResultsTable["layout"],
  row: Omit<ResultsTableRowPlan, "change" | "was">,
  people: string | null = peopleIndicatorOf(p),
): Recorded {
  const ofPeriod = (r: Result) =>
    r.periodStart === p.startDate && r.periodEnd === p.endDate && !r.eventId && !r.submissionId;
  if (layout === "activities") {
    const title = eventTitle(row.name);
    const event = row.matches
      ? (p.events.find((e) => e.activityId === row.matches && e.title === title && !e.dateReported) ?? null)
      : null;
    const result =
      (people ? results.get(people) : [])?.find(
        (r) => ofPeriod(r) && r.valueKind === "lower_bound" && (r.text ?? "").startsWith(boundPrefix(row)),
      ) ?? null;
    return { event, result };
  }
  const result = row.matches ? (results.get(row.matches)?.find(ofPeriod) ?? null) : null;
  return { event: null, result };
}

/** The event an activities row records (the people indicator given when the row counts people). */
function eventOf(
  p: ProgrammeDetail,
  file: string,
  row: Omit<ResultsTableRowPlan, "change" | "was">,
  activityId: string,
  peopleId: string | null,
) {
  const reach = row.reach as Reach;
  return {
    kind: eventKindOf(row.name),
    title: eventTitle(row.name),
    startDate: p.startDate,
    endDate: p.endDate,
    // The table gives no date: the programme's period, shown as "date not reported".
    dateReported: false,
    activityId,
    indicatorIds: (reach.kind === "exact" || reach.kind === "qualitative") && peopleId ? [peopleId] : [],
    participants:
      reach.kind === "exact"
        ? reach.parts.map((x) => ({ category: x.category, sex: "unknown" as const, count: x.count }))
        : [],
    reachNote: reach.kind === "qualitative" || reach.kind === "lower_bound" ? clipped(reach.text, 200) : null,
    notes:
      reach.kind === "empty" ? null : clipped(`${file}, ${row.location}: ${row.name} | ${reach.text}`, 4000),
  };
}

/** The event as recorded, in the terms a row gives (the file's name and row in the notes do not count). */
function sameEvent(recorded: ProgrammeEvent, wanted: ReturnType<typeof eventOf>): boolean {
  const people = (xs: { category: string; count: number }[]) =>
    xs
      .map((x) => `${x.category}:${x.count}`)
      .sort()
      .join();
  return (
    recorded.kind === wanted.kind &&
    recorded.startDate === wanted.startDate &&
    recorded.endDate === wanted.endDate &&
    recorded.reachNote === wanted.reachNote &&
    people(recorded.participants) === people(wanted.participants) &&
    recorded.indicatorIds.length > 0 === wanted.indicatorIds.length > 0
  );
}

/** The lower bound result of an activities row, or the achieved value of an indicators row; null: none to record. */
function resultOf(
  layout: ResultsTable["layout"],
  row: Omit<ResultsTableRowPlan, "change" | "was">,
): Pick<ResultInput, "valueKind" | "value" | "text"> | null {
  const v = row.reach;
  if (layout === "activities")
    return v.kind === "lower_bound"
      ? { valueKind: "lower_bound", value: v.value, text: boundText(row, v) }
      : null;
  const achieved = v as MeasuredValue;
  if (achieved.kind === "empty") return null;
  if (achieved.kind === "qualitative")
    return { valueKind: "qualitative", value: null, text: clipped(achieved.text, 1000) };
  return {
    valueKind: achieved.kind,
    value: achieved.value,
    text: achieved.kind === "lower_bound" ? clipped(achieved.text, 1000) : null,
  };
}

const sameResult = (r: Result | null, wanted: ReturnType<typeof resultOf>) =>
  r === null
    ? wanted === null
    : wanted !== null &&
      r.valueKind === wanted.valueKind &&
      r.value === (wanted.value ?? null) &&
      r.text === (wanted.text ?? null);

/** What importing the row does, against what an earlier import of it recorded, and what that is for an update. */
function changeOf(
  p: ProgrammeDetail | null,
  results: ReadonlyMap<string, Result[]>,
  layout: ResultsTable["layout"],
  file: string,
  row: Omit<ResultsTableRowPlan, "change" | "was">,
): Pick<ResultsTableRowPlan, "change" | "was"> {
  const none = (change: RowChange) => ({ change, was: null });
  if (!p || !row.matches) return none("new");
  const recorded = recordedFor(p, results, layout, row);
  const wantedResult = resultOf(layout, row);
  const was = (): RecordedRow => ({
    participants: (recorded.event?.participants ?? []).map((x) => ({ category: x.category, count: x.count })),
    reachNote: recorded.event?.reachNote ?? null,
    result: recorded.result
      ? { valueKind: recorded.result.valueKind, value: recorded.result.value, text: recorded.result.text }
      : null,
  });
  if (layout === "activities") {
    if (!recorded.event) return none("new");
    const wanted = eventOf(p, file, row, row.matches, peopleIndicatorOf(p));
    // A result this row no longer gives (the bound became a count) is a change too: it goes.
    return sameEvent(recorded.event, wanted) && sameResult(recorded.result, wantedResult)
      ? none("unchanged")
      : { change: "update", was: was() };
  }
  if (!recorded.result) return none(wantedResult ? "new" : "unchanged");
  return sameResult(recorded.result, wantedResult) ? none("unchanged") : { change: "update", was: was() };
}

/**
 * The results of the programme's indicators (which a table's rows can reach), by indicator, in two statements (one
 * per indicator made a programme of 300 indicators read 600 times). `getProgramme` has checked the reader's right.
 */
async function resultsOf(ctx: ServiceContext, p: ProgrammeDetail | null): Promise<Map<string, Result[]>> {
  if (!p) return new Map();
  return selectResultsOfIndicators(
    ctx.db,
    p.indicators.map((i) => i.id),
  );
}

/**
 * Records a result, or puts the row's value in place of the one an earlier import recorded; `results` (the import's
 * own reading of the programme's results) follows, so that the next rows need not read them again.
 */
async function replaceResult(
  ctx: ServiceContext,
  p: ProgrammeDetail,
  indicatorId: string,
  before: Result | null,
  wanted: ReturnType<typeof resultOf>,
  results: Map<string, Result[]>,
): Promise<boolean> {
  if (sameResult(before, wanted)) return false;
  if (before) {
    await removeResult(ctx, p.id, before.id, before.version);
    const list = results.get(before.indicatorId);
    if (list)
      results.set(
        before.indicatorId,
        list.filter((r) => r.id !== before.id),
      );
  }
  if (wanted) {
    const added = await addResult(ctx, p.id, {
      indicatorId,
      periodStart: p.startDate,
      periodEnd: p.endDate,
      ...wanted,
    });
    results.set(indicatorId, [...(results.get(indicatorId) ?? []), added]);
  }
  return wanted !== null;
}

type Written = NonNullable<ResultsTableOutcome["written"]>;
type Counts = Omit<Written, "programmeId">;
const NONE: Counts = { events: 0, indicators: 0, results: 0, activities: 0, updated: 0, unchanged: 0 };

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

/**
 * What the rows of one import share: the holder items and the people indicator, made by the first row that needs
 * them and known to the next ones (the programme is not read again for each row: it grew with every row, ~30 ms a
 * row at 300 rows).
 */
type ImportState = {
  holder: Awaited<ReturnType<typeof holders>>;
  people: string | null;
  /** The programme's results by indicator: read once, then kept up to date by the rows (`replaceResult`). */
  results: Map<string, Result[]>;
};

/** One activities row: its event (new, changed or as it was), and the lower bound it gives. */
async function writeActivity(
  ctx: ServiceContext,
  p: ProgrammeDetail,
  file: string,
  row: ResultsTableRowPlan,
  state: ImportState,
): Promise<Counts> {
  const holder = state.holder;
  const written = { ...NONE };
  const reach = row.reach as Reach;
  const peopleIndicator = async () => {
    if (state.people) return state.people;
    state.people = (
      await addIndicator(ctx, p.id, {
        logframeItemId: await holder.objective(),
        title: "People reached",
        unit: "people",
        disaggregations: ["category"],
      })
    ).id;
    written.indicators++;
    return state.people;
  };
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
  // A row's recorded result can only be the people indicator's: its results alone are read, not every indicator's.
  const recorded = recordedFor(p, state.results, "activities", { ...row, matches: activityId }, state.people);
  const counts = reach.kind === "exact" || reach.kind === "qualitative";
  const wanted = eventOf(p, file, row, activityId, counts ? await peopleIndicator() : null);
  const wantedResult = resultOf("activities", row);
  if (!recorded.event) {
    await recordEvent(ctx, p.id, wanted);
    written.events++;
    if (counts) written.results++;
  } else if (!sameEvent(recorded.event, wanted)) {
    const { kind, indicatorIds, participants, reachNote, notes } = wanted;
    await updateEvent(ctx, p.id, recorded.event.id, recorded.event.version, {
      kind,
      indicatorIds,
      participants,
      reachNote,
      notes,
    });
  }
  // "over 50,000" is at least 50,000 people: a lower bound of the people indicator, never an exact count.
  const resultChanged =
    wantedResult || recorded.result
      ? await replaceResult(
          ctx,
          p,
          wantedResult ? await peopleIndicator() : (recorded.result?.indicatorId ?? ""),
          recorded.result,
          wantedResult,
          state.results,
        )
      : false;
  if (resultChanged && !recorded.result) written.results++;
  if (recorded.event) {
    if (row.change === "unchanged") written.unchanged++;
    else written.updated++;
  }
  return written;
}

/** One indicators row: the indicator (matched or new, with its target) and its achieved value. */
async function writeIndicator(
  ctx: ServiceContext,
  p: ProgrammeDetail,
  _file: string,
  row: ResultsTableRowPlan,
  state: ImportState,
): Promise<Counts> {
  const holder = state.holder;
  const written = { ...NONE };
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
  const recorded = recordedFor(p, state.results, "indicators", {
    ...row,
    matches: indicatorId,
  });
  const wanted = resultOf("indicators", row);
  await replaceResult(ctx, p, indicatorId, recorded.result, wanted, state.results);
  if (row.change === "new") {
    if (wanted) written.results++;
  } else if (row.change === "update") written.updated++;
  else written.unchanged++;
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

/** An ongoing programme whose logframe objective is, until edited, its title (a refused title is refused once). */
const newProgrammeInput = (fields: {
  title: string;
  leadOrganisationId: string;
  startDate: string;
  endDate: string;
}) => ({
  ...fields,
  status: "ongoing" as const,
  objective: fields.title.trim().length >= 3 ? fields.title : undefined,
});

/** Called when the import starts (0) and after each row is written: rows done, rows in all; the import waits for it. */
export type ResultsTableProgress = (done: number, total: number) => void | Promise<void>;

/**
 * Reads the table and, with `confirm`, writes it; without, says what it would write (nothing is written).
 * `onProgress` hears of the rows written (the preview writes none).
 */
export async function importResultsTable(
  ctx: ServiceContext,
  input: { file: string; bytes: Uint8Array; target: ResultsTableTarget; confirm: boolean },
  onProgress?: ResultsTableProgress,
): Promise<ResultsTableOutcome> {
  // A new programme's fields and the right to create it are checked before the table is read, preview or not.
  if ("newProgramme" in input.target)
    await checkNewProgramme(ctx, newProgrammeInput(input.target.newProgramme));
  const table = await readTable(input.file, input.bytes);
  const existing = "programmeId" in input.target ? await getProgramme(ctx, input.target.programmeId) : null;
  const results = await resultsOf(ctx, existing);
  const rows = planRows(input.file, table, existing).map(
    (row): ResultsTableRowPlan => ({ ...row, ...changeOf(existing, results, table.layout, input.file, row) }),
  );
  if (!input.confirm) return { file: input.file, layout: table.layout, rows, written: null };
  const written = await inTransaction(ctx, async (inner) => {
    const programme =
      existing ??
      ("newProgramme" in input.target
        ? await createProgramme(inner, newProgrammeInput(input.target.newProgramme))
        : null);
    if (!programme) throw new Error("unreachable: a target is a programme or a new one");
    if (existing && !existing.canEdit)
      throw new AppError("forbidden", "Your role does not allow changing this programme.");
    // Each row through the services, so their rules hold; the first refusal names its row and undoes them all.
    const write = table.layout === "activities" ? writeActivity : writeIndicator;
    let counts = { ...NONE };
    let p = await getProgramme(inner, programme.id);
    const state: ImportState = {
      holder: await holders(inner, p, input.file),
      people: peopleIndicatorOf(p),
      results: await resultsOf(inner, p),
    };
    // What the rows written so far named (what they matched, and their names): a row naming the same is written on
    // the programme read again, so that it sees what the earlier row wrote.
    const named = new Set<string>();
    await onProgress?.(0, rows.length);
    // The indicators' rollups and the people reached are refreshed once, after the last row (each refresh reads all
    // the results of its indicator, or all the programme's events): what they hold at commit is the same.
    const { indicatorIds, programmeIds } = await collectRollups(inner.db, async () => {
      for (const [index, row] of rows.entries()) {
        // A row whose earlier import is as the file says writes nothing (no version, no history entry).
        if (row.change === "unchanged") {
          counts = { ...counts, unchanged: counts.unchanged + 1 };
          await onProgress?.(index + 1, rows.length);
          continue;
        }
        const keys = [...(row.matches ? [`id:${row.matches}`] : []), `name:${row.name.trim().toLowerCase()}`];
        if (keys.some((key) => named.has(key))) p = await getProgramme(inner, programme.id);
        const one = await write(inner, p, input.file, row, state).catch(inRow(input.file, row));
        for (const key of keys) named.add(key);
        counts = {
          events: counts.events + one.events,
          indicators: counts.indicators + one.indicators,
          results: counts.results + one.results,
          activities: counts.activities + one.activities,
          updated: counts.updated + one.updated,
          unchanged: counts.unchanged + one.unchanged,
        };
        await onProgress?.(index + 1, rows.length);
      }
    });
    for (const id of indicatorIds) await refreshIndicatorRollup(inner.db, id);
    for (const id of programmeIds) await refreshProgrammeReach(inner.db, id);
    return { programmeId: programme.id, ...counts };
  });
  return { file: input.file, layout: table.layout, rows, written };
}
