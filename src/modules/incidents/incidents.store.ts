// Incident queries: incidents with their place, district and reporting organisation; persons, identities (sealed),
// consent records and attachments. Rows carry sealed values as stored; the services open them.
import { and, asc, count, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { z } from "zod";
import type { Executor } from "../../db/client";
import { queryRows } from "../../db/client";
import { atVersion, type ListScope, nextVersion } from "../../kernel";
import { todayInKigali } from "../../shared/today";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import type { SubmissionStatus } from "../reporting";
import type {
  AgeGroup,
  ClosureReason,
  IncidentAttachmentSchema,
  IncidentKind,
  IncidentListQuery,
  IncidentPlaceKind,
  IncidentStatus,
  IncidentSummary,
  PersonRole,
  Sex,
  TraffickingDetails,
} from "./incidents.schema";
import {
  incidentAttachmentTable,
  incidentConsentTable,
  incidentPersonIdentityTable,
  incidentPersonTable,
  incidentTable,
  referralTable,
} from "./incidents.table";

const i = incidentTable;
const place = alias(placeTable, "incident_place");
const district = alias(placeTable, "incident_district");

export type IncidentRow = {
  id: string;
  number: number;
  kind: IncidentKind;
  occurredOn: string | null;
  placeKind: IncidentPlaceKind;
  placeId: string | null;
  placeName: string | null;
  districtId: string | null;
  districtName: string | null;
  countryCode: string | null;
  descriptionSealed: string | null;
  reportingOrganisationId: string;
  reportingOrganisationName: string;
  submissionId: string | null;
  trafficking: TraffickingDetails | null;
  status: IncidentStatus;
  closureReason: ClosureReason | null;
  closedOn: string | null;
  legalHold: boolean;
  anonymisedAt: Date | null;
  createdAt: Date;
  version: number;
};

/** INC-<year it was recorded, in Kigali>-<number on five digits>: INC-2026-00042. */
export const formatIncidentReference = (number: number, createdAt: Date): string =>
  `INC-${todayInKigali(createdAt).slice(0, 4)}-${String(number).padStart(5, "0")}`;

export const incidentReference = (row: Pick<IncidentRow, "number" | "createdAt">) =>
  formatIncidentReference(row.number, row.createdAt);

const incidentColumns = {
  id: i.id,
  number: i.number,
  kind: sql<IncidentKind>`${i.kind}`,
  occurredOn: i.occurredOn,
  placeKind: sql<IncidentPlaceKind>`${i.placeKind}`,
  placeId: i.placeId,
  placeName: place.name,
  districtId: i.districtId,
  districtName: district.name,
  countryCode: i.countryCode,
  descriptionSealed: i.descriptionSealed,
  reportingOrganisationId: i.reportingOrganisationId,
  reportingOrganisationName: organisationTable.name,
  submissionId: i.submissionId,
  trafficking: i.trafficking,
  status: sql<IncidentStatus>`${i.status}`,
  closureReason: sql<ClosureReason | null>`${i.closureReason}`,
  closedOn: i.closedOn,
  legalHold: i.legalHold,
  anonymisedAt: i.anonymisedAt,
  createdAt: i.createdAt,
  version: i.version,
};

function incidentQuery(db: Executor) {
  return db
    .select(incidentColumns)
    .from(i)
    .innerJoin(organisationTable, eq(organisationTable.id, i.reportingOrganisationId))
    .leftJoin(place, eq(place.id, i.placeId))
    .leftJoin(district, eq(district.id, i.districtId));
}

export async function selectIncident(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<IncidentRow | null> {
  const query = incidentQuery(db).where(eq(i.id, id));
  const [row] = options.forUpdate ? await query.for("update", { of: i }) : await query;
  return row ?? null;
}

/** The conditions that keep a list inside the reader's scope; null when the scope shows nothing. */
export function incidentScopeCondition(scope: ListScope): SQL | undefined | null {
  if (scope.all) return undefined;
  const visible: SQL[] = [];
  if (scope.districtIds.length > 0) visible.push(inArray(i.districtId, scope.districtIds));
  if (scope.organisationIds.length > 0)
    visible.push(inArray(i.reportingOrganisationId, scope.organisationIds));
  if (visible.length === 0) return null;
  return or(...visible);
}

export async function selectIncidents(
  db: Executor,
  query: IncidentListQuery,
  scope: ListScope,
): Promise<{ items: IncidentSummary[]; total: number }> {
  const visible = incidentScopeCondition(scope);
  if (visible === null) return { items: [], total: 0 };
  const conditions: SQL[] = [];
  if (visible) conditions.push(visible);
  if (query.kind) conditions.push(eq(i.kind, query.kind));
  if (query.status) conditions.push(eq(i.status, query.status));
  if (query.districtId) conditions.push(eq(i.districtId, query.districtId));
  if (query.reportingOrganisationId)
    conditions.push(eq(i.reportingOrganisationId, query.reportingOrganisationId));
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    incidentQuery(db)
      .where(where)
      .orderBy(desc(i.createdAt), desc(i.number))
      .limit(query.limit)
      .offset(query.offset),
    db.select({ n: count() }).from(i).where(where),
  ]);
  if (rows.length === 0) return { items: [], total: total?.n ?? 0 };
  const ids = rows.map((r) => r.id);
  const counts = await queryRows<{ id: string; victims: number; open_referrals: number }>(
    db,
    sql`select x.id,
          (select count(*)::int from incident_person p where p.incident_id = x.id and p.role = 'victim') as victims,
          (select count(*)::int from referral r where r.incident_id = x.id
             and r.status in ('pending', 'accepted', 'in_progress')) as open_referrals
        from unnest(${sql.param(ids)}::uuid[]) as x(id)`,
  );
  const byId = new Map(counts.map((c) => [c.id, c]));
  return {
    items: rows.map((r) => ({
      ...summaryOf(r),
      victims: byId.get(r.id)?.victims ?? 0,
      openReferrals: byId.get(r.id)?.open_referrals ?? 0,
    })),
    total: total?.n ?? 0,
  };
}

