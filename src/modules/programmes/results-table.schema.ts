// A results table's reading and outcome (preview and import): Zod schemas shared by the API, the browser and the CLI.
import { z } from "zod";
import { ParticipantCategorySchema, ValueKindSchema } from "./programmes.schema";

export const ReachPartSchema = z.object({
  count: z.number(),
  category: ParticipantCategorySchema,
  label: z.string(),
});
export type ReachPart = z.infer<typeof ReachPartSchema>;

/** A "people reached" cell: counts by group, a lower bound ("over 50,000"), words ("Nationwide"), or nothing. */
export const ReachSchema = z.union([
  z.object({ kind: z.literal("exact"), parts: z.array(ReachPartSchema), text: z.string() }),
  z.object({
    kind: z.literal("lower_bound"),
    value: z.number(),
    category: ParticipantCategorySchema,
    text: z.string(),
  }),
  z.object({ kind: z.literal("qualitative"), text: z.string() }),
  z.object({ kind: z.literal("empty") }),
]);
export type Reach = z.infer<typeof ReachSchema>;

/** A target or achieved cell of an indicator table: a number (maybe a lower bound or a percentage) or words. */
const MeasuredNumberSchema = z.object({
  kind: z.enum(["exact", "lower_bound"]),
  value: z.number(),
  percent: z.boolean(),
  text: z.string(),
});
export const MeasuredValueSchema = z.union([
  MeasuredNumberSchema,
  z.object({ kind: z.literal("qualitative"), text: z.string() }),
  z.object({ kind: z.literal("empty") }),
]);
export type MeasuredValue = z.infer<typeof MeasuredValueSchema>;

export const ResultsTableLayoutSchema = z.enum(["activities", "indicators"]);
export type ResultsTableLayout = z.infer<typeof ResultsTableLayoutSchema>;

/** What importing a row does: records it anew, changes what an earlier import of it recorded, or nothing. */
export const RowChangeSchema = z.enum(["new", "update", "unchanged"]);
export type RowChange = z.infer<typeof RowChangeSchema>;

/** What an earlier import of a row recorded, for a row that will update it: the reader sees what it replaces. */
export const RecordedRowSchema = z.object({
  participants: z.array(z.object({ category: ParticipantCategorySchema, count: z.number() })),
  reachNote: z.string().nullable(),
  result: z
    .object({ valueKind: ValueKindSchema, value: z.number().nullable(), text: z.string().nullable() })
    .nullable(),
});
export type RecordedRow = z.infer<typeof RecordedRowSchema>;

export const ResultsTableRowPlanSchema = z.object({
  /** "row 4", "sheet Results, row 4", "table 2, row 3", "line 74". */
  location: z.string(),
  name: z.string(),
  /** activities: the reach read; indicators: the achieved value. */
  // A measured value's words and emptiness are Reach's own: only its number is added (each kind listed once).
  reach: z.union([ReachSchema, MeasuredNumberSchema]),
  target: MeasuredValueSchema.nullable(),
  /** The logframe activity or indicator of the programme it goes to; null: a new one is made. */
  matches: z.string().nullable(),
  change: RowChangeSchema,
  /** For an update: what is recorded now (null otherwise). */
  was: RecordedRowSchema.nullable(),
});
export type ResultsTableRowPlan = z.infer<typeof ResultsTableRowPlanSchema>;

export const ResultsTableOutcomeSchema = z.object({
  file: z.string(),
  layout: ResultsTableLayoutSchema,
  rows: z.array(ResultsTableRowPlanSchema),
  /** Set once written (confirm); null for a preview. */
  written: z
    .object({
      programmeId: z.string(),
      events: z.number(),
      indicators: z.number(),
      results: z.number(),
      activities: z.number(),
      /** Rows an earlier import of the same table recorded: changed to what the file now says, or left as they were. */
      updated: z.number(),
      unchanged: z.number(),
    })
    .nullable(),
});
export type ResultsTableOutcome = z.infer<typeof ResultsTableOutcomeSchema>;
