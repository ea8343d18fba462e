// Event use cases: record an event with its participants, change it, remove it. The results an event gives the
// indicators it feeds, and the programme's people reached, follow in the same transaction.
import type { Executor } from "../../db/client";
import { addChild, type ChildDefinition, changeChild, removeChild, type ServiceContext } from "../../kernel";
import { type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import {
  deleteEventResults,
  deleteEventRow,
  type EventFields,
  type EventRow,
  insertEvent,
  type Participants,
  refreshProgrammeReach,
  selectEvents,
  updateEventRow,
} from "./events.store";
import { type IndicatorWithRollup, refreshIndicatorRollup, selectIndicators } from "./indicators.store";
import { selectLogframe } from "./logframe.store";
import { PROGRAMME_PARENT, type ProgrammeParent } from "./programme-access.service";
import {
  type BreakdownCell,
  type EventInput,
  EventInputSchema,
  EventPatchSchema,
  type ProgrammeEvent,
} from "./programmes.schema";
import {
  type ProgrammeRecord,
  selectOrganisationRefs,
  selectPlaceRefs,
  touchProgramme,
} from "./programmes.store";
import { insertResult } from "./results.store";

const event: ChildDefinition<ProgrammeParent, EventRow> = {
  ...PROGRAMME_PARENT,
  entityType: "programme_event",
  notFoundLabel: "The event",
  async loadChild(tx, parent, id, options) {
    const [row] = await selectEvents(tx, { id, forUpdate: options.forUpdate });
    return row && row.programmeId === parent.id ? row : null;
  },
  label: (row) => `${row.title} (${row.startDate})`,
  // As the programme's history always showed them: a new event with its reach, a change in full, a removal briefly.
  historyLines: (row, action) => {
    if (action === "update") return eventView(row);
    if (action === "delete") return { event: `${row.title} (${row.startDate})` };
    const total = row.participants.reduce((s, p) => s + p.count, 0);
    return {
      event: `${row.title} (${row.kind}, ${row.startDate}): ${row.reachNote ?? `${total} participants`}`,
    };
  },
};

/** The event as the API gives it: places and organisers by name. */
async function readEvent(db: Executor, id: string): Promise<ProgrammeEvent> {
  const [row] = await toEvents(db, await selectEvents(db, { id }));
  if (!row) throw notFound("The event");
  return row;
}

export async function toEvents(db: Executor, rows: EventRow[]): Promise<ProgrammeEvent[]> {
  const places = await selectPlaceRefs(
    db,
    rows.flatMap((r) => r.placeIds),
  );
  const organisations = await selectOrganisationRefs(
    db,
    rows.flatMap((r) => r.organiserIds),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    startDate: r.startDate,
    endDate: r.endDate,
    dateReported: r.dateReported,
    places: r.placeIds.flatMap((id) => {
      const p = places.get(id);
      return p ? [{ id: p.id, name: p.name, kind: p.kind }] : [];
    }),
    organisers: r.organiserIds.flatMap((id) => {
      const o = organisations.get(id);
      return o ? [o] : [];
    }),
    activityId: r.activityId,
    indicatorIds: r.indicatorIds,
    participants: r.participants,
    participantTotal: r.participants.reduce((s, p) => s + p.count, 0),
    reachNote: r.reachNote,
    repeatAudience: r.repeatAudience,
    notes: r.notes,
    version: r.version,
  }));
}

/** The results an event gives each indicator it feeds (see DOUBLE_COUNTING_RULE). */
function resultsFromEvent(
  event: {
    startDate: string;
    endDate: string | null;
    placeIds: string[];
    reachNote: string | null;
    repeatAudience: boolean;
  },
  participants: { category: BreakdownCell["category"]; sex: BreakdownCell["sex"]; count: number }[],
  indicator: IndicatorWithRollup,
): {
  kind: "exact" | "qualitative" | "not_reported";
  value: number | null;
  text: string | null;
  breakdown: BreakdownCell[];
} | null {
  if (indicator.unit === "events") return { kind: "exact", value: 1, text: null, breakdown: [] };
  if (event.repeatAudience) return null;
  const total = participants.reduce((s, p) => s + p.count, 0);
  if (participants.length === 0) {
    return event.reachNote
      ? { kind: "qualitative", value: null, text: event.reachNote, breakdown: [] }
      : { kind: "not_reported", value: null, text: null, breakdown: [] };
  }
  const bySex = indicator.disaggregations.includes("sex");
  const byCategory = indicator.disaggregations.includes("category");
  const cells = new Map<string, BreakdownCell>();
  if (bySex || byCategory) {
    for (const p of participants) {
      const key = `${byCategory ? p.category : ""}|${bySex ? p.sex : ""}`;
      const cell = cells.get(key) ?? {
        category: byCategory ? p.category : null,
        sex: bySex ? p.sex : null,
        ageGroup: null,
        value: 0,
      };
      cell.value += p.count;
      cells.set(key, cell);
    }
  }
  return { kind: "exact", value: total, text: null, breakdown: [...cells.values()] };
}

