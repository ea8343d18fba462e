// Places: schemas shared by the API and the browser.
import { z } from "zod";

export const PLACE_KINDS = [
  "country",
  "province",
  "district",
  "sector",
  "place_of_detention",
  "headquarters",
] as const;
export const PlaceKindSchema = z.enum(PLACE_KINDS);
export type PlaceKindValue = z.infer<typeof PlaceKindSchema>;

export const DETENTION_TYPES = ["men", "women", "juvenile", "mixed", "military", "unknown"] as const;

/** Who runs a place of detention: prisons (RCS), police cells (RNP), the army (RDF), immigration, anyone else. */
export const PLACE_OPERATORS = ["RCS", "RNP", "RDF", "immigration", "other"] as const;
export const PlaceOperatorSchema = z.enum(PLACE_OPERATORS);
export type PlaceOperator = z.infer<typeof PlaceOperatorSchema>;

export const FACILITY_KINDS = [
  "prison",
  "police_station",
  "transit_centre",
  "military_prison",
  "juvenile_rehabilitation",
  "psychiatric",
] as const;
export const FacilityKindSchema = z.enum(FACILITY_KINDS);
export type FacilityKind = z.infer<typeof FacilityKindSchema>;

export const PlaceSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  kind: PlaceKindSchema,
  name: z.string(),
  names: z.object({ en: z.string(), fr: z.string(), rw: z.string() }),
  parentId: z.uuid().nullable(),
  parentName: z.string().nullable(),
  aliases: z.array(z.string()),
  detentionType: z.enum(DETENTION_TYPES).nullable(),
  operator: PlaceOperatorSchema.nullable(),
  facilityKind: FacilityKindSchema.nullable(),
  capacity: z.number().int().nullable(),
  isOpen: z.boolean(),
  version: z.number().int(),
});
export type Place = z.infer<typeof PlaceSchema>;

const placeName = z.string().trim().min(1).max(200);

/**
 * A place of detention added by hand (a police station, a transit centre): it lies in a district or a sector.
 * Names in French and Kinyarwanda default to the name given.
 */
export const PlaceOfDetentionInputSchema = z.object({
  name: placeName,
  names: z.object({ fr: placeName.optional(), rw: placeName.optional() }).optional(),
  parentId: z.uuid(),
  aliases: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  operator: PlaceOperatorSchema,
  facilityKind: FacilityKindSchema,
  detentionType: z.enum(DETENTION_TYPES).nullable().default(null),
  capacity: z.number().int().positive().max(100_000).nullable().default(null),
  isOpen: z.boolean().default(true),
});
export type PlaceOfDetentionInput = z.input<typeof PlaceOfDetentionInputSchema>;

export const PlaceOfDetentionPatchSchema = z
  .object({
    name: placeName,
    aliases: z.array(z.string().trim().min(1).max(200)).max(20),
    operator: PlaceOperatorSchema,
    facilityKind: FacilityKindSchema,
    detentionType: z.enum(DETENTION_TYPES).nullable(),
    capacity: z.number().int().positive().max(100_000).nullable(),
    isOpen: z.boolean(),
  })
  .partial()
  .strict();
export type PlaceOfDetentionPatch = z.infer<typeof PlaceOfDetentionPatchSchema>;

export const PlaceListQuerySchema = z.object({
  kind: PlaceKindSchema.optional(),
  operator: PlaceOperatorSchema.optional(),
  facilityKind: FacilityKindSchema.optional(),
  parentId: z.uuid().optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export type PlaceListQuery = z.output<typeof PlaceListQuerySchema>;

export const PlaceListSchema = z.object({ items: z.array(PlaceSchema), total: z.number().int() });
export type PlaceList = z.infer<typeof PlaceListSchema>;
