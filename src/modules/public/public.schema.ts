// The public portal's settings (what an administrator publishes) and every answer of the public API: each public
// answer is an explicit list of fields, so nothing a record gains later reaches the public by accident. Browser-safe.
import { z } from "zod";
import { AgreementKindSchema, AgreementStatusSchema, PartyRoleSchema } from "../agreements/agreements.schema";
import { PublishedCountSchema } from "../incidents/incident-statistics.schema";
import {
  RecommendationPrioritySchema,
  RecommendationStatusSchema,
} from "../monitoring/recommendations.schema";
import { IndicatorUnitSchema } from "../programmes/programmes.schema";

/** The sections an institution may publish, each on its own page of the portal. */
export const PUBLIC_SECTIONS = ["agreements", "threeW", "recommendations", "programmeResults"] as const;
export const PublicSectionSchema = z.enum(PUBLIC_SECTIONS);
export type PublicSection = z.infer<typeof PublicSectionSchema>;

const sections = {
  agreements: z.boolean(),
  threeW: z.boolean(),
  recommendations: z.boolean(),
  programmeResults: z.boolean(),
};

export const PublicInstitutionInputSchema = z.object({ organisationId: z.uuid(), ...sections });
export type PublicInstitutionInput = z.infer<typeof PublicInstitutionInputSchema>;

export const PublicPortalSettingsSchema = z.object({
  licence: z.string(),
  incidentStatistics: z.boolean(),
  institutions: z.array(
    PublicInstitutionInputSchema.extend({ name: z.string(), acronym: z.string().nullable() }),
  ),
  version: z.number().int(),
});
export type PublicPortalSettings = z.infer<typeof PublicPortalSettingsSchema>;

/** The whole settings form: the list of institutions replaces the previous one (an institution left out publishes nothing). */
export const PublicPortalPatchSchema = z
  .object({
    licence: z.string().trim().min(1, "Give the licence line.").max(200),
    incidentStatistics: z.boolean(),
    institutions: z.array(PublicInstitutionInputSchema).max(500),
  })
  .partial();
export type PublicPortalPatch = z.infer<typeof PublicPortalPatchSchema>;

// ---- What the public reads -------------------------------------------------------------------------------------

const PublicOrganisationSchema = z.object({ name: z.string(), acronym: z.string().nullable() });

export const PublicPortalSchema = z.object({
  licence: z.string(),
  incidentStatistics: z.boolean(),
  institutions: z.array(
    PublicOrganisationSchema.extend({ id: z.uuid(), sections: z.array(PublicSectionSchema) }),
  ),
});
export type PublicPortal = z.infer<typeof PublicPortalSchema>;

export const PublicAgreementSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  kind: AgreementKindSchema,
  status: AgreementStatusSchema,
  /** The signature date as written ("June /2022"), or null. */
  signedOn: z.string().nullable(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  keeper: PublicOrganisationSchema,
  parties: z.array(PublicOrganisationSchema.extend({ role: PartyRoleSchema })),
  themes: z.array(z.object({ code: z.string(), name: z.string() })),
  places: z.array(z.string()),
});
export type PublicAgreement = z.infer<typeof PublicAgreementSchema>;

export const PublicAgreementListSchema = z.object({
  licence: z.string(),
  /** Every published agreement; `agreements` holds the page asked for (the CSV download holds them all). */
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  agreements: z.array(PublicAgreementSchema),
});
export type PublicAgreementList = z.infer<typeof PublicAgreementListSchema>;

export const PublicThreeWSchema = z.object({
  licence: z.string(),
  date: z.string(),
  organisations: z.array(PublicOrganisationSchema.extend({ key: z.string() })),
  themes: z.array(z.object({ code: z.string(), name: z.string() })),
  districts: z.array(z.object({ code: z.string(), name: z.string(), organisations: z.number().int() })),
  /** Organisation (by key) working on a theme in a district. */
  cells: z.array(z.object({ organisation: z.string(), theme: z.string(), district: z.string() })),
  mapCredit: z.string().nullable(),
});
export type PublicThreeW = z.infer<typeof PublicThreeWSchema>;

export const PublicRecommendationSchema = z.object({
  number: z.number().int(),
  monitoringBody: PublicOrganisationSchema,
  addressee: PublicOrganisationSchema,
  text: z.string(),
  theme: z.string(),
  priority: RecommendationPrioritySchema,
  issuedOn: z.string(),
  deadline: z.string().nullable(),
  status: RecommendationStatusSchema,
  statusOn: z.string(),
  places: z.array(z.string()),
  allFacilities: z.boolean(),
});
export type PublicRecommendation = z.infer<typeof PublicRecommendationSchema>;

export const PublicRecommendationListSchema = z.object({
  licence: z.string(),
  recommendations: z.array(PublicRecommendationSchema),
});
export type PublicRecommendationList = z.infer<typeof PublicRecommendationListSchema>;

export const PublicProgrammeSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  lead: PublicOrganisationSchema,
  startDate: z.string(),
  endDate: z.string(),
  peopleReached: z.number(),
  indicators: z.array(
    z.object({
      title: z.string(),
      unit: IndicatorUnitSchema,
      target: z.number().nullable(),
      actual: z.number().nullable(),
      /** "exact", "lower_bound" (at least), "qualitative", "not_reported" or "none". */
      actualKind: z.string(),
    }),
  ),
});
export type PublicProgramme = z.infer<typeof PublicProgrammeSchema>;

export const PublicProgrammeListSchema = z.object({
  licence: z.string(),
  programmes: z.array(PublicProgrammeSchema),
});
export type PublicProgrammeList = z.infer<typeof PublicProgrammeListSchema>;

const PublicStatisticsItemSchema = z.object({
  key: z.string(),
  label: z.string(),
  cell: PublishedCountSchema,
});
export const PublicIncidentStatisticsSchema = z.object({
  licence: z.string(),
  threshold: z.number().int(),
  incidents: PublishedCountSchema,
  victims: PublishedCountSchema,
  byKind: z.array(PublicStatisticsItemSchema),
  byDistrict: z.array(PublicStatisticsItemSchema),
  byYear: z.array(PublicStatisticsItemSchema),
  bySex: z.array(PublicStatisticsItemSchema),
  byAgeGroup: z.array(PublicStatisticsItemSchema),
});
export type PublicIncidentStatistics = z.infer<typeof PublicIncidentStatisticsSchema>;

export const PUBLIC_LANGUAGES = ["en", "fr", "rw"] as const;
export const PublicLanguageSchema = z.enum(PUBLIC_LANGUAGES);
export type PublicLanguage = z.infer<typeof PublicLanguageSchema>;
export const PublicQuerySchema = z.object({ lang: PublicLanguageSchema.optional() });

/** Agreements a page at a time: a register of thousands stays a page a phone on 3G loads. */
export const PUBLIC_AGREEMENTS_PAGE = 50;
export const PublicAgreementQuerySchema = PublicQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(200).default(PUBLIC_AGREEMENTS_PAGE),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type PublicAgreementPage = { limit: number; offset: number };
