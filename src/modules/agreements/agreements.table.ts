// Tables of the agreements register: agreements, parties, themes, areas, commitments, progress, status history, documents.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  json,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { storedFileColumns } from "../../kernel/files/stored-file.table";
import { versionColumns } from "../../kernel/versioned.table";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import { themeTable } from "../themes/themes.table";

/** PostgreSQL's tsvector; written only by the database (a generated column). */
const tsvector = customType<{ data: string }>({
  dataType: () => "tsvector",
});

export const agreementTable = pgTable(
  "agreement",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    reference: text("reference"),
    kind: text("kind").notNull(),
    purpose: text("purpose"),
    status: text("status").notNull(),
    /** The signature date exactly as written, and what could be read from it. */
    signedOnText: text("signed_on_text"),
    signedYear: smallint("signed_year"),
    signedMonth: smallint("signed_month"),
    signedDay: smallint("signed_day"),
    signedPrecision: text("signed_precision").notNull().default("none"),
    /** "YYYY-MM-DD" keys sort every precision together (undated: 9999-99-99). */
    signedSortKey: text("signed_sort_key").notNull(),
    validFrom: date("valid_from", { mode: "string" }),
    validUntil: date("valid_until", { mode: "string" }),
    renewalTerms: text("renewal_terms"),
    followUpBody: text("follow_up_body"),
    amendsId: uuid("amends_id").references((): AnyPgColumn => agreementTable.id, { onDelete: "set null" }),
    keeperOrganisationId: uuid("keeper_organisation_id").references(() => organisationTable.id, {
      onDelete: "set null",
    }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /*
     * What the list filters on from other tables, copied onto the row by the database's own triggers
     * (migration 0012) whoever writes: the filters test the row itself instead of probing four tables per
     * agreement. Never written by the application.
     */
    themeCodes: text("theme_codes").array().notNull().default(sql`'{}'::text[]`),
    partyKinds: text("party_kinds").array().notNull().default(sql`'{}'::text[]`),
    partyOrganisationIds: uuid("party_organisation_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** Place ids as text, and sets as "set:national", "set:all_correctional_facilities". */
    areaKeys: text("area_keys").array().notNull().default(sql`'{}'::text[]`),
    /** The earliest due date of a planned entry not done: overdue when before today. */
    nextPlannedDue: date("next_planned_due", { mode: "string" }),
    /**
     * The due dates of the planned entries not done, earliest first: the list counts the overdue ones (those
     * before today) from the row instead of running a subquery per row (migration 0016).
     */
    openPlannedDues: date("open_planned_dues", { mode: "string" })
      .array()
      .notNull()
      .default(sql`'{}'::date[]`),
    /**
     * The parties as the list shows them (organisation id, name, acronym, kind, role; by name), kept by the
     * same triggers and by organisation renames: the list reads one value instead of joining two tables per
     * row (half of the database's time for a list page). json, not jsonb: it is only ever read out whole.
     */
    partyList: json("party_list").notNull().default(sql`'[]'::json`),
  },
  (t) => [
    index("agreement_status_idx").on(t.status),
    index("agreement_theme_codes_idx").using("gin", t.themeCodes),
    index("agreement_party_kinds_idx").using("gin", t.partyKinds),
    index("agreement_party_organisations_idx").using("gin", t.partyOrganisationIds),
    index("agreement_area_keys_idx").using("gin", t.areaKeys),
    index("agreement_next_planned_due_idx").on(t.nextPlannedDue),
    index("agreement_kind_idx").on(t.kind),
    index("agreement_signed_idx").on(t.signedSortKey),
    // The list's default order (newest signature first, undated last): a page stops after 50 index rows.
    index("agreement_list_order_idx").on(
      sql`(${t.signedYear} is null)`,
      // DESC NULLS FIRST is what a plain "order by … desc" means: the planner matches it exactly.
      t.signedSortKey.desc().nullsFirst(),
      sql`lower(${t.title})`,
      t.id,
    ),
    // The same order within one signature year: a year's page reads its 50 rows instead of filtering the
    // years before it out of the default order (migration 0016).
    index("agreement_year_order_idx").on(
      t.signedYear,
      t.signedSortKey.desc().nullsFirst(),
      sql`lower(${t.title})`,
      t.id,
    ),
    index("agreement_valid_until_idx").on(t.validUntil),
    index("agreement_amends_idx").on(t.amendsId),
    check("agreement_not_amending_itself", sql`${t.amendsId} is null or ${t.amendsId} <> ${t.id}`),
    check(
      "agreement_validity_order",
      sql`${t.validFrom} is null or ${t.validUntil} is null or ${t.validFrom} <= ${t.validUntil}`,
    ),
  ],
);

export const agreementPartyTable = pgTable(
  "agreement_party",
  {
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreementTable.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    role: text("role").notNull(),
    /** The order the parties were given in (0, 1, …): the status report prints them so. */
    position: integer("position").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.agreementId, t.organisationId, t.role] }),
    index("agreement_party_organisation_idx").on(t.organisationId),
  ],
);

