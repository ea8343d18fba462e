// Table of places: Rwanda's administrative units, places of detention, headquarters, countries.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { versionColumns } from "../../kernel/versioned.table";

export const placeTable = pgTable(
  "place",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull(),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    names: jsonb("names").$type<{ en: string; fr: string; rw: string }>().notNull(),
    parentId: uuid("parent_id").references((): AnyPgColumn => placeTable.id),
    aliases: text("aliases").array().notNull().default(sql`'{}'::text[]`),
    detentionType: text("detention_type"),
    operator: text("operator"),
    /** Places of detention: prison, police station, transit centre, … (see places.schema.ts). */
    facilityKind: text("facility_kind"),
    /** Places of detention: the official capacity (the occupancy figures keep each source's own). */
    capacity: integer("capacity"),
    isOpen: boolean("is_open").notNull().default(true),
    searchText: text("search_text").notNull(),
    /** Places of detention are edited through the API (If-Match); reference rows stay at version 1 until then. */
    ...versionColumns(),
  },
  (t) => [
    uniqueIndex("place_code_idx").on(t.code),
    index("place_parent_idx").on(t.parentId),
    index("place_kind_idx").on(t.kind),
    index("place_search_idx").using("gin", t.searchText.op("gin_trgm_ops")),
  ],
);
