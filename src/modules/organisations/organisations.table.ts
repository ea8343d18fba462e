// Tables of the organisations module: organisations and their memberships in networks.
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  customType,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** A PostgreSQL datemultirange, as its text ("{[2025-02-11,2025-07-01)}"); only SQL reads it. */
const dateMultirange = customType<{ data: string }>({ dataType: () => "datemultirange" });

export const organisationTable = pgTable(
  "organisation",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** Normalised name (lower case, no accents, single spaces): one organisation per name. */
    nameKey: text("name_key").notNull(),
    acronym: text("acronym"),
    aliases: text("aliases").array().notNull().default(sql`'{}'::text[]`),
    kind: text("kind").notNull(),
    /** ISO 3166 alpha-2; null for international associations and networks with no country. */
    countryCode: text("country_code").default("RW"),
    email: text("email"),
    phone: text("phone"),
    website: text("website"),
    address: text("address"),
    description: text("description"),
    /**
     * The day (Kigali) an administrator or coordinator deactivated it; null while active. Its reporting
     * obligations generate no due report for a period starting after this day; earlier ones are kept.
     */
    deactivatedOn: date("deactivated_on", { mode: "string" }),
    /**
     * The pauses, deactivation to reactivation, as days after each deactivation day up to its reactivation day
     * (open while deactivated): no report is owed for a period that starts on one of them.
     */
    pausedDays: dateMultirange("paused_days"),
    /** Normalised name, acronym, aliases and contacts: what trigram search runs over. */
    searchText: text("search_text").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("organisation_name_key_idx").on(t.nameKey),
    index("organisation_search_idx").using("gin", t.searchText.op("gin_trgm_ops")),
    index("organisation_kind_idx").on(t.kind),
  ],
);

export const membershipTable = pgTable(
  "membership",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "cascade" }),
    networkId: uuid("network_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "cascade" }),
    role: text("role").notNull(),
    /** Free precision on the role, e.g. "for Eastern Africa". */
    roleNote: text("role_note"),
    startYear: integer("start_year"),
    endYear: integer("end_year"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** The order memberships were recorded in (an import writes several in one transaction, at one time). */
    recordedSeq: bigint("recorded_seq", { mode: "number" }).generatedAlwaysAsIdentity(),
  },
  (t) => [
    index("membership_organisation_idx").on(t.organisationId),
    index("membership_network_idx").on(t.networkId),
    check("membership_not_self", sql`${t.organisationId} <> ${t.networkId}`),
  ],
);

/** The people to reach at an organisation (PRODUCT.md: contact person), edited with the organisation's rights. */
export const contactPersonTable = pgTable(
  "contact_person",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** What the person does there ("Programme officer"). */
    function: text("function"),
    email: text("email"),
    phone: text("phone"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** The order they were recorded in: the page lists them so. */
    recordedSeq: bigint("recorded_seq", { mode: "number" }).generatedAlwaysAsIdentity(),
  },
  (t) => [index("contact_person_organisation_idx").on(t.organisationId, t.recordedSeq)],
);
