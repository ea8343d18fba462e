// Confidential incidents, the persons in them, consent, service providers and referrals: Zod schemas shared by the
// API, the pages and the CLI; browser-safe. Identifying values (names, contacts) are optional keys that the services
// leave out entirely for a reader without the identity permission.
import { z } from "zod";
import { IsoDateSchema } from "../../shared/iso-date";
import { StoredFileSchema } from "../../shared/uploaded-file-types";
import { SubmissionStatusSchema } from "../reporting/reporting.schema";

const NUL_MESSAGE = "Remove the invisible control character (U+0000).";
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .refine((s) => !s.includes("\u0000"), NUL_MESSAGE);
const requiredText = (max: number) => text(max).pipe(z.string().min(1, "Write something here."));
const Uuid = z.uuid("Give the id of an existing record.");
const CountryCode = z
  .string()
  .max(2, "Write the country as its two-letter ISO code (RW, UG, CD …).")
  .regex(/^[A-Z]{2}$/, "Write the country as its two-letter ISO code (RW, UG, CD …).");

// ----- Vocabularies -----

export const INCIDENT_KINDS = ["human_rights_abuse", "hindrance_to_justice", "trafficking"] as const;
export const IncidentKindSchema = z.enum(INCIDENT_KINDS);
export type IncidentKind = z.infer<typeof IncidentKindSchema>;

export const INCIDENT_STATUSES = ["open", "referred", "closed"] as const;
export const IncidentStatusSchema = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

export const CLOSURE_REASONS = [
  "resolved",
  "assisted",
  "referred_elsewhere",
  "unreachable",
  "withdrawn",
  "duplicate",
  "unfounded",
  "other",
] as const;
export const ClosureReasonSchema = z.enum(CLOSURE_REASONS);
export type ClosureReason = z.infer<typeof ClosureReasonSchema>;

/** Where it happened: a sector or a district of Rwanda, a place of detention, abroad, or not known. */
export const PLACE_KINDS = ["sector", "district", "detention", "abroad", "unknown"] as const;
export const IncidentPlaceKindSchema = z.enum(PLACE_KINDS);
export type IncidentPlaceKind = z.infer<typeof IncidentPlaceKindSchema>;

export const PERSON_ROLES = ["victim", "perpetrator", "witness"] as const;
export const PersonRoleSchema = z.enum(PERSON_ROLES);
export type PersonRole = z.infer<typeof PersonRoleSchema>;

export const PERPETRATOR_TYPES = ["state_agent", "private_person", "unknown"] as const;
export const PerpetratorTypeSchema = z.enum(PERPETRATOR_TYPES);

export const SEXES = ["female", "male", "other", "unknown"] as const;
export const SexSchema = z.enum(SEXES);
export type Sex = z.infer<typeof SexSchema>;

/** Age bands: the first two are under 16, whose consent a guardian gives (law No 058/2021). */
export const AGE_GROUPS = ["0-11", "12-15", "16-17", "18-24", "25-59", "60+", "unknown"] as const;
export const AgeGroupSchema = z.enum(AGE_GROUPS);
export type AgeGroup = z.infer<typeof AgeGroupSchema>;
export const isUnder16 = (ageGroup: AgeGroup) => ageGroup === "0-11" || ageGroup === "12-15";

export const DISABILITIES = [
  "none",
  "physical",
  "sensory",
  "intellectual",
  "psychosocial",
  "multiple",
  "unknown",
] as const;
export const DisabilitySchema = z.enum(DISABILITIES);

