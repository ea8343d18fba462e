// Who does what where (3W): query, matrix, gaps, district summary and overlap check; schemas shared by API and browser.
import { z } from "zod";
import {
  AgreementStatusSchema,
  AreaInputSchema,
  IsoDateSchema,
  PartyRoleSchema,
  ProgressEntrySchema,
} from "../agreements/agreements.schema";
import { OrganisationKindSchema } from "../organisations/organisations.schema";
import { HXL_DATE_PRECISIONS } from "./period-bounds";
import { PLACE_LEVELS } from "./place-levels";

export { PLACE_LEVELS };
export const PlaceLevelSchema = z.enum(PLACE_LEVELS);
export type PlaceLevel = z.infer<typeof PlaceLevelSchema>;

/** Where a record's work was recorded, seen from a cell: the place itself, a place containing it, a set, or national scope. */
export const COVERAGE_KINDS = ["place", "within", "all_correctional_facilities", "national"] as const;
export const CoverageSchema = z.enum(COVERAGE_KINDS);
export type Coverage = z.infer<typeof CoverageSchema>;

/** The kinds of record that feed the 3W view: agreements, rows of imported 3W files; programmes and events plug in later. */
export const SOURCE_KINDS = ["agreement", "reported"] as const;
export const SourceKindSchema = z.enum(SOURCE_KINDS);
export type SourceKind = z.infer<typeof SourceKindSchema>;

const themeCode = z
  .string()
  .max(60)
  .regex(/^[a-z0-9_]{2,60}$/, "Use a theme code such as legal_aid.");

/** The dates a period with an open start or end reports as its ends (the browser app shows them as open). */
export { OPEN_PERIOD_END, OPEN_PERIOD_START } from "./period-bounds";

/** A period: active at one date (from = to), or at any time between two dates. Defaults to today. */
const PeriodQueryShape = {
  date: IsoDateSchema.optional(),
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
};
function checkPeriod(
  q: { date?: string | undefined; from?: string | undefined; to?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (q.date && (q.from || q.to)) {
    ctx.addIssue({
      code: "custom",
      path: ["date"],
      message: "Give a date, or a period from … to, not both.",
    });
  }
  if (q.from && q.to && q.from > q.to) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "The end of the period is before its start." });
  }
}

export const MatrixQuerySchema = z
  .object({
    theme: themeCode.optional(),
    level: PlaceLevelSchema.default("district"),
    organisationId: z.uuid().optional(),
    ...PeriodQueryShape,
  })
  .superRefine(checkPeriod);
export type MatrixQuery = z.output<typeof MatrixQuerySchema>;

export const GapsQuerySchema = z
  .object({
    theme: themeCode.default("legal_aid"),
    level: z.enum(["district", "place_of_detention"]).default("place_of_detention"),
    ...PeriodQueryShape,
  })
  .superRefine(checkPeriod);
export type GapsQuery = z.output<typeof GapsQuerySchema>;

export const DistrictQuerySchema = z
  .object({ ...PeriodQueryShape, expiringWithinDays: z.coerce.number().int().min(1).max(3650).default(90) })
  .superRefine(checkPeriod);
export type DistrictQuery = z.output<typeof DistrictQuerySchema>;

export const OverlapCheckInputSchema = z
  .object({
    themes: z.array(themeCode).max(30),
    areas: z.array(AreaInputSchema).max(200),
    validFrom: IsoDateSchema.nullable().optional(),
    validUntil: IsoDateSchema.nullable().optional(),
    /** The parties of the record being entered: their own work is not a duplicate. */
    excludeOrganisationIds: z.array(z.uuid()).max(50).default([]),
    /** The agreement being edited, so that it does not overlap itself. */
    excludeAgreementId: z.uuid().nullable().optional(),
  })
  .refine((v) => !v.validFrom || !v.validUntil || v.validFrom <= v.validUntil, {
    message: "The end of validity is before its start.",
    path: ["validUntil"],
  });
export type OverlapCheckInput = z.input<typeof OverlapCheckInputSchema>;

