// District boundaries uploaded by an administrator (GeoJSON geometry per district); they replace the built-in set.
import { jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { placeTable } from "./places.table";

export const placeBoundaryTable = pgTable("place_boundary", {
  placeId: uuid("place_id")
    .primaryKey()
    .references(() => placeTable.id, { onDelete: "cascade" }),
  /** A GeoJSON Polygon or MultiPolygon in WGS 84 longitude/latitude, checked when loaded. */
  geometry: jsonb("geometry").$type<BoundaryGeometry>().notNull(),
  sourceName: text("source_name").notNull(),
  loadedBy: text("loaded_by").notNull(),
  loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Position = [number, number];
export type BoundaryGeometry =
  | { type: "Polygon"; coordinates: Position[][] }
  | { type: "MultiPolygon"; coordinates: Position[][][] };
