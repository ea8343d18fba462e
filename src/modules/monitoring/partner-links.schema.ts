// What the register offers a recommendation or a place of detention: agreements and partners (3W) on the themes
// that can act on it. Zod schemas shared by the API and the pages; browser-safe.
import { z } from "zod";
import { AgreementStatusSchema } from "../agreements/agreements.schema";
import { OrganisationRefSchema, PlaceRefSchema, SourceKindSchema } from "../coordination/coordination.schema";
import { DETENTION_THEME_CODES } from "./detention-themes";

const ThemeNamesSchema = z.object({ en: z.string(), fr: z.string(), rw: z.string() });
export const LinkedThemeSchema = z.object({ code: z.string(), names: ThemeNamesSchema });
export type LinkedTheme = z.infer<typeof LinkedThemeSchema>;

/** A record of the 3W behind a partner: an agreement of the register, or a row of an imported 3W file. */
export const WorkRecordSchema = z.object({ source: SourceKindSchema, id: z.string(), title: z.string() });
export type WorkRecord = z.infer<typeof WorkRecordSchema>;

/**
 * How close a partner's work comes to the place: at the place itself (or all correctional facilities, for one of
 * them), elsewhere in its district, or over a wider area that contains it (a province, the whole country).
 */
export const PARTNER_REACHES = ["place", "district", "wider"] as const;
export const PartnerReachSchema = z.enum(PARTNER_REACHES);
export type PartnerReach = z.infer<typeof PartnerReachSchema>;

export const PlacePartnerSchema = z.object({
  organisation: OrganisationRefSchema,
  reach: PartnerReachSchema,
  records: z.array(WorkRecordSchema),
});
export type PlacePartner = z.infer<typeof PlacePartnerSchema>;

export const PlacePartnersSchema = z.object({
  place: PlaceRefSchema,
  /** The day the 3W was read for (work under way that day). */
  on: z.string(),
  themes: z.array(LinkedThemeSchema.extend({ partners: z.array(PlacePartnerSchema) })),
});
export type PlacePartners = z.infer<typeof PlacePartnersSchema>;

export const RecommendationPartnersInputSchema = z
  .object({
    addresseeOrganisationId: z.uuid("Give the id of an existing organisation."),
    theme: z.enum(DETENTION_THEME_CODES, "Choose a theme of the detention monitoring list."),
    placeIds: z.array(z.uuid("Give the id of a place of detention.")).max(100).default([]),
    allFacilities: z.boolean().default(false),
  })
  .strict();
export type RecommendationPartnersInput = z.input<typeof RecommendationPartnersInputSchema>;

export const RecommendationPartnersSchema = z.object({
  /** The register's themes that can act on the recommendation's detention theme. */
  themes: z.array(LinkedThemeSchema),
  /** Working agreements the addressee is a party to, on those themes. */
  agreements: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: AgreementStatusSchema,
      validUntil: z.string().nullable(),
      themes: z.array(z.string()),
      /** The other parties (the addressee left out). */
      partners: z.array(OrganisationRefSchema),
      /** Whether its areas reach the places the recommendation concerns. */
      coversPlaces: z.boolean(),
    }),
  ),
  /** Organisations at work on those themes in the districts of the places (all facilities: where they are). */
  partners: z.array(
    z.object({
      organisation: OrganisationRefSchema,
      themes: z.array(z.string()),
      records: z.array(WorkRecordSchema),
    }),
  ),
});
export type RecommendationPartners = z.infer<typeof RecommendationPartnersSchema>;
