// Agreements, parties, commitments, areas, progress entries and themes: Zod schemas shared by API, forms and CLI.
import { z } from "zod";
import { IsoDateSchema } from "../../shared/iso-date";
import { DATE_PRECISIONS } from "../../shared/partial-date";
import { StoredFileSchema } from "../../shared/uploaded-file-types";

// Themes are their own module; the web and older callers still read their types from here.
export * from "../themes/themes.schema";

export const AGREEMENT_KINDS = [
  "mou",
  "letter_of_agreement",
  "implementation_plan",
  "amendment",
  "framework_agreement",
  "grant",
] as const;
export const AgreementKindSchema = z.enum(AGREEMENT_KINDS);
export type AgreementKind = z.infer<typeof AgreementKindSchema>;

export const AGREEMENT_STATUSES = [
  "draft",
  "negotiating",
  "awaiting_approval",
  "active",
  "under_revision",
  "expired",
  "terminated",
] as const;
export const AgreementStatusSchema = z.enum(AGREEMENT_STATUSES);
export type AgreementStatus = z.infer<typeof AgreementStatusSchema>;

export const PARTY_ROLES = ["signatory", "implementer", "funder", "host"] as const;
export const PartyRoleSchema = z.enum(PARTY_ROLES);
export type PartyRole = z.infer<typeof PartyRoleSchema>;

export const COMMITMENT_STATUSES = ["not_started", "ongoing", "done", "dropped"] as const;
export const CommitmentStatusSchema = z.enum(COMMITMENT_STATUSES);
export type CommitmentStatus = z.infer<typeof CommitmentStatusSchema>;

export const PROGRESS_KINDS = ["achievement", "ongoing", "planned", "issue"] as const;
export const ProgressKindSchema = z.enum(PROGRESS_KINDS);
export type ProgressKind = z.infer<typeof ProgressKindSchema>;

/** Sets of places kept as sets, so that they follow changes to the list they stand for. */
export const PLACE_SETS = ["all_correctional_facilities", "national"] as const;
export const PlaceSetSchema = z.enum(PLACE_SETS);
export type PlaceSet = z.infer<typeof PlaceSetSchema>;

// In shared since reporting's schema needs it without this module's 2 KB in the report form's chunk; still offered here.
export { IsoDateSchema };

const noNul = (s: string) => !s.includes("\u0000");
const Text = (max: number) =>
  z.string().trim().max(max).refine(noNul, "Remove the invisible control character (U+0000).");
const OptionalText = (max: number) =>
  Text(max)
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional();

export const PartyInputSchema = z.object({ organisationId: z.uuid(), role: PartyRoleSchema });
export type PartyInput = z.infer<typeof PartyInputSchema>;

/** One area of implementation: a place, or a set. */
export const AreaInputSchema = z
  .object({ placeId: z.uuid().nullable().optional(), placeSet: PlaceSetSchema.nullable().optional() })
  .refine((a) => (a.placeId ? 1 : 0) + (a.placeSet ? 1 : 0) === 1, {
    message: "Give either a place or a set of places.",
    path: ["placeId"],
  });
export type AreaInput = z.infer<typeof AreaInputSchema>;

// Defaults belong to the input schemas only: a patch built from a schema with defaults would reset the
// fields it does not mention (a commitment's status, an agreement's themes and areas).
const CommitmentFieldsSchema = z.object({
  text: Text(2000).min(2, "Describe the commitment."),
  responsibleOrganisationId: z.uuid().nullable().optional(),
  status: CommitmentStatusSchema,
  dueOn: IsoDateSchema.nullable().optional(),
});

export const CommitmentInputSchema = CommitmentFieldsSchema.extend({
  status: CommitmentStatusSchema.default("not_started"),
});
export type CommitmentInput = z.input<typeof CommitmentInputSchema>;

