// Status-report import: the column keys, the preview and the choices the user sends back; browser-safe.
import { z } from "zod";
import { IsoDateSchema } from "../../shared/iso-date";
import { DATE_PRECISIONS } from "../../shared/partial-date";

/** What a column of a status report means, whatever its header says. */
export const COLUMN_KEYS = [
  "serial",
  "partner",
  "commitments",
  "signedOn",
  "areas",
  "achievements",
  "ongoing",
  "planned",
  "status",
  "duration",
  "comments",
  "roles",
  "agreementKind",
] as const;
export const ColumnKeySchema = z.enum(COLUMN_KEYS);
export type ColumnKey = z.infer<typeof ColumnKeySchema>;

/** A column the user chose to leave out. */
export const IGNORE_COLUMN = "ignore" as const;
/** A column the importer does not map: its header and cells are kept with each agreement as "other fields". */
export const OTHER_COLUMN = "other" as const;
export const ColumnChoiceSchema = z.union([
  ColumnKeySchema,
  z.literal(IGNORE_COLUMN),
  z.literal(OTHER_COLUMN),
]);
export type ColumnChoice = z.infer<typeof ColumnChoiceSchema>;

export const SECTION_KINDS = ["local", "foreign", "membership"] as const;
export const SectionKindSchema = z.enum(SECTION_KINDS);
export type SectionKind = z.infer<typeof SectionKindSchema>;

export const IMPORT_FORMATS = ["text", "docx", "xlsx", "csv", "html"] as const;
export const ImportFormatSchema = z.enum(IMPORT_FORMATS);
export type ImportFormat = z.infer<typeof ImportFormatSchema>;

