// Tables of programmes: organisations, places, themes, agreements, logframe, indicators, results, events and rollups.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
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
import { versionColumns } from "../../kernel/versioned.table";
import { agreementTable, themeTable } from "../agreements/agreements.table";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import type { IatiKept } from "./iati.schema";

export type ProgrammeNarratives = { title: Record<string, string>; description: Record<string, string> };

/** numeric read back as a JS number: counts and amounts stay well inside 2^53. */
const num = (name: string) => numeric(name, { precision: 18, scale: 2, mode: "number" });

export const programmeTable = pgTable(
  "programme",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    description: text("description"),
    leadOrganisationId: uuid("lead_organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    status: text("status").notNull(),
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }).notNull(),
    /** The IATI activity this programme was imported from: a second import of it is refused. */
    iatiIdentifier: text("iati_identifier"),
    /** Title and description in every language the source gave (IATI narratives), by language code. */
    narratives: jsonb("narratives").$type<ProgrammeNarratives>(),
    /** What the IATI activity said beyond these fields (budgets, transactions, sectors…), for the export. */
    iati: jsonb("iati").$type<IatiKept>(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("programme_lead_idx").on(t.leadOrganisationId),
    uniqueIndex("programme_iati_identifier_idx").on(t.iatiIdentifier),
    index("programme_title_idx").on(sql`lower(${t.title})`),
    check("programme_period_order", sql`${t.startDate} <= ${t.endDate}`),
  ],
);

/** Implementing partners and donors (with what each funds). The lead is on the programme row. */
export const programmeOrganisationTable = pgTable(
  "programme_organisation",
  {
    programmeId: uuid("programme_id")
      .notNull()
      .references(() => programmeTable.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    role: text("role").notNull(),
    amount: num("amount"),
    currency: text("currency"),
  },
  (t) => [
    primaryKey({ columns: [t.programmeId, t.organisationId, t.role] }),
    index("programme_organisation_organisation_idx").on(t.organisationId),
  ],
);

export const programmePlaceTable = pgTable(
  "programme_place",
  {
    programmeId: uuid("programme_id")
      .notNull()
      .references(() => programmeTable.id, { onDelete: "cascade" }),
    placeId: uuid("place_id")
      .notNull()
      .references(() => placeTable.id, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.programmeId, t.placeId] }),
    index("programme_place_place_idx").on(t.placeId),
  ],
);

export const programmeThemeTable = pgTable(
  "programme_theme",
  {
    programmeId: uuid("programme_id")
      .notNull()
      .references(() => programmeTable.id, { onDelete: "cascade" }),
    themeCode: text("theme_code")
      .notNull()
      .references(() => themeTable.code, { onDelete: "restrict", onUpdate: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.themeCode] })],
);

export const programmeAgreementTable = pgTable(
  "programme_agreement",
  {
    programmeId: uuid("programme_id")
      .notNull()
      .references(() => programmeTable.id, { onDelete: "cascade" }),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreementTable.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.programmeId, t.agreementId] }),
    index("programme_agreement_agreement_idx").on(t.agreementId),
  ],
);

/** Objective → outcomes → outputs → activities, one row per item. */
export const logframeItemTable = pgTable(
  "logframe_item",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    programmeId: uuid("programme_id")
      .notNull()
      .references(() => programmeTable.id, { onDelete: "cascade" }),
    parentId: uuid("parent_id").references((): AnyPgColumn => logframeItemTable.id, { onDelete: "cascade" }),
    level: text("level").notNull(),
    text: text("text").notNull(),
    /** The text in every language an IATI source gave, by language code (text holds the one shown). */
    narratives: jsonb("narratives").$type<Record<string, string>>(),
    position: integer("position").notNull(),
    ...versionColumns(),
  },
  (t) => [
    index("logframe_item_programme_idx").on(t.programmeId, t.position),
    index("logframe_item_parent_idx").on(t.parentId),
  ],
);

export const indicatorTable = pgTable(
  "indicator",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    programmeId: uuid("programme_id")
      .notNull()
      .references(() => programmeTable.id, { onDelete: "cascade" }),
    logframeItemId: uuid("logframe_item_id")
      .notNull()
      .references(() => logframeItemTable.id, { onDelete: "cascade" }),
    libraryCode: text("library_code"),
    title: text("title").notNull(),
    /** The title in every language an IATI source gave, by language code (title holds the one shown). */
    narratives: jsonb("narratives").$type<Record<string, string>>(),
    unit: text("unit").notNull(),
    calculation: text("calculation").notNull(),
    baselineValue: num("baseline_value"),
    baselineText: text("baseline_text"),
    baselineDate: date("baseline_date", { mode: "string" }),
    disaggregations: text("disaggregations").array().notNull().default(sql`'{}'::text[]`),
    position: integer("position").notNull(),
    ...versionColumns(),
  },
  (t) => [
    index("indicator_programme_idx").on(t.programmeId, t.position),
    index("indicator_logframe_item_idx").on(t.logframeItemId),
  ],
);