export function summaryOf(r: IncidentRow): Omit<IncidentSummary, "victims" | "openReferrals"> {
  return {
    id: r.id,
    reference: incidentReference(r),
    kind: r.kind,
    occurredOn: r.occurredOn,
    placeKind: r.placeKind,
    placeName: r.placeName,
    districtId: r.districtId,
    districtName: r.districtName,
    countryCode: r.countryCode,
    reportingOrganisationId: r.reportingOrganisationId,
    reportingOrganisationName: r.reportingOrganisationName,
    status: r.status,
    anonymised: r.anonymisedAt !== null,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  };
}

export type PlaceFacts = { id: string; kind: string; districtId: string | null };

/** A place with the district it lies in (itself, its parent, or for a place of detention its parent's district). */
export async function selectPlaceFacts(db: Executor, id: string): Promise<PlaceFacts | null> {
  const [row] = await queryRows<{ id: string; kind: string; district_id: string | null }>(
    db,
    sql`select p.id, p.kind,
          case when p.kind = 'district' then p.id
               when parent.kind = 'district' then parent.id
               when grandparent.kind = 'district' then grandparent.id end as district_id
        from place p
        left join place parent on parent.id = p.parent_id
        left join place grandparent on grandparent.id = parent.parent_id
        where p.id = ${id}`,
  );
  return row ? { id: row.id, kind: row.kind, districtId: row.district_id } : null;
}

export async function organisationExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: organisationTable.id })
    .from(organisationTable)
    .where(eq(organisationTable.id, id));
  return Boolean(row);
}

export async function submissionOrganisation(db: Executor, id: string): Promise<string | null> {
  const [row] = await queryRows<{ organisation_id: string }>(
    db,
    sql`select organisation_id from submission where id = ${id}`,
  );
  return row?.organisation_id ?? null;
}

