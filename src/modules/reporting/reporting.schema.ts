// Periodic reporting: Zod schemas shared by the API, the forms and the CLI; browser-safe.
import { z } from "zod";
import { IsoDateSchema } from "../../shared/iso-date";
import { StoredFileSchema } from "../../shared/uploaded-file-types";
import { type ResultFeedEntry, ResultFeedEntrySchema } from "../programmes/result-feed.schema";
import { PeriodSchema, PeriodTypeSchema } from "./periods";

export { PERIOD_TYPES, PeriodSchema, type PeriodType, PeriodTypeSchema } from "./periods";
export type { ResultFeedEntry };

const NUL_MESSAGE = "Remove the invisible control character (U+0000).";
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes("\u0000"), NUL_MESSAGE);
const requiredText = (max: number) => text(max).pipe(z.string().min(1, "Write something here."));
const Uuid = z.uuid("Give the id of an existing record.");

// ----- Reporting bodies -----

export const BODY_KINDS = ["jrlos_secretariat", "jadf", "other"] as const;
export const BodyKindSchema = z.enum(BODY_KINDS);
export type BodyKind = z.infer<typeof BodyKindSchema>;

export const ReportingBodySchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  kind: BodyKindSchema,
  districtId: z.string().nullable(),
  districtName: z.string().nullable(),
  remindersEnabled: z.boolean(),
  digestEnabled: z.boolean(),
  reminderDaysBefore: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
});
export type ReportingBody = z.infer<typeof ReportingBodySchema>;

export const ReportingBodyInputSchema = z
  .object({
    organisationId: Uuid,
    kind: BodyKindSchema.default("other"),
    districtId: Uuid.nullable().optional(),
    remindersEnabled: z.boolean().optional(),
    digestEnabled: z.boolean().optional(),
    reminderDaysBefore: z.number().int().min(0).max(60).optional(),
  })
  .strict();
export type ReportingBodyInput = z.infer<typeof ReportingBodyInputSchema>;

export const ReportingBodyPatchSchema = z
  .object({
    remindersEnabled: z.boolean(),
    digestEnabled: z.boolean(),
    reminderDaysBefore: z.number().int().min(0).max(60),
    active: z.boolean(),
  })
  .partial()
  .strict();
export type ReportingBodyPatch = z.infer<typeof ReportingBodyPatchSchema>;

export const ReportingBodyListQuerySchema = z.object({
  districtId: z.uuid().optional(),
  kind: BodyKindSchema.optional(),
});
export type ReportingBodyListQuery = z.infer<typeof ReportingBodyListQuerySchema>;

// ----- Sections of a report -----

export const SECTION_KEYS = [
  "narrative",
  "activities",
  "indicators",
  "hindrances",
  "challenges",
  "plans",
  "attachments",
] as const;
export const SectionKeySchema = z.enum(SECTION_KEYS);
export type SectionKey = z.infer<typeof SectionKeySchema>;
export const DEFAULT_SECTIONS: readonly SectionKey[] = [
  "narrative",
  "activities",
  "hindrances",
  "challenges",
  "plans",
];

const Count = z.number().int("Give a whole number.").min(0, "A count cannot be negative.").max(10_000_000);

export const ReportedActivitySchema = z
  .object({
    placeId: Uuid,
    themeCode: z.string().max(60).nullable().optional(),
    /** When it happened, if known: must fall within the period. */
    date: IsoDateSchema.nullable().optional(),
    description: requiredText(2000),
    peopleReached: Count,
    women: Count.nullable().optional(),
    men: Count.nullable().optional(),
  })
  .strict();
export type ReportedActivity = z.infer<typeof ReportedActivitySchema>;

export const ReportedIndicatorValueSchema = z
  .object({
    programmeId: Uuid,
    indicatorId: Uuid,
    value: z.number().finite().min(-1e12).max(1e12),
    note: text(500).optional(),
  })
  .strict();
export type ReportedIndicatorValue = z.infer<typeof ReportedIndicatorValueSchema>;

export const HINDRANCE_KINDS = ["hindrance_to_justice", "human_rights_concern"] as const;
export const REPORTED_TO = ["police", "rib", "maj", "nchr", "ombudsman", "local_authority", "other"] as const;
export const HINDRANCE_STATUSES = ["open", "followed_up", "resolved"] as const;

/** A hindrance or concern as the periodic report states it: no names (those belong to a confidential incident). */
export const HindranceSchema = z
  .object({
    kind: z.enum(HINDRANCE_KINDS),
    placeId: Uuid,
    themeCode: z.string().max(60).nullable().optional(),
    date: IsoDateSchema.nullable().optional(),
    description: requiredText(2000),
    reportedTo: z.array(z.enum(REPORTED_TO)).max(REPORTED_TO.length).default([]),
    status: z.enum(HINDRANCE_STATUSES).default("open"),
    /** The confidential incident this refers to, if one was filed: linked, never copied. */
    incidentId: Uuid.nullable().optional(),
  })
  .strict();
