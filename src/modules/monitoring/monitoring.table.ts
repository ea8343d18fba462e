// Tables of detention monitoring (the NPM): occupancy figures of places of detention, visits and their findings,
// recommendations with their places, sources, status history and the authority's answer, follow-up actions serving
// several recommendations, and the institution's roadmap. Findings carry no names (an individual case becomes a
// confidential incident, linked, never copied).
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { storedFileColumns } from "../../kernel/files/stored-file.table";
import { versionColumns } from "../../kernel/versioned.table";
import { incidentTable } from "../incidents/incidents.table";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";

/** Team member of a visit: a name and what they bring (monitors are staff, experts come from outside). */
export type VisitTeamMember = {
  name: string;
  role: "monitor" | "external_expert" | "doctor" | "interpreter" | "other";
};
/** People interviewed, by category and count; never names. */
export type VisitInterviews = { category: string; count: number }[];

/**
 * Occupancy of a place as a source gave it: capacity and population (by sex, minors), or only a published rate.
 * The rate is kept as published; when it is absent it is computed from population and capacity when read.
 */
export const placeOccupancyTable = pgTable(
  "place_occupancy",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    placeId: uuid("place_id")
      .notNull()
      .references(() => placeTable.id, { onDelete: "restrict" }),
    asOf: date("as_of", { mode: "string" }).notNull(),
    capacity: integer("capacity"),
    population: integer("population"),
    men: integer("men"),
    women: integer("women"),
    minors: integer("minors"),
    /** Per cent, one decimal, as the source published it. */
    publishedRate: numeric("published_rate", { precision: 6, scale: 1, mode: "number" }),
    source: text("source").notNull(),
    ...versionColumns(),
  },
  (t) => [
    uniqueIndex("place_occupancy_source_idx").on(t.placeId, t.asOf, t.source),
    index("place_occupancy_as_of_idx").on(t.asOf),
    check(
      "place_occupancy_counts",
      sql`coalesce(${t.capacity}, 1) > 0 and coalesce(${t.population}, 0) >= 0 and coalesce(${t.men}, 0) >= 0
        and coalesce(${t.women}, 0) >= 0 and coalesce(${t.minors}, 0) >= 0 and coalesce(${t.publishedRate}, 0) >= 0`,
    ),
    check(
      "place_occupancy_something",
      sql`${t.publishedRate} is not null or ${t.population} is not null or ${t.capacity} is not null`,
    ),
  ],
);

export const monitoringVisitTable = pgTable(
  "monitoring_visit",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Running number behind the reference VIS-<year>-<number>. */
    number: bigint("number", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    /** The monitoring body (the NCHR as NPM): the visit's scope. */
    monitoringOrganisationId: uuid("monitoring_organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    placeId: uuid("place_id")
      .notNull()
      .references(() => placeTable.id, { onDelete: "restrict" }),
    /** The district the place lies in, copied for scope and lists. */
    districtId: uuid("district_id").references(() => placeTable.id, { onDelete: "restrict" }),
    status: text("status").notNull().default("planned"),
    announced: boolean("announced").notNull(),
    visitType: text("visit_type").notNull(),
    /** A follow-up visit names the visit whose recommendations it checks. */
    followUpOfVisitId: uuid("follow_up_of_visit_id"),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }),
    objectives: text("objectives"),
    team: jsonb("team").$type<VisitTeamMember[]>().notNull().default(sql`'[]'::jsonb`),
    interviews: jsonb("interviews").$type<VisitInterviews>().notNull().default(sql`'[]'::jsonb`),
    summary: text("summary"),
    /** The day the institution published the visit report; until then it is confidential. */
    publishedOn: date("published_on", { mode: "string" }),
    ...versionColumns(),
  },
  (t) => [
    uniqueIndex("monitoring_visit_number_idx").on(t.number),
    index("monitoring_visit_place_idx").on(t.placeId, t.startsOn),
    index("monitoring_visit_org_idx").on(t.monitoringOrganisationId, t.startsOn),
    check("monitoring_visit_status", sql`${t.status} in ('planned', 'conducted', 'cancelled')`),
    check("monitoring_visit_type", sql`${t.visitType} in ('regular', 'follow_up', 'ad_hoc')`),
    check("monitoring_visit_dates", sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
    check("monitoring_visit_follow_up", sql`${t.followUpOfVisitId} is null or ${t.visitType} = 'follow_up'`),
  ],
);

