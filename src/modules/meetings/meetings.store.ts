// District meeting queries: meetings with their district and body, action items with their owner, and the facts
// an agenda is built from that live in the reporting tables (hindrances of submitted reports).
import { and, asc, desc, eq, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { atVersion, type ListScope, nextVersion } from "../../kernel";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import {
  reportingBodyTable,
  submissionAddresseeTable,
  submissionTable,
  submissionVersionTable,
} from "../reporting/reporting.table";
import type {
  ActionItem,
  ActionItemStatus,
  AgendaItem,
  MeetingBodyKind,
  MeetingListQuery,
  MeetingStatus,
  MeetingSummary,
} from "./meetings.schema";
import { districtMeetingTable, meetingActionItemTable } from "./meetings.table";

export type MeetingRow = {
  id: string;
  districtId: string;
  districtName: string;
  districtCode: string;
  bodyKind: MeetingBodyKind;
  bodyId: string | null;
  bodyName: string | null;
  bodyOrganisationId: string | null;
  quarter: string;
  meetingDate: string | null;
  status: MeetingStatus;
  agenda: AgendaItem[];
  minutes: string;
  decisions: string[];
  organisationIds: string[];
  version: number;
};

const m = districtMeetingTable;
const bodyOrganisation = organisationTable;

function meetingQuery(db: Executor) {
  return db
    .select({
      id: m.id,
      districtId: m.districtId,
      districtName: placeTable.name,
      districtCode: placeTable.code,
      bodyKind: m.bodyKind,
      bodyId: reportingBodyTable.id,
      bodyName: bodyOrganisation.name,
      bodyOrganisationId: reportingBodyTable.organisationId,
      quarter: m.quarter,
      meetingDate: m.meetingDate,
      status: m.status,
      agenda: m.agenda,
      minutes: m.minutes,
      decisions: m.decisions,
      organisationIds: m.organisationIds,
      version: m.version,
    })
    .from(m)
    .innerJoin(placeTable, eq(placeTable.id, m.districtId))
    .leftJoin(
      reportingBodyTable,
      and(eq(reportingBodyTable.districtId, m.districtId), eq(reportingBodyTable.kind, m.bodyKind)),
    )
    .leftJoin(bodyOrganisation, eq(bodyOrganisation.id, reportingBodyTable.organisationId));
}

type RawMeeting = Omit<MeetingRow, "bodyKind" | "status" | "agenda" | "decisions"> & {
  bodyKind: string;
  status: string;
  agenda: unknown;
  decisions: unknown;
};
const toMeeting = (row: RawMeeting): MeetingRow => ({
  ...row,
  bodyKind: row.bodyKind as MeetingBodyKind,
  status: row.status as MeetingStatus,
  agenda: row.agenda as AgendaItem[],
  decisions: row.decisions as string[],
});

export async function selectMeeting(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<MeetingRow | null> {
  const query = meetingQuery(db).where(eq(m.id, id));
  // Only the meeting row: its district, body and their organisations stay free for others to edit.
  const [row] = options.forUpdate ? await query.for("update", { of: m }) : await query;
  return row ? toMeeting(row) : null;
}

/** The district's meeting of the same body before this quarter (the one whose action items this follows up). */
export async function selectPreviousMeeting(
  db: Executor,
  by: { districtId: string; bodyKind: MeetingBodyKind; quarter: string },
): Promise<{ id: string } | null> {
  const [row] = await db
    .select({ id: m.id })
    .from(m)
    .where(and(eq(m.districtId, by.districtId), eq(m.bodyKind, by.bodyKind), lt(m.quarter, by.quarter)))
    .orderBy(desc(m.quarter))
    .limit(1);
  return row ?? null;
}

/**
 * The meetings a list scope reaches, as a condition on district_meeting alone (no join needed): in the districts of
 * the reader's grants, naming their organisations, or held by their organisation's body. Undefined: all; null: none.
 * The recent-changes feed uses it too.
 */
export function meetingScopeCondition(scope: ListScope): SQL | undefined | null {
  if (scope.all) return undefined;
  const visible: SQL[] = [];
  if (scope.districtIds.length > 0) visible.push(inArray(m.districtId, scope.districtIds));
  if (scope.organisationIds.length > 0) {
    const ids = sql`${sql.param(scope.organisationIds)}::uuid[]`;
    visible.push(sql`${m.organisationIds} && ${ids}`);
    visible.push(sql`exists (select 1 from ${reportingBodyTable} where ${reportingBodyTable.districtId} = ${m.districtId}
      and ${reportingBodyTable.kind} = ${m.bodyKind} and ${reportingBodyTable.organisationId} = any(${ids}))`);
  }
  if (visible.length === 0) return null;
  return or(...visible) ?? null;
}

/** Meetings the reader may see: in the districts of their grants, or concerning their organisations. */
export async function selectMeetings(
  db: Executor,
  query: MeetingListQuery,
  scope: ListScope,
): Promise<MeetingSummary[]> {
  const conditions: SQL[] = [];
  if (query.districtId) conditions.push(eq(m.districtId, query.districtId));
  if (query.bodyKind) conditions.push(eq(m.bodyKind, query.bodyKind));
  if (query.quarter) conditions.push(eq(m.quarter, query.quarter));
  const visible = meetingScopeCondition(scope);
  if (visible === null) return [];
  if (visible) conditions.push(visible);
  const rows = await meetingQuery(db)
    .where(and(...conditions))
    .orderBy(desc(m.quarter), asc(placeTable.name), asc(m.bodyKind));
  const open = await countOpenActionItems(
    db,
    rows.map((r) => r.id),
  );
  return rows.map(toMeeting).map((r) => ({
    id: r.id,
    districtId: r.districtId,
    districtName: r.districtName,
    bodyKind: r.bodyKind,
    quarter: r.quarter,
    meetingDate: r.meetingDate,
    status: r.status,
    agendaItems: r.agenda.length,
    openActionItems: open.get(r.id) ?? 0,
    version: r.version,
  }));
}

async function countOpenActionItems(
  db: Executor,
  meetingIds: readonly string[],
): Promise<Map<string, number>> {
  if (meetingIds.length === 0) return new Map();
  const rows = await db
    .select({ meetingId: meetingActionItemTable.meetingId, open: sql<number>`count(*)::int` })
    .from(meetingActionItemTable)
    .where(
      and(
        inArray(meetingActionItemTable.meetingId, [...meetingIds]),
        eq(meetingActionItemTable.status, "open"),
      ),
    )
    .groupBy(meetingActionItemTable.meetingId);
  return new Map(rows.map((r) => [r.meetingId, Number(r.open)]));
}

export async function insertMeeting(
  db: Executor,
  fields: {
    districtId: string;
    bodyKind: MeetingBodyKind;
    quarter: string;
    meetingDate: string | null;
    agenda: AgendaItem[];
  },
): Promise<string | null> {
  const rows = await db
    .insert(m)
    .values(fields)
    .onConflictDoNothing({ target: [m.districtId, m.bodyKind, m.quarter] })
    .returning({ id: m.id });
  return rows[0]?.id ?? null;
}

export async function updateMeetingRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: Partial<{
    meetingDate: string | null;
    status: MeetingStatus;
    minutes: string;
    decisions: string[];
    agenda: AgendaItem[];
  }>,
): Promise<boolean> {
  const rows = await db
    .update(m)
    .set({ ...fields, ...nextVersion(m) })
    .where(atVersion(m, id, expectedVersion))
    .returning({ id: m.id });
  return rows.length > 0;
}

export async function deleteMeetingRow(db: Executor, id: string, expectedVersion: number): Promise<boolean> {
  const rows = await db
    .delete(m)
    .where(atVersion(m, id, expectedVersion))
    .returning({ id: m.id });
  return rows.length > 0;
}

/**
 * Keeps who the meeting concerns: the organisations its agenda names and the owners of its action items. Derived,
 * so the meeting's version stays (decision 007: the meeting services own this column).
 */
export async function refreshMeetingOrganisations(
  db: Executor,
  meetingId: string,
  namedOnAgenda: readonly string[],
): Promise<void> {
  await db
    .update(m)
    .set({
      organisationIds: sql`(select coalesce(array_agg(distinct x), '{}'::uuid[]) from (
        select unnest(${sql.param([...namedOnAgenda])}::uuid[]) as x
        union select ${meetingActionItemTable.ownerOrganisationId} from ${meetingActionItemTable}
          where ${meetingActionItemTable.meetingId} = ${meetingId}) as named)`,
    })
    .where(eq(m.id, meetingId));
}

// ----- Action items -----

export async function selectActionItems(
  db: Executor,
  by: { meetingId: string; id?: string; status?: ActionItemStatus; forUpdate?: boolean },
): Promise<ActionItem[]> {
  const a = meetingActionItemTable;
  const conditions: SQL[] = [eq(a.meetingId, by.meetingId)];
  if (by.id) conditions.push(eq(a.id, by.id));
  if (by.status) conditions.push(eq(a.status, by.status));
  const query = db
    .select({
      id: a.id,
      meetingId: a.meetingId,
      ownerOrganisationId: a.ownerOrganisationId,
      ownerName: organisationTable.name,
      text: a.text,
      dueDate: a.dueDate,
      status: a.status,
      version: a.version,
      createdAt: a.createdAt,
    })
    .from(a)
    .innerJoin(organisationTable, eq(organisationTable.id, a.ownerOrganisationId))
    .where(and(...conditions))
    .orderBy(asc(a.createdAt), asc(a.id));
  const rows = by.forUpdate ? await query.for("update", { of: a }) : await query;
  return rows.map(({ createdAt: _createdAt, ...r }) => ({ ...r, status: r.status as ActionItemStatus }));
}

export type ActionItemFields = {
  ownerOrganisationId: string;
  text: string;
  dueDate: string | null;
  status: ActionItemStatus;
};

export async function insertActionItem(
  db: Executor,
  meetingId: string,
  fields: ActionItemFields,
): Promise<string> {
  const [row] = await db
    .insert(meetingActionItemTable)
    .values({ ...fields, meetingId })
    .returning({ id: meetingActionItemTable.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

export async function updateActionItemRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: ActionItemFields,
): Promise<boolean> {
  const rows = await db
    .update(meetingActionItemTable)
    .set({ ...fields, ...nextVersion(meetingActionItemTable) })
    .where(atVersion(meetingActionItemTable, id, expectedVersion))
    .returning({ id: meetingActionItemTable.id });
  return rows.length > 0;
}

export async function deleteActionItemRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(meetingActionItemTable)
    .where(atVersion(meetingActionItemTable, id, expectedVersion))
    .returning({ id: meetingActionItemTable.id });
  return rows.length > 0;
}

// ----- Facts the agenda is built from -----

export async function selectOrganisationExists(db: Executor, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: organisationTable.id })
    .from(organisationTable)
    .where(eq(organisationTable.id, id));
  return rows.length > 0;
}

