// Monitoring visits to places of detention and their findings: what the API takes and gives (browser-safe).
import { z } from "zod";
import { IsoDateSchema } from "../../shared/iso-date";
import { StoredFileSchema } from "../../shared/uploaded-file-types";
import { DETENTION_THEME_CODES, VULNERABLE_GROUPS } from "./detention-themes";

const NUL_MESSAGE = "Remove the invisible control character (U+0000).";
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .refine((s) => !s.includes("\u0000"), NUL_MESSAGE);
const requiredText = (max: number) => text(max).pipe(z.string().min(1, "Write something here."));
const Uuid = z.uuid("Give the id of an existing record.");

export const VISIT_STATUSES = ["planned", "conducted", "cancelled"] as const;
export const VisitStatusSchema = z.enum(VISIT_STATUSES);
export type VisitStatus = z.infer<typeof VisitStatusSchema>;

export const VISIT_TYPES = ["regular", "follow_up", "ad_hoc"] as const;
export const VisitTypeSchema = z.enum(VISIT_TYPES);
export type VisitType = z.infer<typeof VisitTypeSchema>;

export const TEAM_ROLES = ["monitor", "external_expert", "doctor", "interpreter", "other"] as const;
export const INTERVIEW_CATEGORIES = [
  "detainees",
  "staff",
  "management",
  "health_staff",
  "families",
  "lawyers",
  "other",
] as const;
export type InterviewCategory = (typeof INTERVIEW_CATEGORIES)[number];

export const FINDING_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const FindingSeveritySchema = z.enum(FINDING_SEVERITIES);
export type FindingSeverity = z.infer<typeof FindingSeveritySchema>;

export const VisitTeamMemberSchema = z.object({ name: requiredText(200), role: z.enum(TEAM_ROLES) }).strict();
export type VisitTeamMember = z.infer<typeof VisitTeamMemberSchema>;

/** People interviewed, by category and count; never names. */
export const VisitInterviewSchema = z
  .object({
    category: z.enum(INTERVIEW_CATEGORIES),
    count: z.number().int("A whole number.").min(0, "A count cannot be negative.").max(100_000),
  })
  .strict();
export type VisitInterview = z.infer<typeof VisitInterviewSchema>;

const InterviewsSchema = z
  .array(VisitInterviewSchema)
  .max(INTERVIEW_CATEGORIES.length)
  .superRefine((items, ctx) => {
    items.forEach((item, i) => {
      if (items.findIndex((other) => other.category === item.category) < i)
        ctx.addIssue({ code: "custom", path: [i, "category"], message: "Each category once." });
    });
  });

const visitFields = {
  placeId: Uuid,
  announced: z.boolean(),
  visitType: VisitTypeSchema,
  /** A follow-up visit names the visit whose recommendations it checks. */
  followUpOfVisitId: Uuid.nullable().optional(),
  startsOn: IsoDateSchema,
  endsOn: IsoDateSchema.nullable().optional(),
  objectives: text(5000).nullable().optional(),
  team: z.array(VisitTeamMemberSchema).max(50),
  interviews: InterviewsSchema,
  summary: text(20_000).nullable().optional(),
};

type DateRule = {
  startsOn?: string;
  endsOn?: string | null;
  visitType?: VisitType;
  followUpOfVisitId?: string | null;
};

/** The rules between fields, shared by the input schema and the service (which checks a patch merged with the row). */
export function visitFieldIssues(v: DateRule): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (v.startsOn && v.endsOn && v.endsOn < v.startsOn)
    issues.push({ path: "endsOn", message: "The visit cannot end before it starts." });
  if (v.followUpOfVisitId && v.visitType !== "follow_up")
    issues.push({ path: "followUpOfVisitId", message: "Only a follow-up visit names an earlier visit." });
  return issues;
}

export const VisitInputSchema = z
  .object({
    /** The monitoring body (e.g. the NCHR as NPM): the visit belongs to it. */
    monitoringOrganisationId: Uuid,
    ...visitFields,
    team: visitFields.team.default([]),
    interviews: InterviewsSchema.default([]),
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const issue of visitFieldIssues(v)) ctx.addIssue({ code: "custom", ...issue, path: [issue.path] });
  });
