// Incident statistics as published: counts or suppressed cells (small: "<5"; complementary: hidden so that a total
// cannot reveal a small one); browser-safe.
import { z } from "zod";
import { IncidentKindSchema } from "./incidents.schema";

export const PublishedCountSchema = z.object({
  count: z.number().int().nullable(),
  suppressed: z.enum(["small", "complementary"]).nullable(),
});
export type PublishedCount = z.infer<typeof PublishedCountSchema>;

export const StatisticsItemSchema = z.object({
  key: z.string(),
  label: z.string(),
  cell: PublishedCountSchema,
});
export type StatisticsItem = z.infer<typeof StatisticsItemSchema>;

export const IncidentStatisticsQuerySchema = z.object({
  districtId: z.uuid("Give the id of a district.").optional(),
  kind: IncidentKindSchema.optional(),
  year: z.coerce.number().int().min(1990).max(2100).optional(),
});

export const IncidentStatisticsSchema = z.object({
  /** Counts below this are shown as "<threshold". */
  threshold: z.number().int(),
  filters: z.object({
    districtId: z.string().nullable(),
    kind: IncidentKindSchema.nullable(),
    year: z.number().int().nullable(),
  }),
  incidents: PublishedCountSchema,
  victims: PublishedCountSchema,
  byKind: z.array(StatisticsItemSchema),
  /** Every district (and abroad, unknown) when no district is chosen. */
  byDistrict: z.array(StatisticsItemSchema),
  /** Months of the chosen year, or years when none is chosen. */
  byMonth: z.array(StatisticsItemSchema),
  bySex: z.array(StatisticsItemSchema),
  byAgeGroup: z.array(StatisticsItemSchema),
});
export type IncidentStatistics = z.infer<typeof IncidentStatisticsSchema>;