export type Hindrance = z.infer<typeof HindranceSchema>;

export const SubmissionContentSchema = z
  .object({
    narrative: text(20_000).default(""),
    activities: z.array(ReportedActivitySchema).max(500).default([]),
    indicators: z.array(ReportedIndicatorValueSchema).max(500).default([]),
    hindrances: z.array(HindranceSchema).max(200).default([]),
    challenges: text(10_000).default(""),
    plans: text(10_000).default(""),
    /** List sections the organisation declares it has nothing to report in this period (they then count as filled). */
    nothingToReport: z
      .array(z.enum(["activities", "indicators", "hindrances"]))
      .max(3)
      .default([]),
  })
  .strict();
export type SubmissionContent = z.infer<typeof SubmissionContentSchema>;

export const emptyContent = (): SubmissionContent => ({
  narrative: "",
  activities: [],
  indicators: [],
  hindrances: [],
  challenges: "",
  plans: "",
  nothingToReport: [],
});

// ----- Obligations -----

export const ObligationSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  bodyId: z.string(),
  bodyName: z.string(),
  bodyActive: z.boolean(),
  /** The body's own organisation (a JADF, a secretariat). */
  bodyOrganisationId: z.string(),
  districtId: z.string().nullable(),
  periodType: PeriodTypeSchema,
  dueDays: z.number().int(),
  startPeriod: z.string(),
  endPeriod: z.string().nullable(),
  endReason: z.string().nullable(),
  sections: z.array(SectionKeySchema),
  /** Why it generates no due reports now, if it does not (ended, body or organisation deactivated). */
  pausedBecause: z.enum(["ended", "body_inactive", "organisation_deactivated"]).nullable(),
  /** The day its organisation was deactivated: no report is expected for a period starting after it. */
  organisationDeactivatedOn: z.string().nullable(),
  version: z.number().int(),
});
export type Obligation = z.infer<typeof ObligationSchema>;

export const ObligationInputSchema = z
  .object({
    organisationId: Uuid,
    bodyId: Uuid,
    periodType: PeriodTypeSchema,
    dueDays: z.number().int().min(0).max(366),
    startPeriod: PeriodSchema,
    sections: z
      .array(SectionKeySchema)
      .min(1, "Choose at least one section.")
      .max(SECTION_KEYS.length)
      .optional(),
  })
  .strict();
export type ObligationInput = z.infer<typeof ObligationInputSchema>;

export const ObligationPatchSchema = z
  .object({
    dueDays: z.number().int().min(0).max(366),
    sections: z.array(SectionKeySchema).min(1, "Choose at least one section.").max(SECTION_KEYS.length),
    /** Ends the obligation after this period (its history stays); null starts it again. */
    endPeriod: PeriodSchema.nullable(),
    endReason: text(500).nullable(),
  })
  .partial()
  .strict();
export type ObligationPatch = z.infer<typeof ObligationPatchSchema>;

export const ObligationListQuerySchema = z.object({
  organisationId: z.uuid().optional(),
  bodyId: z.uuid().optional(),
  districtId: z.uuid().optional(),
  running: z.enum(["true", "false"]).optional(),
});
export type ObligationListQuery = z.infer<typeof ObligationListQuerySchema>;

export const ObligationBulkInputSchema = z
  .object({ items: z.array(ObligationInputSchema).min(1).max(2000) })
  .strict();

/** "Every organisation active in district D reports … to D's bodies": the plan to review before saving. */
export const ObligationPlanQuerySchema = z
  .object({
    districtId: Uuid,
    periodType: PeriodTypeSchema.default("quarter"),
    dueDays: z.number().int().min(0).max(366).default(15),
    startPeriod: PeriodSchema,
    /** The district's own bodies when left out. */
    bodyIds: z.array(Uuid).max(20).optional(),
    sections: z.array(SectionKeySchema).min(1).max(SECTION_KEYS.length).optional(),
    /** The day the 3W is read at (today when left out). */
    on: IsoDateSchema.optional(),
  })
  .strict();
export type ObligationPlanQuery = z.infer<typeof ObligationPlanQuerySchema>;

export const ObligationPlanSchema = z.object({
  districtId: z.string(),
  items: z.array(
    z.object({
      input: ObligationInputSchema,
      organisationName: z.string(),
      bodyName: z.string(),
      /** Already obliged (a running obligation exists): left out of what is saved. */
      existingObligationId: z.string().nullable(),
    }),
  ),
});
export type ObligationPlan = z.infer<typeof ObligationPlanSchema>;

// ----- Submissions -----

export const SUBMISSION_STATUSES = ["draft", "submitted", "returned", "accepted"] as const;
export const SubmissionStatusSchema = z.enum(SUBMISSION_STATUSES);
export type SubmissionStatus = z.infer<typeof SubmissionStatusSchema>;
export const ADDRESSEE_STATUSES = ["draft", "submitted", "returned", "resubmitted", "accepted"] as const;
export const AddresseeStatusSchema = z.enum(ADDRESSEE_STATUSES);
export type AddresseeStatus = z.infer<typeof AddresseeStatusSchema>;

