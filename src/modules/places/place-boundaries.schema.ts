// District boundaries: what the API answers about them (browser-safe).
import { z } from "zod";

const Position = z.tuple([z.number(), z.number()]);
export const BoundaryGeometrySchema = z.union([
  z.object({ type: z.literal("Polygon"), coordinates: z.array(z.array(Position)) }),
  z.object({ type: z.literal("MultiPolygon"), coordinates: z.array(z.array(z.array(Position))) }),
]);

export const BoundaryStatusSchema = z.object({
  loaded: z.boolean(),
  districts: z.number().int(),
  loadedAt: z.string().nullable(),
  sourceName: z.string().nullable(),
});
export type BoundaryStatus = z.infer<typeof BoundaryStatusSchema>;

export const DistrictBoundariesSchema = z.object({
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
