// The agreements source of the 3W view: one query returning each working agreement with its parties, themes and areas.
import { inArray, type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import type { AgreementStatus, PartyRole, PlaceSet } from "../agreements/agreements.schema";
import {
  agreementAreaTable,
  agreementPartyTable,
  agreementTable,
  agreementThemeTable,
} from "../agreements/agreements.table";
import { organisationTable } from "../organisations/organisations.table";
import type { ActivityQuery, ActivityRecord } from "./coordination-sources";

/**
 * Agreements that are working: active or under revision, or expired with a known end date (then the period
 * decides). Drafts, negotiations and terminated agreements are nobody's presence on the ground.
 */
const WORKING = sql`(${agreementTable.status} in ('active', 'under_revision') or (${agreementTable.status} = 'expired' and ${agreementTable.validUntil} is not null))`;

type Row = {
  id: string;
  title: string;
  status: AgreementStatus;
  valid_from: string | null;
  valid_until: string | null;
  keeper_organisation_id: string | null;
};
type PartyRow = {
  agreement_id: string;
  id: string;
  name: string;
  acronym: string | null;
  kind: string;
  role: PartyRole;
};

function groupBy<R extends { agreement_id: string }, T>(
  rows: readonly R[],
  map: (row: R) => T,
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.agreement_id);
    if (list) list.push(map(row));
    else out.set(row.agreement_id, [map(row)]);
  }
  return out;
}

export async function selectAgreementActivities(
  db: Executor,
  query: ActivityQuery,
): Promise<ActivityRecord[]> {
  const a = agreementTable;
  const conditions: SQL[] = [
    WORKING,
    sql`(${a.validFrom} is null or ${a.validFrom} <= ${query.to}::date)`,
    sql`(${a.validUntil} is null or ${a.validUntil} >= ${query.from}::date)`,
  ];
  if (query.themes && query.themes.length > 0) {
    conditions.push(
      sql`exists (select 1 from ${agreementThemeTable} where ${agreementThemeTable.agreementId} = ${a.id} and ${inArray(agreementThemeTable.themeCode, [...query.themes])})`,
    );
  }
  if (query.areas) {
    const matches: SQL[] = [];
    if (query.areas.placeIds.length > 0)
      matches.push(inArray(agreementAreaTable.placeId, [...query.areas.placeIds]));
    if (query.areas.sets.length > 0)
      matches.push(inArray(agreementAreaTable.placeSet, [...query.areas.sets]));
    if (matches.length === 0) return [];
    conditions.push(
      sql`exists (select 1 from ${agreementAreaTable} where ${agreementAreaTable.agreementId} = ${a.id} and (${sql.join(matches, sql` or `)}))`,
    );
  }
  if (query.organisationId) {
    conditions.push(
      sql`exists (select 1 from ${agreementPartyTable} where ${agreementPartyTable.agreementId} = ${a.id} and ${agreementPartyTable.organisationId} = ${query.organisationId})`,
    );
  }
  const where = sql.join(conditions, sql` and `);
  // Four flat queries rather than one with correlated json subqueries: the planner's cost estimate for
  // the latter crosses PostgreSQL's JIT threshold, and compiling it costs more than running it (issue 5 bench).
  const selected = sql`(select ${a.id} from ${a} where ${where})`;
  const [rows, parties, themes, areas] = await Promise.all([
    queryRows<Row>(
      db,
      // Dates as text: node-postgres would turn them into local-midnight Dates, a day off east of UTC.
      sql`select ${a.id} as id, ${a.title} as title, ${a.status} as status, ${a.validFrom}::text as valid_from,
        ${a.validUntil}::text as valid_until, ${a.keeperOrganisationId} as keeper_organisation_id
        from ${a} where ${where}`,
    ),
    queryRows<PartyRow>(
      db,
      sql`select p.agreement_id, o.id, o.name, o.acronym, o.kind, p.role
        from ${agreementPartyTable} p join ${organisationTable} o on o.id = p.organisation_id
        where p.agreement_id in ${selected} order by o.name`,
    ),
    queryRows<{ agreement_id: string; theme_code: string }>(
      db,
      sql`select t.agreement_id, t.theme_code from ${agreementThemeTable} t
        where t.agreement_id in ${selected} order by t.theme_code`,
    ),
    queryRows<{ agreement_id: string; place_id: string | null; place_set: PlaceSet | null }>(
      db,
      sql`select ar.agreement_id, ar.place_id, ar.place_set from ${agreementAreaTable} ar
        where ar.agreement_id in ${selected}`,
    ),
  ]);
  const partiesOf = groupBy(parties, (p) => ({
    id: p.id,
    name: p.name,
    acronym: p.acronym,
    kind: p.kind,
    role: p.role,
  }));
  const themesOf = groupBy(themes, (t) => t.theme_code);
  const areasOf = groupBy(areas, (ar) => ({ placeId: ar.place_id, placeSet: ar.place_set }));
  return rows.map((r) => {
    const parties = partiesOf.get(r.id) ?? [];
    // The keeping institution (RCS in its own register) is party to everything; its partners are the 3W.
    const partners = parties.filter((p) => p.id !== r.keeper_organisation_id);
    return {
      source: "agreement" as const,
      id: r.id,
      title: r.title,
      status: r.status,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      organisations: partners.length > 0 ? partners : parties,
      themes: themesOf.get(r.id) ?? [],
      areas: areasOf.get(r.id) ?? [],
    };
  });
}
