// The only file with place queries.
import {
  aliasedTable,
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  ilike,
  inArray,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { Executor } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import { buildSearchText, normaliseForSearch } from "../../shared/search-text";
import type { Place, PlaceListQuery } from "./places.schema";
import { placeTable } from "./places.table";
import type { ReferencePlace } from "./rwanda-places";

const parent = aliasedTable(placeTable, "parent");

type PlaceRow = typeof placeTable.$inferSelect & { parentName: string | null };

function toPlace(row: PlaceRow): Place {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind as Place["kind"],
    name: row.name,
    names: row.names,
    parentId: row.parentId,
    parentName: row.parentName,
    aliases: row.aliases,
    detentionType: (row.detentionType as Place["detentionType"]) ?? null,
    operator: (row.operator as Place["operator"]) ?? null,
    facilityKind: (row.facilityKind as Place["facilityKind"]) ?? null,
    capacity: row.capacity,
    isOpen: row.isOpen,
    version: row.version,
  };
}

function sameReferencePlace(
  row: typeof placeTable.$inferSelect,
  place: ReferencePlace,
  parentId: string | null,
): boolean {
  return (
    row.kind === place.kind &&
    row.name === place.name &&
    row.names.en === place.names.en &&
    row.names.fr === place.names.fr &&
    row.names.rw === place.names.rw &&
    row.parentId === parentId &&
    row.aliases.join("\u0001") === place.aliases.join("\u0001") &&
    row.detentionType === (place.detentionType ?? null) &&
    row.operator === (place.operator ?? null) &&
    row.facilityKind === (place.facilityKind ?? null) &&
    row.isOpen === (place.open ?? true)
  );
}

/** Inserts or refreshes reference places by code, parents first; returns how many rows changed. */
export async function upsertReferencePlaces(
  db: Executor,
  places: readonly ReferencePlace[],
): Promise<number> {
  const idByCode = new Map<string, string>();
  const existing = await db.select().from(placeTable);
  const stored = new Map(existing.map((row) => [row.code, row]));
  for (const row of existing) idByCode.set(row.code, row.id);
  let changed = 0;
  for (const place of places) {
    const parentId = place.parentCode ? (idByCode.get(place.parentCode) ?? null) : null;
    // Most starts change nothing: compare in memory and write only what differs.
    const current = stored.get(place.code);
    if (current && sameReferencePlace(current, place, parentId)) continue;
    // A reference place someone edited through the API (version > 1) is left as they left it.
    if (current && current.version > 1) continue;
    const values = {
      code: place.code,
      kind: place.kind,
      name: place.name,
      names: place.names,
      parentId,
      aliases: place.aliases,
      detentionType: place.detentionType ?? null,
      operator: place.operator ?? null,
      facilityKind: place.facilityKind ?? null,
      isOpen: place.open ?? true,
      searchText: buildSearchText([place.name, place.names.fr, place.names.rw, ...place.aliases]),
    };
    const [row] = await db
      .insert(placeTable)
      .values(values)
      .onConflictDoUpdate({
        target: placeTable.code,
        set: { ...values, updatedAt: new Date() },
        // Rewrite only what differs, so a restart changes nothing.
        setWhere: sql`(${placeTable.name}, ${placeTable.names}, ${placeTable.parentId}, ${placeTable.aliases}, ${placeTable.detentionType}, ${placeTable.operator}, ${placeTable.facilityKind}, ${placeTable.isOpen}) is distinct from (excluded.name, excluded.names, excluded.parent_id, excluded.aliases, excluded.detention_type, excluded.operator, excluded.facility_kind, excluded.is_open) and ${placeTable.version} = 1`,
      })
      .returning({ id: placeTable.id });
    if (row) {
      idByCode.set(place.code, row.id);
      changed++;
    }
  }
  return changed;
}

