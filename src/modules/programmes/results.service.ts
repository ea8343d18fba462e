// Result use cases: report a value for an indicator, period and place (with its breakdown), list them, remove one.
import { addChild, type ChildDefinition, removeChild, type ServiceContext } from "../../kernel";
import { type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { type IndicatorWithRollup, refreshIndicatorRollup, selectIndicators } from "./indicators.store";
import { loadAuthorised, PROGRAMME_PARENT, type ProgrammeParent } from "./programme-access.service";
import { type Result, type ResultInput, ResultInputSchema } from "./programmes.schema";
import { type ProgrammeRecord, selectPlaceRefs, touchProgramme } from "./programmes.store";
import {
  deleteResultRow,
  insertResult,
  type ResultRecord,
  selectResult,
  selectResults,
} from "./results.store";

const result: ChildDefinition<ProgrammeParent, ResultRecord> = {
  ...PROGRAMME_PARENT,
  entityType: "result",
  notFoundLabel: "The result",
  async loadChild(tx, parent, id, options) {
    const row = await selectResult(tx, id, options);
    return row && row.programmeId === parent.id ? row : null;
  },
  label: (row) => `${row.indicatorTitle}, ${row.periodStart}–${row.periodEnd}`,
  // As the programme's history always showed them: a new result with its value, a removed one by its id.
  historyLines: (row, action) =>
    action === "delete"
      ? { result: row.id }
      : {
          result: `${row.indicatorTitle}, ${row.periodStart}–${row.periodEnd}: ${describeValue(row.valueKind, row.value, row.text)}`,
        },
};

const asResult = ({ programmeId: _p, indicatorTitle: _t, ...r }: ResultRecord): Result => r;

const sumOf = (cells: readonly { value: number }[]) =>
  Math.round(cells.reduce((s, c) => s + c.value, 0) * 100) / 100;

/** The checks a result must pass against its indicator and programme; every error at once. */
export function checkResult(
  v: ReturnType<typeof ResultInputSchema.parse>,
  indicator: IndicatorWithRollup,
  programme: ProgrammeRecord,
  placeKnown: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  const error = (path: string, message: string) => errors.push({ path, message, in: "body" });
  if (v.periodEnd < v.periodStart) error("periodEnd", "The period ends before it starts.");
  if (v.periodStart < programme.startDate || v.periodStart > programme.endDate)
    error(
      "periodStart",
      `The period is outside the programme (${programme.startDate} to ${programme.endDate}).`,
    );
  if (v.periodEnd > programme.endDate || v.periodEnd < programme.startDate)
    error(
      "periodEnd",
      `The period is outside the programme (${programme.startDate} to ${programme.endDate}).`,
    );
  if (v.placeId && !placeKnown) error("placeId", "No place has this id.");
  const numeric = v.valueKind === "exact" || v.valueKind === "lower_bound";
  if (numeric && v.value == null) error("value", "Give the number (or choose qualitative or not reported).");
  if (!numeric && v.value != null) error("value", `A ${v.valueKind.replace("_", " ")} result has no number.`);
  if (v.valueKind === "qualitative" && !v.text)
    error("text", "Describe the result in words, such as Nationwide.");
  if (indicator.unit === "text" && numeric) error("valueKind", "A text indicator takes words, not numbers.");
  if (indicator.unit === "percent" && v.value != null && v.denominator == null && v.value > 100)
    error("value", "A percentage is at most 100 (or give the denominator).");
  if (v.denominator != null && v.value != null && v.denominator > 0 && v.value > v.denominator)
    error("value", "The value cannot be more than its denominator.");
  v.breakdown.forEach((cell, i) => {
    if (cell.sex && !indicator.disaggregations.includes("sex"))
      error(`breakdown.${i}.sex`, "This indicator is not disaggregated by sex.");
    if (cell.ageGroup && !indicator.disaggregations.includes("age_group"))
      error(`breakdown.${i}.ageGroup`, "This indicator is not disaggregated by age group.");
    if (cell.category && !indicator.disaggregations.includes("category"))
      error(`breakdown.${i}.category`, "This indicator is not disaggregated by participant category.");
  });
  if (v.breakdown.length > 0 && !numeric) error("breakdown", "Only a number can be broken down.");
  if (v.breakdown.length > 0 && v.valueKind === "exact" && v.value != null && !v.acceptBreakdownDifference) {
    const total = sumOf(v.breakdown);
    if (total !== v.value) {
      const diff = Math.round((v.value - total) * 100) / 100;
      errors.push({
        path: "breakdown",
        code: "breakdown_difference",
        message: `The breakdown adds up to ${total}, ${Math.abs(diff)} ${diff > 0 ? "less" : "more"} than the total ${v.value}. Correct it, or save with the difference accepted.`,
        in: "body",
      });
    }
  }
  return errors;
}

export function describeValue(kind: string, value: number | null, text: string | null): string {
  if (kind === "exact") return String(value);
  if (kind === "lower_bound") return `${value}+`;
  if (kind === "qualitative") return text ?? "";
  return "not reported";
}

export async function addResult(
  ctx: ServiceContext,
  programmeId: string,
  input: ResultInput,
): Promise<Result> {
  const v = parseInput(ResultInputSchema, input);
  const created = await addChild(ctx, result, programmeId, async (tx, programme) => {
    const [indicator] = await selectIndicators(tx.db, { ids: [v.indicatorId] });
    if (!indicator || indicator.programmeId !== programmeId)
      throw invalid([{ path: "indicatorId", message: "Choose an indicator of this programme.", in: "body" }]);
    const place = v.placeId ? (await selectPlaceRefs(tx.db, [v.placeId])).get(v.placeId) : undefined;
    const errors = checkResult(v, indicator, programme.record, place !== undefined);
    if (errors.length > 0) throw invalid(errors);
    const id = await insertResult(
      tx.db,
      {
        indicatorId: v.indicatorId,
        periodStart: v.periodStart,
        periodEnd: v.periodEnd,
        placeId: v.placeId ?? null,
        valueKind: v.valueKind,
        value: v.value ?? null,
        denominator: v.denominator ?? null,
        text: v.text ?? null,
        eventId: null,
      },
      v.breakdown,
    );
    await refreshIndicatorRollup(tx.db, v.indicatorId);
    await touchProgramme(tx.db, programme.id);
    return id;
  });
  return asResult(created);
}

export async function listResults(
  ctx: ServiceContext,
  programmeId: string,
  indicatorId: string,
): Promise<Result[]> {
  await loadAuthorised(ctx.db, ctx.actor, programmeId, "read");
  const [indicator] = await selectIndicators(ctx.db, { ids: [indicatorId] });
  if (!indicator || indicator.programmeId !== programmeId) throw notFound("The indicator");
  return selectResults(ctx.db, indicatorId);
}

/** Removes a result an officer reported; one an event gave goes only with its event (or its indicator). */
export async function removeResult(
  ctx: ServiceContext,
  programmeId: string,
  resultId: string,
  expectedVersion: number,
): Promise<void> {
  await removeChild(ctx, result, programmeId, resultId, expectedVersion, async (tx, row, programme) => {
    if (row.eventId)
      throw invalid([
        { path: "resultId", message: "This result comes from an event: change or remove the event." },
      ]);
    if (row.submissionId)
      throw invalid([
        {
          path: "resultId",
          message: "This result comes from an accepted report: a reviewer reopens the report to change it.",
          code: "from_submission",
        },
      ]);
    const removed = await deleteResultRow(tx.db, resultId, row.version);
    await refreshIndicatorRollup(tx.db, row.indicatorId);
    await touchProgramme(tx.db, programme.id);
    return removed;
  });
}