export const indicatorTargetTable = pgTable(
  "indicator_target",
  {
    indicatorId: uuid("indicator_id")
      .notNull()
      .references(() => indicatorTable.id, { onDelete: "cascade" }),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    value: num("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.indicatorId, t.periodStart, t.periodEnd] })],
);

export const programmeEventTable = pgTable(
  "programme_event",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    programmeId: uuid("programme_id")
      .notNull()
      .references(() => programmeTable.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }),
    /** False when the source gives no date: start and end are then the period it happened in, not its date. */
    dateReported: boolean("date_reported").notNull().default(true),
    placeIds: uuid("place_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** The district of the first place, where participants are counted (kept so the rollup needs no join). */
    districtId: uuid("district_id").references(() => placeTable.id, { onDelete: "set null" }),
    organiserIds: uuid("organiser_ids").array().notNull().default(sql`'{}'::uuid[]`),
    activityId: uuid("activity_id").references(() => logframeItemTable.id, { onDelete: "set null" }),
    indicatorIds: uuid("indicator_ids").array().notNull().default(sql`'{}'::uuid[]`),
    reachNote: text("reach_note"),
    repeatAudience: boolean("repeat_audience").notNull().default(false),
    notes: text("notes"),
    ...versionColumns(),
  },
  (t) => [
    index("programme_event_programme_idx").on(t.programmeId, t.startDate),
    index("programme_event_activity_idx").on(t.activityId),
  ],
);

export const eventParticipantsTable = pgTable(
  "event_participants",
  {
    eventId: uuid("event_id")
      .notNull()
      .references(() => programmeEventTable.id, { onDelete: "cascade" }),
    category: text("category").notNull(),
    sex: text("sex").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.category, t.sex] }),
    check("event_participants_count", sql`${t.count} >= 0`),
  ],
);

/** A reported value for one indicator, period and place; events write theirs (event_id set). */
export const resultTable = pgTable(
  "result",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    indicatorId: uuid("indicator_id")
      .notNull()
      .references(() => indicatorTable.id, { onDelete: "cascade" }),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    placeId: uuid("place_id").references(() => placeTable.id, { onDelete: "restrict" }),
    valueKind: text("value_kind").notNull(),
    value: num("value"),
    denominator: num("denominator"),
    text: text("text"),
    eventId: uuid("event_id").references(() => programmeEventTable.id, { onDelete: "cascade" }),
    /**
     * The accepted periodic report (reporting's submission) this value came from (decision 017). No foreign key:
     * reporting already depends on programmes, and a submitted report is never deleted.
     */
    submissionId: uuid("submission_id"),
    ...versionColumns(),
  },
  (t) => [
    index("result_indicator_idx").on(t.indicatorId, t.periodEnd),
    index("result_event_idx").on(t.eventId),
    uniqueIndex("result_submission_indicator_idx")
      .on(t.submissionId, t.indicatorId)
      .where(sql`${t.submissionId} is not null`),
    check("result_value_not_negative", sql`${t.value} is null or ${t.value} >= 0`),
    // Not reported carries no number, so nothing can ever add it up as a zero.
    check(
      "result_value_matches_kind",
      sql`(${t.valueKind} in ('exact','lower_bound')) = (${t.value} is not null)`,
    ),
  ],
);

export const resultBreakdownTable = pgTable(
  "result_breakdown",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    resultId: uuid("result_id")
      .notNull()
      .references(() => resultTable.id, { onDelete: "cascade" }),
    sex: text("sex"),
    ageGroup: text("age_group"),
    category: text("category"),
    value: num("value").notNull(),
  },
  (t) => [index("result_breakdown_result_idx").on(t.resultId)],
);

/** Each indicator's value over all its results, refreshed in the transaction that changes them. */
export const indicatorRollupTable = pgTable("indicator_rollup", {
  indicatorId: uuid("indicator_id")
    .primaryKey()
    .references(() => indicatorTable.id, { onDelete: "cascade" }),
  exactSum: num("exact_sum").notNull().default(0),
  boundSum: num("bound_sum").notNull().default(0),
  boundCount: integer("bound_count").notNull().default(0),
  numericCount: integer("numeric_count").notNull().default(0),
  maxValue: num("max_value"),
  maxIsBound: boolean("max_is_bound").notNull().default(false),
  latestValue: num("latest_value"),
  latestKind: text("latest_kind"),
  numeratorSum: num("numerator_sum").notNull().default(0),
  denominatorSum: num("denominator_sum").notNull().default(0),
  qualitative: text("qualitative").array().notNull().default(sql`'{}'::text[]`),
  notReportedCount: integer("not_reported_count").notNull().default(0),
});

/** People reached per programme, category, sex and district, refreshed whenever an event changes. */
export const programmeReachTable = pgTable(
  "programme_reach",
  {
    programmeId: uuid("programme_id")
      .notNull()
      .references(() => programmeTable.id, { onDelete: "cascade" }),
    category: text("category").notNull(),
    sex: text("sex").notNull(),
    districtId: uuid("district_id").references(() => placeTable.id, { onDelete: "cascade" }),
    people: integer("people").notNull(),
  },
  (t) => [
    uniqueIndex("programme_reach_key_idx").on(
      t.programmeId,
      t.category,
      t.sex,
      sql`coalesce(${t.districtId}::text, '')`,
    ),
  ],
);

/**
 * Transactions that changed something the dashboard across programmes reads (programmes and their organisations,
 * indicators, targets, rollups, events, participants, people reached, places): a statement trigger notes the
 * transaction here once, and this table's deferred trigger moves programme_dashboard_change_seq at its commit, the
 * counter that dashboard is cached against (migration 0049). Empty outside a transaction.
 */
export const programmeDashboardChangePendingTable = pgTable("programme_dashboard_change_pending", {
  xact: bigint("xact", { mode: "number" }).primaryKey(),
});

/**
 * DAC 5-digit purpose codes → the theme a programme with that sector gets; administrators change it. The codes are
 * loaded at every start (new ones added, edited ones left alone), as the themes they point to are.
 */
export const iatiSectorThemeTable = pgTable("iati_sector_theme", {
  sectorCode: text("sector_code").primaryKey(),
  name: text("name").notNull(),
  themeCode: text("theme_code").references(() => themeTable.code, {
    onDelete: "set null",
    onUpdate: "cascade",
  }),
  version: integer("version").notNull().default(1),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