export const SectionCommentsSchema = z
  .object(
    Object.fromEntries(SECTION_KEYS.map((key) => [key, text(4000).optional()])) as {
      [K in SectionKey]: z.ZodOptional<ReturnType<typeof text>>;
    },
  )
  .extend({ general: text(4000).optional() })
  .strict();
export type SectionComments = z.infer<typeof SectionCommentsSchema>;

export const AddresseeSchema = z.object({
  id: z.string(),
  bodyId: z.string(),
  bodyName: z.string(),
  obligationId: z.string(),
  status: AddresseeStatusSchema,
  dueDate: z.string(),
  firstSubmittedAt: z.string().nullable(),
  lastSubmittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  acceptedVersion: z.number().int().nullable(),
  comments: SectionCommentsSchema,
  /** May the reader review for this body (return, accept, reopen)? */
  canReview: z.boolean(),
  version: z.number().int(),
});
export type Addressee = z.infer<typeof AddresseeSchema>;

export const SubmissionSummarySchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  period: z.string(),
  periodType: PeriodTypeSchema,
  status: SubmissionStatusSchema,
  submittedVersions: z.number().int(),
  bodies: z.array(z.object({ bodyId: z.string(), bodyName: z.string(), status: AddresseeStatusSchema })),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type SubmissionSummary = z.infer<typeof SubmissionSummarySchema>;

/** A file attached to a report (the bytes are downloaded on their own). */
export const AttachmentSchema = StoredFileSchema;
export type Attachment = z.infer<typeof AttachmentSchema>;

/** An attachment as a submitted version lists it. */
export const AttachmentSummarySchema = AttachmentSchema.pick({
  id: true,
  fileName: true,
  contentType: true,
  sizeBytes: true,
});
export type AttachmentSummary = z.infer<typeof AttachmentSummarySchema>;

export const SubmissionSchema = SubmissionSummarySchema.extend({
  content: SubmissionContentSchema,
  /** Sections the addressed obligations ask for: required to submit. */
  requiredSections: z.array(SectionKeySchema),
  addressees: z.array(AddresseeSchema),
  versions: z.array(z.object({ number: z.number().int(), submittedAt: z.string() })),
  canEdit: z.boolean(),
  /** Sections may be edited now (a draft, or returned by a body). */
  editable: z.boolean(),
  /** The files attached now (a submitted version keeps its own list). */
  attachments: z.array(AttachmentSchema),
  /** What its acceptance by every body did to the programmes' results (decision 017); empty before. */
  resultsFeed: z.array(ResultFeedEntrySchema),
});
export type Submission = z.infer<typeof SubmissionSchema>;

export const SubmissionInputSchema = z
  .object({
    organisationId: Uuid,
    period: PeriodSchema,
    /** The bodies to address; every body the organisation is obliged to report to for this period when left out. */
    bodyIds: z.array(Uuid).min(1).max(20).optional(),
    /** Start from these sections instead of the pre-filled ones. */
    content: SubmissionContentSchema.optional(),
  })
  .strict();
export type SubmissionInput = z.infer<typeof SubmissionInputSchema>;

export const SubmissionPatchSchema = z.object({ content: SubmissionContentSchema }).strict();
export type SubmissionPatch = z.infer<typeof SubmissionPatchSchema>;

export const ReviewInputSchema = z
  .object({
    bodyId: Uuid,
    comments: SectionCommentsSchema.optional(),
    /** The submitted version the reviewer read: a newer one since answers 412. */
    submittedVersion: z.number().int().min(1).optional(),
  })
  .strict();
export type ReviewInput = z.infer<typeof ReviewInputSchema>;

export const ReopenInputSchema = z.object({ bodyId: Uuid, reason: requiredText(2000) }).strict();
export type ReopenInput = z.infer<typeof ReopenInputSchema>;

export const SubmissionListQuerySchema = z.object({
  organisationId: z.uuid().optional(),
  bodyId: z.uuid().optional(),
  districtId: z.uuid().optional(),
  period: PeriodSchema.optional(),
  status: SubmissionStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type SubmissionListQuery = z.infer<typeof SubmissionListQuerySchema>;

export const SubmissionListSchema = z.object({
  items: z.array(SubmissionSummarySchema),
  total: z.number().int(),
});
export type SubmissionList = z.infer<typeof SubmissionListSchema>;

export const SubmissionVersionSchema = z.object({
  number: z.number().int(),
  submittedAt: z.string(),
  content: SubmissionContentSchema,
  attachments: z.array(AttachmentSummarySchema),
});
export type SubmissionVersion = z.infer<typeof SubmissionVersionSchema>;

export const REPORT_EXPORT_LANGUAGES = ["en", "fr", "rw"] as const;
export const SubmissionExportQuerySchema = z.object({
  /** The reader's language: headings, labels and names of kinds are written in it. */
  lang: z.enum(REPORT_EXPORT_LANGUAGES).default("en"),
});
