// The monitoring body's roadmap (action plan items) and its progress: Zod schemas shared by the API and the pages;
// browser-safe.
import { z } from "zod";
import { IsoDateSchema } from "../../shared/iso-date";

const NUL_MESSAGE = "Remove the invisible control character (U+0000).";
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .refine((s) => !s.includes("\u0000"), NUL_MESSAGE);
const requiredText = (max: number) => text(max).pipe(z.string().min(1, "Write something here."));

/** The three parts of the roadmap the NCHR drew up for its start as NPM (seed 002). */
export const PLAN_AREAS = ["internal_organisation", "npm_work", "communication_and_cooperation"] as const;
export const PlanAreaSchema = z.enum(PLAN_AREAS);
export type PlanArea = z.infer<typeof PlanAreaSchema>;

export const PLAN_ITEM_STATUSES = ["not_started", "in_progress", "done", "postponed"] as const;
export const PlanItemStatusSchema = z.enum(PLAN_ITEM_STATUSES);
export type PlanItemStatus = z.infer<typeof PlanItemStatusSchema>;

const Progress = z
  .number()
  .int("Give the progress as a whole percentage.")
  .min(0, "Progress is between 0 and 100 %.")
  .max(100, "Progress is between 0 and 100 %.");

export const PlanItemSchema = z.object({
  id: z.string(),
  monitoringOrganisationId: z.string(),
  area: PlanAreaSchema,
  title: z.string(),
  owner: z.string().nullable(),
  dueOn: z.string().nullable(),
  status: PlanItemStatusSchema,
  progress: z.number().int(),
  position: z.number().int(),
  /** Due date passed and not done (computed for the day of the request). */
  overdue: z.boolean(),
  version: z.number().int(),
});
export type PlanItem = z.infer<typeof PlanItemSchema>;

const itemFields = {
  area: PlanAreaSchema,
  title: requiredText(300),
  owner: text(200).nullable().optional(),
  dueOn: IsoDateSchema.nullable().optional(),
  status: PlanItemStatusSchema.default("not_started"),
  progress: Progress.optional(),
};

export const PlanItemInputSchema = z
  .object({ monitoringOrganisationId: z.uuid("Give the id of an existing organisation."), ...itemFields })
  .strict();
export type PlanItemInput = z.infer<typeof PlanItemInputSchema>;

/** A patch changes only what it names (no defaults inside); `position` moves the item to that place in its area. */
export const PlanItemPatchSchema = z
  .object({
    ...itemFields,
    status: PlanItemStatusSchema,
    position: z
      .number()
      .int("Give the position as a whole number.")
      .min(0, "Positions start at 0.")
      .max(10_000),
  })
  .partial()
  .strict();
export type PlanItemPatch = z.infer<typeof PlanItemPatchSchema>;

export const PlanItemListQuerySchema = z.object({
  monitoringOrganisationId: z.uuid("Give the id of an existing organisation.").optional(),
});

export const AreaProgressSchema = z.object({
  area: PlanAreaSchema,
  /** Mean of the items' progress, a done item counting 100; null when the area has no item. */
  progress: z.number().int().nullable(),
  items: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
});
export type AreaProgress = z.infer<typeof AreaProgressSchema>;

export const PlanSummarySchema = z.object({
  monitoringOrganisationId: z.string(),
  monitoringOrganisationName: z.string(),
  /** Over every item of the plan, each weighing the same. */
  progress: z.number().int().nullable(),
  items: z.number().int(),
  overdue: z.number().int(),
  areas: z.array(AreaProgressSchema),
  /** Whether the actor may add, change and remove items of this plan. */
  canEdit: z.boolean(),
});
export type PlanSummary = z.infer<typeof PlanSummarySchema>;