export async function selectPlaces(
  db: Executor,
  query: PlaceListQuery,
): Promise<{ items: Place[]; total: number }> {
  const conditions: SQL[] = [];
  if (query.kind) conditions.push(eq(placeTable.kind, query.kind));
  if (query.parentId) conditions.push(eq(placeTable.parentId, query.parentId));
  if (query.operator) conditions.push(eq(placeTable.operator, query.operator));
  if (query.facilityKind) conditions.push(eq(placeTable.facilityKind, query.facilityKind));
  const q = query.q ? normaliseForSearch(query.q) : "";
  if (q !== "") {
    const match = or(
      ilike(placeTable.searchText, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
      sql`word_similarity(${q}, ${placeTable.searchText}) >= 0.4`,
    );
    if (match) conditions.push(match);
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [total] = await db.select({ n: count() }).from(placeTable).where(where);
  const rows = await db
    .select({ ...getTableColumns(placeTable), parentName: parent.name })
    .from(placeTable)
    .leftJoin(parent, eq(parent.id, placeTable.parentId))
    .where(where)
    // Best match first when searching (a place picker shows the top few), else by code.
    .orderBy(
      ...(q !== "" ? [desc(sql`word_similarity(${q}, ${placeTable.searchText})`)] : []),
      asc(placeTable.code),
    )
    .limit(query.limit);
  return { items: rows.map(toPlace), total: total?.n ?? 0 };
}

export async function countPlacesByKind(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .select({ kind: placeTable.kind, n: count() })
    .from(placeTable)
    .groupBy(placeTable.kind);
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

/** Ids of the places with these codes (unknown codes are absent from the map). */
export async function selectPlaceIdsByCodes(
  db: Executor,
  codes: readonly string[],
): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ id: placeTable.id, code: placeTable.code })
    .from(placeTable)
    .where(inArray(placeTable.code, [...codes]));
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** A foreign country as a place (code = ISO 3166 alpha-2), created the first time an agreement needs it. */
export async function ensureCountryPlace(
  db: Executor,
  countryCode: string,
  names: { en: string; fr: string; rw: string },
): Promise<string> {
  const [row] = await db
    .insert(placeTable)
    .values({
      code: countryCode,
      kind: "country",
      name: names.en,
      names,
      searchText: buildSearchText([names.en, names.fr, names.rw, countryCode]),
    })
    .onConflictDoUpdate({ target: placeTable.code, set: { updatedAt: sql`${placeTable.updatedAt}` } })
    .returning({ id: placeTable.id });
  if (!row) throw new Error(`could not store the country ${countryCode}`);
  return row.id;
}

/** One place with its parent's name; locked for update when asked. */
export async function selectPlace(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Place | null> {
  const query = db
    .select({ ...getTableColumns(placeTable), parentName: parent.name })
    .from(placeTable)
    .leftJoin(parent, eq(parent.id, placeTable.parentId))
    .where(eq(placeTable.id, id));
  const [row] = options.forUpdate ? await query.for("update", { of: placeTable }) : await query;
  return row ? toPlace(row) : null;
}

export type PlaceOfDetentionRow = {
  code: string;
  name: string;
  names: { en: string; fr: string; rw: string };
  parentId: string;
  aliases: string[];
  operator: string;
  facilityKind: string;
  detentionType: string | null;
  capacity: number | null;
  isOpen: boolean;
};

export async function insertPlaceOfDetention(db: Executor, values: PlaceOfDetentionRow): Promise<string> {
  const [row] = await db
    .insert(placeTable)
    .values({
      ...values,
      kind: "place_of_detention",
      searchText: buildSearchText([values.name, values.names.fr, values.names.rw, ...values.aliases]),
    })
    .returning({ id: placeTable.id });
  if (!row) throw new Error("could not store the place of detention");
  return row.id;
}

/** Writes the place at the version the client read; false when someone changed it in between. */
export async function updatePlaceOfDetentionRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  values: Omit<PlaceOfDetentionRow, "code" | "parentId">,
): Promise<boolean> {
  const rows = await db
    .update(placeTable)
    .set({
      ...values,
      searchText: buildSearchText([values.name, values.names.fr, values.names.rw, ...values.aliases]),
      ...nextVersion(placeTable),
    })
    .where(atVersion(placeTable, id, expectedVersion))
    .returning({ id: placeTable.id });
  return rows.length === 1;
}

/** Whether a code is taken (codes of places added by hand are made from their names). */
export async function placeCodeExists(db: Executor, code: string): Promise<boolean> {
  const [row] = await db.select({ id: placeTable.id }).from(placeTable).where(eq(placeTable.code, code));
  return row !== undefined;
}
