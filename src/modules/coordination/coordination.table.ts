// Work reported in imported 3W files (HXL CSV): one row per organisation × theme × place, a source of the 3W view.
import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { themeTable } from "../agreements/agreements.table";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";

export const reportedPresenceTable = pgTable(
  "reported_presence",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Every row of one file shares the import's id. */
    importId: uuid("import_id").notNull(),
    sourceName: text("source_name").notNull(),
    sourceLine: integer("source_line").notNull(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "cascade" }),
    themeCode: text("theme_code")
      .notNull()
      .references(() => themeTable.code, { onDelete: "restrict", onUpdate: "cascade" }),
    placeId: uuid("place_id")
      .notNull()
      .references(() => placeTable.id, { onDelete: "restrict" }),
    activity: text("activity"),
    validFrom: date("valid_from", { mode: "string" }),
    validUntil: date("valid_until", { mode: "string" }),
    importedBy: text("imported_by").notNull(),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("reported_presence_theme_idx").on(t.themeCode),
    index("reported_presence_place_idx").on(t.placeId),
    index("reported_presence_organisation_idx").on(t.organisationId),
    index("reported_presence_import_idx").on(t.importId),
    check(
      "reported_presence_period_order",
      sql`${t.validFrom} is null or ${t.validUntil} is null or ${t.validFrom} <= ${t.validUntil}`,
    ),
  ],
);
