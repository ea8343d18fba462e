// Programmes, logframes, indicators, results and events: Zod schemas shared by API, forms and CLI; browser-safe.
import { z } from "zod";
import { IsoDateSchema } from "../../shared/iso-date";

export const PROGRAMME_STATUSES = ["planned", "ongoing", "completed", "suspended", "cancelled"] as const;
export const ProgrammeStatusSchema = z.enum(PROGRAMME_STATUSES);
export type ProgrammeStatus = z.infer<typeof ProgrammeStatusSchema>;

export const LOGFRAME_LEVELS = ["objective", "outcome", "output", "activity"] as const;
export const LogframeLevelSchema = z.enum(LOGFRAME_LEVELS);
export type LogframeLevel = z.infer<typeof LogframeLevelSchema>;
/** The level a child of each level must have: objective → outcome → output → activity. */
export const CHILD_LEVEL: Record<LogframeLevel, LogframeLevel | null> = {
  objective: "outcome",
  outcome: "output",
  output: "activity",
  activity: null,
};

export const INDICATOR_UNITS = ["people", "events", "percent", "text"] as const;
export const IndicatorUnitSchema = z.enum(INDICATOR_UNITS);
export type IndicatorUnit = z.infer<typeof IndicatorUnitSchema>;

/** How period values make the indicator's value: added up, the latest, the highest, or Σ numerators / Σ denominators. */
export const CALCULATIONS = ["sum", "latest", "max", "percent"] as const;
export const CalculationSchema = z.enum(CALCULATIONS);
export type Calculation = z.infer<typeof CalculationSchema>;

export const DISAGGREGATIONS = ["sex", "age_group", "category"] as const;
export const DisaggregationSchema = z.enum(DISAGGREGATIONS);
export type Disaggregation = z.infer<typeof DisaggregationSchema>;

export const SEXES = ["female", "male", "unknown"] as const;
export const SexSchema = z.enum(SEXES);
export type Sex = z.infer<typeof SexSchema>;

export const AGE_GROUPS = ["under_18", "18_to_35", "36_to_60", "over_60", "unknown"] as const;
export const AgeGroupSchema = z.enum(AGE_GROUPS);

export const PARTICIPANT_CATEGORIES = [
  "stakeholders",
  "police_officers",
  "immigration_officers",
  "officers",
  "officials",
  "commanders",
  "media_professionals",
  "students",
  "teachers",
  "villagers",
  "local_leaders",
  "service_providers",
  "field_staff",
  "prisoners",
  "other",
] as const;
export const ParticipantCategorySchema = z.enum(PARTICIPANT_CATEGORIES);
export type ParticipantCategory = z.infer<typeof ParticipantCategorySchema>;

/** "50,000+" stays a lower bound; "Nationwide" is qualitative; not reported is never shown as zero. */
export const VALUE_KINDS = ["exact", "lower_bound", "qualitative", "not_reported"] as const;
export const ValueKindSchema = z.enum(VALUE_KINDS);
export type ValueKind = z.infer<typeof ValueKindSchema>;

export const EVENT_KINDS = [
  "training",
  "workshop",
  "campaign",
  "school_talk",
  "community_meeting",
  "radio_show",
  "visit",
  "meeting",
] as const;
export const EventKindSchema = z.enum(EVENT_KINDS);
export type EventKind = z.infer<typeof EventKindSchema>;

const noNul = (s: string) => !s.includes("\u0000");
const Text = (max: number) =>
  z.string().trim().max(max).refine(noNul, "Remove the invisible control character (U+0000).");
const OptionalText = (max: number) =>
  Text(max)
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional();
/** A count or amount: never negative, and within what PostgreSQL numeric(18,2) keeps. */
const Amount = z
  .number()
  .finite()
  .min(0, "A count or amount cannot be negative.")
  .max(1e15, "This number is too large.");
const Count = z.number().int("Use a whole number.").min(0, "A count cannot be negative.").max(100_000_000);
const ThemeCode = z
  .string()
  .max(60)
  .regex(/^[a-z0-9_]{2,60}$/, "Use a theme code such as legal_aid.");

export const DonorInputSchema = z.object({
  organisationId: z.uuid(),
  amount: Amount.nullable().optional(),
  currency: z
    .string()
    .max(3)
    .regex(/^[A-Z]{3}$/, "Use a three-letter ISO 4217 currency code such as USD or RWF.")
    .nullable()
    .optional(),
});
export type DonorInput = z.infer<typeof DonorInputSchema>;