export const PeriodSchema = z.object({ from: z.string(), to: z.string() });
export type Period = z.infer<typeof PeriodSchema>;

export const OrganisationRefSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  acronym: z.string().nullable(),
  kind: z.string(),
});
export type OrganisationRef = z.infer<typeof OrganisationRefSchema>;

export const PlaceRefSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  kind: z.string(),
  name: z.string(),
  names: z.object({ en: z.string(), fr: z.string(), rw: z.string() }),
  districtId: z.uuid().nullable(),
  provinceId: z.uuid().nullable(),
});
export type PlaceRef = z.infer<typeof PlaceRefSchema>;

/** The row of an imported 3W file behind a reported record. */
export const ReportedRowSchema = z.object({
  importId: z.uuid(),
  fileName: z.string(),
  /** When the file was imported (ISO timestamp). */
  importedAt: z.string(),
  /** The row's line in the file. */
  line: z.number().int(),
  /** The row's `#activity`, if it named one. */
  activity: z.string().nullable(),
  /** The donor the row named (`#org +funder`), among the record's organisations with the role funder. */
  funderId: z.uuid().nullable(),
  /** The row named no implementer: kept as "implementer not named", in no organisation's cells. */
  implementerNotNamed: z.boolean(),
});
export type ReportedRow = z.infer<typeof ReportedRowSchema>;

/** How precisely a 3W date is known: a day, a month ("2024-03") or a year ("2024"). */
export const HxlDatePrecisionSchema = z.enum(HXL_DATE_PRECISIONS);

export const RecordRefSchema = z.object({
  source: SourceKindSchema,
  id: z.uuid(),
  title: z.string(),
  status: AgreementStatusSchema,
  /** For a year or a month, the first day of it (validUntil: the last), with the precision saying which. */
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  /** Always "day" for an agreement; a row of an imported 3W file keeps the precision its file gave. */
  validFromPrecision: HxlDatePrecisionSchema,
  validUntilPrecision: HxlDatePrecisionSchema,
  /** For a reported record: the imported file and row it comes from; null for an agreement. */
  reportedRow: ReportedRowSchema.nullable(),
});
export type RecordRef = z.infer<typeof RecordRefSchema>;

/** One cell of the 3W matrix: an organisation working on a theme at a place, and the records saying so. */
export const PresenceCellSchema = z.object({
  organisationId: z.uuid(),
  theme: z.string(),
  placeId: z.uuid(),
  roles: z.array(PartyRoleSchema),
  coverage: z.array(CoverageSchema),
  recordIds: z.array(z.uuid()),
});
export type PresenceCell = z.infer<typeof PresenceCellSchema>;

export const MatrixSchema = z.object({
  period: PeriodSchema,
  level: PlaceLevelSchema,
  theme: z.string().nullable(),
  cells: z.array(PresenceCellSchema),
  organisations: z.array(OrganisationRefSchema),
  places: z.array(PlaceRefSchema),
  records: z.array(RecordRefSchema),
});
export type Matrix = z.infer<typeof MatrixSchema>;

export const GapsSchema = z.object({
  period: PeriodSchema,
  theme: z.string(),
  level: z.enum(["district", "place_of_detention"]),
  /** Places with no active partner for the theme. */
  gaps: z.array(PlaceRefSchema),
  /** The districts the gaps lie in, to name and link them. */
  districts: z.array(PlaceRefSchema),
  /** How many places of that level have at least one. */
  covered: z.number().int(),
});
export type Gaps = z.infer<typeof GapsSchema>;

export const OverlapSchema = z.object({
  organisation: OrganisationRefSchema,
  theme: z.string(),
  places: z.array(PlaceRefSchema),
  coverage: z.array(CoverageSchema),
  records: z.array(RecordRefSchema),
});
export type Overlap = z.infer<typeof OverlapSchema>;
export const OverlapListSchema = z.object({ period: PeriodSchema, overlaps: z.array(OverlapSchema) });
export type OverlapList = z.infer<typeof OverlapListSchema>;