export type VisitInput = z.input<typeof VisitInputSchema>;

export const VisitPatchSchema = z
  .object({ ...visitFields, status: VisitStatusSchema })
  .partial()
  .strict();
export type VisitPatch = z.infer<typeof VisitPatchSchema>;

export const VisitPublishSchema = z.object({ publishedOn: IsoDateSchema }).strict();

export const VisitListQuerySchema = z.object({
  placeId: Uuid.optional(),
  status: VisitStatusSchema.optional(),
  visitType: VisitTypeSchema.optional(),
  year: z.coerce.number().int().min(1900).max(2199).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type VisitListQuery = z.infer<typeof VisitListQuerySchema>;

export const FindingFileSchema = StoredFileSchema;

const findingFields = {
  theme: z.enum(DETENTION_THEME_CODES, "Choose a theme of the list."),
  vulnerableGroups: z
    .array(z.enum(VULNERABLE_GROUPS))
    .max(VULNERABLE_GROUPS.length)
    .refine((g) => new Set(g).size === g.length, "Each group once."),
  severity: FindingSeveritySchema,
  /** What was found; no names (an individual case becomes a confidential incident). */
  text: requiredText(10_000),
  position: z.number().int().min(0).max(10_000),
};

export const FindingInputSchema = z
  .object({
    ...findingFields,
    vulnerableGroups: findingFields.vulnerableGroups.default([]),
    position: findingFields.position.optional(),
  })
  .strict();
export type FindingInput = z.input<typeof FindingInputSchema>;

export const FindingPatchSchema = z.object(findingFields).partial().strict();
export type FindingPatch = z.infer<typeof FindingPatchSchema>;

export const FindingSchema = z.object({
  id: z.uuid(),
  visitId: z.uuid(),
  position: z.number().int(),
  theme: z.enum(DETENTION_THEME_CODES),
  vulnerableGroups: z.array(z.enum(VULNERABLE_GROUPS)),
  severity: FindingSeveritySchema,
  text: z.string(),
  /** The confidential incident this individual case was opened as. */
  incidentId: z.uuid().nullable(),
  files: z.array(FindingFileSchema),
  version: z.number().int(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** A finding opened as a confidential incident: the monitor writes the incident's description for it. */
export const FindingIncidentInputSchema = z
  .object({
    /** Written for the incident; the finding's text is not copied, so no identifying detail travels by accident. */
    description: requiredText(10_000),
  })
  .strict();

export const VisitSummarySchema = z.object({
  id: z.uuid(),
  /** VIS-<year>-<number>. */
  reference: z.string(),
  monitoringOrganisationId: z.uuid(),
  monitoringOrganisationName: z.string(),
  placeId: z.uuid(),
  placeName: z.string(),
  districtId: z.uuid().nullable(),
  status: VisitStatusSchema,
  announced: z.boolean(),
  visitType: VisitTypeSchema,
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  publishedOn: z.string().nullable(),
  findingCount: z.number().int(),
  version: z.number().int(),
});
export type VisitSummary = z.infer<typeof VisitSummarySchema>;

export const VisitListSchema = z.object({ items: z.array(VisitSummarySchema), total: z.number().int() });
export type VisitList = z.infer<typeof VisitListSchema>;

export const VisitSchema = VisitSummarySchema.extend({
  followUpOfVisitId: z.uuid().nullable(),
  objectives: z.string().nullable(),
  team: z.array(VisitTeamMemberSchema),
  interviews: z.array(VisitInterviewSchema),
  summary: z.string().nullable(),
  findings: z.array(FindingSchema),
  /** What the reader may do here. */
  can: z.object({ update: z.boolean(), delete: z.boolean(), publish: z.boolean() }),
});
export type Visit = z.infer<typeof VisitSchema>;

export const VISIT_REPORT_LANGUAGES = ["en", "fr", "rw"] as const;
export const VisitReportQuerySchema = z.object({ lang: z.enum(VISIT_REPORT_LANGUAGES).default("en") });
