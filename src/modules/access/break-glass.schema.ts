// Break-the-glass (issue 17): time-limited access to one record, opened with a reason; browser-safe schemas and types.
import { z } from "zod";
import { ActivityBoundSchema } from "../audit/audit.schema";

/** Three hours: how long broken glass lasts unless the caller asks for less. */
export const BREAK_GLASS_MINUTES = 180;
export const MIN_BREAK_GLASS_REASON = 10;

export const BreakGlassInputSchema = z.object({
  /** The kind of record, as its module audits it ("incident", "referral"). */
  entityType: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z][a-z_]*$/, "Use the record's audit type, such as incident."),
  entityId: z.string().min(1).max(200),
  reason: z
    .string()
    .trim()
    .min(MIN_BREAK_GLASS_REASON, `Say why, in at least ${MIN_BREAK_GLASS_REASON} characters.`)
    .max(1000, "Use at most 1,000 characters.")
    .refine((s) => !s.includes("\u0000"), "Remove the invisible control character (U+0000)."),
  durationMinutes: z.number().int().min(1).max(BREAK_GLASS_MINUTES).default(BREAK_GLASS_MINUTES),
});
export type BreakGlassInput = z.input<typeof BreakGlassInputSchema>;

/** One opened exception: who, which record, why, from when until when. */
export const BreakGlassSchema = z.object({
  id: z.string(),
  userId: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  reason: z.string(),
  openedAt: z.string(),
  expiresAt: z.string(),
});
export type BreakGlass = z.infer<typeof BreakGlassSchema>;

/** As administrators list them: with the user's name and email. */
export const BreakGlassListItemSchema = BreakGlassSchema.extend({
  userName: z.string(),
  userEmail: z.string(),
});
export type BreakGlassListItem = z.infer<typeof BreakGlassListItemSchema>;

/** Exceptions opened between two dates or instants (the same bounds as the activity report). */
export const BreakGlassListQuerySchema = z.object({ from: ActivityBoundSchema, to: ActivityBoundSchema });
export type BreakGlassListQuery = z.infer<typeof BreakGlassListQuerySchema>;
