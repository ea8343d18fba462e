// The register's list: its filters, order, paging, cached totals, summaries and the overview's counts.
import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import { addDays } from "../../shared/today";
import { placeTable } from "../places/places.table";
import { buildTextSearch, type TextSearch } from "./agreement-search.store";
import { daysUntil, effectiveStatus } from "./agreement-status";
import type {
  AgreementKind,
  AgreementListQuery,
  AgreementStatus,
  AgreementSummary,
  Party,
  SearchCorrection,
} from "./agreements.schema";
import { type AgreementRecord, type PlaceFacts, placeFactsColumns, placeFactsOf } from "./agreements.store";
import { agreementSearchTable, agreementTable, agreementThemeTable } from "./agreements.table";

export const STATUSES_THAT_EXPIRE = ["active", "under_revision"] as const;

// The list, its filters, and the overview's counts.

/** The status a reader sees today: an active or under-revision agreement past its end date is expired. */
export function effectiveStatusSql(today: string): SQL<string> {
  return sql<string>`case when ${agreementTable.status} in ('active', 'under_revision') and ${agreementTable.validUntil} < ${today}::date then 'expired' else ${agreementTable.status} end`;
}

/**
 * The same test as `effectiveStatusSql(today) = status`, written so that the index on status serves it
 * (the case expression would make every filtered list read every agreement).
 */
export function effectiveStatusIs(status: AgreementStatus, today: string): SQL {
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
export type PlaceFilter = { placeId: string; facts: PlaceFacts | null; inside?: PlaceInside };

/** A district's own area keys: the places directly in it, and whether one is an open RCS facility. */
export type PlaceInside = { childIds: string[]; hasOpenFacility: boolean };

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
  // A district's page also shows the agreements of the sectors and facilities in it: read with its facts, so the
  // whole list is one array value too (an array of its children built inside the query: 1.75 ms of database time
  // for Musanze's first page against 0.68 ms given as one value, issue 20's list ratio).
  const { inside } = filter;
  if (facts.kind === "district" && inside) {
    keys.push(...inside.childIds);
    if (inside.hasOpenFacility) keys.push("set:all_correctional_facilities");
  }
  const wanted = sql`${sql.param([...new Set(keys)])}::text[]`;
  if (facts.kind !== "district" || inside) return sql`${agreementTable.areaKeys} && ${wanted}`;
  return sql`${agreementTable.areaKeys} && (${wanted}
    || array(select p.id::text from place p where p.parent_id = ${facts.id})
    || case when exists (select 1 from place f where f.parent_id = ${facts.id} and f.kind = 'place_of_detention'
         and f.operator = 'RCS' and f.is_open) then array['set:all_correctional_facilities'] else '{}'::text[] end)`;
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

// 0 until the counter first moves: a new sequence's last_value is 1 both before and after its first nextval.
const changeStamp = sql<string>`(select (case when is_called then last_value else 0 end)::text from agreement_list_change_seq)`;

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
): Promise<{ facts: PlaceFacts | null; inside: PlaceInside; stamp: string }> {
  const rows = await db
    .select({
      ...placeFactsColumns,
      stamp: changeStamp,
      // "place"."id" written out: drizzle leaves a column of the selected table unqualified here, and inside the
      // subquery it would name the subquery's own place.
      childIds: sql<string[]>`array(select c.id::text from place c where c.parent_id = "place"."id")`,
      hasOpenFacility: sql<boolean>`exists (select 1 from place f where f.parent_id = "place"."id"
        and f.kind = 'place_of_detention' and f.operator = 'RCS' and f.is_open)`,
    })
    .from(placeTable)
    .where(eq(placeTable.id, placeId));
  const r = rows[0];
  if (!r)
    return {
      facts: null,
      inside: { childIds: [], hasOpenFacility: false },
      stamp: await readChangeStamp(db),
    };
  return {
    facts: placeFactsOf(r),
    inside: { childIds: r.childIds, hasOpenFacility: r.hasOpenFacility },
    stamp: r.stamp,
  };
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
): Promise<{ items: AgreementSummary[]; total: number; stamp: string; corrections?: SearchCorrection[] }> {
  const search = query.q ? await buildTextSearch(db, query.q) : null;
  const { where } = listConditions(query, today, place, null);
  const { limit: _limit, offset: _offset, sort: _sort, ...filters } = query;
  const totalKey = JSON.stringify([today, place?.placeId ?? null, filters]);
  if (search) {
    const page = await selectSearched(db, query, today, search, where, totalKey);
    return { ...page, corrections: search.corrections };
  }
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
