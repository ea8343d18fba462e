// The only file with occupancy queries: a place's figures, one figure, the national table (one query), the import's
// look-ups (places of detention by name and alias, figures already stored for a place, day and source).
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import { placeTable } from "../places/places.table";
import { placeOccupancyTable } from "./monitoring.table";
import type { NationalOccupancyQuery, NationalOccupancyRow, OccupancyFigure } from "./occupancy.schema";
import { isOvercrowded, occupancyRate } from "./occupancy-rate";

const t = placeOccupancyTable;
type FigureRow = typeof placeOccupancyTable.$inferSelect;

export function toFigure(row: FigureRow): OccupancyFigure {
  const rated = occupancyRate(row);
  return {
    id: row.id,
    placeId: row.placeId,
    asOf: row.asOf,
    capacity: row.capacity,
    population: row.population,
    men: row.men,
    women: row.women,
    minors: row.minors,
    publishedRate: row.publishedRate,
    rate: rated?.rate ?? null,
    rateKind: rated?.rateKind ?? null,
    source: row.source,
    version: row.version,
  };
}

export type OccupancyPlace = {
  id: string;
  name: string;
  kind: string;
  capacity: number | null;
};

export async function selectOccupancyPlace(db: Executor, placeId: string): Promise<OccupancyPlace | null> {
  const [row] = await db
    .select({
      id: placeTable.id,
      name: placeTable.name,
      kind: placeTable.kind,
      capacity: placeTable.capacity,
    })
    .from(placeTable)
    .where(eq(placeTable.id, placeId));
  return row ?? null;
}

/** A place's figures, oldest first (same day: in the order they were recorded). */
export async function selectFigures(db: Executor, placeId: string): Promise<OccupancyFigure[]> {
  const rows = await db
    .select()
    .from(t)
    .where(eq(t.placeId, placeId))
    .orderBy(asc(t.asOf), asc(t.createdAt), asc(t.id));
  return rows.map(toFigure);
}

export async function selectFigure(
  db: Executor,
  placeId: string,
  figureId: string,
  options: { forUpdate?: boolean } = {},
): Promise<OccupancyFigure | null> {
  const query = db
    .select()
    .from(t)
    .where(and(eq(t.id, figureId), eq(t.placeId, placeId)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ? toFigure(row) : null;
}

export type FigureValues = {
  asOf: string;
  capacity: number | null;
  population: number | null;
  men: number | null;
  women: number | null;
  minors: number | null;
  publishedRate: number | null;
  source: string;
};

export async function insertFigure(db: Executor, placeId: string, values: FigureValues): Promise<string> {
  const [row] = await db
    .insert(t)
    .values({ placeId, ...values })
    .returning({ id: t.id });
  if (!row) throw new Error("could not store the occupancy figure");
  return row.id;
}

export async function updateFigureRow(
  db: Executor,
  figureId: string,
  expectedVersion: number,
  values: FigureValues,
): Promise<boolean> {
  const rows = await db
    .update(t)
    .set({ ...values, ...nextVersion(t) })
    .where(atVersion(t, figureId, expectedVersion))
    .returning({ id: t.id });
  return rows.length === 1;
}

export async function deleteFigureRow(
  db: Executor,
  figureId: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(t)
    .where(atVersion(t, figureId, expectedVersion))
    .returning({ id: t.id });
  return rows.length === 1;
}

/** The figure a source gave for a place on a day (the table's unique key), for an import that replaces it. */
export async function selectFiguresByKeys(
  db: Executor,
  placeIds: readonly string[],
): Promise<Map<string, OccupancyFigure>> {
  if (placeIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(t)
    .where(inArray(t.placeId, [...new Set(placeIds)]));
  return new Map(rows.map((r) => [figureKey(r.placeId, r.asOf, r.source), toFigure(r)]));
}

export const figureKey = (placeId: string, asOf: string, source: string) =>
  `${placeId}\u0001${asOf}\u0001${source}`;

/** Every place of detention with its names and aliases, for matching an import's facility names. */
export async function selectPlacesOfDetention(
  db: Executor,
): Promise<{ id: string; name: string; names: { en: string; fr: string; rw: string }; aliases: string[] }[]> {
  return db
    .select({
      id: placeTable.id,
      name: placeTable.name,
      names: placeTable.names,
      aliases: placeTable.aliases,
    })
    .from(placeTable)
    .where(eq(placeTable.kind, "place_of_detention"))
    .orderBy(asc(placeTable.code));
}

type NationalSqlRow = {
  place_id: string;
  place_name: string;
  district_name: string | null;
  operator: string | null;
  facility_kind: string | null;
  is_open: boolean;
  figure_id: string | null;
  as_of: string | null;
  capacity: number | null;
  population: number | null;
  men: number | null;
  women: number | null;
  minors: number | null;
  published_rate: string | number | null;
  source: string | null;
  version: number | null;
};

/**
 * Each place of detention (open, or closed with a figure) with its latest figure on or before the day asked, ranked
 * by rate (the published one, else population ÷ capacity), highest first. One statement: DISTINCT ON picks the
 * latest figure per place.
 */
export async function selectNationalOccupancy(
  db: Executor,
  query: NationalOccupancyQuery,
): Promise<NationalOccupancyRow[]> {
  const filters: SQL[] = [sql`p.kind = 'place_of_detention'`, sql`(p.is_open or l.id is not null)`];
  if (query.operator) filters.push(sql`p.operator = ${query.operator}`);
  if (query.facilityKind) filters.push(sql`p.facility_kind = ${query.facilityKind}`);
  const rows = await queryRows<NationalSqlRow>(
    db,
    sql`with l as (
      select distinct on (o.place_id) o.*
      from ${t} o
      ${query.asOf ? sql`where o.as_of <= ${query.asOf}` : sql``}
      order by o.place_id, o.as_of desc, o.updated_at desc, o.id desc
    )
    select p.id as place_id, p.name as place_name, d.name as district_name, p.operator, p.facility_kind,
      p.is_open, l.id as figure_id, to_char(l.as_of, 'YYYY-MM-DD') as as_of, l.capacity, l.population, l.men,
      l.women, l.minors, l.published_rate, l.source, l.version
    from ${placeTable} p
    left join l on l.place_id = p.id
    left join ${placeTable} d on d.id = p.parent_id
    where ${sql.join(filters, sql` and `)}
    order by coalesce(l.published_rate, round(l.population * 100.0 / nullif(l.capacity, 0), 1)) desc nulls last,
      p.name asc`,
  );
  return rows.map((r) => {
    const figure =
      r.figure_id !== null && r.as_of !== null && r.source !== null && r.version !== null
        ? toFigure({
            id: r.figure_id,
            placeId: r.place_id,
            asOf: r.as_of,
            capacity: r.capacity,
            population: r.population,
            men: r.men,
            women: r.women,
            minors: r.minors,
            publishedRate: r.published_rate === null ? null : Number(r.published_rate),
            source: r.source,
            version: r.version,
            createdAt: new Date(0),
            updatedAt: new Date(0),
          })
        : null;
    return {
      placeId: r.place_id,
      placeName: r.place_name,
      districtName: r.district_name,
      operator: r.operator as NationalOccupancyRow["operator"],
      facilityKind: r.facility_kind as NationalOccupancyRow["facilityKind"],
      isOpen: r.is_open,
      figure,
      overcrowded: isOvercrowded(figure?.rate ?? null),
    };
  });
}