/** An event's own fields and participants (dateReported false: the dates are the period it happened in). */
type EventValues = Omit<EventFields, "programmeId" | "districtId"> & { participants: Participants[] };

/** The rules an event follows, when recorded and when changed; returns what writing it needs. */
async function checkEvent(tx: Executor, record: ProgrammeRecord, v: EventValues) {
  const errors: FieldError[] = [];
  const error = (path: string, message: string) => errors.push({ path, message, in: "body" });
  const outside = `The event is outside the programme (${record.startDate} to ${record.endDate}).`;
  if (v.startDate < record.startDate || v.startDate > record.endDate) error("startDate", outside);
  if (v.endDate && v.endDate < v.startDate) error("endDate", "The event ends before it starts.");
  else if (v.endDate && v.endDate > record.endDate) error("endDate", outside);
  const places = await selectPlaceRefs(tx, v.placeIds);
  v.placeIds.forEach((id, i) => {
    if (!places.has(id)) error(`placeIds.${i}`, "No place has this id.");
  });
  const organisers = await selectOrganisationRefs(tx, v.organiserIds);
  v.organiserIds.forEach((id, i) => {
    if (!organisers.has(id)) error(`organiserIds.${i}`, "No organisation has this id.");
  });
  if (v.activityId) {
    const item = (await selectLogframe(tx, record.id)).find((i) => i.id === v.activityId);
    if (item?.level !== "activity") error("activityId", "Choose an activity of this programme's logframe.");
  }
  const indicators = await selectIndicators(tx, { ids: v.indicatorIds });
  v.indicatorIds.forEach((id, i) => {
    const ind = indicators.find((x) => x.id === id);
    if (!ind || ind.programmeId !== record.id)
      error(`indicatorIds.${i}`, "Choose an indicator of this programme.");
    else if (ind.unit !== "people" && ind.unit !== "events")
      error(`indicatorIds.${i}`, "An event feeds only indicators counting people or events.");
  });
  const seen = new Set<string>();
  v.participants.forEach((p, i) => {
    const key = `${p.category}|${p.sex}`;
    if (seen.has(key))
      error(`participants.${i}`, "This category and sex are already counted in another row.");
    seen.add(key);
  });
  if (errors.length > 0) throw invalid(errors);
  const firstPlace = v.placeIds[0] ? places.get(v.placeIds[0]) : undefined;
  const fields = {
    kind: v.kind,
    title: v.title,
    startDate: v.startDate,
    endDate: v.endDate,
    dateReported: v.dateReported,
    placeIds: v.placeIds,
    districtId: firstPlace?.districtId ?? null,
    organiserIds: v.organiserIds,
    activityId: v.activityId,
    indicatorIds: v.indicatorIds,
    reachNote: v.reachNote,
    repeatAudience: v.repeatAudience,
    notes: v.notes,
  };
  return { fields, indicators, participants: v.participants.filter((p) => p.count > 0) };
}

/** Writes the results an event gives its indicators (see DOUBLE_COUNTING_RULE) and refreshes their rollups. */
async function writeEventResults(
  tx: Executor,
  eventId: string,
  checked: Awaited<ReturnType<typeof checkEvent>>,
) {
  const { fields, participants } = checked;
  for (const indicator of checked.indicators) {
    const r = resultsFromEvent(fields, participants, indicator);
    if (!r) continue;
    await insertResult(
      tx,
      {
        indicatorId: indicator.id,
        periodStart: fields.startDate,
        periodEnd: fields.endDate ?? fields.startDate,
        placeId: fields.placeIds[0] ?? null,
        valueKind: r.kind,
        value: r.value,
        denominator: null,
        text: r.text,
        eventId,
      },
      r.breakdown,
    );
  }
}

