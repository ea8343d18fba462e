// District meetings: Zod schemas shared by the API, the pages and the Word export; browser-safe.
import { z } from "zod";
import { IsoDateSchema } from "../agreements/agreements.schema";
import { HINDRANCE_KINDS } from "../reporting/reporting.schema";

const NUL_MESSAGE = "Remove the invisible control character (U+0000).";
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes("\u0000"), NUL_MESSAGE);
const requiredText = (max: number) => text(max).pipe(z.string().min(1, "Write something here."));
const Uuid = z.uuid("Give the id of an existing record.");

export const MEETING_BODY_KINDS = ["jrlos_secretariat", "jadf"] as const;
export const MeetingBodyKindSchema = z.enum(MEETING_BODY_KINDS);
export type MeetingBodyKind = z.infer<typeof MeetingBodyKindSchema>;

export const MEETING_STATUSES = ["planned", "held"] as const;
export const MeetingStatusSchema = z.enum(MEETING_STATUSES);
export type MeetingStatus = z.infer<typeof MeetingStatusSchema>;

export const ACTION_ITEM_STATUSES = ["open", "done", "dropped"] as const;
export const ActionItemStatusSchema = z.enum(ACTION_ITEM_STATUSES);
export type ActionItemStatus = z.infer<typeof ActionItemStatusSchema>;

export const QuarterSchema = z
  .string()
  .max(8)
  .regex(/^20\d\d-Q[1-4]$/, "Write the quarter as 2026-Q1.");

/** The headings of an agenda, in the order a generated agenda lists them. */
export const AGENDA_SECTIONS = [
  "follow_up",
  "late_reports",
  "hindrances",
  "expiring_agreements",
  "gaps",
  "other",
] as const;
export const AgendaSectionSchema = z.enum(AGENDA_SECTIONS);
export type AgendaSection = z.infer<typeof AgendaSectionSchema>;

/**
 * What a generated item is about, as facts rather than a sentence: the page and the Word file word it in the
 * reader's language. A hindrance keeps its kind, place and description only, never a name.
 */
export const AgendaSourceSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("report"),
    state: z.enum(["late", "missing"]),
    organisationId: z.string(),
    organisationName: z.string(),
    bodyName: z.string(),
    period: z.string(),
    dueDate: z.string(),
    daysLate: z.number().int(),
  }),
  z.object({
    kind: z.literal("hindrance"),
    hindranceKind: z.enum(HINDRANCE_KINDS),
    placeName: z.string(),
    period: z.string(),
    description: z.string(),
  }),
  z.object({
    kind: z.literal("action_item"),
    actionItemId: z.string(),
    meetingId: z.string(),
    ownerOrganisationId: z.string(),
    ownerName: z.string(),
    text: z.string(),
    dueDate: z.string().nullable(),
  }),
  z.object({
    kind: z.literal("agreement"),
    agreementId: z.string(),
    title: z.string(),
    validUntil: z.string(),
  }),
  z.object({ kind: z.literal("gap"), placeId: z.string(), placeName: z.string(), theme: z.string() }),
]);
export type AgendaSource = z.infer<typeof AgendaSourceSchema>;

export const AgendaItemSchema = z.object({
  id: z.string(),
  section: AgendaSectionSchema,
  /** What the item is about when generated; null for an item someone added. */
  source: AgendaSourceSchema.nullable(),
  /** The wording someone gave it; null keeps the generated wording (in the reader's language). */
  text: z.string().nullable(),
});
export type AgendaItem = z.infer<typeof AgendaItemSchema>;

/**
 * An agenda item as edited: an existing one by its id (reworded, moved, kept), or a new one with its text. The
 * list given is the whole agenda in its new order: items left out are removed.
 */
export const AgendaItemInputSchema = z
  .object({
    id: Uuid.optional(),
    section: AgendaSectionSchema,
    text: text(2000).nullable().optional(),
  })
  .strict()
  .superRefine((item, ctx) => {
    if (!item.id && !item.text)
      ctx.addIssue({
        code: "custom",
        path: ["text"],
        message: "Write the item (a new item needs its text).",
      });
  });
export type AgendaItemInput = z.infer<typeof AgendaItemInputSchema>;

export const ActionItemSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  ownerOrganisationId: z.string(),
  ownerName: z.string(),
  text: z.string(),
  dueDate: z.string().nullable(),
  status: ActionItemStatusSchema,
  version: z.number().int(),
});
export type ActionItem = z.infer<typeof ActionItemSchema>;

export const ActionItemInputSchema = z
  .object({
    ownerOrganisationId: Uuid,
    text: requiredText(2000),
    dueDate: IsoDateSchema.nullable().optional(),
    status: ActionItemStatusSchema.default("open"),
  })
  .strict();
export type ActionItemInput = z.infer<typeof ActionItemInputSchema>;

export const ActionItemPatchSchema = z
  .object({
    ownerOrganisationId: Uuid,
    text: requiredText(2000),
    dueDate: IsoDateSchema.nullable(),
    status: ActionItemStatusSchema,
  })
  .partial()
  .strict();
export type ActionItemPatch = z.infer<typeof ActionItemPatchSchema>;

export const MeetingSummarySchema = z.object({
  id: z.string(),
  districtId: z.string(),
  districtName: z.string(),
  bodyKind: MeetingBodyKindSchema,
  quarter: z.string(),
  meetingDate: z.string().nullable(),
  status: MeetingStatusSchema,
  agendaItems: z.number().int(),
  openActionItems: z.number().int(),
  version: z.number().int(),
});
export type MeetingSummary = z.infer<typeof MeetingSummarySchema>;

export const MeetingSchema = MeetingSummarySchema.extend({
  districtCode: z.string(),
  /** The body's organisation name (JADF Musanze), when the district has that body. */
  bodyName: z.string().nullable(),
  agenda: z.array(AgendaItemSchema),
  minutes: z.string(),
  decisions: z.array(z.string()),
  actionItems: z.array(ActionItemSchema),
  /** The meeting of the quarter before, whose open action items this one follows up. */
  previousMeetingId: z.string().nullable(),
  canEdit: z.boolean(),
  /** The action items whose status the reader may change: all of them with canEdit, else their organisation's own. */
  statusChangeableActionItemIds: z.array(z.string()),
});
export type Meeting = z.infer<typeof MeetingSchema>;

export const MeetingInputSchema = z
  .object({
    districtId: Uuid,
    bodyKind: MeetingBodyKindSchema,
    quarter: QuarterSchema,
    meetingDate: IsoDateSchema.nullable().optional(),
  })
  .strict();
export type MeetingInput = z.infer<typeof MeetingInputSchema>;

export const MeetingPatchSchema = z
  .object({
    meetingDate: IsoDateSchema.nullable(),
    status: MeetingStatusSchema,
    minutes: text(50_000),
    decisions: z.array(requiredText(2000)).max(100),
    agenda: z.array(AgendaItemInputSchema).max(200),
  })
  .partial()
  .strict();
export type MeetingPatch = z.infer<typeof MeetingPatchSchema>;

export const MeetingListQuerySchema = z.object({
  districtId: z.uuid().optional(),
  bodyKind: MeetingBodyKindSchema.optional(),
  quarter: QuarterSchema.optional(),
});
export type MeetingListQuery = z.infer<typeof MeetingListQuerySchema>;

export const MEETING_LANGUAGES = ["en", "fr", "rw"] as const;
export const AgendaExportQuerySchema = z.object({ lang: z.enum(MEETING_LANGUAGES).default("en") });
