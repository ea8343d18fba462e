// District boundaries: what the API answers about them (browser-safe).
import { z } from "zod";

const Position = z.tuple([z.number(), z.number()]);
export const BoundaryGeometrySchema = z.union([
  z.object({ type: z.literal("Polygon"), coordinates: z.array(z.array(Position)) }),
  z.object({ type: z.literal("MultiPolygon"), coordinates: z.array(z.array(z.array(Position))) }),
]);

/**
 * Which shapes the map draws: `built_in`, the set shipped with the app (geoBoundaries / NISR, CC BY 4.0), until an
 * administrator loads one (`loaded`); null when neither can be read (the map falls back to its tiles).
 */
export const BOUNDARY_SOURCES = ["built_in", "loaded"] as const;
export const BoundarySourceSchema = z.enum(BOUNDARY_SOURCES);
export type BoundarySource = z.infer<typeof BoundarySourceSchema>;

/** The built-in set's file, and the credit its licence (CC BY 4.0) asks for wherever it is shown. */
export { BUILT_IN_BOUNDARIES } from "./boundary-credit";

export const BoundaryStatusSchema = z.object({
  /** An administrator's set is loaded (it replaces the built-in one until it is removed). */
  loaded: z.boolean(),
  source: BoundarySourceSchema.nullable(),
  districts: z.number().int(),
  loadedAt: z.string().nullable(),
  sourceName: z.string().nullable(),
  /** The credit and licence line to show with the shapes; null for an administrator's set (its own terms). */
  attribution: z.string().nullable(),
});
export type BoundaryStatus = z.infer<typeof BoundaryStatusSchema>;

export const DistrictBoundariesSchema = z.object({
  source: BoundarySourceSchema.nullable(),
  attribution: z.string().nullable(),
  loadedAt: z.string().nullable(),
  sourceName: z.string().nullable(),
  districts: z.array(z.object({ code: z.string(), name: z.string(), geometry: BoundaryGeometrySchema })),
});
export type DistrictBoundaries = z.infer<typeof DistrictBoundariesSchema>;

/**
 * The upload's body as the route checks it: any JSON object with a `type`; the file itself (GeoJSON FeatureCollection
 * or TopoJSON Topology, each district's shape) is checked when it is read.
 */
export const BoundaryUploadBodySchema = z.looseObject({ type: z.string().max(40) });

export const BoundaryUploadQuerySchema = z.object({
  name: z.string().trim().min(1).max(200).default("boundaries.geojson"),
});
