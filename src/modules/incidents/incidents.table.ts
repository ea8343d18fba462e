// Tables of confidential incidents: the incident, the persons in it (pseudonymous), their identities (sealed, apart),
// consent records, attachments, the service-provider directory, referrals and their follow-ups. Columns whose name
// ends in `_sealed` hold AES-256-GCM ciphertext (decision 020), never plain text. Foreign keys restrict, never
// cascade: an incident is anonymised, not deleted, and a cascade would copy sealed rows into the audit log (the
// cascade trigger keeps a deleted row's values) where the retention job could not erase them.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { storedFileColumns } from "../../kernel/files/stored-file.table";
import { versionColumns } from "../../kernel/versioned.table";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import { submissionTable } from "../reporting/reporting.table";
import type { TraffickingDetails } from "./incidents.schema";

export const incidentTable = pgTable(
  "incident",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Running number behind the reference INC-<year>-<number>. */
    number: bigint("number", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    kind: text("kind").notNull(),
    /** "2026-03-14", "2026-03", "2026" or null: as precise as known. */
    occurredOn: text("occurred_on"),
    placeKind: text("place_kind").notNull(),
    placeId: uuid("place_id").references(() => placeTable.id, { onDelete: "restrict" }),
    /** The district the place lies in (the record's scope); null abroad or unknown. */
    districtId: uuid("district_id").references(() => placeTable.id, { onDelete: "restrict" }),
    countryCode: text("country_code"),
    descriptionSealed: text("description_sealed"),
    reportingOrganisationId: uuid("reporting_organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    submissionId: uuid("submission_id").references(() => submissionTable.id, { onDelete: "set null" }),
    trafficking: jsonb("trafficking").$type<TraffickingDetails | null>(),
    status: text("status").notNull().default("open"),
    closureReason: text("closure_reason"),
    closedOn: date("closed_on", { mode: "string" }),
    legalHold: boolean("legal_hold").notNull().default(false),
    /** Set by the retention job: identities, descriptions and notes are gone, counts remain. */
    anonymisedAt: timestamp("anonymised_at", { withTimezone: true }),
    ...versionColumns(),
  },
  (t) => [
    uniqueIndex("incident_number_idx").on(t.number),
    index("incident_org_idx").on(t.reportingOrganisationId, t.createdAt),
    index("incident_district_idx").on(t.districtId, t.createdAt),
    index("incident_retention_idx").on(t.status, t.closedOn).where(sql`${t.anonymisedAt} is null`),
    check("incident_kind", sql`${t.kind} in ('human_rights_abuse', 'hindrance_to_justice', 'trafficking')`),
    check("incident_status", sql`${t.status} in ('open', 'referred', 'closed')`),
    check(
      "incident_place_kind",
      sql`${t.placeKind} in ('sector', 'district', 'detention', 'abroad', 'unknown')`,
    ),
    check("incident_closed", sql`(${t.status} = 'closed') = (${t.closedOn} is not null)`),
  ],
);

export const incidentPersonTable = pgTable(
  "incident_person",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidentTable.id, { onDelete: "restrict" }),
    /** Pseudonymous code, unique across the register. */
    code: text("code").notNull(),
    /** The order persons were recorded in (codes are random; rows of one insert share their created_at). */
    position: integer("position").notNull().default(0),
    role: text("role").notNull(),
    perpetratorType: text("perpetrator_type"),
    sex: text("sex").notNull().default("unknown"),
    ageGroup: text("age_group").notNull().default("unknown"),
    nationality: text("nationality"),
    disability: text("disability").notNull().default("unknown"),
    ...versionColumns(),
  },
  (t) => [
    uniqueIndex("incident_person_code_idx").on(t.code),
    index("incident_person_incident_idx").on(t.incidentId),
    check("incident_person_role", sql`${t.role} in ('victim', 'perpetrator', 'witness')`),
  ],
);