const AgreementFieldsSchema = z.object({
  title: Text(300).min(3, "A title has at least 3 characters."),
  reference: OptionalText(100),
  kind: AgreementKindSchema,
  purpose: OptionalText(4000),
  status: AgreementStatusSchema,
  /** The signature date as written: "30/09/2019", "June /2022", "2022", or text with no date. */
  signedOnText: OptionalText(200),
  validFrom: IsoDateSchema.nullable().optional(),
  validUntil: IsoDateSchema.nullable().optional(),
  renewalTerms: OptionalText(2000),
  followUpBody: OptionalText(300),
  /** The agreement this one amends (amendments only). */
  amendsId: z.uuid().nullable().optional(),
  /**
   * The institution keeping the register; it is also a party, and the 3W lists the others as its partners.
   * On create, leaving it out lets the server take the acting user's organisation when exactly one of theirs
   * is a party; null means none.
   */
  keeperOrganisationId: z.uuid().nullable().optional(),
  parties: z.array(PartyInputSchema).min(2, "An agreement has at least two parties.").max(50),
  themes: z
    .array(
      z
        .string()
        .max(60)
        .regex(/^[a-z0-9_]{2,60}$/, "Use a theme code such as legal_aid."),
    )
    .max(30),
  areas: z.array(AreaInputSchema).max(200),
  commitments: z.array(CommitmentInputSchema).max(200),
});

export const AgreementInputSchema = AgreementFieldsSchema.extend({
  status: AgreementStatusSchema.default("draft"),
  themes: AgreementFieldsSchema.shape.themes.default([]),
  areas: AgreementFieldsSchema.shape.areas.default([]),
  commitments: AgreementFieldsSchema.shape.commitments.default([]),
});
export type AgreementInput = z.input<typeof AgreementInputSchema>;
export type AgreementValues = z.output<typeof AgreementInputSchema>;

/** A PATCH changes the agreement's own fields; parties, themes and areas are replaced when given. */
export const AgreementPatchSchema = AgreementFieldsSchema.omit({ status: true, commitments: true })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, "Change at least one field.");
export type AgreementPatch = z.output<typeof AgreementPatchSchema>;

export const StatusChangeInputSchema = z.object({
  status: AgreementStatusSchema,
  reason: Text(1000).min(3, "Say why the status changes."),
  /** The day the change took effect (defaults to today). */
  changedOn: IsoDateSchema.optional(),
});
export type StatusChangeInput = z.input<typeof StatusChangeInputSchema>;

export const ProgressEntryInputSchema = z
  .object({
    kind: ProgressKindSchema,
    text: Text(4000).min(2, "Describe the progress."),
    /** The day the entry is about (defaults to today). */
    entryDate: IsoDateSchema.optional(),
    /**
     * False when the source gave no day for it (an imported status report's achievement): `entryDate` is then the day
     * the document reports as of, and the entry reads "date not reported".
     */
    dateReported: z.boolean().default(true),
    /** Planned entries: when it should be done. */
    dueOn: IsoDateSchema.nullable().optional(),
    done: z.boolean().default(false),
    commitmentIds: z.array(z.uuid()).max(50).default([]),
    placeIds: z.array(z.uuid()).max(50).default([]),
  })
  .refine((p) => p.kind === "planned" || p.dueOn == null, {
    message: "Only planned entries have a due date.",
    path: ["dueOn"],
  });
export type ProgressEntryInput = z.input<typeof ProgressEntryInputSchema>;

export const PartySchema = z.object({
  organisationId: z.uuid(),
  organisationName: z.string(),
  acronym: z.string().nullable(),
  organisationKind: z.string(),
  role: PartyRoleSchema,
});
export type Party = z.infer<typeof PartySchema>;

export const AreaSchema = z.object({
  placeId: z.uuid().nullable(),
  placeSet: PlaceSetSchema.nullable(),
  /** The place's name, or the set's code for the UI to translate. */
  label: z.string(),
  kind: z.string().nullable(),
});
export type Area = z.infer<typeof AreaSchema>;