const ProgrammeFieldsSchema = z.object({
  title: Text(300).min(3, "A title has at least 3 characters."),
  description: OptionalText(8000),
  leadOrganisationId: z.uuid(),
  status: ProgrammeStatusSchema,
  startDate: IsoDateSchema,
  endDate: IsoDateSchema,
  partnerIds: z.array(z.uuid()).max(100),
  donors: z.array(DonorInputSchema).max(50),
  placeIds: z.array(z.uuid()).max(500),
  themes: z.array(ThemeCode).max(30),
  agreementIds: z.array(z.uuid()).max(100),
});

export const ProgrammeInputSchema = ProgrammeFieldsSchema.extend({
  status: ProgrammeStatusSchema.default("planned"),
  partnerIds: ProgrammeFieldsSchema.shape.partnerIds.default([]),
  donors: ProgrammeFieldsSchema.shape.donors.default([]),
  placeIds: ProgrammeFieldsSchema.shape.placeIds.default([]),
  themes: ProgrammeFieldsSchema.shape.themes.default([]),
  agreementIds: ProgrammeFieldsSchema.shape.agreementIds.default([]),
  /** The logframe's objective, created with the programme. */
  objective: Text(2000).min(3, "Describe the objective.").optional(),
});
export type ProgrammeInput = z.input<typeof ProgrammeInputSchema>;

export const ProgrammePatchSchema = ProgrammeFieldsSchema.partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, "Change at least one field.");
export type ProgrammePatch = z.output<typeof ProgrammePatchSchema>;

export const LogframeItemInputSchema = z.object({
  /** The item this one sits under; none for the objective. */
  parentId: z.uuid().nullable().optional(),
  level: LogframeLevelSchema,
  text: Text(2000).min(3, "Write at least 3 characters."),
});
export type LogframeItemInput = z.input<typeof LogframeItemInputSchema>;
export const LogframeItemPatchSchema = z.object({ text: LogframeItemInputSchema.shape.text }).strict();

export const TargetInputSchema = z.object({
  periodStart: IsoDateSchema,
  periodEnd: IsoDateSchema,
  value: Amount,
});
export type TargetInput = z.infer<typeof TargetInputSchema>;

export const IndicatorInputSchema = z.object({
  logframeItemId: z.uuid(),
  /** A sector indicator from the library this one reuses (its code). */
  libraryCode: z
    .string()
    .max(60)
    .regex(/^[a-z0-9_]{2,60}$/)
    .nullable()
    .optional(),
  title: Text(500).min(3, "A title has at least 3 characters."),
  unit: IndicatorUnitSchema,
  calculation: CalculationSchema.default("sum"),
  baselineValue: Amount.nullable().optional(),
  baselineText: OptionalText(500),
  baselineDate: IsoDateSchema.nullable().optional(),
  disaggregations: z.array(DisaggregationSchema).max(3).default([]),
  targets: z.array(TargetInputSchema).max(60).default([]),
});
export type IndicatorInput = z.input<typeof IndicatorInputSchema>;

/**
 * An indicator's changes; lists given (targets, disaggregations) replace the old ones. Built without the
 * creation defaults, because Zod 4 applies a default even inside an optional field.
 */
