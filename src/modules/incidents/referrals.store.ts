// Referral queries: the referral with its incident's reference, the person's code, both organisations and the
// district joined; follow-ups; and the few facts of an incident and a person that making a referral needs. Sealed
// columns come out sealed: the service opens them for readers who may see them.
import { aliasedTable, and, asc, count, desc, eq, inArray, or, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import type { ConsentRecord } from "./consent-rules";
import {
  type AgeGroup,
  type IncidentKind,
  type IncidentStatus,
  type PersonRole,
  REFERRAL_STATUSES,
  type ReferralStatus,
  type Service,
  type Sex,
} from "./incidents.schema";
import { formatIncidentReference } from "./incidents.store";
import {
  incidentConsentTable,
  incidentPersonIdentityTable,
  incidentPersonTable,
  incidentTable,
  referralFollowUpTable,
  referralTable,
  serviceProviderTable,
} from "./incidents.table";
import { isOpenReferral } from "./referral-status";

// ----- The incident and the person a referral is made for -----

export type IncidentFacts = {
  id: string;
  reference: string;
  kind: IncidentKind;
  status: IncidentStatus;
  districtId: string | null;
  reportingOrganisationId: string;
  reportingOrganisationName: string;
  anonymised: boolean;
  version: number;
};

export async function selectIncidentFacts(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<IncidentFacts | null> {
  const query = db
    .select({
      id: incidentTable.id,
      number: incidentTable.number,
      createdAt: incidentTable.createdAt,
      kind: incidentTable.kind,
      status: incidentTable.status,
      districtId: incidentTable.districtId,
      reportingOrganisationId: incidentTable.reportingOrganisationId,
      reportingOrganisationName: organisationTable.name,
      anonymisedAt: incidentTable.anonymisedAt,
      version: incidentTable.version,
    })
    .from(incidentTable)
    .innerJoin(organisationTable, eq(organisationTable.id, incidentTable.reportingOrganisationId))
    .where(eq(incidentTable.id, id));
  const [row] = options.forUpdate ? await query.for("update", { of: incidentTable }) : await query;
  if (!row) return null;
  const { number, createdAt, anonymisedAt, ...rest } = row;
  return {
    ...rest,
    reference: formatIncidentReference(number, createdAt),
    kind: row.kind as IncidentKind,
    status: row.status as IncidentStatus,
    anonymised: anonymisedAt !== null,
  };
}

/** Moves an incident to another status at the version read; false when it changed in between. */
export async function updateIncidentStatus(
  db: Executor,
  id: string,
  expectedVersion: number,
  status: IncidentStatus,
): Promise<boolean> {
  const rows = await db
    .update(incidentTable)
    .set({ status, ...nextVersion(incidentTable) })
    .where(atVersion(incidentTable, id, expectedVersion))
    .returning({ id: incidentTable.id });
  return rows.length === 1;
}

export type PersonProfile = {
  id: string;
  incidentId: string;
  code: string;
  role: PersonRole;
  perpetratorType: "state_agent" | "private_person" | "unknown" | null;
  sex: Sex;
  ageGroup: AgeGroup;
  nationality: string | null;
  disability: "none" | "physical" | "sensory" | "intellectual" | "psychosocial" | "multiple" | "unknown";
  version: number;
};

export async function selectPersonProfile(db: Executor, id: string): Promise<PersonProfile | null> {
  const [row] = await db
    .select({
      id: incidentPersonTable.id,
      incidentId: incidentPersonTable.incidentId,
      code: incidentPersonTable.code,
      role: incidentPersonTable.role,
      perpetratorType: incidentPersonTable.perpetratorType,
      sex: incidentPersonTable.sex,
      ageGroup: incidentPersonTable.ageGroup,
      nationality: incidentPersonTable.nationality,
      disability: incidentPersonTable.disability,
      version: incidentPersonTable.version,
    })
    .from(incidentPersonTable)
    .where(eq(incidentPersonTable.id, id));
  if (!row) return null;
  return {
    ...row,
    role: row.role as PersonProfile["role"],
    perpetratorType: row.perpetratorType as PersonProfile["perpetratorType"],
    sex: row.sex as Sex,
    ageGroup: row.ageGroup as AgeGroup,
    disability: row.disability as PersonProfile["disability"],
  };
}

/** The person's consent records, as the consent rule reads them. */
export async function selectConsentRecords(db: Executor, personId: string): Promise<ConsentRecord[]> {
  const rows = await db
    .select({
      id: incidentConsentTable.id,
      given: incidentConsentTable.given,
      givenOn: incidentConsentTable.givenOn,
      givenBy: incidentConsentTable.givenBy,
      purposes: incidentConsentTable.purposes,
      recordedAt: incidentConsentTable.recordedAt,
      withdrawnOn: incidentConsentTable.withdrawnOn,
    })
    .from(incidentConsentTable)
    .where(eq(incidentConsentTable.personId, personId))
    .orderBy(asc(incidentConsentTable.recordedAt));
  return rows.map((r) => ({
    ...r,
    givenBy: r.givenBy === "guardian" ? "guardian" : "person",
    recordedAt: r.recordedAt.toISOString(),
  }));
}

/** The sealed name and contact of a person: loaded only for a reader with the identity permission. */
export async function selectSealedIdentity(
  db: Executor,
  personId: string,
): Promise<{ nameSealed: string | null; contactSealed: string | null } | null> {
  const [row] = await db
    .select({
      nameSealed: incidentPersonIdentityTable.nameSealed,
      contactSealed: incidentPersonIdentityTable.contactSealed,
    })
    .from(incidentPersonIdentityTable)
    .where(eq(incidentPersonIdentityTable.personId, personId));
  return row ?? null;
}

// ----- Referrals -----

export type ReferralRow = {
  id: string;
  incidentId: string;
  incidentReference: string;
  incidentKind: IncidentKind;
  /** The retention job erased the case's texts and identities: notes are gone too. */
  incidentAnonymised: boolean;
  personId: string;
  personCode: string;
  fromOrganisationId: string;
  fromOrganisationName: string;
  providerId: string;
  providerOrganisationId: string;
  providerName: string;
  districtId: string | null;
  districtName: string | null;
  service: Service;
  status: ReferralStatus;
  noteSealed: string | null;
  consentBasis: "consent" | "vital_interest";
  consentId: string | null;
  vitalInterestReasonSealed: string | null;
  statusReasonSealed: string | null;
  referredOn: string;
  referredBy: string;
  respondedAt: string | null;
  createdAt: string;
  version: number;
};

const fromOrganisation = aliasedTable(organisationTable, "from_organisation");
const providerOrganisation = aliasedTable(organisationTable, "provider_organisation");

const referralSelection = {
  id: referralTable.id,
  incidentId: referralTable.incidentId,
  incidentNumber: incidentTable.number,
  incidentCreatedAt: incidentTable.createdAt,
  incidentKind: incidentTable.kind,
  incidentAnonymisedAt: incidentTable.anonymisedAt,
  personId: referralTable.personId,
  personCode: incidentPersonTable.code,
  fromOrganisationId: referralTable.fromOrganisationId,
  fromOrganisationName: fromOrganisation.name,
  providerId: referralTable.providerId,
  providerOrganisationId: referralTable.providerOrganisationId,
  providerName: providerOrganisation.name,
  districtId: referralTable.districtId,
  districtName: placeTable.name,
  service: referralTable.service,
  status: referralTable.status,
  noteSealed: referralTable.noteSealed,
  consentBasis: referralTable.consentBasis,
  consentId: referralTable.consentId,
  vitalInterestReasonSealed: referralTable.vitalInterestReasonSealed,
  statusReasonSealed: referralTable.statusReasonSealed,
  referredOn: referralTable.referredOn,
  referredBy: referralTable.referredBy,
  respondedAt: referralTable.respondedAt,
  createdAt: referralTable.createdAt,
  version: referralTable.version,
};

/** Which referrals: by id or incident, by status, within a reader's scope, received or sent by organisations. */
export type ReferralFilter = {
  ids?: readonly string[];
  incidentId?: string;
  status?: ReferralStatus;
  /** Only referrals of these organisations (either side) or districts; absent: every referral. */
  scope?: { organisationIds: readonly string[]; districtIds: readonly string[] };
  /** Only referrals addressed to these organisations. */
  receivedBy?: readonly string[];
  /** Only referrals these organisations made. */
  sentBy?: readonly string[];
};

/** The WHERE of a filter; null when it cannot match anything (an empty scope or list). */
function referralConditions(by: ReferralFilter): SQL | undefined | null {
  const conditions: (SQL | undefined)[] = [];
  if (by.ids) {
    if (by.ids.length === 0) return null;
    conditions.push(inArray(referralTable.id, [...by.ids]));
  }
  if (by.incidentId) conditions.push(eq(referralTable.incidentId, by.incidentId));
  if (by.status) conditions.push(eq(referralTable.status, by.status));
  if (by.scope) {
    const organisations = [...by.scope.organisationIds];
    const districts = [...by.scope.districtIds];
    const within: SQL[] = [];
    if (organisations.length > 0)
      within.push(
        inArray(referralTable.fromOrganisationId, organisations),
        inArray(referralTable.providerOrganisationId, organisations),
      );
    if (districts.length > 0) within.push(inArray(referralTable.districtId, districts));
    if (within.length === 0) return null;
    conditions.push(or(...within));
  }
  if (by.receivedBy) {
    if (by.receivedBy.length === 0) return null;
    conditions.push(inArray(referralTable.providerOrganisationId, [...by.receivedBy]));
  }
  if (by.sentBy) {
    if (by.sentBy.length === 0) return null;
    conditions.push(inArray(referralTable.fromOrganisationId, [...by.sentBy]));
  }
  return and(...conditions);
}

/**
 * The referrals a list scope reaches (either side's organisation, or the incident's district), as a condition on
 * referral; null when the scope reaches none. The recent-changes feed uses it.
 */
export function referralScopeCondition(scope: {
  organisationIds: readonly string[];
  districtIds: readonly string[];
}): SQL | undefined | null {
  return referralConditions({ scope });
}

type SelectedReferral = Awaited<ReturnType<typeof referralQuery>>[number];

function toReferralRow(r: SelectedReferral): ReferralRow {
  return {
    id: r.id,
    incidentId: r.incidentId,
    incidentReference: formatIncidentReference(r.incidentNumber, r.incidentCreatedAt),
    incidentKind: r.incidentKind as IncidentKind,
    incidentAnonymised: r.incidentAnonymisedAt !== null,
    personId: r.personId,
    personCode: r.personCode,
    fromOrganisationId: r.fromOrganisationId,
    fromOrganisationName: r.fromOrganisationName,
    providerId: r.providerId,
    providerOrganisationId: r.providerOrganisationId,
    providerName: r.providerName,
    districtId: r.districtId,
    districtName: r.districtName,
    service: r.service as Service,
    status: r.status as ReferralStatus,
    noteSealed: r.noteSealed,
    consentBasis: r.consentBasis === "vital_interest" ? "vital_interest" : "consent",
    consentId: r.consentId,
    vitalInterestReasonSealed: r.vitalInterestReasonSealed,
    statusReasonSealed: r.statusReasonSealed,
    referredOn: r.referredOn,
    referredBy: r.referredBy,
    respondedAt: r.respondedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  };
}

function referralQuery(db: Executor, where: SQL | undefined) {
  return db
    .select(referralSelection)
    .from(referralTable)
    .innerJoin(incidentTable, eq(incidentTable.id, referralTable.incidentId))
    .innerJoin(incidentPersonTable, eq(incidentPersonTable.id, referralTable.personId))
    .innerJoin(fromOrganisation, eq(fromOrganisation.id, referralTable.fromOrganisationId))
    .innerJoin(providerOrganisation, eq(providerOrganisation.id, referralTable.providerOrganisationId))
    .leftJoin(placeTable, eq(placeTable.id, referralTable.districtId))
    .where(where);
}

/** A page of referrals, newest first. */
export async function selectReferrals(
  db: Executor,
  by: ReferralFilter,
  page: { limit: number; offset: number } = { limit: 1000, offset: 0 },
): Promise<ReferralRow[]> {
  const where = referralConditions(by);
  if (where === null) return [];
  const rows = await referralQuery(db, where)
    .orderBy(desc(referralTable.createdAt), desc(referralTable.id))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map(toReferralRow);
}

export async function countReferrals(db: Executor, by: ReferralFilter): Promise<number> {
  const where = referralConditions(by);
  if (where === null) return 0;
  const [row] = await db.select({ n: count() }).from(referralTable).where(where);
  return row?.n ?? 0;
}

export async function selectReferral(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ReferralRow | null> {
  const query = referralQuery(db, eq(referralTable.id, id));
  // Locks the referral only: two answers to one referral wait for each other, the incident stays free.
  const [row] = options.forUpdate ? await query.for("update", { of: referralTable }) : await query;
  return row ? toReferralRow(row) : null;
}

/** Open referrals (pending, accepted, in progress) per incident: what an incident's summary counts. */
export async function selectOpenReferralCounts(
  db: Executor,
  incidentIds: readonly string[],
): Promise<Map<string, number>> {
  if (incidentIds.length === 0) return new Map();
  const rows = await db
    .select({ incidentId: referralTable.incidentId, n: count() })
    .from(referralTable)
    .where(
      and(
        inArray(referralTable.incidentId, [...incidentIds]),
        inArray(referralTable.status, REFERRAL_STATUSES.filter(isOpenReferral)),
      ),
    )
    .groupBy(referralTable.incidentId);
  return new Map(rows.map((r) => [r.incidentId, r.n]));
}

export type NewReferral = {
  id: string;
  incidentId: string;
  personId: string;
  fromOrganisationId: string;
  providerId: string;
  providerOrganisationId: string;
  districtId: string | null;
  service: Service;
  noteSealed: string | null;
  consentBasis: "consent" | "vital_interest";
  consentId: string | null;
  vitalInterestReasonSealed: string | null;
  referredOn: string;
  referredBy: string;
};

export async function insertReferral(db: Executor, referral: NewReferral): Promise<void> {
  await db.insert(referralTable).values(referral);
}

/** Moves a referral at the version read; false when someone changed it in between. */
export async function updateReferralStatus(
  db: Executor,
  id: string,
  expectedVersion: number,
  change: { status: ReferralStatus; statusReasonSealed?: string | null; respondedAt?: Date },
): Promise<boolean> {
  const rows = await db
    .update(referralTable)
    .set({ ...change, ...nextVersion(referralTable) })
    .where(atVersion(referralTable, id, expectedVersion))
    .returning({ id: referralTable.id });
  return rows.length === 1;
}

export type FollowUpRow = {
  id: string;
  on: string;
  noteSealed: string | null;
  recordedBy: string;
  recordedAt: string;
};

export async function selectFollowUps(db: Executor, referralId: string): Promise<FollowUpRow[]> {
  const rows = await db
    .select({
      id: referralFollowUpTable.id,
      on: referralFollowUpTable.on,
      noteSealed: referralFollowUpTable.noteSealed,
      recordedBy: referralFollowUpTable.recordedBy,
      recordedAt: referralFollowUpTable.recordedAt,
    })
    .from(referralFollowUpTable)
    .where(eq(referralFollowUpTable.referralId, referralId))
    .orderBy(asc(referralFollowUpTable.on), asc(referralFollowUpTable.recordedAt));
  return rows.map((r) => ({ ...r, recordedAt: r.recordedAt.toISOString() }));
}

export async function insertFollowUp(
  db: Executor,
  followUp: { id: string; referralId: string; on: string; noteSealed: string | null; recordedBy: string },
): Promise<void> {
  await db.insert(referralFollowUpTable).values(followUp);
}

/** The provider's organisation and its contact address, for the notice of a new referral. */
export async function selectProviderForReferral(
  db: Executor,
  providerId: string,
): Promise<{
  id: string;
  organisationId: string;
  organisationName: string;
  services: Service[];
  acceptingReferrals: boolean;
  contactEmail: string | null;
} | null> {
  const [row] = await db
    .select({
      id: serviceProviderTable.id,
      organisationId: serviceProviderTable.organisationId,
      organisationName: organisationTable.name,
      services: serviceProviderTable.services,
      acceptingReferrals: serviceProviderTable.acceptingReferrals,
      contactEmail: serviceProviderTable.contactEmail,
    })
    .from(serviceProviderTable)
    .innerJoin(organisationTable, eq(organisationTable.id, serviceProviderTable.organisationId))
    .where(eq(serviceProviderTable.id, providerId));
  return row ? { ...row, services: row.services as Service[] } : null;
}

/** The ids of the referrals made from one incident: whose reads its access log lists. */
export async function selectReferralIdsOfIncident(db: Executor, incidentId: string): Promise<string[]> {
  const rows = await db
    .select({ id: referralTable.id })
    .from(referralTable)
    .where(eq(referralTable.incidentId, incidentId))
    .orderBy(referralTable.createdAt);
  return rows.map((r) => r.id);
}