/** A periodic report as an incident links it: its period and how far it went, nothing of its content. */
export type LinkedSubmissionRow = {
  id: string;
  organisationId: string;
  period: string;
  status: SubmissionStatus;
};

const LINKABLE_SUBMISSIONS = 40;

/** The reporting organisation's latest periodic reports (newest period first), to link an incident to one. */
export async function selectSubmissionsOfOrganisation(
  db: Executor,
  organisationId: string,
): Promise<LinkedSubmissionRow[]> {
  return queryRows<LinkedSubmissionRow>(
    db,
    sql`select id, organisation_id as "organisationId", period, status from submission
        where organisation_id = ${organisationId}
        order by period desc, created_at desc limit ${LINKABLE_SUBMISSIONS}`,
  );
}

export async function selectLinkedSubmission(db: Executor, id: string): Promise<LinkedSubmissionRow | null> {
  const [row] = await queryRows<LinkedSubmissionRow>(
    db,
    sql`select id, organisation_id as "organisationId", period, status from submission where id = ${id}`,
  );
  return row ?? null;
}

export type IncidentValues = {
  id: string;
  kind: IncidentKind;
  occurredOn: string | null;
  placeKind: IncidentPlaceKind;
  placeId: string | null;
  districtId: string | null;
  countryCode: string | null;
  descriptionSealed: string | null;
  reportingOrganisationId: string;
  submissionId: string | null;
  trafficking: TraffickingDetails | null;
  status: IncidentStatus;
  closureReason: ClosureReason | null;
  closedOn: string | null;
  legalHold: boolean;
};

export async function insertIncident(db: Executor, values: IncidentValues): Promise<void> {
  await db.insert(i).values(values);
}

/** Writes the incident at `expectedVersion`; false when another change came first. */
export async function updateIncidentRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  values: Omit<IncidentValues, "id">,
): Promise<boolean> {
  const rows = await db
    .update(i)
    .set({ ...values, ...nextVersion(i) })
    .where(atVersion(i, id, expectedVersion))
    .returning({ id: i.id });
  return rows.length === 1;
}

/** Moves an incident's status on a side effect of another write (a referral made): a new version, no check. */
export async function setIncidentStatus(db: Executor, id: string, status: IncidentStatus): Promise<void> {
  await db
    .update(i)
    .set({ status, ...nextVersion(i) })
    .where(eq(i.id, id));
}

// ----- Persons -----