// HTCDS v2 picklists (value names as the standard spells them; labels translated by the pages).
export const EXPLOITATION_TYPES = [
  "ForcedLabour",
  "SexualExploitation",
  "ChildLabour",
  "ForcedMarriage",
  "Servitude",
  "ForcedMilitaryByNonStateActors",
  "OrganRemoval",
  "ForcedBegging",
  "ForcedAdoption",
  "Surrogacy",
  "Other",
] as const;
export const RECRUITMENT_METHODS = [
  "AtAPlaceOfBusiness",
  "AtAnEducationalInstitution",
  "AtWork",
  "ThroughOnlineSocialNetworks",
  "ThroughAnOnlineAdvertisement",
  "ThroughATelevisionAdvert",
  "ThroughANewspaperAdvert",
  "ThroughFamilyOrFamilyEvents",
  "ThroughFriendsOrSocialEvents",
  "Other",
] as const;
export const CONTROL_METHODS = [
  "PhysicalThreats",
  "ThreatsLawEnforcement",
  "ThreatensChildrenFamily",
  "DebtBondage",
  "FalsePromises",
  "PhysicalAbuse",
  "SexualAbuse",
  "TakesEarnings",
  "RestrictsFinancialAccess",
  "RestrictsMedicalCare",
  "WithholdsNecessities",
  "PsychologicalAbuse",
  "PsychoactiveSubstance",
  "ExcessiveWorkingHours",
  "WithholdsDocuments",
  "Other",
] as const;
export const TRAFFICKING_EVENT_TYPES = ["Recruitment", "Transit", "Exploitation"] as const;

export const SERVICES = [
  "legal_aid",
  "medical",
  "psychosocial",
  "shelter",
  "reintegration",
  "repatriation",
  "livelihood",
  "education",
  "interpretation",
  "other",
] as const;
export const ServiceSchema = z.enum(SERVICES, { message: "Choose one of the listed services." });
export type Service = z.infer<typeof ServiceSchema>;

export const CONSENT_METHODS = ["oral", "written", "electronic"] as const;
export const CONSENT_PURPOSES = ["referral", "sharing", "statistics"] as const;
export const ConsentPurposeSchema = z.enum(CONSENT_PURPOSES);
export type ConsentPurpose = z.infer<typeof ConsentPurposeSchema>;
export const CONSENT_GIVERS = ["person", "guardian"] as const;

export const REFERRAL_STATUSES = [
  "pending",
  "accepted",
  "declined",
  "in_progress",
  "completed",
  "closed",
] as const;
export const ReferralStatusSchema = z.enum(REFERRAL_STATUSES);
export type ReferralStatus = z.infer<typeof ReferralStatusSchema>;

// ----- Dates as precise as known -----

/** A day, a month or a year, or nothing: "2026-03-14", "2026-03", "2026" or null. */
export const ApproximateDateSchema = z
  .string()
  .max(10, "Write the date as 2026-03-14, 2026-03 or 2026.")
  .regex(
    /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/,
    "Write the date as 2026-03-14, 2026-03 or 2026.",
  )
  .refine(
    (s) =>
      s.length < 10 ||
      (!Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)),
    "This day does not exist.",
  );

// ----- Trafficking (HTCDS) -----

export const TraffickingEventSchema = z
  .object({
    type: z.enum(TRAFFICKING_EVENT_TYPES),
    countryCode: CountryCode.nullable().optional(),
    /** A district of Rwanda, when the event took place there. */
    districtId: Uuid.nullable().optional(),
    date: ApproximateDateSchema.nullable().optional(),
  })
  .strict();
export type TraffickingEvent = z.infer<typeof TraffickingEventSchema>;

export const TraffickingDetailsSchema = z
  .object({
    exploitationTypes: z.array(z.enum(EXPLOITATION_TYPES)).max(EXPLOITATION_TYPES.length).default([]),
    recruitmentMethods: z.array(z.enum(RECRUITMENT_METHODS)).max(RECRUITMENT_METHODS.length).default([]),
    controlMethods: z.array(z.enum(CONTROL_METHODS)).max(CONTROL_METHODS.length).default([]),
    /** Places of recruitment, transit and exploitation, in order. */
    events: z.array(TraffickingEventSchema).max(20).default([]),
  })
  .strict();