export const DistrictRecordSchema = RecordRefSchema.extend({
  organisationIds: z.array(z.uuid()),
  themes: z.array(z.string()),
});
export type DistrictRecord = z.infer<typeof DistrictRecordSchema>;

export const DistrictSummarySchema = z.object({
  period: PeriodSchema,
  district: PlaceRefSchema,
  province: PlaceRefSchema.nullable(),
  /** Organisations working in the district, each with its themes. */
  organisations: z.array(
    z.object({
      organisation: OrganisationRefSchema,
      themes: z.array(z.string()),
      coverage: z.array(CoverageSchema),
      recordIds: z.array(z.uuid()),
    }),
  ),
  /** Its places of detention with their partners per theme. */
  facilities: z.array(
    z.object({
      place: PlaceRefSchema,
      isOpen: z.boolean(),
      themes: z.array(z.object({ theme: z.string(), organisationIds: z.array(z.uuid()) })),
    }),
  ),
  /** The agreements working there in the period, by title (the first 200), and how many there are. */
  agreements: z.array(DistrictRecordSchema),
  agreementsTotal: z.number().int(),
  /** Rows of imported 3W files saying who works there (not agreements), by title (the first 200), and how many. */
  reported: z.array(DistrictRecordSchema),
  reportedTotal: z.number().int(),
  recentProgress: z.array(
    z.object({ agreementId: z.uuid(), agreementTitle: z.string(), entry: ProgressEntrySchema }),
  ),
  /** Agreements there whose validity ends within the asked number of days. */
  expiring: z.array(DistrictRecordSchema),
  organisationsById: z.array(OrganisationRefSchema),
});
export type DistrictSummary = z.infer<typeof DistrictSummarySchema>;

/**
 * What to do with a name the register does not know, as the preview proposed it: create it, match it to an existing
 * one the user picks, or skip the rows that name it. `name` is the name as the file writes it (case and accents aside).
 */
export const HxlOrganisationChoiceSchema = z.discriminatedUnion("action", [
  z.object({
    name: z.string().trim().min(1).max(300),
    action: z.literal("create"),
    kind: OrganisationKindSchema,
  }),
  z.object({ name: z.string().trim().min(1).max(300), action: z.literal("match"), organisationId: z.uuid() }),
  z.object({ name: z.string().trim().min(1).max(300), action: z.literal("skip") }),
]);
export type HxlOrganisationChoice = z.infer<typeof HxlOrganisationChoiceSchema>;
export const HxlThemeChoiceSchema = z.discriminatedUnion("action", [
  /** Created with the file's text as its name in the three languages (rename it later); `code` defaults from it. */
  z.object({
    name: z.string().trim().min(2).max(120),
    action: z.literal("create"),
    code: themeCode.optional(),
  }),
  z.object({ name: z.string().trim().min(1).max(120), action: z.literal("match"), themeCode }),
  z.object({ name: z.string().trim().min(1).max(120), action: z.literal("skip") }),
]);
export type HxlThemeChoice = z.infer<typeof HxlThemeChoiceSchema>;

export const HxlImportInputSchema = z.object({
  fileName: z.string().trim().min(1).max(200),
  /** The CSV text: a header row in any language, the HXL hashtag row, then one row per organisation × theme × place. */
  csv: z.string().min(1, "The file is empty.").max(900_000, "Split files over 900 KB."),
  /** Check and match only; store nothing. */
  dryRun: z.boolean().default(false),
  /** A choice for each organisation (implementer or funder) the register does not know. */
  organisations: z.array(HxlOrganisationChoiceSchema).max(500).default([]),
  /** A choice for each theme (#sector) the register does not know. */
  themes: z.array(HxlThemeChoiceSchema).max(200).default([]),
  /** Rows naming no implementer: imported as "implementer not named" (the default), or skipped. */
  implementerNotNamed: z.enum(["import", "skip"]).default("import"),
});
export type HxlImportInput = z.input<typeof HxlImportInputSchema>;