/** Re-exported while programmes.table and coordination.table still import it from here (their owners move the import). */
export { themeTable };

export const agreementThemeTable = pgTable(
  "agreement_theme",
  {
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreementTable.id, { onDelete: "cascade" }),
    themeCode: text("theme_code")
      .notNull()
      .references(() => themeTable.code, { onDelete: "restrict", onUpdate: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.agreementId, t.themeCode] }),
    index("agreement_theme_code_idx").on(t.themeCode),
  ],
);

/** An area of implementation: one place, or one set of places (resolved when read, so it follows the list). */
export const agreementAreaTable = pgTable(
  "agreement_area",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreementTable.id, { onDelete: "cascade" }),
    placeId: uuid("place_id").references(() => placeTable.id, { onDelete: "restrict" }),
    placeSet: text("place_set"),
    /** The order the areas were given in (0, 1, …): the status report prints them so. */
    position: integer("position").notNull().default(0),
  },
  (t) => [
    index("agreement_area_agreement_idx").on(t.agreementId),
    index("agreement_area_place_idx").on(t.placeId),
    index("agreement_area_set_idx").on(t.placeSet),
    uniqueIndex("agreement_area_unique_idx").on(
      t.agreementId,
      sql`coalesce(${t.placeId}::text, ${t.placeSet})`,
    ),
    check("agreement_area_one_target", sql`(${t.placeId} is null) <> (${t.placeSet} is null)`),
  ],
);

export const commitmentTable = pgTable(
  "commitment",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreementTable.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    responsibleOrganisationId: uuid("responsible_organisation_id").references(() => organisationTable.id, {
      onDelete: "set null",
    }),
    status: text("status").notNull().default("not_started"),
    dueOn: date("due_on", { mode: "string" }),
    position: integer("position").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("commitment_agreement_idx").on(t.agreementId, t.position)],
);

export const progressEntryTable = pgTable(
  "progress_entry",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreementTable.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    text: text("text").notNull(),
    entryDate: date("entry_date", { mode: "string" }).notNull(),
    /**
     * False when the source did not date the entry (a status report's achievements): entry_date is then the day the
     * document reports as of, and readers show "date not reported" rather than a day nobody wrote.
     */
    dateReported: boolean("date_reported").notNull().default(true),
    dueOn: date("due_on", { mode: "string" }),
    done: boolean("done").notNull().default(false),
    /** Links to commitments and places of this agreement (checked by the service). */
    commitmentIds: uuid("commitment_ids").array().notNull().default(sql`'{}'::uuid[]`),
    placeIds: uuid("place_ids").array().notNull().default(sql`'{}'::uuid[]`),
    createdBy: text("created_by").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * The order entries were recorded in, given by the database: entries written in one transaction share
     * its time, and a row's physical place (ctid) moves when it is updated.
     */
    recordedSeq: bigint("recorded_seq", { mode: "number" }).generatedAlwaysAsIdentity(),
  },
  (t) => [
    index("progress_entry_agreement_idx").on(t.agreementId, t.entryDate),
    // The overview's recent progress across the register: newest first, a few rows read from the index.
    index("progress_entry_recent_idx").on(t.entryDate, t.createdAt),
    // Overdue planned activities are looked up across the register.
    index("progress_entry_open_planned_idx").on(t.dueOn).where(sql`${t.kind} = 'planned' and not ${t.done}`),
  ],
);