export type TraffickingDetails = z.infer<typeof TraffickingDetailsSchema>;

// ----- Persons -----

/** Names and contacts: stored apart, sealed, and sent only to a reader with the identity permission. */
export const IdentitySchema = z
  .object({
    name: text(200).nullable().optional(),
    contact: text(500).nullable().optional(),
  })
  .strict();
export type Identity = z.infer<typeof IdentitySchema>;

export const PersonInputSchema = z
  .object({
    role: PersonRoleSchema,
    perpetratorType: PerpetratorTypeSchema.nullable().optional(),
    sex: SexSchema.default("unknown"),
    ageGroup: AgeGroupSchema.default("unknown"),
    nationality: CountryCode.nullable().optional(),
    disability: DisabilitySchema.default("unknown"),
    identity: IdentitySchema.optional(),
  })
  .strict()
  .refine((p) => p.role === "perpetrator" || !p.perpetratorType, {
    message: "Only an alleged perpetrator has a perpetrator type.",
    path: ["perpetratorType"],
  });
export type PersonInput = z.infer<typeof PersonInputSchema>;

export const PersonPatchSchema = z
  .object({
    role: PersonRoleSchema,
    perpetratorType: PerpetratorTypeSchema.nullable(),
    sex: SexSchema,
    ageGroup: AgeGroupSchema,
    nationality: CountryCode.nullable(),
    disability: DisabilitySchema,
    identity: IdentitySchema,
  })
  .partial()
  .strict();
export type PersonPatch = z.infer<typeof PersonPatchSchema>;

export const ConsentSchema = z.object({
  id: z.string(),
  given: z.boolean(),
  method: z.enum(CONSENT_METHODS),
  givenOn: z.string(),
  givenBy: z.enum(CONSENT_GIVERS),
  /** The guardian's relation to the person (mother, legal guardian …), never a name. */
  guardianRelation: z.string().nullable(),
  purposes: z.array(ConsentPurposeSchema),
  /** The bodies the person agreed to share with (for "sharing"). */
  sharedWith: z.array(z.object({ id: z.string(), name: z.string() })),
  recordedBy: z.string(),
  withdrawnOn: z.string().nullable(),
});
export type Consent = z.infer<typeof ConsentSchema>;

export const ConsentInputSchema = z
  .object({
    given: z.boolean(),
    method: z.enum(CONSENT_METHODS),
    givenOn: IsoDateSchema,
    givenBy: z.enum(CONSENT_GIVERS).default("person"),
    guardianRelation: text(100).nullable().optional(),
    purposes: z.array(ConsentPurposeSchema).min(1, "Say what the consent is for.").max(3),
    sharedWithOrganisationIds: z.array(Uuid).max(20).default([]),
  })
  .strict()
  .refine((c) => c.givenBy === "person" || (c.guardianRelation ?? "").length > 0, {
    message: "Say how the guardian is related to the person (mother, legal guardian …).",
    path: ["guardianRelation"],
  });
export type ConsentInput = z.infer<typeof ConsentInputSchema>;

export const ConsentWithdrawalSchema = z.object({ withdrawnOn: IsoDateSchema }).strict();

export const PersonSchema = z.object({
  id: z.string(),
  /** Pseudonymous code (P-7K3Q9M): what every list, export and statistic uses. */
  code: z.string(),
  role: PersonRoleSchema,
  perpetratorType: PerpetratorTypeSchema.nullable(),
  sex: SexSchema,
  ageGroup: AgeGroupSchema,
  nationality: z.string().nullable(),
  disability: DisabilitySchema,
  /** Present only for a reader with the identity permission: the key is absent otherwise. */
  identity: z.object({ name: z.string().nullable(), contact: z.string().nullable() }).optional(),
  consents: z.array(ConsentSchema),
  /** For each purpose, whether a consent in force today allows it. */
  consentInForce: z.object({ referral: z.boolean(), sharing: z.boolean(), statistics: z.boolean() }),
  version: z.number().int(),
});
export type Person = z.infer<typeof PersonSchema>;