/**
 * The choices answering a check's proposals, without the file: what the command line's `--choices` file holds
 * (`{"organisations": [...], "themes": [...], "implementerNotNamed": "skip"}`). Other keys are refused, not ignored.
 */
export const HxlImportChoicesSchema = HxlImportInputSchema.pick({
  organisations: true,
  themes: true,
  implementerNotNamed: true,
}).strict();
export type HxlImportChoices = z.output<typeof HxlImportChoicesSchema>;

/** One imported 3W file, as the list of imports shows it. */
export const HxlImportSummarySchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  importedBy: z.string(),
  /** ISO timestamp. */
  importedAt: z.string(),
  rows: z.number().int(),
  /** Send as If-Match to delete the import. */
  version: z.number().int(),
});
export type HxlImportSummary = z.infer<typeof HxlImportSummarySchema>;
export const HxlImportListSchema = z.object({ items: z.array(HxlImportSummarySchema) });
export type HxlImportList = z.infer<typeof HxlImportListSchema>;

/** A name the register does not know, with the rows naming it and the choice applied (null: none made yet). */
export const HxlOrganisationProposalSchema = z.object({
  name: z.string(),
  acronym: z.string().nullable(),
  /** Whether the file names it as the one doing the work, as a funder, or both. */
  roles: z.array(z.enum(["implementer", "funder"])),
  lines: z.array(z.number().int()),
  column: z.string(),
  /** Organisations of the register with a similar name, best first, to match it to. */
  similar: z.array(OrganisationRefSchema),
  choice: HxlOrganisationChoiceSchema.nullable(),
});
export type HxlOrganisationProposal = z.infer<typeof HxlOrganisationProposalSchema>;
export const HxlThemeProposalSchema = z.object({
  name: z.string(),
  lines: z.array(z.number().int()),
  column: z.string(),
  /** The code a theme created from it would get. */
  suggestedCode: z.string(),
  choice: HxlThemeChoiceSchema.nullable(),
});
export type HxlThemeProposal = z.infer<typeof HxlThemeProposalSchema>;

export const HxlImportResultSchema = z.object({
  imported: z.number().int(),
  dryRun: z.boolean(),
  /** The import made; null on a dry run. */
  importId: z.uuid().nullable(),
  /** Earlier imports of a file with the same name but other content: their rows stay unless deleted. */
  sameName: z.array(HxlImportSummarySchema),
  /** Names the register does not know: the import needs a choice for each (create, match or skip). */
  proposals: z.object({
    organisations: z.array(HxlOrganisationProposalSchema),
    themes: z.array(HxlThemeProposalSchema),
  }),
  /** Rows left out by a choice: skipping a name, or rows without an implementer. */
  skipped: z.array(
    z.object({
      line: z.number().int(),
      reason: z.enum(["organisation_skipped", "funder_skipped", "theme_skipped", "implementer_not_named"]),
      name: z.string().nullable(),
    }),
  ),
  rows: z.array(
    z.object({
      line: z.number().int(),
      /** Who does the work (`#org +impl`, else a plain `#org`); null when not named or still to be created. */
      organisation: OrganisationRefSchema.nullable(),
      /** The row names no implementer: imported as "implementer not named". */
      implementerNotNamed: z.boolean(),
      /** An organisation the import creates (its name as written), when the choice was "create". */
      newOrganisation: z.string().nullable(),
      /** The donor named in `#org +funder`, if any. */
      funder: OrganisationRefSchema.nullable(),
      newFunder: z.string().nullable(),
      theme: z.string(),
      /** The theme is created by this import (its code as it will be). */
      newTheme: z.boolean(),
      place: PlaceRefSchema,
      /** The first and last day the dates may mean, with the precision the file gave them. */
      validFrom: z.string().nullable(),
      validFromPrecision: HxlDatePrecisionSchema.nullable(),
      validUntil: z.string().nullable(),
      validUntilPrecision: HxlDatePrecisionSchema.nullable(),
      activity: z.string().nullable(),
    }),
  ),
});
export type HxlImportResult = z.infer<typeof HxlImportResultSchema>;
