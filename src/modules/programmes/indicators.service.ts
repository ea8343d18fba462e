// Indicator use cases: add an indicator on a logframe level with its baseline and targets, change it, remove it.
import { addChild, type ChildDefinition, changeChild, removeChild, type ServiceContext } from "../../kernel";
import { type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { unlinkIndicatorFromEvents } from "./events.store";
import { indicatorActual, indicatorTarget, progressPercent } from "./indicator-value";
import {
  countResults,
  deleteIndicatorRow,
  type IndicatorRow,
  type IndicatorWithRollup,
  insertIndicator,
  insertTargets,
  lockIndicator,
  replaceTargets,
  selectBreakdownDimensions,
  selectIndicators,
  updateIndicatorRow,
} from "./indicators.store";
import { selectLogframe } from "./logframe.store";
import { PROGRAMME_PARENT, type ProgrammeParent } from "./programme-access.service";
import {
  type Calculation,
  type Indicator,
  type IndicatorInput,
  IndicatorInputSchema,
  IndicatorPatchSchema,
  type IndicatorUnit,
  type LogframeItem,
  type TargetInput,
} from "./programmes.schema";
import { type ProgrammeRecord, touchProgramme } from "./programmes.store";

export function toIndicator(row: IndicatorWithRollup): Indicator {
  const actual = indicatorActual(row.unit, row.calculation, row.rollup);
  const target = row.unit === "text" ? null : indicatorTarget(row.calculation, row.targets);
  return {
    id: row.id,
    logframeItemId: row.logframeItemId,
    libraryCode: row.libraryCode,
    title: row.title,
    unit: row.unit,
    calculation: row.calculation,
    baselineValue: row.baselineValue,
    baselineText: row.baselineText,
    baselineDate: row.baselineDate,
    disaggregations: row.disaggregations,
    targets: row.targets,
    target,
    actual,
    progressPercent: progressPercent(actual, target),
    version: row.version,
  };
}

/** An indicator's own fields and its targets: what the rules check and the history shows. */
type IndicatorValues = Omit<IndicatorRow, "id" | "programmeId" | "libraryCode"> & { targets: TargetInput[] };

/** The rules an indicator follows, on creation and on every change; every error at once. */
function checkIndicator(v: IndicatorValues, record: ProgrammeRecord, items: LogframeItem[]): FieldError[] {
  const errors: FieldError[] = [];
  const error = (path: string, message: string) => errors.push({ path, message, in: "body" });
  if (v.unit === "text") {
    if (v.targets.length > 0) error("targets", "A text indicator has no numeric targets.");
    if (v.baselineValue != null)
      error("baselineValue", "A text indicator's baseline is words: use baselineText.");
  }
  if (v.unit === "percent" && v.calculation === "sum") error("calculation", "Percentages are not added up.");
  if (v.unit === "percent")
    v.targets.forEach((t, i) => {
      if (t.value > 100) error(`targets.${i}.value`, "A percentage target is at most 100.");
    });
  if (new Set(v.disaggregations).size !== v.disaggregations.length)
    error("disaggregations", "Each dimension once.");
  if (!items.some((i) => i.id === v.logframeItemId))
    error("logframeItemId", "Choose a level of this programme's logframe.");
  v.targets.forEach((t, i) => {
    if (t.periodEnd < t.periodStart) error(`targets.${i}.periodEnd`, "The period ends before it starts.");
    else if (t.periodStart < record.startDate || t.periodEnd > record.endDate)
      error(
        `targets.${i}.periodStart`,
        `The period is outside the programme (${record.startDate} to ${record.endDate}).`,
      );
    if (v.targets.findIndex((o) => o.periodStart === t.periodStart && o.periodEnd === t.periodEnd) !== i)
      error(`targets.${i}.periodStart`, "This period already has a target.");
  });
  return errors;
}

/** What the history shows of an indicator. */
function indicatorView(v: IndicatorValues) {
  return {
    indicator: v.title,
    unit: v.unit,
    calculation: v.calculation,
    baseline: v.baselineValue ?? v.baselineText,
    baselineDate: v.baselineDate,
    disaggregations: v.disaggregations,
    targets: v.targets.map((t) => `${t.periodStart}–${t.periodEnd}: ${t.value}`),
  };
}

const defaultCalculation = (unit: IndicatorUnit): Calculation =>
  unit === "percent" ? "percent" : unit === "text" ? "latest" : "sum";

/** An indicator as its history sees it: its fields and targets, and how many results it has. */
type IndicatorRecord = IndicatorRow & { version: number; targets: TargetInput[]; resultCount: number };

const indicator: ChildDefinition<ProgrammeParent, IndicatorRecord> = {
  ...PROGRAMME_PARENT,
  entityType: "indicator",
  notFoundLabel: "The indicator",
  async loadChild(tx, parent, id, options) {
    if (options.forUpdate) await lockIndicator(tx, id);
    const [row] = await selectIndicators(tx, { ids: [id] });
    if (!row || row.programmeId !== parent.id) return null;
    const { rollup: _, ...fields } = row;
    return { ...fields, resultCount: (await countResults(tx, [id])).get(id) ?? 0 };
  },
  label: (row) => row.title,
  // As the programme's history always showed them: a new one by title, a change field by field, a removal with its results.
  historyLines: (row, action) =>
    action === "create"
      ? { indicator: row.title }
      : action === "delete"
        ? { indicator: row.title, results: row.resultCount }
        : indicatorView(row),
};

/** The indicator as the API gives it, with its actual value from the rollup. */
async function readIndicator(tx: ServiceContext["db"], id: string): Promise<Indicator> {
  const [row] = await selectIndicators(tx, { ids: [id] });
  if (!row) throw notFound("The indicator");
  return toIndicator(row);
}

export async function addIndicator(
  ctx: ServiceContext,
  programmeId: string,
  input: IndicatorInput,
): Promise<Indicator> {
  const v = parseInput(IndicatorInputSchema, input);
  const values: IndicatorValues = {
    logframeItemId: v.logframeItemId,
    title: v.title,
    unit: v.unit,
    calculation: v.unit === "text" ? "latest" : v.calculation,
    baselineValue: v.baselineValue ?? null,
    baselineText: v.baselineText ?? null,
    baselineDate: v.baselineDate ?? null,
    disaggregations: v.disaggregations,
    targets: v.targets,
  };
  const created = await addChild(ctx, indicator, programmeId, async (tx, programme) => {
    // A text indicator's calculation is always "latest": check what was asked, store what holds.
    const errors = checkIndicator(
      { ...values, calculation: v.calculation },
      programme.record,
      await selectLogframe(tx.db, programmeId),
    );
    if (errors.length > 0) throw invalid(errors);
    const id = await insertIndicator(tx.db, { programmeId, libraryCode: v.libraryCode ?? null, ...values });
    await insertTargets(tx.db, id, v.targets);
    await touchProgramme(tx.db, programme.id);
    return id;
  });
  return readIndicator(ctx.db, created.id);
}

/** What a patch makes of an indicator: the fields it gives, the others as they are. */
function patched(row: IndicatorRecord, p: ReturnType<typeof IndicatorPatchSchema.parse>): IndicatorValues {
  const unit = p.unit ?? row.unit;
  return {
    logframeItemId: p.logframeItemId ?? row.logframeItemId,
    title: p.title ?? row.title,
    unit,
    calculation:
      p.calculation ?? (p.unit && p.unit !== row.unit ? defaultCalculation(unit) : row.calculation),
    baselineValue: p.baselineValue === undefined ? row.baselineValue : p.baselineValue,
    baselineText: p.baselineText === undefined ? row.baselineText : p.baselineText,
    baselineDate: p.baselineDate === undefined ? row.baselineDate : p.baselineDate,
    disaggregations: p.disaggregations ?? row.disaggregations,
    targets: p.targets ?? row.targets,
  };
}

/** Results already reported must still fit: the unit stays, and so does every dimension they are broken down by. */
async function checkResultsStillFit(
  tx: ServiceContext["db"],
  row: IndicatorRecord,
  after: IndicatorValues,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (row.resultCount === 0) return errors;
  if (after.unit !== row.unit)
    errors.push({
      path: "unit",
      code: "has_results",
      message: `This indicator has ${row.resultCount} result(s) in ${row.unit}: its unit cannot change. Add a new indicator instead.`,
      in: "body",
    });
  for (const dimension of await selectBreakdownDimensions(tx, row.id))
    if (!after.disaggregations.includes(dimension))
      errors.push({
        path: "disaggregations",
        code: "in_use",
        message: `Results are broken down by ${dimension.replace("_", " ")}: keep this dimension.`,
        in: "body",
      });
  return errors;
}

/**
 * Changes an indicator: the same rules as on creation, and its results must still fit it: the unit stays once
 * results exist (a count does not become words), and a dimension results are broken down by stays.
 */
export async function updateIndicator(
  ctx: ServiceContext,
  programmeId: string,
  indicatorId: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Indicator> {
  const p = parseInput(IndicatorPatchSchema, patch);
  await changeChild(ctx, indicator, programmeId, indicatorId, expectedVersion, async (tx, row, programme) => {
    const after = patched(row, p);
    const errors = [
      ...checkIndicator(after, programme.record, await selectLogframe(tx.db, programmeId)),
      ...(await checkResultsStillFit(tx.db, row, after)),
    ];
    if (errors.length > 0) throw invalid(errors);
    const written = await updateIndicatorRow(tx.db, indicatorId, row.version, {
      logframeItemId: after.logframeItemId,
      title: after.title,
      unit: after.unit,
      calculation: after.unit === "text" ? "latest" : after.calculation,
      baselineValue: after.baselineValue,
      baselineText: after.baselineText,
      baselineDate: after.baselineDate,
      disaggregations: after.disaggregations,
    });
    if (p.targets) await replaceTargets(tx.db, indicatorId, after.targets);
    await touchProgramme(tx.db, programme.id);
    return written;
  });
  return readIndicator(ctx.db, indicatorId);
}

/** Removes an indicator: its results go with it (cascade); events it was fed by stay, and no longer name it. */
export async function removeIndicator(
  ctx: ServiceContext,
  programmeId: string,
  indicatorId: string,
  expectedVersion: number,
): Promise<void> {
  await removeChild(ctx, indicator, programmeId, indicatorId, expectedVersion, async (tx, row, programme) => {
    await unlinkIndicatorFromEvents(tx.db, programmeId, indicatorId);
    await touchProgramme(tx.db, programme.id);
    return deleteIndicatorRow(tx.db, indicatorId, row.version);
  });
}