export const IndicatorPatchSchema = z
  .object({
    logframeItemId: z.uuid(),
    title: IndicatorInputSchema.shape.title,
    unit: IndicatorUnitSchema,
    calculation: CalculationSchema,
    baselineValue: Amount.nullable(),
    baselineText: OptionalText(500),
    baselineDate: IsoDateSchema.nullable(),
    disaggregations: z.array(DisaggregationSchema).max(3),
    targets: z.array(TargetInputSchema).max(60),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, "Change at least one field.");
export type IndicatorPatch = z.input<typeof IndicatorPatchSchema>;

export const BreakdownCellSchema = z.object({
  sex: SexSchema.nullable().optional(),
  ageGroup: AgeGroupSchema.nullable().optional(),
  category: ParticipantCategorySchema.nullable().optional(),
  value: Amount,
});
export type BreakdownCell = z.infer<typeof BreakdownCellSchema>;

export const ResultInputSchema = z.object({
  indicatorId: z.uuid(),
  periodStart: IsoDateSchema,
  periodEnd: IsoDateSchema,
  placeId: z.uuid().nullable().optional(),
  valueKind: ValueKindSchema,
  value: Amount.nullable().optional(),
  /** For percent indicators: the number the value is a share of (value / denominator). */
  denominator: Amount.nullable().optional(),
  /** A qualitative value ("Nationwide"), or a note on any value. */
  text: OptionalText(1000),
  breakdown: z.array(BreakdownCellSchema).max(200).default([]),
  /** Save even though the breakdown does not add up to the total (the difference was shown and accepted). */
  acceptBreakdownDifference: z.boolean().default(false),
});
export type ResultInput = z.input<typeof ResultInputSchema>;

export const ParticipantsInputSchema = z.object({
  category: ParticipantCategorySchema,
  sex: SexSchema.default("unknown"),
  count: Count,
});

export const EventInputSchema = z.object({
  kind: EventKindSchema,
  title: Text(300).min(3, "A title has at least 3 characters."),
  startDate: IsoDateSchema,
  endDate: IsoDateSchema.nullable().optional(),
  /**
   * False when the source gives no date: startDate–endDate is then the period the event happened in (such as the
   * programme's), shown as "date not reported" and left out of the timeline rather than pretending to a date.
   */
  dateReported: z.boolean().default(true),
  /** Where it took place; participants are counted in the district of the first place. */
  placeIds: z.array(z.uuid()).max(50).default([]),
  organiserIds: z.array(z.uuid()).max(20).default([]),
  /** The logframe activity this event carries out. */
  activityId: z.uuid().nullable().optional(),
  /** Indicators (people or events) this event feeds. */
  indicatorIds: z.array(z.uuid()).max(20).default([]),
  participants: z.array(ParticipantsInputSchema).max(100).default([]),
  /** Reach that is not a count, such as "Nationwide" for a radio show. */
  reachNote: OptionalText(200),
  /** Same people as an earlier event (a follow-up session): not added to people reached again. */
  repeatAudience: z.boolean().default(false),
  notes: OptionalText(4000),
});
export type EventInput = z.input<typeof EventInputSchema>;

/** An event's changes; lists given (places, organisers, indicators, participants) replace the old ones. */
export const EventPatchSchema = z
  .object({
    kind: EventKindSchema,
    title: EventInputSchema.shape.title,
    startDate: IsoDateSchema,
    endDate: IsoDateSchema.nullable(),
    /** Giving a start date without this field marks the date as reported. */
    dateReported: z.boolean(),
    placeIds: z.array(z.uuid()).max(50),
    organiserIds: z.array(z.uuid()).max(20),
    activityId: z.uuid().nullable(),
    indicatorIds: z.array(z.uuid()).max(20),
    participants: z.array(ParticipantsInputSchema).max(100),
    reachNote: OptionalText(200),
    repeatAudience: z.boolean(),
    notes: OptionalText(4000),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, "Change at least one field.");
export type EventPatch = z.input<typeof EventPatchSchema>;

export const ProgrammeListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  status: ProgrammeStatusSchema.optional(),
  /** Programmes this organisation leads or implements (not those it only funds): what it reports results of. */
  organisationId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ProgrammeListQuery = z.infer<typeof ProgrammeListQuerySchema>;

// ---- Responses ----

const OrganisationRefSchema = z.object({ id: z.string(), name: z.string(), acronym: z.string().nullable() });
export const DonorSchema = OrganisationRefSchema.extend({
  amount: z.number().nullable(),
  currency: z.string().nullable(),
});
const PlaceRefSchema = z.object({ id: z.string(), name: z.string(), kind: z.string() });

export const ProgrammeSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  status: ProgrammeStatusSchema,
  startDate: z.string(),
  endDate: z.string(),
  lead: OrganisationRefSchema,
  peopleReached: z.number(),
  eventCount: z.number(),
});
export type ProgrammeSummary = z.infer<typeof ProgrammeSummarySchema>;

export const ProgrammeListSchema = z.object({ items: z.array(ProgrammeSummarySchema), total: z.number() });
export type ProgrammeList = z.infer<typeof ProgrammeListSchema>;

export const LogframeItemSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  level: LogframeLevelSchema,
  text: z.string(),
  position: z.number(),
  /** Send it back as If-Match to change or remove the item. */
  version: z.number(),
});
export type LogframeItem = z.infer<typeof LogframeItemSchema>;

export const TargetSchema = TargetInputSchema;

/** An indicator's value over all periods, from its rollup. */
export const IndicatorActualSchema = z.object({
  kind: z.enum(["exact", "lower_bound", "qualitative", "not_reported", "none"]),
  value: z.number().nullable(),
  /** Qualitative values reported ("Nationwide"). */
  notes: z.array(z.string()),
  notReportedCount: z.number(),
});
export type IndicatorActual = z.infer<typeof IndicatorActualSchema>;

