// Who reported, on time or not: the query and the answer of GET /api/reporting/timeliness; browser-safe.
import { z } from "zod";
import { PeriodSchema, PeriodTypeSchema, parsePeriod } from "./periods";
import { REPORT_STATES } from "./timeliness";

const TimelinessQueryFields = {
  periodType: PeriodTypeSchema.default("quarter"),
  /** One period; when left out, the last `last` periods that have ended. */
  period: PeriodSchema.optional(),
  last: z.coerce.number().int().min(1).max(24).default(4),
  districtId: z.uuid("Give the id of a district.").optional(),
  provinceId: z.uuid("Give the id of a province.").optional(),
  bodyId: z.uuid("Give the id of a reporting body.").optional(),
  organisationId: z.uuid("Give the id of an organisation.").optional(),
  /** One page of the partner scorecard: organisations by name. */
  scorecardLimit: z.coerce.number().int().min(1).max(200).default(50),
  scorecardOffset: z.coerce.number().int().min(0).max(100_000).default(0),
};

/** A period must be of the type asked for ("2026-03" is not a quarter). */
const periodOfType = (q: { periodType: string; period?: string | undefined }, ctx: z.RefinementCtx) => {
  if (q.period && parsePeriod(q.period)?.type !== q.periodType) {
    ctx.addIssue({
      code: "custom",
      path: ["period"],
      message: `This is not a period of the type asked for (${q.periodType.replace("_", "-")}).`,
    });
  }
};

export const TimelinessQuerySchema = z.object(TimelinessQueryFields).strict().superRefine(periodOfType);
export type TimelinessQuery = z.infer<typeof TimelinessQuerySchema>;

export const TIMELINESS_EXPORT_LANGUAGES = ["en", "fr", "rw"] as const;
export const TimelinessExportQuerySchema = z
  .object({ ...TimelinessQueryFields, lang: z.enum(TIMELINESS_EXPORT_LANGUAGES).default("en") })
  .strict()
  .superRefine(periodOfType);

export const ReportStateSchema = z.enum(REPORT_STATES);

export const TallySchema = z.object({
  expected: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.number().int(),
  notDue: z.number().int(),
  reportingRate: z.number().nullable(),
  timeliness: z.number().nullable(),
});
export type TallyRow = z.infer<typeof TallySchema>;

const PeriodTallySchema = TallySchema.extend({ period: z.string() });

/** One body, district or province: its tally over the periods asked for, and period by period. */
const GroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  total: TallySchema,
  byPeriod: z.array(PeriodTallySchema),
});

export const TimelinessBodySchema = GroupSchema.extend({
  kind: z.string(),
  districtId: z.string().nullable(),
  districtName: z.string().nullable(),
  /** Mean days after the due date of the late reports (as they came), null when none was late. */
  meanDaysLate: z.number().nullable(),
});
export const TimelinessDistrictSchema = GroupSchema.extend({
  provinceId: z.string().nullable(),
  provinceName: z.string().nullable(),
});

export const OverdueReportSchema = z.object({
  obligationId: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  bodyId: z.string(),
  bodyName: z.string(),
  districtId: z.string().nullable(),
  period: z.string(),
  state: z.enum(["late", "missing"]),
  dueDate: z.string(),
  daysLate: z.number().int(),
  firstSubmittedOn: z.string().nullable(),
  submissionId: z.string().nullable(),
});
export type OverdueReport = z.infer<typeof OverdueReportSchema>;

/** One organisation over the scorecard's periods: one cell per period (its worst report to the bodies in view). */
export const ScorecardRowSchema = z.object({
  organisationId: z.string(),
  organisationName: z.string(),
  /** Aligned with `scorecard.periods`; "none" when nothing was expected of it in that period. */
  cells: z.array(z.object({ state: z.enum([...REPORT_STATES, "none"]), daysLate: z.number().int() })),
  total: TallySchema,
});
export type ScorecardRow = z.infer<typeof ScorecardRowSchema>;

export const OVERDUE_LIMIT = 500;
export const SCORECARD_PERIODS = 8;

export const TimelinessReportSchema = z.object({
  periodType: PeriodTypeSchema,
  periods: z.array(z.string()),
  /** The day the states were worked out on (Kigali). */
  today: z.string(),
  national: z.object({ total: TallySchema, byPeriod: z.array(PeriodTallySchema) }),
  provinces: z.array(GroupSchema),
  districts: z.array(TimelinessDistrictSchema),
  bodies: z.array(TimelinessBodySchema),
  /** Late and missing reports, longest overdue first, at most OVERDUE_LIMIT of them. */
  overdue: z.array(OverdueReportSchema),
  overdueTotal: z.number().int(),
  /** One page of organisations (by name), and how many there are in all. */
  scorecard: z.object({
    periods: z.array(z.string()),
    organisations: z.array(ScorecardRowSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  }),
});
export type TimelinessReport = z.infer<typeof TimelinessReportSchema>;

/** What a run of the reminders sent: reminders and digests claimed now, and the emails queued for them. */
export const NoticeReportSchema = z.object({
  reminders: z.number().int(),
  digests: z.number().int(),
  emails: z.number().int(),
});
