// The recent-changes query: audit rows of writes, newest first, kept in SQL to the records the reader may read.
import { type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { type Executor, queryRows } from "../../db/client";
import type { ListScope } from "../../kernel";
import { userTable } from "../access/access.table";
import { agreementPartyTable } from "../agreements/agreements.table";
import { auditLogTable } from "../audit/audit.table";
import { incidentScopeCondition, referralScopeCondition } from "../incidents";
import { incidentTable, referralTable, serviceProviderTable } from "../incidents/incidents.table";
import { meetingScopeCondition } from "../meetings";
import { districtMeetingTable } from "../meetings/meetings.table";
import { reachCondition, type reachOf, visitScopeCondition } from "../monitoring";
import { monitoringVisitTable, recommendationTable } from "../monitoring/monitoring.table";
import { organisationTable } from "../organisations/organisations.table";
import { partnershipMemberTable } from "../partnerships/partnerships.table";
import { programmeOrganisationTable, programmeTable } from "../programmes/programmes.table";
import { submissionScopeCondition } from "../reporting";
import { reportingBodyTable, reportingObligationTable, submissionTable } from "../reporting/reporting.table";
import { CHANGE_SOURCES } from "./change-sources";
import type { ChangeEntityType } from "./changes.schema";

/**
 * What the reader may read, per kind of record, worked out from their grants by the service (kernel listScope and
 * the modules' own reach rules): `whole` names the records every grant of theirs reads (organisations, agreements…);
 * the others are the scopes the modules' lists use.
 */
export type ChangeReach = {
  whole: ReadonlySet<ChangeEntityType>;
  submission: { own: ListScope; review: ListScope };
  meeting: ListScope;
  incident: ListScope;
  referral: ListScope;
  visit: ListScope;
  recommendation: ReturnType<typeof reachOf>;
  /** Kigali's today: a visit or recommendation published by then is read by every signed-in user. */
  today: string;
};

const a = auditLogTable;

/** The audit row's record id as a uuid, or null (ids of other shapes never match a record). */
const ENTITY_UUID = sql`(case when ${a.entityId} ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
  then ${a.entityId}::uuid end)`;

/**
 * A record the reader reaches through `condition` (a module's scope condition on its own table): the row must exist
 * now and match. Undefined means the whole table (deleted records included); null, none of it.
 */
function within(table: PgTable, id: PgColumn, condition: SQL | undefined | null): SQL | null {
  if (condition === null) return null;
  if (condition === undefined) return sql`true`;
  return sql`exists (select 1 from ${table} where ${id} = ${ENTITY_UUID} and ${condition})`;
}

type Source = {
  /** A condition on the audit row for the rows this reader may see; null when none. */
  visible(reach: ChangeReach, db: Executor): SQL | null;
  /** The organisations the record concerns now, as uuid[]. */
  organisations: SQL;
};

const whole =
  (type: ChangeEntityType) =>
  (reach: ChangeReach): SQL | null =>
    reach.whole.has(type) ? sql`true` : null;

const column = (table: PgTable, value: PgColumn, id: PgColumn) =>
  sql`array(select ${value} from ${table} where ${id} = ${ENTITY_UUID})`;

const SOURCES: Record<ChangeEntityType, Source> = {
  organisation: { visible: whole("organisation"), organisations: sql`array[${ENTITY_UUID}]` },
  agreement: {
    visible: whole("agreement"),
    organisations: column(
      agreementPartyTable,
      agreementPartyTable.organisationId,
      agreementPartyTable.agreementId,
    ),
  },
  programme: {
    visible: whole("programme"),
    organisations: sql`(${column(programmeTable, programmeTable.leadOrganisationId, programmeTable.id)}
      || ${column(programmeOrganisationTable, programmeOrganisationTable.organisationId, programmeOrganisationTable.programmeId)})`,
  },
  reported_presence_import: { visible: whole("reported_presence_import"), organisations: sql`'{}'::uuid[]` },
  reporting_body: {
    visible: whole("reporting_body"),
    organisations: column(reportingBodyTable, reportingBodyTable.organisationId, reportingBodyTable.id),
  },
  reporting_obligation: {
    visible: whole("reporting_obligation"),
    organisations: column(
      reportingObligationTable,
      reportingObligationTable.organisationId,
      reportingObligationTable.id,
    ),
  },
  submission: {
    visible: (reach, db) =>
      within(submissionTable, submissionTable.id, submissionScopeCondition(db, reach.submission)),
    organisations: column(submissionTable, submissionTable.organisationId, submissionTable.id),
  },
  district_meeting: {
    visible: (reach) =>
      within(districtMeetingTable, districtMeetingTable.id, meetingScopeCondition(reach.meeting)),
    organisations: sql`coalesce((select ${districtMeetingTable.organisationIds} from ${districtMeetingTable}
      where ${districtMeetingTable.id} = ${ENTITY_UUID}), '{}'::uuid[])`,
  },
  incident: {
    visible: (reach) => within(incidentTable, incidentTable.id, incidentScopeCondition(reach.incident)),
    organisations: column(incidentTable, incidentTable.reportingOrganisationId, incidentTable.id),
  },
  referral: {
    visible: (reach) =>
      within(
        referralTable,
        referralTable.id,
        reach.referral.all ? undefined : referralScopeCondition(reach.referral),
      ),
    organisations: sql`(${column(referralTable, referralTable.fromOrganisationId, referralTable.id)}
      || ${column(referralTable, referralTable.providerOrganisationId, referralTable.id)})`,
  },
  service_provider: {
    visible: whole("service_provider"),
    organisations: column(serviceProviderTable, serviceProviderTable.organisationId, serviceProviderTable.id),
  },
  monitoring_visit: {
    visible: (reach) =>
      within(monitoringVisitTable, monitoringVisitTable.id, visitScopeCondition(reach.visit, reach.today)),
    organisations: column(
      monitoringVisitTable,
      monitoringVisitTable.monitoringOrganisationId,
      monitoringVisitTable.id,
    ),
  },
  recommendation: {
    visible: (reach) =>
      within(recommendationTable, recommendationTable.id, reachCondition(reach.recommendation)),
    organisations: sql`(${column(recommendationTable, recommendationTable.monitoringOrganisationId, recommendationTable.id)}
      || ${column(recommendationTable, recommendationTable.addresseeOrganisationId, recommendationTable.id)})`,
  },
  // A member's change shows as the partnership's update (the member child helper writes it).
  partnership: {
    visible: whole("partnership"),
    organisations: column(
      partnershipMemberTable,
      partnershipMemberTable.organisationId,
      partnershipMemberTable.partnershipId,
    ),
  },
  place: { visible: whole("place"), organisations: sql`'{}'::uuid[]` },
};

export type ChangeFilter = {
  reach: ChangeReach;
  /** The kinds of record asked for (a module's, or all). */
  types: readonly ChangeEntityType[];
  organisationId?: string;
  /** Only rows older than this place in the chain (the cursor). */
  beforeSeq?: number;
  limit: number;
};

export type ChangeRow = {
  id: number;
  chainSeq: number;
  occurredAt: string;
  actorName: string;
  action: "create" | "update" | "delete";
  statusChanged: boolean;
  entityType: ChangeEntityType;
  entityId: string;
  label: string | null;
  organisations: { id: string; name: string }[];
};

const list = (items: readonly SQL[], separator = sql`, `) => sql.join([...items], separator);

/**
 * Writes to the records the reader may read, newest first in commit order (chain_seq: a row committed later always
 * has a higher one, so a page boundary never hides a row committed meanwhile). Every access rule is in the WHERE,
 * before the LIMIT: a page is full whenever older visible rows exist. Labels of confidential records and changed
 * values never leave the database.
 */
export async function selectChanges(db: Executor, filter: ChangeFilter): Promise<ChangeRow[]> {
  const query = changesQuery(db, filter);
  if (query === null) return [];
  const rows = await queryRows<{
    id: string | number;
    chain_seq: string | number;
    occurred_at: string;
    actor_name: string;
    action: string;
    status_changed: boolean;
    entity_type: string;
    entity_id: string;
    label: string | null;
    organisations: { id: string; name: string }[];
  }>(db, query);
  return rows.map((r) => ({
    id: Number(r.id),
    chainSeq: Number(r.chain_seq),
    occurredAt: r.occurred_at,
    actorName: r.actor_name,
    action: r.action as ChangeRow["action"],
    statusChanged: r.status_changed,
    entityType: r.entity_type as ChangeEntityType,
    entityId: r.entity_id,
    label: r.label,
    organisations: r.organisations,
  }));
}

/** The feed's statement (bench/changes.ts explains it); null when the reader reaches no kind of record asked for. */
export function changesQuery(db: Executor, filter: ChangeFilter): SQL | null {
  const branches: { type: ChangeEntityType; visible: SQL }[] = [];
  for (const type of filter.types) {
    const visible = SOURCES[type].visible(filter.reach, db);
    if (visible) branches.push({ type, visible });
  }
  if (branches.length === 0) return null;
  const typeList = list(branches.map((b) => sql`${b.type}`));
  const visibleCase = sql`case ${a.entityType} ${list(
    branches.map((b) => sql`when ${b.type} then ${b.visible}`),
    sql` `,
  )} else false end`;
  const organisationsCase = sql`case ${a.entityType} ${list(
    branches.map((b) => sql`when ${b.type} then ${SOURCES[b.type].organisations}`),
    sql` `,
  )} else '{}'::uuid[] end`;
  const labelled = branches.filter((b) => CHANGE_SOURCES[b.type].labelled).map((b) => sql`${b.type}`);
  const label =
    labelled.length > 0
      ? sql`case when ${a.entityType} in (${list(labelled)}) then ${a.entityLabel} end`
      : sql`null`;
  return sql`select ${a.id} as id, ${a.chainSeq} as chain_seq,
          to_char(${a.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at,
          coalesce(${userTable.name}, ${a.actorLabel}) as actor_name, ${a.action} as action,
          (${a.action} = 'update' and (${a.changes} -> 'status') is not null) as status_changed,
          ${a.entityType} as entity_type, ${a.entityId} as entity_id, ${label} as label,
          (select coalesce(json_agg(json_build_object('id', o.id, 'name', o.name) order by o.name), '[]'::json)
             from ${organisationTable} o where o.id = any(${organisationsCase})) as organisations
        from ${a}
        left join ${userTable} on ${userTable.id} = ${a.actorUserId}
        where ${a.action} in ('create', 'update', 'delete')
          and ${a.entityType} in (${typeList})
          and ${visibleCase}
          ${filter.organisationId ? sql`and ${filter.organisationId}::uuid = any(${organisationsCase})` : sql``}
          ${filter.beforeSeq !== undefined ? sql`and ${a.chainSeq} < ${filter.beforeSeq}` : sql``}
        order by ${a.chainSeq} desc
        limit ${filter.limit}`;
}