export const agreementStatusChangeTable = pgTable(
  "agreement_status_change",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreementTable.id, { onDelete: "cascade" }),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    changedOn: date("changed_on", { mode: "string" }).notNull(),
    reason: text("reason"),
    changedByUserId: text("changed_by_user_id"),
    changedBy: text("changed_by").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    /** The order changes were recorded in: changes recorded in one transaction share its time. */
    recordedSeq: bigint("recorded_seq", { mode: "number" }).generatedAlwaysAsIdentity(),
  },
  (t) => [index("agreement_status_change_agreement_idx").on(t.agreementId, t.recordedAt)],
);

/** A file kept with an agreement (signed copy, amendment, report), stored in the database so backups hold it. */
export const agreementDocumentTable = pgTable(
  "agreement_document",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreementTable.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    ...storedFileColumns(),
    ...versionColumns(),
  },
  (t) => [
    index("agreement_document_agreement_idx").on(t.agreementId, t.uploadedAt),
    check("agreement_document_size", sql`${t.sizeBytes} = octet_length(${t.data})`),
  ],
);

/**
 * What search runs over, one row per agreement, apart from the agreement itself: the texts are long, and
 * every list, count and overview scans agreement rows that stay narrow without them.
 */
export const agreementSearchTable = pgTable(
  "agreement_search",
  {
    agreementId: uuid("agreement_id")
      .primaryKey()
      .references(() => agreementTable.id, { onDelete: "cascade" }),
    /** Title, reference, purpose, signature text, follow-up body, commitments and progress, normalised. */
    searchText: text("search_text").notNull().default(""),
    /** The title alone, normalised: short, so ranking "the words side by side in the title" stays cheap. */
    titleText: text("title_text").notNull().default(""),
    /**
     * The parties' names, acronyms, aliases and contacts, as their organisations' search text: kept by
     * triggers on agreement_party and organisation, so renaming an organisation or adding an alias is found
     * in every agreement of it at once.
     */
    partySearchText: text("party_search_text").notNull().default(""),
    /**
     * The words of both texts as lexemes taken as they are (no stemming, no parser of its own), so that a
     * query word matches what normaliseForSearch made of the text, emails and "e huza" included.
     */
    searchVector: tsvector("search_vector")
      .notNull()
      .generatedAlwaysAs(
        sql`array_to_tsvector(array_remove(string_to_array(search_text || ' ' || party_search_text, ' '), ''))`,
      ),
  },
  (t) => [index("agreement_search_vector_idx").using("gin", t.searchVector)],
);

/**
 * Every word that occurs in some agreement's search text (kept by a trigger on agreement_search): a misspelt
 * query word is corrected against these few thousand short words, where a trigram index works well, instead
 * of against each agreement's long text, where it cannot.
 */
export const agreementSearchWordTable = pgTable(
  "agreement_search_word",
  { word: text("word").primaryKey() },
  (t) => [index("agreement_search_word_trgm_idx").using("gin", t.word.op("gin_trgm_ops"))],
);

/**
 * Agreements whose list facets (see agreementTable) must be recomputed when the writing transaction commits:
 * one row per agreement, however many of its parties, themes, areas and progress entries the transaction
 * wrote, so the agreement row is rewritten once, not once per statement. Empty outside a transaction.
 */
export const agreementFacetsPendingTable = pgTable("agreement_facets_pending", {
  agreementId: uuid("agreement_id").primaryKey(),
});

/**
 * Transactions that changed something the agreements list filters on, one row each until it commits: its deferred
 * trigger moves agreement_list_change_seq once per transaction, not once per row written. Empty outside a
 * transaction.
 */
export const agreementListChangePendingTable = pgTable("agreement_list_change_pending", {
  xact: bigint("xact", { mode: "number" }).primaryKey(),
});

/**
 * A field of the agreement that the register has no column for, as a document gave it: the header of a column an
 * import did not map ("Focal person") and the row's text under it. Shown on the agreement's page and exported
 * as a column of that header, so that re-importing the export finds the same field instead of adding it again.
 */
export const agreementOtherFieldTable = pgTable(
  "agreement_other_field",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreementTable.id, { onDelete: "cascade" }),
    /** The order the fields were given in (0, 1, …): the file's column order. */
    position: integer("position").notNull(),
    label: text("label").notNull(),
    value: text("value").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("agreement_other_field_agreement_idx").on(t.agreementId, t.position)],
);
