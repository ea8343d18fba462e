// Agreement queries: the agreement's own row, its parties, themes and areas, places it names, status history.
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import { insertRows, insertRowsAndRead } from "../../db/insert-rows";
import { type PartialDate, parsePartialDate, partialDateSortKey } from "../../shared/partial-date";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import type {
  AgreementKeeper,
  AgreementKind,
  AgreementStatus,
  Area,
  Party,
  PartyInput,
  PartyRole,
  PlaceSet,
  StatusChange,
} from "./agreements.schema";
import {
  agreementAreaTable,
  agreementPartyTable,
  agreementStatusChangeTable,
  agreementTable,
  agreementThemeTable,
} from "./agreements.table";

// The list facets are the database's (kept by triggers, read only by the filters): never selected.
const {
  themeCodes: _themeCodes,
  partyKinds: _partyKinds,
  partyOrganisationIds: _partyOrganisationIds,
  areaKeys: _areaKeys,
  nextPlannedDue: _nextPlannedDue,
  openPlannedDues: _openPlannedDues,
  partyList: _partyList,
  ...agreementColumns
} = getTableColumns(agreementTable);

export { agreementColumns };

type AgreementRow = Omit<
  typeof agreementTable.$inferSelect,
  | "themeCodes"
  | "partyKinds"
  | "partyOrganisationIds"
  | "areaKeys"
  | "nextPlannedDue"
  | "openPlannedDues"
  | "partyList"
>;

