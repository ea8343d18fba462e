// Partnerships: Zod schemas shared by the API, the pages and the example data; browser-safe.
import { z } from "zod";
import { AgreementStatusSchema, PlaceSetSchema } from "../agreements/agreements.schema";
import { PlaceRefSchema } from "../coordination/coordination.schema";
import { LessonRefSchema } from "../library/library.schema";
import { EventKindSchema, ProgrammeStatusSchema } from "../programmes/programmes.schema";

const NUL_MESSAGE = "Remove the invisible control character (U+0000).";
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes("\u0000"), NUL_MESSAGE);
const requiredText = (max: number) => text(max).pipe(z.string().min(1, "Write something here."));
const optionalText = (max: number) =>
  text(max)
    .nullable()
    .transform((s) => (s ? s : null));
const Uuid = z.uuid("Give the id of an existing record.");

export const PARTNERSHIP_KINDS = ["coalition", "platform", "consortium", "network"] as const;
export const PartnershipKindSchema = z.enum(PARTNERSHIP_KINDS);
export type PartnershipKind = z.infer<typeof PartnershipKindSchema>;

export const MEMBER_ROLES = ["lead", "secretariat", "member", "donor", "observer"] as const;
export const MemberRoleSchema = z.enum(MEMBER_ROLES);
export type MemberRole = z.infer<typeof MemberRoleSchema>;
/** The roles whose organisations' editors keep the partnership (decision 028); donors and observers read it. */
export const KEEPING_ROLES: readonly MemberRole[] = ["lead", "secretariat", "member"];

export const MemberInputSchema = z.object({ organisationId: Uuid, role: MemberRoleSchema }).strict();
export type MemberInput = z.infer<typeof MemberInputSchema>;
export const MemberPatchSchema = z.object({ role: MemberRoleSchema }).strict();
export type MemberPatch = z.infer<typeof MemberPatchSchema>;

const partnershipFields = {
  name: requiredText(200),
  acronym: optionalText(40),
  kind: PartnershipKindSchema,
  description: text(10_000),
  objectives: z.array(requiredText(1000)).max(50),
  /** As written: "2019", "early 2022", "2021-03-15"; null when not known. */
  startsOn: optionalText(60),
  endsOn: optionalText(60),
  agreementIds: z.array(Uuid).max(500),
  programmeIds: z.array(Uuid).max(500),
};

export const PartnershipInputSchema = z
  .object({
    ...partnershipFields,
    acronym: partnershipFields.acronym.optional().default(null),
    description: partnershipFields.description.default(""),
    objectives: partnershipFields.objectives.default([]),
    startsOn: partnershipFields.startsOn.optional().default(null),
    endsOn: partnershipFields.endsOn.optional().default(null),
    agreementIds: partnershipFields.agreementIds.default([]),
    programmeIds: partnershipFields.programmeIds.default([]),
    members: z.array(MemberInputSchema).max(200).default([]),
  })
  .strict();
export type PartnershipInput = z.input<typeof PartnershipInputSchema>;

/** What an edit may change; members have their own endpoints. The agreement and programme lists are whole lists. */
export const PartnershipPatchSchema = z
  .object(partnershipFields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, "Change at least one field.");
export type PartnershipPatch = z.input<typeof PartnershipPatchSchema>;

export const PartnershipListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  /** Partnerships this organisation is a member of. */
  organisationId: z.uuid().optional(),
});
export type PartnershipListQuery = z.infer<typeof PartnershipListQuerySchema>;

/** The period as written and as a span of days (null ends: unknown). */
export const PartnershipPeriodSchema = z.object({
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type PartnershipPeriod = z.infer<typeof PartnershipPeriodSchema>;

export const MemberSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  name: z.string(),
  acronym: z.string().nullable(),
  role: MemberRoleSchema,
  /** Send it back as If-Match to change or remove the member. */
  version: z.number().int(),
});
export type Member = z.infer<typeof MemberSchema>;

export const PartnershipSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  acronym: z.string().nullable(),
  kind: PartnershipKindSchema,
  period: PartnershipPeriodSchema,
  members: z.array(MemberSchema.pick({ organisationId: true, name: true, acronym: true, role: true })),
  version: z.number().int(),
});
export type PartnershipSummary = z.infer<typeof PartnershipSummarySchema>;

const LinkedRecordSchema = z.object({ id: z.string(), title: z.string(), status: z.string() });

export const PartnershipSchema = PartnershipSummarySchema.extend({
  description: z.string(),
  objectives: z.array(z.string()),
  members: z.array(MemberSchema),
  agreements: z.array(LinkedRecordSchema),
  programmes: z.array(LinkedRecordSchema),
  canEdit: z.boolean(),
});
export type Partnership = z.infer<typeof PartnershipSchema>;

// ---- The partnership's work: its members' programmes and agreements, overlaps, joint events ----

/** A programme or agreement of the members, with where and on what it works. */
export const WorkItemSchema = z.object({
  kind: z.enum(["programme", "agreement"]),
  id: z.string(),
  title: z.string(),
  status: z.union([ProgrammeStatusSchema, AgreementStatusSchema]),
  /** True when it belongs to the partnership (linked to it), false when it is only a member's. */
  linked: z.boolean(),
  /** The members working in it (lead, partner, party), donors aside. */
  organisationIds: z.array(z.string()),
  themes: z.array(z.string()),
  places: z.array(PlaceRefSchema),
  placeSets: z.array(PlaceSetSchema),
});
export type WorkItem = z.infer<typeof WorkItemSchema>;

/** Two or more members on the same theme in the same district in the partnership's period, from the 3W. */
export const MemberOverlapSchema = z.object({
  theme: z.string(),
  place: PlaceRefSchema,
  organisationIds: z.array(z.string()),
  records: z.array(z.object({ id: z.string(), title: z.string(), source: z.string() })),
});
export type MemberOverlap = z.infer<typeof MemberOverlapSchema>;

/** An event of a member's programme organised by two or more members, or of a programme of the partnership. */
export const JointEventSchema = z.object({
  id: z.string(),
  kind: EventKindSchema,
  title: z.string(),
  startDate: z.string(),
  programmeId: z.string(),
  programmeTitle: z.string(),
  organisationIds: z.array(z.string()),
  places: z.array(PlaceRefSchema),
  participantTotal: z.number(),
});
export type JointEvent = z.infer<typeof JointEventSchema>;

export const PartnershipWorkSchema = z.object({
  /** The days the overlaps are computed over: the partnership's period, else today. */
  period: z.object({ from: z.string(), to: z.string() }),
  items: z.array(WorkItemSchema),
  overlaps: z.array(MemberOverlapSchema),
  jointEvents: z.array(JointEventSchema),
  /** What the members learned: lessons for the partnership's programmes and agreements, or by its members. */
  lessons: z.array(LessonRefSchema),
});
export type PartnershipWork = z.infer<typeof PartnershipWorkSchema>;