export const monitoringFindingTable = pgTable(
  "monitoring_finding",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    visitId: uuid("visit_id")
      .notNull()
      .references(() => monitoringVisitTable.id, { onDelete: "restrict" }),
    position: integer("position").notNull().default(0),
    theme: text("theme").notNull(),
    vulnerableGroups: text("vulnerable_groups").array().notNull().default(sql`'{}'::text[]`),
    severity: text("severity").notNull(),
    text: text("text").notNull(),
    /** An individual case: the confidential incident it was opened as (details stay in the incident). */
    incidentId: uuid("incident_id").references(() => incidentTable.id, { onDelete: "set null" }),
    ...versionColumns(),
  },
  (t) => [
    index("monitoring_finding_visit_idx").on(t.visitId, t.position),
    index("monitoring_finding_theme_idx").on(t.theme),
    check("monitoring_finding_severity", sql`${t.severity} in ('low', 'medium', 'high', 'critical')`),
  ],
);

/** Evidence of a finding (photos, documents). */
export const monitoringFindingFileTable = pgTable(
  "monitoring_finding_file",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    findingId: uuid("finding_id")
      .notNull()
      .references(() => monitoringFindingTable.id, { onDelete: "restrict" }),
    ...storedFileColumns(),
    ...versionColumns(),
  },
  (t) => [
    index("monitoring_finding_file_finding_idx").on(t.findingId),
    check("monitoring_finding_file_size", sql`${t.sizeBytes} = octet_length(${t.data})`),
  ],
);

export const recommendationTable = pgTable(
  "recommendation",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Running number behind the reference REC-<year>-<number>. */
    number: bigint("number", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    monitoringOrganisationId: uuid("monitoring_organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    text: text("text").notNull(),
    theme: text("theme").notNull(),
    vulnerableGroups: text("vulnerable_groups").array().notNull().default(sql`'{}'::text[]`),
    addresseeOrganisationId: uuid("addressee_organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    priority: text("priority").notNull(),
    /** The day it was made (the visit's last day, or the day written). */
    issuedOn: date("issued_on", { mode: "string" }).notNull(),
    deadline: date("deadline", { mode: "string" }),
    /** "All facilities" as a set, rather than a list that goes stale when a facility opens. */
    allFacilities: boolean("all_facilities").notNull().default(false),
    status: text("status").notNull().default("not_answered"),
    /** The day of the latest status change (what "implemented on" and "time to implementation" read). */
    statusOn: date("status_on", { mode: "string" }).notNull(),
    /** The authority's response and action plan, as it wrote them. */
    response: text("response"),
    respondedOn: date("responded_on", { mode: "string" }),
    publishedOn: date("published_on", { mode: "string" }),
    ...versionColumns(),
  },
  (t) => [
    uniqueIndex("recommendation_number_idx").on(t.number),
    index("recommendation_addressee_idx").on(t.addresseeOrganisationId, t.status),
    index("recommendation_theme_idx").on(t.theme, t.issuedOn),
    index("recommendation_issued_idx").on(t.issuedOn),
    check(
      "recommendation_status",
      sql`${t.status} in ('not_answered', 'accepted', 'not_accepted', 'in_progress', 'partly_implemented', 'implemented')`,
    ),
    check("recommendation_priority", sql`${t.priority} in ('low', 'medium', 'high')`),
    check("recommendation_deadline", sql`${t.deadline} is null or ${t.deadline} >= ${t.issuedOn}`),
    check("recommendation_status_on", sql`${t.statusOn} >= ${t.issuedOn}`),
  ],
);

export const recommendationPlaceTable = pgTable(
  "recommendation_place",
  {
    recommendationId: uuid("recommendation_id")
      .notNull()
      .references(() => recommendationTable.id, { onDelete: "cascade" }),
    placeId: uuid("place_id")
      .notNull()
      .references(() => placeTable.id, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.recommendationId, t.placeId] }),
    index("recommendation_place_place_idx").on(t.placeId),
  ],
);

/** The findings a recommendation comes from (and through them its visits). */
export const recommendationFindingTable = pgTable(
  "recommendation_finding",
  {
    recommendationId: uuid("recommendation_id")
      .notNull()
      .references(() => recommendationTable.id, { onDelete: "cascade" }),
    findingId: uuid("finding_id")
      .notNull()
      .references(() => monitoringFindingTable.id, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.recommendationId, t.findingId] }),
    index("recommendation_finding_finding_idx").on(t.findingId),
  ],
);

