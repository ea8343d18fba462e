// What an IATI activity says that the register's own fields do not (kept on the programme for the export), and the
// editable DAC sector → theme table: Zod schemas shared by the API, the admin screen and the import; browser-safe.
import { z } from "zod";

const Narratives = z.record(z.string(), z.string());
const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** An organisation named in a transaction: the register's when matched, else as the file wrote it. */
export const IatiTransactionOrgSchema = z.object({
  organisationId: z.string().nullable(),
  ref: z.string().nullable(),
  type: z.string().nullable(),
  narratives: Narratives,
});

export const IatiBudgetSchema = z.object({
  type: z.string().nullable(),
  status: z.string().nullable(),
  periodStart: IsoDay,
  periodEnd: IsoDay,
  value: z.string(),
  /** The value's currency, or the activity's default currency when the value names none. */
  currency: z.string().nullable(),
  valueDate: IsoDay,
});
export type IatiBudget = z.infer<typeof IatiBudgetSchema>;

export const IatiTransactionSchema = z.object({
  ref: z.string().nullable(),
  type: z.string(),
  date: IsoDay,
  value: z.string(),
  currency: z.string().nullable(),
  valueDate: IsoDay,
  description: Narratives.nullable(),
  provider: IatiTransactionOrgSchema.nullable(),
  receiver: IatiTransactionOrgSchema.nullable(),
});
export type IatiTransaction = z.infer<typeof IatiTransactionSchema>;

export const IatiSectorSchema = z.object({
  vocabulary: z.string(),
  vocabularyUri: z.string().nullable(),
  code: z.string(),
  percentage: z.string().nullable(),
  narratives: Narratives.nullable(),
});
export type IatiSector = z.infer<typeof IatiSectorSchema>;

/** A recipient-country as written: the register holds the country as a place, not its share nor its name here. */
export const IatiRecipientCountrySchema = z.object({
  code: z.string(),
  percentage: z.string().nullable(),
  narratives: Narratives.nullable(),
});
export type IatiRecipientCountry = z.infer<typeof IatiRecipientCountrySchema>;

/** A supranational recipient-region (RegionVocabulary: 1 OECD DAC, 2 UN, 99 the publisher's own). */
export const IatiRecipientRegionSchema = z.object({
  code: z.string(),
  /** As written: IATI reads an absent vocabulary as 1 (OECD DAC); it stays absent. */
  vocabulary: z.string().nullable(),
  vocabularyUri: z.string().nullable(),
  percentage: z.string().nullable(),
  narratives: Narratives.nullable(),
});
export type IatiRecipientRegion = z.infer<typeof IatiRecipientRegionSchema>;

/** A tag (TagVocabulary, required by the schema): a classification without a share of the money. */
export const IatiTagSchema = z.object({
  vocabulary: z.string(),
  vocabularyUri: z.string().nullable(),
  code: z.string(),
  narratives: Narratives.nullable(),
});
export type IatiTag = z.infer<typeof IatiTagSchema>;

/** A policy marker (PolicyMarkerVocabulary, absent read as 1) with its significance (PolicySignificance). */
export const IatiPolicyMarkerSchema = z.object({
  vocabulary: z.string().nullable(),
  vocabularyUri: z.string().nullable(),
  code: z.string(),
  significance: z.string().nullable(),
  narratives: Narratives.nullable(),
});
export type IatiPolicyMarker = z.infer<typeof IatiPolicyMarkerSchema>;

/** A planned disbursement's provider or receiver, with the IATI activity the money comes from or goes to. */
export const IatiPlannedDisbursementOrgSchema = IatiTransactionOrgSchema.extend({
  activityId: z.string().nullable(),
});

export const IatiPlannedDisbursementSchema = z.object({
  type: z.string().nullable(),
  periodStart: IsoDay,
  /** Optional in IATI: a disbursement planned for a single day gives only its start. */
  periodEnd: IsoDay.nullable(),
  value: z.string(),
  /** The value's currency, or the activity's default currency when the value names none. */
  currency: z.string().nullable(),
  valueDate: IsoDay,
  provider: IatiPlannedDisbursementOrgSchema.nullable(),
  receiver: IatiPlannedDisbursementOrgSchema.nullable(),
});
export type IatiPlannedDisbursement = z.infer<typeof IatiPlannedDisbursementSchema>;

/** One contact-info block as the file gave it (ContactType code); texts per language, none when not given. */
export const IatiContactInfoSchema = z.object({
  type: z.string().nullable(),
  organisation: Narratives.nullable(),
  department: Narratives.nullable(),
  personName: Narratives.nullable(),
  jobTitle: Narratives.nullable(),
  telephones: z.array(z.string()),
  emails: z.array(z.string()),
  websites: z.array(z.string()),
  mailingAddresses: z.array(Narratives),
});
export type IatiContactInfo = z.infer<typeof IatiContactInfoSchema>;

/**
 * What an imported activity said beyond the programme's fields. Each part is kept only when it differs from what the
 * export would write from the register alone, so re-importing our own export stores nothing new (decision 032).
 */
export const IatiKeptSchema = z.object({
  /** The ActivityStatus code, kept while the programme's status is still the one it maps to (3, finalisation). */
  statusCode: z.string().optional(),
  /** Every activity-date as given (planned and actual), written while start and end still read the same. */
  dates: z.array(z.object({ type: z.string(), isoDate: IsoDay })).optional(),
  /** Accountable (2) and extending (3) organisations; funding and implementing ones are donors and partners. */
  accountable: z.array(z.string()).optional(),
  extending: z.array(z.string()).optional(),
  sectors: z.array(IatiSectorSchema).optional(),
  budgets: z.array(IatiBudgetSchema).optional(),
  transactions: z.array(IatiTransactionSchema).optional(),
  contactInfo: z.array(IatiContactInfoSchema).optional(),
  /** Recipient countries as given (shares, names), written while they name the programme's country places. */
  recipientCountries: z.array(IatiRecipientCountrySchema).optional(),
  recipientRegions: z.array(IatiRecipientRegionSchema).optional(),
  tags: z.array(IatiTagSchema).optional(),
  policyMarkers: z.array(IatiPolicyMarkerSchema).optional(),
  plannedDisbursements: z.array(IatiPlannedDisbursementSchema).optional(),
});
export type IatiKept = z.infer<typeof IatiKeptSchema>;

/** One DAC 5-digit purpose code and the theme programmes with it get (none: the code is known, no theme follows). */
export const SectorThemeSchema = z.object({
  sectorCode: z.string(),
  name: z.string(),
  themeCode: z.string().nullable(),
  /** Send it back as If-Match to change the theme. */
  version: z.number(),
});
export type SectorTheme = z.infer<typeof SectorThemeSchema>;
export const SectorThemeListSchema = z.object({ items: z.array(SectorThemeSchema) });

export const SectorThemePatchSchema = z
  .object({
    themeCode: z
      .string()
      .max(60)
      .regex(/^[a-z0-9_]{2,60}$/, "Use a theme code such as legal_aid.")
      .nullable(),
  })
  .strict();
export type SectorThemePatch = z.infer<typeof SectorThemePatchSchema>;
