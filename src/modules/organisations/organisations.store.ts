// Organisation queries (memberships are in memberships.store.ts); maps rows to domain types.
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import { insertRowsAndRead } from "../../db/insert-rows";
import { buildSearchText, normaliseForSearch } from "../../shared/search-text";
// A table file is a leaf: reading it here creates no cycle with the agreements module's code.
import type {
  Organisation,
  OrganisationKind,
  OrganisationListQuery,
  OrganisationValues,
} from "./organisations.schema";
import { organisationTable } from "./organisations.table";

type OrganisationRow = typeof organisationTable.$inferSelect;

/** How close a misspelled query must be to match (pg_trgm word similarity, 0..1). */
const SIMILARITY_THRESHOLD = 0.3;

export function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    name: row.name,
    acronym: row.acronym,
    aliases: row.aliases,
    kind: row.kind as OrganisationKind,
    countryCode: row.countryCode,
    email: row.email,
    phone: row.phone,
    website: row.website,
    address: row.address,
    description: row.description,
    deactivatedOn: row.deactivatedOn,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function organisationNameKey(name: string): string {
  return normaliseForSearch(name);
}

function derivedColumns(values: Pick<Organisation, "name" | "acronym" | "aliases" | "email" | "website">) {
  return {
    nameKey: organisationNameKey(values.name),
    searchText: buildSearchText([
      values.name,
      values.acronym,
      ...values.aliases,
      values.email,
      values.website,
    ]),
  };
}

export type OrganisationFields = Omit<
  Organisation,
  "id" | "version" | "createdAt" | "updatedAt" | "deactivatedOn"
>;

export function fieldsFromValues(values: OrganisationValues): OrganisationFields {
  return {
    name: values.name,
    acronym: values.acronym ?? null,
    aliases: [...new Set(values.aliases ?? [])],
    kind: values.kind,
    countryCode: values.countryCode === undefined ? "RW" : values.countryCode,
    email: values.email ?? null,
    phone: values.phone ?? null,
    website: values.website ?? null,
    address: values.address ?? null,
    description: values.description ?? null,
  };
}

export async function insertOrganisation(db: Executor, fields: OrganisationFields): Promise<Organisation> {
  const [row] = await db
    .insert(organisationTable)
    .values({ ...fields, ...derivedColumns(fields) })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return toOrganisation(row);
}

/**
 * Deactivates on a day (a pause opens after it) or reactivates on a day (the open pause ends with it), at the
 * expected version; null when the version moved on.
 */
export async function updateOrganisationStatus(
  db: Executor,
  id: string,
  expectedVersion: number,
  change: { deactivate: boolean; day: string },
): Promise<Organisation | null> {
  const after = sql`datemultirange(daterange(${change.day}::date, null, '(]'))`;
  const [row] = await db
    .update(organisationTable)
    .set({
      deactivatedOn: change.deactivate ? change.day : null,
      pausedDays: change.deactivate
        ? sql`coalesce(${organisationTable.pausedDays}, '{}'::datemultirange) + ${after}`
        : sql`${organisationTable.pausedDays} - ${after}`,
      version: expectedVersion + 1,
      updatedAt: new Date(),
    })
    .where(and(eq(organisationTable.id, id), eq(organisationTable.version, expectedVersion)))
    .returning();
  return row ? toOrganisation(row) : null;
}

/** Updates only when the stored version is the expected one; returns null when it is not. */
export async function updateOrganisationRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: OrganisationFields,
): Promise<Organisation | null> {
  const [row] = await db
    .update(organisationTable)
    .set({ ...fields, ...derivedColumns(fields), version: expectedVersion + 1, updatedAt: new Date() })
    .where(and(eq(organisationTable.id, id), eq(organisationTable.version, expectedVersion)))
    .returning();
  return row ? toOrganisation(row) : null;
}

export async function deleteOrganisationRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(organisationTable)
    .where(and(eq(organisationTable.id, id), eq(organisationTable.version, expectedVersion)))
    .returning({ id: organisationTable.id });
  return rows.length > 0;
}

export async function selectOrganisation(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Organisation | null> {
  const query = db.select().from(organisationTable).where(eq(organisationTable.id, id));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ? toOrganisation(row) : null;
}

export async function selectOrganisationByNameKey(
  db: Executor,
  nameKey: string,
): Promise<Organisation | null> {
  const [row] = await db.select().from(organisationTable).where(eq(organisationTable.nameKey, nameKey));
  return row ? toOrganisation(row) : null;
}

/** Several organisations at once, in the order given. */
export async function insertOrganisations(
  db: Executor,
  fields: OrganisationFields[],
): Promise<Organisation[]> {
  if (fields.length === 0) return [];
  // Ids chosen here: each row is found again by its id, whatever order the database answers in.
  const rows = await insertRowsAndRead(
    db,
    organisationTable,
    fields.map((f) => ({ id: randomUUID(), ...f, ...derivedColumns(f) })),
  );
  return rows.map(toOrganisation);
}

/** The organisations having any of these name keys. */
export async function selectOrganisationsByNameKeys(
  db: Executor,
  nameKeys: string[],
): Promise<Organisation[]> {
  if (nameKeys.length === 0) return [];
  const rows = await db.select().from(organisationTable).where(inArray(organisationTable.nameKey, nameKeys));
  return rows.map(toOrganisation);
}

/** Every organisation, by name: what an import matches its names against, in one query. */
export async function selectAllOrganisations(db: Executor): Promise<Organisation[]> {
  const rows = await db.select().from(organisationTable).orderBy(asc(organisationTable.nameKey));
  return rows.map(toOrganisation);
}

/** Search: substring of the normalised text, or trigram word similarity for misspellings. */
export async function selectOrganisations(
  db: Executor,
  query: OrganisationListQuery,
): Promise<{ items: Organisation[]; total: number }> {
  const conditions: SQL[] = [];
  let rank: SQL | undefined;
  const q = query.q ? normaliseForSearch(query.q) : "";
  if (q !== "") {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const similar = sql`word_similarity(${q}, ${organisationTable.searchText}) >= ${SIMILARITY_THRESHOLD}`;
    const match = or(ilike(organisationTable.searchText, pattern), similar);
    if (match) conditions.push(match);
    rank = sql`(case when ${organisationTable.searchText} ilike ${pattern} then 1 else 0 end) + word_similarity(${q}, ${organisationTable.searchText})`;
  }
  if (query.kind) conditions.push(eq(organisationTable.kind, query.kind));
  if (query.countryCode) conditions.push(eq(organisationTable.countryCode, query.countryCode));
  if (query.status === "active") conditions.push(isNull(organisationTable.deactivatedOn));
  if (query.status === "deactivated") conditions.push(isNotNull(organisationTable.deactivatedOn));
  const where = conditions.length > 0 ? and(...conditions) : undefined;

  const [totalRow] = await db.select({ n: count() }).from(organisationTable).where(where);
  const rows = await db
    .select()
    .from(organisationTable)
    .where(where)
    .orderBy(...(rank ? [desc(rank)] : []), asc(organisationTable.nameKey))
    .limit(query.limit)
    .offset(query.offset);
  return { items: rows.map(toOrganisation), total: totalRow?.n ?? 0 };
}

/** How many agreements the organisation is a party to (under any role). */
export async function countAgreementsWithParty(db: Executor, organisationId: string): Promise<number> {
  // The table is named, not imported: agreements depend on organisations, never the reverse.
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct agreement_id)::int as n from agreement_party where organisation_id = ${organisationId}::uuid`,
  );
  return row?.n ?? 0;
}