/** What the history shows of an event. */
function eventView(v: EventValues) {
  const total = v.participants.reduce((s, p) => s + p.count, 0);
  return {
    event: `${v.title} (${v.kind}, ${v.startDate}${v.endDate ? `–${v.endDate}` : ""}): ${v.reachNote ?? `${total} participants`}`,
    participants: v.participants.map((p) => `${p.category} ${p.sex}: ${p.count}`),
  };
}

/** Refreshes what an event's results and participants feed: these indicators' values, the programme's reach. */
async function refreshTotals(tx: Executor, programmeId: string, indicatorIds: Iterable<string>) {
  for (const indicatorId of new Set(indicatorIds)) await refreshIndicatorRollup(tx, indicatorId);
  await refreshProgrammeReach(tx, programmeId);
}

export async function recordEvent(
  ctx: ServiceContext,
  programmeId: string,
  input: EventInput,
): Promise<ProgrammeEvent> {
  const v = parseInput(EventInputSchema, input);
  const values: EventValues = {
    ...v,
    endDate: v.endDate ?? null,
    activityId: v.activityId ?? null,
    reachNote: v.reachNote ?? null,
    notes: v.notes ?? null,
  };
  const created = await addChild(ctx, event, programmeId, async (tx, programme) => {
    const checked = await checkEvent(tx.db, programme.record, values);
    const id = await insertEvent(tx.db, { programmeId, ...checked.fields }, checked.participants);
    await writeEventResults(tx.db, id, checked);
    await refreshTotals(tx.db, programmeId, values.indicatorIds);
    await touchProgramme(tx.db, programme.id);
    return id;
  });
  return readEvent(ctx.db, created.id);
}

/** What a patch makes of an event: the fields it gives, the others as they are. */
function patched(before: EventValues, p: ReturnType<typeof EventPatchSchema.parse>): EventValues {
  return {
    kind: p.kind ?? before.kind,
    title: p.title ?? before.title,
    startDate: p.startDate ?? before.startDate,
    endDate: p.endDate === undefined ? before.endDate : p.endDate,
    // A date entered for an event whose date was not reported is a reported date from now on.
    dateReported: p.dateReported ?? (p.startDate !== undefined ? true : before.dateReported),
    placeIds: p.placeIds ?? before.placeIds,
    organiserIds: p.organiserIds ?? before.organiserIds,
    activityId: p.activityId === undefined ? before.activityId : p.activityId,
    indicatorIds: p.indicatorIds ?? before.indicatorIds,
    participants: p.participants ?? before.participants,
    reachNote: p.reachNote === undefined ? before.reachNote : p.reachNote,
    repeatAudience: p.repeatAudience ?? before.repeatAudience,
    notes: p.notes === undefined ? before.notes : p.notes,
  };
}

/**
 * Changes an event under the rules of recording one. The results it gave are written again from its new values,
 * so the indicators it feeds (old and new) and people reached follow in the same transaction.
 */
export async function updateEvent(
  ctx: ServiceContext,
  programmeId: string,
  eventId: string,
  expectedVersion: number,
  patch: unknown,
): Promise<ProgrammeEvent> {
  const p = parseInput(EventPatchSchema, patch);
  await changeChild(ctx, event, programmeId, eventId, expectedVersion, async (tx, before, programme) => {
    const after = patched(before, p);
    const checked = await checkEvent(tx.db, programme.record, after);
    if (!(await updateEventRow(tx.db, eventId, before.version, checked.fields, checked.participants)))
      return false;
    await deleteEventResults(tx.db, eventId);
    await writeEventResults(tx.db, eventId, checked);
    await refreshTotals(tx.db, programmeId, [...before.indicatorIds, ...after.indicatorIds]);
    await touchProgramme(tx.db, programme.id);
    return true;
  });
  return readEvent(ctx.db, eventId);
}

/** Removes an event and the results it gave; the indicators it fed and people reached follow. */
export async function removeEvent(
  ctx: ServiceContext,
  programmeId: string,
  eventId: string,
  expectedVersion: number,
): Promise<void> {
  await removeChild(ctx, event, programmeId, eventId, expectedVersion, async (tx, row, programme) => {
    if (!(await deleteEventRow(tx.db, eventId, row.version))) return false;
    await refreshTotals(tx.db, programmeId, row.indicatorIds);
    await touchProgramme(tx.db, programme.id);
    return true;
  });
}