/** An agreement's own columns, as the domain sees them. */
export type AgreementRecord = {
  id: string;
  title: string;
  reference: string | null;
  kind: AgreementKind;
  purpose: string | null;
  status: AgreementStatus;
  signedOn: PartialDate;
  validFrom: string | null;
  validUntil: string | null;
  renewalTerms: string | null;
  followUpBody: string | null;
  amendsId: string | null;
  keeperOrganisationId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

/** What a create or an update writes; the signature date's parts are derived from its text. */
export type AgreementFields = {
  title: string;
  reference: string | null;
  kind: AgreementKind;
  purpose: string | null;
  status: AgreementStatus;
  signedOnText: string | null;
  validFrom: string | null;
  validUntil: string | null;
  renewalTerms: string | null;
  followUpBody: string | null;
  amendsId: string | null;
  keeperOrganisationId: string | null;
};

export function toAgreementRecord(row: AgreementRow): AgreementRecord {
  return {
    id: row.id,
    title: row.title,
    reference: row.reference,
    kind: row.kind as AgreementKind,
    purpose: row.purpose,
    status: row.status as AgreementStatus,
    signedOn: {
      text: row.signedOnText,
      year: row.signedYear,
      month: row.signedMonth,
      day: row.signedDay,
      precision: row.signedPrecision as PartialDate["precision"],
    },
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    renewalTerms: row.renewalTerms,
    followUpBody: row.followUpBody,
    amendsId: row.amendsId,
    keeperOrganisationId: row.keeperOrganisationId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function recordToFields(record: AgreementRecord): AgreementFields {
  return {
    title: record.title,
    reference: record.reference,
    kind: record.kind,
    purpose: record.purpose,
    status: record.status,
    signedOnText: record.signedOn.text,
    validFrom: record.validFrom,
    validUntil: record.validUntil,
    renewalTerms: record.renewalTerms,
    followUpBody: record.followUpBody,
    amendsId: record.amendsId,
    keeperOrganisationId: record.keeperOrganisationId,
  };
}

function columnsOf(fields: AgreementFields) {
  const signed = parsePartialDate(fields.signedOnText);
  return {
    ...fields,
    signedOnText: signed.text,
    signedYear: signed.year,
    signedMonth: signed.month,
    signedDay: signed.day,
    signedPrecision: signed.precision,
    signedSortKey: partialDateSortKey(signed),
  };
}

/** Inserts the agreement with an empty search text: call refreshAgreementSearchText once its parts exist. */
export async function insertAgreement(db: Executor, fields: AgreementFields): Promise<AgreementRecord> {
  const [row] = await db.insert(agreementTable).values(columnsOf(fields)).returning();
  if (!row) throw new Error("insert returned no row");
  return toAgreementRecord(row);
}

/** Updates only when the stored version is the expected one; returns null when it is not. */
export async function updateAgreementRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: AgreementFields,
): Promise<AgreementRecord | null> {
  const [row] = await db
    .update(agreementTable)
    .set({ ...columnsOf(fields), version: expectedVersion + 1, updatedAt: new Date() })
    .where(and(eq(agreementTable.id, id), eq(agreementTable.version, expectedVersion)))
    .returning();
  return row ? toAgreementRecord(row) : null;
}

export async function deleteAgreementRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(agreementTable)
    .where(and(eq(agreementTable.id, id), eq(agreementTable.version, expectedVersion)))
    .returning({ id: agreementTable.id });
  return rows.length > 0;
}

export async function selectAgreement(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<AgreementRecord | null> {
  const query = db.select(agreementColumns).from(agreementTable).where(eq(agreementTable.id, id));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ? toAgreementRecord(row) : null;
}

export type AgreementRef = { id: string; title: string; status: AgreementStatus };

export const refSelection = {
  id: agreementTable.id,
  title: agreementTable.title,
  status: agreementTable.status,
};
export const toRef = (row: { id: string; title: string; status: string }): AgreementRef => ({
  ...row,
  status: row.status as AgreementStatus,
});

export async function selectAgreementRef(db: Executor, id: string): Promise<AgreementRef | null> {
  const [row] = await db.select(refSelection).from(agreementTable).where(eq(agreementTable.id, id));
  return row ? toRef(row) : null;
}

/** The agreements that amend this one, oldest first. */
export async function selectAmendments(db: Executor, id: string): Promise<AgreementRef[]> {
  const rows = await db
    .select(refSelection)
    .from(agreementTable)
    .where(eq(agreementTable.amendsId, id))
    .orderBy(asc(agreementTable.createdAt), asc(agreementTable.id));
  return rows.map(toRef);
}

/** The ids met following "amends" links up from `id` (itself included), to refuse a cycle. */
export async function selectAmendsChain(db: Executor, id: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with recursive chain(id, amends_id, depth) as (
      select a.id, a.amends_id, 0 from agreement a where a.id = ${id}
      union all
      select a.id, a.amends_id, chain.depth + 1 from agreement a join chain on a.id = chain.amends_id
      where chain.depth < 100
    )
    select id from chain`,
  );
  return rows.map((r) => r.id);
}

/** Inserts several agreements at once (empty search texts, like insertAgreement), in the order given. */
export async function insertAgreements(db: Executor, fields: AgreementFields[]): Promise<AgreementRecord[]> {
  if (fields.length === 0) return [];
  // Ids chosen here: each record is found again by its id, whatever order the database answers in.
  const rows = await insertRowsAndRead(
    db,
    agreementTable,
    fields.map((f) => ({ id: randomUUID(), ...columnsOf(f) })),
  );
  return rows.map(toAgreementRecord);
}

/** Parties, themes and areas of new agreements, each kind in as few statements as possible. */
export async function insertAgreementParts(
  db: Executor,
  parts: { agreementId: string; parties: PartyInput[]; themes: string[]; areas: AreaTarget[] }[],
): Promise<void> {
  const parties = parts.flatMap((p) =>
    p.parties.map((party, position) => ({ agreementId: p.agreementId, ...party, position })),
  );
  const themes = parts.flatMap((p) =>
    p.themes.map((themeCode) => ({ agreementId: p.agreementId, themeCode })),
  );
  const areas = parts.flatMap((p) =>
    p.areas.map((area, position) => ({ agreementId: p.agreementId, ...area, position })),
  );
  await insertRows(db, agreementPartyTable, parties);
  await insertRows(db, agreementThemeTable, themes);
  await insertRows(db, agreementAreaTable, areas);
}

// Parties, themes and areas: replaced as sets.

export async function replaceParties(
  db: Executor,
  agreementId: string,
  parties: PartyInput[],
): Promise<void> {
  await db.delete(agreementPartyTable).where(eq(agreementPartyTable.agreementId, agreementId));
  if (parties.length === 0) return;
  await db
    .insert(agreementPartyTable)
    .values(parties.map((p, position) => ({ agreementId, ...p, position })));
}

export async function replaceThemes(db: Executor, agreementId: string, codes: string[]): Promise<void> {
  await db.delete(agreementThemeTable).where(eq(agreementThemeTable.agreementId, agreementId));
  if (codes.length === 0) return;
  await db.insert(agreementThemeTable).values(codes.map((themeCode) => ({ agreementId, themeCode })));
}

export type AreaTarget = { placeId: string | null; placeSet: PlaceSet | null };

export async function replaceAreas(db: Executor, agreementId: string, areas: AreaTarget[]): Promise<void> {
  await db.delete(agreementAreaTable).where(eq(agreementAreaTable.agreementId, agreementId));
  if (areas.length === 0) return;
  await db.insert(agreementAreaTable).values(areas.map((a, position) => ({ agreementId, ...a, position })));
}

export const partySelection = {
  agreementId: agreementPartyTable.agreementId,
  organisationId: agreementPartyTable.organisationId,
  organisationName: organisationTable.name,
  acronym: organisationTable.acronym,
  organisationKind: organisationTable.kind,
  role: agreementPartyTable.role,
};

/** An agreement as an import compares it: its kind, its signature as written, the organisations of its parties. */
export type AgreementPartySet = {
  id: string;
  kind: AgreementKind;
  signedOnText: string | null;
  /** One per party row: an organisation that is a party under two roles is named twice. */
  partyIds: string[];
};

/** Every agreement the organisation is a party to, in the list's title order, in one query. */
export async function selectPartySetsOf(db: Executor, organisationId: string): Promise<AgreementPartySet[]> {
  const rows = await db
    .select({
      id: agreementTable.id,
      kind: agreementTable.kind,
      signedOnText: agreementTable.signedOnText,
      partyIds: sql<
        string[]
      >`array(select p.organisation_id::text from ${agreementPartyTable} p where p.agreement_id = ${agreementTable.id})`,
    })
    .from(agreementTable)
    .where(sql`${agreementTable.partyOrganisationIds} @> array[${organisationId}]::uuid[]`)
    .orderBy(asc(sql`lower(${agreementTable.title})`), asc(agreementTable.id));
  return rows.map((r) => ({ ...r, kind: r.kind as AgreementKind }));
}

/** Parties of each agreement, in one query: the keeper's list order is by name, then role. */
export async function selectPartiesOf(
  db: Executor,
  agreementIds: readonly string[],
): Promise<Map<string, Party[]>> {
  const byAgreement = new Map<string, Party[]>();
  if (agreementIds.length === 0) return byAgreement;
  const rows = await db
    .select(partySelection)
    .from(agreementPartyTable)
    .innerJoin(organisationTable, eq(organisationTable.id, agreementPartyTable.organisationId))
    .where(inArray(agreementPartyTable.agreementId, [...agreementIds]))
    .orderBy(asc(organisationTable.nameKey), asc(agreementPartyTable.role));
  for (const { agreementId, ...party } of rows) {
    const list = byAgreement.get(agreementId) ?? [];
    list.push({ ...party, role: party.role as PartyRole });
    byAgreement.set(agreementId, list);
  }
  return byAgreement;
}

export async function selectThemesOf(
  db: Executor,
  agreementIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byAgreement = new Map<string, string[]>();
  if (agreementIds.length === 0) return byAgreement;
  const rows = await db
    .select()
    .from(agreementThemeTable)
    .where(inArray(agreementThemeTable.agreementId, [...agreementIds]))
    .orderBy(asc(agreementThemeTable.themeCode));
  for (const row of rows) {
    const list = byAgreement.get(row.agreementId) ?? [];
    list.push(row.themeCode);
    byAgreement.set(row.agreementId, list);
  }
  return byAgreement;
}

/** An area as the service needs it: what the reader sees, and the district it puts the agreement in. */
export type AreaRow = Area & { districtId: string | null };

/**
 * The district a place lies in: itself when it is one, else its parent when that is a district.
 * Column names are written out: in a one-table select Drizzle leaves them unqualified, and inside the
 * subquery "parent_id" would then name the subquery's own column.
 */
export const districtOfPlace = sql<
  string | null
>`case when "place"."kind" = 'district' then "place"."id" else (select d.id from place d where d.id = "place"."parent_id" and d.kind = 'district') end`;

export async function selectAreas(db: Executor, agreementId: string): Promise<AreaRow[]> {
  const rows = await db
    .select({
      placeId: agreementAreaTable.placeId,
      placeSet: agreementAreaTable.placeSet,
      placeName: placeTable.name,
      placeKind: placeTable.kind,
      districtId: districtOfPlace,
    })
    .from(agreementAreaTable)
    .leftJoin(placeTable, eq(placeTable.id, agreementAreaTable.placeId))
    .where(eq(agreementAreaTable.agreementId, agreementId))
    // Sets first, then places by name.
    .orderBy(asc(agreementAreaTable.placeSet), asc(placeTable.name));
  return rows.map((r) => ({
    placeId: r.placeId,
    placeSet: r.placeSet as PlaceSet | null,
    label: r.placeName ?? r.placeSet ?? "",
    kind: r.placeKind,
    districtId: r.districtId,
  }));
}

/** Rows grouped by their agreement, each group in the order the rows came. */
export function byAgreement<T extends { agreementId: string }, R>(
  rows: readonly T[],
  map: (row: T) => R,
): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const row of rows) {
    const list = out.get(row.agreementId) ?? [];
    list.push(map(row));
    out.set(row.agreementId, list);
  }
  return out;
}

/** selectAreas for several agreements in one query. */
export async function selectAreasOf(
  db: Executor,
  agreementIds: readonly string[],
): Promise<Map<string, AreaRow[]>> {
  if (agreementIds.length === 0) return new Map();
  const rows = await db
    .select({
      agreementId: agreementAreaTable.agreementId,
      placeId: agreementAreaTable.placeId,
      placeSet: agreementAreaTable.placeSet,
      placeName: placeTable.name,
      placeKind: placeTable.kind,
      districtId: districtOfPlace,
    })
    .from(agreementAreaTable)
    .leftJoin(placeTable, eq(placeTable.id, agreementAreaTable.placeId))
    .where(inArray(agreementAreaTable.agreementId, [...agreementIds]))
    .orderBy(asc(agreementAreaTable.agreementId), asc(agreementAreaTable.placeSet), asc(placeTable.name));
  return byAgreement(rows, (r) => ({
    placeId: r.placeId,
    placeSet: r.placeSet as PlaceSet | null,
    label: r.placeName ?? r.placeSet ?? "",
    kind: r.placeKind,
    districtId: r.districtId,
  }));
}

/** What the service needs to know of a referenced place. */
export type PlaceFacts = {
  id: string;
  name: string;
  kind: string;
  districtId: string | null;
  /** An open correctional facility of RCS: a member of the set "all correctional facilities". */
  isOpenCorrectionalFacility: boolean;
};

export async function selectPlaceFacts(
  db: Executor,
  placeIds: readonly string[],
): Promise<Map<string, PlaceFacts>> {
  const facts = new Map<string, PlaceFacts>();
  if (placeIds.length === 0) return facts;
  const rows = await db
    .select(placeFactsColumns)
    .from(placeTable)
    .where(inArray(placeTable.id, [...new Set(placeIds)]));
  for (const r of rows) facts.set(r.id, placeFactsOf(r));
  return facts;
}

/** The columns PlaceFacts are made of. */
export const placeFactsColumns = {
  id: placeTable.id,
  name: placeTable.name,
  kind: placeTable.kind,
  operator: placeTable.operator,
  isOpen: placeTable.isOpen,
  districtId: districtOfPlace,
};

type PlaceFactsRow = {
  id: string;
  name: string;
  kind: string;
  operator: string | null;
  isOpen: boolean;
  districtId: string | null;
};

export function placeFactsOf(r: PlaceFactsRow): PlaceFacts {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    districtId: r.districtId,
    isOpenCorrectionalFacility: r.kind === "place_of_detention" && r.operator === "RCS" && r.isOpen,
  };
}

export async function selectOrganisationNames(
  db: Executor,
  organisationIds: readonly string[],
): Promise<Map<string, string>> {
  if (organisationIds.length === 0) return new Map();
  const rows = await db
    .select({ id: organisationTable.id, name: organisationTable.name })
    .from(organisationTable)
    .where(inArray(organisationTable.id, [...new Set(organisationIds)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Organisations keeping agreements, with how many each keeps: most first, then by name. */
export async function selectAgreementKeepers(db: Executor): Promise<AgreementKeeper[]> {
  const rows = await db
    .select({
      organisationId: organisationTable.id,
      organisationName: organisationTable.name,
      acronym: organisationTable.acronym,
      agreementCount: count(),
    })
    .from(agreementTable)
    .innerJoin(organisationTable, eq(organisationTable.id, agreementTable.keeperOrganisationId))
    .groupBy(organisationTable.id, organisationTable.name, organisationTable.acronym)
    .orderBy(desc(count()), asc(organisationTable.name), asc(organisationTable.id));
  return rows;
}

// Status history.

export type StatusChangeFields = {
  agreementId: string;
  fromStatus: AgreementStatus | null;
  toStatus: AgreementStatus;
  changedOn: string;
  reason: string | null;
  changedByUserId: string | null;
  changedBy: string;
};

export async function insertStatusChange(db: Executor, fields: StatusChangeFields): Promise<void> {
  await db.insert(agreementStatusChangeTable).values(fields);
}

export async function insertStatusChanges(db: Executor, rows: StatusChangeFields[]): Promise<void> {
  await insertRows(db, agreementStatusChangeTable, rows);
}

/** Newest first. */
export async function selectStatusChanges(db: Executor, agreementId: string): Promise<StatusChange[]> {
  const rows = await db
    .select()
    .from(agreementStatusChangeTable)
    .where(eq(agreementStatusChangeTable.agreementId, agreementId))
    .orderBy(desc(agreementStatusChangeTable.recordedAt), desc(agreementStatusChangeTable.changedOn));
  return rows.map((r) => ({
    id: r.id,
    fromStatus: r.fromStatus as AgreementStatus | null,
    toStatus: r.toStatus as AgreementStatus,
    changedOn: r.changedOn,
    reason: r.reason,
    changedBy: r.changedBy,
    recordedAt: r.recordedAt.toISOString(),
  }));
}
