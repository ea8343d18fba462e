// What the public portal shows: the portal's own settings (licence, incident statistics) and, per institution, the
// sections an administrator chose to publish. Nothing is published until a row says so (decision 031).
import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { versionColumns } from "../../kernel/versioned.table";
import { organisationTable } from "../organisations/organisations.table";

/** One row (id 1), made by the migration: the portal is one record, versioned and audited as a whole. */
export const publicPortalTable = pgTable(
  "public_portal",
  {
    id: integer("id").primaryKey().default(1),
    /** The licence line printed on every page and download (e.g. "CC BY 4.0"). */
    licence: text("licence").notNull().default("CC BY 4.0"),
    /**
     * The register-wide incident counts with small cells suppressed (the incidents module's cube covers the whole
     * register, not one institution's incidents: published for all or none).
     */
    incidentStatistics: boolean("incident_statistics").notNull().default(false),
    ...versionColumns(),
  },
  (t) => [check("public_portal_single_row", sql`${t.id} = 1`)],
);

/** The sections one institution publishes; versioned with the portal row (the whole settings form saves at once). */
export const publicInstitutionTable = pgTable("public_institution", {
  organisationId: uuid("organisation_id")
    .primaryKey()
    .references(() => organisationTable.id, { onDelete: "cascade" }),
  /** The agreements it keeps: title, parties, period, themes, places (never documents, notes or progress). */
  agreements: boolean("agreements").notNull().default(false),
  /** Its partners' work from those agreements on the 3W map and matrix. */
  threeW: boolean("three_w").notNull().default(false),
  /** The recommendations it issued as a monitoring body that are themselves published, with their status. */
  recommendations: boolean("recommendations").notNull().default(false),
  /** The results of the programmes it leads, and their IATI file. */
  programmeResults: boolean("programme_results").notNull().default(false),
});
