// An organisation's profile: what the register knows of one organisation, in one answer; browser-safe.
import { z } from "zod";
import { AgreementSummarySchema, PartyRoleSchema, PlaceSetSchema } from "../agreements/agreements.schema";
import { PlaceRefSchema } from "../coordination/coordination.schema";
import { OrganisationDetailSchema } from "../organisations/organisations.schema";
import { ProgrammeSummarySchema } from "../programmes/programmes.schema";
import { ObligationSchema, PeriodTypeSchema, SubmissionSummarySchema } from "../reporting/reporting.schema";
import { ReportStateSchema, TallySchema } from "../reporting/timeliness.schema";

/** How many agreements and programmes the profile lists; the register's own lists page through the rest. */
export const PROFILE_LIST_LIMIT = 50;

export const ProfileAgreementSchema = AgreementSummarySchema.pick({
  id: true,
  title: true,
  reference: true,
  kind: true,
  status: true,
  effectiveStatus: true,
  signedOn: true,
  validFrom: true,
  validUntil: true,
  amendsId: true,
}).extend({
  /** This organisation's roles among the parties (signatory, implementer, funder). */
  roles: z.array(PartyRoleSchema),
});
export type ProfileAgreement = z.infer<typeof ProfileAgreementSchema>;

export const ProfileProgrammeSchema = ProgrammeSummarySchema.extend({
  /** Whether this organisation leads the programme or implements it as a partner. */
  role: z.enum(["lead", "partner"]),
});
export type ProfileProgramme = z.infer<typeof ProfileProgrammeSchema>;

/** Where it works on a day, as the 3W sees it (its working agreements and imported 3W rows) plus its ongoing programmes. */
export const WorkAreasSchema = z.object({
  on: z.string(),
  /** Some record covers the whole country. */
  nationwide: z.boolean(),
  /** Sets of places it works in ("all correctional facilities"), named by the browser. */
  placeSets: z.array(PlaceSetSchema),
  /** The districts its work reaches (through a place in them, a place containing them, or a set), by name. */
  districts: z.array(PlaceRefSchema),
  /** The named places below or beside the districts: facilities, sectors, provinces, foreign countries. */
  places: z.array(PlaceRefSchema),
});
export type WorkAreas = z.infer<typeof WorkAreasSchema>;

export const ReportingRecordSchema = z.object({
  /** Who it must report to, how often: readable by every signed-in user. */
  obligations: z.array(ObligationSchema),
  /** Whether the reader may see this organisation's reports and how they turned out. */
  visible: z.boolean(),
  /** The period type of the record below (its obligations' most common one); null without obligations. */
  periodType: PeriodTypeSchema.nullable(),
  /** The latest periods that have ended, oldest first, each with its worst report state to its bodies. */
  periods: z.array(
    z.object({
      period: z.string(),
      state: z.enum([...ReportStateSchema.options, "none"]),
      daysLate: z.number().int(),
    }),
  ),
  total: TallySchema.nullable(),
  /** Its latest reports the reader may open, newest first. */
  submissions: z.array(SubmissionSummarySchema),
  submissionTotal: z.number().int(),
});
export type ReportingRecord = z.infer<typeof ReportingRecordSchema>;

export const OrganisationProfileSchema = z.object({
  /** The organisation with its memberships, members and contact persons. */
  organisation: OrganisationDetailSchema,
  agreements: z.object({ items: z.array(ProfileAgreementSchema), total: z.number().int() }),
  programmes: z.object({ items: z.array(ProfileProgrammeSchema), total: z.number().int() }),
  workAreas: WorkAreasSchema,
  reporting: ReportingRecordSchema,
});
export type OrganisationProfile = z.infer<typeof OrganisationProfileSchema>;
