// Recommendations of the monitoring body: what is written, what a reader gets back, status changes, the addressee's
// response, list filters and the tracker. Browser-safe: the web app's forms and pages use these schemas.
import { z } from "zod";
import { IsoDateSchema } from "../../shared/iso-date";
import { StoredFileSchema } from "../../shared/uploaded-file-types";
import { DETENTION_THEME_CODES, VULNERABLE_GROUPS } from "./detention-themes";
import { RECOMMENDATION_STATUSES } from "./recommendation-status";

export const RecommendationStatusSchema = z.enum(RECOMMENDATION_STATUSES);
export const RECOMMENDATION_PRIORITIES = ["low", "medium", "high"] as const;
export const RecommendationPrioritySchema = z.enum(RECOMMENDATION_PRIORITIES);
export const DetentionThemeSchema = z.enum(DETENTION_THEME_CODES);
export const VulnerableGroupSchema = z.enum(VULNERABLE_GROUPS);

const ids = (what: string) =>
  z
    .array(z.uuid())
    .max(200)
    .refine((list) => new Set(list).size === list.length, `Name each ${what} once.`);

const fields = {
  text: z.string().trim().min(1, "Write the recommendation.").max(10_000),
  theme: DetentionThemeSchema,
  vulnerableGroups: z.array(VulnerableGroupSchema).max(VULNERABLE_GROUPS.length).default([]),
  addresseeOrganisationId: z.uuid(),
  priority: RecommendationPrioritySchema,
  issuedOn: IsoDateSchema,
  deadline: IsoDateSchema.nullable().default(null),
  /** The findings it comes from; their visits are added to `visitIds` by the service. */
  findingIds: ids("finding").default([]),
  /** Visits it comes from without a finding named. */
  visitIds: ids("visit").default([]),
  /** Places of detention it concerns; empty when `allFacilities`. */
  placeIds: ids("place").default([]),
  allFacilities: z.boolean().default(false),
  /** The day the institution published it; until then only the monitoring body and the addressee read it. */
  publishedOn: IsoDateSchema.nullable().default(null),
};

export const RecommendationInputSchema = z.object({ monitoringOrganisationId: z.uuid(), ...fields });
export type RecommendationInput = z.input<typeof RecommendationInputSchema>;

/** A change of the recommendation itself (its status moves through status changes, its answer through the response). */
export const RecommendationPatchSchema = z
  .object({
    text: fields.text,
    theme: fields.theme,
    vulnerableGroups: z.array(VulnerableGroupSchema).max(VULNERABLE_GROUPS.length),
    addresseeOrganisationId: fields.addresseeOrganisationId,
    priority: fields.priority,
    issuedOn: fields.issuedOn,
    deadline: IsoDateSchema.nullable(),
    findingIds: ids("finding"),
    visitIds: ids("visit"),
    placeIds: ids("place"),
    allFacilities: z.boolean(),
    publishedOn: IsoDateSchema.nullable(),
  })
  .partial();
export type RecommendationPatch = z.input<typeof RecommendationPatchSchema>;

const NamedSchema = z.object({ id: z.uuid(), name: z.string() });

export const RecommendationSourceSchema = z.object({
  visitId: z.uuid(),
  visitReference: z.string(),
  placeName: z.string(),
  startsOn: z.string(),
  findings: z.array(z.object({ id: z.uuid(), theme: z.string(), text: z.string() })),
});

export const RecommendationStatusChangeSchema = z.object({
  id: z.uuid(),
  status: RecommendationStatusSchema,
  changedOn: z.string(),
  note: z.string().nullable(),
  visitId: z.uuid().nullable(),
  visitReference: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  /** Absent for readers of a published recommendation outside the monitoring body and the addressee. */
  evidence: z.array(StoredFileSchema).optional(),
});
export type RecommendationStatusChange = z.infer<typeof RecommendationStatusChangeSchema>;

export const RecommendationSummarySchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  monitoringOrganisation: NamedSchema,
  text: z.string(),
  theme: DetentionThemeSchema,
  vulnerableGroups: z.array(VulnerableGroupSchema),
  addressee: NamedSchema,
  priority: RecommendationPrioritySchema,
  issuedOn: z.string(),
  deadline: z.string().nullable(),
  allFacilities: z.boolean(),
  places: z.array(NamedSchema),
  status: RecommendationStatusSchema,
  statusOn: z.string(),
  /** Deadline passed and neither implemented nor refused (today in Kigali). */
  overdue: z.boolean(),
  publishedOn: z.string().nullable(),
  version: z.number().int(),
});
export type RecommendationSummary = z.infer<typeof RecommendationSummarySchema>;

