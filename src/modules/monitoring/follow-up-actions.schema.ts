// Follow-up actions of an authority's action plan: one action may serve several recommendations addressed to it.
import { z } from "zod";
import { IsoDateSchema } from "../../shared/iso-date";

export const FOLLOW_UP_ACTION_STATUSES = ["planned", "in_progress", "done", "cancelled"] as const;
export const FollowUpActionStatusSchema = z.enum(FOLLOW_UP_ACTION_STATUSES);

const recommendationIds = z
  .array(z.uuid())
  .min(1, "Name the recommendations this action serves.")
  .max(200)
  .refine((ids) => new Set(ids).size === ids.length, "Name each recommendation once.");

const fields = {
  title: z.string().trim().min(1, "Give the action a title.").max(500),
  description: z.string().trim().max(10_000).nullable(),
  dueOn: IsoDateSchema.nullable(),
  status: FollowUpActionStatusSchema,
  progress: z.number().int().min(0).max(100),
  progressNote: z.string().trim().max(10_000).nullable(),
  recommendationIds,
};

export const FollowUpActionInputSchema = z.object({
  /** The acting organisation (usually the addressee); every recommendation it serves is addressed to it. */
  organisationId: z.uuid(),
  title: fields.title,
  description: fields.description.default(null),
  dueOn: fields.dueOn.default(null),
  status: fields.status.default("planned"),
  progress: fields.progress.default(0),
  progressNote: fields.progressNote.default(null),
  recommendationIds: fields.recommendationIds,
});
export type FollowUpActionInput = z.input<typeof FollowUpActionInputSchema>;

export const FollowUpActionPatchSchema = z.object(fields).partial();
export type FollowUpActionPatch = z.input<typeof FollowUpActionPatchSchema>;

export const FollowUpActionSchema = z.object({
  id: z.uuid(),
  organisation: z.object({ id: z.uuid(), name: z.string() }),
  title: z.string(),
  description: z.string().nullable(),
  dueOn: z.string().nullable(),
  status: FollowUpActionStatusSchema,
  progress: z.number().int(),
  progressNote: z.string().nullable(),
  recommendations: z.array(z.object({ id: z.uuid(), reference: z.string() })),
  can: z.object({ edit: z.boolean() }),
  version: z.number().int(),
});
export type FollowUpAction = z.infer<typeof FollowUpActionSchema>;

export const FollowUpActionListQuerySchema = z.object({
  recommendationId: z.uuid().optional(),
  organisationId: z.uuid().optional(),
});
export const FollowUpActionListSchema = z.object({ items: z.array(FollowUpActionSchema) });
export type FollowUpActionList = z.infer<typeof FollowUpActionListSchema>;