/** Where something was found or failed: file, row and column, and the text in question. */
export const ImportIssueSchema = z.object({
  severity: z.enum(["error", "warning"]),
  code: z.string(),
  message: z.string(),
  file: z.string(),
  /** "line 12", "sheet Partners, row 4", "table 2, row 3". */
  location: z.string(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  text: z.string().nullable(),
});
export type ImportIssue = z.infer<typeof ImportIssueSchema>;

/**
 * A row of the file with a problem, or left out: what "leave this row out" names (`excludeRows`), in the file's order.
 * A row left out counts the problems it had; one left out though sound counts none.
 */
export const ProblemRowSchema = z.object({
  location: z.string(),
  row: z.number().int(),
  excluded: z.boolean(),
  errors: z.number().int(),
  warnings: z.number().int(),
});
export type ProblemRow = z.infer<typeof ProblemRowSchema>;

/** A row left out of the import: where it is, and the problems found in it (none when it was left out by choice). */
export const ExcludedRowSchema = z.object({
  file: z.string(),
  location: z.string(),
  row: z.number().int(),
  issues: z.array(ImportIssueSchema),
});
export type ExcludedRow = z.infer<typeof ExcludedRowSchema>;

export const OrganisationDecisionSchema = z.discriminatedUnion("action", [
  /** The imported name is this existing organisation; a new spelling is remembered as an alias. */
  z.object({ action: z.literal("match"), organisationId: z.uuid() }),
  z.object({ action: z.literal("create") }),
]);
export type OrganisationDecision = z.infer<typeof OrganisationDecisionSchema>;

const Name = z.string().trim().min(2).max(200);

/** The most rows one import may leave out (a file holds at most a few thousand). */
export const MAX_EXCLUDED_ROWS = 5000;

/**
 * A row the user leaves out of the import, named as the preview names it: by its location ("line 19", "table 2,
 * row 3", "sheet Partners, row 4", "row 7"), or by its number alone when no other row of the file has that number
 * (a text export, a CSV; a Word file's tables and a workbook's sheets each count from 1).
 */
export const RowExclusionSchema = z
  .object({
    location: z.string().trim().min(1).max(200).optional(),
    row: z.number().int().min(1).max(10_000_000).optional(),
  })
  .refine((r) => r.location !== undefined || r.row !== undefined, {
    message: "Name the row by its location (as the preview gives it) or its number.",
    params: { code: "row_unnamed" },
  });
export type RowExclusion = z.infer<typeof RowExclusionSchema>;

/** The choices a user makes in the preview; the same object is sent again to apply. */
export const ImportOptionsSchema = z.object({
  /** The institution keeping the register (name or acronym); omitted: the file must be the caller's own. */
  institution: Name.optional(),
  /** Header text (as in the file) → what the column means. */
  columns: z.record(z.string().max(300), ColumnChoiceSchema).default({}),
  /** Imported organisation key → what to do with it. */
  organisations: z.record(z.string().max(300), OrganisationDecisionSchema).default({}),
  /** Row key → the themes chosen (replacing the proposal). */
  themes: z
    .record(z.string().max(50), z.array(z.string().regex(/^[a-z0-9_]{2,60}$/, "Use a theme code.")).max(30))
    .default({}),
  /**
   * The day the document reports as of ("this report is as of …"): its achievements, ongoing activities and
   * comments carry no day of their own, so they become entries of this day marked "date not reported"
   * (default: today). An "as of" export of that day then holds them.
   */
  reportDate: IsoDateSchema.optional(),
  /**
   * Rows left out, explicitly: the import is all or nothing, so a row with an error refuses the whole file unless it
   * is named here. The rest is then imported in one transaction, and the result lists what was left out and why.
   */
  excludeRows: z.array(RowExclusionSchema).max(MAX_EXCLUDED_ROWS).default([]),
});
export type ImportOptionsInput = z.input<typeof ImportOptionsSchema>;
export type ImportOptions = z.output<typeof ImportOptionsSchema>;

export const ImportColumnSchema = z.object({
  index: z.number().int(),
  header: z.string(),
  key: ColumnChoiceSchema,
  /** How sure the reading is: 1 exact synonym, lower for a typo; 0 when chosen by the user or unknown. */
  score: z.number(),
  /** The first non-empty cell under the header (at most 200 characters): what an unmapped column holds. */
  sample: z.string().nullable(),
});
export type ImportColumn = z.infer<typeof ImportColumnSchema>;

export const ImportSectionSchema = z.object({
  number: z.number().int().nullable(),
  title: z.string(),
  kind: SectionKindSchema,
  columns: z.array(ImportColumnSchema),
  rows: z.number().int(),
});
export type ImportSection = z.infer<typeof ImportSectionSchema>;

export const MatchReasonSchema = z.object({
  code: z.enum([
    "identifier",
    "exact",
    "acronym",
    "alias",
    "reordered",
    "acronym_in_name",
    "similar",
    "differs",
    "identifier_differs",
    "chosen",
  ]),
  params: z.record(z.string(), z.string()),
});
export type MatchReason = z.infer<typeof MatchReasonSchema>;

export const OrganisationProposalSchema = z.object({
  key: z.string(),
  name: z.string(),
  acronym: z.string().nullable(),
  aliases: z.array(z.string()),
  kind: z.string(),
  countryCode: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  /** What the import will do: use an existing organisation, create one, or merge (use it and keep this spelling). */
  action: z.enum(["match", "create", "merge"]),
  how: z.enum([
    "identifier",
    "exact",
    "acronym",
    "alias",
    "reordered",
    "acronym_in_name",
    "similar",
    "chosen",
    "new",
  ]),
  /**
   * Why the import proposes this: a code the browser translates with its params ("differs": a close name refused
   * because a number or a word differs); null for a name with nothing close in the register.
   */
  reason: MatchReasonSchema.nullable(),
  existing: z.object({ id: z.uuid(), name: z.string(), acronym: z.string().nullable() }).nullable(),
  candidates: z.array(
    z.object({ id: z.uuid(), name: z.string(), acronym: z.string().nullable(), score: z.number() }),
  ),
  rows: z.array(z.string()),
});
export type OrganisationProposal = z.infer<typeof OrganisationProposalSchema>;

export const PreviewAreaSchema = z.object({
  label: z.string(),
  placeCode: z.string().nullable(),
  placeSet: z.string().nullable(),
  countryCode: z.string().nullable(),
});
export type PreviewArea = z.infer<typeof PreviewAreaSchema>;

export const PreviewRowSchema = z.object({
  key: z.string(),
  section: z.number().int().nullable(),
  serial: z.string(),
  location: z.string(),
  kind: z.enum(["agreement", "membership"]),
  action: z.enum(["create", "update", "unchanged"]),
  existingAgreementId: z.uuid().nullable(),
  title: z.string(),
  agreementKind: z.string().nullable(),
  status: z.string().nullable(),
  partners: z.array(z.string()),
  signedOnText: z.string().nullable(),
  signedOnPrecision: z.enum(DATE_PRECISIONS).nullable(),
  areasText: z.string().nullable(),
  areas: z.array(PreviewAreaSchema),
  /** How an ambiguous place name was read ("Nyarugenge: the correctional facility, not the district"). */
  areaNotes: z.array(
    z.object({
      kind: z.enum([
        "facility_not_district",
        "facility_not_district_or_sector",
        "district_not_sector",
        "sector_not_district",
        "sector_ambiguous",
      ]),
      name: z.string(),
      label: z.string(),
    }),
  ),
  commitments: z.array(z.string()),
  progress: z.array(
    z.object({
      kind: z.enum(["achievement", "ongoing", "planned", "issue"]),
      text: z.string(),
      dueOn: z.string().nullable().optional(),
      done: z.boolean().optional(),
    }),
  ),
  themes: z.array(z.string()),
  proposedThemes: z.array(z.string()),
  membership: z
    .object({
      role: z.string(),
      roleNote: z.string().nullable(),
      startYear: z.number().int().nullable(),
      endYear: z.number().int().nullable(),
    })
    .nullable(),
  /** The cells of the columns kept as other fields (header → text), in the file's order; empty cells left out. */
  otherFields: z.array(z.object({ label: z.string(), value: z.string() })),
  /** What an update adds to the existing agreement. */
  adds: z.object({
    commitments: z.number().int(),
    progress: z.number().int(),
    otherFields: z.number().int(),
  }),
});
export type PreviewRow = z.infer<typeof PreviewRowSchema>;

export const ImportCountsSchema = z.object({
  organisationsCreated: z.number().int(),
  organisationsMatched: z.number().int(),
  agreementsCreated: z.number().int(),
  agreementsUpdated: z.number().int(),
  agreementsUnchanged: z.number().int(),
  commitments: z.number().int(),
  progressEntries: z.number().int(),
  memberships: z.number().int(),
  /** Cells of unmapped columns kept with the agreements (header and text). */
  otherFields: z.number().int(),
  warnings: z.number().int(),
  /** Errors in the rows not left out: any refuses the import. */
  errors: z.number().int(),
  /** Rows left out by the options' excludeRows. */
  rowsExcluded: z.number().int(),
});
export type ImportCounts = z.infer<typeof ImportCountsSchema>;

export const ImportPreviewSchema = z.object({
  file: z.string(),
  format: ImportFormatSchema,
  institution: z.object({ name: z.string(), id: z.uuid().nullable(), action: z.enum(["match", "create"]) }),
  sections: z.array(ImportSectionSchema),
  organisations: z.array(OrganisationProposalSchema),
  rows: z.array(PreviewRowSchema),
  /** The problems of the rows to import, and of the file itself; those of rows left out are in excludedRows. */
  issues: z.array(ImportIssueSchema),
  /** The rows with an error or a warning, and the rows left out, in the file's order. */
  problemRows: z.array(ProblemRowSchema),
  excludedRows: z.array(ExcludedRowSchema),
  counts: ImportCountsSchema,
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ImportResultSchema = z.object({
  file: z.string(),
  counts: ImportCountsSchema,
  agreementIds: z.array(z.uuid()),
  /** The rows left out at the user's request, with the problems that were found in them. */
  excludedRows: z.array(ExcludedRowSchema),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;
