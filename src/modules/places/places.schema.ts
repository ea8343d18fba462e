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
  operator: z.string().nullable(),
  isOpen: z.boolean(),
});
export type Place = z.infer<typeof PlaceSchema>;

export const PlaceListQuerySchema = z.object({
  kind: PlaceKindSchema.optional(),
  parentId: z.uuid().optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export type PlaceListQuery = z.output<typeof PlaceListQuerySchema>;

export const PlaceListSchema = z.object({ items: z.array(PlaceSchema), total: z.number().int() });
export type PlaceList = z.infer<typeof PlaceListSchema>;