// ----- Incidents -----

const incidentFields = {
  kind: IncidentKindSchema,
  occurredOn: ApproximateDateSchema.nullable().optional(),
  placeKind: IncidentPlaceKindSchema,
  /** The sector, district or place of detention (by kind); none for abroad or unknown. */
  placeId: Uuid.nullable().optional(),
  /** The country, when abroad. */
  countryCode: CountryCode.nullable().optional(),
  /** What happened: sealed in the database, never in a list, an audit row or a log. */
  description: requiredText(10_000),
  reportingOrganisationId: Uuid,
  /** The periodic report that mentions it, if any. */
  submissionId: Uuid.nullable().optional(),
  trafficking: TraffickingDetailsSchema.nullable().optional(),
};

export const IncidentInputSchema = z
  .object({ ...incidentFields, persons: z.array(PersonInputSchema).max(50).default([]) })
  .strict()
  .superRefine((i, ctx) => placeRules(i, ctx));
export type IncidentInput = z.infer<typeof IncidentInputSchema>;

export const IncidentPatchSchema = z
  .object({
    ...incidentFields,
    status: z.enum(["open", "closed"]),
    closureReason: ClosureReasonSchema.nullable(),
    legalHold: z.boolean(),
  })
  .partial()
  .strict();
export type IncidentPatch = z.infer<typeof IncidentPatchSchema>;

function placeRules(
  i: {
    placeKind?: IncidentPlaceKind;
    placeId?: string | null;
    countryCode?: string | null;
    kind?: IncidentKind;
    trafficking?: unknown;
  },
  ctx: z.RefinementCtx,
): void {
  const needsPlace = i.placeKind === "sector" || i.placeKind === "district" || i.placeKind === "detention";
  if (needsPlace && !i.placeId)
    ctx.addIssue({
      code: "custom",
      path: ["placeId"],
      message: "Choose the sector, district or place of detention.",
    });
  if (!needsPlace && i.placeId)
    ctx.addIssue({
      code: "custom",
      path: ["placeId"],
      message: "A place abroad or unknown has no place in Rwanda.",
    });
  if (i.placeKind === "abroad" && !i.countryCode)
    ctx.addIssue({ code: "custom", path: ["countryCode"], message: "Say in which country it happened." });
  if (i.kind && i.kind !== "trafficking" && i.trafficking)
    ctx.addIssue({
      code: "custom",
      path: ["trafficking"],
      message: "Only a trafficking case has trafficking details.",
    });
}

