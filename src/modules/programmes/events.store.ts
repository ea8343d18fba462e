// Event queries: events with their participants, and the people-reached rollup they feed.
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import { pendingRollupsOf } from "./indicators.store";
import type { EventKind, ParticipantCategory, Sex } from "./programmes.schema";
import {
  eventParticipantsTable,
  programmeEventTable,
  programmeReachTable,
  resultTable,
} from "./programmes.table";

export type EventFields = {
  programmeId: string;
  kind: EventKind;
  title: string;
  startDate: string;
  endDate: string | null;
  dateReported: boolean;
  placeIds: string[];
  districtId: string | null;
  organiserIds: string[];
  activityId: string | null;
  indicatorIds: string[];
  reachNote: string | null;
  repeatAudience: boolean;
  notes: string | null;
};

export type Participants = { category: ParticipantCategory; sex: Sex; count: number };

export async function insertEvent(
  db: Executor,
  fields: EventFields,
  participants: Participants[],
): Promise<string> {
  const [row] = await db.insert(programmeEventTable).values(fields).returning({ id: programmeEventTable.id });
  if (!row) throw new Error("insert returned no row");
  if (participants.length > 0)
    await db.insert(eventParticipantsTable).values(participants.map((p) => ({ eventId: row.id, ...p })));
  return row.id;
}

/** False when the event is no longer at `version`; its participants and results go with it (cascade). */
export async function deleteEventRow(db: Executor, id: string, version: number): Promise<boolean> {
  const rows = await db
    .delete(programmeEventTable)
    .where(atVersion(programmeEventTable, id, version))
    .returning({ id: programmeEventTable.id });
  return rows.length > 0;
}

export type EventRow = EventFields & { id: string; version: number; participants: Participants[] };

/** A programme's events, or the one with this id (`forUpdate` then locks it). */
export async function selectEvents(
  db: Executor,
  where: { programmeId?: string; id?: string; forUpdate?: boolean },
): Promise<EventRow[]> {
  const query = db
    .select()
    .from(programmeEventTable)
    .where(
      where.id
        ? eq(programmeEventTable.id, where.id)
        : eq(programmeEventTable.programmeId, where.programmeId ?? ""),
    )
    .orderBy(asc(programmeEventTable.startDate), asc(programmeEventTable.createdAt));
  const rows = where.forUpdate ? await query.for("update") : await query;
  const ids = rows.map((r) => r.id);
  const people =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(eventParticipantsTable)
          .where(inArray(eventParticipantsTable.eventId, ids))
          .orderBy(asc(eventParticipantsTable.category), asc(eventParticipantsTable.sex));
  const byEvent = new Map<string, Participants[]>();
  for (const p of people) {
    const list = byEvent.get(p.eventId) ?? [];
    list.push({ category: p.category as ParticipantCategory, sex: p.sex as Sex, count: p.count });
    byEvent.set(p.eventId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    programmeId: r.programmeId,
    kind: r.kind as EventKind,
    title: r.title,
    startDate: r.startDate,
    endDate: r.endDate,
    dateReported: r.dateReported,
    placeIds: r.placeIds,
    districtId: r.districtId,
    organiserIds: r.organiserIds,
    activityId: r.activityId,
    indicatorIds: r.indicatorIds,
    reachNote: r.reachNote,
    repeatAudience: r.repeatAudience,
    notes: r.notes,
    version: r.version,
    participants: byEvent.get(r.id) ?? [],
  }));
}

/** Rebuilds one programme's people-reached rollup from its events (every event once; repeat audiences not again). */
export async function refreshProgrammeReach(db: Executor, programmeId: string): Promise<void> {
  const pending = pendingRollupsOf(db);
  if (pending) {
    pending.programmeIds.add(programmeId);
    return;
  }
  await db.delete(programmeReachTable).where(eq(programmeReachTable.programmeId, programmeId));
  await db.execute(sql`
    insert into programme_reach (programme_id, category, sex, district_id, people)
    select e.programme_id, p.category, p.sex, e.district_id, sum(p.count)::int
    from programme_event e join event_participants p on p.event_id = e.id
    where e.programme_id = ${programmeId} and not e.repeat_audience
    group by e.programme_id, p.category, p.sex, e.district_id`);
}

/** False (and nothing written) when the event is no longer at `version`. */
export async function updateEventRow(
  db: Executor,
  id: string,
  version: number,
  fields: Omit<EventFields, "programmeId">,
  participants: Participants[],
): Promise<boolean> {
  const updated = await db
    .update(programmeEventTable)
    .set({ ...fields, ...nextVersion(programmeEventTable) })
    .where(atVersion(programmeEventTable, id, version))
    .returning({ id: programmeEventTable.id });
  if (updated.length === 0) return false;
  await db.delete(eventParticipantsTable).where(eq(eventParticipantsTable.eventId, id));
  if (participants.length > 0)
    await db.insert(eventParticipantsTable).values(participants.map((p) => ({ eventId: id, ...p })));
  return true;
}

/** The results an event wrote; they are written again from the event's new values. */
export async function deleteEventResults(db: Executor, eventId: string): Promise<void> {
  await db.delete(resultTable).where(eq(resultTable.eventId, eventId));
}

/**
 * Events stop naming an indicator that is removed (their arrays have no foreign key to cascade); each moves to its
 * next version, so an edit made on the old list is refused rather than naming the indicator again.
 */
export async function unlinkIndicatorFromEvents(db: Executor, programmeId: string, indicatorId: string) {
  await db
    .update(programmeEventTable)
    .set({
      indicatorIds: sql`array_remove(${programmeEventTable.indicatorIds}, ${indicatorId}::uuid)`,
      ...nextVersion(programmeEventTable),
    })
    .where(
      and(
        eq(programmeEventTable.programmeId, programmeId),
        sql`${indicatorId}::uuid = any(${programmeEventTable.indicatorIds})`,
      ),
    );
}

export async function countEventsOfActivity(db: Executor, activityId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(programmeEventTable)
    .where(eq(programmeEventTable.activityId, activityId));
  return Number(row?.n ?? 0);
}