export const IndicatorSchema = z.object({
  id: z.string(),
  logframeItemId: z.string(),
  libraryCode: z.string().nullable(),
  title: z.string(),
  unit: IndicatorUnitSchema,
  calculation: CalculationSchema,
  baselineValue: z.number().nullable(),
  baselineText: z.string().nullable(),
  baselineDate: z.string().nullable(),
  disaggregations: z.array(DisaggregationSchema),
  targets: z.array(TargetSchema),
  /** The target the actual is compared with: Σ targets for sums, the last period's otherwise. */
  target: z.number().nullable(),
  actual: IndicatorActualSchema,
  /** Actual / target in percent, when both are numbers; a lower bound gives "at least" this. */
  progressPercent: z.number().nullable(),
  /** Send it back as If-Match to change or remove the indicator. */
  version: z.number(),
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const ResultSchema = z.object({
  id: z.string(),
  indicatorId: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  place: PlaceRefSchema.nullable(),
  valueKind: ValueKindSchema,
  value: z.number().nullable(),
  denominator: z.number().nullable(),
  text: z.string().nullable(),
  breakdown: z.array(BreakdownCellSchema),
  eventId: z.string().nullable(),
  /** The accepted periodic report this value came from (decision 017): it changes only through that report. */
  submissionId: z.string().nullable(),
  /** Send it back as If-Match to remove the result. */
  version: z.number(),
});
export type Result = z.infer<typeof ResultSchema>;

export const ParticipantsSchema = z.object({
  category: ParticipantCategorySchema,
  sex: SexSchema,
  count: z.number(),
});

export const ProgrammeEventSchema = z.object({
  id: z.string(),
  kind: EventKindSchema,
  title: z.string(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  /** False: the dates are the period it happened in, not its date (see EventInputSchema). */
  dateReported: z.boolean(),
  places: z.array(PlaceRefSchema),
  organisers: z.array(OrganisationRefSchema),
  activityId: z.string().nullable(),
  indicatorIds: z.array(z.string()),
  participants: z.array(ParticipantsSchema),
  participantTotal: z.number(),
  reachNote: z.string().nullable(),
  repeatAudience: z.boolean(),
  notes: z.string().nullable(),
  /** Send it back as If-Match to change or remove the event. */
  version: z.number(),
});
export type ProgrammeEvent = z.infer<typeof ProgrammeEventSchema>;

export const ProgrammeDetailSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: ProgrammeStatusSchema,
  startDate: z.string(),
  endDate: z.string(),
  /** Set when the programme came from an IATI file. */
  iatiIdentifier: z.string().nullable(),
  /** Title and description per language code, as the IATI source gave them. */
  narratives: z
    .object({ title: z.record(z.string(), z.string()), description: z.record(z.string(), z.string()) })
    .nullable(),
  lead: OrganisationRefSchema,
  partners: z.array(OrganisationRefSchema),
  donors: z.array(DonorSchema),
  places: z.array(PlaceRefSchema),
  themes: z.array(z.string()),
  agreements: z.array(z.object({ id: z.string(), title: z.string() })),
  logframe: z.array(LogframeItemSchema),
  indicators: z.array(IndicatorSchema),
  events: z.array(ProgrammeEventSchema),
  version: z.number(),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
});
export type ProgrammeDetail = z.infer<typeof ProgrammeDetailSchema>;

export const ReachRowSchema = z.object({
  category: ParticipantCategorySchema,
  sex: SexSchema,
  districtId: z.string().nullable(),
  districtName: z.string().nullable(),
  people: z.number(),
});
export type ReachRow = z.infer<typeof ReachRowSchema>;

export const ProgrammeDashboardSchema = z.object({
  programmeId: z.string().nullable(),
  peopleReached: z.number(),
  /** The double-counting rule, in words, as the dashboard states it. */
  reach: z.array(ReachRowSchema),
  /** Events whose reach is not a count ("Nationwide"). */
  qualitativeReach: z.array(z.object({ title: z.string(), note: z.string() })),
  indicators: z.array(
    IndicatorSchema.pick({
      id: true,
      title: true,
      unit: true,
      target: true,
      actual: true,
      progressPercent: true,
    }).extend({ programmeId: z.string() }),
  ),
  timeline: z.array(z.object({ month: z.string(), events: z.number(), people: z.number() })),
  /** Events whose date was not reported: counted in people reached, kept off the timeline's months. */
  undated: z.object({ events: z.number(), people: z.number() }),
});
export type ProgrammeDashboard = z.infer<typeof ProgrammeDashboardSchema>;

/** One row of a programme's "people reached" table: an activity and whom its events reached. */
export const ReachTableRowSchema = z.object({
  activityId: z.string(),
  activity: z.string(),
  counts: z.array(z.object({ category: ParticipantCategorySchema, people: z.number() })),
  notes: z.array(z.string()),
});
export type ReachTableRow = z.infer<typeof ReachTableRowSchema>;

export { type ResultFeedEntry, ResultFeedEntrySchema } from "./result-feed.schema";