export const CommitmentSchema = z.object({
  id: z.uuid(),
  text: z.string(),
  responsibleOrganisationId: z.uuid().nullable(),
  responsibleOrganisationName: z.string().nullable(),
  status: CommitmentStatusSchema,
  dueOn: z.string().nullable(),
  position: z.number().int(),
  version: z.number().int(),
});
export type Commitment = z.infer<typeof CommitmentSchema>;

/** A field the register has no column for, kept as a document gave it (an unmapped column's header and text). */
export const OtherFieldInputSchema = z.object({
  label: z.string().trim().min(1).max(200),
  value: z.string().trim().min(1).max(4000),
});
export type OtherFieldInput = z.input<typeof OtherFieldInputSchema>;

export const AgreementOtherFieldSchema = z.object({
  id: z.uuid(),
  label: z.string(),
  value: z.string(),
  position: z.number().int(),
  version: z.number().int(),
});
export type AgreementOtherField = z.infer<typeof AgreementOtherFieldSchema>;

export const ProgressEntrySchema = z.object({
  id: z.uuid(),
  kind: ProgressKindSchema,
  text: z.string(),
  entryDate: z.string(),
  /** False: the source gave no day; `entryDate` is the day its document reports as of. */
  dateReported: z.boolean(),
  dueOn: z.string().nullable(),
  done: z.boolean(),
  /** Planned, not done, and past its due date. */
  overdue: z.boolean(),
  commitmentIds: z.array(z.uuid()),
  placeIds: z.array(z.uuid()),
  createdBy: z.string(),
  version: z.number().int(),
});
export type ProgressEntry = z.infer<typeof ProgressEntrySchema>;

export const StatusChangeSchema = z.object({
  id: z.uuid(),
  fromStatus: AgreementStatusSchema.nullable(),
  toStatus: AgreementStatusSchema,
  changedOn: z.string(),
  reason: z.string().nullable(),
  changedBy: z.string(),
  recordedAt: z.string(),
});
export type StatusChange = z.infer<typeof StatusChangeSchema>;

export const DOCUMENT_KINDS = ["signed_copy", "amendment", "report", "other"] as const;
export const DocumentKindSchema = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof DocumentKindSchema>;

// The limits every uploaded file shares (src/shared/uploaded-file-types.ts), under the names the agreements use.
export {
  ACCEPTED_UPLOAD_TYPES as ACCEPTED_DOCUMENT_TYPES,
  MAX_UPLOAD_BYTES as MAX_DOCUMENT_BYTES,
  type UploadContentType as DocumentContentType,
} from "../../shared/uploaded-file-types";

export const AgreementDocumentSchema = StoredFileSchema.extend({ kind: DocumentKindSchema });
export type AgreementDocument = z.infer<typeof AgreementDocumentSchema>;

export const PartialDateSchema = z.object({
  text: z.string().nullable(),
  year: z.number().int().nullable(),
  month: z.number().int().nullable(),
  day: z.number().int().nullable(),
  /** "week", "part_of_year" and "years" are vague: the text says which, `partialDateRange` gives the span. */
  precision: z.enum(DATE_PRECISIONS),
});

export const AgreementSummarySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  reference: z.string().nullable(),
  kind: AgreementKindSchema,
  status: AgreementStatusSchema,
  /** What a reader sees today (an active agreement past its end date is expired). */
  effectiveStatus: AgreementStatusSchema,
  signedOn: PartialDateSchema,
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  daysUntilExpiry: z.number().int().nullable(),
  amendsId: z.uuid().nullable(),
  parties: z.array(PartySchema),
  themes: z.array(z.string()),
  overduePlanned: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type AgreementSummary = z.infer<typeof AgreementSummarySchema>;