/** Names and contacts, apart from the profile so that a reader without the permission never loads them. */
export const incidentPersonIdentityTable = pgTable("incident_person_identity", {
  personId: uuid("person_id")
    .primaryKey()
    .references(() => incidentPersonTable.id, { onDelete: "restrict" }),
  nameSealed: text("name_sealed"),
  contactSealed: text("contact_sealed"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Consent records: appended, never edited; a withdrawal sets withdrawn_on (effective that day, not before). */
export const incidentConsentTable = pgTable(
  "incident_consent",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => incidentPersonTable.id, { onDelete: "restrict" }),
    given: boolean("given").notNull(),
    method: text("method").notNull(),
    givenOn: date("given_on", { mode: "string" }).notNull(),
    givenBy: text("given_by").notNull(),
    guardianRelation: text("guardian_relation"),
    purposes: text("purposes").array().notNull(),
    sharedWithOrganisationIds: uuid("shared_with_organisation_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    recordedBy: text("recorded_by").notNull(),
    recordedByUserId: text("recorded_by_user_id"),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    withdrawnOn: date("withdrawn_on", { mode: "string" }),
  },
  (t) => [
    index("incident_consent_person_idx").on(t.personId),
    check("incident_consent_withdrawal", sql`${t.withdrawnOn} is null or ${t.withdrawnOn} >= ${t.givenOn}`),
  ],
);

export const incidentAttachmentTable = pgTable(
  "incident_attachment",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidentTable.id, { onDelete: "restrict" }),
    ...storedFileColumns(),
    ...versionColumns(),
  },
  (t) => [
    index("incident_attachment_incident_idx").on(t.incidentId),
    check("incident_attachment_size", sql`${t.sizeBytes} = octet_length(${t.data})`),
  ],
);

export const serviceProviderTable = pgTable(
  "service_provider",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    services: text("services").array().notNull(),
    nationwide: boolean("nationwide").notNull().default(false),
    districtIds: uuid("district_ids").array().notNull().default(sql`'{}'::uuid[]`),
    contactEmail: text("contact_email"),
    contactPhone: text("contact_phone"),
    capacity: text("capacity"),
    acceptingReferrals: boolean("accepting_referrals").notNull().default(true),
    ...versionColumns(),
  },
  (t) => [
    uniqueIndex("service_provider_organisation_idx").on(t.organisationId),
    index("service_provider_services_idx").using("gin", t.services),
  ],
);

export const referralTable = pgTable(
  "referral",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidentTable.id, { onDelete: "restrict" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => incidentPersonTable.id, { onDelete: "restrict" }),
    fromOrganisationId: uuid("from_organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    providerId: uuid("provider_id")
      .notNull()
      .references(() => serviceProviderTable.id, { onDelete: "restrict" }),
    /** The provider's organisation, copied so that scope checks and lists need no join. */
    providerOrganisationId: uuid("provider_organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    /** The incident's district, copied for the same reason. */
    districtId: uuid("district_id").references(() => placeTable.id, { onDelete: "restrict" }),
    service: text("service").notNull(),
    status: text("status").notNull().default("pending"),
    noteSealed: text("note_sealed"),
    /** consent | vital_interest */
    consentBasis: text("consent_basis").notNull(),
    consentId: uuid("consent_id").references(() => incidentConsentTable.id, { onDelete: "set null" }),
    vitalInterestReasonSealed: text("vital_interest_reason_sealed"),
    statusReasonSealed: text("status_reason_sealed"),
    referredOn: date("referred_on", { mode: "string" }).notNull(),
    referredBy: text("referred_by").notNull(),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    ...versionColumns(),
  },
  (t) => [
    index("referral_provider_idx").on(t.providerOrganisationId, t.status, t.createdAt),
    index("referral_from_idx").on(t.fromOrganisationId, t.createdAt),
    index("referral_district_idx").on(t.districtId, t.createdAt),
    index("referral_incident_idx").on(t.incidentId),
    check(
      "referral_status",
      sql`${t.status} in ('pending', 'accepted', 'declined', 'in_progress', 'completed', 'closed')`,
    ),
    check("referral_basis", sql`${t.consentBasis} in ('consent', 'vital_interest')`),
  ],
);

export const referralFollowUpTable = pgTable(
  "referral_follow_up",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    referralId: uuid("referral_id")
      .notNull()
      .references(() => referralTable.id, { onDelete: "restrict" }),
    on: date("on", { mode: "string" }).notNull(),
    noteSealed: text("note_sealed"),
    recordedBy: text("recorded_by").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("referral_follow_up_referral_idx").on(t.referralId)],
);