export type PersonRow = {
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

const p = incidentPersonTable;
const personColumns = {
  id: p.id,
  incidentId: p.incidentId,
  code: p.code,
  role: sql<PersonRow["role"]>`${p.role}`,
  perpetratorType: sql<PersonRow["perpetratorType"]>`${p.perpetratorType}`,
  sex: sql<Sex>`${p.sex}`,
  ageGroup: sql<AgeGroup>`${p.ageGroup}`,
  nationality: p.nationality,
  disability: sql<PersonRow["disability"]>`${p.disability}`,
  version: p.version,
};

export async function selectPersons(db: Executor, incidentId: string): Promise<PersonRow[]> {
  return db
    .select(personColumns)
    .from(p)
    .where(eq(p.incidentId, incidentId))
    .orderBy(asc(p.position), asc(p.createdAt));
}

export async function selectPerson(
  db: Executor,
  incidentId: string,
  personId: string,
  options: { forUpdate?: boolean } = {},
): Promise<PersonRow | null> {
  const query = db
    .select(personColumns)
    .from(p)
    .where(and(eq(p.incidentId, incidentId), eq(p.id, personId)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

export async function selectPersonByCode(db: Executor, code: string): Promise<PersonRow | null> {
  const [row] = await db.select(personColumns).from(p).where(eq(p.code, code));
  return row ?? null;
}

export type PersonValues = Omit<PersonRow, "version" | "incidentId">;

export async function insertPersons(
  db: Executor,
  incidentId: string,
  persons: PersonValues[],
): Promise<void> {
  if (persons.length === 0) return;
  const [last] = await db
    .select({ position: sql<number>`coalesce(max(${p.position}), -1)::int` })
    .from(p)
    .where(eq(p.incidentId, incidentId));
  const start = (last?.position ?? -1) + 1;
  await db.insert(p).values(persons.map((x, n) => ({ ...x, incidentId, position: start + n })));
}

export async function updatePersonRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  values: Omit<PersonValues, "id" | "code">,
): Promise<boolean> {
  const rows = await db
    .update(p)
    .set({ ...values, ...nextVersion(p) })
    .where(atVersion(p, id, expectedVersion))
    .returning({ id: p.id });
  return rows.length === 1;
}

/** Bumps a person's version when their consent records change (a consent is part of what a reader saw). */
export async function touchPerson(db: Executor, id: string): Promise<void> {
  await db
    .update(p)
    .set({ ...nextVersion(p) })
    .where(eq(p.id, id));
}

export async function deletePersonRow(db: Executor, id: string): Promise<void> {
  await db.delete(incidentConsentTable).where(eq(incidentConsentTable.personId, id));
  await db.delete(incidentPersonIdentityTable).where(eq(incidentPersonIdentityTable.personId, id));
  await db.delete(p).where(eq(p.id, id));
}

export async function personHasReferrals(db: Executor, personId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: referralTable.id })
    .from(referralTable)
    .where(eq(referralTable.personId, personId))
    .limit(1);
  return Boolean(row);
}

export type IdentityRow = { personId: string; nameSealed: string | null; contactSealed: string | null };

/** Identities of these persons: loaded only for a reader with the identity permission. */
export async function selectIdentities(
  db: Executor,
  personIds: readonly string[],
): Promise<Map<string, IdentityRow>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .select({
      personId: incidentPersonIdentityTable.personId,
      nameSealed: incidentPersonIdentityTable.nameSealed,
      contactSealed: incidentPersonIdentityTable.contactSealed,
    })
    .from(incidentPersonIdentityTable)
    .where(inArray(incidentPersonIdentityTable.personId, [...personIds]));
  return new Map(rows.map((r) => [r.personId, r]));
}

export async function upsertIdentity(db: Executor, row: IdentityRow): Promise<void> {
  if (row.nameSealed === null && row.contactSealed === null) {
    await db
      .delete(incidentPersonIdentityTable)
      .where(eq(incidentPersonIdentityTable.personId, row.personId));
    return;
  }
  await db
    .insert(incidentPersonIdentityTable)
    .values(row)
    .onConflictDoUpdate({
      target: incidentPersonIdentityTable.personId,
      set: { nameSealed: row.nameSealed, contactSealed: row.contactSealed, updatedAt: sql`now()` },
    });
}

// ----- Consent -----

export type ConsentRow = {
  id: string;
  personId: string;
  given: boolean;
  method: "oral" | "written" | "electronic";
  givenOn: string;
  givenBy: "person" | "guardian";
  guardianRelation: string | null;
  purposes: ("referral" | "sharing" | "statistics")[];
  sharedWithOrganisationIds: string[];
  recordedBy: string;
  recordedAt: Date;
  withdrawnOn: string | null;
};

const c = incidentConsentTable;
const consentColumns = {
  id: c.id,
  personId: c.personId,
  given: c.given,
  method: sql<ConsentRow["method"]>`${c.method}`,
  givenOn: c.givenOn,
  givenBy: sql<ConsentRow["givenBy"]>`${c.givenBy}`,
  guardianRelation: c.guardianRelation,
  purposes: sql<ConsentRow["purposes"]>`${c.purposes}`,
  sharedWithOrganisationIds: c.sharedWithOrganisationIds,
  recordedBy: c.recordedBy,
  recordedAt: c.recordedAt,
  withdrawnOn: c.withdrawnOn,
};