export const RecommendationSchema = RecommendationSummarySchema.extend({
  sources: z.array(RecommendationSourceSchema),
  response: z.string().nullable(),
  respondedOn: z.string().nullable(),
  history: z.array(RecommendationStatusChangeSchema),
  /** What this reader may do, so pages offer only that. */
  can: z.object({
    edit: z.boolean(),
    delete: z.boolean(),
    respond: z.boolean(),
    statuses: z.array(RecommendationStatusSchema),
  }),
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

const booleanQuery = z
  .enum(["true", "false"])
  .transform((v) => v === "true")
  .optional();

export const RecommendationListQuerySchema = z.object({
  status: RecommendationStatusSchema.optional(),
  theme: DetentionThemeSchema.optional(),
  addresseeOrganisationId: z.uuid().optional(),
  monitoringOrganisationId: z.uuid().optional(),
  placeId: z.uuid().optional(),
  overdue: booleanQuery,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type RecommendationListQuery = z.input<typeof RecommendationListQuerySchema>;

export const RecommendationListSchema = z.object({
  items: z.array(RecommendationSummarySchema),
  total: z.number().int(),
});
export type RecommendationList = z.infer<typeof RecommendationListSchema>;

/** A visit that may verify a status change of one recommendation: a conducted follow-up visit of its body at one of its places. */
export const VerifyingVisitSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  placeId: z.uuid(),
  placeName: z.string(),
  startsOn: IsoDateSchema,
  endsOn: IsoDateSchema.nullable(),
});
export type VerifyingVisit = z.infer<typeof VerifyingVisitSchema>;
export const VerifyingVisitsSchema = z.object({ items: z.array(VerifyingVisitSchema) });
export type VerifyingVisits = z.infer<typeof VerifyingVisitsSchema>;

export const StatusChangeInputSchema = z.object({
  status: RecommendationStatusSchema.exclude(["not_answered"]),
  changedOn: IsoDateSchema,
  note: z.string().trim().max(5_000).nullable().default(null),
  /** The conducted follow-up visit that verified it. */
  visitId: z.uuid().nullable().default(null),
});
export type StatusChangeInput = z.input<typeof StatusChangeInputSchema>;

export const ResponseInputSchema = z.object({
  response: z.string().trim().min(1, "Write the response.").max(20_000),
  respondedOn: IsoDateSchema,
});
export type ResponseInput = z.input<typeof ResponseInputSchema>;

// ----- Tracker -----

export const TRACKER_GROUPINGS = ["place", "addressee", "theme", "year"] as const;
export const TrackerQuerySchema = z.object({
  by: z.enum(TRACKER_GROUPINGS).default("addressee"),
  fromYear: z.coerce.number().int().min(1900).max(2199).optional(),
  toYear: z.coerce.number().int().min(1900).max(2199).optional(),
  addresseeOrganisationId: z.uuid().optional(),
  theme: DetentionThemeSchema.optional(),
  placeId: z.uuid().optional(),
  monitoringOrganisationId: z.uuid().optional(),
});
export type TrackerQuery = z.input<typeof TrackerQuerySchema>;

export const TrackerRowSchema = z.object({
  /** The place, organisation or theme id, the year as text, or "all_facilities" for the set of every facility. */
  key: z.string(),
  label: z.string(),
  total: z.number().int(),
  byStatus: z.record(RecommendationStatusSchema, z.number().int()),
  implemented: z.number().int(),
  overdue: z.number().int(),
  /** From issued_on to the change to "implemented"; null when none was implemented. */
  averageDaysToImplementation: z.number().nullable(),
});
export type TrackerRow = z.infer<typeof TrackerRowSchema>;

export const TrackerSchema = z.object({
  by: z.enum(TRACKER_GROUPINGS),
  rows: z.array(TrackerRowSchema),
  total: TrackerRowSchema,
});
export type Tracker = z.infer<typeof TrackerSchema>;

export const TrackerExportQuerySchema = TrackerQuerySchema.extend({
  lang: z.enum(["en", "fr", "rw"]).default("en"),
});

/** Findings a monitor may cite: those of the monitoring body's conducted visits, newest visit first. */
export const CitableFindingsQuerySchema = z.object({ monitoringOrganisationId: z.uuid() });
export const CitableFindingsSchema = z.object({ items: z.array(RecommendationSourceSchema) });
export type CitableFindings = z.infer<typeof CitableFindingsSchema>;