export const IncidentSummarySchema = z.object({
  id: z.string(),
  /** The incident's reference (INC-2026-00042): what is written on paper and in reports instead of names. */
  reference: z.string(),
  kind: IncidentKindSchema,
  occurredOn: z.string().nullable(),
  placeKind: IncidentPlaceKindSchema,
  placeName: z.string().nullable(),
  districtId: z.string().nullable(),
  districtName: z.string().nullable(),
  countryCode: z.string().nullable(),
  reportingOrganisationId: z.string(),
  reportingOrganisationName: z.string(),
  status: IncidentStatusSchema,
  victims: z.number().int(),
  openReferrals: z.number().int(),
  anonymised: z.boolean(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type IncidentSummary = z.infer<typeof IncidentSummarySchema>;

export const IncidentAttachmentSchema = StoredFileSchema;

/** The periodic report an incident is linked to, as the incident shows it: period and state, never its content. */
export const LinkedSubmissionSchema = z.object({
  id: z.string(),
  period: z.string(),
  status: SubmissionStatusSchema,
  /** The reader may open the report itself (its organisation's staff, the bodies' reviewers). */
  canRead: z.boolean(),
});
export type LinkedSubmission = z.infer<typeof LinkedSubmissionSchema>;

export const LinkableSubmissionsQuerySchema = z.object({ organisationId: Uuid });
export const LinkableSubmissionsSchema = z.object({ items: z.array(LinkedSubmissionSchema) });
export type LinkableSubmissions = z.infer<typeof LinkableSubmissionsSchema>;

export const IncidentSchema = IncidentSummarySchema.extend({
  placeId: z.string().nullable(),
  /** Absent when the incident was anonymised. */
  description: z.string().optional(),
  closureReason: ClosureReasonSchema.nullable(),
  closedOn: z.string().nullable(),
  legalHold: z.boolean(),
  submissionId: z.string().nullable(),
  /** The linked periodic report (null when none, or when it was deleted). */
  submission: LinkedSubmissionSchema.nullable(),
  trafficking: TraffickingDetailsSchema.nullable(),
  persons: z.array(PersonSchema),
  attachments: z.array(IncidentAttachmentSchema),
  /** What the reader may do here. */
  can: z.object({
    update: z.boolean(),
    seeIdentity: z.boolean(),
    refer: z.boolean(),
    overrideConsent: z.boolean(),
    readAccessLog: z.boolean(),
  }),
  /** Set when the reader sees it through break-the-glass: until when. */
  breakGlassUntil: z.string().nullable(),
});
export type Incident = z.infer<typeof IncidentSchema>;

export const IncidentListQuerySchema = z.object({
  kind: IncidentKindSchema.optional(),
  status: IncidentStatusSchema.optional(),
  districtId: Uuid.optional(),
  reportingOrganisationId: Uuid.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type IncidentListQuery = z.infer<typeof IncidentListQuerySchema>;

export const IncidentListSchema = z.object({
  items: z.array(IncidentSummarySchema),
  total: z.number().int(),
});
export type IncidentList = z.infer<typeof IncidentListSchema>;

export const BreakGlassInputSchema = z.object({ reason: requiredText(1000) }).strict();

export const AccessLogEntrySchema = z.object({
  at: z.string(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  requestId: z.string().nullable(),
  reason: z.string().nullable(),
});
export type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>;

// ----- Service providers -----

export const ServiceProviderSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  services: z.array(ServiceSchema),
  nationwide: z.boolean(),
  districts: z.array(z.object({ id: z.string(), name: z.string() })),
  contactEmail: z.string().nullable(),
  contactPhone: z.string().nullable(),
  capacity: z.string().nullable(),
  acceptingReferrals: z.boolean(),
  version: z.number().int(),
});
export type ServiceProvider = z.infer<typeof ServiceProviderSchema>;

const providerFields = {
  services: z.array(ServiceSchema).min(1, "Choose at least one service.").max(SERVICES.length),
  nationwide: z.boolean().default(false),
  districtIds: z.array(Uuid).max(30).default([]),
  contactEmail: z.email("Write a valid email address.").max(254).nullable().optional(),
  contactPhone: text(40).nullable().optional(),
  capacity: text(500).nullable().optional(),
  acceptingReferrals: z.boolean().default(true),
};
export const ServiceProviderInputSchema = z.object({ organisationId: Uuid, ...providerFields }).strict();
export type ServiceProviderInput = z.infer<typeof ServiceProviderInputSchema>;
/** A patch changes only what it names: without this, the input's defaults would reset nationwide, the districts and
 * acceptingReferrals on every change (Zod applies a default inside .partial()). */
export const ServiceProviderPatchSchema = z
  .object({
    ...providerFields,
    nationwide: z.boolean(),
    districtIds: z.array(Uuid).max(30),
    acceptingReferrals: z.boolean(),
  })
  .partial()
  .strict();
export type ServiceProviderPatch = z.infer<typeof ServiceProviderPatchSchema>;

export const ServiceProviderListQuerySchema = z.object({
  service: ServiceSchema.optional(),
  districtId: Uuid.optional(),
});

// ----- Referrals -----

export const ReferralInputSchema = z
  .object({
    incidentId: Uuid,
    personId: Uuid,
    providerId: Uuid,
    service: ServiceSchema,
    /** Why and what is asked: sealed like every free text of a case. */
    note: text(4000).nullable().optional(),
    /** A vital-interest override of missing consent, by a permitted role, with its reason. */
    vitalInterestReason: text(1000).nullable().optional(),
  })
  .strict();
export type ReferralInput = z.infer<typeof ReferralInputSchema>;

export const ReferralTransitionSchema = z
  .object({
    status: z.enum(["accepted", "declined", "in_progress", "completed", "closed"]),
    reason: text(1000).nullable().optional(),
  })
  .strict();
export type ReferralTransition = z.infer<typeof ReferralTransitionSchema>;

export const FollowUpInputSchema = z.object({ on: IsoDateSchema, note: requiredText(4000) }).strict();

export const FollowUpSchema = z.object({
  id: z.string(),
  on: z.string(),
  note: z.string().optional(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const ReferralSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  incidentReference: z.string(),
  incidentKind: IncidentKindSchema,
  districtName: z.string().nullable(),
  fromOrganisationId: z.string(),
  fromOrganisationName: z.string(),
  providerId: z.string(),
  providerOrganisationId: z.string(),
  providerName: z.string(),
  service: ServiceSchema,
  status: ReferralStatusSchema,
  /** The person referred: code and profile; identity only with the permission. */
  person: PersonSchema.omit({ consents: true }),
  note: z.string().nullable().optional(),
  consentBasis: z.enum(["consent", "vital_interest"]),
  vitalInterestReason: z.string().nullable().optional(),
  statusReason: z.string().nullable(),
  referredOn: z.string(),
  respondedAt: z.string().nullable(),
  followUps: z.array(FollowUpSchema),
  can: z.object({ respond: z.boolean(), followUp: z.boolean() }),
  version: z.number().int(),
});
export type Referral = z.infer<typeof ReferralSchema>;

export const ReferralSummarySchema = ReferralSchema.pick({
  id: true,
  incidentId: true,
  incidentReference: true,
  incidentKind: true,
  districtName: true,
  fromOrganisationName: true,
  providerName: true,
  service: true,
  status: true,
  referredOn: true,
  version: true,
}).extend({ personCode: z.string() });
export type ReferralSummary = z.infer<typeof ReferralSummarySchema>;

export const ReferralListQuerySchema = z.object({
  status: ReferralStatusSchema.optional(),
  direction: z.enum(["received", "sent", "all"]).default("all"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ReferralListQuery = z.infer<typeof ReferralListQuerySchema>;
export const ReferralListSchema = z.object({
  items: z.array(ReferralSummarySchema),
  total: z.number().int(),
});

// ----- Subject access (law No 058/2021) -----

export const SubjectAccessExportSchema = z.object({
  generatedAt: z.string(),
  person: PersonSchema,
  incident: z.object({
    reference: z.string(),
    kind: IncidentKindSchema,
    occurredOn: z.string().nullable(),
    placeName: z.string().nullable(),
    districtName: z.string().nullable(),
    countryCode: z.string().nullable(),
    reportingOrganisationName: z.string(),
    status: IncidentStatusSchema,
    description: z.string().nullable(),
  }),
  referrals: z.array(
    z.object({
      id: z.string(),
      service: z.string(),
      status: z.string(),
      referredOn: z.string(),
      providerName: z.string(),
      consentBasis: z.string(),
    }),
  ),
  /** Who read or changed the records this person is in, newest first. */
  accesses: z.array(
    z.object({
      record: z.string(),
      at: z.string(),
      actorLabel: z.string(),
      action: z.string(),
      reason: z.string().nullable(),
    }),
  ),
});
export type SubjectAccessExport = z.infer<typeof SubjectAccessExportSchema>;
