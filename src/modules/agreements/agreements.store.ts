// The only file with agreement queries: agreements, parties, themes, areas, commitments, progress, status history.
import { randomUUID } from "node:crypto";
import {
  aliasedTable,
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  inArray,
  max,
  type SQL,
  sql,
} from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import { type PartialDate, parsePartialDate, partialDateSortKey } from "../../shared/partial-date";
import { buildSearchText, normaliseForSearch } from "../../shared/search-text";
import { addDays } from "../../shared/today";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import { daysUntil, effectiveStatus } from "./agreement-status";
import type {
  AgreementKeeper,
  AgreementKind,
  AgreementListQuery,
  AgreementStatus,
  AgreementSummary,
  Area,
  Commitment,
  CommitmentStatus,
  Party,
  PartyInput,
  PartyRole,
  PlaceSet,
  ProgressEntry,
  ProgressKind,
  StatusChange,
} from "./agreements.schema";
import {
  agreementAreaTable,
  agreementPartyTable,
  agreementSearchTable,
  agreementSearchWordTable,
  agreementStatusChangeTable,
  agreementTable,
  agreementThemeTable,
  commitmentTable,
  progressEntryTable,
} from "./agreements.table";

/** How many known words a misspelt query word may stand for. */
const MAX_WORD_VARIANTS = 10;
/** Shorter query words are too short to correct (too few trigrams): they match as prefixes only. */
const MIN_CORRECTED_WORD_LENGTH = 3;
const STATUSES_THAT_EXPIRE = ["active", "under_revision"] as const;

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