export async function selectOrganisationNames(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: organisationTable.id, name: organisationTable.name })
    .from(organisationTable)
    .where(inArray(organisationTable.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function selectDistrict(
  db: Executor,
  id: string,
): Promise<{ id: string; code: string; name: string } | null> {
  const [row] = await db
    .select({ id: placeTable.id, code: placeTable.code, name: placeTable.name })
    .from(placeTable)
    .where(and(eq(placeTable.id, id), eq(placeTable.kind, "district")));
  return row ?? null;
}

export type SubmittedHindrance = {
  kind: string;
  placeId: string;
  description: string;
  period: string;
};

/**
 * The hindrances and concerns of reports for these periods addressed to a body of the district, as last submitted
 * (a draft's are not raised yet). Only kind, place and description leave here: no organisation, no incident link.
 */
export async function selectSubmittedHindrances(
  db: Executor,
  districtId: string,
  periods: readonly string[],
): Promise<(SubmittedHindrance & { placeName: string })[]> {
  if (periods.length === 0) return [];
  const s = submissionTable;
  const v = submissionVersionTable;
  const rows = await db
    .selectDistinct({ submissionId: s.id, period: s.period, content: v.content })
    .from(s)
    .innerJoin(v, and(eq(v.submissionId, s.id), eq(v.number, s.submittedVersions)))
    .innerJoin(submissionAddresseeTable, eq(submissionAddresseeTable.submissionId, s.id))
    .innerJoin(reportingBodyTable, eq(reportingBodyTable.id, submissionAddresseeTable.bodyId))
    .where(and(eq(reportingBodyTable.districtId, districtId), inArray(s.period, [...periods])))
    .orderBy(asc(s.period), asc(s.id));
  const hindrances: SubmittedHindrance[] = rows.flatMap((r) => {
    const content = r.content as { hindrances?: { kind: string; placeId: string; description: string }[] };
    return (content.hindrances ?? []).map((h) => ({
      kind: h.kind,
      placeId: h.placeId,
      description: h.description,
      period: r.period,
    }));
  });
  const placeIds = [...new Set(hindrances.map((h) => h.placeId))];
  const places =
    placeIds.length === 0
      ? []
      : await db
          .select({ id: placeTable.id, name: placeTable.name })
          .from(placeTable)
          .where(inArray(placeTable.id, placeIds));
  const names = new Map(places.map((p) => [p.id, p.name]));
  return hindrances.map((h) => ({ ...h, placeName: names.get(h.placeId) ?? "" }));
}

/** The district's JRLOS secretariat or JADF as a reporting body, if it has one. */
export async function selectDistrictBody(
  db: Executor,
  districtId: string,
  kind: MeetingBodyKind,
): Promise<{ id: string; organisationId: string; name: string } | null> {
  const [row] = await db
    .select({
      id: reportingBodyTable.id,
      organisationId: reportingBodyTable.organisationId,
      name: organisationTable.name,
    })
    .from(reportingBodyTable)
    .innerJoin(organisationTable, eq(organisationTable.id, reportingBodyTable.organisationId))
    .where(and(eq(reportingBodyTable.districtId, districtId), eq(reportingBodyTable.kind, kind)));
  return row ?? null;
}
