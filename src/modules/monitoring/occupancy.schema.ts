// Occupancy of places of detention: the figures a source gave over time, the national table, the import's preview.
import { z } from "zod";
import { IsoDateSchema } from "../../shared/iso-date";
import { FacilityKindSchema, PlaceOperatorSchema } from "../places/places.schema";

const count = z.number().int().min(0, "Cannot be negative.").max(1_000_000);

export const RateKindSchema = z.enum(["published", "computed"]);

export const OccupancyFigureSchema = z.object({
  id: z.uuid(),
  placeId: z.uuid(),
  asOf: z.string(),
  capacity: z.number().int().nullable(),
  population: z.number().int().nullable(),
  men: z.number().int().nullable(),
  women: z.number().int().nullable(),
  minors: z.number().int().nullable(),
  publishedRate: z.number().nullable(),
  /** The published rate, else population ÷ capacity × 100 (one decimal); null when neither can be had. */
  rate: z.number().nullable(),
  rateKind: RateKindSchema.nullable(),
  source: z.string(),
  version: z.number().int(),
});
export type OccupancyFigure = z.infer<typeof OccupancyFigureSchema>;

const figureFields = {
  asOf: IsoDateSchema,
  capacity: z.number().int().min(1, "A capacity is at least 1.").max(1_000_000).nullable(),
  population: count.nullable(),
  men: count.nullable(),
  women: count.nullable(),
  minors: count.nullable(),
  publishedRate: z.number().min(0, "Cannot be negative.").max(10_000).nullable(),
  source: z.string().trim().min(1, "Say where the figure comes from.").max(500),
};

/** Something to count: a rate, a population or a capacity (the table's check says the same). */
function hasAFigure(v: {
  capacity?: number | null;
  population?: number | null;
  publishedRate?: number | null;
}) {
  return (
    (v.capacity ?? null) !== null || (v.population ?? null) !== null || (v.publishedRate ?? null) !== null
  );
}

export const OccupancyFigureInputSchema = z
  .object({
    ...figureFields,
    capacity: figureFields.capacity.default(null),
    population: figureFields.population.default(null),
    men: figureFields.men.default(null),
    women: figureFields.women.default(null),
    minors: figureFields.minors.default(null),
    publishedRate: figureFields.publishedRate.default(null),
  })
  .strict()
  .refine(hasAFigure, {
    path: ["population"],
    message: "Give a population, a capacity or a published rate.",
  });
export type OccupancyFigureInput = z.input<typeof OccupancyFigureInputSchema>;

export const OccupancyFigurePatchSchema = z.object(figureFields).partial().strict();
export type OccupancyFigurePatch = z.infer<typeof OccupancyFigurePatchSchema>;

export const OccupancySeriesSchema = z.object({
  placeId: z.uuid(),
  placeName: z.string(),
  /** The place's official capacity (the figures keep each source's own). */
  capacity: z.number().int().nullable(),
  /** Oldest first. */
  figures: z.array(OccupancyFigureSchema),
  latest: OccupancyFigureSchema.nullable(),
});
export type OccupancySeries = z.infer<typeof OccupancySeriesSchema>;

export const NationalOccupancyQuerySchema = z.object({
  operator: PlaceOperatorSchema.optional(),
  facilityKind: FacilityKindSchema.optional(),
  /** The latest figure on or before this day (default: every figure). */
  asOf: IsoDateSchema.optional(),
});
export type NationalOccupancyQuery = z.infer<typeof NationalOccupancyQuerySchema>;

export const NationalOccupancyRowSchema = z.object({
  placeId: z.uuid(),
  placeName: z.string(),
  districtName: z.string().nullable(),
  operator: PlaceOperatorSchema.nullable(),
  facilityKind: FacilityKindSchema.nullable(),
  isOpen: z.boolean(),
  /** The place's latest figure (as of the query's date); null when it has none. */
  figure: OccupancyFigureSchema.nullable(),
  /** Rate above 100 %. */
  overcrowded: z.boolean(),
});
export type NationalOccupancyRow = z.infer<typeof NationalOccupancyRowSchema>;

export const NationalOccupancySchema = z.object({
  asOf: z.string().nullable(),
  /** Ranked by rate, highest first; places without a rate last, by name. */
  rows: z.array(NationalOccupancyRowSchema),
  overcrowdedCount: z.number().int(),
});
export type NationalOccupancy = z.infer<typeof NationalOccupancySchema>;

export const NationalOccupancyExportQuerySchema = NationalOccupancyQuerySchema.extend({
  format: z.enum(["xlsx", "csv"]).default("xlsx"),
  lang: z.enum(["en", "fr", "rw"]).default("en"),
});

/** One problem of an import, where it is: the file, the row (1-based, as a spreadsheet shows it), the column. */
export const OccupancyImportIssueSchema = z.object({
  file: z.string(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type OccupancyImportIssue = z.infer<typeof OccupancyImportIssueSchema>;

export const OccupancyImportRowSchema = z.object({
  row: z.number().int(),
  facilityName: z.string(),
  placeId: z.uuid(),
  placeName: z.string(),
  asOf: z.string(),
  capacity: z.number().int().nullable(),
  population: z.number().int().nullable(),
  men: z.number().int().nullable(),
  women: z.number().int().nullable(),
  minors: z.number().int().nullable(),
  publishedRate: z.number().nullable(),
  source: z.string(),
  /** "create" a new figure, or "replace" the one this source gave for this place and day. */
  action: z.enum(["create", "replace"]),
});
export type OccupancyImportRow = z.infer<typeof OccupancyImportRowSchema>;

export const OccupancyImportResultSchema = z.object({
  file: z.string(),
  dryRun: z.boolean(),
  /** True when the figures were written (never with a dry run or an error). */
  written: z.boolean(),
  rows: z.array(OccupancyImportRowSchema),
  errors: z.array(OccupancyImportIssueSchema),
});
export type OccupancyImportResult = z.infer<typeof OccupancyImportResultSchema>;