const refSelection = { id: agreementTable.id, title: agreementTable.title, status: agreementTable.status };
const toRef = (row: { id: string; title: string; status: string }): AgreementRef => ({
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

/**
 * Rebuilds the agreement's own search text from its fields, commitments and progress; touches updated_at.
 * The parties' part (agreement_search.party_search_text) is the database's: triggers keep it.
 */
export async function refreshAgreementSearchText(db: Executor, id: string): Promise<void> {
  await refreshAgreementSearchTexts(db, [id]);
}

/** Rows per multi-row statement: well under PostgreSQL's 65,535 parameters for the widest table here. */
const BULK_ROWS = 500;

/** Runs `write` on slices of `rows` small enough for one statement each; returns what the slices return. */
async function inSlices<T, R>(rows: readonly T[], write: (slice: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += BULK_ROWS) out.push(...(await write(rows.slice(i, i + BULK_ROWS))));
  return out;
}

/** Inserts several agreements at once (empty search texts, like insertAgreement), in the order given. */
export async function insertAgreements(db: Executor, fields: AgreementFields[]): Promise<AgreementRecord[]> {
  return inSlices(fields, async (slice) => {
    // Ids chosen here, so that each record is found again whatever order RETURNING gives.
    const values = slice.map((f) => ({ id: randomUUID(), ...columnsOf(f) }));
    const rows = await db.insert(agreementTable).values(values).returning();
    const byId = new Map(rows.map((r) => [r.id, toAgreementRecord(r)]));
    return values.map((v) => {
      const record = byId.get(v.id);
      if (!record) throw new Error("insert returned fewer rows than given");
      return record;
    });
  });
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
  await inSlices(parties, async (slice) => {
    await db.insert(agreementPartyTable).values(slice);
    return [];
  });
  await inSlices(themes, async (slice) => {
    await db.insert(agreementThemeTable).values(slice);
    return [];
  });
  await inSlices(areas, async (slice) => {
    await db.insert(agreementAreaTable).values(slice);
    return [];
  });
}

/**
 * Rebuilds the search texts of several agreements (as refreshAgreementSearchText does for one) with a
 * fixed number of statements; touches their updated_at.
 */
export async function refreshAgreementSearchTexts(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  for (let i = 0; i < ids.length; i += BULK_ROWS) {
    const slice = [...ids.slice(i, i + BULK_ROWS)];
    const agreements = await db
      .select(agreementColumns)
      .from(agreementTable)
      .where(inArray(agreementTable.id, slice));
    const commitments = await db
      .select({ agreementId: commitmentTable.agreementId, text: commitmentTable.text })
      .from(commitmentTable)
      .where(inArray(commitmentTable.agreementId, slice))
      .orderBy(asc(commitmentTable.agreementId), asc(commitmentTable.position));
    const progress = await db
      .select({ agreementId: progressEntryTable.agreementId, text: progressEntryTable.text })
      .from(progressEntryTable)
      .where(inArray(progressEntryTable.agreementId, slice))
      .orderBy(
        asc(progressEntryTable.agreementId),
        asc(progressEntryTable.entryDate),
        asc(progressEntryTable.createdAt),
      );
    const textsOf = (rows: { agreementId: string; text: string }[]) => {
      const out = new Map<string, string[]>();
      for (const r of rows) out.set(r.agreementId, [...(out.get(r.agreementId) ?? []), r.text]);
      return out;
    };
    const commitmentTexts = textsOf(commitments);
    const progressTexts = textsOf(progress);
    const values = agreements.map((agreement) => ({
      agreementId: agreement.id,
      titleText: normaliseForSearch(agreement.title),
      searchText: buildSearchText([
        agreement.title,
        agreement.reference,
        agreement.purpose,
        agreement.signedOnText,
        agreement.followUpBody,
        ...(commitmentTexts.get(agreement.id) ?? []),
        ...(progressTexts.get(agreement.id) ?? []),
      ]),
    }));
    if (values.length === 0) continue;
    await db
      .insert(agreementSearchTable)
      .values(values)
      .onConflictDoUpdate({
        target: agreementSearchTable.agreementId,
        set: { searchText: sql`excluded.search_text`, titleText: sql`excluded.title_text` },
      });
    await db.update(agreementTable).set({ updatedAt: new Date() }).where(inArray(agreementTable.id, slice));
  }
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

const partySelection = {
  agreementId: agreementPartyTable.agreementId,
  organisationId: agreementPartyTable.organisationId,
  organisationName: organisationTable.name,
  acronym: organisationTable.acronym,
  organisationKind: organisationTable.kind,
  role: agreementPartyTable.role,
};

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
const districtOfPlace = sql<
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
function byAgreement<T extends { agreementId: string }, R>(
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
const placeFactsColumns = {
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

function placeFactsOf(r: PlaceFactsRow): PlaceFacts {
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

// Commitments.

export type CommitmentFields = {
  text: string;
  responsibleOrganisationId: string | null;
  status: CommitmentStatus;
  dueOn: string | null;
};

const responsible = aliasedTable(organisationTable, "responsible");

/** selectCommitments for several agreements in one query. */
export async function selectCommitmentsOf(
  db: Executor,
  agreementIds: readonly string[],
): Promise<Map<string, Commitment[]>> {
  if (agreementIds.length === 0) return new Map();
  const rows = await db
    .select({
      agreementId: commitmentTable.agreementId,
      id: commitmentTable.id,
      text: commitmentTable.text,
      responsibleOrganisationId: commitmentTable.responsibleOrganisationId,
      responsibleOrganisationName: responsible.name,
      status: commitmentTable.status,
      dueOn: commitmentTable.dueOn,
      position: commitmentTable.position,
      version: commitmentTable.version,
    })
    .from(commitmentTable)
    .leftJoin(responsible, eq(responsible.id, commitmentTable.responsibleOrganisationId))
    .where(inArray(commitmentTable.agreementId, [...agreementIds]))
    .orderBy(asc(commitmentTable.agreementId), asc(commitmentTable.position), asc(commitmentTable.createdAt));
  return byAgreement(rows, ({ agreementId: _agreement, ...r }) => ({
    ...r,
    status: r.status as CommitmentStatus,
  }));
}

export async function selectCommitments(
  db: Executor,
  agreementId: string,
  options: { id?: string; forUpdate?: boolean } = {},
): Promise<Commitment[]> {
  const conditions = [eq(commitmentTable.agreementId, agreementId)];
  if (options.id) conditions.push(eq(commitmentTable.id, options.id));
  const query = db
    .select({
      id: commitmentTable.id,
      text: commitmentTable.text,
      responsibleOrganisationId: commitmentTable.responsibleOrganisationId,
      responsibleOrganisationName: responsible.name,
      status: commitmentTable.status,
      dueOn: commitmentTable.dueOn,
      position: commitmentTable.position,
      version: commitmentTable.version,
    })
    .from(commitmentTable)
    .leftJoin(responsible, eq(responsible.id, commitmentTable.responsibleOrganisationId))
    .where(and(...conditions))
    .orderBy(asc(commitmentTable.position), asc(commitmentTable.createdAt));
  const rows = options.forUpdate ? await query.for("update", { of: commitmentTable }) : await query;
  return rows.map((r) => ({ ...r, status: r.status as CommitmentStatus }));
}

export async function nextCommitmentPosition(db: Executor, agreementId: string): Promise<number> {
  const [row] = await db
    .select({ last: max(commitmentTable.position) })
    .from(commitmentTable)
    .where(eq(commitmentTable.agreementId, agreementId));
  return row?.last == null ? 0 : row.last + 1;
}

export async function insertCommitment(
  db: Executor,
  agreementId: string,
  position: number,
  fields: CommitmentFields,
): Promise<string> {
  const [row] = await db
    .insert(commitmentTable)
    .values({ agreementId, position, ...fields })
    .returning({ id: commitmentTable.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

/** Commitments of new agreements; returns their ids in the order given. */
export async function insertCommitments(
  db: Executor,
  rows: ({ agreementId: string; position: number } & CommitmentFields)[],
): Promise<string[]> {
  const values = rows.map((r) => ({ id: randomUUID(), ...r }));
  await inSlices(values, async (slice) => {
    await db.insert(commitmentTable).values(slice);
    return [];
  });
  return values.map((v) => v.id);
}

export async function updateCommitmentRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: CommitmentFields,
): Promise<boolean> {
  const rows = await db
    .update(commitmentTable)
    .set({ ...fields, version: expectedVersion + 1, updatedAt: new Date() })
    .where(and(eq(commitmentTable.id, id), eq(commitmentTable.version, expectedVersion)))
    .returning({ id: commitmentTable.id });
  return rows.length > 0;
}

export async function deleteCommitmentRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(commitmentTable)
    .where(and(eq(commitmentTable.id, id), eq(commitmentTable.version, expectedVersion)))
    .returning({ id: commitmentTable.id });
  return rows.length > 0;
}

/** Progress entries linked to a removed commitment keep their text and lose the link. */
export async function unlinkCommitmentFromProgress(
  db: Executor,
  agreementId: string,
  commitmentId: string,
): Promise<void> {
  await db
    .update(progressEntryTable)
    .set({ commitmentIds: sql`array_remove(${progressEntryTable.commitmentIds}, ${commitmentId}::uuid)` })
    .where(
      and(
        eq(progressEntryTable.agreementId, agreementId),
        sql`${commitmentId}::uuid = any(${progressEntryTable.commitmentIds})`,
      ),
    );
}

// Progress entries.

type ProgressRow = typeof progressEntryTable.$inferSelect;

/** Planned, not done, and due before today. */
export const isOverdue = (
  entry: { kind: string; done: boolean; dueOn: string | null },
  today: string,
): boolean => entry.kind === "planned" && !entry.done && entry.dueOn !== null && entry.dueOn < today;

function toProgressEntry(row: ProgressRow, today: string): ProgressEntry {
  return {
    id: row.id,
    kind: row.kind as ProgressKind,
    text: row.text,
    entryDate: row.entryDate,
    dueOn: row.dueOn,
    done: row.done,
    overdue: isOverdue(row, today),
    commitmentIds: row.commitmentIds,
    placeIds: row.placeIds,
    createdBy: row.createdBy,
    version: row.version,
  };
}

export type ProgressFields = {
  kind: ProgressKind;
  text: string;
  entryDate: string;
  dueOn: string | null;
  done: boolean;
  commitmentIds: string[];
  placeIds: string[];
};

/** Newest first: by the day the entry is about, then by when it was written. */
/** selectProgress for several agreements in one query. */
export async function selectProgressOf(
  db: Executor,
  agreementIds: readonly string[],
  today: string,
): Promise<Map<string, ProgressEntry[]>> {
  if (agreementIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(progressEntryTable)
    .where(inArray(progressEntryTable.agreementId, [...agreementIds]))
    .orderBy(
      asc(progressEntryTable.agreementId),
      desc(progressEntryTable.entryDate),
      desc(progressEntryTable.createdAt),
      asc(progressEntryTable.id),
    );
  return byAgreement(rows, (r) => toProgressEntry(r, today));
}

export async function selectProgress(
  db: Executor,
  agreementId: string,
  today: string,
  options: { id?: string; forUpdate?: boolean } = {},
): Promise<ProgressEntry[]> {
  const conditions = [eq(progressEntryTable.agreementId, agreementId)];
  if (options.id) conditions.push(eq(progressEntryTable.id, options.id));
  const query = db
    .select()
    .from(progressEntryTable)
    .where(and(...conditions))
    .orderBy(
      desc(progressEntryTable.entryDate),
      desc(progressEntryTable.createdAt),
      asc(progressEntryTable.id),
    );
  const rows = options.forUpdate ? await query.for("update") : await query;
  return rows.map((r) => toProgressEntry(r, today));
}

export async function insertProgressEntry(
  db: Executor,
  agreementId: string,
  createdBy: string,
  fields: ProgressFields,
): Promise<string> {
  const [row] = await db
    .insert(progressEntryTable)
    .values({ agreementId, createdBy, ...fields })
    .returning({ id: progressEntryTable.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

/** Progress entries of several agreements; returns their ids in the order given. */
export async function insertProgressEntries(
  db: Executor,
  rows: ({ agreementId: string; createdBy: string } & ProgressFields)[],
): Promise<string[]> {
  // Readers order entries of a day by when they were written; one statement would give them all the
  // transaction's time (and the order of their random ids): a millisecond apart, they keep the order given.
  const start = Date.now();
  const values = rows.map((r, i) => ({ id: randomUUID(), createdAt: new Date(start + i), ...r }));
  await inSlices(values, async (slice) => {
    await db.insert(progressEntryTable).values(slice);
    return [];
  });
  return values.map((v) => v.id);
}

export async function updateProgressEntryRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: Omit<ProgressFields, "kind">,
): Promise<boolean> {
  const rows = await db
    .update(progressEntryTable)
    .set({ ...fields, version: expectedVersion + 1, updatedAt: new Date() })
    .where(and(eq(progressEntryTable.id, id), eq(progressEntryTable.version, expectedVersion)))
    .returning({ id: progressEntryTable.id });
  return rows.length > 0;
}

export async function deleteProgressEntryRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(progressEntryTable)
    .where(and(eq(progressEntryTable.id, id), eq(progressEntryTable.version, expectedVersion)))
    .returning({ id: progressEntryTable.id });
  return rows.length > 0;
}

export type ProgressAcrossRegister = { agreementId: string; agreementTitle: string; entry: ProgressEntry };

/** Planned activities past their due date and not done, most overdue first. */
export async function selectOverdueProgress(
  db: Executor,
  today: string,
  limit: number,
): Promise<ProgressAcrossRegister[]> {
  const rows = await db
    .select({ entry: progressEntryTable, agreementTitle: agreementTable.title })
    .from(progressEntryTable)
    .innerJoin(agreementTable, eq(agreementTable.id, progressEntryTable.agreementId))
    .where(
      and(
        eq(progressEntryTable.kind, "planned"),
        eq(progressEntryTable.done, false),
        sql`${progressEntryTable.dueOn} < ${today}::date`,
      ),
    )
    .orderBy(asc(progressEntryTable.dueOn), asc(progressEntryTable.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    agreementId: r.entry.agreementId,
    agreementTitle: r.agreementTitle,
    entry: toProgressEntry(r.entry, today),
  }));
}

export async function selectRecentProgress(
  db: Executor,
  today: string,
  limit: number,
): Promise<ProgressAcrossRegister[]> {
  const rows = await db
    .select({ entry: progressEntryTable, agreementTitle: agreementTable.title })
    .from(progressEntryTable)
    .innerJoin(agreementTable, eq(agreementTable.id, progressEntryTable.agreementId))
    .orderBy(desc(progressEntryTable.entryDate), desc(progressEntryTable.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    agreementId: r.entry.agreementId,
    agreementTitle: r.agreementTitle,
    entry: toProgressEntry(r.entry, today),
  }));
}

export async function selectOverdueCountsOf(
  db: Executor,
  agreementIds: readonly string[],
  today: string,
): Promise<Map<string, number>> {
  if (agreementIds.length === 0) return new Map();
  const rows = await db
    .select({ agreementId: progressEntryTable.agreementId, n: count() })
    .from(progressEntryTable)
    .where(
      and(
        inArray(progressEntryTable.agreementId, [...agreementIds]),
        eq(progressEntryTable.kind, "planned"),
        eq(progressEntryTable.done, false),
        sql`${progressEntryTable.dueOn} < ${today}::date`,
      ),
    )
    .groupBy(progressEntryTable.agreementId);
  return new Map(rows.map((r) => [r.agreementId, r.n]));
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
  await inSlices(rows, async (slice) => {
    await db.insert(agreementStatusChangeTable).values(slice);
    return [];
  });
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

// The list, its filters, and the overview's counts.

/** The status a reader sees today: an active or under-revision agreement past its end date is expired. */
function effectiveStatusSql(today: string): SQL<string> {
  return sql<string>`case when ${agreementTable.status} in ('active', 'under_revision') and ${agreementTable.validUntil} < ${today}::date then 'expired' else ${agreementTable.status} end`;
}

/**
 * The same test as `effectiveStatusSql(today) = status`, written so that the index on status serves it
 * (the case expression would make every filtered list read every agreement).
 */
function effectiveStatusIs(status: AgreementStatus, today: string): SQL {
  const ended = sql`${agreementTable.validUntil} < ${today}::date`;
  const running = sql`(${agreementTable.validUntil} is null or ${agreementTable.validUntil} >= ${today}::date)`;
  if (status === "expired") {
    return sql`(${agreementTable.status} = 'expired' or (${inArray(agreementTable.status, [...STATUSES_THAT_EXPIRE])} and ${ended}))`;
  }
  if ((STATUSES_THAT_EXPIRE as readonly string[]).includes(status)) {
    return sql`(${agreementTable.status} = ${status} and ${running})`;
  }
  return eq(agreementTable.status, status);
}

/** Where the place filter looks: the place itself and, for a district, what lies in it. */
export type PlaceFilter = { placeId: string; facts: PlaceFacts | null };

/**
 * The place filter on the agreement's own area keys (place ids, and "set:…" for sets): the place, its district,
 * national scope, "all facilities" for an open facility; for a district also the places directly in it and
 * "all facilities" when one of them is an open facility. The keys are worked out beforehand (selectPlaceFacts)
 * and given as one array value: the planner then knows from the column's statistics how many rows match and
 * picks the order index or the GIN index accordingly (an array computed inside the query left it guessing,
 * and a facility's list took 10 ms instead of 2).
 */
function placeCondition(filter: PlaceFilter): SQL {
  const { facts } = filter;
  if (!facts) return sql`false`;
  const keys = [
    facts.id,
    ...(facts.districtId && facts.districtId !== facts.id ? [facts.districtId] : []),
    "set:national",
    ...(facts.isOpenCorrectionalFacility ? ["set:all_correctional_facilities"] : []),
  ];
  const wanted = sql`${sql.param(keys)}::text[]`;
  if (facts.kind !== "district") return sql`${agreementTable.areaKeys} && ${wanted}`;
  // A district's page also shows the agreements of the sectors and facilities in it.
  return sql`${agreementTable.areaKeys} && (${wanted}
    || array(select p.id::text from place p where p.parent_id = ${facts.id})
    || case when exists (select 1 from place f where f.parent_id = ${facts.id} and f.kind = 'place_of_detention'
         and f.operator = 'RCS' and f.is_open) then array['set:all_correctional_facilities'] else '{}'::text[] end)`;
}

/** A search as the database runs it: every query word must match, as written or as a known word close to it. */
export type TextSearch = { matches: SQL; rank: SQL };

/** A lexeme of a tsquery, quoted (normaliseForSearch leaves no quote, but a query is never trusted). */
const lexeme = (word: string) => `'${word.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/**
 * Turns what the user typed into a full-text condition over search_vector. Each word matches as a prefix
 * ("rehab" finds "rehabilitation") or as one of the known words most similar to it ("rehabilitaton" finds
 * "rehabilitation"); words are ANDed. One query looks up the corrections for all words at once.
 */
export async function buildTextSearch(db: Executor, q: string): Promise<TextSearch | null> {
  const words = [
    ...new Set(
      normaliseForSearch(q)
        .split(" ")
        .filter((w) => w !== ""),
    ),
  ];
  if (words.length === 0) return null;
  const correctable = words.filter((w) => w.length >= MIN_CORRECTED_WORD_LENGTH);
  const variants = new Map<string, string[]>();
  if (correctable.length > 0) {
    const w = agreementSearchWordTable.word;
    // `%` is the trigram similarity operator (threshold pg_trgm.similarity_threshold, 0.3): it uses the index.
    const rows = await queryRows<{ query_word: string; word: string }>(
      db,
      sql`select q.query_word, v.word from unnest(array[${sql.join(
        correctable.map((c) => sql`${c}`),
        sql`, `,
      )}]::text[]) as q(query_word)
        cross join lateral (
          select ${w} as word from ${agreementSearchWordTable}
          where ${w} % q.query_word and ${w} <> q.query_word
          order by similarity(${w}, q.query_word) desc, ${w}
          limit ${MAX_WORD_VARIANTS}
        ) v`,
    );
    for (const row of rows) variants.set(row.query_word, [...(variants.get(row.query_word) ?? []), row.word]);
  }
  const exact = words.map((w) => `${lexeme(w)}:*`).join(" & ");
  const corrected = words
    .map((w) => `(${[`${lexeme(w)}:*`, ...(variants.get(w) ?? []).map(lexeme)].join(" | ")})`)
    .join(" & ");
  const phrase = `%${words.join(" ").replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const vector = agreementSearchTable.searchVector;
  return {
    matches: sql`${vector} @@ ${corrected}::tsquery`,
    // Words as typed before corrected ones, then the words side by side in the title (the long texts are
    // not scanned again: a broad search ranks thousands of rows).
    rank: sql`(case when ${vector} @@ ${exact}::tsquery then 2 else 0 end)
      + (case when ${agreementSearchTable.titleText} like ${phrase} then 1 else 0 end)
      + ts_rank(${vector}, ${corrected}::tsquery)`,
  };
}

export function listConditions(
  query: AgreementListQuery,
  today: string,
  place: PlaceFilter | null,
  search: TextSearch | null,
) {
  const conditions: SQL[] = [];
  if (search) conditions.push(search.matches);
  if (query.kind) conditions.push(eq(agreementTable.kind, query.kind));
  if (query.status) conditions.push(effectiveStatusIs(query.status, today));
  // Parties, themes, places and overdue planned entries are tested on the row's own facets (see the table).
  if (query.partyKind)
    conditions.push(sql`${agreementTable.partyKinds} @> array[${query.partyKind}]::text[]`);
  if (query.organisationId) {
    conditions.push(sql`${agreementTable.partyOrganisationIds} @> array[${query.organisationId}]::uuid[]`);
  }
  if (query.theme) conditions.push(sql`${agreementTable.themeCodes} @> array[${query.theme}]::text[]`);
  if (place) conditions.push(placeCondition(place));
  if (query.signedYear !== undefined) conditions.push(eq(agreementTable.signedYear, query.signedYear));
  if (query.expiringWithinDays !== undefined) {
    const until = addDays(today, query.expiringWithinDays);
    conditions.push(
      inArray(agreementTable.status, [...STATUSES_THAT_EXPIRE]),
      sql`${agreementTable.validUntil} between ${today}::date and ${until}::date`,
    );
  }
  if (query.hasOverduePlanned !== undefined) {
    conditions.push(
      query.hasOverduePlanned
        ? sql`${agreementTable.nextPlannedDue} < ${today}::date`
        : sql`(${agreementTable.nextPlannedDue} is null or ${agreementTable.nextPlannedDue} >= ${today}::date)`,
    );
  }
  return { where: conditions.length > 0 ? and(...conditions) : undefined };
}

function orderOf(query: Pick<AgreementListQuery, "sort" | "signedYear">): SQL[] {
  const byTitle = [asc(sql`lower(${agreementTable.title})`), asc(agreementTable.id)];
  switch (query.sort) {
    case "signed_desc":
      // Within one year every row is dated: the same order without "undated last", which lets the year's own
      // index give the page (agreement_year_order_idx) instead of the default order's filtering other years.
      if (query.signedYear !== undefined) return [desc(agreementTable.signedSortKey), ...byTitle];
      // Undated agreements (sort key 9999-99-99) last, not first.
      return [asc(sql`${agreementTable.signedYear} is null`), desc(agreementTable.signedSortKey), ...byTitle];
    case "signed_asc":
      return [asc(agreementTable.signedSortKey), ...byTitle];
    case "title":
      return byTitle;
    case "updated_desc":
      return [desc(agreementTable.updatedAt), asc(agreementTable.id)];
    case "expiry":
      return [sql`${agreementTable.validUntil} asc nulls last`, ...byTitle];
  }
}

/**
 * Totals of list filters, per database handle, valid while agreement_list_change_seq has not moved (triggers
 * move it at every commit that touches what the list filters on). The age limit covers what no trigger sees:
 * the day turning (expiry) is in the key, and a reader racing a commit keeps a stale total at most this long.
 */
const TOTAL_CACHE_MAX_AGE_MS = 30_000;
const TOTAL_CACHE_MAX_ENTRIES = 500;
type CachedTotal = { change: string; total: number; at: number };
const totalCaches = new WeakMap<Executor, Map<string, CachedTotal>>();

const changeStamp = sql<string>`(select last_value::text from agreement_list_change_seq)`;

async function readChangeStamp(db: Executor): Promise<string> {
  return (await queryRows<{ n: string }>(db, sql`select ${changeStamp} as n`))[0]?.n ?? "";
}

/**
 * A place's facts for the list's place filter, with the change counter read in the same statement: the
 * counter moves at every commit that touches places (or agreements), so facts read at counter S still hold
 * for a list query that saw S.
 */
export async function selectPlaceFactsStamped(
  db: Executor,
  placeId: string,
): Promise<{ facts: PlaceFacts | null; stamp: string }> {
  const rows = await db
    .select({ ...placeFactsColumns, stamp: changeStamp })
    .from(placeTable)
    .where(eq(placeTable.id, placeId));
  const r = rows[0];
  if (!r) return { facts: null, stamp: await readChangeStamp(db) };
  return { facts: placeFactsOf(r), stamp: r.stamp };
}

/** `stamp`: the change counter, read before counting (a commit between the two makes the next reader count again). */
async function countListed(
  db: Executor,
  key: string,
  stamp: string,
  countNow: () => Promise<number>,
  now = Date.now(),
): Promise<number> {
  let cache = totalCaches.get(db);
  const hit = cache?.get(key);
  if (hit && hit.change === stamp && now - hit.at < TOTAL_CACHE_MAX_AGE_MS) return hit.total;
  const total = await countNow();
  if (!cache) {
    cache = new Map();
    totalCaches.set(db, cache);
  }
  if (cache.size >= TOTAL_CACHE_MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, { change: stamp, total, at: now });
  return total;
}

export async function selectAgreementSummaries(
  db: Executor,
  query: AgreementListQuery,
  today: string,
  place: PlaceFilter | null,
): Promise<{ items: AgreementSummary[]; total: number; stamp: string }> {
  const search = query.q ? await buildTextSearch(db, query.q) : null;
  const { where } = listConditions(query, today, place, null);
  const { limit: _limit, offset: _offset, sort: _sort, ...filters } = query;
  const totalKey = JSON.stringify([today, place?.placeId ?? null, filters]);
  if (search) return selectSearched(db, query, today, search, where, totalKey);
  // One round trip when the total is cached: the page brings its parties, themes and overdue counts (from the
  // row's own facets) and the change counter the cached total is checked against. It is planned for its values
  // every time: a generic plan cannot tell a filter matching 26 rows from one matching 6,000.
  const rows = await db
    .select({ summary: listedSummary, changeStamp })
    .from(agreementTable)
    .where(where)
    .orderBy(...orderOf(query))
    .limit(query.limit)
    .offset(query.offset);
  const stamp = rows[0]?.changeStamp ?? (await readChangeStamp(db));
  const total = await countListed(db, totalKey, stamp, async () => {
    const [row] = await db.select({ n: count() }).from(agreementTable).where(where);
    return row?.n ?? 0;
  });
  return { items: rows.map((row) => summaryOfListed(row.summary, today)), total, stamp };
}

/**
 * A ranked search. The matches are ranked first, on the search table alone (a narrow list of ids and ranks),
 * then joined to their agreements for the other filters, the tie-breaking order and the page: ranking inside
 * the join carried every match's search vector and texts through the join and a window count, which spilled
 * to disk for a broad search ("corectional servce": 6,000 matches).
 * The total is counted apart and cached like the list's, against the change counter.
 */
async function selectSearched(
  db: Executor,
  query: AgreementListQuery,
  today: string,
  search: TextSearch,
  where: SQL | undefined,
  totalKey: string,
): Promise<{ items: AgreementSummary[]; total: number; stamp: string }> {
  const s = agreementSearchTable;
  const a = agreementTable;
  const order = sql.join(orderOf(query), sql`, `);
  // The page is chosen in a subquery of ids and the JSON built for its rows only: below a sort PostgreSQL
  // computes the select list for every row sorted (6,000 JSON values for a broad search, 80 ms).
  const rows = await queryRows<{ summary: ListedSummary | string; change_stamp: string }>(
    db,
    sql`with ranked as materialized (
        select ${s.agreementId} as agreement_id, ${search.rank} as rank from ${s} where ${search.matches})
      select ${listedSummary} as summary, ${changeStamp} as change_stamp
      from (
        select ${a.id} as page_id, ranked.rank as page_rank
        from ranked join ${a} on ${a.id} = ranked.agreement_id
        ${where ? sql`where ${where}` : sql``}
        order by ranked.rank desc, ${order}
        limit ${query.limit} offset ${query.offset}
      ) page join ${a} on ${a.id} = page.page_id
      order by page.page_rank desc, ${order}`,
  );
  const stamp = rows[0]?.change_stamp ?? (await readChangeStamp(db));
  const total = await countListed(db, totalKey, stamp, async () => {
    // Every agreement has its search row: without other filters the search table alone gives the count.
    const counted = where
      ? sql`select count(*)::int as n from ${s} join ${a} on ${a.id} = ${s.agreementId}
          where ${search.matches} and ${where}`
      : sql`select count(*)::int as n from ${s} where ${search.matches}`;
    return (await queryRows<{ n: number }>(db, counted))[0]?.n ?? 0;
  });
  return { items: rows.map((row) => summaryOfListed(row.summary, today)), total, stamp };
}

/**
 * A summary as the list query builds it: everything but what depends on the day, computed in one place (TS),
 * and the open planned entries' due dates the overdue count is taken from.
 */
type ListedSummary = Omit<AgreementSummary, "effectiveStatus" | "daysUntilExpiry" | "overduePlanned"> & {
  plannedDues?: string[];
};

/**
 * A list row as one JSON value with the summary's own field names: the driver parses it once (native
 * JSON.parse) instead of ~20 columns with their dates and arrays, and nothing maps it field by field after.
 * The parties and the open planned entries' due dates come from the row (kept by triggers like the list
 * facets): no subquery per row (an overdue count's subquery cost ~15 µs of the database's time per overdue
 * agreement on the page). updatedAt is written as toISOString() writes it.
 */
const listedSummary = (() => {
  const a = agreementTable;
  // Written once, as one piece of SQL text: nothing to assemble per request. Columns named with their table:
  // the search joins a second table.
  const col = (column: { name: string }) => `"agreement"."${column.name}"`;
  return sql<ListedSummary | string>`${sql.raw(`json_build_object(
    'id', ${col(a.id)}, 'title', ${col(a.title)}, 'reference', ${col(a.reference)},
    'kind', ${col(a.kind)}, 'status', ${col(a.status)},
    'signedOn', json_build_object('text', ${col(a.signedOnText)}, 'year', ${col(a.signedYear)},
      'month', ${col(a.signedMonth)}, 'day', ${col(a.signedDay)}, 'precision', ${col(a.signedPrecision)}),
    'validFrom', ${col(a.validFrom)}, 'validUntil', ${col(a.validUntil)}, 'amendsId', ${col(a.amendsId)},
    'parties', ${col(a.partyList)},
    'themes', ${col(a.themeCodes)},
    'version', ${col(a.version)},
    'updatedAt', to_char(${col(a.updatedAt)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'plannedDues', ${col(a.openPlannedDues)})`)}`;
})();

/** PGlite and node-postgres both parse json columns; a driver that does not hands over the text. */
const fromJson = <T>(value: T | string): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);

/** How many of these due dates (ISO, earliest first) are before today. */
function countBefore(dues: readonly string[], today: string): number {
  let n = 0;
  while (n < dues.length && (dues[n] as string) < today) n++;
  return n;
}

function summaryOfListed(value: ListedSummary | string, today: string): AgreementSummary {
  const listed = fromJson(value);
  const overduePlanned = countBefore(listed.plannedDues ?? [], today);
  // The last key the query wrote: deleting it keeps the object's fast shape. Then onto the object just
  // parsed (a spread copy of 50 rows was a tenth of the list's Node time).
  delete listed.plannedDues;
  return Object.assign(listed, {
    effectiveStatus: effectiveStatus(listed.status, listed.validUntil, today),
    daysUntilExpiry: daysUntil(listed.validUntil, today),
    overduePlanned,
  });
}

export function toSummary(
  record: AgreementRecord,
  parties: Party[],
  themes: string[],
  overduePlanned: number,
  today: string,
): AgreementSummary {
  return {
    id: record.id,
    title: record.title,
    reference: record.reference,
    kind: record.kind,
    status: record.status,
    effectiveStatus: effectiveStatus(record.status, record.validUntil, today),
    signedOn: record.signedOn,
    validFrom: record.validFrom,
    validUntil: record.validUntil,
    daysUntilExpiry: daysUntil(record.validUntil, today),
    amendsId: record.amendsId,
    parties,
    themes,
    overduePlanned,
    version: record.version,
    updatedAt: record.updatedAt,
  };
}

export type RegisterCounts = {
  total: number;
  byStatus: { status: AgreementStatus; count: number }[];
  byKind: { kind: AgreementKind; count: number }[];
  byTheme: { theme: string; count: number }[];
};

export async function countAgreements(db: Executor, today: string): Promise<RegisterCounts> {
  const effective = effectiveStatusSql(today);
  const [totalRow] = await db.select({ n: count() }).from(agreementTable);
  // Grouped by position: the expression carries a parameter, and PostgreSQL does not see two
  // differently numbered parameters as the same expression.
  const byStatus = await db
    .select({ status: effective, n: count() })
    .from(agreementTable)
    .groupBy(sql`1`)
    .orderBy(desc(count()), sql`1`);
  const byKind = await db
    .select({ kind: agreementTable.kind, n: count() })
    .from(agreementTable)
    .groupBy(agreementTable.kind)
    .orderBy(desc(count()), asc(agreementTable.kind));
  const byTheme = await db
    .select({ theme: agreementThemeTable.themeCode, n: count() })
    .from(agreementThemeTable)
    .groupBy(agreementThemeTable.themeCode)
    .orderBy(desc(count()), asc(agreementThemeTable.themeCode));
  return {
    total: totalRow?.n ?? 0,
    byStatus: byStatus.map((r) => ({ status: r.status as AgreementStatus, count: r.n })),
    byKind: byKind.map((r) => ({ kind: r.kind as AgreementKind, count: r.n })),
    byTheme: byTheme.map((r) => ({ theme: r.theme, count: r.n })),
  };
}
