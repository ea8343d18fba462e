// The register-wide feed of recent changes (issue 22): what changed, who changed it and when, from the audit log.
import { z } from "zod";

/** The modules a reader may filter the feed by (PRODUCT.md's nouns, as the top bar groups them). */
export const CHANGE_MODULES = [
  "organisations",
  "agreements",
  "programmes",
  "coordination",
  "reporting",
  "meetings",
  "incidents",
  "monitoring",
  "partnerships",
  "places",
] as const;
export const ChangeModuleSchema = z.enum(CHANGE_MODULES);
export type ChangeModule = z.infer<typeof ChangeModuleSchema>;

/**
 * The records the feed shows: a module's main records. A child (a commitment, an indicator, a person in an incident)
 * shows as its parent's update, which the child helpers write on every child change (kernel/versioned-child.ts).
 * Any other audited entity type is never shown.
 */
export const CHANGE_ENTITY_TYPES = [
  "organisation",
  "agreement",
  "programme",
  "reported_presence_import",
  "reporting_body",
  "reporting_obligation",
  "submission",
  "district_meeting",
  "incident",
  "referral",
  "service_provider",
  "monitoring_visit",
  "recommendation",
  "partnership",
  "place",
] as const;
export const ChangeEntityTypeSchema = z.enum(CHANGE_ENTITY_TYPES);
export type ChangeEntityType = z.infer<typeof ChangeEntityTypeSchema>;

/** What happened: an update that changed the record's status is told apart from other updates. */
export const CHANGE_ACTIONS = ["created", "updated", "status_changed", "deleted"] as const;
export const ChangeActionSchema = z.enum(CHANGE_ACTIONS);
export type ChangeAction = z.infer<typeof ChangeActionSchema>;

/** The cursor of the next page: the last entry's place in the audit chain (commit order). */
export const CHANGE_CURSOR = /^\d{1,18}$/;

export const ChangeFeedQuerySchema = z.object({
  module: ChangeModuleSchema.optional(),
  organisationId: z.uuid().optional(),
  cursor: z.string().max(18).regex(CHANGE_CURSOR, "Not a cursor this server gave out.").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type ChangeFeedQuery = z.input<typeof ChangeFeedQuerySchema>;

export const ChangeOrganisationSchema = z.object({ id: z.string(), name: z.string() });

/**
 * One change: when, who, what, to which record. Never the changed values, and no label for a confidential record
 * (an incident, a referral, a monitoring visit or recommendation): its link is enough for those who may open it.
 */
export const ChangeEntrySchema = z.object({
  /** The audit row's id. */
  id: z.number().int(),
  /** UTC, to the microsecond. */
  occurredAt: z.string(),
  /** The user's name now (a deactivated user keeps theirs), else the name the audit row was written with. */
  actorName: z.string(),
  action: ChangeActionSchema,
  module: ChangeModuleSchema,
  entityType: ChangeEntityTypeSchema,
  entityId: z.string(),
  /** The record's name or title when it was changed; null for confidential records. */
  label: z.string().nullable(),
  /** The browser path of the record; null once deleted or when it has no page. */
  link: z.string().nullable(),
  /** The organisations the record concerns now (parties, lead, reporting organisation…). */
  organisations: z.array(ChangeOrganisationSchema),
});
export type ChangeEntry = z.infer<typeof ChangeEntrySchema>;

export const ChangePageSchema = z.object({
  items: z.array(ChangeEntrySchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type ChangePage = z.infer<typeof ChangePageSchema>;
