// Work reported in imported 3W files (HXL CSV): the files, and one row per organisation × theme × place, a source of the 3W view.
import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { versionColumns } from "../../kernel/versioned.table";
import { themeTable } from "../agreements/agreements.table";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import { HXL_DATE_PRECISIONS } from "./period-bounds";

/** One imported 3W file: who brought it in, when, and a hash of its text so that the same file is not imported twice. */
export const reportedImportTable = pgTable(
  "reported_import",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    fileName: text("file_name").notNull(),
    /** SHA-256 of the file's text (BOM and line endings normalised); null for imports made before it was kept. */
    contentSha256: text("content_sha256"),
    rowCount: integer("row_count").notNull(),
    importedBy: text("imported_by").notNull(),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
    ...versionColumns(),
  },
  (t) => [
    uniqueIndex("reported_import_content_idx").on(t.contentSha256),
    index("reported_import_file_name_idx").on(t.fileName),
  ],
);

export const reportedPresenceTable = pgTable(
  "reported_presence",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Every row of one file shares the import's id; deleting the import deletes its rows. */
    importId: uuid("import_id")
      .notNull()
      .references(() => reportedImportTable.id, { onDelete: "cascade" }),
    sourceLine: integer("source_line").notNull(),
    /** Null when the row names no implementer ("implementer not named"): kept, flagged, never guessed. */
    organisationId: uuid("organisation_id").references(() => organisationTable.id, { onDelete: "cascade" }),
    /** The donor named in `#org +funder`, kept as a funder, never as the one doing the work. */
    funderOrganisationId: uuid("funder_organisation_id").references(() => organisationTable.id, {
      onDelete: "set null",
    }),
    themeCode: text("theme_code")
      .notNull()
      .references(() => themeTable.code, { onDelete: "restrict", onUpdate: "cascade" }),
    placeId: uuid("place_id")
      .notNull()
      .references(() => placeTable.id, { onDelete: "restrict" }),
    activity: text("activity"),
    validFrom: date("valid_from", { mode: "string" }),
    validUntil: date("valid_until", { mode: "string" }),
    /**
     * How precisely the file gave each date: "2024" is stored as 2024-01-01 … 2024-12-31 with precision "year", so
     * the period's bounds hold for filters while the date is shown as written, never as an exact day.
     */
    validFromPrecision: text("valid_from_precision", { enum: HXL_DATE_PRECISIONS }).notNull().default("day"),
    validUntilPrecision: text("valid_until_precision", { enum: HXL_DATE_PRECISIONS })
      .notNull()
      .default("day"),
  },
  (t) => [
    index("reported_presence_theme_idx").on(t.themeCode),
    index("reported_presence_place_idx").on(t.placeId),
    index("reported_presence_organisation_idx").on(t.organisationId),
    index("reported_presence_funder_idx").on(t.funderOrganisationId),
    index("reported_presence_import_idx").on(t.importId),
    check(
      "reported_presence_period_order",
      sql`${t.validFrom} is null or ${t.validUntil} is null or ${t.validFrom} <= ${t.validUntil}`,
    ),
    check(
      "reported_presence_date_precisions",
      sql`${t.validFromPrecision} in ('day', 'month', 'year') and ${t.validUntilPrecision} in ('day', 'month', 'year')`,
    ),
  ],
);