export async function selectConsents(db: Executor, personIds: readonly string[]): Promise<ConsentRow[]> {
  if (personIds.length === 0) return [];
  return db
    .select(consentColumns)
    .from(c)
    .where(inArray(c.personId, [...personIds]))
    .orderBy(asc(c.givenOn), asc(c.recordedAt));
}

export async function insertConsent(
  db: Executor,
  values: Omit<ConsentRow, "id" | "recordedAt" | "withdrawnOn"> & { recordedByUserId: string | null },
): Promise<string> {
  const [row] = await db.insert(c).values(values).returning({ id: c.id });
  if (!row) throw new Error("the consent was not written");
  return row.id;
}

/** Withdraws a consent from a day on; false when it was already withdrawn or is not this person's. */
export async function withdrawConsentRow(
  db: Executor,
  personId: string,
  consentId: string,
  withdrawnOn: string,
): Promise<boolean> {
  const rows = await db
    .update(c)
    .set({ withdrawnOn })
    .where(and(eq(c.id, consentId), eq(c.personId, personId), sql`${c.withdrawnOn} is null`))
    .returning({ id: c.id });
  return rows.length === 1;
}

export async function organisationNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: organisationTable.id, name: organisationTable.name })
    .from(organisationTable)
    .where(inArray(organisationTable.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ----- Attachments -----

const a = incidentAttachmentTable;
const attachmentColumns = {
  id: a.id,
  fileName: a.fileName,
  contentType: a.contentType,
  sizeBytes: a.sizeBytes,
  sha256: a.sha256,
  uploadedBy: a.uploadedBy,
  uploadedAt: a.uploadedAt,
  version: a.version,
};

type StoredFile = z.infer<typeof IncidentAttachmentSchema>;

export async function selectAttachments(db: Executor, incidentId: string): Promise<StoredFile[]> {
  const rows = await db
    .select(attachmentColumns)
    .from(a)
    .where(eq(a.incidentId, incidentId))
    .orderBy(asc(a.uploadedAt));
  return rows.map((r) => ({ ...r, uploadedAt: r.uploadedAt.toISOString() }));
}

export async function selectAttachmentData(
  db: Executor,
  incidentId: string,
  id: string,
): Promise<{ fileName: string; contentType: string; data: Uint8Array } | null> {
  const [row] = await db
    .select({ fileName: a.fileName, contentType: a.contentType, data: a.data })
    .from(a)
    .where(and(eq(a.incidentId, incidentId), eq(a.id, id)));
  return row ?? null;
}

export async function insertAttachment(
  db: Executor,
  values: typeof incidentAttachmentTable.$inferInsert,
): Promise<string> {
  const [row] = await db.insert(a).values(values).returning({ id: a.id });
  if (!row) throw new Error("the attachment was not written");
  return row.id;
}

/** The referrals made for one person, with their provider's name: what a subject-access export lists. */
export async function selectReferralsOfPerson(
  db: Executor,
  personId: string,
): Promise<
  {
    id: string;
    service: string;
    status: string;
    referred_on: string;
    provider_name: string;
    consent_basis: string;
  }[]
> {
  return queryRows(
    db,
    sql`select r.id, r.service, r.status, r.referred_on::text as referred_on, o.name as provider_name, r.consent_basis
        from referral r join organisation o on o.id = r.provider_organisation_id
        where r.person_id = ${personId} order by r.referred_on, r.id`,
  );
}

export async function selectAttachment(
  db: Executor,
  incidentId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<(StoredFile & { sha256: string }) | null> {
  const query = db
    .select(attachmentColumns)
    .from(a)
    .where(and(eq(a.incidentId, incidentId), eq(a.id, id)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ? { ...row, uploadedAt: row.uploadedAt.toISOString() } : null;
}

/** Deletes the file at the version the client read; false when it is at another one. */
export async function deleteAttachmentRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(a)
    .where(atVersion(a, id, expectedVersion))
    .returning({ id: a.id });
  return rows.length === 1;
}
