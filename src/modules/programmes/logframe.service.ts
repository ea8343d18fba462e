// Logframe use cases: add an objective, outcome, output or activity under its parent, edit its text, remove it.
import { addChild, type ChildDefinition, changeChild, removeChild, type ServiceContext } from "../../kernel";
import { conflict, type FieldError, invalid } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { countEventsOfActivity } from "./events.store";
import { countResults, selectIndicators } from "./indicators.store";
import {
  deleteLogframeItemRow,
  insertLogframeItem,
  selectIndicatorTitlesOfItem,
  selectLogframe,
  selectLogframeItem,
  updateLogframeItemText,
} from "./logframe.store";
import { PROGRAMME_PARENT, type ProgrammeParent } from "./programme-access.service";
import {
  CHILD_LEVEL,
  type LogframeItem,
  type LogframeItemInput,
  LogframeItemInputSchema,
  LogframeItemPatchSchema,
} from "./programmes.schema";
import { touchProgramme } from "./programmes.store";

/** A logframe item with the titles of its indicators, which go with it when it is removed. */
type LogframeItemRow = LogframeItem & { indicators: string[] };

const logframeItem: ChildDefinition<ProgrammeParent, LogframeItemRow> = {
  ...PROGRAMME_PARENT,
  entityType: "logframe_item",
  notFoundLabel: "The logframe item",
  async loadChild(tx, parent, id, options) {
    const item = await selectLogframeItem(tx, parent.id, id, options);
    return item ? { ...item, indicators: await selectIndicatorTitlesOfItem(tx, id) } : null;
  },
  label: (row) => row.text,
  // The programme's history shows the item by its level, and on removal the indicators that went with it.
  historyLines: (row, action) => ({
    [`logframe ${row.level}`]: row.text,
    ...(action === "delete" && row.indicators.length > 0 ? { indicators: row.indicators } : {}),
  }),
};

const asItem = ({ indicators: _, ...item }: LogframeItemRow): LogframeItem => item;

/** The objective sits at the top, alone; every other level goes under the level above it. */
function checkPlacement(items: LogframeItem[], level: LogframeItem["level"], parentId: string | null) {
  if (level === "objective") {
    if (parentId)
      throw invalid([{ path: "parentId", message: "The objective sits at the top.", in: "body" }]);
    if (items.some((i) => i.level === "objective"))
      throw invalid([{ path: "level", message: "This programme already has its objective.", in: "body" }]);
    return;
  }
  const parent = items.find((i) => i.id === parentId);
  if (!parent)
    throw invalid([
      { path: "parentId", message: "Choose the item of this logframe it belongs under.", in: "body" },
    ]);
  if (CHILD_LEVEL[parent.level] !== level)
    throw invalid([
      {
        path: "level",
        message: `Under the ${parent.level} comes ${CHILD_LEVEL[parent.level] ?? "nothing"}, not ${level}.`,
        in: "body",
      },
    ]);
}

export async function addLogframeItem(
  ctx: ServiceContext,
  programmeId: string,
  input: LogframeItemInput,
): Promise<LogframeItem> {
  const values = parseInput(LogframeItemInputSchema, input);
  const parentId = values.parentId ?? null;
  const created = await addChild(ctx, logframeItem, programmeId, async (tx, programme) => {
    checkPlacement(await selectLogframe(tx.db, programmeId), values.level, parentId);
    await touchProgramme(tx.db, programme.id);
    return insertLogframeItem(tx.db, { programmeId, parentId, level: values.level, text: values.text });
  });
  return asItem(created);
}

export async function updateLogframeItem(
  ctx: ServiceContext,
  programmeId: string,
  itemId: string,
  expectedVersion: number,
  patch: unknown,
): Promise<LogframeItem> {
  const values = parseInput(LogframeItemPatchSchema, patch);
  const updated = await changeChild(
    ctx,
    logframeItem,
    programmeId,
    itemId,
    expectedVersion,
    async (tx, current, programme) => {
      await touchProgramme(tx.db, programme.id);
      return updateLogframeItemText(tx.db, itemId, current.version, values.text);
    },
  );
  return asItem(updated);
}

/** Why an item cannot go: items under it, results on its indicators, events recorded for it (decision 004). */
async function whatTheItemHolds(
  tx: ServiceContext["db"],
  programmeId: string,
  item: LogframeItem,
): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  const children = (await selectLogframe(tx, programmeId)).filter((i) => i.parentId === item.id).length;
  if (children > 0)
    problems.push({
      path: "itemId",
      code: "has_children",
      message: `${children} item(s) sit under this ${item.level}: remove or keep them first.`,
      in: "path",
    });
  const indicators = (await selectIndicators(tx, { programmeIds: [programmeId] })).filter(
    (i) => i.logframeItemId === item.id,
  );
  const results = await countResults(
    tx,
    indicators.map((i) => i.id),
  );
  const withResults = indicators.filter((i) => (results.get(i.id) ?? 0) > 0);
  if (withResults.length > 0)
    problems.push({
      path: "itemId",
      code: "has_results",
      message: `Results are reported on ${withResults.map((i) => `“${i.title}”`).join(", ")}: delete those results or indicators first.`,
      in: "path",
    });
  const events = item.level === "activity" ? await countEventsOfActivity(tx, item.id) : 0;
  if (events > 0)
    problems.push({
      path: "itemId",
      code: "has_events",
      message: `${events} event(s) were recorded for this activity: delete them or link them to another activity first.`,
      in: "path",
    });
  return problems;
}

/**
 * Removes a logframe item, never reported data with it (decision 004): refused (409) while items sit under it,
 * events were recorded for it, or one of its indicators has results. Indicators without results go with it.
 */
export async function removeLogframeItem(
  ctx: ServiceContext,
  programmeId: string,
  itemId: string,
  expectedVersion: number,
): Promise<void> {
  await removeChild(
    ctx,
    logframeItem,
    programmeId,
    itemId,
    expectedVersion,
    async (tx, current, programme) => {
      const problems = await whatTheItemHolds(tx.db, programmeId, current);
      if (problems.length > 0)
        throw conflict(`This ${current.level} still holds data and was not removed.`, problems);
      await touchProgramme(tx.db, programme.id);
      return deleteLogframeItemRow(tx.db, itemId, current.version);
    },
  );
}