export const AgreementDetailSchema = AgreementSummarySchema.extend({
  purpose: z.string().nullable(),
  renewalTerms: z.string().nullable(),
  followUpBody: z.string().nullable(),
  keeperOrganisationId: z.uuid().nullable(),
  amends: z.object({ id: z.uuid(), title: z.string(), status: AgreementStatusSchema }).nullable(),
  amendments: z.array(z.object({ id: z.uuid(), title: z.string(), status: AgreementStatusSchema })),
  areas: z.array(AreaSchema),
  commitments: z.array(CommitmentSchema),
  progress: z.array(ProgressEntrySchema),
  statusHistory: z.array(StatusChangeSchema),
  documents: z.array(AgreementDocumentSchema),
  /** Fields an import found no column for ("Focal person"), with the file's header and text. */
  otherFields: z.array(AgreementOtherFieldSchema),
  allowedTransitions: z.array(AgreementStatusSchema),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
  createdAt: z.string(),
});
export type AgreementDetail = z.infer<typeof AgreementDetailSchema>;

export const AgreementListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  kind: AgreementKindSchema.optional(),
  status: AgreementStatusSchema.optional(),
  partyKind: z.string().max(60).optional(),
  organisationId: z.uuid().optional(),
  theme: z.string().max(60).optional(),
  placeId: z.uuid().optional(),
  signedYear: z.coerce.number().int().min(1950).max(2100).optional(),
  /** Agreements whose validity ends within this many days. */
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  hasOverduePlanned: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  sort: z.enum(["signed_desc", "signed_asc", "title", "updated_desc", "expiry"]).default("signed_desc"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type AgreementListQuery = z.output<typeof AgreementListQuerySchema>;

/** An institution keeping agreements in the register, with how many: the form preselects the one keeping most. */
export const AgreementKeeperSchema = z.object({
  organisationId: z.uuid(),
  organisationName: z.string(),
  acronym: z.string().nullable(),
  agreementCount: z.number().int(),
});
export type AgreementKeeper = z.infer<typeof AgreementKeeperSchema>;

/** Most agreements kept first. */
export const AgreementKeeperListSchema = z.object({ items: z.array(AgreementKeeperSchema) });
export type AgreementKeeperList = z.infer<typeof AgreementKeeperListSchema>;

/** A query word that matched nothing as typed, and the known words searched for instead, closest first. */
export const SearchCorrectionSchema = z.object({ typed: z.string(), searchedFor: z.array(z.string()) });
export type SearchCorrection = z.infer<typeof SearchCorrectionSchema>;

export const AgreementListSchema = z.object({
  items: z.array(AgreementSummarySchema),
  total: z.number().int(),
  /**
   * With a search (q): the words corrected, so the list can say "Showing results for …"; the items are then in
   * order of relevance, closer readings first.
   */
  corrections: z.array(SearchCorrectionSchema).optional(),
});
export type AgreementList = z.infer<typeof AgreementListSchema>;

export const CommitmentPatchSchema = CommitmentFieldsSchema.partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, "Change at least one field.");

export const ProgressEntryPatchSchema = z
  .object({
    text: Text(4000).min(2),
    entryDate: IsoDateSchema,
    dueOn: IsoDateSchema.nullable(),
    done: z.boolean(),
    commitmentIds: z.array(z.uuid()).max(50),
    placeIds: z.array(z.uuid()).max(50),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, "Change at least one field.");

/** The "cooperation at a glance" page. */
export const CooperationOverviewSchema = z.object({
  today: z.string(),
  total: z.number().int(),
  byStatus: z.array(z.object({ status: AgreementStatusSchema, count: z.number().int() })),
  byKind: z.array(z.object({ kind: AgreementKindSchema, count: z.number().int() })),
  byTheme: z.array(z.object({ theme: z.string(), count: z.number().int() })),
  expiringSoon: z.array(AgreementSummarySchema),
  overduePlanned: z.array(
    z.object({
      agreementId: z.uuid(),
      agreementTitle: z.string(),
      entry: ProgressEntrySchema,
    }),
  ),
  recentProgress: z.array(
    z.object({
      agreementId: z.uuid(),
      agreementTitle: z.string(),
      entry: ProgressEntrySchema,
    }),
  ),
});
export type CooperationOverview = z.infer<typeof CooperationOverviewSchema>;

export const CooperationOverviewQuerySchema = z.object({
  expiringWithinDays: z.coerce.number().int().min(1).max(3650).default(90),
});