/** The visits a recommendation comes from: those of its findings, and any named without a finding. */
export const recommendationVisitTable = pgTable(
  "recommendation_visit",
  {
    recommendationId: uuid("recommendation_id")
      .notNull()
      .references(() => recommendationTable.id, { onDelete: "cascade" }),
    visitId: uuid("visit_id")
      .notNull()
      .references(() => monitoringVisitTable.id, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.recommendationId, t.visitId] }),
    index("recommendation_visit_visit_idx").on(t.visitId),
  ],
);

/** Dated status changes, appended: the history the tracker and "time to implementation" read. */
export const recommendationStatusChangeTable = pgTable(
  "recommendation_status_change",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    recommendationId: uuid("recommendation_id")
      .notNull()
      .references(() => recommendationTable.id, { onDelete: "restrict" }),
    status: text("status").notNull(),
    changedOn: date("changed_on", { mode: "string" }).notNull(),
    note: text("note"),
    /** The follow-up visit that verified it, when a visit did. */
    visitId: uuid("visit_id").references(() => monitoringVisitTable.id, { onDelete: "restrict" }),
    recordedBy: text("recorded_by").notNull(),
    recordedByUserId: text("recorded_by_user_id"),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("recommendation_status_change_rec_idx").on(t.recommendationId, t.changedOn)],
);

/** Evidence of a status change (a circular, photos of the new cells, a progress report). */
export const recommendationEvidenceTable = pgTable(
  "recommendation_evidence",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    statusChangeId: uuid("status_change_id")
      .notNull()
      .references(() => recommendationStatusChangeTable.id, { onDelete: "restrict" }),
    ...storedFileColumns(),
    ...versionColumns(),
  },
  (t) => [
    index("recommendation_evidence_change_idx").on(t.statusChangeId),
    check("recommendation_evidence_size", sql`${t.sizeBytes} = octet_length(${t.data})`),
  ],
);

/** An action of the authority's plan (or of a partner); one action may serve several recommendations. */
export const followUpActionTable = pgTable(
  "follow_up_action",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Who acts (usually the addressee); scope of the action. */
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    title: text("title").notNull(),
    description: text("description"),
    dueOn: date("due_on", { mode: "string" }),
    status: text("status").notNull().default("planned"),
    progress: integer("progress").notNull().default(0),
    /** The latest progress report, as the acting organisation wrote it. */
    progressNote: text("progress_note"),
    ...versionColumns(),
  },
  (t) => [
    index("follow_up_action_org_idx").on(t.organisationId),
    check("follow_up_action_status", sql`${t.status} in ('planned', 'in_progress', 'done', 'cancelled')`),
    check("follow_up_action_progress", sql`${t.progress} between 0 and 100`),
  ],
);

export const followUpActionRecommendationTable = pgTable(
  "follow_up_action_recommendation",
  {
    actionId: uuid("action_id")
      .notNull()
      .references(() => followUpActionTable.id, { onDelete: "cascade" }),
    recommendationId: uuid("recommendation_id")
      .notNull()
      .references(() => recommendationTable.id, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.actionId, t.recommendationId] }),
    index("follow_up_action_recommendation_rec_idx").on(t.recommendationId),
  ],
);

/** The institution's roadmap (seed 002): internal organisation, NPM work, communication and cooperation. */
export const monitoringPlanItemTable = pgTable(
  "monitoring_plan_item",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    monitoringOrganisationId: uuid("monitoring_organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    area: text("area").notNull(),
    title: text("title").notNull(),
    owner: text("owner"),
    dueOn: date("due_on", { mode: "string" }),
    status: text("status").notNull().default("not_started"),
    progress: integer("progress").notNull().default(0),
    position: integer("position").notNull().default(0),
    ...versionColumns(),
  },
  (t) => [
    index("monitoring_plan_item_org_idx").on(t.monitoringOrganisationId, t.area, t.position),
    check(
      "monitoring_plan_item_area",
      sql`${t.area} in ('internal_organisation', 'npm_work', 'communication_and_cooperation')`,
    ),
    check(
      "monitoring_plan_item_status",
      sql`${t.status} in ('not_started', 'in_progress', 'done', 'postponed')`,
    ),
    check("monitoring_plan_item_progress", sql`${t.progress} between 0 and 100`),
  ],
);
